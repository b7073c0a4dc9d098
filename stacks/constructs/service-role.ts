import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktn/provider-aws/lib/iam-role-policy-attachment';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';

/** One IAM policy statement (JSON policy grammar). */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface ServiceRoleProps {
  /** Role name (IAM is global: include the region when the role is per region). */
  name: string;
  /** Service principal allowed to assume the role, e.g. `ecs-tasks.amazonaws.com`. */
  service: string;
  /**
   * Scope the trust to this account (`aws:SourceAccount`), a confused-deputy guard. Leave unset
   * for services that do not send the key on AssumeRole (Lambda).
   */
  sourceAccount?: string;
  /** Explicit, resource-scoped permissions (never `service:*`, never `Resource: *` for data actions). */
  statements: PolicyStatement[];
  /** AWS-managed service policies the service documents as required (never administrator policies). */
  managedPolicyArns?: string[];
  description: string;
  provider?: TerraformProvider;
}

/** A role one AWS service assumes, with a least-privilege inline policy. */
export class ServiceRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust: Record<string, unknown> = {
      Effect: 'Allow',
      Principal: { Service: props.service },
      Action: 'sts:AssumeRole',
    };
    if (props.sourceAccount) trust.Condition = { StringEquals: { 'aws:SourceAccount': props.sourceAccount } };
    this.role = new IamRole(this, 'role', {
      provider: props.provider,
      name: props.name,
      description: props.description,
      assumeRolePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [trust] }),
      maxSessionDuration: 3600,
    });
    if (props.statements.length > 0) {
      new IamRolePolicy(this, 'policy', {
        provider: props.provider,
        name: `${props.name}-least-privilege`,
        role: this.role.name,
        policy: JSON.stringify({ Version: '2012-10-17', Statement: props.statements }),
      });
    }
    (props.managedPolicyArns ?? []).forEach((policyArn, i) => {
      new IamRolePolicyAttachment(this, `managed-${i}`, { provider: props.provider, role: this.role.name, policyArn });
    });
  }
}
