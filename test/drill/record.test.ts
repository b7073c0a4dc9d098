/** --record: a drill history compared with the estimate on the reference deployment (issue 15 §6). */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CrmGuardConfig } from '../../src/config/load';
import { resolveDrillSettings } from '../../src/drill/drill';
import { readHistory } from '../../src/drill/record';
import { referenceOut, runCli, tempDir } from '../helpers';
import { FIXTURES } from './helpers';

const HISTORY = path.join(FIXTURES, 'drill-history.yaml');

function historyFile(text: string): string {
  const file = path.join(tempDir(), 'results.yaml');
  writeFileSync(file, text);
  return file;
}

describe('crm-guard drill --record', () => {
  it('compares the latest drill with the estimate, flags what is beyond the worst case and suggests valid overrides (exit 1)', async () => {
    const r = await runCli(['drill', await referenceOut(), '--lose', 'region:eu-west-1', '--record', HISTORY]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Drill of 2026-11-20 \(region:eu-west-1, FIS EXP7Hq2bLk9aZ3\) against the estimate · 2 recorded drills of this scenario$/m);
    expect(r.stdout).toMatch(/^ {2}11 {2}5m \/ 10m \/ 30m +38m +beyond worst {2}Promote read replica/m);
    expect(r.stdout).toMatch(/^ {3}9 {2}5m \/ 15m \/ 1h +18m +within/m);
    expect(r.stdout).toContain('crm-primary:aws_db_instance.database_instance_D7FC2283  RTO  10m / 25m / 1h 30m  58m  within');
    expect(r.stdout).toContain('1 measurement is beyond the estimated worst case: the estimate is optimistic.');
    const yaml = r.stdout.slice(r.stdout.indexOf('drill:\n'));
    const suggested = parseYaml(yaml) as CrmGuardConfig;
    // Two drills: the worst case only widens (38 m > 30 m); the typical is the median.
    expect(suggested).toEqual({
      drill: {
        constants: {
          RR_PROMOTE: { typical: '26m', worst: '38m', source: '2 recorded drills of region:eu-west-1, latest 2026-11-20' },
          T_DECLARE: { typical: '21m30s', worst: '1h', source: '2 recorded drills of region:eu-west-1, latest 2026-11-20' },
        },
      },
    });
    const settings = resolveDrillSettings(suggested);
    expect(settings.constants.RR_PROMOTE).toMatchObject({ typical: 1560, worst: 2280, confidence: 'measured' });
  }, 120000);

  it('json carries the same comparison', async () => {
    const r = await runCli(['drill', await referenceOut(), '--lose', 'region:eu-west-1', '--record', HISTORY, '--format', 'json']);
    const c = JSON.parse(r.stdout) as { beyondWorst: number; steps: { step: number; verdict: string }[]; suggestions: { constant: string }[] };
    expect(c.beyondWorst).toBe(1);
    expect(c.steps.map((s) => [s.step, s.verdict])).toEqual([[9, 'within'], [11, 'beyond worst'], [17, 'within']]);
    expect(c.suggestions.map((s) => s.constant)).toEqual(['RR_PROMOTE', 'T_DECLARE']);
  }, 120000);

  it('every problem in the history names the file, line and field (exit 2)', async () => {
    const text = readFileSync(HISTORY, 'utf8');
    const cases: [string, RegExp][] = [
      [text.replace('duration: 38m', 'duration: 38 minutes'), /results\.yaml:26: drills\[1\]\.steps\[1\]\.duration: "38 minutes" is not a duration/],
      [text.replace('action: Promote read replica\n        duration: 38m', 'action: Scale\n        duration: 38m'), /step 11 was "Scale", the runbook's step 11 is "Promote read replica/],
      [text.replace('fis_experiment: EXP7Hq2bLk9aZ3', 'fis_experiment: 42'), /results\.yaml:19: drills\[1\]\.fis_experiment: expected an AWS FIS experiment id/],
      [text.replace('rpo: 2m', 'rpo: 2m\n        rpo_note: x'), /drills\[1\]\.components\[0\]\.rpo_note: unknown field "rpo_note"/],
      [text.replaceAll('scenario: region:eu-west-1', 'scenario: az:eu-west-1a'), /no recorded drill of region:eu-west-1 \(recorded: az:eu-west-1a\)/],
    ];
    const out = await referenceOut();
    for (const [content, message] of cases) {
      const r = await runCli(['drill', out, '--lose', 'region:eu-west-1', '--record', historyFile(content)]);
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
    }
    const missing = await runCli(['drill', out, '--lose', 'region:eu-west-1', '--record', '/nonexistent/results.yaml']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/\/nonexistent\/results\.yaml: cannot read the drill history: ENOENT/)]);
    const md = await runCli(['drill', out, '--lose', 'region:eu-west-1', '--record', HISTORY, '--format', 'markdown']);
    expect([md.code, md.stderr]).toEqual([2, expect.stringMatching(/--record prints text or json, not markdown/)]);
  }, 120000);

  it('reads dates written as YAML dates and durations given in seconds', () => {
    const h = readHistory('h.yaml', 'drills:\n  - date: 2026-01-02\n    scenario: data:corruption\n    steps:\n      - step: 3\n        duration: 600\n');
    expect(h).toEqual([{ date: '2026-01-02', scenario: 'data:corruption', steps: [{ step: 3, seconds: 600 }], components: [] }]);
  });
});
