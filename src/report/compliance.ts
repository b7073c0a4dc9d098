/** Renders the compliance view (`check --report compliance`) as text, JSON or Markdown. */
import type { ComplianceView, ControlRow } from '../check/compliance';
import { UsageError } from '../errors';

export const COMPLIANCE_FORMATS = ['text', 'json', 'markdown'] as const;

function ruleList(row: ControlRow): string {
  return row.rules.map((r) => `${r.id}${r.status === 'fail' ? ` ✗${r.findings}` : r.status === 'not-evaluated' ? ' –' : ' ✓'}${r.waived ? ` (${r.waived} waived)` : ''}`).join(', ');
}

/** Usage error for a format the compliance view cannot render (checked before evaluating). */
export function assertComplianceFormat(format: string): void {
  if (!(COMPLIANCE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`the compliance report has no "${format}" format`, { hint: `expected one of ${COMPLIANCE_FORMATS.join(', ')}` });
  }
}

export function renderCompliance(view: ComplianceView, format: string): string {
  assertComplianceFormat(format);
  const s = view.summary;
  const head = `${view.controls.length} controls: ${s.fail} fail, ${s.pass} pass, ${s['not-evaluated']} not evaluated`;
  switch (format) {
    case 'json':
      return `${JSON.stringify(view, null, 2)}\n`;
    case 'text': {
      const lines: string[] = [];
      let fw = '';
      for (const c of view.controls) {
        if (c.framework !== fw) {
          fw = c.framework;
          lines.push('', fw);
        }
        lines.push(`  ${c.status.toUpperCase().padEnd(13)} ${(c.control + (c.verified ? '' : ' (unverified)')).padEnd(24)} ${ruleList(c)}`);
      }
      return `${lines.slice(1).join('\n')}\n\n${head}\n`;
    }
    case 'markdown': {
      const lines = ['## crm-guard compliance view', '', head, ''];
      let fw = '';
      for (const c of view.controls) {
        if (c.framework !== fw) {
          fw = c.framework;
          lines.push('', `### ${fw}`, '', '| control | status | rules |', '| --- | --- | --- |');
        }
        lines.push(`| ${c.control}${c.verified ? '' : ' _(unverified)_'} | ${c.status === 'fail' ? '❌ fail' : c.status === 'pass' ? '✅ pass' : '➖ not evaluated'} | ${ruleList(c)} |`);
      }
      return `${lines.join('\n')}\n`;
    }
    default:
      throw new UsageError(`the compliance report has no "${format}" format`);
  }
}
