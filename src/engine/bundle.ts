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

/** Where the shipped, prebuilt policy bundle lives. */
export function defaultBundleDir(): string {
  return path.join(packageRoot(), 'bundle');
}
