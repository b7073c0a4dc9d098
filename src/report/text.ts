import { createColors } from 'picocolors';
import { changeSafetyNote, type Finding, type Report } from '../check/report';
import { SEVERITIES, type Severity } from '../engine/catalog';
import { statusTags, WAIVER_STATUS_TEXT } from './finding-status';
import { repoPlace } from './location';
import type { Formatter } from './types';
import { printableDeep } from './printable';

type Colors = ReturnType<typeof createColors>;

/**
 * A readable list grouped by stack, then severity: rule, resource, `file:line`, message, fix; then
 * waivers and baseline, then the verdict. `compact` gives one line per finding, `quiet` the verdict
 * only; with a terminal `width`, long lines wrap (compact: are cut) to it.
 */
export const textFormatter: Formatter = {
  name: 'text',
  format(written, { color, compact, quiet, width }) {
    const report = printableDeep(written);
    const c = createColors(color);
    const paint: Record<Severity, (s: string) => string> = {
      critical: (s) => c.bold(c.red(s)),
      high: c.red,
      medium: c.yellow,
      low: c.cyan,
    };
    const lines: string[] = [];
    const stacks = quiet ? [] : [...new Set(report.findings.map((f) => f.stack))];
    if (compact) {
      for (const f of report.findings) lines.push(cut(compactLine(f, c, paint[f.severity]), width));
      if (report.findings.length > 0) lines.push('');
      stacks.length = 0;
    }
    for (const stack of stacks) {
      const inStack = report.findings.filter((f) => f.stack === stack);
      lines.push(c.bold(`Stack ${stack}`) + c.dim(` (${inStack.length} finding${inStack.length === 1 ? '' : 's'})`));
      for (const sev of SEVERITIES) {
        const group = inStack.filter((f) => f.severity === sev);
        if (group.length === 0) continue;
        lines.push(`  ${paint[sev](sev.toUpperCase())} (${group.length})`);
        for (const f of group) lines.push(...findingLines(f, c, width));
      }
      lines.push('');
    }
    if (!quiet) {
      lines.push(...gateLines(report, c));
      const note = changeSafetyNote(report);
      if (note) lines.push(c.yellow(`Note: ${note}`), '');
    }
    const s = report.summary;
    const counts = SEVERITIES.map((sev) => `${s.bySeverity[sev]} ${sev}`).join(', ');
    const verdict = s.blocking > 0 ? c.red(c.bold(`FAIL: ${s.blocking} blocking`)) : c.green(c.bold('PASS'));
    const baseline = s.new !== null ? ` · baseline: ${s.new} new, ${s.fixed} fixed` : '';
    lines.push(
      `${verdict} · ${s.findings} finding${s.findings === 1 ? '' : 's'} (${counts}; ${s.waived} waived) · ${s.rules} rules over ${s.resources} resources in ${s.stacks} stack${s.stacks === 1 ? '' : 's'} · fail-on ${s.failOn}${baseline}`,
    );
    return `${lines.join('\n')}\n`;
  },
};

function placeOf(f: Finding): string {
  const p = repoPlace(f);
  return `${p.file}:${p.line}`;
}

function findingLines(f: Finding, c: Colors, width?: number): string[] {
  const where = f.origin.constructPath ? ` ${c.dim(`(${f.origin.constructPath})`)}` : '';
  const tags = statusTags(f)
    .filter((t) => t !== 'blocking')
    .map((t) => c.magenta(`[${t}]`));
  return [
    `    ${c.bold(f.ruleId)}  ${f.resource}${where} ${tags.join(' ')}`.trimEnd() + `  ${c.cyan(placeOf(f))}`,
    ...wrap(f.message, '      ', width),
    ...wrap(`${c.dim('fix:')} ${f.remediation}`, '      ', width),
  ];
}

/** `file:line: SEVERITY RULE resource: message [tags]`, the shape editors and CI logs link. */
function compactLine(f: Finding, c: Colors, paint: (s: string) => string): string {
  const tags = statusTags(f).map((t) => `[${t}]`);
  return `${placeOf(f)}: ${paint(f.severity)} ${c.bold(f.ruleId)} ${f.resource}: ${f.message}${tags.length ? ` ${c.magenta(tags.join(' '))}` : ''}`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const visible = (s: string): number => s.replace(ANSI, '').length;

/** Words of `text` in lines of at most `width` visible columns, each starting with `indent`. */
export function wrap(text: string, indent: string, width?: number): string[] {
  if (!width || visible(indent + text) <= width) return [indent + text];
  const room = Math.max(20, width - indent.length);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && visible(line) + 1 + visible(word) > room) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}

/** A line cut to `width` visible columns with an ellipsis (compact lines stay one line). */
function cut(line: string, width?: number): string {
  if (!width || visible(line) <= width) return line;
  const plain = line.replace(ANSI, '');
  return `${plain.slice(0, Math.max(1, width - 1))}…`;
}

/** Waivers that need attention, the hard-mandatory flag, and what the baseline says is fixed. */
function gateLines(report: Report, c: Colors): string[] {
  const lines: string[] = [];
  const s = report.summary;
  if (report.waivers.length > 0 || s.allowHardMandatoryWaivers) {
    const used = report.waivers.filter((w) => w.status === 'used').length;
    const flag = s.allowHardMandatoryWaivers ? c.yellow('hard-mandatory waivers ALLOWED (allow_hard_mandatory_waivers)') : 'hard-mandatory waivers not allowed';
    lines.push(c.bold('Waivers') + ` ${used} used, ${s.expired} expired, ${s.unusedWaivers} unused, ${s.refusedWaivers} refused · ${flag}`);
    for (const w of report.waivers.filter((x) => x.status !== 'used')) {
      lines.push(`  ${c.magenta(w.status.toUpperCase())} ${w.id}: ${w.rule} on ${w.resource}${w.stack ? ` in ${w.stack}` : ''} (owner ${w.owner}, expires ${w.expires}): ${WAIVER_STATUS_TEXT[w.status]}`);
    }
    lines.push('');
  }
  if (s.ignoredInlineWaivers !== null) {
    lines.push(`${c.bold('Inline waivers')} ignored (inline_waivers: false): ${s.ignoredInlineWaivers} recorded in the checked input did not apply`, '');
  }
  if (report.baseline) {
    const b = report.baseline;
    lines.push(c.bold('Baseline') + ` ${b.file}: ${s.new} new, ${s.findings - (s.new ?? 0)} existing, ${b.fixed.length} fixed`);
    for (const e of b.fixed) lines.push(`  ${c.green('FIXED')} ${e.ruleId}  ${e.resource} (${e.stack})`);
    lines.push('');
  }
  return lines;
}
