import { AccessanalyzerAnalyzer } from '@cdktn/provider-aws/lib/accessanalyzer-analyzer';
import { CloudwatchEventRule } from '@cdktn/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktn/provider-aws/lib/cloudwatch-event-target';
import { ConfigConfigurationRecorder } from '@cdktn/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktn/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktn/provider-aws/lib/config-delivery-channel';
import { EbsDefaultKmsKey } from '@cdktn/provider-aws/lib/ebs-default-kms-key';
import { EbsEncryptionByDefault } from '@cdktn/provider-aws/lib/ebs-encryption-by-default';
import { GuarddutyDetector } from '@cdktn/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktn/provider-aws/lib/guardduty-detector-feature';
import { GuarddutyMalwareProtectionPlan } from '@cdktn/provider-aws/lib/guardduty-malware-protection-plan';
import { Inspector2Enabler } from '@cdktn/provider-aws/lib/inspector2-enabler';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { Macie2Account } from '@cdktn/provider-aws/lib/macie2-account';
import { Macie2ClassificationJob } from '@cdktn/provider-aws/lib/macie2-classification-job';
import { SecurityhubAccount } from '@cdktn/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktn/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubStandardsSubscription } from '@cdktn/provider-aws/lib/securityhub-standards-subscription';
import { SnsTopic } from '@cdktn/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktn/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktn/provider-aws/lib/sns-topic-subscription';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';
import type { SecureBucket } from './secure-bucket';
import { ServiceRole } from './service-role';

/** GuardDuty protection plans enabled in every region (runtime monitoring manages the Fargate agent). */
export const GUARDDUTY_FEATURES = ['S3_DATA_EVENTS', 'RDS_LOGIN_EVENTS', 'EBS_MALWARE_PROTECTION', 'LAMBDA_NETWORK_LOGS', 'RUNTIME_MONITORING'];

export interface ThreatDetectionProps {
  /** Name prefix, e.g. `crm-prod`. */
  name: string;
  region: string;
  accountId: string;
  /** Key of the platform domain (its policy admits alarm and event publishers). */
  platformKey: KmsKey;
  /** Where the region's Config recorder delivers (an audit bucket in this region). */
  configBucket: SecureBucket;
  /** Buckets users upload into: scanned for malware on write and classified by Macie. */
  uploadBuckets: SecureBucket[];
  securityContactEmail: string;
  /**
   * Record IAM and other global resource types here. True in exactly one region, or Config
   * records them twice.
   */
  recordGlobalResources: boolean;
  /** Regions whose Security Hub findings this region aggregates (the primary region only). */
  aggregateRegions?: string[];
  provider?: TerraformProvider;
}

/**
 * The per-region detective baseline: GuardDuty with S3, RDS, EBS-malware, Lambda-network and
 * runtime protection plus S3 malware scanning of upload buckets; Security Hub with the FSBP and
 * CIS v3.0.0 standards; an AWS Config recorder with its delivery channel; IAM Access Analyzer;
 * EBS encryption by default under a CMK; Macie classifying the upload buckets; Inspector scanning
 * EC2, ECR and Lambda; and an encrypted, subscribed topic that receives GuardDuty and Security Hub
 * findings through EventBridge.
 */
export class ThreatDetection extends Construct {
  readonly alertTopic: SnsTopic;
  readonly detector: GuarddutyDetector;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const provider = props.provider;
    const { accountId: acct, region } = props;

    // Responders: one encrypted topic per region, fed by EventBridge and CloudWatch alarms.
    this.alertTopic = new SnsTopic(this, 'alerts', { provider, name: `${props.name}-security-alerts`, kmsMasterKeyId: props.platformKey.arn });
    new SnsTopicPolicy(this, 'alerts-policy', {
      provider,
      arn: this.alertTopic.arn,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountManagesTopic',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${acct}:root` },
            Action: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:ListSubscriptionsByTopic', 'sns:Publish'],
            Resource: this.alertTopic.arn,
          },
          {
            Sid: 'AlarmsAndFindingsPublish',
            Effect: 'Allow',
            Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
            Action: 'sns:Publish',
            Resource: this.alertTopic.arn,
            Condition: { StringEquals: { 'aws:SourceAccount': acct } },
          },
        ],
      }),
    });
    new SnsTopicSubscription(this, 'alerts-email', { provider, topicArn: this.alertTopic.arn, protocol: 'email', endpoint: props.securityContactEmail });
    const findingRules: Record<string, object> = {
      guardduty: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] },
      securityhub: { source: ['aws.securityhub'], 'detail-type': ['Security Hub Findings - Imported'], detail: { findings: { Severity: { Label: ['HIGH', 'CRITICAL'] } } } },
    };
    for (const [source, pattern] of Object.entries(findingRules)) {
      const rule = new CloudwatchEventRule(this, `route-${source}`, {
        provider,
        name: `${props.name}-${source}-findings`,
        description: `Routes ${source} findings to the security responders`,
        eventPattern: JSON.stringify(pattern),
      });
      new CloudwatchEventTarget(this, `route-${source}-target`, { provider, rule: rule.name, arn: this.alertTopic.arn, targetId: 'security-alerts' });
    }

    // GuardDuty.
    this.detector = new GuarddutyDetector(this, 'guardduty', { provider, enable: true, findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    for (const feature of GUARDDUTY_FEATURES) {
      new GuarddutyDetectorFeature(this, `guardduty-${feature.toLowerCase()}`, {
        provider,
        detectorId: this.detector.id,
        name: feature,
        status: 'ENABLED',
        additionalConfiguration: feature === 'RUNTIME_MONITORING' ? [{ name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' }] : undefined,
      });
    }
    props.uploadBuckets.forEach((bucket, i) => this.scanUploads(bucket, i, props));

    // Security Hub with the FSBP and CIS v3.0.0 standards.
    const hub = new SecurityhubAccount(this, 'securityhub', { provider, enableDefaultStandards: false, autoEnableControls: true, controlFindingGenerator: 'SECURITY_CONTROL' });
    for (const [key, standard] of [
      ['fsbp', 'aws-foundational-security-best-practices/v/1.0.0'],
      ['cis', 'cis-aws-foundations-benchmark/v/3.0.0'],
    ]) {
      new SecurityhubStandardsSubscription(this, `securityhub-${key}`, { provider, standardsArn: `arn:aws:securityhub:${region}::standards/${standard}`, dependsOn: [hub] });
    }
    if (props.aggregateRegions && props.aggregateRegions.length > 0) {
      new SecurityhubFindingAggregator(this, 'securityhub-aggregator', { provider, linkingMode: 'SPECIFIED_REGIONS', specifiedRegions: props.aggregateRegions, dependsOn: [hub] });
    }

    // AWS Config: every supported resource type, delivered to this region's audit bucket.
    const configBucket = props.configBucket;
    const configRole = new ServiceRole(this, 'config-role', {
      name: `${props.name}-config-${region}`,
      service: 'config.amazonaws.com',
      sourceAccount: acct,
      description: `AWS Config recorder of ${region}`,
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWS_ConfigRole'],
      statements: [
        { Effect: 'Allow', Action: 's3:GetBucketAcl', Resource: configBucket.bucket.arn },
        { Effect: 'Allow', Action: 's3:PutObject', Resource: `${configBucket.bucket.arn}/config/AWSLogs/${acct}/*` },
        ...(configBucket.key
          ? [
              {
                Effect: 'Allow' as const,
                Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
                Resource: configBucket.key.arn,
                Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
              },
            ]
          : []),
      ],
      provider,
    });
    const recorder = new ConfigConfigurationRecorder(this, 'config-recorder', {
      provider,
      name: `${props.name}-${region}`,
      roleArn: configRole.role.arn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: props.recordGlobalResources },
      recordingMode: { recordingFrequency: 'CONTINUOUS' },
    });
    const channel = new ConfigDeliveryChannel(this, 'config-channel', {
      provider,
      name: `${props.name}-${region}`,
      s3BucketName: configBucket.bucket.id,
      s3KeyPrefix: 'config',
      snapshotDeliveryProperties: { deliveryFrequency: 'TwentyFour_Hours' },
      dependsOn: [recorder, configBucket.policy],
    });
    new ConfigConfigurationRecorderStatus(this, 'config-recorder-status', { provider, name: recorder.name, isEnabled: true, dependsOn: [channel] });

    // IAM Access Analyzer, EBS encryption by default, Inspector.
    new AccessanalyzerAnalyzer(this, 'access-analyzer', { provider, analyzerName: `${props.name}-${region}`, type: 'ACCOUNT' });
    new EbsEncryptionByDefault(this, 'ebs-encryption', { provider, enabled: true });
    new EbsDefaultKmsKey(this, 'ebs-default-key', { provider, keyArn: props.platformKey.arn });
    new Inspector2Enabler(this, 'inspector', { provider, accountIds: [acct], resourceTypes: ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'] });

    // Macie: discover PII in the upload buckets every week.
    const macie = new Macie2Account(this, 'macie', { provider, status: 'ENABLED', findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    if (props.uploadBuckets.length > 0) {
      new Macie2ClassificationJob(this, 'macie-job', {
        provider,
        name: `${props.name}-${region}-pii-discovery`,
        jobType: 'SCHEDULED',
        scheduleFrequency: { weeklySchedule: 'MONDAY' },
        samplingPercentage: 100,
        s3JobDefinition: { bucketDefinitions: [{ accountId: acct, buckets: props.uploadBuckets.map((b) => b.bucket.id) }] },
        dependsOn: [macie],
      });
    }
  }

  /** GuardDuty Malware Protection for S3: scans every new object and tags it with the verdict. */
  private scanUploads(bucket: SecureBucket, index: number, props: ThreatDetectionProps): void {
    const provider = props.provider;
    const arn = bucket.bucket.arn;
    const role = new ServiceRole(this, `malware-scan-role-${index}`, {
      name: `${bucket.name}-malware-scan`.slice(0, 64),
      service: 'malware-protection-plan.guardduty.amazonaws.com',
      sourceAccount: props.accountId,
      description: `GuardDuty malware scanning of ${bucket.name}`,
      statements: [
        {
          Sid: 'ManageScanEventRule',
          Effect: 'Allow',
          Action: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DescribeRule', 'events:ListTargetsByRule'],
          Resource: `arn:aws:events:${props.region}:${props.accountId}:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`,
        },
        { Sid: 'WatchTheBucket', Effect: 'Allow', Action: ['s3:GetBucketNotification', 's3:PutBucketNotification', 's3:ListBucket'], Resource: arn },
        {
          Sid: 'ScanAndTagObjects',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:PutObjectTagging', 's3:PutObjectVersionTagging'],
          Resource: `${arn}/*`,
        },
        ...(bucket.key
          ? [
              {
                Sid: 'DecryptObjects',
                Effect: 'Allow' as const,
                Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
                Resource: bucket.key.arn,
                Condition: { StringEquals: { 'kms:ViaService': `s3.${props.region}.amazonaws.com` } },
              },
            ]
          : []),
      ],
      provider,
    });
    new GuarddutyMalwareProtectionPlan(this, `malware-scan-${index}`, {
      provider,
      role: role.role.arn,
      protectedResource: [{ s3Bucket: [{ bucketName: bucket.bucket.id }] }],
      actions: [{ tagging: [{ status: 'ENABLED' }] }],
    });
  }
}
