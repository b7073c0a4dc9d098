import type { Formatter } from './types';

/**
 * The JSON contract: `{ version, summary, findings[] }` (findings sorted by stack, resource, rule),
 * plus `waivers` (each with its status), `baseline` (null without one), `stacks` and `bundles` (the
 * policy bundles evaluated: digests, OPA version, signature status). The rule
 * catalog is left out: `crm-guard rules --format json` prints it, and each finding carries its
 * effective severity and enforcement.
 */
export const jsonFormatter: Formatter = {
  name: 'json',
  format(report) {
    const { version, summary, findings, waivers, baseline, stacks, bundles } = report;
    return `${JSON.stringify({ version, summary, findings, waivers, baseline, stacks, bundles }, null, 2)}\n`;
  },
};
