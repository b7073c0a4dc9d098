/**
 * The conventions people expect of a CLI, kept out of main.ts: config-file discovery, colour from
 * the environment, terminal width and progress only on a terminal.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { findRepoRoot } from '../check/repo-location';
import type { TargetArg } from './report-targets';

export const CONFIG_FILE_NAME = 'crm-guard.yaml';

/**
 * `crm-guard.yaml` in `cwd` or the nearest parent that has one, up to the repository root (the
 * directory with `.git`); never above it, so a checkout is not configured by a file outside it.
 */
export function discoverConfigFile(cwd: string): string | undefined {
  const root = findRepoRoot(cwd);
  let dir = path.resolve(cwd);
  for (;;) {
    const file = path.join(dir, CONFIG_FILE_NAME);
    if (existsSync(file)) return file;
    const up = path.dirname(dir);
    if (dir === root || up === dir || path.relative(root, up).startsWith('..')) return undefined;
    dir = up;
  }
}

/**
 * Whether to colour (`--no-color` is applied on top by the command): FORCE_COLOR=0/false off, any
 * other FORCE_COLOR on; else NO_COLOR (any value) off; else only on a terminal.
 */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined) return false;
  return isTTY;
}

/** The config's `reports` list as the --format/--output arguments it stands for. */
export function reportArgs(reports: readonly { format: string; output?: string }[]): TargetArg[] {
  return reports.flatMap((r) => [{ kind: 'format' as const, value: r.format }, ...(r.output ? [{ kind: 'output' as const, value: r.output }] : [])]);
}
