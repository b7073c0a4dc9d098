import { CloudwatchEventRule } from '@cdktn/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktn/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktn/provider-aws/lib/cloudwatch-metric-alarm';
import type { DbInstance } from '@cdktn/provider-aws/lib/db-instance';
import type { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import type { SnsTopic } from '@cdktn/provider-aws/lib/sns-topic';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';

export interface RecoveryAlarmsProps {
  name: string;
  /** The primary region's alert topic (backup and copy jobs run there, S3 replication starts there). */
  alertTopic: SnsTopic;
  /** Cross-region read replica, its region's alert topic and provider. */
  replica: { instance: DbInstance; alertTopic: SnsTopic; provider?: TerraformProvider; maxLagSeconds: number };
  /** Source buckets of cross-region replication. */
  replicatedBuckets: Record<string, S3Bucket>;
}

/**
 * Alerts on the recovery paths (CRM-BDR-019): failed or aborted AWS Backup jobs and copy jobs
 * (EventBridge → the alert topic), a lagging cross-region database replica, and failed S3
 * replication. Without them the DR drill's RPO figures rest on copies nobody watches.
 */
export class RecoveryAlarms extends Construct {
  constructor(scope: Construct, id: string, props: RecoveryAlarmsProps) {
    super(scope, id);
    const jobs = new CloudwatchEventRule(this, 'backup-jobs', {
      name: `${props.name}-backup-job-failures`,
      description: 'AWS Backup and copy jobs that failed, aborted or expired',
      eventPattern: JSON.stringify({
        source: ['aws.backup'],
        'detail-type': ['Backup Job State Change', 'Copy Job State Change'],
        detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
      }),
    });
    new CloudwatchEventTarget(this, 'backup-jobs-target', { rule: jobs.name, arn: props.alertTopic.arn, targetId: 'recovery-alerts' });

    const r = props.replica;
    new CloudwatchMetricAlarm(this, 'replica-lag', {
      provider: r.provider,
      alarmName: `${props.name}-db-replica-lag`,
      alarmDescription: 'The cross-region read replica lags behind the primary beyond the RPO',
      namespace: 'AWS/RDS',
      metricName: 'ReplicaLag',
      dimensions: { DBInstanceIdentifier: r.instance.identifier },
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 5,
      threshold: r.maxLagSeconds,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'breaching',
      alarmActions: [r.alertTopic.arn],
    });

    for (const [key, bucket] of Object.entries(props.replicatedBuckets)) {
      new CloudwatchMetricAlarm(this, `replication-${key}`, {
        alarmName: `${props.name}-${key}-replication-failed`,
        alarmDescription: `Objects of the ${key} bucket failed to replicate to the DR region`,
        namespace: 'AWS/S3',
        metricName: 'OperationsFailedReplication',
        dimensions: { SourceBucket: bucket.bucket },
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [props.alertTopic.arn],
      });
    }
  }
}
