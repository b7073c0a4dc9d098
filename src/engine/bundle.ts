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
export function packageVersion(): string {
  const version: unknown = (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error('crm-guard package.json has no version');
  return version;
}

/** Where the shipped, prebuilt policy bundle lives. */
export function defaultBundleDir(): string {
  return path.join(packageRoot(), 'bundle');
}
