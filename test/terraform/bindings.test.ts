/**
 * Issue 12 §4: a companion bound to its parent through the same unresolved expression is bound;
 * a companion whose target cannot be resolved makes the parent's check unverifiable, never
 * "absent". End to end through the wasm engine, in HCL and plan form.
 */
import { findings, loadHcl, loadPlan, planDoc, PROVIDER_TF, type PlanResource } from './harness';

const FLAGS = { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true };
const flagsHcl = Object.keys(FLAGS).map((k) => `  ${k} = true`).join('\n');

const bucketRules = (found: string[], address: string) => found.filter((f) => /^CRM-(IAM-010|BDR-009) /.test(f) && f.includes(` ${address}`));

describe('bindings through the same unresolved expression', () => {
  it('HCL: bucket, public access block and versioning all named by var.bucket_name bind', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}
variable "bucket_name" {
  type = string
}
resource "aws_s3_bucket" "files" {
  bucket = var.bucket_name
}
resource "aws_s3_bucket_public_access_block" "files" {
  bucket = var.bucket_name
${flagsHcl}
}
resource "aws_s3_bucket_versioning" "files" {
  bucket = "\${ var.bucket_name }"
  versioning_configuration {
    status = "Enabled"
  }
}
`,
    });
    expect(m.referrers['aws_s3_bucket.files']).toEqual({
      aws_s3_bucket_public_access_block: ['aws_s3_bucket_public_access_block.files'],
      aws_s3_bucket_versioning: ['aws_s3_bucket_versioning.files'],
    });
    expect(bucketRules(await findings(m), 'aws_s3_bucket.files')).toEqual([]);
  });

  it('plan: bucket and companions named by the same value known only after apply bind', async () => {
    const unknownName = { bucket: { references: ['random_id.suffix.hex', 'random_id.suffix'] } };
    const m = await loadPlan(
      planDoc([
        { address: 'random_id.suffix', values: { byte_length: 4 } },
        { address: 'aws_s3_bucket.files', values: {}, expressions: unknownName, afterUnknown: { bucket: true } },
        { address: 'aws_s3_bucket_public_access_block.files', values: FLAGS, expressions: { ...unknownName, ...constants(FLAGS) }, afterUnknown: { bucket: true } },
        {
          address: 'aws_s3_bucket_versioning.files',
          values: { versioning_configuration: [{ status: 'Enabled' }] },
          expressions: { ...unknownName, versioning_configuration: [{ status: { constant_value: 'Enabled' } }] },
          afterUnknown: { bucket: true },
        },
      ]),
    );
    expect(m.referrers['aws_s3_bucket.files']).toMatchObject({ aws_s3_bucket_public_access_block: ['aws_s3_bucket_public_access_block.files'] });
    expect(bucketRules(await findings(m), 'aws_s3_bucket.files')).toEqual([]);
  });
});

describe('a companion whose target cannot be resolved', () => {
  it('HCL: the bucket without a bound block is unverifiable, not "has no public access block"', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}
variable "logs_bucket" {
  type = string
}
resource "aws_s3_bucket" "files" {
  bucket = "crm-files"
}
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket = var.logs_bucket
${flagsHcl}
}
resource "aws_s3_bucket_versioning" "logs" {
  bucket = var.logs_bucket
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = var.logs_bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
resource "aws_s3_bucket_logging" "logs" {
  bucket        = var.logs_bucket
  target_bucket = "crm-access-logs"
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = var.logs_bucket
  policy = "{}"
}
`,
    });
    expect(bucketRules(await findings(m), 'aws_s3_bucket.files')).toEqual(['CRM-BDR-009 aws_s3_bucket.files ?', 'CRM-IAM-010 aws_s3_bucket.files ?']);
    // Encryption, access logging and the bucket policy alike: unverifiable, never "absent".
    const others = (await findings(m)).filter((f) => /^CRM-(ENC-007|ENC-008|LOG-010) aws_s3_bucket\.files( |$)/.test(f));
    expect(others).toEqual(['CRM-ENC-007 aws_s3_bucket.files ?', 'CRM-ENC-008 aws_s3_bucket.files ?', 'CRM-LOG-010 aws_s3_bucket.files ?']);
  });

  it('plan: the same, with the block\'s bucket known only after apply', async () => {
    const m = await loadPlan(
      planDoc([
        { address: 'aws_s3_bucket.files', values: { bucket: 'crm-files' } },
        {
          address: 'aws_s3_bucket_public_access_block.logs',
          values: FLAGS,
          expressions: { bucket: { references: ['data.external.names.result.logs', 'data.external.names.result', 'data.external.names'] }, ...constants(FLAGS) },
          afterUnknown: { bucket: true },
        },
      ]),
    );
    expect(bucketRules(await findings(m), 'aws_s3_bucket.files')).toEqual(['CRM-BDR-009 aws_s3_bucket.files', 'CRM-IAM-010 aws_s3_bucket.files ?']);
  });

  it('HCL: a WAF association to a web ACL from a variable makes the load balancer unverifiable', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}
variable "web_acl_arn" {
  type = string
}
resource "aws_lb" "web" {
  internal           = false
  load_balancer_type = "application"
}
resource "aws_wafv2_web_acl_association" "web" {
  resource_arn = aws_lb.web.arn
  web_acl_arn  = var.web_acl_arn
}
`,
    });
    expect((await findings(m)).filter((f) => f.startsWith('CRM-NET-013'))).toEqual(['CRM-NET-013 aws_lb.web ?']);
  });
});

function constants(values: Record<string, unknown>): Record<string, { constant_value: never }> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { constant_value: v as never }]));
}

describe('companions expanded with for_each bind to their own instance', () => {
  it.each([
    [
      'HCL',
      () =>
        loadHcl({
          'main.tf': `${PROVIDER_TF}
locals {
  buckets = { files = "crm-files", logs = "crm-logs" }
}
resource "aws_s3_bucket" "b" {
  for_each = local.buckets
  bucket   = each.value
}
resource "aws_s3_bucket_public_access_block" "b" {
  for_each                = local.buckets
  bucket                  = aws_s3_bucket.b[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = each.key == "files"
}
`,
        }),
    ],
    [
      'plan',
      () =>
        loadPlan(
          planDoc(
            ['files', 'logs'].map((k): PlanResource => ({
              address: `aws_s3_bucket_public_access_block.b["${k}"]`,
              values: { ...FLAGS, restrict_public_buckets: k === 'files' },
              // As Terraform lists `aws_s3_bucket.b[each.key].id`: the resource and the key apart.
              expressions: { bucket: { references: ['aws_s3_bucket.b', 'each.key'] } },
              afterUnknown: { bucket: true },
            })).concat(['files', 'logs'].map((k): PlanResource => ({ address: `aws_s3_bucket.b["${k}"]`, values: { bucket: `crm-${k}` }, expressions: { bucket: { references: ['each.value'] } }, afterUnknown: {} }))),
          ),
        ),
    ],
  ] as const)('%s: the logs bucket\'s incomplete block is not masked by the files bucket\'s complete one', async (f, load) => {
    const m = await load();
    const found = (await findings(m)).filter((x) => x.startsWith('CRM-IAM-010'));
    void f;
    expect(m.resources['aws_s3_bucket_public_access_block.b["logs"]'].refs.bucket).toEqual(['aws_s3_bucket.b["logs"]']);
    expect(found).toEqual(['CRM-IAM-010 aws_s3_bucket.b["logs"]']);
  });
});
