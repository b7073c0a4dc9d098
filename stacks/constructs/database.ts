import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { Subnet } from '@cdktf/provider-aws/lib/subnet';
import type { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';

export interface EncryptedDatabaseProps {
  identifier: string;
  vpc: Vpc;
  /** Isolated data-tier subnets (≥ 2 AZs). */
  subnets: Subnet[];
  key: KmsKey;
  instanceClass: string;
  allocatedStorageGb: number;
  backupRetentionDays: number;
}

/**
 * The CRM PostgreSQL database: private, Multi-AZ, encrypted with a CMK, TLS forced, IAM auth,
 * master password managed by RDS in Secrets Manager (never in configuration), logs exported.
 */
export class EncryptedDatabase extends Construct {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: EncryptedDatabaseProps) {
    super(scope, id);
    const subnetGroup = new DbSubnetGroup(this, 'subnets', { name: `${props.identifier}-data`, subnetIds: props.subnets.map((s) => s.id) });
    this.securityGroup = new SecurityGroup(this, 'sg', {
      name: `${props.identifier}-db`,
      description: 'CRM database: ingress only from the application tier security group',
      vpcId: props.vpc.id,
      tags: { Tier: 'data' },
    });
    const params = new DbParameterGroup(this, 'params', {
      name: `${props.identifier}-pg16`,
      family: 'postgres16',
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'log_connections', value: '1' },
        { name: 'log_disconnections', value: '1' },
      ],
    });
    this.instance = new DbInstance(this, 'instance', {
      identifier: props.identifier,
      engine: 'postgres',
      engineVersion: '16.4',
      instanceClass: props.instanceClass,
      allocatedStorage: props.allocatedStorageGb,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: props.key.arn,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      parameterGroupName: params.name,
      publiclyAccessible: false,
      multiAz: true,
      deletionProtection: true,
      iamDatabaseAuthenticationEnabled: true,
      username: 'crm_admin',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.key.arn,
      backupRetentionPeriod: props.backupRetentionDays,
      copyTagsToSnapshot: true,
      autoMinorVersionUpgrade: true,
      enabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.key.arn,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.identifier}-final`,
    });
  }
}
