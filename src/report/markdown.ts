/**
 * Markdown for a pull-request comment, bounded: GitHub rejects a comment over 65,536 characters, so
 * the output never exceeds a budget (default 60,000, ./github-limits.ts). Always present: the
 * verdict with the blocking count, counts by severity, the top rules, and waivers needing attention.
 * Then one table of findings, new first (with a baseline), then blocking, then by severity, and
 * the per-finding <details> (message, fix, location, controls) while they fit. What does not fit is
 * counted in a closing line pointing at the SARIF/JSON artifact. Output is cut only between whole
 * blocks (table rows, <details> elements, sections), never inside Markdown.
 */
import { bundleLine } from './bundle-identity';
import { changeSafetyNote, type Finding, type Report } from '../check/report';
import { SEVERITIES, severityRank, type Severity } from '../engine/catalog';
import { statusTags, WAIVER_STATUS_TEXT, whereOf } from './finding-status';
import { MARKDOWN_DEFAULT_BUDGET } from './github-limits';
import type { Formatter } from './types';
import { printableDeep } from './printable';

/** Rows of the top-rules table. */
const TOP_RULES = 10;
/** Rows of the waivers-needing-attention and fixed-in-baseline lists before they are counted instead. */
const LIST_ROWS = 25;
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
    `${f.origin.constructPath ? `Construct ${code(f.origin.constructPath)} · ` : ''}${code(f.location ? `${f.location.file}:${f.location.line}` : whereOf(f))} · ${f.severity}, ${f.enforcement}${controls ? ` · ${md(controls)}` : ''}`,
  ];
  if (f.waiver) lines.push('', `Waiver ${code(f.waiver.id)} (${f.waiver.outcome}): ${md(f.waiver.reason)}, owner ${md(f.waiver.owner)}, expires ${f.waiver.expires}`);
  lines.push('', '</details>', '');
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** New (against a baseline) first, then blocking, then by severity; report order otherwise. */
function prioritized(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        Number(b.f.baseline === 'new') - Number(a.f.baseline === 'new') ||
        Number(b.f.blocking) - Number(a.f.blocking) ||
        severityRank(a.f.severity) - severityRank(b.f.severity) ||
        a.i - b.i,
    )
    .map((x) => x.f);
}

function head(report: Report): string[] {
  const s = report.summary;
  const out: string[] = [];
  out.push(s.blocking > 0 ? `## ❌ crm-guard: ${plural(s.blocking, 'blocking finding')}` : `## ✅ crm-guard: no blocking findings`, '');
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
    `${s.rules} rules over ${s.resources} resources in ${plural(s.stacks, 'stack')}`,
    `hard-mandatory waivers ${s.allowHardMandatoryWaivers ? '**allowed** (`allow_hard_mandatory_waivers: true`)' : 'not allowed'}`,
  ];
  if (report.baseline) facts.push(`baseline ${code(report.baseline.file)}: ${s.new} new, ${s.findings - (s.new ?? 0)} existing, ${s.fixed} fixed`);
  if (report.waivers.length > 0) facts.push(`waivers: ${report.waivers.filter((w) => w.status === 'used').length} used, ${s.expired} expired, ${s.unusedWaivers} unused, ${s.refusedWaivers} refused`);
  out.push(facts.join(' · '), '');
  const note = changeSafetyNote(report);
  if (note) out.push(`> ⚠️ ${md(note)}`, '');
  for (const b of report.bundles) out.push(`<sub>${bundleLine(b)}</sub>`, '');
  return out;
}

/** The rules with the most blocking (then total) findings. */
function topRules(report: Report): string[] {
  const by = new Map<string, { title: string; severity: Severity; findings: number; blocking: number; fresh: number }>();
  for (const f of report.findings) {
    const e = by.get(f.ruleId) ?? { title: f.title, severity: f.severity, findings: 0, blocking: 0, fresh: 0 };
    e.findings++;
    if (f.blocking) e.blocking++;
    if (f.baseline === 'new') e.fresh++;
    by.set(f.ruleId, e);
  }
  if (by.size === 0) return [];
  const rows = [...by.entries()].sort((a, b) => b[1].blocking - a[1].blocking || b[1].findings - a[1].findings || (a[0] < b[0] ? -1 : 1));
  const withNew = report.summary.new !== null;
  const out = [
    `### Top rules${rows.length > TOP_RULES ? ` (${TOP_RULES} of ${rows.length})` : ''}`,
    '',
    `| Rule | Severity | Findings | Blocking |${withNew ? ' New |' : ''} Title |`,
    `| --- | --- | ---: | ---: |${withNew ? ' ---: |' : ''} --- |`,
  ];
  for (const [id, e] of rows.slice(0, TOP_RULES)) {
    out.push(`| ${cell(id)} | ${SEVERITY_ICON[e.severity]} ${e.severity} | ${e.findings} | ${e.blocking} |${withNew ? ` ${e.fresh} |` : ''} ${cell(e.title)} |`);
  }
  out.push('');
  return out;
}

function findingRow(f: Finding, multiStack: boolean): string {
  const resource = multiStack ? `${code(f.resource)} in ${code(f.stack)}` : code(f.resource);
  const where = f.location ? `${f.location.file}:${f.location.line}` : whereOf(f);
  return `| ${statusCell(f)} | ${SEVERITY_ICON[f.severity]} ${f.severity} | ${cell(f.ruleId)} | ${resource} | ${code(where)} | ${cell(f.title)} |`;
}

/** The trailing sections (waivers needing attention, fixed baseline findings), each bounded. */
function tail(report: Report): string[] {
  const out: string[] = [];
  const attention = report.waivers.filter((w) => w.status !== 'used');
  if (attention.length > 0) {
    out.push('### Waivers needing attention', '', '| Waiver | Rule | Resource | Owner | Expires | Status |', '| --- | --- | --- | --- | --- | --- |');
    for (const w of attention.slice(0, LIST_ROWS)) {
      out.push(`| ${code(w.id)} | ${cell(w.rule)} | ${code(w.resource)}${w.stack ? ` in ${code(w.stack)}` : ''} | ${cell(w.owner)} | ${w.expires} | ⚠️ ${cell(WAIVER_STATUS_TEXT[w.status])} |`);
    }
    out.push('');
    if (attention.length > LIST_ROWS) out.push(`_${attention.length - LIST_ROWS} more waivers needing attention in the JSON artifact._`, '');
  }
  const fixed = report.baseline?.fixed ?? [];
  if (fixed.length > 0) {
    out.push(`<details><summary>🎉 ${plural(fixed.length, 'baseline finding')} fixed</summary>`, '');
    for (const e of fixed.slice(0, LIST_ROWS)) out.push(`- ${md(e.ruleId)} ${code(e.resource)} in ${code(e.stack)}`);
    if (fixed.length > LIST_ROWS) out.push(`- … and ${fixed.length - LIST_ROWS} more`);
    out.push('', '</details>', '');
  }
  return out;
}

/** Joined length of lines as they will be written (each followed by a newline). */
function size(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

/** Room kept for the closing "N more findings" line. */
const CLOSING_RESERVE = 200;

export function renderMarkdown(report: Report, budget: number = MARKDOWN_DEFAULT_BUDGET): string {
  const top = [...head(report), ...topRules(report)];
  const end = tail(report);
  const findings = prioritized(report.findings);
  const multiStack = new Set(report.findings.map((f) => f.stack)).size > 1;
  let used = size(top) + size(end) + CLOSING_RESERVE;
  const rows: string[] = [];
  const tableHead = ['### Findings', '', '| Status | Severity | Rule | Resource | Where | Finding |', '| --- | --- | --- | --- | --- | --- |'];
  if (findings.length > 0) used += size(tableHead) + 1;
  for (const f of findings) {
    const row = findingRow(f, multiStack);
    if (used + row.length + 1 > budget) break;
    rows.push(row);
    used += row.length + 1;
  }
  const blocks: string[][] = [];
  for (const f of findings.slice(0, rows.length)) {
    const block = details(f);
    if (used + size(block) > budget) break;
    blocks.push(block);
    used += size(block);
  }
  const out = [...top];
  if (rows.length > 0) out.push(...tableHead, ...rows, '');
  for (const b of blocks) out.push(...b);
  const notes: string[] = [];
  if (rows.length < findings.length) notes.push(`${findings.length - rows.length} more findings in the SARIF/JSON artifact`);
  if (blocks.length < rows.length) notes.push(`details of ${rows.length - blocks.length} listed findings are in the SARIF/JSON artifact`);
  if (notes.length > 0) out.push(`_${notes.join('; ')} (kept under ${budget} characters for a pull-request comment)._`, '');
  out.push(...end);
  const text = `${out.join('\n').trimEnd()}\n`;
  // The budget is below GitHub's limit by construction; a too-small budget still gets the summary.
  return text;
}

export const markdownFormatter: Formatter = {
  name: 'markdown',
  format(report, options) {
    return renderMarkdown(printableDeep(report), options.markdownBudget ?? MARKDOWN_DEFAULT_BUDGET);
  },
};
