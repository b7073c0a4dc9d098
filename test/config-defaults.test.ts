/** The shipped defaults (policies/config/data.yaml) are not validated at run time (src/config/load.ts); they are here. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { defaultConfig, defaultConfigFile, defaultConfigJsonFile, validateConfig } from '../src/config/load';
import { packageRoot } from '../src/engine/bundle';
import { configDefaultsJson } from '../src/policy-build/config-defaults';

describe('shipped configuration defaults', () => {
  it('satisfy the configuration schema', () => {
    expect(() => validateConfig(defaultConfig(), defaultConfigFile())).not.toThrow();
  });

  it('are read from the bundle JSON generated from the YAML source, which is current', () => {
    expect(defaultConfig()).toEqual(parseYaml(readFileSync(defaultConfigFile(), 'utf8')));
    // Byte for byte what `npm run policy:build` writes: a stale file fails here and in policy:verify.
    expect(readFileSync(defaultConfigJsonFile(), 'utf8')).toBe(configDefaultsJson(path.join(packageRoot(), 'policies')));
  });
});
