import { RegionKeys } from './keys';
import { SecureBucket } from './secure-bucket';
import { all, at, json, ref, synthConstruct, TEST_ACCOUNT } from './test-kit';
import { GUARDDUTY_FEATURES, ThreatDetection } from './threat-detection';

const build = (primary: boolean) =>
  synthConstruct((s, dr) => {
    const provider = primary ? undefined : dr;
    const region = primary ? 'eu-west-1' : 'eu-central-1';
    const keys = new RegionKeys(s, 'keys', { project: 'crm', accountId: TEST_ACCOUNT, region, provider });
    const audit = new SecureBucket(s, 'audit', { bucketName: 'crm-audit', region, encryption: { kind: 'kms', key: keys.of('logs') }, lifecycle: { noncurrentExpireDays: 30 }, provider });
    const files = new SecureBucket(s, 'files', { bucketName: 'crm-files', region, encryption: { kind: 'kms', key: keys.of('attachments') }, lifecycle: { noncurrentExpireDays: 30 }, provider });
    new ThreatDetection(s, 'td', {
      name: 'crm',
      region,
      accountId: TEST_ACCOUNT,
      platformKey: keys.of('platform'),
      configBucket: audit,
      uploadBuckets: [files],
      securityContactEmail: 'sec@example.com',
      recordGlobalResources: primary,
      aggregateRegions: primary ? ['eu-central-1'] : undefined,
      provider,
    });
  });

describe('ThreatDetection', () => {
  const doc = build(true);

  it('enables GuardDuty with S3, RDS, EBS malware, Lambda and Fargate runtime protection, and scans uploads for malware', () => {
    expect(at(doc, 'aws_guardduty_detector', 'td/guardduty')).toMatchObject({ enable: true });
    expect(all(doc, 'aws_guardduty_detector_feature').map((f) => [f.name, f.status]).sort()).toEqual(GUARDDUTY_FEATURES.map((f) => [f, 'ENABLED']).sort());
    expect(at(doc, 'aws_guardduty_detector_feature', 'td/guardduty-runtime_monitoring').additional_configuration).toEqual([{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }]);
    expect(at(doc, 'aws_guardduty_malware_protection_plan', 'td/malware-scan-0')).toMatchObject({
      protected_resource: [{ s3_bucket: [{ bucket_name: `${ref(doc, 'aws_s3_bucket', 'files/bucket')}id}` }] }],
      actions: [{ tagging: [{ status: 'ENABLED' }] }],
    });
  });

  it('subscribes Security Hub to FSBP and CIS v3.0.0 and aggregates the DR region', () => {
    expect(all(doc, 'aws_securityhub_standards_subscription').map((s) => s.standards_arn).sort()).toEqual([
      'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
    ].sort());
    expect(at(doc, 'aws_securityhub_finding_aggregator', 'td/securityhub-aggregator')).toMatchObject({ linking_mode: 'SPECIFIED_REGIONS', specified_regions: ['eu-central-1'] });
  });

  it('records every resource type with AWS Config, delivered to the audit bucket, and turns the recorder on', () => {
    expect(at(doc, 'aws_config_configuration_recorder', 'td/config-recorder').recording_group).toEqual({ all_supported: true, include_global_resource_types: true });
    expect(at(doc, 'aws_config_delivery_channel', 'td/config-channel')).toMatchObject({ s3_bucket_name: `${ref(doc, 'aws_s3_bucket', 'audit/bucket')}id}` });
    expect(at(doc, 'aws_config_configuration_recorder_status', 'td/config-recorder-status')).toMatchObject({ is_enabled: true });
  });

  it('turns on Access Analyzer, EBS default encryption under the platform CMK, Inspector and Macie', () => {
    expect(at(doc, 'aws_accessanalyzer_analyzer', 'td/access-analyzer')).toMatchObject({ type: 'ACCOUNT' });
    expect(at(doc, 'aws_ebs_encryption_by_default', 'td/ebs-encryption')).toMatchObject({ enabled: true });
    expect(at(doc, 'aws_ebs_default_kms_key', 'td/ebs-default-key')).toMatchObject({ key_arn: `${ref(doc, 'aws_kms_key', 'keys/platform/key')}arn}` });
    expect(at(doc, 'aws_inspector2_enabler', 'td/inspector')).toMatchObject({ account_ids: [TEST_ACCOUNT], resource_types: ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'] });
    expect(at(doc, 'aws_macie2_account', 'td/macie')).toMatchObject({ status: 'ENABLED' });
    expect(at(doc, 'aws_macie2_classification_job', 'td/macie-job').s3_job_definition).toEqual({
      bucket_definitions: [{ account_id: TEST_ACCOUNT, buckets: [`${ref(doc, 'aws_s3_bucket', 'files/bucket')}id}`] }],
    });
  });

  it('routes GuardDuty and Security Hub findings to an encrypted, subscribed topic', () => {
    const topic = `${ref(doc, 'aws_sns_topic', 'td/alerts')}arn}`;
    expect(at(doc, 'aws_sns_topic', 'td/alerts')).toMatchObject({ kms_master_key_id: expect.stringContaining('aws_kms_key') });
    expect(all(doc, 'aws_cloudwatch_event_rule').map((r) => json<{ source: string[] }>(r.event_pattern).source)).toEqual([['aws.guardduty'], ['aws.securityhub']]);
    for (const t of all(doc, 'aws_cloudwatch_event_target')) expect(t.arn).toBe(topic);
    expect(at(doc, 'aws_sns_topic_subscription', 'td/alerts-email')).toMatchObject({ protocol: 'email', endpoint: 'sec@example.com' });
  });

  it('records global resource types in one region only', () => {
    const dr = build(false);
    expect(at(dr, 'aws_config_configuration_recorder', 'td/config-recorder').recording_group).toEqual({ all_supported: true, include_global_resource_types: false });
    expect(dr.resource.aws_securityhub_finding_aggregator).toBeUndefined();
  });
});
