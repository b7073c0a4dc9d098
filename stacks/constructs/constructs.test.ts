import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { EncryptedDatabase } from './database';
import { DataKey } from './keys';
import { IsolatedNetwork } from './network';
import { SecureBucket } from './secure-bucket';

type Synth = { resource: Record<string, Record<string, Record<string, unknown>>> };

function synthWith(build: (stack: TerraformStack) => void): Synth {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Synth;
}

const values = (doc: Synth, type: string) => Object.values(doc.resource[type] ?? {});

describe('DataKey', () => {
  it('is a rotating customer-managed key with an alias', () => {
    const doc = synthWith((s) => new DataKey(s, 'k', { project: 'crm', domain: 'database' }));
    expect(values(doc, 'aws_kms_key')).toEqual([expect.objectContaining({ enable_key_rotation: true, rotation_period_in_days: 365 })]);
    expect(values(doc, 'aws_kms_alias')[0]).toMatchObject({ name: 'alias/crm-database' });
  });
});

describe('IsolatedNetwork', () => {
  it('puts one isolated data subnet per AZ on a route table with no internet route', () => {
    const doc = synthWith((s) => new IsolatedNetwork(s, 'n', { name: 'crm', cidr: '10.20.0.0/16', azs: ['eu-west-1a', 'eu-west-1b'] }));
    const subnets = values(doc, 'aws_subnet');
    expect(subnets.map((s) => [s.availability_zone, s.cidr_block, s.map_public_ip_on_launch])).toEqual([
      ['eu-west-1a', '10.20.200.0/24', false],
      ['eu-west-1b', '10.20.201.0/24', false],
    ]);
    expect(values(doc, 'aws_route_table')[0]).not.toHaveProperty('route');
    expect(doc.resource.aws_internet_gateway).toBeUndefined();
    expect(doc.resource.aws_nat_gateway).toBeUndefined();
    expect(values(doc, 'aws_default_security_group')[0]).toMatchObject({ ingress: [], egress: [] });
  });
});

describe('SecureBucket', () => {
  it('is private, CMK-encrypted with bucket keys, versioned and TLS-only', () => {
    const doc = synthWith((s) => {
      const key = new DataKey(s, 'k', { project: 'crm', domain: 'attachments' });
      new SecureBucket(s, 'b', { bucketName: 'crm-files', key: key.key });
    });
    expect(values(doc, 'aws_s3_bucket_public_access_block')[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const sse = values(doc, 'aws_s3_bucket_server_side_encryption_configuration')[0] as { rule: { apply_server_side_encryption_by_default: Record<string, string>; bucket_key_enabled: boolean }[] };
    expect(sse.rule[0].apply_server_side_encryption_by_default).toMatchObject({ sse_algorithm: 'aws:kms', kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) });
    expect(sse.rule[0].bucket_key_enabled).toBe(true);
    expect(values(doc, 'aws_s3_bucket_versioning')[0]).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    const policy = JSON.parse(values(doc, 'aws_s3_bucket_policy')[0].policy as string) as { Statement: { Effect: string; Condition: unknown }[] };
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });
});

describe('EncryptedDatabase', () => {
  it('is private, Multi-AZ, CMK-encrypted, with a managed master password and TLS forced', () => {
    const doc = synthWith((s) => {
      const net = new IsolatedNetwork(s, 'n', { name: 'crm', cidr: '10.20.0.0/16', azs: ['eu-west-1a', 'eu-west-1b'] });
      const key = new DataKey(s, 'k', { project: 'crm', domain: 'database' });
      new EncryptedDatabase(s, 'db', { identifier: 'crm-db', vpc: net.vpc, subnets: net.dataSubnets, key: key.key, instanceClass: 'db.t4g.medium', allocatedStorageGb: 20, backupRetentionDays: 7 });
    });
    const db = values(doc, 'aws_db_instance')[0];
    expect(db).toMatchObject({
      storage_encrypted: true,
      publicly_accessible: false,
      multi_az: true,
      deletion_protection: true,
      iam_database_authentication_enabled: true,
      manage_master_user_password: true,
      backup_retention_period: 7,
    });
    expect(db).not.toHaveProperty('password');
    expect(db.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    const params = values(doc, 'aws_db_parameter_group')[0] as { parameter: { name: string; value: string }[] };
    expect(params.parameter).toContainEqual({ name: 'rds.force_ssl', value: '1' });
  });
});
