import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyBaseline, baselineOf, loadBaseline, parseBaseline, serializeBaseline } from '../../src/baseline/baseline';
import { fingerprintOf } from '../../src/baseline/fingerprint';
import { check } from '../../src/check/check';
import type { Report } from '../../src/check/report';
import { ConfigError } from '../../src/errors';
import { tempDir } from '../helpers';
import { legacyDoc, runCliIn, sharedEngine, writeDoc } from './fixture';

/** One property flipped (key rotation off: CRM-ENC-001 appears) and one fixed (storage encrypted: CRM-ENC-004 goes). */
function mutatedDoc() {
  const doc = legacyDoc();
  doc.resource.aws_kms_key.db.enable_key_rotation = false;
  doc.resource.aws_db_instance.crm.storage_encrypted = true;
  doc.resource.aws_db_instance.crm.kms_key_id = '${aws_kms_key.db.arn}';
  return doc;
}

function json(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

describe('fingerprints', () => {
  it('are sha256 hex over rule + stack + address only, and differ when any of them differs', () => {
    const a = fingerprintOf({ ruleId: 'CRM-ENC-004', stack: 'legacy', resource: 'aws_db_instance.crm' });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOf({ ruleId: 'CRM-ENC-004', stack: 'legacy', resource: 'aws_db_instance.crm' })).toBe(a);
    expect(fingerprintOf({ ruleId: 'CRM-ENC-005', stack: 'legacy', resource: 'aws_db_instance.crm' })).not.toBe(a);
    expect(fingerprintOf({ ruleId: 'CRM-ENC-004', stack: 'other', resource: 'aws_db_instance.crm' })).not.toBe(a);
    expect(fingerprintOf({ ruleId: 'CRM-ENC-004', stack: 'legacy', resource: 'aws_db_instance.crm2' })).not.toBe(a);
  });

  it('do not depend on where the resource sits in the file', async () => {
    const engine = await sharedEngine();
    const doc = legacyDoc();
    const moved = { ...doc, resource: { aws_cloudwatch_log_group: doc.resource.aws_cloudwatch_log_group, aws_db_instance: doc.resource.aws_db_instance, aws_kms_key: doc.resource.aws_kms_key } };
    const a = (await check([writeDoc(doc)], { engine })).report.findings.find((f) => f.ruleId === 'CRM-ENC-004');
    const b = (await check([writeDoc(moved)], { engine })).report.findings.find((f) => f.ruleId === 'CRM-ENC-004');
    expect(a?.origin.line).not.toBe(b?.origin.line);
    expect(a?.fingerprint).toBe(b?.fingerprint);
  });
});

describe('baseline round trip', () => {
  it('--write-baseline records the findings deterministically and judges the run against it', async () => {
    const dir = tempDir();
    const stack = writeDoc(legacyDoc(), 'legacy', dir);
    const file = path.join(dir, 'baseline.json');
    const first = await runCliIn(dir, ['check', stack, '--write-baseline', file, '--format', 'json']);
    const report = json(first.stdout);
    const written = readFileSync(file, 'utf8');
    const baseline = loadBaseline(file);
    expect(baseline.findings.map((e) => e.fingerprint)).toEqual(expect.arrayContaining(report.findings.map((f) => f.fingerprint)));
    expect(written).not.toMatch(/line|20\d\d-\d\d-\d\dT/); // no positions, no timestamps
    expect(report.findings.every((f) => f.baseline === 'existing')).toBe(true);
    expect(report.summary).toMatchObject({ new: 0, fixed: 0 });

    await runCliIn(dir, ['check', stack, '--write-baseline', file]);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });

  it('after one property is mutated only the new finding blocks, and the fixed one is listed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'baseline.json');
    const allow = path.join(dir, 'allow.yaml');
    writeFileSync(allow, 'allow_hard_mandatory_waivers: true\n');
    await runCliIn(dir, ['check', writeDoc(legacyDoc(), 'legacy', dir), '--write-baseline', file]);

    const mutated = writeDoc(mutatedDoc(), 'legacy', tempDir());
    const r = await runCliIn(dir, ['check', mutated, '--baseline', file, '--config', allow, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    expect(report.findings.filter((f) => f.blocking).map((f) => f.ruleId)).toEqual(['CRM-ENC-001']);
    expect(report.findings.filter((f) => f.baseline === 'new').map((f) => f.ruleId)).toEqual(['CRM-ENC-001']);
    expect(report.summary).toMatchObject({ new: 1, fixed: 1, blocking: 1 });
    expect(report.baseline?.fixed).toEqual([{ fingerprint: fingerprintOf({ ruleId: 'CRM-ENC-004', stack: 'legacy', resource: 'aws_db_instance.crm' }), ruleId: 'CRM-ENC-004', stack: 'legacy', resource: 'aws_db_instance.crm' }]);

    // Without the flag a baseline, like a waiver, does not exempt hard-mandatory findings.
    const strict = json((await runCliIn(dir, ['check', mutated, '--baseline', file, '--format', 'json'])).stdout);
    const blocking = strict.findings.filter((f) => f.blocking);
    expect(blocking.filter((f) => f.baseline === 'existing').every((f) => f.enforcement === 'hard-mandatory')).toBe(true);
    expect(blocking.map((f) => f.ruleId).sort()).toEqual(['CRM-ENC-001', 'CRM-NET-009', 'CRM-NET-009']);

    // Unchanged input against its own baseline: nothing new, nothing blocks (flag on).
    expect((await runCliIn(dir, ['check', writeDoc(legacyDoc()), '--baseline', file, '--config', allow])).code).toBe(0);
  });

  it('entries of stacks not checked in this run are neither matched nor fixed', async () => {
    const engine = await sharedEngine();
    const { report } = await check([writeDoc(legacyDoc())], { engine });
    const other = baselineOf({ ...report, findings: report.findings.map((f) => ({ ...f, stack: 'other', fingerprint: fingerprintOf({ ...f, stack: 'other' }) })) });
    const against = applyBaseline(report, other, 'other.json');
    expect(against.summary).toMatchObject({ new: report.findings.length, fixed: 0 });
    expect(against.baseline).toMatchObject({ entries: 0, otherStacks: other.findings.length });
  });

  it('an invalid baseline is a ConfigError naming the file and every problem', async () => {
    const engine = await sharedEngine();
    const { report } = await check([writeDoc(legacyDoc())], { engine });
    const good = JSON.parse(serializeBaseline(baselineOf(report))) as { findings: Record<string, unknown>[] };
    good.findings[0].resource = 'aws_db_instance.renamed';
    delete good.findings[1].ruleId;
    expect(() => parseBaseline(JSON.stringify(good), 'b.json')).toThrow(ConfigError);
    expect(() => parseBaseline(JSON.stringify(good), 'b.json')).toThrow("$.findings[1]: must have required property 'ruleId'");
    expect(() => parseBaseline('{"version": 1, "tool": "crm-guard", "findings": [{"fingerprint": "x", "ruleId": "A", "stack": "s", "resource": "r"}]}', 'b.json')).toThrow('$.findings[0].fingerprint: must match pattern');
    const edited = JSON.parse(serializeBaseline(baselineOf(report))) as { findings: Record<string, unknown>[] };
    edited.findings[0].resource = 'aws_db_instance.renamed';
    expect(() => parseBaseline(JSON.stringify(edited), 'b.json')).toThrow('$.findings[0].fingerprint: does not match ruleId/stack/resource');
    const r = await runCliIn(tempDir(), ['check', writeDoc(legacyDoc()), '--baseline', '/nonexistent/baseline.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/baseline.json: cannot read the baseline');
  });
});
