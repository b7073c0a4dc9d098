/**
 * Where in the repository a finding is shown (GitHub code scanning, annotations, `file:line`).
 * Code scanning places an alert only on a file of the checkout, by a path relative to its root, so
 * every finding gets a repository file that exists:
 *
 * - CDKTF: the TypeScript line that creates the construct (or its nearest locatable ancestor), read
 *   from the app's sources (the directory of the `cdktf.json` above the input, and its `app` entry);
 *   findings on the stack itself (`terraform.*`, providers) and constructs that cannot be told apart
 *   go to the app's entry file. The synthesized `cdk.tf.json` is git-ignored build output, so it is
 *   used only when there is no CDKTF app above it (a committed JSON file, e.g. a test corpus).
 * - HCL: the block's `.tf` file and line; findings on the configuration as a whole (backend,
 *   providers, required versions) go to the file with the `terraform {}` or `provider` block.
 * - Plan JSON: the plan file and the resource's line in it.
 *
 * A file outside the repository root keeps no repository location (formats then use its path).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../errors';
import type { NormalizedModel } from '../model/types';
import { SourceLocator } from '../source/locator';
import { topLevelBlocks } from '../waivers/hcl-comments';
import { CDKTF_CONFIG_FILE, DEFAULT_OUTDIR, readCdktfConfig, type CdktfProjectConfig } from '../synth/synth';
import type { Finding, RepoLocation } from './report';

/** Where a directory of `.tf` files configures itself (see configOf). */
interface ConfigBlocks {
  terraform?: RepoLocation;
  provider?: RepoLocation;
  providers: Map<string, RepoLocation>;
  first?: RepoLocation;
}

/** The nearest directory at or above `start` holding `.git` (a directory, or a worktree's file); else `start`. */
export function findRepoRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(start);
    dir = up;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `root`-relative with forward slashes, or undefined when `abs` is not inside `root`. */
function relativeTo(root: string, abs: string): string | undefined {
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** The app's cdktf.json, or undefined when it is not a valid one (locations then fall back to the input). */
function projectConfig(dir: string): CdktfProjectConfig | undefined {
  try {
    return readCdktfConfig(dir);
  } catch {
    return undefined;
  }
}

interface CdktfApp {
  dir: string;
  /** The app's entry source file (absolute), when the `app` command names one that exists. */
  entry?: string;
  locator: SourceLocator;
}

/**
 * The entry named by cdktf.json `app` (`npx ts-node main.ts`, `node dist/stacks/main.js`): the first
 * argument that is a script path; compiled output (`dist/x.js`, `build/x.js`, `lib/x.js`) maps back
 * to its `.ts` source when that exists.
 */
function appEntry(dir: string, app: string): string | undefined {
  for (const token of app.split(/\s+/)) {
    if (!/\.(ts|mts|cts|js|mjs|cjs)$/.test(token)) continue;
    const candidates = [token.replace(/\.[mc]?js$/, '.ts'), token.replace(/^(\.\/)?(dist|build|lib|out)\//, '').replace(/\.[mc]?js$/, '.ts'), token];
    for (const c of candidates) if (isFile(path.join(dir, c))) return path.join(dir, c);
  }
  return undefined;
}

export interface RepoLocateOptions {
  /** The repository checkout root: locations are relative to it. */
  root: string;
}

/** Sets `location` on every finding whose place can be named as a file in the repository. */
export function locateInRepository(findings: readonly Finding[], models: readonly NormalizedModel[], options: RepoLocateOptions): Finding[] {
  const root = path.resolve(options.root);
  if (!isDir(root)) throw new UsageError(`repository root ${options.root} is not a directory`, { hint: 'pass the checkout directory as repoRoot' });
  const byStack = new Map(models.map((m) => [m.stack, m]));
  const apps = new Map<string, CdktfApp | null>();
  const configFiles = new Map<string, ConfigBlocks>();

  /**
   * The CDKTF app whose synthesized output the input is: the nearest cdktf.json at or above it (not
   * above the repository root) whose `output` folder (default cdktf.out) holds the input. A JSON file
   * elsewhere below an app (a committed corpus) is not that app's output.
   */
  const appFor = (source: string): CdktfApp | null => {
    // Every finding of a stack asks for its source: looked up (a stat and a walk up) once.
    if (apps.has(source)) return apps.get(source) ?? null;
    let dir = path.resolve(isDir(source) ? source : path.dirname(source));
    const start = dir;
    let app: CdktfApp | null = null;
    for (;;) {
      if (relativeTo(root, dir) === undefined && dir !== root) break;
      const cdktf = isFile(path.join(dir, CDKTF_CONFIG_FILE)) ? projectConfig(dir) : undefined;
      if (cdktf) {
        const output = path.resolve(dir, cdktf.output ?? DEFAULT_OUTDIR);
        if (relativeTo(output, start) === undefined && start !== output) break;
        const entry = appEntry(dir, cdktf.app);
        // The entry's folder holds the app's constructs; without an entry, the whole app folder.
        app = { dir, entry, locator: new SourceLocator(entry ? path.dirname(entry) : dir) };
        break;
      }
      if (dir === root) break;
      dir = path.dirname(dir);
    }
    apps.set(source, app);
    return app;
  };

  /**
   * In a directory of `.tf` files (hidden ones are not configuration): the `terraform {}` block,
   * each `provider` block by its address (`provider.aws`, `provider.aws.<alias>`), the first one,
   * the first file.
   */
  const configOf = (dir: string) => {
    const known = configFiles.get(dir);
    if (known) return known;
    const found: ConfigBlocks = { providers: new Map() };
    let names: string[] = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.tf') && !n.startsWith('.')).sort();
    } catch {
      names = [];
    }
    for (const name of names) {
      const rel = relativeTo(root, path.join(dir, name));
      if (rel === undefined) continue;
      found.first ??= { file: rel, line: 1 };
      const text = readFileSync(path.join(dir, name), 'utf8');
      const lines = text.split(/\r?\n/);
      for (const block of topLevelBlocks(text)) {
        const at = { file: rel, line: block.start };
        if (block.kind === 'terraform') found.terraform ??= at;
        if (block.kind !== 'provider' || block.labels.length !== 1) continue;
        found.provider ??= at;
        let alias: string | undefined;
        for (let i = block.start; i < block.end && alias === undefined; i++) alias = /^\s*alias\s*=\s*"([^"]*)"/.exec(lines[i])?.[1];
        const address = alias === undefined ? `provider.${block.labels[0]}` : `provider.${block.labels[0]}.${alias}`;
        if (!found.providers.has(address)) found.providers.set(address, at);
      }
    }
    configFiles.set(dir, found);
    return found;
  };

  // Findings share a few files: each is resolved and looked at (stat) once per call.
  const kinds = new Map<string, { file: string; isDir: boolean; rel: string | undefined }>();
  const kindOf = (origin: string) => {
    let k = kinds.get(origin);
    if (!k) {
      const file = path.resolve(origin);
      const dir = isDir(file);
      k = { file, isDir: dir, rel: !dir && isFile(file) ? relativeTo(root, file) : undefined };
      kinds.set(origin, k);
    }
    return k;
  };

  const locate = (f: Finding): RepoLocation | undefined => {
    const model = byStack.get(f.stack);
    const { file, isDir: fileIsDir, rel } = kindOf(f.origin.file);
    if (model?.format === 'cdktf') {
      const app = appFor(model.source);
      if (app) {
        const site = f.origin.constructPath ? app.locator.locateNearest(f.origin.constructPath, f.resourceType) : undefined;
        const base = app.entry ? path.dirname(app.entry) : app.dir;
        const inRepo = site ? relativeTo(root, path.join(base, site.file)) : undefined;
        if (site && inRepo) return { file: inRepo, line: site.line };
        const entry = app.entry ? relativeTo(root, app.entry) : undefined;
        if (entry) return { file: entry, line: 1 };
        const manifest = relativeTo(root, path.join(app.dir, CDKTF_CONFIG_FILE));
        if (manifest) return { file: manifest, line: 1 };
      }
    }
    if (fileIsDir) {
      const config = configOf(file);
      const provider = config.providers.get(f.resource);
      if (provider) return provider;
      return (f.resource.startsWith('terraform.') ? (config.terraform ?? config.provider) : (config.provider ?? config.terraform)) ?? config.first;
    }
    return rel ? { file: rel, line: f.origin.line ?? 1 } : undefined;
  };

  return findings.map((f) => {
    const location = locate(f);
    return location ? { ...f, location } : f;
  });
}
