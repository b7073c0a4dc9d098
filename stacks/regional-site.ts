import type { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';
import type { CrmConfig } from './config';
import { auditDeliveryStatements, AuditTrail } from './constructs/audit-trail';
import { PublicCertificate } from './constructs/certificate';
import { Edge } from './constructs/edge';
import { RegionKeys } from './constructs/keys';
import { IsolatedNetwork } from './constructs/network';
import { SecureBucket } from './constructs/secure-bucket';
import { SessionCache } from './constructs/session-cache';
import { ThreatDetection } from './constructs/threat-detection';

/**
 * Account ids of the Elastic Load Balancing log writers of the EU regions that predate the
 * `logdelivery.elasticloadbalancing.amazonaws.com` service principal (AWS ELB user guide).
 */
const ELB_LOG_ACCOUNTS: Record<string, string> = {
  'eu-central-1': '054676820928',
  'eu-north-1': '897822967062',
  'eu-south-1': '635631232127',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-west-3': '009996457667',
};

export const HEALTH_CHECK_PATH = '/health';

export interface RegionalSiteProps {
  config: CrmConfig;
  region: string;
  /** `primary` serves traffic and owns the trail; `dr` is the warm standby that receives every copy. */
  role: 'primary' | 'dr';
  /** Public hosted zone (from the global stack). */
  zoneId: string;
  /** The other site's certificate validation record (the DR stack's), reused here (same name, same CNAME). */
  sharedValidationRecord?: Route53Record;
  provider?: TerraformProvider;
}

/**
 * Everything one region of the CRM needs on its own: a key per data domain, the three-tier network,
 * the log, audit and attachment buckets, the regional detective baseline, the session cache and the
 * internet edge. The stack composes two of these and wires the cross-region paths between them.
 */
export class RegionalSite extends Construct {
  readonly region: string;
  readonly name: string;
  readonly keys: RegionKeys;
  readonly network: IsolatedNetwork;
  /** S3 server access logs and load balancer access logs (SSE-S3: the only encryption those services can write). */
  readonly logs: SecureBucket;
  /** CloudTrail (primary) and AWS Config delivery, Object-Locked. */
  readonly audit: SecureBucket;
  /** Customer attachments (primary) or their replica (DR). */
  readonly attachments: SecureBucket;
  readonly detection: ThreatDetection;
  readonly cache: SessionCache;
  readonly certificate: PublicCertificate;
  readonly edge: Edge;

  constructor(scope: Construct, id: string, props: RegionalSiteProps) {
    super(scope, id);
    const { config, region, provider } = props;
    const acct = config.accountId;
    const name = `${config.project}-${config.environment}`;
    this.region = region;
    this.name = name;
    const bucketName = (purpose: string) => `${name}-${purpose}-${acct}-${region}`;

    this.keys = new RegionKeys(this, 'keys', { project: name, accountId: acct, region, provider });
    const logKey = this.keys.of('logs');
    const retention = config.logRetentionDays;

    this.network = new IsolatedNetwork(this, 'network', {
      name,
      cidr: config.vpcCidrs[region],
      azs: config.availabilityZones[region],
      region,
      accountId: acct,
      logKey,
      logRetentionDays: retention,
      provider,
    });

    this.logs = new SecureBucket(this, 'logs', {
      bucketName: bucketName('access-logs'),
      region,
      encryption: { kind: 'log-delivery' },
      lifecycle: { noncurrentExpireDays: 30, expireDays: Math.max(retention, 365) },
      policyStatements: (arn) => logDeliveryStatements(arn, acct, region),
      tags: { Purpose: 'logs', DataClassification: 'internal' },
      provider,
    });
    this.audit = new SecureBucket(this, 'audit', {
      bucketName: bucketName('audit'),
      region,
      encryption: { kind: 'kms', key: logKey },
      accessLogs: { target: this.logs, prefix: `s3/${region}/audit/` },
      lifecycle: { noncurrentExpireDays: config.auditExpireDays, expireDays: config.auditExpireDays },
      objectLock: { mode: 'COMPLIANCE', days: config.auditLockDays },
      policyStatements: (arn) =>
        auditDeliveryStatements(arn, { accountId: acct, trailArn: props.role === 'primary' ? AuditTrail.arnOf(trailName(config), region, acct) : undefined }),
      tags: { Purpose: 'audit', DataClassification: 'internal' },
      provider,
    });
    this.attachments = new SecureBucket(this, 'attachments', {
      bucketName: bucketName('attachments'),
      region,
      encryption: { kind: 'kms', key: this.keys.of('attachments') },
      accessLogs: { target: this.logs, prefix: `s3/${region}/attachments/` },
      lifecycle: { noncurrentExpireDays: 90 },
      tags: { Purpose: 'attachments' },
      provider,
    });

    this.detection = new ThreatDetection(this, 'detection', {
      name,
      region,
      accountId: acct,
      platformKey: this.keys.of('platform'),
      configBucket: this.audit,
      uploadBuckets: [this.attachments],
      securityContactEmail: config.securityContactEmail,
      recordGlobalResources: props.role === 'primary',
      aggregateRegions: props.role === 'primary' ? [config.drRegion] : undefined,
      provider,
    });

    this.cache = new SessionCache(this, 'sessions', {
      name: `${name}-sessions`,
      region,
      vpc: this.network.vpc,
      subnets: this.network.dataSubnets,
      key: this.keys.of('sessions'),
      logKey,
      logRetentionDays: retention,
      nodeType: config.cacheNodeType,
      provider,
    });

    this.certificate = new PublicCertificate(this, 'certificate', {
      domainName: config.domainName,
      zoneId: props.zoneId,
      sharedValidationRecord: props.sharedValidationRecord,
      provider,
    });
    this.edge = new Edge(this, 'edge', {
      name,
      region,
      vpc: this.network.vpc,
      publicSubnets: this.network.publicSubnets,
      certificateArn: this.certificate.arn,
      accessLogBucket: this.logs,
      targetPort: config.app.containerPort,
      healthCheckPath: HEALTH_CHECK_PATH,
      logKey,
      logRetentionDays: retention,
      provider,
    });
  }
}

export function trailName(config: CrmConfig): string {
  return `${config.project}-${config.environment}-audit`;
}

/** S3 server access logging and load balancer access logs may write into the log bucket, from this account only. */
function logDeliveryStatements(bucketArn: string, acct: string, region: string): object[] {
  const elb = ELB_LOG_ACCOUNTS[region];
  return [
    {
      Sid: 'S3ServerAccessLogsDeliver',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/s3/*`,
      Condition: { StringEquals: { 'aws:SourceAccount': acct } },
    },
    {
      Sid: 'LoadBalancerAccessLogsDeliver',
      Effect: 'Allow',
      Principal: elb ? { AWS: `arn:aws:iam::${elb}:root` } : { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: [`${bucketArn}/alb/*`, `${bucketArn}/alb-connections/*`],
    },
  ];
}
