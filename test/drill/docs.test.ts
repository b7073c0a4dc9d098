/** docs/drill.md stays true to the code: the constants table and the configuration example. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CrmGuardConfig } from '../../src/config/load';
import { DEFAULT_CONSTANTS } from '../../src/drill/constants';
import { resolveDrillSettings } from '../../src/drill/drill';
import { formatSeconds } from '../../src/drill/estimate';

const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'drill.md'), 'utf8');

describe('docs/drill.md', () => {
  it('lists every default constant with the values, confidence and source of src/drill/constants.ts', () => {
    const rows = new Map<string, string[]>();
    for (const m of doc.matchAll(/^\| `([A-Z_0-9]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|/gm)) rows.set(m[1], [m[2], m[3], m[4], m[5], m[6]].map((x) => x.trim()));
    expect([...rows.keys()].sort()).toEqual(Object.keys(DEFAULT_CONSTANTS).sort());
    for (const [name, c] of Object.entries(DEFAULT_CONSTANTS)) {
      const f = (v: number): string => (c.unit === 'count' ? String(v) : formatSeconds(v));
      expect([name, ...rows.get(name)!]).toEqual([name, f(c.best), f(c.typical), f(c.worst), c.confidence, c.source]);
    }
  });

  it('its configuration example is valid', () => {
    const yaml = /```yaml\n(drill:[\s\S]*?)```/.exec(doc)?.[1];
    expect(yaml).toBeDefined();
    const settings = resolveDrillSettings(parseYaml(yaml!) as CrmGuardConfig);
    expect(settings.tiers.map((t) => t.name)).toEqual(['customer-database', 'attachments', 'audit']);
    expect(settings.constants.RR_LAG).toMatchObject({ worst: 45, confidence: 'measured', source: 'config: game day 2025-03-12' });
  });
});
