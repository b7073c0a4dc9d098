/**
 * Format parity: the same deployment written as CDKTF output (cdktf/cdk.tf.json), a Terraform
 * plan (plan/plan.json, as `terraform show -json` writes it) and plain HCL (hcl/*.tf), all calling
 * the local module modules/edge. Loaded through the real detector and evaluated by the real wasm
 * engine, the three must give the same (rule, resource) findings and the same model shape.
 */
import * as path from 'node:path';
import { loadConfig } from '../../src/config/load';
import { PolicyEngine } from '../../src/engine/engine';
import { loadInputs } from '../../src/input/load';
import type { NormalizedModel } from '../../src/model/types';

const here = __dirname;
const inputs = {
  cdktf: path.join(here, 'cdktf'),
  plan: path.join(here, 'plan', 'plan.json'),
  hcl: path.join(here, 'hcl'),
} as const;
type Format = keyof typeof inputs;
const FORMATS = Object.keys(inputs) as Format[];

let engine: PolicyEngine;
const models = {} as Record<Format, NormalizedModel>;

beforeAll(async () => {
  engine = await PolicyEngine.load();
  engine.setConfig(loadConfig());
  for (const f of FORMATS) [models[f]] = await loadInputs([inputs[f]]);
});

function findings(f: Format): string[] {
  return [...new Set(engine.evaluate(models[f]).map((x) => `${x.rule.id} ${x.resource}`))].sort();
}

/** The parts of the model rules correlate on, per resource. */
function shape(m: NormalizedModel) {
  return {
    addresses: Object.keys(m.resources),
    by_type: m.by_type,
    by_provider: m.by_provider,
    referrers: m.referrers,
    // Where a module call is written is each format's own (HCL records its file and line).
    modules: Object.fromEntries(Object.entries(m.modules).map(([k, { origin: _origin, ...call }]) => [k, call])),
    providers: Object.fromEntries(Object.values(m.providers).map((p) => [p.key, { alias: p.alias, region: p.region, region_unknown: p.region_unknown }])),
    required_providers: m.terraform.required_providers,
    resources: Object.fromEntries(Object.values(m.resources).map((r) => [r.address, { type: r.type, module: r.module, provider: r.provider, region: r.region, refs: r.refs }])),
  };
}

describe('format parity corpus', () => {
  it('detects each format from content', () => {
    for (const f of FORMATS) expect(models[f].format).toBe(f);
  });

  it.each(['plan', 'hcl'] as const)('%s gives the same model shape as the CDKTF output', (f) => {
    expect(shape(models[f])).toEqual(shape(models.cdktf));
  });

  it('HCL has the same unknowns as CDKTF; the plan only fewer (it knows the existing key)', () => {
    for (const r of Object.values(models.cdktf.resources)) {
      expect([r.address, models.hcl.resources[r.address].unknown]).toEqual([r.address, r.unknown]);
      const planUnknown = Object.keys(models.plan.resources[r.address].unknown);
      expect([r.address, planUnknown.filter((p) => !(p in r.unknown))]).toEqual([r.address, []]);
    }
    expect(models.plan.resources['aws_s3_bucket_public_access_block.files'].unknown).toEqual({ bucket: true });
  });

  it('the shape covers what the corpus is about', () => {
    const m = models.cdktf;
    expect(Object.keys(m.resources)).toEqual([
      'aws_db_instance.crm',
      'aws_db_instance.legacy',
      'aws_kms_key.data',
      'aws_s3_bucket.exports',
      'aws_s3_bucket.files',
      'aws_s3_bucket_public_access_block.files',
      'aws_s3_bucket_server_side_encryption_configuration.files',
      'aws_s3_bucket_versioning.files',
      'aws_security_group.db',
      'data.aws_caller_identity.current',
      'module.edge.aws_s3_bucket.logs',
      'module.edge.aws_s3_bucket_versioning.logs',
      'module.edge.aws_security_group.bastion',
    ]);
    expect(m.referrers['module.edge.aws_s3_bucket.logs']).toEqual({ aws_s3_bucket_versioning: ['module.edge.aws_s3_bucket_versioning.logs'] });
    expect(m.referrers['aws_s3_bucket.files']).toEqual({
      aws_s3_bucket_public_access_block: ['aws_s3_bucket_public_access_block.files'],
      aws_s3_bucket_server_side_encryption_configuration: ['aws_s3_bucket_server_side_encryption_configuration.files'],
      aws_s3_bucket_versioning: ['aws_s3_bucket_versioning.files'],
    });
    expect(m.resources['aws_db_instance.crm'].refs.kms_key_id).toEqual(['aws_kms_key.data']);
    expect(m.resources['aws_s3_bucket_server_side_encryption_configuration.files'].refs['rule.apply_server_side_encryption_by_default.kms_master_key_id']).toEqual(['aws_kms_key.data']);
    expect(m.resources['aws_s3_bucket.exports']).toMatchObject({ provider: 'aws.dr', region: 'eu-west-1' });
    expect(m.resources['module.edge.aws_security_group.bastion']).toMatchObject({ module: 'module.edge', provider: 'aws', region: 'eu-central-1' });
  });

  it('the module argument reaches the module resource in every format', () => {
    for (const f of FORMATS) {
      const sg = models[f].resources['module.edge.aws_security_group.bastion'];
      expect([f, sg.values.name]).toEqual([f, 'crm-bastion']);
      const ingress = sg.values.ingress as { cidr_blocks: string[] }[];
      expect([f, ingress.flatMap((i) => i.cidr_blocks)]).toEqual([f, ['0.0.0.0/0']]);
    }
  });

  // Change safety (CHG) reads the plan's actions, which CDKTF and HCL input do not have.
  const steadyState = (f: Format) => findings(f).filter((x) => !x.startsWith('CRM-CHG-'));

  it.each(['plan', 'hcl'] as const)('%s gives the same (rule, resource) findings as the CDKTF output', (f) => {
    expect(steadyState(f)).toEqual(steadyState('cdktf'));
  });

  it('only the plan is checked for change safety: the replaced legacy database and the deleted bucket', () => {
    expect(findings('plan').filter((x) => x.startsWith('CRM-CHG-'))).toEqual(['CRM-CHG-001 aws_db_instance.legacy', 'CRM-CHG-001 aws_s3_bucket.old_reports']);
    const legacy = engine.evaluate(models.plan).find((x) => x.rule.id === 'CRM-CHG-001' && x.resource === 'aws_db_instance.legacy');
    expect(legacy?.message).toContain('forced by `engine_version`');
    expect(models.plan.changes?.basis).toBe('plan');
    expect(models.cdktf.changes).toBeUndefined();
    expect(models.hcl.changes).toBeUndefined();
  });

  it('the deliberate misconfigurations are found, and only on the misconfigured twins', () => {
    const found = findings('cdktf');
    for (const expected of [
      'CRM-IAM-010 aws_s3_bucket.exports',
      'CRM-IAM-010 module.edge.aws_s3_bucket.logs',
      'CRM-ENC-004 aws_db_instance.legacy',
      'CRM-BDR-002 aws_db_instance.legacy',
      'CRM-NET-001 module.edge.aws_security_group.bastion',
    ]) {
      expect(found).toContain(expected);
    }
    for (const absent of ['CRM-BDR-009 module.edge.aws_s3_bucket.logs', 'CRM-IAM-010 aws_s3_bucket.files', 'CRM-ENC-004 aws_db_instance.crm', 'CRM-BDR-002 aws_db_instance.crm', 'CRM-NET-001 aws_security_group.db']) {
      expect(found).not.toContain(absent);
    }
  });

  it('the plan does not check the bucket it deletes, except for the deletion itself', () => {
    expect(models.plan.resources).not.toHaveProperty(['aws_s3_bucket.old_reports']);
    expect(findings('plan').filter((f) => f.includes('old_reports'))).toEqual(['CRM-CHG-001 aws_s3_bucket.old_reports']);
  });
});
