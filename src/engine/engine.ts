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

export interface EngineOptions {
  /** Upper bound of wasm memory in 64 KiB pages (default and maximum 65536 = 4 GiB). */
  maxMemoryPages?: number;
}

export class PolicyEngine {
  private readonly byPackage: Map<string, RuleMeta>;

  private constructor(
    private readonly policy: LoadedPolicy,
    readonly catalog: Catalog,
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
    return PolicyEngine.create(policy, b);
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
    return PolicyEngine.create(policy, b);
  }

  private static create(policy: LoadedPolicy, b: BundleFiles): PolicyEngine {
    if (!(b.catalog.entrypoint in policy.entrypoints)) {
      throw new EngineError(`policy.wasm has no entrypoint ${b.catalog.entrypoint}`, { file: b.wasmFile });
    }
    return new PolicyEngine(policy, b.catalog);
  }

  /** Replaces the configuration document the rules read as `data.config`. */
  setConfig(config: Record<string, Json>): void {
    try {
      this.policy.setData({ config });
    } catch (e) {
      throw new EngineError(`cannot load configuration into the policy engine: ${errorText(e)}`);
    }
  }

  /** Evaluates every rule over one model. Throws EngineError; never returns a partial result. */
  evaluate(model: NormalizedModel): RawFinding[] {
    let resultSet: unknown;
    try {
      resultSet = this.policy.evaluate(bufferToArrayBuffer(Buffer.from(JSON.stringify(model))), this.catalog.entrypoint);
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
  return { initial: Math.min(64, maxPages), maximum: maxPages };
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
