/** The drill report as JSON (version 1; shape in docs/drill.md). */
import type { DrillFormatter } from './types';

export const jsonFormatter: DrillFormatter = {
  name: 'json',
  format(report) {
    return `${JSON.stringify(report, null, 2)}\n`;
  },
};
