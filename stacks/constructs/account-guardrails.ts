import { IamAccountPasswordPolicy } from '@cdktn/provider-aws/lib/iam-account-password-policy';
import { S3AccountPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-account-public-access-block';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';

export interface AccountGuardrailsProps {
  accountId: string;
  provider?: TerraformProvider;
}

/**
 * Account-wide, region-less guardrails: a strong IAM password policy (length 14, all character
 * classes, 24 remembered, 90-day expiry) for any break-glass IAM user, and the account-level S3
 * public access block that also covers buckets created outside this deployment.
 */
export class AccountGuardrails extends Construct {
  constructor(scope: Construct, id: string, props: AccountGuardrailsProps) {
    super(scope, id);
    new IamAccountPasswordPolicy(this, 'password-policy', {
      provider: props.provider,
      minimumPasswordLength: 14,
      requireLowercaseCharacters: true,
      requireUppercaseCharacters: true,
      requireNumbers: true,
      requireSymbols: true,
      passwordReusePrevention: 24,
      maxPasswordAge: 90,
      allowUsersToChangePassword: true,
    });
    new S3AccountPublicAccessBlock(this, 'account-public-access-block', {
      provider: props.provider,
      accountId: props.accountId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
  }
}
