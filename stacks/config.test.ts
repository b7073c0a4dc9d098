import { ConfigError } from '../src/errors';
import { CrmConfigError, defaultConfig, EU_REGIONS, resolveCrmConfig } from './config';

const problemsOf = (overrides: Parameters<typeof resolveCrmConfig>[0]): readonly string[] => {
  try {
    resolveCrmConfig(overrides);
  } catch (e) {
    if (e instanceof CrmConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('resolveCrmConfig', () => {
  it('returns the secure defaults: two EU regions, S3 state, targets the DR path can meet', () => {
    const c = resolveCrmConfig();
    expect(c).toEqual(defaultConfig);
    expect(c).toMatchObject({ primaryRegion: 'eu-west-1', drRegion: 'eu-central-1', allowedRegions: EU_REGIONS, rpoMinutes: 15, rtoMinutes: 120 });
    expect(c.backend).toMatchObject({ type: 's3', kmsKeyId: expect.stringMatching(/^arn:aws:kms:/) });
  });

  it('merges tag and app overrides over the defaults', () => {
    const c = resolveCrmConfig({ tags: { Owner: 'team-a' }, app: { desiredCount: 4 } });
    expect(c.tags).toMatchObject({ Owner: 'team-a', DataClassification: 'confidential' });
    expect(c.app).toMatchObject({ desiredCount: 4, containerPort: 8443 });
  });

  it('accepts a local backend and another allowed region pair', () => {
    expect(() =>
      resolveCrmConfig({
        backend: { type: 'local' },
        primaryRegion: 'eu-north-1',
        drRegion: 'eu-west-3',
        vpcCidrs: { 'eu-north-1': '10.1.0.0/16', 'eu-west-3': '10.2.0.0/16' },
        availabilityZones: { 'eu-north-1': ['eu-north-1a', 'eu-north-1b'], 'eu-west-3': ['eu-west-3a', 'eu-west-3b', 'eu-west-3c'] },
      }),
    ).not.toThrow();
  });

  it('rejects a DR region equal to the primary region', () => {
    expect(problemsOf({ drRegion: 'eu-west-1' })).toContain('drRegion "eu-west-1" must differ from primaryRegion: a copy in the same region does not survive its loss');
  });

  it('rejects regions outside the residency list', () => {
    expect(problemsOf({ drRegion: 'us-east-1' })).toContain('drRegion "us-east-1" is not in allowedRegions: DR copies must stay inside the residency list');
    expect(problemsOf({ primaryRegion: 'us-west-2' })).toContain('primaryRegion "us-west-2" is not in allowedRegions');
  });

  it('rejects overlapping VPC CIDRs and missing or malformed ones', () => {
    expect(problemsOf({ vpcCidrs: { 'eu-west-1': '10.10.0.0/16', 'eu-central-1': '10.10.128.0/17' } })).toContain(
      'vpcCidrs: eu-west-1 10.10.0.0/16 overlaps eu-central-1 10.10.128.0/17; the VPCs must be routable to each other',
    );
    expect(problemsOf({ vpcCidrs: { 'eu-west-1': '10.10.0.0/16' } })).toContain('vpcCidrs has no CIDR for eu-central-1');
    expect(problemsOf({ vpcCidrs: { 'eu-west-1': '10.10.0.0/8', 'eu-central-1': '10.20.0.1/16' } })).toEqual([
      'vpcCidrs.eu-west-1 "10.10.0.0/8" must be an IPv4 network CIDR between /16 and /20',
      'vpcCidrs.eu-central-1 "10.20.0.1/16" must be an IPv4 network CIDR between /16 and /20',
    ]);
  });

  it('rejects recovery targets the DR path cannot meet', () => {
    expect(problemsOf({ rpoMinutes: 1, rtoMinutes: 30 })).toEqual([
      'rpoMinutes 1 is below the worst-case replica lag of the DR path (5 min)',
      'rtoMinutes 30 is below the worst-case recovery time of the DR path (90 min: declare 60 + promote 30)',
    ]);
  });

  it('the cross-account recovery copy needs a different, well-formed account (or null to turn it off)', () => {
    expect(problemsOf({ recoveryAccountId: '111122223333' })).toEqual(['recoveryAccountId must differ from accountId: a copy in the same account does not survive its compromise']);
    expect(problemsOf({ recoveryAccountId: '4444' })).toEqual(['recoveryAccountId "4444" is not a 12-digit AWS account id']);
    expect(problemsOf({ recoveryAccountId: null })).toEqual([]);
  });

  it('rejects images not pinned by digest, weak retention, bad tags and an unencrypted state backend', () => {
    const problems = problemsOf({
      app: { image: { repository: 'crm-app', digest: 'latest' } },
      logRetentionDays: 30,
      backupVaultRetentionDays: 7,
      tags: { DataClassification: 'secret' },
      backend: { type: 's3', bucket: 'b', region: 'us-east-1', keyPrefix: 'crm', kmsKeyId: 'alias/aws/s3' },
    });
    expect(problems).toEqual([
      'logRetentionDays must be an integer from 365 to 2557 (got 30)',
      'backupVaultRetentionDays must be an integer from 35 to 3650 (got 7)',
      'app.image.digest must be a sha256:<64 hex> digest (images are pinned by digest, never by tag)',
      'tags.DataClassification "secret" must be one of public, internal, confidential, restricted',
      'backend.region "us-east-1" is not in allowedRegions: state holds every resource detail',
      'backend.kmsKeyId must be the ARN of a customer-managed KMS key (key or alias ARN)',
    ]);
  });

  it('collects every problem into one typed config error (the CLI maps it to exit 2)', () => {
    const make = () => resolveCrmConfig({ primaryRegion: 'us-east-1', availabilityZones: { 'us-east-1': ['us-east-1a'] }, backupRetentionDays: 3 });
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(
      /primaryRegion "us-east-1" is not in allowedRegions; vpcCidrs has no CIDR for us-east-1; availabilityZones.us-east-1 needs at least two .*; availabilityZones.eu-central-1 needs at least two .*; backupRetentionDays/,
    );
    try {
      make();
    } catch (e) {
      expect((e as ConfigError).kind).toBe('config');
      expect((e as ConfigError).path).toContain('primaryRegion');
    }
  });
});
