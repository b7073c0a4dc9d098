import type { Report } from '../check/report';

export interface FormatOptions {
  /** ANSI colour (the CLI turns it on only for a TTY). */
  color: boolean;
}

/** One report format: a pure function of the report. Adding a format adds one file and one registry line. */
export interface Formatter {
  name: string;
  format(report: Report, options: FormatOptions): string;
}
