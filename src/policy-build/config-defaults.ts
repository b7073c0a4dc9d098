/**
 * The shipped configuration defaults as the CLI reads them: `policies/config/data.yaml` (the one
 * source, commented, also loaded by `opa test`) written as JSON into the bundle by `npm run
 * policy:build`, so that a run neither loads a YAML parser nor parses YAML (~25 ms of every start).
 * `npm run policy:verify` (and the test suite) fail when the JSON no longer matches the YAML.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';

export { CONFIG_DEFAULTS_FILE } from '../config/load';

/** The YAML source of the defaults, under a policies folder. */
export function configDefaultsSource(policiesDir: string): string {
  return path.join(policiesDir, 'config', 'data.yaml');
}

/** The bundle's `config-defaults.json` text for a policies folder's `config/data.yaml`. */
export function configDefaultsJson(policiesDir: string): string {
  const file = configDefaultsSource(policiesDir);
  const doc: unknown = parseYaml(readFileSync(file, 'utf8'));
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}: expected a mapping of config keys at the top level`);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
