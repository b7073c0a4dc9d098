/**
 * The change-safety gate end to end: the reference deployment's primary stack as a plan that
 * replaces the primary database fails with a CRM-CHG-001 finding naming the attribute that forces
 * the replacement; with the replacement waived, the same plan passes and the report shows the
 * waiver. CDKTF input alone is not evaluated for change safety, and every report says so.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { at, PRIMARY_DB, primaryStackJson, runCli, tempDir, writeApp } from './helpers';
import { planFromStack } from './plan-doc';

async function replacePrimaryDb(attr: string, value: unknown): Promise<{ plan: string; address: string }> {
  const stack = await primaryStackJson();
  const [name, db] = at(stack, 'aws_db_instance', PRIMARY_DB);
  const address = `aws_db_instance.${name}`;
  const before = Object.fromEntries(Object.entries(db).filter(([k]) => !['//', 'provider', 'depends_on'].includes(k)));
  const after = { ...before, [attr]: value };
  const doc = planFromStack(stack, [{ address, actions: ['delete', 'create'], replace_paths: [[attr]], before, after }]);
  const plan = path.join(tempDir(), 'plan.json');
  writeFileSync(plan, JSON.stringify(doc, null, 2));
  return { plan, address };
}

/**
 * A plan is one stack's (crm-primary here): the app's other stacks (crm-dr, crm-global) are not in
 * it, so the rules that need them are judged on the joined app (cdktf.out), not here. The gate's
 * verdict on these plans is the change-safety family's: `--rule CRM-CHG-*`.
 */
const CHG_ONLY = ['--rule', 'CRM-CHG-*'];

describe('change safety on plans (CRM-CHG-*)', () => {
  it('the reference stack as a plan without changes has zero change-safety findings', async () => {
    const stack = await primaryStackJson();
    const plan = path.join(tempDir(), 'plan.json');
    writeFileSync(plan, JSON.stringify(planFromStack(stack, [])));
    const r = await runCli(['check', plan, '--format', 'json', ...CHG_ONLY]);
    expect((JSON.parse(r.stdout) as { findings: { ruleId: string; resource: string }[] }).findings.map((f) => `${f.ruleId} ${f.resource}`)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('an engine change that replaces the primary database names `engine`', async () => {
    const { plan, address } = await replacePrimaryDb('engine', 'mysql');
    const r = await runCli(['check', plan, '--format', 'json']);
    expect(r.code).toBe(1);
    const chg = (JSON.parse(r.stdout) as { findings: { ruleId: string; resource: string; message: string; enforcement: string }[] }).findings.filter((f) => f.ruleId === 'CRM-CHG-001');
    expect(chg).toHaveLength(1);
    expect(chg[0]).toMatchObject({ resource: address, enforcement: 'hard-mandatory' });
    expect(chg[0].message).toContain('forced by `engine` ("postgres" → "mysql")');
  });

  it('a renamed primary database fails the gate on CRM-CHG-001 alone; waived, the same plan passes and shows the waiver', async () => {
    const { plan, address } = await replacePrimaryDb('identifier', 'crm-prod-db-v2');
    const failed = await runCli(['check', plan, ...CHG_ONLY]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('CRM-CHG-001');
    expect(failed.stdout).toContain('forced by `identifier` ("crm-prod-db" → "crm-prod-db-v2")');
    expect(failed.stdout).toMatch(/FAIL: 1 blocking · 1 finding/);

    const waivers = path.join(tempDir(), 'crm-guard.waivers.yaml');
    writeFileSync(
      waivers,
      [
        'waivers:',
        '  - rule: CRM-CHG-001',
        `    resource: ${address}`,
        '    reason: Rename approved in CHG-4711; data migrated by snapshot restore before apply',
        '    owner: crm-platform',
        '    expires: 2099-12-31',
        '',
      ].join('\n'),
    );
    const passed = await runCli(['check', plan, '--waivers', waivers, ...CHG_ONLY]);
    expect(passed.stderr).toBe('');
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('CRM-CHG-001');
    expect(passed.stdout).toMatch(/\[waived/);
    expect(passed.stdout).toMatch(/PASS · 1 finding .*1 waived/);
  });

  it('CDKTF input alone: the CHG family is not evaluated, and the report says so', async () => {
    const app = await writeApp(await primaryStackJson());
    const r = await runCli(['check', app]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('change safety (CHG) not evaluated for crm-dr (cdktf), crm-global (cdktf), crm-primary (cdktf)');
    const md = await runCli(['check', app, '--format', 'markdown']);
    expect(md.stdout).toContain('change safety (CHG) not evaluated');
    const sarif = JSON.parse((await runCli(['check', app, '--format', 'sarif'])).stdout) as {
      runs: { invocations?: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
    };
    expect(sarif.runs[0].invocations?.[0].toolExecutionNotifications[0]).toMatchObject({ level: 'warning', message: { text: expect.stringContaining('change safety (CHG) not evaluated') } });
  });
});

describe('--compare-to PREV for CDKTF input', () => {
  it('a renamed primary database compared with the previous synth fails on CRM-CHG-001 naming `identifier`', async () => {
    const before = await primaryStackJson();
    const after = await primaryStackJson();
    const [name, db] = at(after, 'aws_db_instance', PRIMARY_DB);
    db.identifier = 'crm-prod-db-v2';
    const prev = await writeApp(before);
    const r = await runCli(['check', await writeApp(after), '--compare-to', prev, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; resource: string; message: string }[]; stacks: { changes: string }[] };
    expect(report.findings.map((f) => `${f.ruleId} ${f.resource}`)).toEqual([`CRM-CHG-001 aws_db_instance.${name}`]);
    expect(report.findings[0].message).toContain('forced by `identifier` ("crm-prod-db" → "crm-prod-db-v2")');
    expect(report.stacks.map((s) => s.changes)).toEqual(['compare-to', 'compare-to', 'compare-to']);
  });

  it('an unchanged stack compared with itself has no findings and no CHG note; a removed bucket is a delete', async () => {
    const doc = await primaryStackJson();
    const same = await runCli(['check', await writeApp(doc), '--compare-to', await writeApp(doc)]);
    expect(same.code).toBe(0);
    expect(same.stdout).not.toContain('not evaluated');

    const smaller = await primaryStackJson();
    const [bucket] = at(smaller, 'aws_s3_bucket', 'crm-primary/primary/attachments/bucket');
    delete smaller.resource.aws_s3_bucket[bucket];
    const r = await runCli(['check', await writeApp(smaller), '--compare-to', await writeApp(doc), '--format', 'json']);
    const chg = (JSON.parse(r.stdout) as { findings: { ruleId: string; resource: string; message: string }[] }).findings.filter((f) => f.ruleId.startsWith('CRM-CHG-'));
    expect(chg.map((f) => `${f.ruleId} ${f.resource}`)).toEqual([`CRM-CHG-001 aws_s3_bucket.${bucket}`]);
    expect(chg[0].message).toContain('is planned to be destroyed');
  });

  it('a missing previous input is a clear input error (exit 2)', async () => {
    const r = await runCli(['check', await writeApp(await primaryStackJson()), '--compare-to', path.join(tempDir(), 'nope.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.json');
  });
});

describe('crm-guard explain on change-safety rules', () => {
  it('shows the plan example and that a waiver approves the change', async () => {
    const r = await runCli(['explain', 'CRM-CHG-001']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('enforcement: hard-mandatory (waivable: a waiver approves the change)');
    expect(r.stdout).toContain('"resource_changes": [');
    for (const id of ['CRM-CHG-002', 'CRM-CHG-003', 'CRM-CHG-004', 'CRM-CHG-005']) expect((await runCli(['explain', id])).code).toBe(0);
  });
});
