/** Targets, tiers, measured constants, the three report formats and the CLI's exit codes. */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CrmGuardConfig } from '../../src/config/load';
import { DEFAULT_CONSTANTS } from '../../src/drill/constants';
import { parseDurationText, parseTargetOption } from '../../src/drill/config';
import { resolveDrillSettings } from '../../src/drill/drill';
import { ConfigError, UsageError } from '../../src/errors';
import { runCli, tempDir } from '../helpers';
import { ALIAS, component, DR, PRIMARY, run, TWO_REGION } from './helpers';

function configFile(yaml: string): string {
  const file = path.join(tempDir(), 'crm-guard.yaml');
  writeFileSync(file, yaml);
  return file;
}

describe('durations and targets', () => {
  it('parses 90s, 15m, 1h30m, 24h, 2d; rejects malformed and zero CLI targets', () => {
    expect([parseDurationText('90s'), parseDurationText('15m'), parseDurationText('1h30m'), parseDurationText('24h'), parseDurationText('2d')]).toEqual([90, 900, 5400, 86400, 172800]);
    expect(parseDurationText('15')).toBeUndefined();
    expect(parseDurationText('15 min')).toBeUndefined();
    expect(() => parseTargetOption('--rpo', 'soon')).toThrow(UsageError);
    expect(() => parseTargetOption('--rto', '0s')).toThrow(/a target of 0 can never be met/);
  });

  it('tiers give per-component targets; the first matching tier wins, the default covers the rest', async () => {
    const config: CrmGuardConfig = {
      drill: {
        targets: { rpo: '1h', rto: '8h' },
        tiers: [
          { name: 'customer-database', kinds: ['database'], rpo: '5m', rto: '1h' },
          { name: 'attachments', resources: ['aws_s3_bucket.attachments*'], rpo: '15m', rto: '4h' },
        ],
      },
    };
    const { report, exitCode } = await run(TWO_REGION, 'region:eu-west-1', { config });
    const db = component(report, 'aws_db_instance.crm');
    expect(db.target).toEqual({ tier: 'customer-database', rpoSeconds: 300, rtoSeconds: 3600 });
    expect(db.meetsTargets).toBe(false);
    expect(db.reasons).toContain('misses the RTO target 1h: worst case 1h 45m (typical 30m): at risk, the typical case meets it');
    expect(component(report, 'aws_s3_bucket.attachments')).toMatchObject({ target: { tier: 'attachments', rpoSeconds: 900, rtoSeconds: 14400 }, meetsTargets: true });
    const notes = component(report, 'aws_s3_bucket.notes');
    // CRR without RTC: "up to several hours" for large objects, so the 1 h default RPO is missed.
    expect(notes).toMatchObject({ target: { tier: 'default' }, meetsTargets: false });
    expect(report.targets).toMatchObject({ source: 'config', rpoSeconds: 3600, rtoSeconds: 28800, tiers: [{ name: 'customer-database' }, { name: 'attachments' }] });
    expect(exitCode).toBe(1);
  });

  it('--rpo/--rto replace the configured targets for every component', async () => {
    const { report, exitCode } = await run(TWO_REGION, 'region:eu-west-1', { rpo: 1, rto: 1 });
    expect(report.targets).toMatchObject({ source: 'cli', rpoSeconds: 1, rtoSeconds: 1 });
    expect(component(report, 'aws_db_instance.crm').target).toEqual({ tier: 'cli', rpoSeconds: 1, rtoSeconds: 1 });
    expect(component(report, 'aws_db_instance.crm').meetsTargets).toBe(false);
    expect(component(report, 'aws_db_instance.crm_replica').meetsTargets).toBe(true); // unaffected
    expect(exitCode).toBe(1);
  });

  it('the worst case decides; a typical case within the target is reported "at risk"', async () => {
    const { report } = await run(TWO_REGION, 'region:eu-west-1', { rpo: 60, rto: 600 });
    const reasons = component(report, 'aws_db_instance.crm').reasons;
    expect(reasons).toContain('misses the RPO target 1m: worst case 5m (typical 30s): at risk, the typical case meets it');
    expect(reasons).toContain('misses the RTO target 10m: worst case 1h 45m (typical 30m)');
  });
});

describe('measured constants from a real drill', () => {
  it('an override replaces the default, is labelled measured with its source, and moves the estimate', async () => {
    const config = { drill: { targets: { rpo: '7d', rto: '7d' }, constants: { RR_LAG: { best: '1s', typical: '10s', worst: '45s', source: 'game day 2025-03-12' }, T_DECLARE: { worst: '20m' } } } };
    const { report } = await run(TWO_REGION, 'region:eu-west-1', { config });
    const c = component(report, 'aws_db_instance.crm');
    expect(c.rpo).toMatchObject({ best: 1, typical: 10, worst: 45, confidence: 'measured', source: 'config: game day 2025-03-12' });
    expect(c.rto.terms[0]).toMatchObject({ name: 'T_DECLARE', worst: 1200, confidence: 'measured' });
    expect(c.rto.confidence).toBe('assumed'); // the weakest term (RR_PROMOTE) still decides
  });

  it('every default constant has a source id and a confidence label', () => {
    for (const [name, c] of Object.entries(DEFAULT_CONSTANTS)) {
      expect([name, c.source.length > 0, ['documented', 'assumed', 'derived', 'measured'].includes(c.confidence)]).toEqual([name, true, true]);
      expect([name, c.best <= c.typical && c.typical <= c.worst]).toEqual([name, true]);
    }
  });

  it('invalid drill configuration is a ConfigError naming every problem', () => {
    const file = configFile(['drill:', '  constants:', '    RR_LAG: { best: 10m, worst: 1m }', '    NOT_A_CONSTANT: { worst: 1s }', '  tiers:', '    - name: x', '      rpo: 5m'].join('\n'));
    expect(() => resolveDrillSettings(file)).toThrow(ConfigError);
    try {
      resolveDrillSettings(file);
    } catch (e) {
      expect((e as ConfigError).message).toMatch(/drill\.constants/);
    }
    const ranges = configFile(['drill:', '  constants:', '    RR_LAG: { best: 10m, worst: 1m }', '  tiers:', '    - name: x', '      rpo: 5m'].join('\n'));
    expect(() => resolveDrillSettings(ranges)).toThrow(/drill\.constants\.RR_LAG: best ≤ typical ≤ worst is required; drill\.tiers\[0\] \(x\): give resources, kinds or tags to select components/);
  });
});

describe('crm-guard drill (CLI)', () => {
  it('text: a table, the reasons, the runbook and a verdict; exit 0 when everything recovers within the targets', async () => {
    const cfg = configFile('drill:\n  targets: { rpo: 2d, rto: 1d }\n');
    const r = await runCli(['drill', PRIMARY, DR, '--lose', 'region:eu-west-1', '--config', cfg]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^DR drill: loss of region eu-west-1$/m);
    expect(r.stdout).toMatch(/^crm-primary:aws_db_instance\.crm +RECOVERS_MANUAL +5m +1h 45m +yes +cross-region read replica promotion/m);
    expect(r.stdout).toMatch(/^Runbook$/m);
    expect(r.stdout).toMatch(/^ {2}\d+\. \[failover\] Promote read replica aws_db_instance\.crm_replica \(eu-central-1\)/m);
    expect(r.stdout).toMatch(/^PASS: 0 unrecoverable, 0 blocked, 0 more missing their targets/m);
  });

  it('--rpo 1s --rto 1s exits 1', async () => {
    const r = await runCli(['drill', PRIMARY, DR, '--lose', 'region:eu-west-1', '--rpo', '1s', '--rto', '1s']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL: 0 unrecoverable, 0 blocked, \d+ more missing their targets/m);
  });

  it('json: the issue-6 shape', async () => {
    const r = await runCli(['drill', PRIMARY, DR, '--lose', 'region:eu-west-1', '--format', 'json']);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['version', 'scenario', 'targets', 'components', 'runbook', 'workload', 'dataClasses', 'summary']);
    expect(report.version).toBe(1);
    const c = (report.components as Record<string, unknown>[]).find((x) => x.resource === 'aws_db_instance.crm')!;
    for (const k of ['resource', 'kind', 'region', 'az', 'outcome', 'survives', 'mechanism', 'rpo', 'rto', 'rpoSeconds', 'rtoSeconds', 'meetsTargets', 'reasons']) expect(c).toHaveProperty(k);
    expect(c.rpo).toMatchObject({ best: 1, typical: 30, worst: 300, confidence: 'assumed', source: 'OURS' });
    expect((report.runbook as Record<string, unknown>[])[0]).toEqual(expect.objectContaining({ step: 1, action: expect.any(String), resources: expect.any(Array) }));
    expect(report.summary).toMatchObject({ components: expect.any(Number), unrecoverable: 0, missedTargets: expect.any(Number) });
  });

  it('markdown: a printable drill sheet with checkboxes and blanks for observed times', async () => {
    const out = path.join(tempDir(), 'sheet.md');
    const r = await runCli(['drill', PRIMARY, DR, '--lose', 'region:eu-west-1', '--format', 'markdown', '--output', out]);
    expect(r.stdout).toBe('');
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^# DR drill sheet: loss of region eu-west-1$/m);
    expect(md).toMatch(/^\| Component \| Kind \| Placement \| Outcome \| Mechanism \| RPO estimate \| RTO estimate \| Target \| Meets \| Observed RPO \| Observed RTO \|$/m);
    expect(md).toMatch(/^- \[ \] \*\*\d+\.\*\* Promote read replica aws_db_instance\.crm_replica/m);
    expect(md).toMatch(/started \u2003+ finished/);
    expect(md).toMatch(/^## Figures the estimates use$/m);
    expect(md).toMatch(/^\| RR_PROMOTE \| 5m \| 10m \| 30m \| assumed \| RDS4 \|$/m);
  });

  it('the output is deterministic', async () => {
    const a = await runCli(['drill', PRIMARY, DR, '--lose', 'region:eu-west-1', '--format', 'json']);
    const b = await runCli(['drill', DR, PRIMARY, '--lose', 'region:eu-west-1', '--format', 'json']);
    expect(a.stdout).toBe(b.stdout);
  });

  it.each([
    [['--lose', 'region:us-east-1'], /--lose region:us-east-1: no resource or provider of the input is in us-east-1 \(regions in the input: eu-central-1, eu-west-1\)/],
    [['--lose', 'az:eu-west-1c'], /--lose az:eu-west-1c: no resource of the input names the AZ eu-west-1c \(AZs in the input: eu-central-1a, eu-central-1b, eu-west-1a, eu-west-1b\)/],
    [['--lose', 'eu-west-1'], /--lose: "eu-west-1" is not region:NAME, az:NAME, data:corruption or account\[:ID\]/],
    [['--lose', 'data:deletion'], /--lose: "data:deletion" is not a data scenario \(the data scenario is data:corruption/],
    [['--lose', 'account:1234'], /--lose: "1234" is not a 12-digit AWS account id/],
    [['--lose', 'account:999999999999'], /--lose account:999999999999: no provider of the input is pinned to 999999999999/],
    [['--lose', 'data:corruption', '--destroy'], /--destroy applies to an AZ \(az:NAME\) only/],
    [['--lose', 'region:eu-west-1', '--rpo', '15'], /--rpo: "15" is not a duration/],
    [['--lose', 'region:eu-west-1', '--rto', 'fast'], /--rto: "fast" is not a duration/],
    [['--lose', 'region:eu-west-1', '--destroy'], /--destroy applies to an AZ/],
    [['--lose', 'region:eu-west-1', '--format', 'sarif'], /Allowed choices are text, json, markdown/],
  ])('bad input exits 2: %j', async (args, message) => {
    const r = await runCli(['drill', PRIMARY, DR, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--lose is required', async () => {
    const r = await runCli(['drill', ALIAS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/required option '--lose <target>'/);
  });
});
