/**
 * Inline suppressions in HCL (`# crm-guard:ignore RULE reason=… owner=… expires=…`): the same
 * semantics as waivers-file entries, reported the same way; malformed ones are exit 2 naming the
 * file and line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { check } from '../../src/check/check';
import { ConfigError } from '../../src/errors';
import { parseHclDirectives, topLevelBlocks } from '../../src/waivers/hcl-comments';
import { getFormatter } from '../../src/report/registry';
import { tempDir } from '../helpers';
import { runCliIn, sharedEngine } from './fixture';

const TODAY = '2026-06-01';

/** A root module: provider, and an RDS instance unencrypted (CRM-ENC-004, high) and public (CRM-NET-009, hard-mandatory). */
function writeTf(dbPrefix: string, attrPrefix = '', extra = ''): { dir: string; file: string } {
  const dir = path.join(tempDir(), 'infra');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'providers.tf'), 'provider "aws" {\n  region = "eu-west-1"\n}\n');
  const file = path.join(dir, 'main.tf');
  writeFileSync(
    file,
    [
      'data "aws_iam_policy_document" "p" {',
      '  statement {',
      '    actions = ["s3:GetObject"]',
      '    resources = ["*"]',
      '  }',
      '}',
      '',
      dbPrefix,
      'resource "aws_db_instance" "crm" {',
      '  engine = "postgres"',
      attrPrefix,
      '  storage_encrypted = false',
      '  publicly_accessible = true',
      '}',
      extra,
    ].join('\n'),
  );
  return { dir, file };
}

const ENC = 'CRM-ENC-004 reason="snapshot-copy migration CHG-1" owner=team-data expires=2026-12-31';

async function run(dir: string, config?: Record<string, boolean>) {
  return check([dir], { engine: await sharedEngine(), today: TODAY, ...(config ? { config } : {}) });
}

describe('HCL inline suppressions', () => {
  it('a valid suppression above the resource waives that finding, recorded like a file waiver', async () => {
    const { dir, file } = writeTf(`# crm-guard:ignore ${ENC}`);
    const { report } = await run(dir);
    const enc = report.findings.find((f) => f.ruleId === 'CRM-ENC-004');
    expect(enc).toMatchObject({ waived: true, blocking: false, waiver: { id: `${file}:8`, outcome: 'waived', owner: 'team-data', expires: '2026-12-31', reason: 'snapshot-copy migration CHG-1' } });
    expect(report.findings.find((f) => f.ruleId === 'CRM-NET-009')?.blocking).toBe(true);
    expect(report.waivers).toEqual([expect.objectContaining({ id: `${file}:8`, rule: 'CRM-ENC-004', resource: 'aws_db_instance.crm', status: 'used', origin: { kind: 'hcl', file, line: 8 } })]);
  });

  it('above an attribute, with a // comment, also works', async () => {
    const { dir } = writeTf('', `  // crm-guard:ignore ${ENC}`);
    const { report } = await run(dir);
    expect(report.findings.find((f) => f.ruleId === 'CRM-ENC-004')?.waived).toBe(true);
  });

  it('expired and unused suppressions are reported as for file waivers', async () => {
    const { dir } = writeTf('# crm-guard:ignore CRM-ENC-004 reason="old" owner=team-data expires=2026-01-01\n# crm-guard:ignore CRM-LOG-008 reason="nothing to waive" owner=ops expires=2026-12-31');
    const { report, exitCode } = await run(dir);
    expect(report.findings.find((f) => f.ruleId === 'CRM-ENC-004')).toMatchObject({ waived: false, blocking: true, waiver: { outcome: 'expired' } });
    expect(report.waivers.map((w) => [w.rule, w.status])).toEqual([
      ['CRM-ENC-004', 'expired'],
      ['CRM-LOG-008', 'unused'],
    ]);
    expect(report.summary).toMatchObject({ expired: 1, unusedWaivers: 1 });
    expect(exitCode).toBe(1);
  });

  it('hard-mandatory findings are not suppressed inline unless the config allows it', async () => {
    const { dir } = writeTf('# crm-guard:ignore CRM-NET-009 reason="lab" owner=ops expires=2026-12-31');
    const refused = await run(dir);
    expect(refused.report.findings.find((f) => f.ruleId === 'CRM-NET-009')).toMatchObject({ waived: false, blocking: true, waiver: { outcome: 'refused' } });
    expect(refused.report.waivers[0].status).toBe('refused');
    const allowed = await run(dir, { allow_hard_mandatory_waivers: true });
    expect(allowed.report.findings.find((f) => f.ruleId === 'CRM-NET-009')?.waived).toBe(true);
  });

  it('a suppression without an expiry is exit 2 naming the file and line', async () => {
    const { dir, file } = writeTf('# crm-guard:ignore CRM-ENC-004 reason="x" owner=team-data');
    await expect(run(dir)).rejects.toThrow(ConfigError);
    const r = await runCliIn(path.dirname(dir), ['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: line 8: crm-guard:ignore CRM-ENC-004: missing required field "expires"`);
  });

  it('unknown rules, unknown fields, bad dates and misplaced directives are errors naming the line', async () => {
    const unknown = writeTf('# crm-guard:ignore CRM-XYZ-999 reason="x" owner=o expires=2026-12-31');
    await expect(run(unknown.dir)).rejects.toThrow(`line 8 crm-guard:ignore (CRM-XYZ-999): field "rule" names no rule in the catalog`);
    const field = writeTf('# crm-guard:ignore CRM-ENC-004 reason="x" owner=o expires=2026-12-31 ticket=1');
    await expect(run(field.dir)).rejects.toThrow('crm-guard:ignore CRM-ENC-004: unknown field "ticket"');
    const date = writeTf('# crm-guard:ignore CRM-ENC-004 reason="x" owner=o expires=2026-02-30');
    await expect(run(date.dir)).rejects.toThrow('field "expires" must be a calendar date YYYY-MM-DD (got 2026-02-30)');
    const misplaced = writeTf('', '', '\n# crm-guard:ignore CRM-ENC-004 reason="x" owner=o expires=2026-12-31\nlocals {\n  a = 1\n}\n');
    await expect(run(misplaced.dir)).rejects.toThrow('does not precede a resource, a data source or one of their attributes');
    const provider = path.join(writeTf('').dir);
    writeFileSync(path.join(provider, 'providers.tf'), '# crm-guard:ignore CRM-ENC-004 reason="x" owner=o expires=2026-12-31\nprovider "aws" {\n  region = "eu-west-1"\n}\n');
    const error = await run(provider).then(
      () => null,
      (e: unknown) => e as ConfigError,
    );
    expect(error?.describe()).toContain(`${path.join(provider, 'providers.tf')}: line 1: crm-guard:ignore CRM-ENC-004 does not precede a resource`);
  });

  it('blocks are found past braces in strings, comments and heredocs', () => {
    const text = ['resource "a" "b" {', '  policy = <<EOF', '{"x": {', 'EOF', '  s = "}"  # }', '}', 'resource "c" "d" {', '}'].join('\n');
    expect(topLevelBlocks(text).map((b) => [b.kind, ...b.labels, b.start, b.end])).toEqual([
      ['resource', 'a', 'b', 1, 6],
      ['resource', 'c', 'd', 7, 8],
    ]);
    expect(parseHclDirectives('f.tf', `x\n  # crm-guard:ignore crm-enc-004 reason="a \\"quoted\\" why" owner=o expires=2026-12-31\n\n  # other\n  y = 1`)).toEqual([
      { file: 'f.tf', line: 2, rule: 'CRM-ENC-004', reason: 'a "quoted" why', owner: 'o', expires: '2026-12-31', target: 5 },
    ]);
  });
});

describe('field round 9: line endings and names as HCL defines them', () => {
  it('a suppression in a file with CRLF line endings (a Windows checkout) is read like one with LF', async () => {
    const { dir, file } = writeTf(`# crm-guard:ignore ${ENC}`);
    const { readFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    const { report } = await run(dir);
    expect(report.findings.find((f) => f.ruleId === 'CRM-ENC-004')).toMatchObject({ waived: true, waiver: { id: `${file}:8` } });
    writeFileSync(file, readFileSync(file, 'utf8').replace('expires=2026-12-31', ''));
    await expect(run(dir)).rejects.toMatchObject({ file, path: 'line 8', message: expect.stringMatching(/crm-guard:ignore CRM-ENC-004: missing required field "expires"/) });
  });

  it('a resource named with non-ASCII letters has its own line, and a suppression above it applies', async () => {
    const { dir, file } = writeTf(`# crm-guard:ignore ${ENC}`);
    const { readFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"crm"', '"crm_é"'));
    const { report } = await run(dir);
    const enc = report.findings.find((f) => f.ruleId === 'CRM-ENC-004');
    expect(enc).toMatchObject({ resource: 'aws_db_instance.crm_é', waived: true, origin: { file, line: 9 } });
    expect(report.findings.find((f) => f.ruleId === 'CRM-NET-009')?.origin.line).toBe(9);
  });

  it('a name Terraform refuses (an emoji is not a letter) is exit 2 naming the file and line', async () => {
    const { dir, file } = writeTf('');
    const { readFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"crm"', '"crm_🔥"'));
    await expect(run(dir)).rejects.toThrow(/invalid resource name "crm_🔥" in resource "aws_db_instance"/);
    await expect(run(dir)).rejects.toMatchObject({ file, path: 'line 9' });
  });

  it('SARIF marks a suppression written in the source as inSource (a waivers-file entry stays external)', async () => {
    const { dir } = writeTf(`# crm-guard:ignore ${ENC}`);
    const { report } = await run(dir);
    const log = JSON.parse(getFormatter('sarif').format(report, { color: false })) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ kind: string }> }> }> };
    expect(log.runs[0].results.filter((r) => r.suppressions).map((r) => [r.ruleId, r.suppressions?.[0].kind])).toEqual([['CRM-ENC-004', 'inSource']]);
  });

  it('a finding on an aliased provider is located at that provider block', async () => {
    const { dir } = writeTf('');
    writeFileSync(path.join(dir, 'providers.tf'), 'provider "aws" {\n  region = "eu-west-1"\n}\n\nprovider "aws" {\n  # the US replica\n  alias  = "us"\n  region = "us-east-1"\n}\n');
    const { report } = await check([dir], { engine: await sharedEngine(), today: TODAY, repoRoot: path.dirname(dir) });
    const located = (address: string) => report.findings.find((f) => f.ruleId === 'CRM-CMP-006' && f.resource === address)?.location;
    expect(located('provider.aws')).toEqual({ file: 'infra/providers.tf', line: 1 });
    expect(located('provider.aws.us')).toEqual({ file: 'infra/providers.tf', line: 5 });
  });
});
