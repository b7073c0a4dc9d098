import type { Report } from '../check/report';

export interface FormatOptions {
  /** ANSI colour (the CLI turns it on only for a TTY). */
  color: boolean;
  /** Character budget of the Markdown report (default MARKDOWN_DEFAULT_BUDGET, below GitHub's comment limit). */
  markdownBudget?: number;
  /** Text: one line per finding. */
  compact?: boolean;
  /** Text: the summary only. */
  quiet?: boolean;
  /** Text: terminal columns to wrap (or, compact, cut) lines to; absent when not a terminal. */
  width?: number;
}

/** One report format: a pure function of the report. Adding a format adds one file and one registry line. */
export interface Formatter {
  name: string;
  format(report: Report, options: FormatOptions): string;
  /**
   * Optional: the text of format() as parts whose concatenation it is, for writing a large report
   * to a file part by part (see report/json.ts).
   */
  formatParts?(report: Report, options: FormatOptions): string[];
}
