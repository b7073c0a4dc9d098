import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { configureBackend } from './backend';
import type { CrmConfig } from './config';
import { AccountGuardrails } from './constructs/account-guardrails';
import { AppTier } from './constructs/app-tier';
import { AuditTrail } from './constructs/audit-trail';
import { BackupPlanWithCopy, LockedVault } from './constructs/backup';
import { ContainerRegistry } from './constructs/container-registry';
import { CrossRegionReplica, EncryptedDatabase, POSTGRES_PORT } from './constructs/database';
import { DnsFailover } from './constructs/dns-failover';
import { DrWriteGate } from './constructs/dr-write-gate';
import { RotatedSecret } from './constructs/secrets';
import { RecoveryAlarms } from './constructs/recovery-alarms';
import { RestoreTesting } from './constructs/restore-testing';
import { REDIS_PORT } from './constructs/session-cache';
import { SecurityGroupLink } from './constructs/sg-chain';
import type { PolicyStatement } from './constructs/service-role';
import { HEALTH_CHECK_PATH, RegionalSite, trailName } from './regional-site';

export const DB_APP_USER = 'crm_app';

/**
 * The primary CRM stack. Its default provider deploys the primary region's site; the `aws.dr`
 * provider deploys, into the DR region, every cross-region recovery path whose far end is the DR
 * stack's site (S3 replication with RTC, the cross-region read replica, secret replicas, backup
 * copies, image replication) and what depends on the primary's data (the warm standby's tier, the
 * DR write gate, DNS failover).
 *
 * The DR region's site (keys, network, buckets, detection and the region's account singletons,
 * cache, edge) and its locked vault are the DR stack's (`stacks/dr-stack.ts`), reached here through
 * CDKTF cross-stack references. crm-guard joins the stacks of one app, so both ends of each path
 * stay provable and each region's singletons, declared once in the stack of their region, count for
 * every stack that deploys there. Paths that read the primary's data (the replica, the standby)
 * live here so that stack dependencies run one way: global ← dr ← primary. The account guardrails
 * (password policy, account-level S3 public access block) and the multi-region trail are here.
 * See docs/reference-deployment.md.
 */
export class CrmPrimaryStack extends TerraformStack {
  readonly primary: RegionalSite;
  readonly dr: RegionalSite;
  readonly database: EncryptedDatabase;
  readonly replica: CrossRegionReplica;

  constructor(scope: Construct, id: string, config: CrmConfig, global: { zoneId: string }, drStack: { site: RegionalSite; vault: LockedVault }) {
    super(scope, id);
    const acct = config.accountId;
    const name = `${config.project}-${config.environment}`;
    const providerBase = { allowedAccountIds: [acct], defaultTags: [{ tags: config.tags }] };
    new AwsProvider(this, 'aws', { ...providerBase, region: config.primaryRegion });
    const drProvider = new AwsProvider(this, 'aws-dr', { ...providerBase, alias: 'dr', region: config.drRegion });
    this.addOverride('terraform.required_version', config.terraformVersion);
    configureBackend(this, id, config.backend);

    // Two self-sufficient regional sites: keys, network, buckets, detection, cache, edge. The DR
    // site is the DR stack's; this stack reaches it through cross-stack references.
    this.dr = drStack.site;
    this.primary = new RegionalSite(this, 'primary', {
      config,
      region: config.primaryRegion,
      role: 'primary',
      zoneId: global.zoneId,
      sharedValidationRecord: this.dr.certificate.validationRecord,
    });
    const { primary, dr } = this;
    new AccountGuardrails(this, 'account-guardrails', { accountId: acct });

    // Object stores: every primary bucket replicates to its DR twin, encrypted with the DR key.
    primary.attachments.replicateTo(dr.attachments, { accountId: acct, timeControl: true });
    primary.audit.replicateTo(dr.audit, { accountId: acct, timeControl: true });
    // RTC on the logs too: without it CRR has no bound ("up to several hours" for large objects),
    // beyond the 4 h access-log RPO target.
    primary.logs.replicateTo(dr.logs, { accountId: acct, timeControl: true });

    // The account's audit trail (multi-region, so one trail covers both sites).
    new AuditTrail(this, 'audit-trail', {
      name: trailName(config),
      region: config.primaryRegion,
      accountId: acct,
      bucket: primary.audit,
      key: primary.keys.of('logs'),
      logRetentionDays: config.logRetentionDays,
      dataEventBuckets: [primary.attachments, dr.attachments, dr.audit],
      alarmTopic: primary.detection.alertTopic,
    });

    // Images: one repository, replicated to the DR region and pulled there by digest.
    const registry = new ContainerRegistry(this, 'registry', {
      repository: config.app.image.repository,
      accountId: acct,
      region: config.primaryRegion,
      key: primary.keys.of('platform'),
      dr: { region: config.drRegion, key: dr.keys.of('platform'), provider: drProvider },
    });

    // Database. Region-loss path: a cross-region read replica (not automated-backup replication):
    // with targets RPO 15 min / RTO 2 h, the replica's worst case (DR_PATH_WORST in config.ts, from
    // the drill's constants) meets both, while restoring replicated backups (RPO 5-30 min, restore 1-4 h)
    // meets neither. AWS Backup's daily copy below is the ransomware backstop the replica is not.
    const dbCommon = { identifier: `${name}-db`, instanceClass: config.dbInstanceClass, maxAllocatedStorageGb: config.dbMaxAllocatedStorageGb, logRetentionDays: config.logRetentionDays };
    this.database = new EncryptedDatabase(this, 'database', {
      ...dbCommon,
      region: config.primaryRegion,
      vpc: primary.network.vpc,
      subnets: primary.network.dataSubnets,
      key: primary.keys.of('database'),
      logKey: primary.keys.of('logs'),
      allocatedStorageGb: config.dbAllocatedStorageGb,
      backupRetentionDays: config.backupRetentionDays,
    });
    this.replica = new CrossRegionReplica(this, 'database-replica', {
      ...dbCommon,
      identifier: `${name}-db-replica`,
      region: config.drRegion,
      source: this.database.instance,
      vpc: dr.network.vpc,
      subnets: dr.network.dataSubnets,
      key: dr.keys.of('database'),
      logKey: dr.keys.of('logs'),
      provider: drProvider,
    });

    // Application secret, replicated to the DR region and rotated every 30 days.
    const secret = new RotatedSecret(this, 'app-secret', {
      name: `${name}/app/integration`,
      description: 'Credentials of the CRM integrations (mail relay, enrichment API)',
      region: config.primaryRegion,
      accountId: acct,
      key: primary.keys.of('secrets'),
      replica: { region: config.drRegion, key: dr.keys.of('secrets') },
      rotation: {
        everyDays: 30,
        artefact: config.rotationFunction,
        vpc: primary.network.vpc,
        subnets: primary.network.appSubnets,
        endpointSecurityGroup: primary.network.endpointSecurityGroup,
        logKey: primary.keys.of('logs'),
        logRetentionDays: config.logRetentionDays,
      },
    });

    // Application tiers: production in the primary region, warm standby in the DR region.
    const sites = [
      { site: primary, role: 'primary', db: this.database.instance, dbSg: this.database.securityGroup, secretArn: secret.secret.arn, desired: config.app.desiredCount, provider: undefined },
      { site: dr, role: 'standby', db: this.replica.instance, dbSg: this.replica.securityGroup, secretArn: secret.replicaArn, desired: config.app.drDesiredCount, provider: drProvider },
    ] as const;
    for (const { site, role, db, dbSg, secretArn, desired, provider } of sites) {
      const region = site.region;
      const attachments = site.attachments;
      const permissions: PolicyStatement[] = [
        { Sid: 'ListAttachments', Effect: 'Allow', Action: 's3:ListBucket', Resource: attachments.bucket.arn },
        { Sid: 'ReadWriteAttachments', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging'], Resource: `${attachments.bucket.arn}/*` },
        {
          Sid: 'EncryptAttachments',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: site.keys.of('attachments').arn,
          Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } },
        },
        { Sid: 'ConnectToTheDatabaseWithIam', Effect: 'Allow', Action: 'rds-db:connect', Resource: `arn:aws:rds-db:${region}:${acct}:dbuser:${db.resourceId}/${DB_APP_USER}` },
        { Sid: 'ConnectToTheSessionCacheWithIam', Effect: 'Allow', Action: 'elasticache:Connect', Resource: [site.cache.replicationGroup.arn, site.cache.appUser.arn] },
      ];
      const app = new AppTier(this, role === 'primary' ? 'app' : 'app-dr', {
        name,
        region,
        accountId: acct,
        vpc: site.network.vpc,
        subnets: site.network.appSubnets,
        image: registry.imageIn(region, acct, config.app.image.digest),
        repositoryArn: `arn:aws:ecr:${region}:${acct}:repository/${config.app.image.repository}`,
        cpu: config.app.cpu,
        memory: config.app.memory,
        containerPort: config.app.containerPort,
        desiredCount: desired,
        targetGroup: site.edge.targetGroup,
        dependsOn: [site.edge.httpsListener],
        s3PrefixListId: site.network.s3Endpoint.prefixListId,
        environment: {
          CRM_SITE_ROLE: role,
          CRM_REGION: region,
          CRM_DB_HOST: db.address,
          CRM_DB_PORT: String(POSTGRES_PORT),
          CRM_DB_USER: DB_APP_USER,
          CRM_CACHE_HOST: site.cache.replicationGroup.primaryEndpointAddress,
          CRM_CACHE_USER: site.cache.appUserId,
          CRM_ATTACHMENTS_BUCKET: attachments.bucket.id,
        },
        secrets: [{ env: 'CRM_INTEGRATION_CREDENTIALS', arn: secretArn, key: site.keys.of('secrets') }],
        permissions,
        queueKey: site.keys.of('platform'),
        logKey: site.keys.of('logs'),
        logRetentionDays: config.logRetentionDays,
        provider,
      });
      // Security groups chained by reference: internet → LB:443 → app:port → DB:5432 / cache:6379.
      const link = (linkId: string, from: typeof app.securityGroup, to: typeof app.securityGroup, port: number, description: string) =>
        new SecurityGroupLink(this, `${role}-${linkId}`, { from, to, port, description, provider });
      link('lb-to-app', site.edge.securityGroup, app.securityGroup, config.app.containerPort, 'load balancer to application tasks');
      link('app-to-db', app.securityGroup, dbSg, POSTGRES_PORT, 'application tasks to the database');
      link('app-to-cache', app.securityGroup, site.cache.securityGroup, REDIS_PORT, 'application tasks to the session cache');
      link('app-to-endpoints', app.securityGroup, site.network.endpointSecurityGroup, 443, 'application tasks to the VPC endpoints');
    }

    // AWS Backup: daily recovery points in a locked vault, each copied to the DR region's locked vault.
    const vault = new LockedVault(this, 'backup-vault', { name: `${name}-${config.primaryRegion}`, key: primary.keys.of('backups'), minRetentionDays: config.backupVaultRetentionDays });
    const drVault = drStack.vault;
    new BackupPlanWithCopy(this, 'backup', {
      name,
      region: config.primaryRegion,
      accountId: acct,
      vault,
      drVault,
      retentionDays: config.backupVaultRetentionDays,
      recoveryVaultArn: config.recoveryAccountId === null ? undefined : `arn:aws:backup:${config.primaryRegion}:${config.recoveryAccountId}:backup-vault:${name}-recovery`,
      resources: [this.database.instance.arn, primary.attachments.bucket.arn, primary.audit.bucket.arn, primary.logs.bucket.arn],
    });
    new RecoveryAlarms(this, 'recovery-alarms', {
      name,
      alertTopic: primary.detection.alertTopic,
      replica: { instance: this.replica.instance, alertTopic: dr.detection.alertTopic, provider: drProvider, maxLagSeconds: config.rpoMinutes * 60 },
      replicatedBuckets: { attachments: primary.attachments.bucket, audit: primary.audit.bucket, logs: primary.logs.bucket },
    });
    new RestoreTesting(this, 'restore-testing', {
      name: `${name.replace(/-/g, '_')}_restore_tests`,
      region: config.primaryRegion,
      accountId: acct,
      vaultArn: vault.vault.arn,
      resources: { RDS: [this.database.instance.arn], S3: [primary.attachments.bucket.arn, primary.audit.bucket.arn, primary.logs.bucket.arn] },
    });

    // Traffic: Route 53 fails the CRM's name over to the DR load balancer when the primary is unhealthy.
    // Failover waits until the DR database is promoted: users never reach a read-only site.
    const gate = new DrWriteGate(this, 'dr-write-gate', { replica: this.replica.instance, region: config.drRegion, name, provider: drProvider });
    new DnsFailover(this, 'dns', {
      secondaryHealthCheckId: gate.healthCheck.id,
      zoneId: global.zoneId,
      recordName: config.domainName,
      primary: primary.edge.loadBalancer,
      secondary: dr.edge.loadBalancer,
      healthCheckPath: HEALTH_CHECK_PATH,
    });
  }
}
