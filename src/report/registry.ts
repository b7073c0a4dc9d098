/**
 * The one list of report formats. An unknown name is an error, never a fallback. Each format's
 * module is loaded when the format is used, so a run loads only the formats it writes.
 */
import { UsageError } from '../errors';
import type { Formatter } from './types';

// Required when first used (typed by `typeof import`), not imported at the top.
const formatters: Readonly<Record<string, () => Formatter>> = {
  text: () => (require('./text') as typeof import('./text')).textFormatter,
  json: () => (require('./json') as typeof import('./json')).jsonFormatter,
  sarif: () => (require('./sarif') as typeof import('./sarif')).sarifFormatter,
  junit: () => (require('./junit') as typeof import('./junit')).junitFormatter,
  markdown: () => (require('./markdown') as typeof import('./markdown')).markdownFormatter,
  github: () => (require('./github') as typeof import('./github')).githubFormatter,
  gitlab: () => (require('./gitlab') as typeof import('./gitlab')).gitlabFormatter,
};

export const FORMAT_NAMES: readonly string[] = Object.keys(formatters);

export function getFormatter(name: string): Formatter {
  const load = Object.hasOwn(formatters, name) ? formatters[name] : undefined;
  if (!load) throw new UsageError(`unknown format "${name}"`, { hint: `expected one of ${FORMAT_NAMES.join(', ')}` });
  const f = load();
  if (f.name !== name) throw new Error(`report registry: format "${name}" loads the formatter named "${f.name}"`);
  return f;
}
