import { createColors } from 'picocolors';
import type { Finding } from '../check/report';
import { SEVERITIES, type Severity } from '../engine/catalog';
import type { Formatter } from './types';

/** A readable table grouped by stack, then severity: rule, resource, message, fix. */
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
    const s = report.summary;
    const counts = SEVERITIES.map((sev) => `${s.bySeverity[sev]} ${sev}`).join(', ');
    const verdict = s.blocking > 0 ? c.red(c.bold(`FAIL: ${s.blocking} blocking`)) : c.green(c.bold('PASS'));
    lines.push(
      `${verdict} · ${s.findings} finding${s.findings === 1 ? '' : 's'} (${counts}; ${s.waived} waived) · ${s.rules} rules over ${s.resources} resources in ${s.stacks} stack${s.stacks === 1 ? '' : 's'} · fail-on ${s.failOn}`,
    );
    return `${lines.join('\n')}\n`;
  },
};

function findingLines(f: Finding, c: ReturnType<typeof createColors>): string[] {
  const where = f.origin.constructPath ? ` ${c.dim(`(${f.origin.constructPath})`)}` : '';
  const tags = [f.waived ? 'waived' : '', f.unverifiable ? 'unverifiable' : ''].filter(Boolean).map((t) => c.magenta(`[${t}]`));
  return [
    `    ${c.bold(f.ruleId)}  ${f.resource}${where} ${tags.join(' ')}`.trimEnd(),
    `      ${f.message}`,
    `      ${c.dim('fix:')} ${f.remediation}`,
  ];
}
