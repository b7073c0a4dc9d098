import { SnsTopic } from '@cdktn/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktn/provider-aws/lib/sns-topic-subscription';
import { AuditTrail, auditDeliveryStatements, CIS_METRIC_FILTERS } from './audit-trail';
import { RegionKeys } from './keys';
import { SecureBucket } from './secure-bucket';
import { all, at, ref, synthConstruct, TEST_ACCOUNT } from './test-kit';

const TRAIL_ARN = AuditTrail.arnOf('crm-audit', 'eu-west-1', TEST_ACCOUNT);

const doc = synthConstruct((s) => {
  const keys = new RegionKeys(s, 'keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-west-1' });
  const logs = new SecureBucket(s, 'logs', { bucketName: 'crm-logs', region: 'eu-west-1', encryption: { kind: 'log-delivery' }, lifecycle: { noncurrentExpireDays: 30, expireDays: 365 } });
  const audit = new SecureBucket(s, 'audit', {
    bucketName: 'crm-audit',
    region: 'eu-west-1',
    encryption: { kind: 'kms', key: keys.of('logs') },
    accessLogs: { target: logs, prefix: 's3/audit/' },
    lifecycle: { noncurrentExpireDays: 2555, expireDays: 2555 },
    objectLock: { mode: 'COMPLIANCE', days: 365 },
    policyStatements: (arn) => auditDeliveryStatements(arn, { accountId: TEST_ACCOUNT, trailArn: TRAIL_ARN }),
  });
  const files = new SecureBucket(s, 'files', { bucketName: 'crm-files', region: 'eu-west-1', encryption: { kind: 'kms', key: keys.of('attachments') }, lifecycle: { noncurrentExpireDays: 90 } });
  const topic = new SnsTopic(s, 'alerts', { name: 'alerts', kmsMasterKeyId: keys.of('platform').arn });
  new SnsTopicSubscription(s, 'alerts-email', { topicArn: topic.arn, protocol: 'email', endpoint: 'sec@example.com' });
  new AuditTrail(s, 'trail', { name: 'crm-audit', region: 'eu-west-1', accountId: TEST_ACCOUNT, bucket: audit, key: keys.of('logs'), logRetentionDays: 365, dataEventBuckets: [files], alarmTopic: topic });
});

describe('AuditTrail', () => {
  const trail = at(doc, 'aws_cloudtrail', 'trail/trail');

  it('is multi-region, validated, KMS-encrypted and delivered to an encrypted CloudWatch Logs group', () => {
    expect(trail).toMatchObject({
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_logging: true,
      enable_log_file_validation: true,
      kms_key_id: `${ref(doc, 'aws_kms_key', 'keys/logs/key')}arn}`,
      cloud_watch_logs_group_arn: `${ref(doc, 'aws_cloudwatch_log_group', 'trail/logs/group')}arn}:*`,
      s3_bucket_name: `${ref(doc, 'aws_s3_bucket', 'audit/bucket')}id}`,
    });
    expect(at(doc, 'aws_cloudwatch_log_group', 'trail/logs/group')).toMatchObject({ retention_in_days: 365, kms_key_id: expect.stringContaining('aws_kms_key') });
  });

  it('records management events and object-level events of the CRM buckets', () => {
    expect(trail.event_selector).toEqual([
      { read_write_type: 'All', include_management_events: true, data_resource: [{ type: 'AWS::S3::Object', values: [`${ref(doc, 'aws_s3_bucket', 'files/bucket')}arn}/`] }] },
    ]);
  });

  it('raises a CIS 4.1-4.15 alarm on each metric filter, to the subscribed topic', () => {
    const filters = all(doc, 'aws_cloudwatch_log_metric_filter');
    expect(filters).toHaveLength(15);
    expect(Object.values(CIS_METRIC_FILTERS).map((f) => f.cis)).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
    for (const f of filters) expect(f.log_group_name).toBe(`${ref(doc, 'aws_cloudwatch_log_group', 'trail/logs/group')}name}`);
    for (const a of all(doc, 'aws_cloudwatch_metric_alarm')) expect(a).toMatchObject({ namespace: 'CISBenchmark', alarm_actions: [`${ref(doc, 'aws_sns_topic', 'alerts')}arn}`] });
    expect(at(doc, 'aws_cloudwatch_log_metric_filter', 'trail/filter-RootAccountUsage').pattern).toContain('$.userIdentity.type = "Root"');
  });

  it('lets only this trail write into the audit bucket', () => {
    const policy = JSON.parse(String(at(doc, 'aws_s3_bucket_policy', 'audit/policy').policy)) as { Statement: { Sid: string; Condition?: unknown }[] };
    const write = policy.Statement.find((st) => st.Sid === 'CloudTrailDelivers');
    expect(write?.Condition).toEqual({ StringEquals: { 'aws:SourceArn': TRAIL_ARN, 's3:x-amz-acl': 'bucket-owner-full-control' } });
  });
});
