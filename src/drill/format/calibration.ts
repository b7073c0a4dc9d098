/** The `--record` comparison: estimate vs measured per step and component, and suggested overrides (text or JSON). */
import { stringify } from 'yaml';
import { UsageError } from '../../errors';
import { formatSeconds } from '../estimate';
import type { Calibration } from '../record';

const range = (e: { best: number | null; typical: number | null; worst: number | null }): string => `${formatSeconds(e.best)} / ${formatSeconds(e.typical)} / ${formatSeconds(e.worst)}`;

export function formatCalibration(c: Calibration, format: string): string {
  if (format === 'json') return `${JSON.stringify(c, null, 2)}\n`;
  if (format !== 'text') throw new UsageError(`--record prints text or json, not ${format}`);
  const out: string[] = [];
  out.push(`Drill of ${c.drill.date} (${c.scenario}${c.drill.fisExperiment ? `, FIS ${c.drill.fisExperiment}` : ''}) against the estimate · ${c.history} recorded drill${c.history === 1 ? '' : 's'} of this scenario`, '');
  if (c.steps.length > 0) {
    out.push('STEP  ESTIMATE (best / typical / worst)   MEASURED   VERDICT');
    for (const s of c.steps) out.push(`${String(s.step).padStart(4)}  ${range(s.estimate).padEnd(33)}  ${formatSeconds(s.measured).padEnd(9)}  ${s.verdict}  ${s.action.slice(0, 80)}`);
    out.push('');
  }
  if (c.components.length > 0) {
    out.push('COMPONENT  WHAT  ESTIMATE (best / typical / worst)  MEASURED  VERDICT');
    for (const x of c.components) out.push(`${x.resource}  ${x.what}  ${range(x.estimate)}  ${formatSeconds(x.measured)}  ${x.verdict}`);
    out.push('');
  }
  out.push(c.beyondWorst === 0 ? 'Every measurement is within the estimated worst case.' : `${c.beyondWorst} measurement${c.beyondWorst === 1 ? ' is' : 's are'} beyond the estimated worst case: the estimate is optimistic.`);
  if (c.suggestions.length > 0) {
    const constants: Record<string, { typical: string; worst: string; source: string }> = {};
    for (const s of c.suggestions) constants[s.constant] = { typical: formatSeconds(s.typical).replace(/ /g, ''), worst: formatSeconds(s.worst).replace(/ /g, ''), source: s.source };
    out.push('', 'Suggested overrides (config file):', '', stringify({ drill: { constants } }).trimEnd());
  }
  return `${out.join('\n')}\n`;
}
