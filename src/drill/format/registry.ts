/** The one list of drill report formats. An unknown name is an error, never a fallback. */
import { UsageError } from '../../errors';
import { DRILL_FORMAT_NAMES } from './names';
import { jsonFormatter } from './json';
import { markdownFormatter } from './markdown';
import { textFormatter } from './text';
import type { DrillFormatter } from './types';

const formatters: readonly DrillFormatter[] = [textFormatter, jsonFormatter, markdownFormatter];

if (formatters.map((f) => f.name).join() !== DRILL_FORMAT_NAMES.join()) {
  throw new Error(`drill formats ${formatters.map((f) => f.name).join(', ')} differ from DRILL_FORMAT_NAMES (${DRILL_FORMAT_NAMES.join(', ')})`);
}

export { DRILL_FORMAT_NAMES };

export function getDrillFormatter(name: string): DrillFormatter {
  const f = formatters.find((x) => x.name === name);
  if (!f) throw new UsageError(`unknown drill format "${name}"`, { hint: `expected one of ${DRILL_FORMAT_NAMES.join(', ')}` });
  return f;
}
