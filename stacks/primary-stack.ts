import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { CrmConfig } from './config';
import { EncryptedDatabase } from './constructs/database';
import { DataKey } from './constructs/keys';
import { IsolatedNetwork } from './constructs/network';
import { SecureBucket } from './constructs/secure-bucket';

/** The primary-region CRM stack: network, keys, attachments bucket and database. */
export class CrmPrimaryStack extends TerraformStack {
  readonly network: IsolatedNetwork;
  readonly database: EncryptedDatabase;
  readonly attachments: SecureBucket;

  constructor(scope: Construct, id: string, config: CrmConfig) {
    super(scope, id);
    new AwsProvider(this, 'aws', { region: config.primaryRegion, defaultTags: [{ tags: config.tags }] });
    this.addOverride('terraform.required_version', config.terraformVersion);
    // A relative state path keeps the synthesized JSON identical on every machine.
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });

    const name = `${config.project}-${config.environment}`;
    this.network = new IsolatedNetwork(this, 'network', { name, cidr: config.primaryVpcCidr, azs: config.primaryAzs });
    const dbKey = new DataKey(this, 'database-key', { project: name, domain: 'database' });
    const attachmentsKey = new DataKey(this, 'attachments-key', { project: name, domain: 'attachments' });
    this.attachments = new SecureBucket(this, 'attachments', { bucketName: `${name}-attachments-${config.primaryRegion}`, key: attachmentsKey.key });
    this.database = new EncryptedDatabase(this, 'database', {
      identifier: `${name}-db`,
      vpc: this.network.vpc,
      subnets: this.network.dataSubnets,
      key: dbKey.key,
      instanceClass: config.dbInstanceClass,
      allocatedStorageGb: config.dbAllocatedStorageGb,
      backupRetentionDays: config.backupRetentionDays,
    });
  }
}
