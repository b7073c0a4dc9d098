/**
 * Team policies: Rego rules a team keeps next to the baseline (`--policy DIR`, or the guard's
 * `policies` option). Layout and METADATA follow the baseline's conventions
 * (`DIR/<family-folder>/<rule>.rego`, package `crm.rules.<family-folder>.<rule>`, ids with the
 * team's own prefix such as `ACME-ENC-001`). A folder holding `policy.wasm` + `catalog.json` is a
 * prebuilt bundle; otherwise it is compiled with the pinned OPA CLI, together with the baseline's
 * `lib/` (so team rules can import `data.crm.lib.tf`).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../errors';
import type * as PolicyBuild from '../policy-build/build';
import { defaultBundleDir, packageRoot } from './bundle';
import type { Catalog } from './catalog';
import { removeOnInterrupt } from '../process-safety';
import { PolicyEngine } from './engine';

export interface UserPolicyOptions {
  /** The OPA CLI used to compile (default: $OPA, else a checkout's pinned `.tools/bin/opa`, else `opa` on PATH). */
  opa?: string;
  /** RSA public key file (PEM) a prebuilt bundle's signature is verified with (`--bundle-key`). */
  bundleKeyFile?: string;
}

const RESERVED_PREFIX = 'CRM-';

/** The OPA version the shipped bundle was built with (its catalog says); team policies compile with the same. */
function shippedOpaVersion(): string {
  try {
    const opa: unknown = (JSON.parse(readFileSync(path.join(defaultBundleDir(), 'catalog.json'), 'utf8')) as { opa?: unknown }).opa;
    return typeof opa === 'string' ? `v${opa}` : 'latest';
  } catch {
    return 'latest';
  }
}

export function defaultOpaPath(): string {
  if (process.env.OPA) return process.env.OPA;
  const pinned = path.join(packageRoot(), '.tools', 'bin', 'opa');
  if (existsSync(pinned)) return pinned;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'opa'))) return path.join(dir, 'opa');
  }
  return pinned;
}

export function loadUserPolicies(dir: string, options: UserPolicyOptions = {}): PolicyEngine {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError('team policy folder not found', { file: dir });
  const prebuilt = existsSync(path.join(dir, 'policy.wasm')) && existsSync(path.join(dir, 'catalog.json'));
  const engine = prebuilt ? PolicyEngine.loadSync(dir, { bundleKeyFile: options.bundleKeyFile }) : compile(dir, options.opa ?? defaultOpaPath());
  checkTeamCatalog(engine.catalog, dir);
  return engine;
}

function compile(dir: string, opa: string): PolicyEngine {
  if (!existsSync(opa)) {
    throw new ConfigError('compiling team policies needs the OPA CLI, which is not installed', {
      file: dir,
      hint: `install OPA ${shippedOpaVersion()} (go install github.com/open-policy-agent/opa@${shippedOpaVersion()}) and put it on PATH or set OPA=/path/to/opa, or pass a prebuilt bundle folder with policy.wasm and catalog.json`,
    });
  }
  // The bundle builder (and the schema validator, OPA runner and signer it brings) is loaded only
  // when team policies are compiled, not by every check that imports this module.
  const { buildBundle, writeBundle } = require('../policy-build/build') as typeof PolicyBuild;
  const work = mkdtempSync(path.join(tmpdir(), 'crm-guard-team-'));
  const unregister = removeOnInterrupt(work);
  try {
    const src = path.join(work, 'src');
    const baseline = path.join(packageRoot(), 'policies');
    cpSync(path.join(baseline, 'lib'), path.join(src, 'lib'), { recursive: true });
    cpSync(dir, path.join(src, 'team'), { recursive: true, filter: (f) => !f.endsWith('policy.wasm') });
    if (!hasRego(path.join(src, 'team'))) throw new ConfigError('the team policy folder holds no .rego files', { file: dir });
    let built;
    try {
      built = buildBundle({ opa, policiesDir: src, rootDir: work });
    } catch (e) {
      throw new ConfigError(`team policies do not compile: ${(e as Error).message.split(`${src}${path.sep}team${path.sep}`).join('')}`, { file: dir });
    }
    // Point catalog entries at the team's own files, not the temporary copy.
    built.catalog.rules = built.catalog.rules.map((r) => ({ ...r, file: path.join(dir, path.relative(path.join('src', 'team'), r.file)) }));
    const out = path.join(work, 'bundle');
    writeBundle({ ...built, catalogJson: `${JSON.stringify(built.catalog, null, 2)}\n`, signaturesJson: null }, out);
    return PolicyEngine.loadSync(out, { compiledFrom: dir });
  } finally {
    rmSync(work, { recursive: true, force: true });
    unregister();
  }
}

function hasRego(dir: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? hasRego(path.join(dir, e.name)) : e.name.endsWith('.rego') && !e.name.endsWith('_test.rego')));
}

function checkTeamCatalog(catalog: Catalog, dir: string): void {
  if (catalog.rules.length === 0) throw new ConfigError('the team policy folder defines no rules (packages crm.rules.<family>.<rule> with METADATA)', { file: dir });
  const reserved = catalog.rules.filter((r) => r.id.startsWith(RESERVED_PREFIX)).map((r) => `${r.id} (${r.file})`);
  if (reserved.length > 0) {
    throw new ConfigError(`team rule ids must use the team's own prefix, not ${RESERVED_PREFIX}: ${reserved.join(', ')}`, { file: dir, hint: 'e.g. ACME-ENC-001' });
  }
}

