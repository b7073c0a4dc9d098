import { EcrLifecyclePolicy } from '@cdktn/provider-aws/lib/ecr-lifecycle-policy';
import { EcrReplicationConfiguration } from '@cdktn/provider-aws/lib/ecr-replication-configuration';
import { EcrRepository } from '@cdktn/provider-aws/lib/ecr-repository';
import { EcrRepositoryCreationTemplate } from '@cdktn/provider-aws/lib/ecr-repository-creation-template';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';

export interface ContainerRegistryProps {
  /** Repository name (also the replication filter prefix). */
  repository: string;
  accountId: string;
  region: string;
  /** Key of the platform domain in the primary region. */
  key: KmsKey;
  /** DR region: images replicate there and its replicas are encrypted with `dr.key`. */
  dr: { region: string; key: KmsKey; provider?: TerraformProvider };
  provider?: TerraformProvider;
}

/**
 * The application's ECR repository: immutable tags, scan on push, KMS-encrypted, untagged images
 * expired; every image replicated to the DR region, where a creation template makes the replica
 * repository immutable and encrypted with the DR region's key.
 */
export class ContainerRegistry extends Construct {
  readonly repository: EcrRepository;
  /** Repository name as a literal (image references must be provable before apply). */
  readonly name: string;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    this.name = props.repository;
    this.repository = new EcrRepository(this, 'repository', {
      provider: props.provider,
      name: props.repository,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.key.arn }],
      forceDelete: false,
    });
    new EcrLifecyclePolicy(this, 'lifecycle', {
      provider: props.provider,
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [{ rulePriority: 1, description: 'Expire untagged images after 14 days', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 }, action: { type: 'expire' } }],
      }),
    });
    new EcrRepositoryCreationTemplate(this, 'dr-template', {
      provider: props.dr.provider,
      prefix: props.repository,
      description: `Replicas of ${props.repository} in ${props.dr.region}: immutable, encrypted with the DR key`,
      appliedFor: ['REPLICATION'],
      imageTagMutability: 'IMMUTABLE',
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.dr.key.arn }],
    });
    new EcrReplicationConfiguration(this, 'replication', {
      provider: props.provider,
      replicationConfiguration: {
        rule: [
          {
            destination: [{ region: props.dr.region, registryId: props.accountId }],
            repositoryFilter: [{ filter: props.repository, filterType: 'PREFIX_MATCH' }],
          },
        ],
      },
    });
  }

  /** The image reference in a region's registry, pinned by digest. */
  imageIn(region: string, accountId: string, digest: string): string {
    return `${accountId}.dkr.ecr.${region}.amazonaws.com/${this.name}@${digest}`;
  }
}
