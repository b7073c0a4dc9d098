/**
 * `--format F [--output FILE]`, repeatable: which reports one `check` run writes, and where. Each
 * --format pairs with the --output that follows it; a --format without one goes to stdout, and only
 * one report may. A single --format and a single --output pair in either order. Every format name
 * is checked against the registry before anything is evaluated.
 */
import * as path from 'node:path';
import { UsageError } from '../errors';
import { getFormatter } from '../report/registry';

export interface ReportTarget {
  format: string;
  /** Absent: standard output. */
  output?: string;
}

export type TargetArg = { kind: 'format' | 'output'; value: string };

export function resolveTargets(args: readonly TargetArg[]): ReportTarget[] {
  const formats = args.filter((a) => a.kind === 'format');
  const outputs = args.filter((a) => a.kind === 'output');
  let targets: ReportTarget[];
  if (formats.length <= 1 && outputs.length <= 1) {
    targets = [{ format: formats[0]?.value ?? 'text', ...(outputs[0] ? { output: outputs[0].value } : {}) }];
  } else {
    targets = [];
    for (const a of args) {
      if (a.kind === 'format') {
        targets.push({ format: a.value });
        continue;
      }
      const last = targets[targets.length - 1];
      if (!last || last.output !== undefined) {
        throw new UsageError(`--output ${a.value} does not follow a --format`, { hint: 'write each report as --format NAME --output FILE' });
      }
      last.output = a.value;
    }
  }
  for (const t of targets) getFormatter(t.format);
  const toStdout = targets.filter((t) => t.output === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`${toStdout.length} reports would go to standard output (${toStdout.map((t) => t.format).join(', ')})`, {
      hint: 'give every --format but one an --output FILE',
    });
  }
  const seen = new Set<string>();
  for (const t of targets) {
    if (t.output === undefined) continue;
    const key = path.resolve(t.output);
    if (seen.has(key)) throw new UsageError(`two reports are written to ${t.output}`, { hint: 'give each --format its own --output file' });
    seen.add(key);
  }
  return targets;
}
