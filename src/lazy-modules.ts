/**
 * Libraries a check rarely needs, loaded on first use instead of at every start (their modules
 * cost every run milliseconds): the YAML parser (a user's config or waivers file), picomatch (rule
 * selections, waiver address globs) and jsonc-parser (a JSON text that repeats names or uses
 * array-of-bodies forms). The validators have their own (lazy-validator.ts).
 */
import type * as JsoncParser from 'jsonc-parser';
import type picomatch from 'picomatch';
import type * as Yaml from 'yaml';

export function yaml(): typeof Yaml {
  return require('yaml') as typeof Yaml;
}

export function globs(): typeof picomatch {
  return require('picomatch') as typeof picomatch;
}

export function jsonc(): typeof JsoncParser {
  return require('jsonc-parser') as typeof JsoncParser;
}
