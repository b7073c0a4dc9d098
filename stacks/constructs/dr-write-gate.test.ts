import { DbInstance } from '@cdktn/provider-aws/lib/db-instance';
import { Lb } from '@cdktn/provider-aws/lib/lb';
import { DnsFailover } from './dns-failover';
import { DrWriteGate } from './dr-write-gate';
import { at, ref, synthConstruct } from './test-kit';

const doc = synthConstruct((s, dr) => {
  const replica = new DbInstance(s, 'replica', { identifier: 'crm-db-replica', instanceClass: 'db.r6g.large', replicateSourceDb: 'arn:aws:rds:eu-west-1:111122223333:db:crm-db', provider: dr });
  const gate = new DrWriteGate(s, 'gate', { replica, region: 'eu-central-1', name: 'crm-prod', provider: dr });
  const primary = new Lb(s, 'primary-lb', { name: 'crm', subnets: ['subnet-a', 'subnet-b'] });
  const secondary = new Lb(s, 'dr-lb', { name: 'crm', subnets: ['subnet-c', 'subnet-d'], provider: dr });
  new DnsFailover(s, 'dns', { zoneId: 'Z123', recordName: 'crm.example.com', primary, secondary, healthCheckPath: '/health', secondaryHealthCheckId: gate.healthCheck.id });
});

describe('DrWriteGate', () => {
  it('alarms while the DR database is still a replica (ReplicaLag exists only for replicas), in the DR region', () => {
    expect(at(doc, 'aws_cloudwatch_metric_alarm', 'gate/read-only')).toMatchObject({
      provider: 'aws.dr',
      alarm_name: 'crm-prod-dr-database-read-only',
      namespace: 'AWS/RDS',
      metric_name: 'ReplicaLag',
      dimensions: { DBInstanceIdentifier: `${ref(doc, 'aws_db_instance', 'replica')}identifier}` },
      threshold: 0,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'missing',
    });
  });

  it('turns the alarm into a health check that is healthy once the metric stops (after promotion), and gates the SECONDARY record on it', () => {
    expect(at(doc, 'aws_route53_health_check', 'gate/writable')).toMatchObject({
      type: 'CLOUDWATCH_METRIC',
      cloudwatch_alarm_name: `${ref(doc, 'aws_cloudwatch_metric_alarm', 'gate/read-only')}alarm_name}`,
      cloudwatch_alarm_region: 'eu-central-1',
      insufficient_data_health_status: 'Healthy',
    });
    expect(at(doc, 'aws_route53_record', 'dns/secondary')).toMatchObject({ health_check_id: `${ref(doc, 'aws_route53_health_check', 'gate/writable')}id}` });
  });
});
