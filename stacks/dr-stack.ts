import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { configureBackend } from './backend';
import type { CrmConfig } from './config';
import { LockedVault } from './constructs/backup';
import { RegionalSite } from './regional-site';

/**
 * The DR stack: the DR region's self-sufficient site (keys, network, buckets, the region's detective
 * baseline and account singletons, cache, edge, certificate) and its locked backup vault. It
 * references only the global stack (the zone); the primary stack references it for the far end of
 * every cross-region path, so a CDKTF dependency runs one way: global ← dr ← primary.
 * The DR site also owns the certificate validation record both regions share (one CNAME per name
 * and account), because the stack that is referenced must own what both use.
 */
export class CrmDrStack extends TerraformStack {
  readonly site: RegionalSite;
  readonly vault: LockedVault;

  constructor(scope: Construct, id: string, config: CrmConfig, global: { zoneId: string }) {
    super(scope, id);
    const name = `${config.project}-${config.environment}`;
    new AwsProvider(this, 'aws', { allowedAccountIds: [config.accountId], defaultTags: [{ tags: config.tags }], region: config.drRegion });
    this.addOverride('terraform.required_version', config.terraformVersion);
    configureBackend(this, id, config.backend);

    this.site = new RegionalSite(this, 'dr', { config, region: config.drRegion, role: 'dr', zoneId: global.zoneId });
    this.vault = new LockedVault(this, 'backup-vault-dr', {
      name: `${name}-${config.drRegion}`,
      key: this.site.keys.of('backups'),
      minRetentionDays: config.backupVaultRetentionDays,
    });
  }
}
