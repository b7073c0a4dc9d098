import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { Lb } from '@cdktn/provider-aws/lib/lb';
import { LbListener } from '@cdktn/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktn/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import type { Subnet } from '@cdktn/provider-aws/lib/subnet';
import type { Vpc } from '@cdktn/provider-aws/lib/vpc';
import { VpcSecurityGroupIngressRule } from '@cdktn/provider-aws/lib/vpc-security-group-ingress-rule';
import { Wafv2WebAcl } from '@cdktn/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktn/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktn/provider-aws/lib/wafv2-web-acl-logging-configuration';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from './log-group';
import type { SecureBucket } from './secure-bucket';

/** TLS 1.3 with TLS 1.2 restricted to forward-secret AEAD ciphers (in Security Hub ELB.17's list). */
export const TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06';

/** AWS managed rule groups on every web ACL, in priority order. */
export const MANAGED_RULE_GROUPS = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];

export interface EdgeProps {
  /** Name prefix (≤ 28 characters: load balancer names are limited to 32). */
  name: string;
  region: string;
  vpc: Vpc;
  /** Public subnets (≥ 2 AZs): the load balancer is the only thing that lives there. */
  publicSubnets: Subnet[];
  /** Validated ACM certificate of the CRM's DNS name in this region. */
  certificateArn: string;
  /** Access-log bucket (SSE-S3: load balancers cannot deliver to SSE-KMS buckets). */
  accessLogBucket: SecureBucket;
  targetPort: number;
  healthCheckPath: string;
  /** Requests per 5 minutes per client IP before WAF blocks it. */
  rateLimit?: number;
  logKey: KmsKey;
  logRetentionDays: number;
  provider?: TerraformProvider;
}

/**
 * The internet edge of one region: an application load balancer that serves HTTPS only (TLS 1.3
 * policy; HTTP is redirected), drops invalid headers, mitigates desync strictly, is
 * deletion-protected and access-logged, forwards to HTTPS targets, and is guarded by a REGIONAL
 * WAFv2 web ACL (AWS managed rule groups plus a per-IP rate limit) whose logs redact credentials.
 */
export class Edge extends Construct {
  readonly loadBalancer: Lb;
  readonly securityGroup: SecurityGroup;
  readonly targetGroup: LbTargetGroup;
  readonly httpsListener: LbListener;
  readonly webAcl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const provider = props.provider;

    this.securityGroup = new SecurityGroup(this, 'sg', {
      provider,
      name: `${props.name}-alb`,
      description: 'Internet-facing load balancer: HTTPS (and HTTP for the redirect) from anywhere',
      vpcId: props.vpc.id,
      tags: { Tier: 'public', Name: `${props.name}-alb` },
    });
    for (const port of [443, 80]) {
      new VpcSecurityGroupIngressRule(this, `ingress-${port}`, {
        provider,
        securityGroupId: this.securityGroup.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: '0.0.0.0/0',
        description: port === 443 ? 'HTTPS from the internet' : 'HTTP from the internet, redirected to HTTPS',
      });
    }

    this.loadBalancer = new Lb(this, 'alb', {
      provider,
      name: `${props.name}-alb`,
      loadBalancerType: 'application',
      internal: false,
      ipAddressType: 'ipv4',
      subnets: props.publicSubnets.map((s) => s.id),
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'strictest',
      enableDeletionProtection: true,
      enableWafFailOpen: false,
      enableHttp2: true,
      idleTimeout: 60,
      xffHeaderProcessingMode: 'append',
      accessLogs: { bucket: props.accessLogBucket.bucket.id, prefix: `alb/${props.name}`, enabled: true },
      connectionLogs: { bucket: props.accessLogBucket.bucket.id, prefix: `alb-connections/${props.name}`, enabled: true },
    });
    this.targetGroup = new LbTargetGroup(this, 'targets', {
      provider,
      name: `${props.name}-app`,
      port: props.targetPort,
      protocol: 'HTTPS',
      targetType: 'ip',
      vpcId: props.vpc.id,
      deregistrationDelay: '30',
      healthCheck: { protocol: 'HTTPS', path: props.healthCheckPath, matcher: '200', interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 },
    });
    this.httpsListener = new LbListener(this, 'https', {
      provider,
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: TLS_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: 'forward', targetGroupArn: this.targetGroup.arn }],
    });
    new LbListener(this, 'http-redirect', {
      provider,
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
    });

    const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    this.webAcl = new Wafv2WebAcl(this, 'waf', {
      provider,
      name: `${props.name}-alb`,
      description: 'CRM edge protection: AWS managed rule groups and a per-IP rate limit',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${props.name}-alb`),
      rule: [
        ...MANAGED_RULE_GROUPS.map((group, i) => ({
          name: group,
          priority: 10 + i * 10,
          overrideAction: { none: {} },
          statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
          visibilityConfig: visibility(group),
        })),
        {
          name: 'RateLimitPerClientIp',
          priority: 100,
          action: { block: {} },
          statement: { rate_based_statement: { limit: props.rateLimit ?? 2000, aggregate_key_type: 'IP' } },
          visibilityConfig: visibility('RateLimitPerClientIp'),
        },
      ],
    });
    new Wafv2WebAclAssociation(this, 'waf-association', { provider, resourceArn: this.loadBalancer.arn, webAclArn: this.webAcl.arn });
    // WAF requires log groups named aws-waf-logs-*; credentials and cookies never reach the logs.
    const wafLogs = new EncryptedLogGroup(this, 'waf-logs', { name: `aws-waf-logs-${props.name}-${props.region}`, key: props.logKey, retentionDays: props.logRetentionDays, provider });
    new Wafv2WebAclLoggingConfiguration(this, 'waf-logging', {
      provider,
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [wafLogs.group.arn],
      redactedFields: [{ singleHeader: { name: 'authorization' } }, { singleHeader: { name: 'cookie' } }],
    });
  }
}
