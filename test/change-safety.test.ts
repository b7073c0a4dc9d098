/**
 * The change-safety gate end to end: the reference deployment's primary stack as a plan that
 * replaces the primary database fails with a CRM-CHG-001 finding naming the attribute that forces
 * the replacement; with the replacement waived, the same plan passes and the report shows the
 * waiver. CDKTF input alone is not evaluated for change safety, and every report says so.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { at, PRIMARY_DB, primaryStackJson, runCli, tempDir, writeStack } from './helpers';
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

describe('change safety on plans (CRM-CHG-*)', () => {
  it('the reference stack as a plan without changes has zero findings', async () => {
    const stack = await primaryStackJson();
    const plan = path.join(tempDir(), 'plan.json');
    writeFileSync(plan, JSON.stringify(planFromStack(stack, [])));
    const r = await runCli(['check', plan, '--format', 'json']);
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
    const failed = await runCli(['check', plan]);
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
    const passed = await runCli(['check', plan, '--waivers', waivers]);
    expect(passed.stderr).toBe('');
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('CRM-CHG-001');
    expect(passed.stdout).toMatch(/\[waived/);
    expect(passed.stdout).toMatch(/PASS · 1 finding .*1 waived/);
  });

  it('CDKTF input alone: the CHG family is not evaluated, and the report says so', async () => {
    const r = await runCli(['check', writeStack(await primaryStackJson())]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('change safety (CHG) not evaluated for crm-primary (cdktf)');
    const md = await runCli(['check', writeStack(await primaryStackJson()), '--format', 'markdown']);
    expect(md.stdout).toContain('change safety (CHG) not evaluated');
  });
});
