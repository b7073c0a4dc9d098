/**
 * Markdown for a pull-request comment: the verdict, a summary table by severity, then the findings
 * grouped by stack (a table, and one collapsible <details> per finding with message, fix, location
 * and controls), then waivers that need attention and what the baseline says is fixed. Waived and
 * new-vs-baseline findings are marked in the tables. GitHub caps a comment at 65,536 characters:
 * past a budget the per-finding details are left out (the tables stay) and a note says so.
 */
import { bundleLine } from './bundle-identity';
import type { Finding, Report } from '../check/report';
import { SEVERITIES, severityRank, type Severity } from '../engine/catalog';
import { statusTags, WAIVER_STATUS_TEXT, whereOf } from './finding-status';
import type { Formatter } from './types';

const COMMENT_BUDGET = 60000;
const SEVERITY_ICON: Record<Severity, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦' };

/**
 * Markdown-safe text that keeps the messages' `code` spans: outside backticks `<`, `>` and `&` are
 * HTML-escaped; inside them text stays literal (entities would show as typed). In a table cell a
 * pipe is escaped as `\|`, which GFM honours inside code spans too.
 */
function md(s: string, table = false): string {
  return s
    .replace(/\r?\n/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part) => {
      const literal = part.length > 1 && part.startsWith('`') && part.endsWith('`');
      const text = literal ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      return table ? text.replace(/\|/g, '\\|') : text;
    })
    .join('');
}

function cell(s: string): string {
  return md(s, true);
}

/** Inline code as HTML, safe anywhere (entities are decoded inside HTML tags). */
function code(s: string): string {
  return `<code>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/\r?\n/g, ' ')}</code>`;
}

function statusCell(f: Finding): string {
  const parts: string[] = [];
  if (f.blocking) parts.push('🚫 **blocking**');
  else if (f.waived && f.waiver) parts.push(`✅ waived until ${f.waiver.expires} (${cell(f.waiver.owner)})`);
  else parts.push('⚪ not blocking');
  if (f.baseline === 'new') parts.push('🆕 **new**');
  if (f.baseline === 'existing') parts.push('existing');
  for (const t of statusTags(f)) if (!['blocking', 'new', 'existing'].includes(t) && !t.startsWith('waived until')) parts.push(cell(t));
  return parts.join(' · ');
}

function details(f: Finding): string[] {
  const controls = Object.entries(f.controls)
    .map(([fw, ids]) => `${fw} ${ids.map((c) => (c.verified ? c.id : `${c.id}?`)).join(', ')}`)
    .join(' · ');
  const lines = [
    `<details><summary>${SEVERITY_ICON[f.severity]} <b>${md(f.ruleId)}</b> ${code(f.resource)}: ${md(f.title)}</summary>`,
    '',
    md(f.message),
    '',
    `**Fix:** ${md(f.remediation)}`,
    '',
    `${f.origin.constructPath ? `Construct ${code(f.origin.constructPath)} · ` : ''}${code(whereOf(f))} · ${f.severity}, ${f.enforcement}${controls ? ` · ${md(controls)}` : ''}`,
  ];
  if (f.waiver) lines.push('', `Waiver ${code(f.waiver.id)} (${f.waiver.outcome}): ${md(f.waiver.reason)}, owner ${md(f.waiver.owner)}, expires ${f.waiver.expires}`);
  lines.push('', '</details>', '');
  return lines;
}

function render(report: Report, withDetails: boolean): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(
    s.blocking > 0
      ? `## ❌ crm-guard: ${s.blocking} blocking finding${s.blocking === 1 ? '' : 's'}`
      : `## ✅ crm-guard: no blocking findings`,
    '',
  );
  const cols = ['Severity', 'Findings', 'Blocking', 'Waived', ...(s.new !== null ? ['New'] : [])];
  out.push(`| ${cols.join(' | ')} |`, `| --- |${' ---: |'.repeat(cols.length - 1)}`);
  for (const sev of SEVERITIES) {
    const group = report.findings.filter((f) => f.severity === sev);
    const row = [`${SEVERITY_ICON[sev]} ${sev}`, group.length, group.filter((f) => f.blocking).length, group.filter((f) => f.waived).length];
    if (s.new !== null) row.push(group.filter((f) => f.baseline === 'new').length);
    out.push(`| ${row.join(' | ')} |`);
  }
  const total = ['**total**', s.findings, s.blocking, s.waived, ...(s.new !== null ? [s.new] : [])];
  out.push(`| ${total.join(' | ')} |`, '');
  const facts = [
    `fail-on \`${s.failOn}\``,
    `${s.rules} rules over ${s.resources} resources in ${s.stacks} stack${s.stacks === 1 ? '' : 's'}`,
    `hard-mandatory waivers ${s.allowHardMandatoryWaivers ? '**allowed** (`allow_hard_mandatory_waivers: true`)' : 'not allowed'}`,
  ];
  if (report.baseline) facts.push(`baseline ${code(report.baseline.file)}: ${s.new} new, ${s.findings - (s.new ?? 0)} existing, ${s.fixed} fixed`);
  if (report.waivers.length > 0) facts.push(`waivers: ${report.waivers.filter((w) => w.status === 'used').length} used, ${s.expired} expired, ${s.unusedWaivers} unused, ${s.refusedWaivers} refused`);
  out.push(facts.join(' · '), '');
  for (const b of report.bundles) out.push(`<sub>${bundleLine(b)}</sub>`, '');

  for (const stack of report.stacks) {
    // Blocking first, then by severity: what a reviewer must act on leads the table.
    const inStack = report.findings
      .filter((f) => f.stack === stack.name)
      .map((f, i) => ({ f, i }))
      .sort((a, b) => Number(b.f.blocking) - Number(a.f.blocking) || severityRank(a.f.severity) - severityRank(b.f.severity) || a.i - b.i)
      .map((x) => x.f);
    if (inStack.length === 0) continue;
    const blocking = inStack.filter((f) => f.blocking).length;
    out.push(`### Stack ${code(stack.name)}: ${inStack.length} finding${inStack.length === 1 ? '' : 's'}, ${blocking} blocking`, '');
    out.push('| Status | Severity | Rule | Resource | Finding |', '| --- | --- | --- | --- | --- |');
    for (const f of inStack) out.push(`| ${statusCell(f)} | ${SEVERITY_ICON[f.severity]} ${f.severity} | ${cell(f.ruleId)} | ${code(f.resource)} | ${cell(f.title)} |`);
    out.push('');
    if (withDetails) for (const f of inStack) out.push(...details(f));
  }
  if (!withDetails && report.findings.length > 0) out.push('_Per-finding details are left out to fit a comment; the SARIF and JSON reports carry them._', '');

  const attention = report.waivers.filter((w) => w.status !== 'used');
  if (attention.length > 0) {
    out.push('### Waivers needing attention', '', '| Waiver | Rule | Resource | Owner | Expires | Status |', '| --- | --- | --- | --- | --- | --- |');
    for (const w of attention) {
      out.push(`| ${code(w.id)} | ${cell(w.rule)} | ${code(w.resource)}${w.stack ? ` in ${code(w.stack)}` : ''} | ${cell(w.owner)} | ${w.expires} | ⚠️ ${cell(WAIVER_STATUS_TEXT[w.status])} |`);
    }
    out.push('');
  }
  if (report.baseline && report.baseline.fixed.length > 0) {
    out.push(`<details><summary>🎉 ${report.baseline.fixed.length} baseline finding${report.baseline.fixed.length === 1 ? '' : 's'} fixed</summary>`, '');
    for (const e of report.baseline.fixed) out.push(`- ${md(e.ruleId)} ${code(e.resource)} in ${code(e.stack)}`);
    out.push('', '</details>', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export const markdownFormatter: Formatter = {
  name: 'markdown',
  format(report) {
    const full = render(report, true);
    return full.length <= COMMENT_BUDGET ? full : render(report, false);
  },
};
