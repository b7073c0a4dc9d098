import { BackupPlanWithCopy, LockedVault } from './backup';
import { RegionKeys } from './keys';
import { at, ref, synthConstruct, TEST_ACCOUNT } from './test-kit';

const doc = synthConstruct((s, dr) => {
  const keys = new RegionKeys(s, 'keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-west-1' });
  const drKeys = new RegionKeys(s, 'dr-keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-central-1', provider: dr });
  const vault = new LockedVault(s, 'vault', { name: 'crm-eu-west-1', key: keys.of('backups'), minRetentionDays: 35 });
  const drVault = new LockedVault(s, 'dr-vault', { name: 'crm-eu-central-1', key: drKeys.of('backups'), minRetentionDays: 35, provider: dr });
  new BackupPlanWithCopy(s, 'backup', { name: 'crm', region: 'eu-west-1', accountId: TEST_ACCOUNT, vault, drVault, retentionDays: 35, resources: ['arn:aws:rds:eu-west-1:111122223333:db:crm-db'] });
});

describe('LockedVault', () => {
  it('is encrypted with the backups CMK of its region and locked in compliance mode', () => {
    expect(at(doc, 'aws_backup_vault', 'dr-vault/vault')).toMatchObject({ provider: 'aws.dr', kms_key_arn: `${ref(doc, 'aws_kms_key', 'dr-keys/backups/key')}arn}` });
    expect(at(doc, 'aws_backup_vault_lock_configuration', 'vault/lock')).toMatchObject({ min_retention_days: 35, changeable_for_days: 3 });
  });
});

const RECOVERY_VAULT = 'arn:aws:backup:eu-west-1:444455556666:backup-vault:crm-recovery';

const withRecovery = synthConstruct((s, dr) => {
  const keys = new RegionKeys(s, 'keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-west-1' });
  const drKeys = new RegionKeys(s, 'dr-keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-central-1', provider: dr });
  const vault = new LockedVault(s, 'vault', { name: 'crm-eu-west-1', key: keys.of('backups'), minRetentionDays: 35 });
  const drVault = new LockedVault(s, 'dr-vault', { name: 'crm-eu-central-1', key: drKeys.of('backups'), minRetentionDays: 35, provider: dr });
  new BackupPlanWithCopy(s, 'backup', { name: 'crm', region: 'eu-west-1', accountId: TEST_ACCOUNT, vault, drVault, retentionDays: 35, resources: ['arn:aws:rds:eu-west-1:111122223333:db:crm-db'], recoveryVaultArn: RECOVERY_VAULT });
});

describe('BackupPlanWithCopy with a recovery account', () => {
  it('copies every recovery point to the DR vault and to the recovery account vault (survives an account compromise)', () => {
    const [rule] = at(withRecovery, 'aws_backup_plan', 'backup/plan').rule as Record<string, unknown>[];
    expect(rule.copy_action).toEqual([
      { destination_vault_arn: `${ref(withRecovery, 'aws_backup_vault', 'dr-vault/vault')}arn}`, lifecycle: { delete_after: 35 } },
      { destination_vault_arn: RECOVERY_VAULT, lifecycle: { delete_after: 35 } },
    ]);
  });
});

describe('BackupPlanWithCopy', () => {
  it('backs up daily and copies every recovery point to the DR vault for as long as the source keeps it', () => {
    const [rule] = at(doc, 'aws_backup_plan', 'backup/plan').rule as Record<string, unknown>[];
    expect(rule).toMatchObject({
      schedule: 'cron(0 3 * * ? *)',
      target_vault_name: `${ref(doc, 'aws_backup_vault', 'vault/vault')}name}`,
      lifecycle: { delete_after: 35 },
      copy_action: [{ destination_vault_arn: `${ref(doc, 'aws_backup_vault', 'dr-vault/vault')}arn}`, lifecycle: { delete_after: 35 } }],
    });
  });

  it('selects the given data stores by ARN', () => {
    expect(at(doc, 'aws_backup_selection', 'backup/selection')).toMatchObject({
      plan_id: `${ref(doc, 'aws_backup_plan', 'backup/plan')}id}`,
      resources: ['arn:aws:rds:eu-west-1:111122223333:db:crm-db'],
    });
  });
});
