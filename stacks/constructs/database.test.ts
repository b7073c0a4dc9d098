import { CrossRegionReplica, EncryptedDatabase } from './database';
import { RegionKeys } from './keys';
import { IsolatedNetwork } from './network';
import { all, at, ref, synthConstruct, TEST_ACCOUNT, type Body } from './test-kit';

const doc = synthConstruct((s, dr) => {
  const site = (id: string, region: string, cidr: string, provider?: typeof dr) => {
    const keys = new RegionKeys(s, `${id}-keys`, { project: 'crm', accountId: TEST_ACCOUNT, region, provider });
    const net = new IsolatedNetwork(s, `${id}-net`, { name: 'crm', cidr, azs: [`${region}a`, `${region}b`], region, accountId: TEST_ACCOUNT, logKey: keys.of('logs'), logRetentionDays: 365, provider });
    return { keys, net };
  };
  const p = site('p', 'eu-west-1', '10.10.0.0/16');
  const d = site('d', 'eu-central-1', '10.20.0.0/16', dr);
  const common = { instanceClass: 'db.r6g.large', maxAllocatedStorageGb: 200, logRetentionDays: 365 };
  const db = new EncryptedDatabase(s, 'db', {
    ...common,
    identifier: 'crm-db',
    region: 'eu-west-1',
    vpc: p.net.vpc,
    subnets: p.net.dataSubnets,
    key: p.keys.of('database'),
    logKey: p.keys.of('logs'),
    allocatedStorageGb: 50,
    backupRetentionDays: 14,
  });
  new CrossRegionReplica(s, 'replica', {
    ...common,
    identifier: 'crm-db-replica',
    region: 'eu-central-1',
    source: db.instance,
    vpc: d.net.vpc,
    subnets: d.net.dataSubnets,
    key: d.keys.of('database'),
    logKey: d.keys.of('logs'),
    provider: dr,
  });
});

describe('EncryptedDatabase', () => {
  const db = at(doc, 'aws_db_instance', 'db/instance');

  it('is private, Multi-AZ, CMK-encrypted (storage and Performance Insights) and deletion-protected', () => {
    const key = `${ref(doc, 'aws_kms_key', 'p-keys/database/key')}arn}`;
    expect(db).toMatchObject({
      engine: 'postgres',
      storage_encrypted: true,
      kms_key_id: key,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: key,
      publicly_accessible: false,
      multi_az: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      backup_retention_period: 14,
      auto_minor_version_upgrade: true,
      db_subnet_group_name: `${ref(doc, 'aws_db_subnet_group', 'db/subnets')}name}`,
    });
  });

  it('uses IAM authentication and an RDS-managed master password: no password in configuration', () => {
    expect(db).toMatchObject({ iam_database_authentication_enabled: true, manage_master_user_password: true });
    expect(db).not.toHaveProperty('password');
    expect(db.master_user_secret_kms_key_id).toBe(`${ref(doc, 'aws_kms_key', 'p-keys/database/key')}arn}`);
  });

  it('forces TLS 1.2+ through its parameter group and exports its logs to pre-declared encrypted groups', () => {
    const params = at(doc, 'aws_db_parameter_group', 'db/params').parameter as Body[];
    expect(params).toEqual(expect.arrayContaining([{ name: 'rds.force_ssl', value: '1' }, { name: 'ssl_min_protocol_version', value: 'TLSv1.2' }]));
    expect(db.parameter_group_name).toBe(`${ref(doc, 'aws_db_parameter_group', 'db/params')}name}`);
    expect(db.enabled_cloudwatch_logs_exports).toEqual(['postgresql', 'upgrade']);
    expect(at(doc, 'aws_cloudwatch_log_group', 'db/log-postgresql/group')).toMatchObject({ name: '/aws/rds/instance/crm-db/postgresql', kms_key_id: expect.stringContaining('aws_kms_key') });
  });

  it('has a security group with no rules of its own (the app tier is chained in)', () => {
    const sg = at(doc, 'aws_security_group', 'db/sg');
    expect(sg).not.toHaveProperty('ingress');
    expect(sg).not.toHaveProperty('egress');
    expect(sg.tags).toMatchObject({ Tier: 'data' });
  });
});

describe('CrossRegionReplica', () => {
  const replica = at(doc, 'aws_db_instance', 'replica/instance');

  it('follows the primary from the DR region, encrypted with the DR region key', () => {
    expect(replica).toMatchObject({
      provider: 'aws.dr',
      replicate_source_db: `${ref(doc, 'aws_db_instance', 'db/instance')}arn}`,
      storage_encrypted: true,
      kms_key_id: `${ref(doc, 'aws_kms_key', 'd-keys/database/key')}arn}`,
      performance_insights_kms_key_id: `${ref(doc, 'aws_kms_key', 'd-keys/database/key')}arn}`,
    });
  });

  it('is production-ready on promotion: private, Multi-AZ, TLS forced, IAM auth, deletion-protected, backed up', () => {
    expect(replica).toMatchObject({ publicly_accessible: false, multi_az: true, iam_database_authentication_enabled: true, deletion_protection: true, backup_retention_period: 7 });
    expect(at(doc, 'aws_db_parameter_group', 'replica/params').parameter).toEqual(expect.arrayContaining([{ name: 'rds.force_ssl', value: '1' }]));
    expect(replica).not.toHaveProperty('username');
    for (const r of all(doc, 'aws_db_subnet_group').filter((g) => g.provider === 'aws.dr')) expect(r.subnet_ids).toHaveLength(2);
  });
});
