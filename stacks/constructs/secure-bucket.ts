import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktn/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktn/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketReplicationConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-replication-configuration';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktn/provider-aws/lib/s3-bucket-versioning';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';
import { ServiceRole } from './service-role';

/**
 * How objects are encrypted at rest. `log-delivery` (SSE-S3) exists only for buckets that receive
 * S3 server access logs or load balancer access logs: those services cannot write to SSE-KMS buckets.
 */
export type BucketEncryption = { kind: 'kms'; key: KmsKey } | { kind: 'log-delivery' };

export interface SecureBucketProps {
  bucketName: string;
  region: string;
  encryption: BucketEncryption;
  /** Server access logging target (a separate bucket in the same region). Omit only on log targets. */
  accessLogs?: { target: SecureBucket; prefix: string };
  /** Lifecycle: noncurrent versions always expire; `expireDays` bounds current objects (logs, exports). */
  lifecycle: { noncurrentExpireDays: number; expireDays?: number };
  /** WORM retention for audit and backup buckets (requires versioning, enabled at creation). */
  objectLock?: { mode: 'COMPLIANCE' | 'GOVERNANCE'; days: number };
  /** Extra bucket-policy statements (service log delivery), given the bucket ARN. */
  policyStatements?: (bucketArn: string) => object[];
  /** Extra tags, e.g. `Purpose` (audit, logs) or a DataClassification override. */
  tags?: Record<string, string>;
  provider?: TerraformProvider;
}

export interface ReplicationOptions {
  accountId: string;
  /** Replication Time Control: 99.99 % of objects within 15 minutes, with metrics. */
  timeControl: boolean;
}

/**
 * An S3 bucket that is private (public access block, ACLs disabled), encrypted with a CMK (bucket
 * keys on), versioned, TLS-1.2-only, access-logged, with a lifecycle, and optionally Object-Locked
 * and replicated to another region.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly versioning: S3BucketVersioningA;
  readonly policy: S3BucketPolicy;
  readonly name: string;
  readonly region: string;
  readonly key?: KmsKey;
  private readonly provider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.provider = provider;
    this.region = props.region;
    this.name = props.bucketName;
    this.key = props.encryption.kind === 'kms' ? props.encryption.key : undefined;

    this.bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: props.bucketName,
      forceDestroy: false,
      objectLockEnabled: props.objectLock ? true : undefined,
      tags: props.tags,
    });
    const pab = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      provider,
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { provider, bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      provider,
      bucket: this.bucket.id,
      rule: [
        this.key
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    this.versioning = new S3BucketVersioningA(this, 'versioning', { provider, bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, 'object-lock', {
        provider,
        bucket: this.bucket.id,
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
        dependsOn: [this.versioning],
      });
    }
    if (props.accessLogs) {
      new S3BucketLoggingA(this, 'access-logs', {
        provider,
        bucket: this.bucket.id,
        targetBucket: props.accessLogs.target.bucket.id,
        targetPrefix: props.accessLogs.prefix,
      });
    }
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket: this.bucket.id,
      rule: [
        {
          id: 'bounded-retention',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.lifecycle.noncurrentExpireDays }],
          ...(props.lifecycle.expireDays ? { expiration: [{ days: props.lifecycle.expireDays }] } : {}),
        },
      ],
      dependsOn: [this.versioning],
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket: this.bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'DenyTlsOlderThan12',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
          },
          ...(props.policyStatements ? props.policyStatements(this.bucket.arn) : []),
        ],
      }),
      // The public access block must be in place before any policy is attached.
      dependsOn: [pab],
    });
  }

  /**
   * Replicates every object (including SSE-KMS ones and delete markers) to `destination`, a
   * versioned bucket in another region encrypted with that region's key.
   */
  replicateTo(destination: SecureBucket, options: ReplicationOptions): S3BucketReplicationConfigurationA {
    if (destination.region === this.region) throw new Error(`replication of ${this.node.path} must target another region, not ${this.region}`);
    const statements = [
      { Effect: 'Allow' as const, Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: this.bucket.arn },
      {
        Effect: 'Allow' as const,
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold'],
        Resource: `${this.bucket.arn}/*`,
      },
      { Effect: 'Allow' as const, Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: `${destination.bucket.arn}/*` },
    ];
    if (this.key) {
      statements.push({
        Effect: 'Allow' as const,
        Action: ['kms:Decrypt'],
        Resource: this.key.arn,
        Condition: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` } },
      } as (typeof statements)[number]);
    }
    if (destination.key) {
      statements.push({
        Effect: 'Allow' as const,
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: destination.key.arn,
        Condition: { StringEquals: { 'kms:ViaService': `s3.${destination.region}.amazonaws.com` } },
      } as (typeof statements)[number]);
    }
    const role = new ServiceRole(this, 'replication-role', {
      name: `${this.name}-replication`.slice(0, 64),
      service: 's3.amazonaws.com',
      sourceAccount: options.accountId,
      description: `S3 replication of ${this.node.id} to ${destination.region}`,
      statements,
      provider: this.provider,
    });
    return new S3BucketReplicationConfigurationA(this, 'replication', {
      provider: this.provider,
      bucket: this.bucket.id,
      role: role.role.arn,
      rule: [
        {
          id: `to-${destination.region}`,
          status: 'Enabled',
          priority: 1,
          filter: { prefix: '' },
          deleteMarkerReplication: { status: 'Enabled' },
          // SSE-KMS objects are skipped unless selected, and then need the destination region's key.
          ...(destination.key ? { sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } } } : {}),
          destination: {
            bucket: destination.bucket.arn,
            storageClass: 'STANDARD',
            ...(destination.key ? { encryptionConfiguration: { replicaKmsKeyId: destination.key.arn } } : {}),
            // Replication metrics emit the failure metric the recovery alarms watch (CRM-BDR-019).
            ...(options.timeControl
              ? { replicationTime: { status: 'Enabled', time: { minutes: 15 } }, metrics: { status: 'Enabled', eventThreshold: { minutes: 15 } } }
              : { metrics: { status: 'Enabled' } }),
          },
        },
      ],
      dependsOn: [this.versioning, destination.versioning],
    });
  }
}
