import { BackupRestoreTestingPlan } from '@cdktn/provider-aws/lib/backup-restore-testing-plan';
import { BackupRestoreTestingSelection } from '@cdktn/provider-aws/lib/backup-restore-testing-selection';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';
import { ServiceRole } from './service-role';

export interface RestoreTestingProps {
  /** Letters, digits and underscores only (AWS Backup's rule for restore-testing names). */
  name: string;
  region: string;
  accountId: string;
  /** ARN of the vault whose recovery points are restored. */
  vaultArn: string;
  /** Protected resource type (`RDS`, `S3`, ...) → ARNs of the data stores restored. */
  resources: Record<string, string[]>;
  provider?: TerraformProvider;
}

/**
 * Monthly restore tests of the CRM data stores (CRM-BDR-020): AWS Backup restores the latest
 * recovery point of each store into a throwaway copy and deletes it once validated, so the backups
 * the DR drill counts on are proven restorable.
 */
export class RestoreTesting extends Construct {
  readonly plan: BackupRestoreTestingPlan;

  constructor(scope: Construct, id: string, props: RestoreTestingProps) {
    super(scope, id);
    const provider = props.provider;
    this.plan = new BackupRestoreTestingPlan(this, 'plan', {
      provider,
      name: props.name,
      scheduleExpression: 'cron(0 5 1 * ? *)',
      startWindowHours: 24,
      recoveryPointSelection: [{ algorithm: 'LATEST_WITHIN_WINDOW', includeVaults: [props.vaultArn], recoveryPointTypes: ['SNAPSHOT'], selectionWindowDays: 7 }],
    });
    const role = new ServiceRole(this, 'role', {
      name: `${props.name.replace(/_/g, '-')}-${props.region}`,
      service: 'backup.amazonaws.com',
      sourceAccount: props.accountId,
      description: `AWS Backup restore testing ${props.name}`,
      statements: [],
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores', 'arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore'],
      provider,
    });
    for (const [type, arns] of Object.entries(props.resources)) {
      new BackupRestoreTestingSelection(this, `selection-${type.toLowerCase()}`, {
        provider,
        name: `${props.name}_${type.toLowerCase()}`,
        restoreTestingPlanName: this.plan.name,
        protectedResourceType: type,
        protectedResourceArns: arns,
        iamRoleArn: role.role.arn,
        validationWindowHours: 2,
      });
    }
  }
}
