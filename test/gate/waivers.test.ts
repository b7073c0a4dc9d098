import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { check } from '../../src/check/check';
import type { Finding } from '../../src/check/report';
import { ConfigError } from '../../src/errors';
import { parseWaiverFile } from '../../src/waivers/file';
import { tempDir } from '../helpers';
import { legacyDoc, runCliIn, sharedEngine, writeDoc, writeYaml } from './fixture';

const TODAY = '2025-06-15';

function waiver(fields: Record<string, string>): string {
  return `  - ${Object.entries(fields)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n    ')}\n`;
}

const encWaiver = { rule: 'CRM-ENC-004', resource: 'aws_db_instance.crm', reason: 'snapshot-copy migration CHG-1', owner: 'team-data', expires: '2025-12-31' };

async function run(waivers: string, extra: { today?: string; config?: Record<string, boolean> } = {}) {
  return check([writeDoc(legacyDoc())], {
    engine: await sharedEngine(),
    waivers: writeYaml(`waivers:\n${waivers}`),
    today: extra.today ?? TODAY,
    ...(extra.config ? { config: extra.config } : {}),
  });
}

function one(findings: Finding[], ruleId: string): Finding {
  const hits = findings.filter((f) => f.ruleId === ruleId);
  expect(hits).toHaveLength(1);
  return hits[0];
}

describe('waivers', () => {
  it('a valid waiver waives the finding, which stays in the report marked with the waiver and never blocks', async () => {
    const before = await check([writeDoc(legacyDoc())], { engine: await sharedEngine(), today: TODAY });
    const { report, exitCode } = await run(waiver(encWaiver));
    const f = one(report.findings, 'CRM-ENC-004');
    expect(f).toMatchObject({ waived: true, blocking: false, waiver: { outcome: 'waived', owner: 'team-data', expires: '2025-12-31', reason: 'snapshot-copy migration CHG-1' } });
    expect(f.waiver?.id).toMatch(/waivers\.yaml#waivers\[0\]$/);
    expect(report.findings).toHaveLength(before.report.findings.length);
    expect(report.summary.waived).toBe(1);
    expect(report.summary.blocking).toBe(before.report.summary.blocking - 1);
    expect(report.waivers).toEqual([expect.objectContaining({ rule: 'CRM-ENC-004', status: 'used', matched: 1, waived: 1, refused: 0 })]);
    expect(exitCode).toBe(1); // other findings still block
  });

  it('a waiver missing a field is exit 2 naming the waiver (index and rule) and the field; every problem is reported', async () => {
    const file = writeYaml(
      `waivers:\n${waiver({ ...encWaiver, owner: '' })}${waiver({ rule: 'CRM-LOG-012', resource: 'aws_db_instance.crm', reason: 'r', owner: 'o' })}${waiver({ ...encWaiver, expires: '31.12.2025', ticket: 'X' })}${waiver({ ...encWaiver, expires: '2025-02-30' })}`,
    );
    const r = await runCliIn(tempDir(), ['check', writeDoc(legacyDoc()), '--waivers', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('waivers[0] (CRM-ENC-004): field "owner" must not be empty');
    expect(r.stderr).toContain('waivers[1] (CRM-LOG-012): missing required field "expires"');
    expect(r.stderr).toContain('waivers[2] (CRM-ENC-004): field "expires" must be a date YYYY-MM-DD');
    expect(r.stderr).toContain('waivers[2] (CRM-ENC-004): unknown field "ticket"');
    expect(r.stderr).toContain('waivers[3] (CRM-ENC-004): field "expires" is not a calendar date (2025-02-30)');
  });

  it('every required field is required', () => {
    for (const field of ['rule', 'resource', 'reason', 'owner', 'expires']) {
      const fields: Record<string, string> = { ...encWaiver };
      delete fields[field];
      const label = field === 'rule' ? 'waivers[0] (no rule)' : 'waivers[0] (CRM-ENC-004)';
      expect(() => parseWaiverFile(`waivers:\n${waiver(fields)}`, 'w.yaml')).toThrow(ConfigError);
      expect(() => parseWaiverFile(`waivers:\n${waiver(fields)}`, 'w.yaml')).toThrow(`${label}: missing required field "${field}"`);
    }
  });

  it('a waiver naming no rule in the catalog is exit 2', async () => {
    const file = writeYaml(`waivers:\n${waiver({ ...encWaiver, rule: 'CRM-ENC-999' })}`);
    const r = await runCliIn(tempDir(), ['check', writeDoc(legacyDoc()), '--waivers', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('waivers[0] (CRM-ENC-999): field "rule" names no rule in the catalog');
  });

  it('an expired waiver does not waive and is listed as expired; it applies through its expiry date', async () => {
    const onTheDay = await run(waiver(encWaiver), { today: '2025-12-31' });
    expect(one(onTheDay.report.findings, 'CRM-ENC-004').waived).toBe(true);

    const { report } = await run(waiver(encWaiver), { today: '2026-01-01' });
    const f = one(report.findings, 'CRM-ENC-004');
    expect(f).toMatchObject({ waived: false, blocking: true, waiver: { outcome: 'expired', expires: '2025-12-31' } });
    expect(report.waivers[0]).toMatchObject({ status: 'expired', matched: 1, waived: 0 });
    expect(report.summary).toMatchObject({ expired: 1, waived: 0, unusedWaivers: 0 });
  });

  it('resource globs match addresses; a waiver that matches nothing is reported unused', async () => {
    const { report } = await run(
      waiver({ ...encWaiver, resource: 'aws_db_instance.*' }) +
        waiver({ ...encWaiver, rule: 'CRM-LOG-007', resource: 'aws_cloudwatch_log_group.{app,web}' }) +
        waiver({ ...encWaiver, resource: 'aws_db_instance.other_*' }) +
        waiver({ ...encWaiver, rule: 'CRM-LOG-012', resource: 'aws_db_instance.crm', stack: 'crm-*' }),
    );
    expect(one(report.findings, 'CRM-ENC-004').waived).toBe(true);
    expect(one(report.findings, 'CRM-LOG-007').waived).toBe(true);
    expect(one(report.findings, 'CRM-LOG-012').waived).toBe(false); // stack glob does not match "legacy"
    expect(report.waivers.map((w) => [w.resource, w.status])).toEqual([
      ['aws_db_instance.*', 'used'],
      ['aws_cloudwatch_log_group.{app,web}', 'used'],
      ['aws_db_instance.other_*', 'unused'],
      ['aws_db_instance.crm', 'unused'],
    ]);
    expect(report.summary.unusedWaivers).toBe(2);
  });

  it('hard-mandatory findings are not waived unless the config allows it, and the report shows the flag', async () => {
    const hard = waiver({ ...encWaiver, rule: 'CRM-NET-009' });
    const refused = await run(hard);
    const blocked = refused.report.findings.filter((f) => f.ruleId === 'CRM-NET-009');
    expect(blocked.length).toBeGreaterThan(0);
    for (const f of blocked) expect(f).toMatchObject({ enforcement: 'hard-mandatory', waived: false, blocking: true, waiver: { outcome: 'refused' } });
    expect(refused.report.waivers[0]).toMatchObject({ status: 'refused', refused: blocked.length, waived: 0 });
    expect(refused.report.summary).toMatchObject({ allowHardMandatoryWaivers: false, refusedWaivers: 1 });

    const allowed = await run(hard, { config: { allow_hard_mandatory_waivers: true } });
    for (const f of allowed.report.findings.filter((x) => x.ruleId === 'CRM-NET-009')) expect(f).toMatchObject({ waived: true, blocking: false });
    expect(allowed.report.summary.allowHardMandatoryWaivers).toBe(true);
    expect(allowed.report.waivers[0].status).toBe('used');
  });

  it('the CLI discovers crm-guard.waivers.yaml in the working directory; --waivers overrides it', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'crm-guard.waivers.yaml'), `waivers:\n${waiver({ ...encWaiver, expires: '2999-12-31' })}`);
    const stack = writeDoc(legacyDoc());
    const found = JSON.parse((await runCliIn(cwd, ['check', stack, '--format', 'json'])).stdout) as { findings: Finding[] };
    expect(one(found.findings, 'CRM-ENC-004').waiver).toMatchObject({ id: 'crm-guard.waivers.yaml#waivers[0]', outcome: 'waived' });

    const other = writeYaml(`waivers: []\n`);
    const overridden = JSON.parse((await runCliIn(cwd, ['check', stack, '--format', 'json', '--waivers', other])).stdout) as { findings: Finding[] };
    expect(one(overridden.findings, 'CRM-ENC-004').waived).toBe(false);

    const none = JSON.parse((await runCliIn(tempDir(), ['check', stack, '--format', 'json'])).stdout) as { findings: Finding[] };
    expect(one(none.findings, 'CRM-ENC-004').waived).toBe(false);
  });
});
