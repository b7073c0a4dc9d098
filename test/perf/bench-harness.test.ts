/**
 * The benchmark's pure parts: statistics, the README table and summary, the `--profile-output`
 * reader, opa eval's result count, and the preload that reports a process's peak RSS. Nothing
 * here times anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { countOpaFindings, familyQuery } from '../../bench/opa-eval';
import { parseProfile } from '../../bench/profile';
import { formatReport, mainTable, sizeDetails, SUMMARY_PREFIX, targetLines, type SizeResult, type Summary } from '../../bench/report';
import { readMaxRssKiB, RSS_FILE_ENV, writeRssPreload } from '../../bench/rss';
import { markdownTable, median, ratioOf, sample, seconds, times } from '../../bench/stats';
import { tempDir as newTempDir } from '../helpers';

describe('statistics', () => {
  it('median of odd and even counts, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow('empty');
  });

  it('a sample keeps every run; no runs means no median', () => {
    expect(sample([30, 10, 20])).toEqual({ runs: [30, 10, 20], median: 20 });
    expect(sample([])).toEqual({ runs: [], median: null });
  });

  it('ratios and formatting say n/a when a figure is missing', () => {
    expect(ratioOf(230, 10)).toBe(23);
    expect(ratioOf(null, 10)).toBeNull();
    expect(ratioOf(5, 0)).toBeNull();
    expect(seconds(71.4)).toBe('0.071');
    expect(seconds(2300)).toBe('2.30');
    expect(seconds(null)).toBe('n/a');
    expect(times(23.04)).toBe('23.0×');
    expect(times(0.3)).toBe('0.30×');
  });

  it('markdown table: numeric columns right-aligned, pipes escaped, ragged rows refused', () => {
    expect(markdownTable(['rule', 'ms'], [['a|b', '1,200'], ['c', 'n/a']])).toBe('| rule | ms |\n| --- | ---: |\n| a\\|b | 1,200 |\n| c | n/a |');
    expect(() => markdownTable(['a', 'b'], [['1']])).toThrow('number of cells');
  });
});

/** The shape `check --profile-output` writes (src/check/profile.ts), values made up. */
const PROFILE_SAMPLE = JSON.stringify({
  version: 1,
  jobs: 2,
  resources: 10000,
  stacks: 1,
  ruleCount: 2,
  phases: { startup: 80, load: 95.5, normalize: 210, evaluate: 1400, report: 40, output: 12.5, total: 1838 },
  workerMs: 2650.5,
  modelLoadMs: 310.5,
  peakRssBytes: 464519168,
  families: [{ family: 'encryption', ms: 300.25, rules: 1 }],
  rules: [
    { id: 'CRM-ENC-001', family: 'encryption', ms: 41.5, findings: 3 },
    { id: 'CRM-NET-009', family: 'network', ms: 12, findings: 0 },
  ],
});

describe('profile reader', () => {
  it('reads phases, families and per-rule timings', () => {
    const p = parseProfile(PROFILE_SAMPLE);
    expect(p.phases).toEqual({ startup: 80, load: 95.5, normalize: 210, evaluate: 1400, report: 40, output: 12.5, total: 1838 });
    expect(p.jobs).toBe(2);
    expect(p.resources).toBe(10000);
    expect(p.ruleCount).toBe(2);
    expect(p.rules).toEqual([
      { id: 'CRM-ENC-001', ms: 41.5, findings: 3 },
      { id: 'CRM-NET-009', ms: 12, findings: 0 },
    ]);
    expect(p.families).toEqual([{ family: 'encryption', ms: 300.25 }]);
    expect(p.peakRssBytes).toBe(464519168);
    expect(p.workerMs).toBe(2650.5);
    expect(p.modelLoadMs).toBe(310.5);
  });

  it('takes the rule count as `rules: <n>` and a family\'s bundle; leaves absent phases absent', () => {
    const p = parseProfile('{"version":1,"rules":122,"phases":{"load":10,"total":50},"families":[{"bundle":"crm-guard","family":"ENC","ms":3}]}');
    expect(p.ruleCount).toBe(122);
    expect(p.rules).toBeNull();
    expect(p.families).toEqual([{ bundle: 'crm-guard', family: 'ENC', ms: 3 }]);
    expect(p.phases).toEqual({ load: 10, total: 50 });
    expect(p.phases.evaluate).toBeUndefined();
    expect(p.jobs).toBeNull();
    expect(p.peakRssBytes).toBeNull();
    expect(p.workerMs).toBeNull();
  });

  it('refuses another version, wrong shapes and non-JSON, naming the file', () => {
    expect(() => parseProfile('{"version":2}', 'p.json')).toThrow('unsupported version 2 (this bench reads version 1) (in p.json)');
    expect(() => parseProfile('{"version":1,"phases":{"evaluate":-1}}')).toThrow('phases.evaluate must be a non-negative number');
    expect(() => parseProfile('{"version":1,"phases":{"evaluate":"12"}}')).toThrow('phases.evaluate');
    expect(() => parseProfile('{"version":1,"families":[{"ms":1}]}')).toThrow('families[0].family');
    expect(() => parseProfile('{"version":1,"rules":[{"id":"X","ms":1}]}')).toThrow('rules[0].findings');
    expect(() => parseProfile('{"version":1,"rules":"all"}')).toThrow('rules must be a list or a number');
    expect(() => parseProfile('[1]')).toThrow('expected a JSON object');
    expect(() => parseProfile('{"version":1', 'cut.json')).toThrow('profile cut.json is not JSON');
  });
});

describe('opa eval comparison', () => {
  it('queries every family entrypoint and counts the findings of all of them', () => {
    expect(familyQuery(['crm/entry/backup_dr', 'crm/entry/iam'])).toBe('x := [data.crm.entry.backup_dr, data.crm.entry.iam]');
    const out = JSON.stringify({ result: [{ expressions: [{ value: true }], bindings: { x: [[{ rule: 'a' }, { rule: 'b' }], [], [{ rule: 'c' }]] } }] });
    expect(countOpaFindings(out, 3)).toBe(3);
    expect(() => countOpaFindings(out, 2)).toThrow('no list of 2 family results');
    expect(() => countOpaFindings('{"result":[]}', 1)).toThrow('no list of 1 family results');
  });
});

describe('peak RSS preload', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    dirs.push(newTempDir('crm-guard-bench-rss-'));
    return dirs[dirs.length - 1];
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const node = (preload: string, code: string, env: Record<string, string>): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, ['-r', preload, '-e', code], { env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8' });

  it('writes the whole process maxRSS in KiB on exit, worker threads included, keeping the exit code', () => {
    const dir = tempDir();
    const preload = writeRssPreload(dir);
    const file = path.join(dir, 'maxrss');
    // A worker touches 160 MiB and ends before the main thread exits with code 3.
    const code = `
      const { Worker } = require('node:worker_threads');
      const w = new Worker("Buffer.alloc(160 * 1048576, 1); require('node:worker_threads').parentPort.postMessage('done')", { eval: true });
      w.on('exit', () => process.exit(3));`;
    const run = node(preload, code, { [RSS_FILE_ENV]: file });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
    const kib = readMaxRssKiB(file);
    expect(kib).not.toBeNull();
    expect(kib as number).toBeGreaterThan(160 * 1024);
  });

  it('writes nothing without the variable; unreadable values are unknown, not zero', () => {
    const dir = tempDir();
    const preload = writeRssPreload(dir);
    const file = path.join(dir, 'maxrss');
    expect(node(preload, '1', {}).status).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(readMaxRssKiB(file)).toBeNull();
    writeFileSync(file, 'oops');
    expect(readMaxRssKiB(file)).toBeNull();
    writeFileSync(file, '0\n');
    expect(readMaxRssKiB(file)).toBeNull();
    writeFileSync(file, '183748\n');
    expect(readMaxRssKiB(file)).toBe(183748);
  });
});

describe('report', () => {
  const size = (resources: number, over: Partial<SizeResult> = {}): SizeResult => ({
    resources,
    inputBytes: resources * 680,
    generateMs: 40,
    floor: { wallMs: sample([70, 80, 75]), maxRssKiB: sample([49000, 49000, 49000]) },
    check: { wallMs: sample([700, 760, 750]), maxRssKiB: sample([183748, 184208, 183036]), findings: 704, findingsSha256: 'ab'.repeat(32), findingsIdentical: true, ratioToFloor: 10 },
    profile: { status: 'unavailable', reason: 'this crm-guard check has no --profile-output' },
    opa: { status: 'measured', wallMs: sample([1500, 1400, 1800]), findings: 704, matchesCheck: true, checkToOpa: 0.5 },
    errors: [],
    ...over,
  });

  it('table row: medians, ratios, unavailable phases as n/a, skipped opa as a dash', () => {
    const profiled = size(1000, {
      profile: {
        status: 'measured',
        runs: 3,
        jobs: 2,
        rules: 122,
        perRuleTiming: false,
        peakRssBytes: sample([]),
        workerMs: sample([900]),
        modelLoadMs: sample([150]),
        phases: { startup: sample([80]), load: sample([100]), normalize: sample([200]), evaluate: sample([300, 400, 500]), report: sample([]), output: sample([5]), total: sample([700]) },
      },
    });
    const table = mainTable([profiled, size(50000, { opa: { status: 'skipped', reason: 'above --opa-max-size 10,000' } })]).split('\n');
    expect(table[2]).toBe('| 1,000 | 0.7 | 0.075 | 0.750 | 10.0× | 179 | 0.100 | 0.200 | 0.400 | 0.700 | 1.50 | 0.50× | 704 |');
    expect(table[3]).toBe('| 50,000 | 34.0 | 0.075 | 0.750 | 10.0× | 179 | n/a | n/a | n/a | n/a | — | n/a | 704 |');
    expect(sizeDetails(profiled, 3)).toContain(
      "  phases (median of 3 profiled runs, jobs 2): startup 0.080 s, load 0.100 s, normalize 0.200 s, evaluate 0.400 s, report unavailable, output 0.005 s, total 0.700 s; of evaluate, loading the model into the workers 0.150 s; rules' worker time 0.900 s",
    );
  });

  it('targets are quoted, not asserted', () => {
    expect(targetLines([size(10000), size(50000, { check: { ...size(0).check, wallMs: sample([4000]), maxRssKiB: sample([800 * 1024]) } })])).toEqual([
      '- 10k: check / floor = 10.0× (target ≤ 10×)',
      '- 10k: check / opa eval = 0.50× (target ≤ 0.50×, i.e. ≥ 2× faster)',
      '- 50k / 10k check time = 5.33× (target ≤ 5.5×)',
      '- 50k: peak RSS 800 MiB (target ≤ 800 MiB)',
    ]);
  });

  it('prints the machine, errors, and the summary as one JSON line that reads back', () => {
    const summary: Summary = {
      version: 1,
      date: '2026-12-03T16:00:00.000Z',
      machine: { cpu: 'Intel(R) Xeon(R) Processor', cores: 2, ramGiB: 23.5, node: 'v24.21.0', os: 'Linux 6.18 x64' },
      runs: 3,
      bin: null,
      checkArgs: ['--jobs', '1'],
      opa: '.tools/bin/opa 1.22.3',
      phasesFrom: 'unavailable: this crm-guard check has no --profile-output',
      checkov: 'not installed',
      sizes: [size(1000, { errors: ['check run 2: findings differ from the first run'] })],
      errors: 1,
    };
    const text = formatReport(summary);
    expect(text).toContain('Machine: Intel(R) Xeon(R) Processor, 2 cores, 23.5 GiB RAM, Node v24.21.0, Linux 6.18 x64');
    expect(text).toContain('--output <tmp> --jobs 1`');
    expect(text).toContain('phases: unavailable (this crm-guard check has no --profile-output)');
    expect(text).toContain('**ERROR: check run 2: findings differ from the first run**');
    expect(text).toContain('checkov: not installed');
    const line = text.split('\n').find((l) => l.startsWith(SUMMARY_PREFIX)) as string;
    expect(JSON.parse(line.slice(SUMMARY_PREFIX.length))).toEqual(summary);
  });
});
