/** The one list of report formats. An unknown name is an error, never a fallback. */
import { UsageError } from '../errors';
import { githubFormatter } from './github';
import { gitlabFormatter } from './gitlab';
import { jsonFormatter } from './json';
import { junitFormatter } from './junit';
import { markdownFormatter } from './markdown';
import { sarifFormatter } from './sarif';
import { textFormatter } from './text';
import type { Formatter } from './types';

const formatters: readonly Formatter[] = [textFormatter, jsonFormatter, sarifFormatter, junitFormatter, markdownFormatter, githubFormatter, gitlabFormatter];

export const FORMAT_NAMES: readonly string[] = formatters.map((f) => f.name);

export function getFormatter(name: string): Formatter {
  const f = formatters.find((x) => x.name === name);
  if (!f) throw new UsageError(`unknown format "${name}"`, { hint: `expected one of ${FORMAT_NAMES.join(', ')}` });
  return f;
}
