import { ContainerRegistry } from './container-registry';
import { RegionKeys } from './keys';
import { at, ref, synthConstruct, TEST_ACCOUNT } from './test-kit';

describe('ContainerRegistry', () => {
  let registry: ContainerRegistry | undefined;
  const doc = synthConstruct((s, dr) => {
    const keys = new RegionKeys(s, 'keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-west-1' });
    const drKeys = new RegionKeys(s, 'dr-keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-central-1', provider: dr });
    registry = new ContainerRegistry(s, 'registry', {
      repository: 'crm-app',
      accountId: TEST_ACCOUNT,
      region: 'eu-west-1',
      key: keys.of('platform'),
      dr: { region: 'eu-central-1', key: drKeys.of('platform'), provider: dr },
    });
  });

  it('keeps tags immutable, scans on push and encrypts with the platform CMK', () => {
    expect(at(doc, 'aws_ecr_repository', 'registry/repository')).toMatchObject({
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: 'KMS', kms_key: `${ref(doc, 'aws_kms_key', 'keys/platform/key')}arn}` }],
    });
  });

  it('replicates images to the DR region, where replicas are immutable and encrypted with the DR key', () => {
    expect(at(doc, 'aws_ecr_replication_configuration', 'registry/replication').replication_configuration).toEqual({
      rule: [{ destination: [{ region: 'eu-central-1', registry_id: TEST_ACCOUNT }], repository_filter: [{ filter: 'crm-app', filter_type: 'PREFIX_MATCH' }] }],
    });
    expect(at(doc, 'aws_ecr_repository_creation_template', 'registry/dr-template')).toMatchObject({
      provider: 'aws.dr',
      applied_for: ['REPLICATION'],
      image_tag_mutability: 'IMMUTABLE',
      encryption_configuration: [{ encryption_type: 'KMS', kms_key: `${ref(doc, 'aws_kms_key', 'dr-keys/platform/key')}arn}` }],
    });
  });

  it('references images by digest in the registry of each region', () => {
    expect(registry?.imageIn('eu-central-1', TEST_ACCOUNT, 'sha256:abc')).toBe(`${TEST_ACCOUNT}.dkr.ecr.eu-central-1.amazonaws.com/crm-app@sha256:abc`);
  });
});
