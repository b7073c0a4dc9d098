import type { Formatter } from './types';

/**
 * The JSON contract: `{ version, summary, findings[] }` (findings sorted by stack, resource, rule),
 * plus `waivers` (each with its status), `baseline` (null without one), `stacks` and `bundles` (the
 * policy bundles evaluated: digests, OPA version, signature status). The rule
 * catalog is left out: `crm-guard rules --format json` prints it, and each finding carries its
 * effective severity and enforcement.
 *
 * Laid out with two-space indentation, except that each finding and each waiver is one line: a
 * report diffs and greps finding by finding, is a quarter smaller, and is written without V8's
 * slow indenting path (a 10,000-resource report took ~70 ms to indent alone).
 */
export const jsonFormatter: Formatter = {
  name: 'json',
  format(report) {
    const { version, summary, findings, waivers, baseline, stacks, bundles } = report;
    return `${layout({ version, summary, findings, waivers, baseline, stacks, bundles }, ['findings', 'waivers'])}\n`;
  },
};

/** `doc` indented by two spaces, the arrays named in `oneLineItems` with one item per line. */
export function layout(doc: Record<string, unknown>, oneLineItems: readonly string[]): string {
  const fields = Object.entries(doc)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const value =
        oneLineItems.includes(k) && Array.isArray(v) && v.length > 0
          ? `[\n    ${v.map((item) => JSON.stringify(item)).join(',\n    ')}\n  ]`
          : (JSON.stringify(v, null, 2) ?? 'null').replace(/\n/g, '\n  ');
      return `  ${JSON.stringify(k)}: ${value}`;
    });
  return fields.length === 0 ? '{}' : `{\n${fields.join(',\n')}\n}`;
}
