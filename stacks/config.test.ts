import { CrmConfigError, defaultConfig, resolveCrmConfig } from './config';

describe('resolveCrmConfig', () => {
  it('returns the secure defaults', () => {
    expect(resolveCrmConfig()).toEqual(defaultConfig);
  });

  it('merges tag overrides over the required tags', () => {
    expect(resolveCrmConfig({ tags: { Owner: 'team-a' } }).tags).toMatchObject({ Owner: 'team-a', DataClassification: 'confidential' });
  });

  it('collects every problem into one error', () => {
    const make = () => resolveCrmConfig({ primaryRegion: 'us-east-1', primaryAzs: ['us-east-1a'], backupRetentionDays: 3, primaryVpcCidr: '10.0.0.0/8' });
    expect(make).toThrow(CrmConfigError);
    expect(make).toThrow(/primaryRegion "us-east-1" is not in allowedRegions.*at least two availability zones.*primaryVpcCidr.*backupRetentionDays/);
  });
});
