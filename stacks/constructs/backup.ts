import { BackupPlan } from '@cdktn/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktn/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktn/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktn/provider-aws/lib/backup-vault-lock-configuration';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';
import { ServiceRole } from './service-role';

export interface LockedVaultProps {
  name: string;
  /** Key of the backups domain in the vault's region. */
  key: KmsKey;
  /** Shortest retention a recovery point may have (≥ 35 days). */
  minRetentionDays: number;
  provider?: TerraformProvider;
}

/**
 * An AWS Backup vault encrypted with a CMK and locked in compliance mode: after the 3-day grace
 * period nobody (root included) can delete recovery points early or remove the lock.
 */
export class LockedVault extends Construct {
  readonly vault: BackupVault;

  constructor(scope: Construct, id: string, props: LockedVaultProps) {
    super(scope, id);
    this.vault = new BackupVault(this, 'vault', { provider: props.provider, name: props.name, kmsKeyArn: props.key.arn, forceDestroy: false });
    new BackupVaultLockConfiguration(this, 'lock', {
      provider: props.provider,
      backupVaultName: this.vault.name,
      minRetentionDays: props.minRetentionDays,
      maxRetentionDays: 3650,
      changeableForDays: 3,
    });
  }
}

export interface BackupPlanWithCopyProps {
  name: string;
  region: string;
  accountId: string;
  /** Vault of the primary region. */
  vault: LockedVault;
  /** Vault of the DR region (another region): every recovery point is copied there. */
  drVault: LockedVault;
  /** Days recovery points are kept, in both vaults (≥ the vault lock minimum). */
  retentionDays: number;
  /**
   * A vault of another account (same region: AWS Backup cannot copy RDS snapshots across account
   * and region in one job, BK2) that receives a copy too: it survives a compromise of this account.
   */
  recoveryVaultArn?: string;
  /** ARNs of the data stores the plan backs up. */
  resources: string[];
  provider?: TerraformProvider;
}

/**
 * A daily AWS Backup plan that copies each recovery point to the DR region's locked vault, and the
 * selection of the CRM data stores it covers.
 */
export class BackupPlanWithCopy extends Construct {
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: BackupPlanWithCopyProps) {
    super(scope, id);
    const provider = props.provider;
    this.plan = new BackupPlan(this, 'plan', {
      provider,
      name: props.name,
      rule: [
        {
          ruleName: 'daily-with-dr-copy',
          targetVaultName: props.vault.vault.name,
          schedule: 'cron(0 3 * * ? *)',
          startWindow: 60,
          completionWindow: 360,
          lifecycle: { deleteAfter: props.retentionDays },
          copyAction: [
            { destinationVaultArn: props.drVault.vault.arn, lifecycle: { deleteAfter: props.retentionDays } },
            ...(props.recoveryVaultArn ? [{ destinationVaultArn: props.recoveryVaultArn, lifecycle: { deleteAfter: props.retentionDays } }] : []),
          ],
        },
      ],
    });
    const role = new ServiceRole(this, 'role', {
      name: `${props.name}-backup-${props.region}`,
      service: 'backup.amazonaws.com',
      sourceAccount: props.accountId,
      description: `AWS Backup plan ${props.name}`,
      statements: [],
      managedPolicyArns: [
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup',
        'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
        'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup',
        'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore',
      ],
      provider,
    });
    new BackupSelection(this, 'selection', { provider, name: `${props.name}-crm-data`, planId: this.plan.id, iamRoleArn: role.role.arn, resources: props.resources });
  }
}
