import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { at, PRIMARY_DB, primaryStackJson, runCli, tempDir, writeApp, writeStack } from './helpers';

async function mutatedStack(): Promise<string> {
  const doc = await primaryStackJson();
  at(doc, 'aws_db_instance', PRIMARY_DB)[1].storage_encrypted = false; // high
  at(doc, 'aws_db_instance', PRIMARY_DB)[1].enabled_cloudwatch_logs_exports = []; // medium
  return writeApp(doc);
}

describe('crm-guard check', () => {
  it('exit 1 with a grouped text table naming rule, resource, message and fix', async () => {
    const r = await runCli(['check', await mutatedStack()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Stack crm-primary \(2 findings\)$/m);
    expect(r.stdout.indexOf('HIGH (1)')).toBeLessThan(r.stdout.indexOf('MEDIUM (1)'));
    expect(r.stdout).toMatch(/CRM-ENC-004 {2}aws_db_instance\.database_instance_\w+ \(crm-primary\/database\/instance\)/);
    expect(r.stdout).toMatch(/fix: CDKTF: on DbInstance set `storageEncrypted: true`/);
    expect(r.stdout).toMatch(/^FAIL: 2 blocking · 2 findings \(0 critical, 1 high, 1 medium, 0 low; 0 waived\)/m);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('--fail-on sets the lowest blocking severity', async () => {
    const file = await mutatedStack();
    expect((await runCli(['check', file, '--fail-on', 'high'])).code).toBe(1);
    expect((await runCli(['check', file, '--fail-on', 'critical'])).code).toBe(0);
    expect((await runCli(['check', file, '--fail-on', 'none'])).code).toBe(0);
    const json = JSON.parse((await runCli(['check', file, '--fail-on', 'high', '--format', 'json'])).stdout) as {
      summary: { blocking: number; findings: number; failOn: string };
      findings: { ruleId: string; blocking: boolean }[];
    };
    expect(json.summary).toMatchObject({ blocking: 1, findings: 2, failOn: 'high' });
    expect(json.findings.map((f) => [f.ruleId, f.blocking])).toEqual([
      ['CRM-ENC-004', true],
      ['CRM-LOG-012', false],
    ]);
  });

  it('the JSON report carries the contract fields, sorted by stack, resource, rule', async () => {
    const r = await runCli(['check', await mutatedStack(), '--format', 'json']);
    const report = JSON.parse(r.stdout) as { findings: Record<string, unknown>[] };
    expect(report.findings[0]).toMatchObject({
      ruleId: 'CRM-ENC-004',
      severity: 'high',
      family: 'ENC',
      resourceType: 'aws_db_instance',
      stack: 'crm-primary',
      waived: false,
      origin: { constructPath: 'crm-primary/database/instance' },
      controls: { 'aws-fsbp': [{ id: 'RDS.3', verified: true }] },
    });
    for (const key of ['title', 'resource', 'message', 'remediation']) expect(typeof report.findings[0][key]).toBe('string');
  });

  it('--output writes the report to a file', async () => {
    const out = path.join(tempDir(), 'report.json');
    const r = await runCli(['check', await mutatedStack(), '--format', 'json', '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.findings).toBe(2);
  });

  it('--config overrides the defaults; an invalid config is exit 2 naming the key', async () => {
    const dir = tempDir();
    const strict = path.join(dir, 'strict.yaml');
    writeFileSync(strict, 'min_backup_retention_days: 30\n');
    const r = await runCli(['check', await writeApp(await primaryStackJson()), '--config', strict]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('CRM-BDR-002');

    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'allowed_regions: eu-west-1\nmin_backup_retention_days: -1\nretention: 3\n');
    const e = await runCli(['check', await writeApp(await primaryStackJson()), '--config', bad]);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(bad);
    expect(e.stderr).toContain('allowed_regions: must be array');
    expect(e.stderr).toContain('min_backup_retention_days: must be >= 0');
    expect(e.stderr).toContain('unknown key "retention"');
  });

  it('usage errors are exit 2: unknown format, unknown option, unknown fail-on level', async () => {
    for (const args of [['check', '--format', 'xml'], ['check', '--bogus'], ['check', '--fail-on', 'urgent'], ['frobnicate']]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/error/i);
    }
  });

  it('--help is exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('check');
  });
});

describe('crm-guard rules / explain', () => {
  it('rules --format json lists the catalog with the documented fields', async () => {
    const r = await runCli(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const { rules } = JSON.parse(r.stdout) as { rules: Record<string, unknown>[] };
    expect(rules.length).toBeGreaterThanOrEqual(8);
    for (const rule of rules) for (const k of ['id', 'title', 'severity', 'family', 'controls', 'remediation']) expect(rule).toHaveProperty(k);
  });

  it('rules prints a table', async () => {
    const r = await runCli(['rules']);
    expect(r.stdout).toMatch(/^CRM-NET-009 +critical +NET +RDS instances are not publicly accessible/m);
  });

  it('explain prints one rule with fix and mappings, unverified ones marked', async () => {
    const r = await runCli(['explain', 'crm-net-009']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CRM-NET-009 · RDS instances are not publicly accessible');
    expect(r.stdout).toContain('How to fix');
    expect(r.stdout).toContain('aws-fsbp: RDS.2, RDS.18');
    expect(r.stdout).toContain('iso27001-2022: A.8.20 (unverified), A.8.3 (unverified)');
  });

  it('explain shows the rule\'s non-compliant and compliant examples', async () => {
    const r = await runCli(['explain', 'CRM-ENC-004']);
    expect(r.stdout).toContain('Non-compliant example: storage encryption off');
    expect(r.stdout).toContain('Compliant example: encrypted with a customer-managed key');
    expect(r.stdout).toContain('"storage_encrypted": false');
  });

  it('explain of an unknown rule is exit 2 with suggestions', async () => {
    const r = await runCli(['explain', 'CRM-NET-999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown rule "CRM-NET-999"');
    expect(r.stderr).toMatch(/did you mean CRM-NET-0\d\d/);
  });
});

describe('crm-guard check --report compliance', () => {
  type View = { summary: Record<string, number>; controls: { framework: string; control: string; status: string; verified: boolean; rules: { id: string; status: string }[] }[] };

  it('lists every mapped control: nothing fails on the reference deployment', async () => {
    const r = await runCli(['check', await writeApp(await primaryStackJson()), '--report', 'compliance', '--format', 'json']);
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as View;
    expect(view.summary.fail).toBe(0);
    expect(view.summary.pass).toBeGreaterThan(50);
    const rds3 = view.controls.find((c) => c.framework === 'aws-fsbp' && c.control === 'RDS.3');
    expect(rds3).toMatchObject({ status: 'pass', verified: true });
  });

  it('marks the controls of a failing rule as failed, and unmapped inputs as not evaluated', async () => {
    const r = await runCli(['check', await mutatedStack(), '--report', 'compliance', '--format', 'json']);
    const view = JSON.parse(r.stdout) as View;
    expect(view.controls.find((c) => c.framework === 'aws-fsbp' && c.control === 'RDS.3')).toMatchObject({ status: 'fail' });
    expect(view.controls.find((c) => c.framework === 'cis-aws-3.0' && c.control === '2.3.1')?.rules).toContainEqual({ id: 'CRM-ENC-004', status: 'fail', findings: 1, waived: 0 });

    const empty = writeStack({ terraform: { required_version: '~> 1.9', required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } } } }, 'empty');
    const none = JSON.parse((await runCli(['check', empty, '--report', 'compliance', '--format', 'json'])).stdout) as View;
    expect(none.controls.find((c) => c.control === 'RDS.3')?.status).toBe('not-evaluated');
  });

  it('renders text and markdown, and refuses formats it has no view for', async () => {
    const file = await writeApp(await primaryStackJson());
    expect((await runCli(['check', file, '--report', 'compliance'])).stdout).toMatch(/^ {2}PASS +RDS\.3 +CRM-ENC-004 ✓/m);
    expect((await runCli(['check', file, '--report', 'compliance', '--format', 'markdown'])).stdout).toContain('| RDS.3 | ✅ pass |');
    const bad = await runCli(['check', file, '--report', 'compliance', '--format', 'sarif']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('the compliance report has no "sarif" format');
  });
});
