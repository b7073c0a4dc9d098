import { KmsAlias } from '@cdktn/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';

/** Services that use a key on their own behalf and therefore need a key-policy grant. */
export type KeyGrant =
  /** CloudWatch Logs in the key's region (log groups encrypted with the key). */
  | 'logs'
  /** CloudTrail writing the trail's log files (scoped to trails of this account). */
  | 'cloudtrail'
  /** EventBridge and CloudWatch alarms publishing to topics encrypted with the key. */
  | 'alarm-publishers'
  /** Amazon Macie's service-linked role reading objects encrypted with the key. */
  | 'macie';

export interface DataKeyProps {
  /** Alias prefix: the key is `alias/<project>-<domain>`. */
  project: string;
  /** Data domain the key protects (database, attachments, logs, backups, ...). */
  domain: string;
  accountId: string;
  region: string;
  /** Service grants beyond the account's own IAM-governed use. */
  grants?: KeyGrant[];
  description?: string;
  provider?: TerraformProvider;
}

/**
 * A customer-managed, rotating symmetric KMS key for one data domain in one region, with an
 * explicit least-privilege key policy (the account administers it through IAM; services get only
 * the actions they need, each scoped by a condition to this account) and an alias.
 */
export class DataKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly domain: string;
  readonly region: string;

  constructor(scope: Construct, id: string, props: DataKeyProps) {
    super(scope, id);
    this.domain = props.domain;
    this.region = props.region;
    this.key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: props.description ?? `${props.project} ${props.domain} data key (${props.region})`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 30,
      policy: JSON.stringify(keyPolicy(props)),
      tags: { DataDomain: props.domain },
    });
    this.alias = new KmsAlias(this, 'alias', { provider: props.provider, name: `alias/${props.project}-${props.domain}`, targetKeyId: this.key.keyId });
  }
}

function keyPolicy(props: DataKeyProps): object {
  const { accountId: acct, region } = props;
  const statements: object[] = [
    {
      Sid: 'AccountAdministersKeyThroughIam',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${acct}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ];
  for (const grant of [...new Set(props.grants ?? [])].sort()) {
    switch (grant) {
      case 'logs':
        statements.push({
          Sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
          Effect: 'Allow',
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${acct}:log-group:*` } },
        });
        break;
      case 'cloudtrail':
        statements.push(
          {
            Sid: 'CloudTrailEncryptsThisAccountsTrails',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'kms:GenerateDataKey*',
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:SourceAccount': acct },
              StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${acct}:trail/*` },
            },
          },
          {
            Sid: 'CloudTrailDescribesKey',
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'kms:DescribeKey',
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': acct } },
          },
        );
        break;
      case 'alarm-publishers':
        statements.push({
          Sid: 'AlarmsAndEventsPublishToEncryptedTopics',
          Effect: 'Allow',
          Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': acct } },
        });
        break;
      case 'macie':
        statements.push({
          Sid: 'MacieClassifiesEncryptedObjects',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${acct}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie` },
          Action: 'kms:Decrypt',
          Resource: '*',
        });
        break;
    }
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** The data domains of the CRM, each with its own key (blast radius and key policy per domain). */
export const DATA_DOMAINS = ['database', 'attachments', 'logs', 'backups', 'secrets', 'sessions', 'platform'] as const;
export type DataDomain = (typeof DATA_DOMAINS)[number];

const DOMAIN_GRANTS: Record<DataDomain, KeyGrant[]> = {
  database: [],
  attachments: ['macie'],
  logs: ['cloudtrail', 'logs'],
  backups: [],
  secrets: [],
  sessions: [],
  platform: ['alarm-publishers'],
};

export interface RegionKeysProps {
  project: string;
  accountId: string;
  region: string;
  provider?: TerraformProvider;
}

/**
 * One customer-managed key per CRM data domain in one region. A regional key cannot decrypt a copy
 * in another region, so every region that holds data (the DR region included) gets its own set.
 */
export class RegionKeys extends Construct {
  private readonly keys: Record<DataDomain, DataKey>;

  constructor(scope: Construct, id: string, props: RegionKeysProps) {
    super(scope, id);
    const keys = {} as Record<DataDomain, DataKey>;
    for (const domain of DATA_DOMAINS) {
      keys[domain] = new DataKey(this, domain, { ...props, domain, grants: DOMAIN_GRANTS[domain] });
    }
    this.keys = keys;
  }

  /** The key of a data domain. */
  of(domain: DataDomain): KmsKey {
    return this.keys[domain].key;
  }
}
