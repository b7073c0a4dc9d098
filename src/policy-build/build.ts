/**
 * Builds the shipped policy bundle with the pinned OPA CLI: a wasm-only capabilities file,
 * `opa build -t wasm` with the one aggregate entrypoint, and the rule catalog extracted from
 * METADATA (`opa inspect -a`). Also verifies that the committed bundle matches the sources.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { defaultEnforcement, FAMILIES, type Catalog, type ControlRef, type EnforcementLevel, type Family, type RuleMeta } from '../engine/catalog';
import { ruleMetadataSchema } from './metadata-schema';
import { WASM_BUILTINS } from './wasm-builtins';

export const ENTRYPOINT = 'crm/main/findings';
const RULES_PREFIX = ['data', 'crm', 'rules'];

export interface PolicyPaths {
  /** The pinned OPA binary. */
  opa: string;
  /** Rego sources (the `policies/` folder). */
  policiesDir: string;
  /** The repository root, for relative file names in the catalog. */
  rootDir: string;
}

function run(opa: string, args: string[]): string {
  try {
    return execFileSync(opa, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`opa ${args.join(' ')} failed:\n${err.stderr || err.stdout || err.message}`);
  }
}

export function opaVersion(opa: string): string {
  const m = /^Version: (.+)$/m.exec(run(opa, ['version']));
  if (!m) throw new Error(`cannot read the version of ${opa}`);
  return m[1].trim();
}

/** `opa capabilities --current`, with builtins narrowed to what the wasm engine implements. */
export function wasmCapabilities(opa: string): string {
  const current = JSON.parse(run(opa, ['capabilities', '--current'])) as { builtins: { name: string }[] };
  const allowed = new Set(WASM_BUILTINS);
  const builtins = current.builtins.filter((b) => allowed.has(b.name));
  const missing = [...allowed].filter((n) => !builtins.some((b) => b.name === n));
  if (missing.length > 0) throw new Error(`the pinned OPA does not know the allowlisted builtins: ${missing.join(', ')}`);
  return `${JSON.stringify({ ...current, builtins }, null, 1)}\n`;
}

export function writeCapabilities(opa: string, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, wasmCapabilities(opa));
}

/** Policy sources that go into the bundle (tests and config data excluded), sorted. */
export function bundleSources(policiesDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.rego') && !e.name.endsWith('_test.rego')) out.push(p);
    }
  };
  walk(policiesDir);
  return out.sort();
}

interface AnnotationRef {
  path: { type: string; value: string }[];
  location: { file: string; row: number };
  annotations: { scope?: string; title?: string; description?: string; custom?: Record<string, unknown> };
}

const ajv = new Ajv({ allErrors: true });
const validateMetadata = ajv.compile(ruleMetadataSchema);

/** Rule catalog from `opa inspect -a`: one entry per package below `crm.rules`, validated. */
export function extractCatalogRules(opa: string, paths: PolicyPaths): RuleMeta[] {
  const info = JSON.parse(run(opa, ['inspect', '-a', '--format', 'json', paths.policiesDir])) as { annotations?: AnnotationRef[] };
  const problems: string[] = [];
  const rules: RuleMeta[] = [];
  const annotated = new Set<string>();
  for (const ref of info.annotations ?? []) {
    const segs = ref.path.map((t) => t.value);
    if (!RULES_PREFIX.every((s, i) => segs[i] === s)) continue;
    const file = path.relative(paths.rootDir, path.resolve(ref.location.file));
    if (ref.annotations.scope !== 'package' || segs.length !== 5) {
      problems.push(`${file}:${ref.location.row}: METADATA must be package-scoped on crm.rules.<family>.<rule> (found ${segs.join('.')}, scope ${ref.annotations.scope})`);
      continue;
    }
    if (!validateMetadata(ref.annotations)) {
      problems.push(`${file}:${ref.location.row}: METADATA ${ajv.errorsText(validateMetadata.errors, { dataVar: 'metadata' })}`);
      continue;
    }
    const custom = ref.annotations.custom as {
      id: string;
      severity: RuleMeta['severity'];
      enforcement?: EnforcementLevel;
      family: Family;
      controls: Record<string, string[]>;
      remediation: string;
    };
    const pkg = `${segs[3]}.${segs[4]}`;
    annotated.add(pkg);
    if (FAMILIES[custom.family].folder !== segs[3]) problems.push(`${file}: family ${custom.family} belongs in policies/${FAMILIES[custom.family].folder}/, not ${segs[3]}/`);
    if (!custom.id.includes(`-${custom.family}-`)) problems.push(`${file}: id ${custom.id} does not carry its family ${custom.family}`);
    const controls: Record<string, ControlRef[]> = {};
    for (const fw of Object.keys(custom.controls).sort()) {
      controls[fw] = custom.controls[fw].map((c) => (c.endsWith('?') ? { id: c.slice(0, -1).trim(), verified: false } : { id: c, verified: true }));
    }
    rules.push({
      id: custom.id,
      title: ref.annotations.title as string,
      description: (ref.annotations.description as string).trim(),
      severity: custom.severity,
      enforcement: custom.enforcement ?? defaultEnforcement(custom.severity),
      family: custom.family,
      controls,
      remediation: custom.remediation.trim(),
      package: pkg,
      file,
      subjects: subjectsOf(path.resolve(ref.location.file)),
    });
  }
  const seen = new Map<string, string>();
  for (const r of rules) {
    const prev = seen.get(r.id);
    if (prev) problems.push(`${r.file}: rule id ${r.id} is also used by ${prev}`);
    seen.set(r.id, r.file);
  }
  // Every rule package must carry METADATA: the catalog is the only way a finding gets an id.
  for (const file of bundleSources(paths.policiesDir)) {
    const m = /^package crm\.rules\.([a-z0-9_]+)\.([a-z0-9_]+)$/m.exec(readFileSync(file, 'utf8'));
    if (m && !annotated.has(`${m[1]}.${m[2]}`)) problems.push(`${path.relative(paths.rootDir, file)}: rule package has no valid package-scoped METADATA`);
  }
  if (problems.length > 0) throw new Error(`rule metadata problems:\n  ${problems.join('\n  ')}`);
  return rules.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Resource types a rule inspects, read from its source (`tf.resources("aws_x")`, `"aws_x"` in type
 * lists, `input.providers`): used to tell "passed" from "not evaluated" in the compliance view.
 * `*` means the rule looks at the configuration as a whole (providers, terraform settings).
 */
export function subjectsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/^\s*#.*$/gm, '');
  const types = new Set<string>();
  for (const m of text.matchAll(/"((?:data\.)?aws_[a-z0-9_]+)"/g)) types.add(m[1]);
  if (/input\.(providers|terraform|modules|resources\b(?!\[))/.test(text)) types.add('*');
  return [...types].sort();
}

/** sha256 over the bundle's inputs: source files, capabilities and OPA version. */
export function sourceHash(paths: PolicyPaths, capabilities: string, opaVer: string): string {
  const h = createHash('sha256');
  h.update(`opa ${opaVer}\n`).update(capabilities);
  for (const f of bundleSources(paths.policiesDir)) {
    h.update(`\n--- ${path.relative(paths.policiesDir, f).split(path.sep).join('/')}\n`).update(readFileSync(f));
  }
  return h.digest('hex');
}

export interface BuiltBundle {
  wasm: Buffer;
  catalogJson: string;
  catalog: Catalog;
}

export function buildBundle(paths: PolicyPaths): BuiltBundle {
  const work = mkdtempSync(path.join(tmpdir(), 'crm-guard-build-'));
  try {
    const caps = wasmCapabilities(paths.opa);
    const capsFile = path.join(work, 'capabilities.json');
    writeFileSync(capsFile, caps);
    const tarball = path.join(work, 'bundle.tar.gz');
    run(paths.opa, ['build', '-t', 'wasm', '-e', ENTRYPOINT, '--capabilities', capsFile, '--ignore', '*_test.rego', '--ignore', 'data.yaml', '--ignore', '*.examples.yaml', '-o', tarball, paths.policiesDir]);
    execFileSync('tar', ['-xzf', tarball, '-C', work, '/policy.wasm'], { stdio: 'pipe' });
    const wasm = readFileSync(path.join(work, 'policy.wasm'));
    const opaVer = opaVersion(paths.opa);
    const catalog: Catalog = {
      version: 1,
      opa: opaVer,
      sourceHash: sourceHash(paths, caps, opaVer),
      entrypoint: ENTRYPOINT,
      wasmSha256: createHash('sha256').update(wasm).digest('hex'),
      rules: extractCatalogRules(paths.opa, paths),
    };
    return { wasm, catalog, catalogJson: `${JSON.stringify(catalog, null, 2)}\n` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function writeBundle(bundle: BuiltBundle, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'policy.wasm'), bundle.wasm);
  writeFileSync(path.join(outDir, 'catalog.json'), bundle.catalogJson);
}

/** Differences between the committed bundle and a fresh build from the sources (empty = current). */
export function bundleDrift(paths: PolicyPaths, outDir: string): string[] {
  const fresh = buildBundle(paths);
  const drift: string[] = [];
  const read = (f: string): Buffer | null => {
    try {
      return readFileSync(path.join(outDir, f));
    } catch {
      return null;
    }
  };
  const wasm = read('policy.wasm');
  const catalog = read('catalog.json');
  if (!wasm || !wasm.equals(fresh.wasm)) drift.push('policy.wasm differs from a fresh build of policies/');
  if (!catalog || catalog.toString('utf8') !== fresh.catalogJson) drift.push('catalog.json differs from a fresh build of policies/ (metadata, sources or OPA version changed)');
  return drift;
}
