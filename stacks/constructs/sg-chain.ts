import type { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktn/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktn/provider-aws/lib/vpc-security-group-ingress-rule';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';

export interface SecurityGroupLinkProps {
  from: SecurityGroup;
  to: SecurityGroup;
  port: number;
  description: string;
  provider?: TerraformProvider;
}

/**
 * Chains two security groups by reference on one TCP port: an egress rule on `from` and the
 * matching ingress rule on `to`, both naming the other group (never a CIDR), so each tier admits
 * only the tier in front of it.
 */
export class SecurityGroupLink extends Construct {
  constructor(scope: Construct, id: string, props: SecurityGroupLinkProps) {
    super(scope, id);
    const common = { provider: props.provider, ipProtocol: 'tcp', fromPort: props.port, toPort: props.port, description: props.description };
    new VpcSecurityGroupEgressRule(this, 'egress', { ...common, securityGroupId: props.from.id, referencedSecurityGroupId: props.to.id });
    new VpcSecurityGroupIngressRule(this, 'ingress', { ...common, securityGroupId: props.to.id, referencedSecurityGroupId: props.from.id });
  }
}
