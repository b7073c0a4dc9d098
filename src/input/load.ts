/**
 * Resolves the PATH arguments of `check`/`drill` into normalized models, one per stack.
 * Formats are detected from content (src/input/formats.ts), or forced with `inputFormat`.
 */
import { InputError, UsageError } from '../errors';
import type { NormalizedModel } from '../model/types';
import { getInputFormat, loadSource, readSource, type InputFormatChoice } from './formats';
import type { ModuleOptions } from './source';
import { DEFAULT_MAX_INPUT_BYTES } from './read-json';

export { parseMaxInputBytes, parseTimeBudget } from './limits';

export interface LoadOptions extends Omit<ModuleOptions, 'maxBytes'> {
  /** Reads standard input for the path `-`. */
  readStdin?: (maxBytes: number) => string;
  /** `auto` (default) detects each input's format from its content; a format name forces it. */
  inputFormat?: InputFormatChoice;
  /** Size limit of each input file, in bytes (default 512 MiB); a larger file is an input error. */
  maxInputBytes?: number;
  /**
   * The file the content of standard input (`-`) stands for (`--stdin-filename`): findings are
   * located in it (reports, SARIF) instead of in `<stdin>`, which no repository holds.
   */
  stdinName?: string;
}

export async function loadInputs(paths: readonly string[], options: LoadOptions = {}): Promise<NormalizedModel[]> {
  if (paths.length === 0) {
    throw new InputError('no input given', { hint: 'pass a cdktf.out directory, a cdk.tf.json file, a plan JSON file, a directory of .tf files, or - for JSON on stdin' });
  }
  const format = options.inputFormat ?? 'auto';
  if (format !== 'auto') getInputFormat(format);
  const unavailable = options.unavailableModules ?? 'error';
  if (unavailable !== 'error' && unavailable !== 'finding') {
    throw new UsageError(`unavailableModules must be "error" or "finding", not ${JSON.stringify(unavailable)}`);
  }
  const maxBytes = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new UsageError(`invalid input size limit ${JSON.stringify(options.maxInputBytes)}`, { hint: 'expected a positive whole number of bytes' });
  }
  const stdinName = options.stdinName;
  if (stdinName !== undefined) {
    if (typeof stdinName !== 'string' || stdinName.trim() === '' || stdinName === '-') throw new UsageError(`invalid stdin file name ${JSON.stringify(stdinName)}`, { hint: 'expected the path of the file the standard input stands for, e.g. plan.json' });
    if (!paths.includes('-')) throw new UsageError('a stdin file name is given, but no input is read from standard input (-)', { hint: 'pass - as the input, or leave out --stdin-filename' });
  }
  const models: NormalizedModel[] = [];
  const moduleOptions: ModuleOptions = {
    unavailableModules: unavailable,
    ...(options.variables ? { variables: options.variables } : {}),
    ...(options.varFiles ? { varFiles: options.varFiles } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.onNormalized ? { onNormalized: options.onNormalized } : {}),
  };
  for (const p of paths) models.push(...(await loadSource(readSource(p, options.readStdin, maxBytes, stdinName), format, moduleOptions)));
  const seen = new Map<string, string>();
  for (const m of models) {
    const prev = seen.get(m.stack);
    if (prev !== undefined) {
      throw new InputError(`stack name "${m.stack}" is given twice (also from ${prev}); findings are keyed by stack, so each stack must be checked once`, { file: m.source });
    }
    seen.set(m.stack, m.source);
  }
  return models;
}
