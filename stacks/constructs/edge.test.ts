import { PublicCertificate } from './certificate';
import { Edge, MANAGED_RULE_GROUPS, TLS_POLICY } from './edge';
import { RegionKeys } from './keys';
import { IsolatedNetwork } from './network';
import { SecureBucket } from './secure-bucket';
import { all, at, ref, synthConstruct, TEST_ACCOUNT, type Body } from './test-kit';

const doc = synthConstruct((s, dr) => {
  const keys = new RegionKeys(s, 'keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-west-1' });
  const net = new IsolatedNetwork(s, 'net', { name: 'crm', cidr: '10.10.0.0/16', azs: ['eu-west-1a', 'eu-west-1b'], region: 'eu-west-1', accountId: TEST_ACCOUNT, logKey: keys.of('logs'), logRetentionDays: 365 });
  const logs = new SecureBucket(s, 'logs', { bucketName: 'crm-logs', region: 'eu-west-1', encryption: { kind: 'log-delivery' }, lifecycle: { noncurrentExpireDays: 30, expireDays: 365 } });
  const cert = new PublicCertificate(s, 'cert', { domainName: 'crm.example.com', zoneId: 'Z123' });
  new PublicCertificate(s, 'cert-dr', { domainName: 'crm.example.com', zoneId: 'Z123', sharedValidationRecord: cert.validationRecord, provider: dr });
  new Edge(s, 'edge', {
    name: 'crm',
    region: 'eu-west-1',
    vpc: net.vpc,
    publicSubnets: net.publicSubnets,
    certificateArn: cert.arn,
    accessLogBucket: logs,
    targetPort: 8443,
    healthCheckPath: '/health',
    logKey: keys.of('logs'),
    logRetentionDays: 365,
  });
});

describe('Edge', () => {
  const alb = at(doc, 'aws_lb', 'edge/alb');

  it('is an internet-facing ALB over two AZs that drops invalid headers, mitigates desync, is deletion-protected and access-logged', () => {
    expect(alb).toMatchObject({
      load_balancer_type: 'application',
      internal: false,
      drop_invalid_header_fields: true,
      desync_mitigation_mode: 'strictest',
      enable_deletion_protection: true,
      access_logs: { bucket: `${ref(doc, 'aws_s3_bucket', 'logs/bucket')}id}`, enabled: true },
    });
    expect(alb.subnets).toHaveLength(2);
  });

  it('serves HTTPS only with a TLS 1.3 policy and redirects HTTP permanently', () => {
    expect(at(doc, 'aws_lb_listener', 'edge/https')).toMatchObject({
      protocol: 'HTTPS',
      port: 443,
      ssl_policy: TLS_POLICY,
      certificate_arn: `${ref(doc, 'aws_acm_certificate_validation', 'cert/validation-wait')}certificate_arn}`,
    });
    expect(at(doc, 'aws_lb_listener', 'edge/http-redirect').default_action).toEqual([
      { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
    ]);
    expect(at(doc, 'aws_lb_target_group', 'edge/targets')).toMatchObject({ protocol: 'HTTPS', health_check: { protocol: 'HTTPS', path: '/health' } });
  });

  it('admits the internet on 443 and 80 only', () => {
    const ingress = all(doc, 'aws_vpc_security_group_ingress_rule');
    expect(ingress.map((r) => [r.from_port, r.to_port, r.cidr_ipv4]).sort()).toEqual([
      [443, 443, '0.0.0.0/0'],
      [80, 80, '0.0.0.0/0'],
    ]);
  });

  it('is guarded by a REGIONAL web ACL with AWS managed rule groups and a rate limit, logged with credentials redacted', () => {
    const acl = at(doc, 'aws_wafv2_web_acl', 'edge/waf');
    expect(acl.scope).toBe('REGIONAL');
    const rules = acl.rule as Body[];
    expect(rules.map((r) => (r.statement as { managed_rule_group_statement?: { name: string } }).managed_rule_group_statement?.name).filter(Boolean)).toEqual(MANAGED_RULE_GROUPS);
    for (const r of rules.filter((x) => x.override_action)) expect(r.override_action).toEqual({ none: {} });
    expect(rules.find((r) => r.name === 'RateLimitPerClientIp')).toMatchObject({ action: { block: {} }, statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP' } } });
    expect(at(doc, 'aws_wafv2_web_acl_association', 'edge/waf-association')).toMatchObject({ resource_arn: `${ref(doc, 'aws_lb', 'edge/alb')}arn}` });
    const logging = at(doc, 'aws_wafv2_web_acl_logging_configuration', 'edge/waf-logging');
    expect(logging.redacted_fields).toEqual([{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }]);
    expect(at(doc, 'aws_cloudwatch_log_group', 'edge/waf-logs/group')).toMatchObject({ name: 'aws-waf-logs-crm-eu-west-1', kms_key_id: expect.stringContaining('aws_kms_key') });
  });
});

describe('PublicCertificate', () => {
  it('is DNS-validated, and a second region reuses the one validation record', () => {
    expect(all(doc, 'aws_acm_certificate')).toHaveLength(2);
    for (const c of all(doc, 'aws_acm_certificate')) expect(c).toMatchObject({ domain_name: 'crm.example.com', validation_method: 'DNS' });
    expect(all(doc, 'aws_route53_record')).toHaveLength(1);
    const fqdn = `${ref(doc, 'aws_route53_record', 'cert/validation')}fqdn}`;
    for (const v of all(doc, 'aws_acm_certificate_validation')) expect(v.validation_record_fqdns).toEqual([fqdn]);
  });
});
