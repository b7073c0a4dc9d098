import { DbInstance, type DbInstanceConfig } from '@cdktn/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktn/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktn/provider-aws/lib/db-subnet-group';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import type { DataTierProps } from './data-tier';
import { EncryptedLogGroup } from './log-group';
import { ServiceRole } from './service-role';

export const POSTGRES_PORT = 5432;
const LOG_EXPORTS = ['postgresql', 'upgrade'];

interface DatabaseCommonProps extends DataTierProps {
  identifier: string;
  instanceClass: string;
  maxAllocatedStorageGb: number;
}

export interface EncryptedDatabaseProps extends DatabaseCommonProps {
  allocatedStorageGb: number;
  backupRetentionDays: number;
  /** Extra tags, e.g. the AWS Backup selection tag. */
  tags?: Record<string, string>;
}

/** Pieces both the primary and its cross-region replica need: subnet group, group, TLS-forcing parameters, log groups, monitoring role. */
class DatabasePlumbing {
  readonly subnetGroup: DbSubnetGroup;
  readonly securityGroup: SecurityGroup;
  readonly parameters: DbParameterGroup;
  readonly monitoringRole: ServiceRole;
  readonly logGroups: EncryptedLogGroup[];

  constructor(scope: Construct, props: DatabaseCommonProps) {
    const provider = props.provider;
    this.subnetGroup = new DbSubnetGroup(scope, 'subnets', { provider, name: `${props.identifier}-data`, subnetIds: props.subnets.map((s) => s.id) });
    // Ingress is added by chaining the app tier's group to this one (SecurityGroupLink); no egress.
    this.securityGroup = new SecurityGroup(scope, 'sg', {
      provider,
      name: `${props.identifier}-db`,
      description: 'CRM database: ingress only from the application tier security group',
      vpcId: props.vpc.id,
      tags: { Tier: 'data', Name: `${props.identifier}-db` },
    });
    this.parameters = new DbParameterGroup(scope, 'params', {
      provider,
      name: `${props.identifier}-pg16-${props.region}`,
      family: 'postgres16',
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'ssl_min_protocol_version', value: 'TLSv1.2' },
        { name: 'log_connections', value: '1' },
        { name: 'log_disconnections', value: '1' },
      ],
    });
    // Declared up front so RDS writes its exports into encrypted groups with bounded retention.
    this.logGroups = LOG_EXPORTS.map(
      (log) => new EncryptedLogGroup(scope, `log-${log}`, { name: `/aws/rds/instance/${props.identifier}/${log}`, key: props.logKey, retentionDays: props.logRetentionDays, provider }),
    );
    this.monitoringRole = new ServiceRole(scope, 'monitoring-role', {
      name: `${props.identifier}-monitoring-${props.region}`,
      service: 'monitoring.rds.amazonaws.com',
      description: `Enhanced monitoring of ${props.identifier}`,
      statements: [],
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole'],
      provider,
    });
  }
}

/**
 * The hardening a primary and its replica share: private, Multi-AZ, CMK-encrypted storage and
 * Performance Insights, TLS forced through the parameter group, IAM auth, logs exported,
 * enhanced monitoring, deletion protection and a final snapshot.
 */
function hardenedInstance(props: DatabaseCommonProps, plumbing: DatabasePlumbing): DbInstanceConfig {
  return {
    provider: props.provider,
    identifier: props.identifier,
    instanceClass: props.instanceClass,
    maxAllocatedStorage: props.maxAllocatedStorageGb,
    storageType: 'gp3',
    storageEncrypted: true,
    kmsKeyId: props.key.arn,
    dbSubnetGroupName: plumbing.subnetGroup.name,
    vpcSecurityGroupIds: [plumbing.securityGroup.id],
    parameterGroupName: plumbing.parameters.name,
    publiclyAccessible: false,
    multiAz: true,
    deletionProtection: true,
    iamDatabaseAuthenticationEnabled: true,
    copyTagsToSnapshot: true,
    autoMinorVersionUpgrade: true,
    enabledCloudwatchLogsExports: LOG_EXPORTS,
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: props.key.arn,
    performanceInsightsRetentionPeriod: 7,
    monitoringInterval: 60,
    monitoringRoleArn: plumbing.monitoringRole.role.arn,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: `${props.identifier}-final`,
    dependsOn: plumbing.logGroups.map((g) => g.group),
  };
}

/**
 * The CRM PostgreSQL database: private, Multi-AZ, encrypted with a CMK, TLS forced, IAM auth,
 * master password managed by RDS in Secrets Manager (never in configuration), Performance Insights
 * encrypted, logs exported, deletion-protected, minor versions patched automatically.
 */
export class EncryptedDatabase extends Construct {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: EncryptedDatabaseProps) {
    super(scope, id);
    const plumbing = new DatabasePlumbing(this, props);
    this.securityGroup = plumbing.securityGroup;
    this.instance = new DbInstance(this, 'instance', {
      ...hardenedInstance(props, plumbing),
      engine: 'postgres',
      engineVersion: '16.4',
      allocatedStorage: props.allocatedStorageGb,
      username: 'crm_admin',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.key.arn,
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: '02:00-02:30',
      maintenanceWindow: 'sun:03:00-sun:04:00',
      tags: props.tags,
    });
  }
}

export interface CrossRegionReplicaProps extends DatabaseCommonProps {
  /** The primary instance (another region) this replica follows. */
  source: DbInstance;
}

/**
 * A cross-region read replica of the CRM database in the DR region, encrypted with the DR region's
 * own key. Region-loss path: promote it (RPO = replica lag, seconds; RTO = declare + promote), see
 * docs/reference-deployment.md. It is configured like a primary (Multi-AZ, TLS forced, deletion
 * protection, backups) so that it is production-ready the moment it is promoted.
 */
export class CrossRegionReplica extends Construct {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: CrossRegionReplicaProps) {
    super(scope, id);
    const plumbing = new DatabasePlumbing(this, props);
    this.securityGroup = plumbing.securityGroup;
    this.instance = new DbInstance(this, 'instance', {
      ...hardenedInstance(props, plumbing),
      replicateSourceDb: props.source.arn,
      backupRetentionPeriod: 7,
    });
  }
}
