/** The shipped defaults (policies/config/data.yaml) are not validated at run time (src/config/load.ts); they are here. */
import { defaultConfig, defaultConfigFile, validateConfig } from '../src/config/load';

describe('shipped configuration defaults', () => {
  it('satisfy the configuration schema', () => {
    expect(() => validateConfig(defaultConfig(), defaultConfigFile())).not.toThrow();
  });
});
