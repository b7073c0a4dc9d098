import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The package root (the folder holding crm-guard's package.json), from src/ or dist/src/. */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'crm-guard') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`crm-guard package root not found above ${__dirname}`);
    dir = up;
  }
}

/** The installed package's version (`crm-guard --version`). */
let version: string | undefined;
export function packageVersion(): string {
  if (version === undefined) {
    const v: unknown = (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown }).version;
    if (typeof v !== 'string') throw new Error('crm-guard package.json has no version');
    version = v;
  }
  return version;
}

/** Where the shipped, prebuilt policy bundle lives. */
export function defaultBundleDir(): string {
  return path.join(packageRoot(), 'bundle');
}

/**
 * What to do about a damaged or outdated bundle, in words that fit where it came from: the shipped
 * bundle is reinstalled (or rebuilt in a checkout of crm-guard); a team bundle is rebuilt from its Rego.
 */
export function bundleRepairHint(bundleDir: string): string {
  if (path.resolve(bundleDir) !== path.resolve(defaultBundleDir())) {
    return 'rebuild and re-sign this team bundle, or pass its Rego folder to --policy so crm-guard compiles it';
  }
  return existsSync(path.join(packageRoot(), 'scripts', 'install-opa.sh'))
    ? 'the shipped bundle was changed: rebuild it with `npm run policy:build` in this checkout'
    : 'the installed crm-guard package is damaged: reinstall it (npm install crm-guard)';
}
