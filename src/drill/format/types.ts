import type { DrillReport } from '../types';

export interface DrillFormatOptions {
  /** ANSI colour (the CLI turns it on only for a TTY). */
  color: boolean;
}

/** One drill report format: a pure function of the report. */
export interface DrillFormatter {
  name: string;
  format(report: DrillReport, options: DrillFormatOptions): string;
}
