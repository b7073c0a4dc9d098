import { DATA_DOMAINS, DataKey, RegionKeys } from './keys';
import { all, at, statements, synthConstruct, TEST_ACCOUNT } from './test-kit';

describe('DataKey', () => {
  it('is a rotating (yearly) customer-managed key with an alias and an explicit, account-scoped policy', () => {
    const doc = synthConstruct((s) => new DataKey(s, 'k', { project: 'crm', domain: 'database', accountId: TEST_ACCOUNT, region: 'eu-west-1' }));
    const key = at(doc, 'aws_kms_key', 'k/key');
    expect(key).toMatchObject({ enable_key_rotation: true, rotation_period_in_days: 365, deletion_window_in_days: 30 });
    expect(at(doc, 'aws_kms_alias', 'k/alias')).toMatchObject({ name: 'alias/crm-database' });
    expect(statements(key.policy)).toEqual([
      { Sid: 'AccountAdministersKeyThroughIam', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    ]);
  });

  it('grants services only what they need, each statement scoped to the account', () => {
    const doc = synthConstruct(
      (s) => new DataKey(s, 'k', { project: 'crm', domain: 'logs', accountId: TEST_ACCOUNT, region: 'eu-central-1', grants: ['logs', 'cloudtrail', 'alarm-publishers', 'macie'] }),
    );
    const policy = statements(at(doc, 'aws_kms_key', 'k/key').policy);
    for (const st of policy) {
      expect(JSON.stringify(st.Principal)).not.toMatch(/"\*"/);
      // Service principals act for any account unless a condition pins ours.
      if ((st.Principal as Record<string, unknown>).Service) expect(st.Condition).toBeDefined();
    }
    const logs = policy.find((st) => JSON.stringify(st.Principal).includes('logs.eu-central-1.amazonaws.com'));
    expect(logs?.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-central-1:${TEST_ACCOUNT}:log-group:*` } });
    expect(policy.filter((st) => JSON.stringify(st.Principal).includes('cloudtrail')).map((st) => st.Action)).toEqual(['kms:GenerateDataKey*', 'kms:DescribeKey']);
  });
});

describe('RegionKeys', () => {
  it('creates one key per data domain, all on the given provider', () => {
    const doc = synthConstruct((s, dr) => new RegionKeys(s, 'keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-central-1', provider: dr }));
    const keys = all(doc, 'aws_kms_key');
    expect(keys).toHaveLength(DATA_DOMAINS.length);
    expect(keys.map((k) => (k.tags as Record<string, string>).DataDomain).sort()).toEqual([...DATA_DOMAINS].sort());
    for (const k of keys) expect(k).toMatchObject({ provider: 'aws.dr', enable_key_rotation: true });
    expect(all(doc, 'aws_kms_alias').map((a) => a.name).sort()).toEqual(DATA_DOMAINS.map((d) => `alias/crm-${d}`).sort());
  });
});
