import { RegionKeys } from './keys';
import { IsolatedNetwork } from './network';
import { SessionCache } from './session-cache';
import { all, at, ref, synthConstruct, TEST_ACCOUNT } from './test-kit';

const doc = synthConstruct((s) => {
  const keys = new RegionKeys(s, 'keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-west-1' });
  const net = new IsolatedNetwork(s, 'net', { name: 'crm', cidr: '10.10.0.0/16', azs: ['eu-west-1a', 'eu-west-1b'], region: 'eu-west-1', accountId: TEST_ACCOUNT, logKey: keys.of('logs'), logRetentionDays: 365 });
  new SessionCache(s, 'cache', {
    name: 'crm-sessions',
    region: 'eu-west-1',
    vpc: net.vpc,
    subnets: net.dataSubnets,
    key: keys.of('sessions'),
    logKey: keys.of('logs'),
    logRetentionDays: 365,
    nodeType: 'cache.r7g.large',
  });
});

describe('SessionCache', () => {
  const group = at(doc, 'aws_elasticache_replication_group', 'cache/replication-group');

  it('is encrypted at rest with the sessions CMK and in transit (TLS required)', () => {
    expect(group).toMatchObject({
      at_rest_encryption_enabled: 'true',
      kms_key_id: `${ref(doc, 'aws_kms_key', 'keys/sessions/key')}arn}`,
      transit_encryption_enabled: true,
      transit_encryption_mode: 'required',
    });
  });

  it('authenticates through RBAC: an IAM user for the app and the default user switched off', () => {
    expect(group.user_group_ids).toEqual([`${ref(doc, 'aws_elasticache_user_group', 'cache/users')}user_group_id}`]);
    expect(group).not.toHaveProperty('auth_token');
    expect(at(doc, 'aws_elasticache_user', 'cache/app-user')).toMatchObject({ user_name: 'crm-sessions-app', authentication_mode: { type: 'iam' } });
    expect(at(doc, 'aws_elasticache_user', 'cache/default-user')).toMatchObject({ user_name: 'default', access_string: 'off -@all' });
  });

  it('survives an AZ loss and keeps daily snapshots', () => {
    expect(group).toMatchObject({ num_cache_clusters: 2, automatic_failover_enabled: true, multi_az_enabled: true, snapshot_retention_limit: 7, auto_minor_version_upgrade: 'true' });
  });

  it('lives in the data tier and ships slow and engine logs to encrypted groups', () => {
    expect(at(doc, 'aws_elasticache_subnet_group', 'cache/subnets').subnet_ids).toHaveLength(2);
    expect(at(doc, 'aws_security_group', 'cache/sg').tags).toMatchObject({ Tier: 'data' });
    expect(group.log_delivery_configuration).toHaveLength(2);
    for (const g of all(doc, 'aws_cloudwatch_log_group').filter((l) => String(l.name).includes('redis'))) expect(g.kms_key_id).toContain('aws_kms_key');
  });
});
