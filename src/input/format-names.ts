/**
 * The names of the input formats, in detection order, for `--input-format` and its help. Kept
 * apart from the registry (formats.ts), which loads every format's reader, so the CLI can describe
 * its options without loading them; formats.ts checks the two lists agree.
 */
import type { InputFormat } from '../model/types';

export const INPUT_FORMATS: readonly InputFormat[] = ['cdktf', 'plan', 'hcl'];
/** Values of `--input-format`. */
export const INPUT_FORMAT_CHOICES = ['auto', ...INPUT_FORMATS] as const;
export type InputFormatChoice = 'auto' | InputFormat;
