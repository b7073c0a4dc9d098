import { Cloudtrail } from '@cdktn/provider-aws/lib/cloudtrail';
import { CloudwatchLogMetricFilter } from '@cdktn/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktn/provider-aws/lib/cloudwatch-metric-alarm';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import type { SnsTopic } from '@cdktn/provider-aws/lib/sns-topic';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from './log-group';
import type { SecureBucket } from './secure-bucket';
import { ServiceRole } from './service-role';

/** CIS AWS Foundations Benchmark v3.0.0 section 4 monitoring: metric name → filter pattern. */
export const CIS_METRIC_FILTERS: Record<string, { cis: string; pattern: string }> = {
  UnauthorizedAPICalls: {
    cis: '4.1',
    pattern: '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
  },
  ConsoleSignInWithoutMfa: {
    cis: '4.2',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  },
  RootAccountUsage: { cis: '4.3', pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }' },
  IamPolicyChanges: {
    cis: '4.4',
    pattern: `{ ${alternatives('eventName', ['DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'SetDefaultPolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy'])} }`,
  },
  CloudTrailChanges: { cis: '4.5', pattern: `{ ${alternatives('eventName', ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])} }` },
  ConsoleAuthenticationFailures: { cis: '4.6', pattern: '{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }' },
  CmkDisabledOrScheduledForDeletion: {
    cis: '4.7',
    pattern: `{ ($.eventSource = "kms.amazonaws.com") && ${alternatives('eventName', ['DisableKey', 'ScheduleKeyDeletion'])} }`,
  },
  S3BucketPolicyChanges: {
    cis: '4.8',
    pattern: `{ ($.eventSource = "s3.amazonaws.com") && ${alternatives('eventName', ['PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication', 'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication'])} }`,
  },
  ConfigChanges: {
    cis: '4.9',
    pattern: `{ ($.eventSource = "config.amazonaws.com") && ${alternatives('eventName', ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'])} }`,
  },
  SecurityGroupChanges: {
    cis: '4.10',
    pattern: `{ ${alternatives('eventName', ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'])} }`,
  },
  NetworkAclChanges: {
    cis: '4.11',
    pattern: `{ ${alternatives('eventName', ['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'])} }`,
  },
  NetworkGatewayChanges: {
    cis: '4.12',
    pattern: `{ ${alternatives('eventName', ['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'])} }`,
  },
  RouteTableChanges: {
    cis: '4.13',
    pattern: `{ ($.eventSource = "ec2.amazonaws.com") && ${alternatives('eventName', ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'])} }`,
  },
  VpcChanges: {
    cis: '4.14',
    pattern: `{ ${alternatives('eventName', ['CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection', 'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink'])} }`,
  },
  OrganizationsChanges: {
    cis: '4.15',
    pattern: `{ ($.eventSource = "organizations.amazonaws.com") && ${alternatives('eventName', ['AcceptHandshake', 'AttachPolicy', 'CreateAccount', 'CreateOrganizationalUnit', 'CreatePolicy', 'DeclineHandshake', 'DeleteOrganization', 'DeleteOrganizationalUnit', 'DeletePolicy', 'DetachPolicy', 'DisablePolicyType', 'EnablePolicyType', 'InviteAccountToOrganization', 'LeaveOrganization', 'MoveAccount', 'RemoveAccountFromOrganization', 'UpdatePolicy', 'UpdateOrganizationalUnit'])} }`,
  },
};

function alternatives(field: string, values: string[]): string {
  return `(${values.map((v) => `($.${field} = "${v}")`).join(' || ')})`;
}

/** Bucket-policy statements that let CloudTrail (this trail only) and AWS Config deliver into an audit bucket. */
export function auditDeliveryStatements(bucketArn: string, opts: { accountId: string; trailArn?: string }): object[] {
  const acct = opts.accountId;
  const statements: object[] = [
    {
      Sid: 'ConfigChecksBucket',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: bucketArn,
      Condition: { StringEquals: { 'aws:SourceAccount': acct } },
    },
    {
      Sid: 'ConfigDelivers',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/config/AWSLogs/${acct}/Config/*`,
      Condition: { StringEquals: { 'aws:SourceAccount': acct, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    },
  ];
  if (opts.trailArn) {
    statements.push(
      {
        Sid: 'CloudTrailChecksBucket',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: bucketArn,
        Condition: { StringEquals: { 'aws:SourceArn': opts.trailArn } },
      },
      {
        Sid: 'CloudTrailDelivers',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn}/cloudtrail/AWSLogs/${acct}/*`,
        Condition: { StringEquals: { 'aws:SourceArn': opts.trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
    );
  }
  return statements;
}

export interface AuditTrailProps {
  /** Trail name. */
  name: string;
  region: string;
  accountId: string;
  /** Object-Locked, access-logged, replicated audit bucket (its policy admits this trail). */
  bucket: SecureBucket;
  /** Key of the logs domain (its policy admits CloudTrail and CloudWatch Logs). */
  key: KmsKey;
  logRetentionDays: number;
  /** Buckets whose object reads and writes are recorded (data events). */
  dataEventBuckets: SecureBucket[];
  /** Subscribed, encrypted topic the CIS alarms notify. */
  alarmTopic: SnsTopic;
  provider?: TerraformProvider;
}

/**
 * The account's audit trail: one multi-region CloudTrail recording all management events and the
 * CRM buckets' object-level events, with log-file validation, KMS encryption and delivery to an
 * encrypted CloudWatch Logs group, on which the CIS 4.1-4.15 metric filters raise alarms.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly logGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const provider = props.provider;
    this.logGroup = new EncryptedLogGroup(this, 'logs', { name: `/crm/${props.name}/cloudtrail`, key: props.key, retentionDays: props.logRetentionDays, provider });
    const role = new ServiceRole(this, 'cloudwatch-role', {
      name: `${props.name}-cloudtrail-to-logs`,
      service: 'cloudtrail.amazonaws.com',
      sourceAccount: props.accountId,
      description: `${props.name} delivers to its CloudWatch Logs group`,
      statements: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${this.logGroup.group.arn}:*` }],
      provider,
    });
    this.trail = new Cloudtrail(this, 'trail', {
      provider,
      name: props.name,
      s3BucketName: props.bucket.bucket.id,
      s3KeyPrefix: 'cloudtrail',
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogging: true,
      enableLogFileValidation: true,
      kmsKeyId: props.key.arn,
      cloudWatchLogsGroupArn: `${this.logGroup.group.arn}:*`,
      cloudWatchLogsRoleArn: role.role.arn,
      eventSelector: [
        {
          readWriteType: 'All',
          includeManagementEvents: true,
          dataResource: [{ type: 'AWS::S3::Object', values: props.dataEventBuckets.map((b) => `${b.bucket.arn}/`) }],
        },
      ],
      insightSelector: [{ insightType: 'ApiCallRateInsight' }, { insightType: 'ApiErrorRateInsight' }],
      dependsOn: [props.bucket.policy],
    });

    for (const [metric, { cis, pattern }] of Object.entries(CIS_METRIC_FILTERS)) {
      new CloudwatchLogMetricFilter(this, `filter-${metric}`, {
        provider,
        name: `cis-${cis}-${metric}`,
        logGroupName: this.logGroup.group.name,
        pattern,
        metricTransformation: { name: metric, namespace: 'CISBenchmark', value: '1', defaultValue: '0' },
      });
      new CloudwatchMetricAlarm(this, `alarm-${metric}`, {
        provider,
        alarmName: `${props.name}-cis-${cis}-${metric}`,
        alarmDescription: `CIS ${cis}: ${metric} seen in the audit trail`,
        namespace: 'CISBenchmark',
        metricName: metric,
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [props.alarmTopic.arn],
      });
    }
  }

  /** ARN the trail will have (for bucket and key policies written before the trail exists). */
  static arnOf(name: string, region: string, accountId: string): string {
    return `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
  }
}
