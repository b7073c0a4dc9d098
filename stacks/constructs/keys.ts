import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';

export interface DataKeyProps {
  /** Alias suffix: the key is `alias/<project>-<domain>`. */
  project: string;
  /** Data domain the key protects (database, attachments, logs, backups). */
  domain: string;
  description?: string;
}

/** A customer-managed, rotating symmetric KMS key for one data domain, with an alias. */
export class DataKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: DataKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: props.description ?? `${props.project} ${props.domain} data key`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 30,
      tags: { DataDomain: props.domain },
    });
    this.alias = new KmsAlias(this, 'alias', { name: `alias/${props.project}-${props.domain}`, targetKeyId: this.key.keyId });
  }
}
