/** Real Terraform read as Terraform reads it: template directives, non-nullable variables, dynamic provider blocks, policy documents of expanded data sources. */
import { findingMessages, findings, loadHcl, PROVIDER_TF } from './harness';

describe('a string holding only %{ } directives is a template', () => {
  it('is evaluated when its parts are known: `%{ if var.public }true%{ else }false%{ endif }` is true', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}variable "public" {\n  default = true\n}\nresource "aws_db_instance" "db" {\n  engine = "postgres"\n  publicly_accessible = "%{ if var.public }true%{ else }false%{ endif }"\n}\n`,
    });
    expect(m.resources['aws_db_instance.db'].values.publicly_accessible).toBe(true);
    expect((await findingMessages(m, 'CRM-NET-009')).filter((msg) => msg.includes('`publicly_accessible = true`'))).toHaveLength(1);
  });

  it('takes the branch its condition selects (no finding for the branch not taken)', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}variable "env" {\n  default = "dev"\n}\nresource "aws_security_group" "s" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ["%{ if var.env == "prod" }0.0.0.0/0%{ else }10.0.0.0/8%{ endif }"]\n  }\n}\n`,
    });
    expect(m.resources['aws_security_group.s'].values.ingress).toEqual([expect.objectContaining({ cidr_blocks: ['10.0.0.0/8'] })]);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-NET-001'))).toEqual([]);
  });

  it('is known only after apply when a part is', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\nresource "aws_security_group" "s" {\n  description = "%{ if aws_vpc.v.id != "" }x%{ endif }"\n}\n`,
    });
    expect(m.resources['aws_security_group.s'].unknown).toHaveProperty('description', true);
  });
});

describe('nullable = false', () => {
  const mod = `variable "admin_cidrs" {\n  type = list(string)\n  default = ["0.0.0.0/0"]\n  nullable = false\n}\nresource "aws_security_group" "s" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = var.admin_cidrs\n  }\n}\n`;
  it('a null module argument stands for the default', async () => {
    const m = await loadHcl({ 'main.tf': `${PROVIDER_TF}module "m" {\n  source = "./mod"\n  admin_cidrs = null\n}\n`, 'mod/main.tf': mod });
    expect(m.resources['module.m.aws_security_group.s'].values.ingress).toEqual([expect.objectContaining({ cidr_blocks: ['0.0.0.0/0'] })]);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-NET-001'))).toEqual(['CRM-NET-001 module.m.aws_security_group.s']);
  });

  it('a nullable variable given null is null (the default is not used)', async () => {
    const m = await loadHcl({ 'main.tf': `${PROVIDER_TF}module "m" {\n  source = "./mod"\n  admin_cidrs = null\n}\n`, 'mod/main.tf': mod.replace('  nullable = false\n', '') });
    expect(m.resources['module.m.aws_security_group.s'].values.ingress).toEqual([expect.not.objectContaining({ cidr_blocks: expect.anything() })]);
  });
});

describe('a provider block with dynamic nested blocks', () => {
  it('dynamic "default_tags" gives the provider its default tags', async () => {
    const m = await loadHcl({
      'main.tf': `provider "aws" {\n  region = "eu-central-1"\n  dynamic "default_tags" {\n    for_each = [{ Owner = "crm", DataClassification = "internal" }]\n    content {\n      tags = default_tags.value\n    }\n  }\n}\nresource "aws_sqs_queue" "q" {\n  name = "q"\n  sqs_managed_sse_enabled = true\n}\n`,
    });
    expect(m.providers.aws.values.default_tags).toEqual([{ tags: { Owner: 'crm', DataClassification: 'internal' } }]);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-CMP-003'))).toEqual([]);
  });
});

describe('the policy document of an expanded aws_iam_policy_document', () => {
  it('`data.aws_iam_policy_document.p[0].json` is read: a public bucket policy is a definite finding', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}resource "aws_s3_bucket" "b" {\n  bucket = "acme-assets"\n}\ndata "aws_iam_policy_document" "p" {\n  count = 1\n  statement {\n    actions = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::acme-assets/*"]\n    principals {\n      type = "*"\n      identifiers = ["*"]\n    }\n  }\n}\nresource "aws_s3_bucket_policy" "p" {\n  bucket = aws_s3_bucket.b.id\n  policy = data.aws_iam_policy_document.p[0].json\n}\n`,
    });
    expect((await findings(m)).filter((f) => f.startsWith('CRM-IAM-012'))).toEqual(['CRM-IAM-012 aws_s3_bucket.b']);
  });
});

describe('collections known in part', () => {
  const sg = (cidrs: string, locals = ''): string =>
    `${PROVIDER_TF}resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n${locals}resource "aws_security_group" "s" {\n  vpc_id = aws_vpc.v.id\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ${cidrs}\n  }\n}\n`;

  it.each([
    ['a list in parentheses', '([aws_vpc.v.cidr_block, "0.0.0.0/0"])', ''],
    ['concat() in place', 'concat([aws_vpc.v.cidr_block], ["0.0.0.0/0"])', ''],
    ['concat() in a local', 'local.cidrs', 'locals {\n  cidrs = concat([aws_vpc.v.cidr_block], ["0.0.0.0/0"])\n}\n'],
  ])('%s keeps its known elements', async (_what, cidrs, locals) => {
    const m = await loadHcl({ 'main.tf': sg(cidrs, locals) });
    const r = m.resources['aws_security_group.s'];
    expect(r.values.ingress).toEqual([expect.objectContaining({ cidr_blocks: ['${aws_vpc.v.cidr_block}', '0.0.0.0/0'] })]);
    expect(r.refs['ingress.cidr_blocks']).toEqual(['aws_vpc.v']);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-NET-001'))).toEqual(['CRM-NET-001 aws_security_group.s']);
  });

  it('a list whose elements depend on an unknown value stays unknown', async () => {
    const m = await loadHcl({ 'main.tf': sg('concat(aws_vpc.v.cidr_block_associations, ["10.1.0.0/16"])') });
    expect(m.resources['aws_security_group.s'].unknown).toHaveProperty(['ingress.cidr_blocks'], true);
  });

  it('`!= null` on a collection with parts known only after apply is known', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n}\nlocals {\n  sse = { kms_key_arn = aws_kms_key.k.arn }\n}\nresource "aws_dynamodb_table" "a" {\n  name = "a"\n  hash_key = "id"\n  dynamic "server_side_encryption" {\n    for_each = local.sse != null ? [local.sse] : []\n    content {\n      enabled = true\n      kms_key_arn = server_side_encryption.value.kms_key_arn\n    }\n  }\n}\n`,
    });
    const r = m.resources['aws_dynamodb_table.a'];
    expect(r.values.server_side_encryption).toEqual([{ enabled: true, kms_key_arn: '${aws_kms_key.k.arn}' }]);
    expect(r.refs['server_side_encryption.kms_key_arn']).toEqual(['aws_kms_key.k']);
  });
});

describe('a module variable the caller sets to one reference', () => {
  it('names the caller object inside any expression of the module (coalesce, distinct(concat(...)))', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}resource "aws_s3_bucket" "b" {\n  bucket = "crm-data"\n}\nmodule "pab" {\n  source = "./mod"\n  bucket = aws_s3_bucket.b.id\n}\n`,
      'mod/main.tf': `variable "bucket" {\n  type = string\n}\nresource "aws_s3_bucket_public_access_block" "this" {\n  bucket = coalesce(var.bucket, "fallback")\n  block_public_acls = true\n  block_public_policy = true\n  ignore_public_acls = true\n  restrict_public_buckets = true\n}\n`,
    });
    expect(m.resources['module.pab.aws_s3_bucket_public_access_block.this'].refs.bucket).toEqual(['aws_s3_bucket.b']);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-IAM-010'))).toEqual([]);
  });
});

describe('a module variable the caller sets to one reference, in text', () => {
  it('is not substituted inside quoted strings (text is text)', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}resource "aws_s3_bucket" "b" {\n  bucket = "crm-data"\n}\ndata "aws_s3_bucket" "o" {\n  bucket = "other"\n}\nmodule "m" {\n  source = "./mod"\n  bucket = aws_s3_bucket.b.id\n  other = data.aws_s3_bucket.o.id\n}\n`,
      'mod/main.tf': `variable "bucket" {\n  type = string\n}\nvariable "other" {\n  type = string\n}\nresource "aws_s3_bucket_public_access_block" "q" {\n  bucket = coalesce(var.other, "no var.bucket here")\n  block_public_acls = true\n  block_public_policy = true\n  ignore_public_acls = true\n  restrict_public_buckets = true\n}\n`,
    });
    const q = m.resources['module.m.aws_s3_bucket_public_access_block.q'];
    expect(q.values.bucket).toBe('${coalesce(data.aws_s3_bucket.o.id, "no var.bucket here")}');
    expect(q.refs.bucket).toEqual(['data.aws_s3_bucket.o']);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-IAM-010'))).toEqual(['CRM-IAM-010 aws_s3_bucket.b']);
  });
});
