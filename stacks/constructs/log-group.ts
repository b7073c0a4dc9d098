import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';

export interface EncryptedLogGroupProps {
  name: string;
  /** Customer-managed key whose policy admits CloudWatch Logs of the group's region. */
  key: KmsKey;
  /** Bounded retention: long enough for investigations, not forever (storage limitation). */
  retentionDays: number;
  provider?: TerraformProvider;
}

/**
 * A CloudWatch Logs group encrypted with a CMK and with bounded retention. Service-created groups
 * (`/aws/rds/...`, `/aws/lambda/...`) are declared with this too, so they exist encrypted before
 * the service writes to them.
 */
export class EncryptedLogGroup extends Construct {
  readonly group: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    this.group = new CloudwatchLogGroup(this, 'group', {
      provider: props.provider,
      name: props.name,
      kmsKeyId: props.key.arn,
      retentionInDays: props.retentionDays,
      skipDestroy: true,
    });
  }
}
