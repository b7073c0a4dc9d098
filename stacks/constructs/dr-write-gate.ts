import { CloudwatchMetricAlarm } from '@cdktn/provider-aws/lib/cloudwatch-metric-alarm';
import type { DbInstance } from '@cdktn/provider-aws/lib/db-instance';
import { Route53HealthCheck } from '@cdktn/provider-aws/lib/route53-health-check';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';

export interface DrWriteGateProps {
  /** The DR region's read replica: the DR site can take writes only once it is promoted. */
  replica: DbInstance;
  /** Region of the replica (where the alarm lives). */
  region: string;
  name: string;
  /** Provider of the replica's region (the alarm must be there). */
  provider?: TerraformProvider;
}

/**
 * Gates DNS failover on data recovery (CRM-BDR-018): an alarm in the DR region that is in ALARM
 * while the DR database is still a replica (RDS publishes ReplicaLag only for replicas; after
 * promotion the metric stops and the alarm goes to INSUFFICIENT_DATA), and a CLOUDWATCH_METRIC
 * health check on it that reports the missing data as healthy. On the SECONDARY failover record,
 * Route 53 sends users to the DR site only once its database is writable; before that, with both
 * records unhealthy, Route 53 keeps answering with the primary.
 */
export class DrWriteGate extends Construct {
  readonly healthCheck: Route53HealthCheck;
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: DrWriteGateProps) {
    super(scope, id);
    this.alarm = new CloudwatchMetricAlarm(this, 'read-only', {
      provider: props.provider,
      alarmName: `${props.name}-dr-database-read-only`,
      alarmDescription: 'The DR database is still a read replica: the DR site cannot take writes (gates DNS failover)',
      namespace: 'AWS/RDS',
      metricName: 'ReplicaLag',
      dimensions: { DBInstanceIdentifier: props.replica.identifier },
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'missing',
    });
    this.healthCheck = new Route53HealthCheck(this, 'writable', {
      type: 'CLOUDWATCH_METRIC',
      cloudwatchAlarmName: this.alarm.alarmName,
      cloudwatchAlarmRegion: props.region,
      insufficientDataHealthStatus: 'Healthy',
      tags: { Name: `${props.name}-dr-database-writable` },
    });
  }
}
