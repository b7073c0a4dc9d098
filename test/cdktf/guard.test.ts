/** PolicyGuard and construct-level waivers: policy inside the CDKTF program. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { SqsQueue } from '@cdktn/provider-aws/lib/sqs-queue';
import { App, Fn, TerraformStack, Testing, type TerraformResource } from 'cdktn';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy';
import { check } from '../../src/check/check';
import { buildApp } from '../../stacks/app';
import { PolicyGuard } from '../../src/cdktf/guard';
import { Waivers } from '../../src/cdktf/waivers';
import { ConfigError } from '../../src/errors';
import { GuardedStack } from '../fixtures/cdktf-app/legacy-stack';
import { referenceOut, runCli, tempDir } from '../helpers';

const sourceRoot = path.join(__dirname, '..', 'fixtures', 'cdktf-app');
const waiver = { rule: 'CRM-ENC-007', reason: 'legacy archive keeps SSE-S3 until its Q2 retirement', owner: 'team-archive', expires: '2099-12-31' };

function appIn(outdir: string): App {
  return new App({ outdir, stackTraces: false });
}

describe('PolicyGuard', () => {
  it('fails synthesis with the rule id, the construct path and its source line', () => {
    const app = appIn(tempDir());
    new GuardedStack(app, 'archive', { blockPublicAccess: false });
    const warnings: string[] = [];
    PolicyGuard.of(app, { sourceRoot, rules: ['CRM-IAM-010'], warn: (m) => warnings.push(m) });
    expect(() => app.synth()).toThrow(/CRM-IAM-010 \(critical\) archive\/archive\/archive-bucket \[legacy-stack\.ts:13\] aws_s3_bucket\.archive_archive-bucket_\w+: .*no aws_s3_bucket_public_access_block/);
  });

  it('evaluates on the given number of workers with the same verdict; an invalid number is refused up front', () => {
    const messages = (jobs: number) => {
      const app = appIn(tempDir());
      new GuardedStack(app, 'archive', { blockPublicAccess: false });
      const guard = PolicyGuard.of(app, { sourceRoot, failOn: 'none', jobs, warn: () => undefined });
      app.synth();
      return guard.reports.get('archive')?.findings.map((f) => `${f.ruleId} ${f.resource} ${f.message}`);
    };
    const one = messages(1);
    expect(one?.length).toBeGreaterThan(2);
    expect(messages(2)).toEqual(one);
    expect(() => PolicyGuard.of(appIn(tempDir()), { jobs: 0 })).toThrow(/invalid number of evaluation jobs 0/);
  });

  it('reads policies built with Fn.jsonencode as check reads the synthesized stack', async () => {
    const outdir = tempDir();
    const app = appIn(outdir);
    const stack = new TerraformStack(app, 'policies');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const bucket = new S3Bucket(stack, 'files', { bucket: 'acme-crm-files' });
    new S3BucketPolicy(stack, 'tls', {
      bucket: bucket.id,
      policy: Fn.jsonencode({
        Statement: [
          {
            Sid: 'DenyInsecure',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucket.arn, `${bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    });
    new IamRolePolicy(stack, 'admin', { role: 'crm-app', policy: Fn.jsonencode({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) });
    const rules = ['CRM-ENC-008', 'CRM-IAM-001', 'CRM-IAM-012'];
    const guard = PolicyGuard.of(app, { rules, failOn: 'none', warn: () => undefined });
    app.synth();
    const byGuard = guard.reports.get('policies')?.findings.filter((f) => rules.includes(f.ruleId)).map((f) => [f.ruleId, f.resource, f.unverifiable]);
    // The literal admin policy is a finding, the TLS-only policy around the bucket's ARN is proven.
    expect(byGuard).toEqual([['CRM-IAM-001', expect.stringMatching(/^aws_iam_role_policy\.admin/), false]]);
    const { report } = await check([path.join(outdir, 'stacks', 'policies', 'cdk.tf.json')], { rules: { include: rules } });
    expect(report.findings.map((f) => [f.ruleId, f.resource, f.unverifiable])).toEqual(byGuard);
  });

  it('passes a compliant stack and reports nothing', () => {
    const app = appIn(tempDir());
    new GuardedStack(app, 'archive', { blockPublicAccess: true });
    const guard = PolicyGuard.of(app, { sourceRoot, rules: ['CRM-IAM-010'], warn: () => undefined });
    expect(() => app.synth()).not.toThrow();
    expect(guard.reports.get('archive')?.findings.filter((f) => f.ruleId === 'CRM-IAM-010')).toEqual([]);
  });

  it('a severity threshold turns blocking findings into warnings', () => {
    const app = appIn(tempDir());
    new GuardedStack(app, 'archive', { blockPublicAccess: false });
    const warnings: string[] = [];
    PolicyGuard.of(app, { failOn: 'none', warn: (m) => warnings.push(m) });
    expect(() => app.synth()).not.toThrow();
    expect(warnings.some((w) => /^crm-guard warning: CRM-IAM-010/.test(w))).toBe(true);
  });

  it('guards the reference deployment: a weakened construct fails its synthesis', () => {
    const app = buildApp({ outdir: tempDir() });
    const db = app.node.findAll().find((c) => c.node.path === 'crm-primary/database/instance') as TerraformResource;
    db.addOverride('storage_encrypted', false);
    expect(() => app.synth()).toThrow(/\[crm-primary\] crm-guard: CRM-ENC-004 \(high\) crm-primary\/database\/instance .*`storage_encrypted = false`/);
  });

  it('joins the stacks of the app: a key of another stack (a cdktn cross-stack reference) proves the queue encrypted; a hard-coded remote read does not', () => {
    const twoStacks = (crossStack: boolean) => {
      const app = appIn(tempDir());
      const keys = new TerraformStack(app, 'keys');
      new AwsProvider(keys, 'aws', { region: 'eu-west-1' });
      const key = new KmsKey(keys, 'key', { enableKeyRotation: true });
      const queues = new TerraformStack(app, 'queues');
      new AwsProvider(queues, 'aws', { region: 'eu-west-1' });
      const kmsMasterKeyId = crossStack ? key.arn : '${data.terraform_remote_state.elsewhere.outputs.key_arn}';
      new SqsQueue(queues, 'events', { name: 'crm-events', kmsMasterKeyId, tags: { DataClassification: 'confidential' } });
      const guard = PolicyGuard.of(app, { rules: ['CRM-ENC-016'], warn: () => undefined });
      return { app, guard };
    };
    const joined = twoStacks(true);
    expect(() => joined.app.synth()).not.toThrow();
    expect(joined.guard.reports.get('queues')?.findings.filter((f) => f.ruleId === 'CRM-ENC-016')).toEqual([]);
    const unresolved = twoStacks(false);
    expect(() => unresolved.app.synth()).toThrow(/\[queues\] crm-guard: CRM-ENC-016 .*known only after apply/);
  });

  it('guards stacks created after it was attached to the App', () => {
    const app = appIn(tempDir());
    PolicyGuard.of(app, { rules: ['CRM-IAM-010'], warn: () => undefined });
    new GuardedStack(app, 'late', { blockPublicAccess: false });
    expect(() => app.synth()).toThrow(/\[late\] crm-guard: CRM-IAM-010/);
  });

  it('rule selection limits what can fail synthesis', () => {
    const app = appIn(tempDir());
    new GuardedStack(app, 'archive', { blockPublicAccess: false });
    PolicyGuard.of(app, { rules: ['CRM-ENC-004'], warn: () => undefined });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('construct-level waivers', () => {
  it('waive a finding during synthesis, and the CLI honours them on cdktf.out afterwards', async () => {
    const out = tempDir();
    const app = appIn(out);
    const stack = new GuardedStack(app, 'archive', { blockPublicAccess: false });
    Waivers.of(stack.archive).add(waiver);
    const guard = PolicyGuard.of(app, { sourceRoot, rules: ['CRM-ENC-007'], warn: () => undefined });
    expect(() => app.synth()).not.toThrow();
    const during = guard.reports.get('archive')?.findings.find((f) => f.ruleId === 'CRM-ENC-007');
    expect(during).toMatchObject({ waived: true, blocking: false });

    const r = await runCli(['check', out, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; waived: boolean; waiver?: { owner: string } }[] };
    const f = report.findings.find((x) => x.ruleId === 'CRM-ENC-007');
    expect(f).toMatchObject({ waived: true });
    expect(JSON.stringify(f)).toContain('team-archive');
    expect(JSON.parse((await runCli(['check', out, '--format', 'json'])).stdout)).toEqual(report);
  });

  it('record the waiver in the synthesized JSON under the resource comment key', () => {
    const out = tempDir();
    const app = appIn(out);
    const stack = new GuardedStack(app, 'archive', { blockPublicAccess: false });
    Waivers.of(stack.archive).add(waiver);
    app.synth();
    const doc = JSON.parse(readFileSync(path.join(out, 'stacks', 'archive', 'cdk.tf.json'), 'utf8')) as { resource: { aws_s3_bucket: Record<string, { '//': { crm_guard: { waivers: unknown[] } } }> } };
    const [bucket] = Object.values(doc.resource.aws_s3_bucket);
    expect(bucket['//'].crm_guard.waivers).toEqual([{ ...waiver, constructPath: 'archive/archive' }]);
  });

  it('expired waivers stop waiving', () => {
    const app = appIn(tempDir());
    const stack = new GuardedStack(app, 'archive', { blockPublicAccess: false });
    Waivers.of(stack.archive).add({ ...waiver, expires: '2020-01-31' });
    PolicyGuard.of(app, { rules: ['CRM-ENC-007'], warn: () => undefined });
    expect(() => app.synth()).toThrow(/CRM-ENC-007/);
  });

  it('cannot waive a hard-mandatory rule unless the config allows it', () => {
    const hard = { ...waiver, rule: 'CRM-IAM-010' };
    const refused = appIn(tempDir());
    Waivers.of(new GuardedStack(refused, 'archive', { blockPublicAccess: false }).archive).add(hard);
    PolicyGuard.of(refused, { rules: ['CRM-IAM-010'], warn: () => undefined });
    expect(() => refused.synth()).toThrow(/CRM-IAM-010 \(critical\)/);

    const allowed = appIn(tempDir());
    Waivers.of(new GuardedStack(allowed, 'archive', { blockPublicAccess: false }).archive).add(hard);
    PolicyGuard.of(allowed, { rules: ['CRM-IAM-010'], config: { allow_hard_mandatory_waivers: true }, warn: () => undefined });
    expect(() => allowed.synth()).not.toThrow();
  });

  it('reject an incomplete waiver at once, naming the construct and the field', () => {
    const app = Testing.app();
    const stack = new GuardedStack(app, 'archive', { blockPublicAccess: false });
    const add = () => Waivers.of(stack.archive).add({ rule: 'CRM-ENC-007', reason: 'x', owner: '', expires: '2099-01-01' });
    expect(add).toThrow(ConfigError);
    expect(add).toThrow(/archive\/archive.*field "owner"/);
  });
});

describe('team policies', () => {
  const teamDir = path.join(__dirname, '..', 'fixtures', 'team-policies');

  it('compile with the pinned OPA and report like built-in rules in text, JSON and SARIF', async () => {
    const out = tempDir();
    const app = appIn(out);
    new GuardedStack(app, 'archive', { blockPublicAccess: true, bucketName: 'legacy-archive' });
    app.synth();
    const dir = tempDir();
    const sarif = path.join(dir, 'r.sarif');
    const json = path.join(dir, 'r.json');
    const r = await runCli(['check', out, '--policy', teamDir, '--format', 'text', '--format', 'json', '--output', json, '--format', 'sarif', '--output', sarif]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ACME-ENC-001 +aws_s3_bucket\.archive_archive-bucket_\w+/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { findings: { ruleId: string; severity: string; family: string }[] };
    expect(report.findings.filter((f) => f.ruleId === 'ACME-ENC-001')).toEqual([expect.objectContaining({ severity: 'medium', family: 'ENC' })]);
    const log = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string }[] }[] };
    expect(log.runs[0].tool.driver.rules.map((x) => x.id)).toContain('ACME-ENC-001');
    expect(log.runs[0].results.map((x) => x.ruleId)).toContain('ACME-ENC-001');
  });

  it('run inside the guard too', () => {
    const app = appIn(tempDir());
    new GuardedStack(app, 'archive', { blockPublicAccess: true, bucketName: 'legacy-archive' });
    PolicyGuard.of(app, { policies: [teamDir], rules: ['ACME-ENC-001'], warn: () => undefined });
    expect(() => app.synth()).toThrow(/ACME-ENC-001 \(medium\)/);
  });

  it('must not use the baseline\'s CRM- prefix', async () => {
    const bad = tempDir();
    mkdirSync(path.join(bad, 'encryption'));
    const text = readFileSync(path.join(teamDir, 'encryption', 'acme_bucket_prefix.rego'), 'utf8') as string;
    writeFileSync(path.join(bad, 'encryption', 'acme_bucket_prefix.rego'), text.replace('ACME-ENC-001', 'CRM-ENC-901'));
    const r = await runCli(['check', await referenceOut(), '--policy', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('team rule ids must use the team\'s own prefix');
  });
});
