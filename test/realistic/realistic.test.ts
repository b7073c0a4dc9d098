/**
 * Issue 12 §8: a realistic configuration in the shapes real teams write — a local module with
 * variables, tags via merge(), policies via jsonencode(), for_each over a map, quoted scalars,
 * two provider aliases repeating names in one region, a `cloud` block — checked from HCL
 * (test/realistic/hcl) and from the plan Terraform would make of it, through the wasm engine.
 * Both give the same findings on the same addresses; none is unverifiable (every value here is
 * known before apply or bound by reference) and no message shows a quoted scalar.
 */
import * as path from 'node:path';
import { loadInputs } from '../../src/input/load';
import { jsonencode } from '../../src/model/hcl-expr';
import type { Json, JsonObject, NormalizedModel } from '../../src/model/types';
import { findings, loadPlan, planDoc, policyEngine, type PlanResource } from '../terraform/harness';

const ACCOUNT_A = '111122223333';
const ACCOUNT_B = '444455556666';
const tags = { Owner: 'crm-platform', Environment: 'prod', DataClassification: 'confidential', Application: 'crm' };
const keyPolicy = jsonencode({ Version: '2012-10-17', Statement: [{ Sid: 'Account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'kms:*', Resource: '*' }] });
const adminPolicy = jsonencode({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const tlsOnly = (name: string) =>
  jsonencode({
    Version: '2012-10-17',
    Statement: [{ Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
  });

/** Constant expressions for the known values, references for the unknown ones (as `terraform show -json` writes them). */
function resource(address: string, values: JsonObject, unknown: Record<string, string[]> = {}, provider = 'aws'): PlanResource {
  const expressions: JsonObject = {};
  for (const [k, v] of Object.entries(values)) expressions[k] = { constant_value: v };
  for (const [k, refs] of Object.entries(unknown)) expressions[k] = { references: refs };
  return { address, values, expressions, provider, afterUnknown: Object.fromEntries(Object.keys(unknown).map((k) => [k, true])) };
}

function bucketModule(m: string, name: string, status: 'Enabled' | 'Suspended'): PlanResource[] {
  const id = ['aws_s3_bucket.this.id', 'aws_s3_bucket.this'];
  return [
    resource(`module.${m}.aws_s3_bucket.this`, { bucket: name, tags: { ...tags, Name: name } }),
    resource(`module.${m}.aws_s3_bucket_public_access_block.this`, { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }, { bucket: id }),
    resource(`module.${m}.aws_s3_bucket_versioning.this`, { versioning_configuration: [{ status }] }, { bucket: id }),
    {
      address: `module.${m}.aws_s3_bucket_server_side_encryption_configuration.this`,
      values: { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }] }] },
      expressions: { bucket: { references: id }, rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: { constant_value: 'aws:kms' }, kms_master_key_id: { references: ['var.kms_key_arn'] } }] }] },
      afterUnknown: { bucket: true, rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] },
    },
    resource(`module.${m}.aws_s3_bucket_policy.this`, { policy: tlsOnly(name) }, { bucket: id }),
  ];
}

function plan(): JsonObject {
  const key = ['aws_kms_key.data.arn', 'aws_kms_key.data'];
  const doc = planDoc(
    [
      resource('aws_kms_key.data', { description: 'CRM data key', enable_key_rotation: true, deletion_window_in_days: 30, policy: keyPolicy, tags }),
      ...bucketModule('attachments', 'crm-prod-attachments', 'Enabled'),
      ...bucketModule('exports', 'crm-prod-exports', 'Suspended'),
      resource('aws_iam_policy.ops', { name: 'crm-prod-ops', policy: adminPolicy, tags }),
      resource(
        'aws_db_instance.crm',
        {
          identifier: 'crm-prod-db', engine: 'postgres', engine_version: '16.4', instance_class: 'db.r6g.large', allocated_storage: 100, multi_az: true, publicly_accessible: false,
          storage_encrypted: true, backup_retention_period: 1, deletion_protection: true, skip_final_snapshot: false, enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'], tags,
        },
        { kms_key_id: key },
      ),
      resource('aws_cloudwatch_log_group.app["app"]', { name: '/crm/app', retention_in_days: 400, tags }, { kms_key_id: key }),
      resource('aws_cloudwatch_log_group.app["audit"]', { name: '/crm/audit', retention_in_days: 3, tags }, { kms_key_id: key }),
      resource('aws_security_group.admin', {
        name: 'crm-prod-admin', description: 'Operator access', vpc_id: 'vpc-0123456789abcdef0', tags,
        ingress: [{ description: 'SSH', from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false }],
      }),
      resource('aws_config_configuration_recorder.main', { name: 'default', role_arn: `arn:aws:iam::${ACCOUNT_A}:role/config`, recording_group: [{ all_supported: true }] }),
      resource('aws_config_configuration_recorder.audit', { name: 'default', role_arn: `arn:aws:iam::${ACCOUNT_B}:role/config`, recording_group: [{ all_supported: true }] }, {}, 'aws.audit'),
    ],
    {
      providers: {
        aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', version_constraint: '~> 6.25', expressions: { region: { references: ['var.region'] }, allowed_account_ids: { constant_value: [ACCOUNT_A] } } },
        'aws.audit': { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', alias: 'audit', expressions: { region: { references: ['var.region'] }, allowed_account_ids: { constant_value: [ACCOUNT_B] } } },
      },
      variables: { region: { value: 'eu-central-1' }, environment: { value: 'prod' }, owner: { value: 'crm-platform' }, log_groups: { value: { app: 400, audit: 3 } } },
      moduleSources: { 'module.attachments': './modules/bucket', 'module.exports': './modules/bucket' },
    },
  );
  // The module calls' arguments: the key is passed by reference.
  const calls = (doc.configuration as { root_module: { module_calls: Record<string, JsonObject> } }).root_module.module_calls;
  for (const m of ['attachments', 'exports']) calls[m].expressions = { kms_key_arn: { references: key }, name: { references: ['local.name_prefix'] }, tags: { references: ['local.tags'] } } as Json;
  return doc;
}

const EXPECTED = [
  'CRM-BDR-002 aws_db_instance.crm',
  'CRM-BDR-009 module.exports.aws_s3_bucket.this',
  'CRM-CMP-007 provider.aws',
  // The attachments bucket is versioned without a noncurrent-version expiration: deleted customer files live on.
  'CRM-CMP-008 module.attachments.aws_s3_bucket.this',
  'CRM-ENC-003 aws_iam_policy.ops',
  'CRM-IAM-001 aws_iam_policy.ops',
  'CRM-IAM-002 aws_iam_policy.ops',
  'CRM-IAM-003 aws_iam_policy.ops',
  'CRM-IAM-005 provider.aws',
  'CRM-IAM-008 provider.aws',
  'CRM-IAM-011 provider.aws',
  'CRM-IAM-014 aws_db_instance.crm',
  'CRM-IAM-015 aws_db_instance.crm',
  'CRM-INT-004 provider.aws',
  'CRM-LOG-001 provider.aws',
  'CRM-LOG-005 module.attachments.aws_s3_bucket.this',
  'CRM-LOG-005 module.exports.aws_s3_bucket.this',
  'CRM-LOG-008 aws_cloudwatch_log_group.app["audit"]',
  'CRM-LOG-010 module.attachments.aws_s3_bucket.this',
  'CRM-LOG-010 module.exports.aws_s3_bucket.this',
  'CRM-LOG-013 aws_config_configuration_recorder.audit',
  'CRM-LOG-013 aws_config_configuration_recorder.main',
  'CRM-NET-001 aws_security_group.admin',
  'CRM-NET-003 aws_security_group.admin',
  'CRM-NET-009 aws_db_instance.crm',
  'CRM-NET-015 provider.aws',
];

let hcl: NormalizedModel;
let planned: NormalizedModel;
beforeAll(async () => {
  [hcl] = await loadInputs([path.join(__dirname, 'hcl')]);
  planned = await loadPlan(plan());
});

describe('realistic corpus', () => {
  it('HCL gives the expected findings', async () => {
    expect(await findings(hcl)).toEqual(EXPECTED);
  });

  it('the plan gives the same findings on the same addresses', async () => {
    expect(await findings(planned)).toEqual(EXPECTED);
  });

  it('both have the same resources, providers and references', () => {
    const shape = (m: NormalizedModel) => Object.fromEntries(Object.values(m.resources).map((r) => [r.address, { type: r.type, provider: r.provider, region: r.region, refs: r.refs }]));
    expect(shape(hcl)).toEqual(shape(planned));
  });

  it('no message shows a quoted scalar where the schema says bool or number', async () => {
    const engine = await policyEngine();
    for (const m of [hcl, planned]) {
      for (const f of engine.evaluate(m)) expect([f.rule.id, f.message]).not.toEqual([f.rule.id, expect.stringMatching(/= "(true|false|\d+)"`/)]);
    }
  });

  it('typed values, evaluated functions and expanded instances reach the model', () => {
    const db = hcl.resources['aws_db_instance.crm'].values;
    expect([db.multi_az, db.backup_retention_period, db.allocated_storage]).toEqual([true, 1, 100]);
    expect(hcl.resources['aws_iam_policy.ops'].values.policy).toBe(adminPolicy);
    expect(hcl.resources['module.exports.aws_s3_bucket.this'].values.tags).toEqual({ ...tags, Name: 'crm-prod-exports' });
    expect(hcl.resources['module.exports.aws_s3_bucket_policy.this'].values.policy).toBe(tlsOnly('crm-prod-exports'));
    expect(hcl.resources['aws_cloudwatch_log_group.app["audit"]'].values).toMatchObject({ name: '/crm/audit', retention_in_days: 3 });
    expect(hcl.terraform.backend?.type).toBe('cloud');
  });
});
