import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Route53Zone } from '@cdktn/provider-aws/lib/route53-zone';
import { TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { configureBackend } from './backend';
import type { CrmConfig } from './config';

/**
 * The global stack: the CRM's public hosted zone, which outlives any one region and is often owned
 * by a DNS team. The primary stack writes its failover records, and the DR stack the shared
 * certificate validation record, into it through cross-stack references. It deploys no regional resource, so no region-scoped control
 * applies to it.
 */
export class CrmGlobalStack extends TerraformStack {
  readonly zone: Route53Zone;

  constructor(scope: Construct, id: string, config: CrmConfig) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: config.primaryRegion, allowedAccountIds: [config.accountId], defaultTags: [{ tags: config.tags }] });
    this.addOverride('terraform.required_version', config.terraformVersion);
    configureBackend(this, id, config.backend);
    this.zone = new Route53Zone(this, 'zone', { name: config.domainName, comment: `${config.project}-${config.environment} public zone`, forceDestroy: false });
  }
}
