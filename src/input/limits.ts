/** The values of `--time-budget` and `--max-input-bytes`, parsed (kept light: the CLI defines its options with them). */
import { UsageError } from '../errors';

/** `--time-budget` value: seconds (a positive number) → milliseconds. */
export function parseTimeBudget(text: string): number {
  const s = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(s) || s <= 0) throw new UsageError(`invalid --time-budget ${JSON.stringify(text)}`, { hint: 'expected a positive number of seconds' });
  return Math.ceil(s * 1000);
}

/** `--max-input-bytes` value: a positive whole number of bytes. */
export function parseMaxInputBytes(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`invalid --max-input-bytes ${JSON.stringify(text)}`, { hint: 'expected a positive whole number of bytes' });
  return n;
}
