import { ElasticacheReplicationGroup } from '@cdktn/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktn/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktn/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktn/provider-aws/lib/elasticache-user-group';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import type { DataTierProps } from './data-tier';
import { EncryptedLogGroup } from './log-group';

export const REDIS_PORT = 6379;

export interface SessionCacheProps extends DataTierProps {
  /** Replication group id (≤ 40 characters). */
  name: string;
  nodeType: string;
}

/**
 * The session store (Redis OSS): two nodes over two AZs with automatic failover, encrypted at rest
 * with a CMK and in transit (TLS required), authenticated through RBAC with IAM users (no shared
 * AUTH token to leak; the default user is disabled), snapshotted daily, slow and engine logs shipped
 * to encrypted log groups. Sessions are rebuildable (users sign in again), so each region runs its
 * own cache instead of a cross-region replica.
 */
export class SessionCache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly securityGroup: SecurityGroup;
  /** The IAM-authenticated user the application connects as. */
  readonly appUser: ElasticacheUser;
  readonly appUserId: string;

  constructor(scope: Construct, id: string, props: SessionCacheProps) {
    super(scope, id);
    const provider = props.provider;
    const subnetGroup = new ElasticacheSubnetGroup(this, 'subnets', { provider, name: `${props.name}-data`, subnetIds: props.subnets.map((s) => s.id) });
    this.securityGroup = new SecurityGroup(this, 'sg', {
      provider,
      name: `${props.name}-cache`,
      description: 'CRM session cache: ingress only from the application tier security group',
      vpcId: props.vpc.id,
      tags: { Tier: 'data', Name: `${props.name}-cache` },
    });
    const disabledDefault = new ElasticacheUser(this, 'default-user', {
      provider,
      userId: `${props.name}-default`,
      userName: 'default',
      engine: 'redis',
      accessString: 'off -@all',
      authenticationMode: { type: 'no-password-required' },
    });
    this.appUserId = `${props.name}-app`;
    const appUser = (this.appUser = new ElasticacheUser(this, 'app-user', {
      provider,
      userId: this.appUserId,
      userName: this.appUserId,
      engine: 'redis',
      accessString: 'on ~session:* -@all +@read +@write +@keyspace -@dangerous',
      authenticationMode: { type: 'iam' },
    }));
    const users = new ElasticacheUserGroup(this, 'users', { provider, userGroupId: `${props.name}-users`, engine: 'redis', userIds: [disabledDefault.userId, appUser.userId] });
    const slowLog = new EncryptedLogGroup(this, 'slow-log', { name: `/crm/${props.name}/${props.region}/redis-slow-log`, key: props.logKey, retentionDays: props.logRetentionDays, provider });
    const engineLog = new EncryptedLogGroup(this, 'engine-log', { name: `/crm/${props.name}/${props.region}/redis-engine-log`, key: props.logKey, retentionDays: props.logRetentionDays, provider });
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'replication-group', {
      provider,
      replicationGroupId: props.name,
      description: 'CRM sessions',
      engine: 'redis',
      engineVersion: '7.1',
      nodeType: props.nodeType,
      port: REDIS_PORT,
      numCacheClusters: 2,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [this.securityGroup.id],
      atRestEncryptionEnabled: 'true',
      kmsKeyId: props.key.arn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      userGroupIds: [users.userGroupId],
      autoMinorVersionUpgrade: 'true',
      snapshotRetentionLimit: 7,
      snapshotWindow: '01:00-02:00',
      maintenanceWindow: 'sun:04:00-sun:05:00',
      logDeliveryConfiguration: [
        { destination: slowLog.group.name, destinationType: 'cloudwatch-logs', logFormat: 'json', logType: 'slow-log' },
        { destination: engineLog.group.name, destinationType: 'cloudwatch-logs', logFormat: 'json', logType: 'engine-log' },
      ],
    });
  }
}
