/**
 * The wasm policy engine: loads the compiled bundle once, keeps the instance warm, and
 * evaluates a whole normalized model in one call of the aggregate entrypoint.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadPolicy, loadPolicySync, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { EngineError } from '../errors';
import type { Json, NormalizedModel } from '../model/types';
import { defaultBundleDir } from './bundle';
import type { Catalog, RuleMeta } from './catalog';

/** What a rule's `deny` produces (plus the rule package the aggregate adds). */
export interface RawFinding {
  rule: RuleMeta;
  resource: string;
  message: string;
  /** The control could not be proven from the input (unknown-at-plan value). */
  unverifiable: boolean;
}

/** 4 GiB is the wasm32 ceiling; a cap turns runaway growth into a clean engine error. */
const MAX_PAGES = 65536;
const PAGE_BYTES = 65536;
const INITIAL_PAGES = 64;
/** Measured: the wasm heap peaks at about 6.7x the JSON input (npm run bench, 50k resources). */
const HEAP_PER_INPUT_BYTE = 8;

export interface EngineOptions {
  /** Upper bound of wasm memory in 64 KiB pages (default and maximum 65536 = 4 GiB). */
  maxMemoryPages?: number;
}

/** What `check` needs from an engine: a catalog, configuration, and one evaluation per model. */
export interface Evaluator {
  readonly catalog: Catalog;
  setConfig(config: Record<string, Json>): void;
  evaluate(model: NormalizedModel): RawFinding[];
}

export class PolicyEngine implements Evaluator {
  private readonly byPackage: Map<string, RuleMeta>;

  private config: Record<string, Json> | null = null;

  private constructor(
    private policy: LoadedPolicy,
    readonly catalog: Catalog,
    private readonly bundle: BundleFiles,
    private readonly maxPages: number,
  ) {
    this.byPackage = new Map(catalog.rules.map((r) => [r.package, r]));
  }

  /** Loads a bundle (default: the shipped one). */
  static async load(bundleDir: string = defaultBundleDir(), options: EngineOptions = {}): Promise<PolicyEngine> {
    const b = readBundle(bundleDir);
    let policy: LoadedPolicy;
    try {
      policy = await loadPolicy(bufferToArrayBuffer(b.wasm), memoryFor(options));
    } catch (e) {
      throw new EngineError(`cannot load policy.wasm: ${errorText(e)}`, { file: b.wasmFile });
    }
    return PolicyEngine.create(policy, b, options);
  }

  /** Synchronous load, for callers that cannot await (the CDKTF synth-time guard runs inside validation). */
  static loadSync(bundleDir: string = defaultBundleDir(), options: EngineOptions = {}): PolicyEngine {
    const b = readBundle(bundleDir);
    let policy: LoadedPolicy;
    try {
      policy = loadPolicySync(bufferToArrayBuffer(b.wasm), memoryFor(options));
    } catch (e) {
      throw new EngineError(`cannot load policy.wasm: ${errorText(e)}`, { file: b.wasmFile });
    }
    return PolicyEngine.create(policy, b, options);
  }

  private static create(policy: LoadedPolicy, b: BundleFiles, options: EngineOptions): PolicyEngine {
    if (!(b.catalog.entrypoint in policy.entrypoints)) {
      throw new EngineError(`policy.wasm has no entrypoint ${b.catalog.entrypoint}`, { file: b.wasmFile });
    }
    return new PolicyEngine(policy, b.catalog, b, memoryFor(options).maximum);
  }

  /**
   * OPA's wasm allocator grows memory one 64 KiB page at a time, and every growth of a large
   * memory pushes V8 into a full collection: at 50k resources that turned a 1.5 s evaluation into
   * 40 s. So before a big evaluation the instance is re-created once with memory sized for the
   * input (the heap peaks at about 7x the input bytes); later evaluations reuse it.
   */
  private ensureMemory(inputBytes: number): void {
    const pages = Math.min(this.maxPages, INITIAL_PAGES + Math.ceil((inputBytes * HEAP_PER_INPUT_BYTE) / PAGE_BYTES));
    if (this.policy.mem.buffer.byteLength >= pages * PAGE_BYTES) return;
    try {
      this.policy = loadPolicySync(bufferToArrayBuffer(this.bundle.wasm), { initial: pages, maximum: this.maxPages });
      if (this.config) this.policy.setData({ config: this.config });
    } catch (e) {
      throw new EngineError(`cannot size wasm memory for a ${inputBytes}-byte input: ${errorText(e)}`, { file: this.bundle.wasmFile });
    }
  }

  /** Replaces the configuration document the rules read as `data.config`. */
  setConfig(config: Record<string, Json>): void {
    this.config = config;
    try {
      this.policy.setData({ config });
    } catch (e) {
      throw new EngineError(`cannot load configuration into the policy engine: ${errorText(e)}`);
    }
  }

  /** Evaluates every rule over one model. Throws EngineError; never returns a partial result. */
  evaluate(model: NormalizedModel): RawFinding[] {
    let resultSet: unknown;
    const input = Buffer.from(JSON.stringify(model));
    this.ensureMemory(input.length);
    try {
      resultSet = this.policy.evaluate(bufferToArrayBuffer(input), this.catalog.entrypoint);
    } catch (e) {
      throw new EngineError(`policy evaluation failed: ${errorText(e)}`, { file: model.source });
    }
    if (!Array.isArray(resultSet) || resultSet.length !== 1 || !Array.isArray((resultSet[0] as { result?: unknown }).result)) {
      throw new EngineError(`policy evaluation returned no result set (got ${JSON.stringify(resultSet)?.slice(0, 200)})`, { file: model.source });
    }
    return ((resultSet[0] as { result: unknown[] }).result).map((item) => this.toFinding(item, model.source));
  }

  private toFinding(item: unknown, source: string): RawFinding {
    const o = item as Record<string, unknown>;
    const rule = typeof o?.rule === 'string' ? this.byPackage.get(o.rule) : undefined;
    if (!rule || typeof o.resource !== 'string' || typeof o.message !== 'string') {
      throw new EngineError(`malformed policy result ${JSON.stringify(item)}: expected {rule, resource, message} with a rule in the catalog`, { file: source });
    }
    return { rule, resource: o.resource, message: o.message, unverifiable: o.unverifiable === true };
  }
}

interface BundleFiles {
  catalog: Catalog;
  wasm: Buffer;
  wasmFile: string;
}

/** Reads policy.wasm and catalog.json and checks that they belong together. */
function readBundle(bundleDir: string): BundleFiles {
  const catalogFile = path.join(bundleDir, 'catalog.json');
  const wasmFile = path.join(bundleDir, 'policy.wasm');
  let catalog: Catalog;
  let wasm: Buffer;
  try {
    catalog = JSON.parse(readFileSync(catalogFile, 'utf8')) as Catalog;
    wasm = readFileSync(wasmFile);
  } catch (e) {
    throw new EngineError(`cannot read the policy bundle: ${(e as Error).message}`, { file: bundleDir, hint: 'run `npm run policy:build`' });
  }
  const digest = createHash('sha256').update(wasm).digest('hex');
  if (digest !== catalog.wasmSha256) {
    throw new EngineError('policy.wasm does not match the catalog it was built with', {
      file: wasmFile,
      hint: `expected sha256 ${catalog.wasmSha256}, found ${digest}; rebuild with \`npm run policy:build\``,
    });
  }
  return { catalog, wasm, wasmFile };
}

function memoryFor(options: EngineOptions): { initial: number; maximum: number } {
  const maxPages = options.maxMemoryPages ?? MAX_PAGES;
  return { initial: Math.min(INITIAL_PAGES, maxPages), maximum: maxPages };
}

/**
 * The baseline plus team bundles, evaluated as one: each bundle evaluates the same model once and
 * its results map through its own catalog; the merged catalog refuses duplicate rule ids.
 */
export class PolicySet implements Evaluator {
  readonly catalog: Catalog;

  constructor(private readonly engines: readonly PolicyEngine[]) {
    const [first] = engines;
    if (!first) throw new EngineError('a policy set needs at least one bundle');
    const seen = new Set<string>();
    for (const e of engines) {
      for (const r of e.catalog.rules) {
        if (seen.has(r.id)) throw new EngineError(`rule id ${r.id} is defined twice (${r.file})`, { hint: 'team rules need their own id prefix' });
        seen.add(r.id);
      }
    }
    const rules = engines.flatMap((e) => e.catalog.rules).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.catalog = { ...first.catalog, rules };
  }

  setConfig(config: Record<string, Json>): void {
    for (const e of this.engines) e.setConfig(config);
  }

  evaluate(model: NormalizedModel): RawFinding[] {
    return this.engines.flatMap((e) => e.evaluate(model));
  }
}

function bufferToArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** The SDK throws plain strings (opa_abort) and plain objects (missing builtins). */
function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}
