/** Configuration: the shipped defaults, with a user's YAML file merged over them, validated as a whole. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors';
import { bundleRepairHint, defaultBundleDir, packageRoot } from '../engine/bundle';
import type { Json } from '../model/types';
import { lazyValidator } from '../lazy-validator';
import { yaml } from '../lazy-modules';
import { configSchema } from './schema';

export type CrmGuardConfig = Record<string, Json>;

const configValidator = lazyValidator(configSchema);

export function defaultConfigFile(): string {
  return path.join(packageRoot(), 'policies', 'config', 'data.yaml');
}

function readYamlObject(file: string): Record<string, Json> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file: ${(e as Error).message}`, { file });
  }
  let doc: unknown;
  try {
    doc = yaml().parse(text);
  } catch (e) {
    throw new ConfigError(`invalid YAML: ${(e as Error).message}`, { file });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError('expected a mapping of config keys at the top level', { file, path: '$' });
  return doc as Record<string, Json>;
}

/** Validates a config object; every problem is collected and each names its key. */
export function validateConfig(config: unknown, file = '<config>'): CrmGuardConfig {
  const validate = configValidator();
  if (!validate(config)) {
    // A bad key under a per-rule map (propertyNames) yields two errors; the one naming the key is kept.
    const problems = (validate.errors ?? []).filter((e) => e.keyword !== 'propertyNames').map((e) => {
      const key = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '';
      if (e.keyword === 'additionalProperties') return `unknown key "${String(e.params.additionalProperty)}"`;
      if (e.propertyName !== undefined) return `${key}: "${e.propertyName}" is not a rule id (e.g. CRM-ENC-004)`;
      return `${key || '(top level)'}: ${e.message}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`, { file, hint: `allowed keys: ${Object.keys(configSchema.properties).join(', ')}` });
  }
  return config as CrmGuardConfig;
}

/** Name, in the bundle folder, of the shipped defaults generated from defaultConfigFile() (src/policy-build/config-defaults.ts). */
export const CONFIG_DEFAULTS_FILE = 'config-defaults.json';

export function defaultConfigJsonFile(): string {
  return path.join(defaultBundleDir(), CONFIG_DEFAULTS_FILE);
}

/**
 * The shipped defaults. They are part of the package, not input, and are held to the schema by
 * the test suite (test/config-defaults.test.ts) instead of on every run: a run without a user
 * config then never loads ajv nor compiles the schema (~80 ms of every CLI start). They are read
 * from the JSON the bundle build writes from the YAML source, so a run without a user config does
 * not load the YAML parser either.
 */
export function defaultConfig(): CrmGuardConfig {
  const file = defaultConfigJsonFile();
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`cannot read the shipped configuration defaults: ${(e as Error).message}`, { file, hint: bundleRepairHint(defaultBundleDir()) });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError('the shipped configuration defaults are not a mapping of config keys', { file, hint: bundleRepairHint(defaultBundleDir()) });
  return doc as CrmGuardConfig;
}

export function loadConfig(userFile?: string): CrmGuardConfig {
  const defaults = defaultConfig();
  if (!userFile) return defaults;
  const user = validateConfig(readYamlObject(userFile), userFile);
  return { ...defaults, ...user };
}

/** A config file path or a (partial) config object, merged over the defaults. */
export function resolveConfig(config?: string | CrmGuardConfig): CrmGuardConfig {
  if (typeof config === 'object') return { ...loadConfig(), ...validateConfig(config) };
  return loadConfig(config);
}
