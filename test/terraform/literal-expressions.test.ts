/**
 * Issue 12 §2: literal function calls, variables with defaults and locals chains are values,
 * not "known only after apply" — end to end through the wasm engine, in HCL and in plan form
 * (where Terraform has evaluated them already).
 */
import { jsonencode } from '../../src/model/hcl-expr';
import { findings, loadHcl, loadPlan, planDoc, PROVIDER_TF } from './harness';

const ADMIN_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const USER_DATA = 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n';

const hcl = {
  'main.tf': `${PROVIDER_TF}
variable "environment" {
  default = "prod"
}
variable "classification" {
  default = "internal"
}
locals {
  owner       = "crm-team"
  common_tags = { Owner = local.owner, Environment = var.environment }
  tags        = merge(local.common_tags, { DataClassification = lower(upper(var.classification)) })
  admin       = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
resource "aws_iam_policy" "admin" {
  name   = format("%s-admin", var.environment)
  policy = local.admin
  tags   = local.tags
}
resource "aws_instance" "web" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  user_data     = filebase64("\${path.module}/init.sh")
  tags          = merge(local.tags, { Name = "web" })
}
`,
  'init.sh': USER_DATA,
};

const tags = { Owner: 'crm-team', Environment: 'prod', DataClassification: 'internal' };
const plan = () =>
  planDoc([
    { address: 'aws_iam_policy.admin', values: { name: 'prod-admin', policy: jsonencode(ADMIN_POLICY), tags } },
    { address: 'aws_instance.web', values: { ami: 'ami-12345678', instance_type: 't3.micro', user_data: Buffer.from(USER_DATA).toString('base64'), tags: { ...tags, Name: 'web' } } },
  ]);

describe('literal expressions are evaluated (wasm engine)', () => {
  it('HCL: jsonencode / merge / format / filebase64 / locals chains become values', async () => {
    const m = await loadHcl(hcl);
    const policy = m.resources['aws_iam_policy.admin'];
    expect(policy.values.policy).toBe(jsonencode(ADMIN_POLICY));
    expect(policy.values.name).toBe('prod-admin');
    expect(policy.unknown).toEqual({});
    expect(m.resources['aws_instance.web'].values.tags).toEqual({ ...tags, Name: 'web' });
  });

  it.each([
    ['HCL', () => loadHcl(hcl)],
    ['plan', () => loadPlan(plan())],
  ] as const)('%s: a jsonencode policy granting * on * is a definite finding; merged tags pass; base64 user data is read', async (_f, load) => {
    const found = await findings(await load());
    expect(found).toContain('CRM-IAM-001 aws_iam_policy.admin');
    expect(found).toContain('CRM-IAM-017 aws_instance.web');
    expect(found.filter((f) => f.startsWith('CRM-CMP-003'))).toEqual([]);
    expect(found.filter((f) => f.endsWith(' ?'))).toEqual([]);
  });

  it('an expression with a value known only after apply stays unknown, exactly as before', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}
resource "aws_kms_key" "k" {}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = aws_kms_key.k.arn }] })
}
`,
    });
    expect(m.resources['aws_iam_policy.p'].unknown).toEqual({ policy: true });
    expect(m.resources['aws_iam_policy.p'].refs).toEqual({ policy: ['aws_kms_key.k'] });
  });

  it('numbered names: for_each over range() and format with zero padding give the instances Terraform plans', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}
locals {
  cells = { for i in range(3) : format("cell-%02d", i + 1) => i }
}
resource "aws_s3_bucket" "b" {
  for_each = local.cells
  bucket   = format("crm-%s-%03d", each.key, each.value)
}
resource "aws_sqs_queue" "q" {
  count = 2
  name  = format("q-%02d", count.index)
}
`,
    });
    expect(Object.keys(m.resources).sort()).toEqual([
      'aws_s3_bucket.b["cell-01"]',
      'aws_s3_bucket.b["cell-02"]',
      'aws_s3_bucket.b["cell-03"]',
      'aws_sqs_queue.q[0]',
      'aws_sqs_queue.q[1]',
    ]);
    expect(m.resources['aws_s3_bucket.b["cell-02"]'].values.bucket).toBe('crm-cell-02-001');
    expect(m.resources['aws_sqs_queue.q[1]'].values.name).toBe('q-01');
  });
});
