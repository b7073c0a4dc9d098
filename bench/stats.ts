/**
 * Small statistics and number formatting for the benchmark report. Pure functions (no I/O), so
 * the test suite covers them without timing anything.
 */

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A measured quantity: every run's value, and their median (null when nothing was measured). */
export interface Sample {
  runs: number[];
  median: number | null;
}

export function sample(runs: readonly number[]): Sample {
  return { runs: [...runs], median: runs.length ? median(runs) : null };
}

/** a / b, or null when either is unknown or b is not positive. */
export function ratioOf(a: number | null | undefined, b: number | null | undefined): number | null {
  return a == null || b == null || !(b > 0) ? null : a / b;
}

/** Milliseconds as seconds: 3 decimals under 1 s (the floor is ~0.1 s), 2 above. */
export function seconds(msValue: number | null | undefined): string {
  if (msValue == null) return 'n/a';
  const s = msValue / 1000;
  return s < 1 ? s.toFixed(3) : s.toFixed(2);
}

/** KiB (what maxRSS reports) as MiB, whole. */
export function mibFromKiB(kib: number | null | undefined): string {
  return kib == null ? 'n/a' : (kib / 1024).toFixed(0);
}

export function times(r: number | null | undefined): string {
  return r == null ? 'n/a' : `${r.toFixed(r < 10 ? 2 : 1)}×`;
}

export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** A markdown table; columns whose cells are all numeric (or n/a) are right-aligned. */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  if (rows.some((r) => r.length !== header.length)) throw new Error('markdownTable: a row has a different number of cells than the header');
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^(n\/a|—|[-+]?[\d.,]+( ?[×%])?)$/.test(r[i])));
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map((_, i) => (numeric[i] ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}
