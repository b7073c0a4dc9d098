/**
 * The reference deployment as a whole: its stacks, regions, cross-stack wiring and DR paths, and
 * that bad configuration stops synthesis with a specific message.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildApp } from '../stacks/app';
import { CrmConfigError, defaultConfig, REQUIRED_TAGS } from '../stacks/config';
import { check } from '../src/check/check';
import { referenceOut, tempDir, type TfJson } from './helpers';

type Doc = TfJson & { data?: Record<string, Record<string, Record<string, unknown>>>; locals?: Record<string, unknown> };

async function stack(name: string): Promise<Doc> {
  return JSON.parse(readFileSync(path.join(await referenceOut(), 'stacks', name, 'cdk.tf.json'), 'utf8')) as Doc;
}

const bodies = (doc: Doc, type: string) => Object.values(doc.resource[type] ?? {});
const regionOf = (doc: Doc, r: Record<string, unknown>) => {
  const alias = typeof r.provider === 'string' ? r.provider.replace(/^aws\.?/, '') : '';
  return doc.provider.aws.find((p) => (p.alias ?? '') === alias)?.region;
};

describe('the reference CRM deployment', () => {
  it('synthesizes a global, a primary and a DR stack wired by cross-stack references (global ← dr ← primary)', async () => {
    const manifest = JSON.parse(readFileSync(path.join(await referenceOut(), 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies: string[] }> };
    expect(Object.keys(manifest.stacks).sort()).toEqual(['crm-dr', 'crm-global', 'crm-primary']);
    expect(manifest.stacks['crm-dr'].dependencies).toEqual(['crm-global']);
    expect([...manifest.stacks['crm-primary'].dependencies].sort()).toEqual(['crm-dr', 'crm-global']);
    const primary = await stack('crm-primary');
    expect(Object.keys(primary.data?.terraform_remote_state ?? {}).sort()).toEqual(['cross-stack-reference-input-crm-dr', 'cross-stack-reference-input-crm-global']);
    const dr = await stack('crm-dr');
    expect(Object.keys(dr.data?.terraform_remote_state ?? {})).toEqual(['cross-stack-reference-input-crm-global']);
    // Failover records (primary stack) and the shared certificate validation record (DR stack) go into the global zone.
    const records = [...bodies(primary, 'aws_route53_record'), ...bodies(dr, 'aws_route53_record')];
    expect(records.length).toBeGreaterThanOrEqual(3);
    for (const r of records) expect(r.zone_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-crm-global\.outputs\./);
    expect(Object.keys((await stack('crm-global')).resource)).toEqual(['aws_route53_zone']);
    // The DR stack deploys into the DR region only.
    expect(dr.provider.aws.map((p) => [p.alias ?? null, p.region])).toEqual([[null, 'eu-central-1']]);
  });

  it('deploys to two EU regions, every provider pinned to the account and tagging every resource', async () => {
    const regions = new Set<string>();
    for (const name of ['crm-dr', 'crm-global', 'crm-primary']) {
      const doc = await stack(name);
      for (const p of doc.provider.aws) {
        expect(defaultConfig.allowedRegions).toContain(p.region);
        expect(p.allowed_account_ids).toEqual([defaultConfig.accountId]);
        const tags = (p.default_tags as { tags: Record<string, string> }[])[0].tags;
        for (const k of REQUIRED_TAGS) expect(tags[k]).toBeTruthy();
      }
      for (const byName of Object.values(doc.resource)) for (const r of Object.values(byName)) regions.add(String(regionOf(doc, r)));
    }
    expect([...regions].sort()).toEqual(['eu-central-1', 'eu-west-1']);
  });

  it('gives each region its own network, keys, detection baseline, cache and edge, each in the stack of its region', async () => {
    const primary = await stack('crm-primary');
    const dr = await stack('crm-dr');
    // Per-region site resources and account singletons: the primary region's in crm-primary, the DR region's in crm-dr.
    for (const type of ['aws_vpc', 'aws_flow_log', 'aws_guardduty_detector', 'aws_securityhub_account', 'aws_config_configuration_recorder', 'aws_macie2_account', 'aws_accessanalyzer_analyzer', 'aws_ebs_encryption_by_default', 'aws_inspector2_enabler', 'aws_elasticache_replication_group', 'aws_lb', 'aws_wafv2_web_acl']) {
      expect([type, bodies(primary, type).map((r) => regionOf(primary, r))]).toEqual([type, ['eu-west-1']]);
      expect([type, bodies(dr, type).map((r) => regionOf(dr, r))]).toEqual([type, ['eu-central-1']]);
    }
    // The warm standby's service depends on the replica, so it is deployed with the recovery paths.
    expect(bodies(primary, 'aws_ecs_service').map((r) => regionOf(primary, r)).sort()).toEqual(['eu-central-1', 'eu-west-1']);
    const keyDomains = (doc: Doc) => bodies(doc, 'aws_kms_key').map((k) => (k.tags as Record<string, string>).DataDomain).sort();
    expect(bodies(dr, 'aws_kms_key').every((k) => regionOf(dr, k) === 'eu-central-1')).toBe(true);
    expect(bodies(primary, 'aws_kms_key').every((k) => regionOf(primary, k) === 'eu-west-1')).toBe(true);
    expect(keyDomains(dr)).toEqual(keyDomains(primary));
    expect(keyDomains(primary)).toEqual(expect.arrayContaining(['attachments', 'backups', 'database', 'logs']));
  });

  it('gives every primary data store a recovery path into the DR region under a DR-region key', async () => {
    const doc = await stack('crm-primary');
    const dr = await stack('crm-dr');
    const fromDr = (what: string) => new RegExp(`\\$\\{data\\.terraform_remote_state\\.cross-stack-reference-input-crm-dr\\.outputs\\.cross-stack-output-${what}`);
    const inDr = (type: string) => bodies(doc, type).filter((r) => regionOf(doc, r) === 'eu-central-1');
    // Database: a cross-region read replica encrypted with the DR stack's key.
    const [replica] = inDr('aws_db_instance');
    expect(replica.replicate_source_db).toMatch(/^\$\{aws_db_instance\.database_instance_[0-9A-F]+\.arn\}$/);
    expect(replica.kms_key_id).toMatch(fromDr('aws_kms_keydr_keys_database_key_'));
    // Buckets: every primary bucket replicates to its DR twin in the DR stack.
    const replications = bodies(doc, 'aws_s3_bucket_replication_configuration');
    expect(replications).toHaveLength(bodies(doc, 'aws_s3_bucket').length);
    expect(bodies(dr, 'aws_s3_bucket')).toHaveLength(bodies(doc, 'aws_s3_bucket').length);
    for (const r of replications) expect(JSON.stringify(r.rule)).toMatch(fromDr('aws_s3_bucketdr_'));
    // Secrets, images, backups, DNS.
    expect(bodies(doc, 'aws_secretsmanager_secret')[0].replica).toEqual([{ region: 'eu-central-1', kms_key_id: expect.stringMatching(/dr_keys_secrets_key/) }]);
    expect(JSON.stringify(bodies(doc, 'aws_ecr_replication_configuration')[0])).toContain('"region":"eu-central-1"');
    const [plan] = bodies(doc, 'aws_backup_plan');
    expect(JSON.stringify(plan.rule)).toMatch(fromDr('aws_backup_vaultbackup-vault-dr_vault_[0-9A-F]+arn'));
    expect(bodies(dr, 'aws_backup_vault_lock_configuration')).toHaveLength(1);
    expect(bodies(doc, 'aws_route53_record').map((r) => (r.failover_routing_policy as { type?: string } | undefined)?.type).filter(Boolean).sort()).toEqual(['PRIMARY', 'SECONDARY']);
  });

  it('passes every rule of the baseline with zero findings in all three stacks, checked as one workload', async () => {
    const { report, models } = await check([await referenceOut()]);
    expect(models.map((m) => m.stack).sort()).toEqual(['crm-dr', 'crm-global', 'crm-primary']);
    expect(report.stacks.map((s) => s.resources)).toEqual(models.map((m) => Object.keys(m.resources).length));
    expect(report.findings.map((f) => `${f.ruleId} ${f.resource}: ${f.message}`)).toEqual([]);
  });

  it('stops synthesis on invalid config with the specific problem, before writing anything', () => {
    const outdir = path.join(tempDir(), 'out');
    const attempt = (config: NonNullable<Parameters<typeof buildApp>[0]>['config']) => () => buildApp({ outdir, config }).synth();
    expect(attempt({ drRegion: 'eu-west-1' })).toThrow(CrmConfigError);
    expect(attempt({ drRegion: 'eu-west-1' })).toThrow(/drRegion "eu-west-1" must differ from primaryRegion/);
    expect(attempt({ drRegion: 'us-east-1' })).toThrow(/drRegion "us-east-1" is not in allowedRegions/);
    expect(attempt({ vpcCidrs: { 'eu-west-1': '10.0.0.0/16', 'eu-central-1': '10.0.0.0/18' } })).toThrow(/vpcCidrs: eu-west-1 10.0.0.0\/16 overlaps eu-central-1 10.0.0.0\/18/);
    expect(() => readFileSync(path.join(outdir, 'manifest.json'))).toThrow();
  });
});
