import type { Formatter } from './types';

/** The JSON contract: `{ version, summary, findings[] }`, findings sorted by stack, resource, rule. */
export const jsonFormatter: Formatter = {
  name: 'json',
  format(report) {
    return `${JSON.stringify(report, null, 2)}\n`;
  },
};
