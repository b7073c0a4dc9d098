/**
 * The wasm policy engine: loads the compiled bundle once, keeps the instance warm, and
 * evaluates a whole normalized model: parsed into wasm once, then one entrypoint per rule family.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadPolicy, loadPolicySync, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { EngineError } from '../errors';
import { evaluationView } from '../model/join';
import type { Json, NormalizedModel } from '../model/types';
import { bundleRepairHint, defaultBundleDir } from './bundle';
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
/**
 * Measured with the 111-rule baseline (npm run bench): the model parsed as data plus the largest
 * family's evaluation peak at about 30x the JSON model.
 */
const HEAP_PER_INPUT_BYTE = 32;
/** Every entrypoint reads `data.model`; the input itself is empty (a non-falsy `{}` for the SDK). */
const EMPTY_INPUT = new TextEncoder().encode('{}').buffer as ArrayBuffer;

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
    const missing = (b.catalog.entrypoints ?? []).filter((e) => !(e in policy.entrypoints));
    if (!Array.isArray(b.catalog.entrypoints) || b.catalog.entrypoints.length === 0 || missing.length > 0) {
      throw new EngineError(`policy.wasm lacks the catalog's entrypoints ${missing.join(', ') || '(none listed)'}`, { file: b.wasmFile, hint: bundleRepairHint(path.dirname(b.wasmFile)) });
    }
    return new PolicyEngine(policy, b.catalog, b, memoryFor(options).maximum);
  }

  /**
   * OPA's wasm allocator grows memory one 64 KiB page at a time, and every growth of a large
   * memory pushes V8 into a full collection (at 50k resources a 1.5 s evaluation became 40 s).
   * So before a big evaluation the instance is re-created once with memory sized for the input;
   * later evaluations reuse it.
   */
  private ensureMemory(dataBytes: number): void {
    const pages = Math.min(this.maxPages, INITIAL_PAGES + Math.ceil((dataBytes * HEAP_PER_INPUT_BYTE) / PAGE_BYTES));
    if (this.policy.mem.buffer.byteLength >= pages * PAGE_BYTES) return;
    try {
      this.policy = loadPolicySync(bufferToArrayBuffer(this.bundle.wasm), { initial: pages, maximum: this.maxPages });
    } catch (e) {
      throw new EngineError(`cannot size wasm memory for a ${dataBytes}-byte model: ${errorText(e)}`, { file: this.bundle.wasmFile });
    }
  }

  /** Sets the configuration document the rules read as `data.config` (validated by the caller). */
  setConfig(config: Record<string, Json>): void {
    this.config = config;
  }

  /**
   * Evaluates every rule over one model: the model is parsed into wasm once (as `data.model`,
   * beside `data.config`), then each family entrypoint runs over it; the heap is reclaimed between
   * families. Throws EngineError; never returns a partial result.
   */
  evaluate(model: NormalizedModel): RawFinding[] {
    const data = Buffer.from(`{"config":${JSON.stringify(this.config ?? {})},"model":${JSON.stringify(evaluationView(model))}}`);
    this.ensureMemory(data.length);
    const findings: RawFinding[] = [];
    try {
      this.policy.setData(bufferToArrayBuffer(data));
    } catch (e) {
      throw new EngineError(`cannot load the model into the policy engine: ${errorText(e)}`, { file: model.source });
    }
    for (const entrypoint of this.catalog.entrypoints) {
      let resultSet: unknown;
      try {
        resultSet = this.policy.evaluate(EMPTY_INPUT, entrypoint);
      } catch (e) {
        throw new EngineError(`policy evaluation failed (${entrypoint}): ${errorText(e)}`, { file: model.source });
      }
      if (!Array.isArray(resultSet) || resultSet.length !== 1 || !Array.isArray((resultSet[0] as { result?: unknown }).result)) {
        throw new EngineError(`policy evaluation of ${entrypoint} returned no result set (got ${JSON.stringify(resultSet)?.slice(0, 200)})`, { file: model.source });
      }
      for (const item of (resultSet[0] as { result: unknown[] }).result) findings.push(this.toFinding(item, model.source));
    }
    return findings;
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
    throw new EngineError(`cannot read the policy bundle: ${(e as Error).message}`, { file: bundleDir, hint: bundleRepairHint(bundleDir) });
  }
  const digest = createHash('sha256').update(wasm).digest('hex');
  if (digest !== catalog.wasmSha256) {
    throw new EngineError('policy.wasm does not match the catalog it was built with', {
      file: wasmFile,
      hint: `expected sha256 ${catalog.wasmSha256}, found ${digest}; ${bundleRepairHint(bundleDir)}`,
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
