import { createColors } from 'picocolors';
import type { Finding, Report } from '../check/report';
import { SEVERITIES, type Severity } from '../engine/catalog';
import { statusTags, WAIVER_STATUS_TEXT } from './finding-status';
import type { Formatter } from './types';

type Colors = ReturnType<typeof createColors>;

/** A readable table grouped by stack, then severity: rule, resource, message, fix; then waivers and baseline. */
export const textFormatter: Formatter = {
  name: 'text',
  format(report, { color }) {
    const c = createColors(color);
    const paint: Record<Severity, (s: string) => string> = {
      critical: (s) => c.bold(c.red(s)),
      high: c.red,
      medium: c.yellow,
      low: c.cyan,
    };
    const lines: string[] = [];
    const stacks = [...new Set(report.findings.map((f) => f.stack))];
    for (const stack of stacks) {
      const inStack = report.findings.filter((f) => f.stack === stack);
      lines.push(c.bold(`Stack ${stack}`) + c.dim(` (${inStack.length} finding${inStack.length === 1 ? '' : 's'})`));
      for (const sev of SEVERITIES) {
        const group = inStack.filter((f) => f.severity === sev);
        if (group.length === 0) continue;
        lines.push(`  ${paint[sev](sev.toUpperCase())} (${group.length})`);
        for (const f of group) lines.push(...findingLines(f, c));
      }
      lines.push('');
    }
    lines.push(...gateLines(report, c));
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

function findingLines(f: Finding, c: Colors): string[] {
  const where = f.origin.constructPath ? ` ${c.dim(`(${f.origin.constructPath})`)}` : '';
  const tags = statusTags(f)
    .filter((t) => t !== 'blocking')
    .map((t) => c.magenta(`[${t}]`));
  return [
    `    ${c.bold(f.ruleId)}  ${f.resource}${where} ${tags.join(' ')}`.trimEnd(),
    `      ${f.message}`,
    `      ${c.dim('fix:')} ${f.remediation}`,
  ];
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
