/**
 * The wasm policy engine: loads the compiled bundle once and evaluates a whole normalized model on
 * a pool of warm worker threads (wasm-runner.ts): the model is loaded into each worker's wasm once,
 * then every rule is evaluated through its own entrypoint.
 */
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EngineError, UsageError } from '../errors';
import { INDEX_FIELDS, isDeferred } from '../model/indexes';
import { evaluationView } from '../model/join';
import type { Json, ModelResource, NormalizedModel } from '../model/types';
import { bundleRepairHint, defaultBundleDir, packageVersion } from './bundle';
import { SHIPPED_BUNDLE_PUBLIC_KEY } from './bundle-key';
import { ENFORCEMENT_LEVELS, FAMILIES, PROJECTABLE_RESOURCE_FIELDS, SEVERITIES, type Catalog, type Family, type RuleMeta } from './catalog';
import { publicKeyFrom, sha256Hex, SIGNED_FILES, verifyBundleSignature } from './signature';
import { releaseHeapWhileWaiting } from './heap';
import { checkJobs, compileWasm, WasmRunner, type ChunkMemory, type CompiledWasm } from './wasm-runner';

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
/**
 * Default wall-clock budget of one evaluation (one bundle over one stack): generous, the 50k-resource
 * benchmark takes about 13 s. A policy or input that makes evaluation run longer is an engine error.
 */
export const DEFAULT_EVALUATION_BUDGET_MS = 300_000;

export interface EngineOptions {
  /** Upper bound of wasm memory in 64 KiB pages (default and maximum 65536 = 4 GiB). */
  maxMemoryPages?: number;
  /**
   * RSA public key file (PEM) the bundle's `.signatures.json` is verified with. Default: the key
   * compiled into crm-guard, which signs the shipped bundle. Every bundle is verified before use.
   */
  bundleKeyFile?: string;
  /** Internal: a bundle crm-guard itself just compiled from this Rego folder (unsigned, not verified). */
  compiledFrom?: string;
}

/** What a report states about the policy bundle it was evaluated with. */
export interface BundleIdentity {
  /** The crm-guard version that evaluated it. */
  crmGuardVersion: string;
  /** sha256 of policy.wasm. */
  wasmSha256: string;
  /** sha256 over the Rego sources, capabilities and OPA version it was built from. */
  sourceHash: string;
  /** OPA version that compiled it. */
  opa: string;
  rules: number;
  /** Signature status: verified with a key, or compiled by this run from a team's Rego folder. */
  signature: { verified: true; keyid: string } | { verified: false; reason: string };
}

export interface EvaluateOptions {
  /** Wall-clock budget in milliseconds (default DEFAULT_EVALUATION_BUDGET_MS). */
  budgetMs?: number;
  /** Evaluation workers sharing the rules (default: available parallelism); see CheckOptions.jobs. */
  jobs?: number;
  /** Evaluate only these rule ids (the others' findings would be dropped anyway). */
  rules?: ReadonlySet<string>;
  /** Told the time each rule took inside its worker, and how many workers shared them. */
  onTimings?: (timings: RuleTiming[], jobs: number, modelLoadMs: number) => void;
}

/** What `check --profile` reports per evaluated entrypoint. */
export interface RuleTiming {
  ruleId: string;
  family: Family;
  ms: number;
  findings: number;
}

/** What `check` needs from an engine: a catalog, configuration, and one evaluation per model. */
export interface Evaluator {
  readonly catalog: Catalog;
  /** The bundles evaluated, for reports. */
  readonly bundles: readonly BundleIdentity[];
  setConfig(config: Record<string, Json>): void;
  evaluate(model: NormalizedModel, options?: EvaluateOptions): RawFinding[];
  /** Starts the evaluation workers ahead of the first evaluation. */
  prestart(jobs?: number): void;
}

export class PolicyEngine implements Evaluator {
  private config: Record<string, Json> | null = null;

  /** Evaluations run on a worker thread under a time budget (see wasm-runner.ts). */
  private readonly runner: WasmRunner;

  /** Version, digests and signature status, for reports. */
  readonly identity: BundleIdentity;

  get bundles(): readonly BundleIdentity[] {
    return [this.identity];
  }

  private constructor(
    readonly catalog: Catalog,
    bundle: BundleFiles,
    module: CompiledWasm,
    private readonly maxPages: number,
  ) {
    this.runner = new WasmRunner(module, maxPages, bundle.wasmFile, Math.min(INITIAL_PAGES, maxPages), (offered) => PolicyEngine.checkEntrypoints(bundle, offered));
    this.identity = {
      crmGuardVersion: packageVersion(),
      wasmSha256: catalog.wasmSha256,
      sourceHash: catalog.sourceHash,
      opa: catalog.opa,
      rules: catalog.rules.length,
      signature: bundle.signature,
    };
  }

  /** Loads a bundle (default: the shipped one). */
  static async load(bundleDir: string = defaultBundleDir(), options: EngineOptions = {}): Promise<PolicyEngine> {
    return PolicyEngine.loadSync(bundleDir, options);
  }

  /**
   * Synchronous load, for callers that cannot await (the CDKTF synth-time guard runs inside
   * validation). The wasm is compiled once, here, and instantiated by the evaluation workers; the
   * entrypoints an instance offers are checked against the catalog before the first evaluation
   * (this thread never instantiates it: loading the SDK and an instance here cost ~15 ms of every
   * start for a check the workers' own instances make anyway).
   */
  static loadSync(bundleDir: string = defaultBundleDir(), options: EngineOptions = {}): PolicyEngine {
    const maxPages = maxPagesOf(options);
    const b = readBundle(bundleDir, options);
    const module = compileWasm(b.wasm, b.wasmFile);
    return new PolicyEngine(b.catalog, b, module, maxPages);
  }

  /** The entrypoints of an instance of the bundle's wasm must be exactly the catalog's. */
  private static checkEntrypoints(b: BundleFiles, offered: readonly string[]): void {
    // checkCatalog (readBundle) has already proven both lists present and well-formed.
    const listed = new Set([...b.catalog.entrypoints, ...Object.values(b.catalog.ruleEntrypoints)]);
    const has = new Set(offered);
    const missing = [...listed].filter((e) => !has.has(e));
    if (b.catalog.entrypoints.length === 0 || missing.length > 0) {
      throw new EngineError(`policy.wasm lacks the catalog's entrypoints ${missing.join(', ') || '(none listed)'}`, { file: b.wasmFile, hint: bundleRepairHint(path.dirname(b.wasmFile)) });
    }
    const extra = offered.filter((e) => !listed.has(e));
    if (extra.length > 0) throw new EngineError(`policy.wasm has entrypoints the catalog does not list: ${extra.join(', ')}`, { file: b.wasmFile, hint: bundleRepairHint(b.dir) });
  }

  /**
   * OPA's wasm allocator grows memory one 64 KiB page at a time, and every growth of a large
   * memory pushes V8 into a full collection (at 50k resources a 1.5 s evaluation became 40 s).
   * So before a big evaluation the instance is re-created once with memory sized for the input;
   * later evaluations reuse it.
   */
  private pagesFor(dataBytes: number): number {
    return Math.min(this.maxPages, INITIAL_PAGES + Math.ceil((dataBytes * HEAP_PER_INPUT_BYTE) / PAGE_BYTES));
  }

  /** Ends the evaluation worker now (it also ends by itself when idle). */
  close(): void {
    this.runner.stop();
  }

  /** Sets the configuration document the rules read as `data.config` (validated by the caller). */
  setConfig(config: Record<string, Json>): void {
    this.config = config;
  }

  /** Starts the evaluation workers now, so they boot while the caller reads its input. */
  prestart(jobs?: number): void {
    this.runner.prestart(checkJobs(jobs));
  }

  /**
   * Evaluates every rule (or the selected ones) over one model: the model is parsed into each
   * worker's wasm once (as `data.model`, beside `data.config`), then the workers share the rules'
   * entrypoints; the heap is reclaimed after each rule. Throws EngineError; never returns a partial
   * result. Findings come in catalog order whatever the number of workers.
   */
  evaluate(model: NormalizedModel, options: EvaluateOptions = {}): RawFinding[] {
    const budgetMs = options.budgetMs ?? DEFAULT_EVALUATION_BUDGET_MS;
    if (!Number.isFinite(budgetMs) || budgetMs <= 0) throw new UsageError(`invalid evaluation time budget ${JSON.stringify(options.budgetMs)}: expected a positive number of milliseconds`);
    const jobs = checkJobs(options.jobs);
    const plan = this.plan(options.rules);
    if (plan.length === 0) return [];
    const data = modelData(this.config ?? {}, evaluationView(model), this.catalog.unreadResourceFields ?? []);
    const byEntrypoint = new Map(plan.map((p) => [p.entrypoint, p]));
    const describe = (e: string): string => {
      const rule = byEntrypoint.get(e)?.rule;
      return rule ? `${e} (rule ${rule.id}, family ${FAMILIES[rule.family].folder})` : e;
    };
    const workers = Math.min(options.jobs === undefined ? jobsForMemory(jobs, data.bytes) : jobs, plan.length);
    const { sets, times, jobs: used, modelLoadMs } = this.runner.run({
      chunks: data.chunks,
      entrypoints: plan.map((p) => p.entrypoint),
      describe,
      pages: this.pagesFor(data.bytes),
      modelBytes: data.bytes,
      budgetMs,
      jobs: workers,
      // The main thread only waits while the workers run: with a core to spare, a large run gives
      // its garbage back meanwhile (the peak of a big check is reached while the rules run).
      releaseHeapWhileWaiting: releaseHeapWhileWaiting(data.bytes, workers),
      source: model.source,
    });
    const findings: RawFinding[] = [];
    const timings: RuleTiming[] = [];
    plan.forEach((p, i) => {
      const resultSet = sets[i];
      if (Array.isArray(resultSet) && resultSet.length === 0) {
        // The entrypoint is the package's `deny` itself: undefined when the package has none.
        throw new EngineError(`rule ${p.rule.id} (package crm.rules.${p.rule.package}) defines no \`deny\` set, so it cannot be evaluated`, {
          file: model.source,
          hint: 'a rule package reports its findings as `deny contains tf.finding(r, msg) if { ... }` (README: Team policies)',
        });
      }
      if (!Array.isArray(resultSet) || resultSet.length !== 1 || !Array.isArray((resultSet[0] as { result?: unknown }).result)) {
        throw new EngineError(`policy evaluation of ${describe(p.entrypoint)} returned no result set (got ${JSON.stringify(resultSet)?.slice(0, 200)})`, { file: model.source });
      }
      const items = (resultSet[0] as { result: unknown[] }).result;
      for (const item of items) findings.push(this.toFinding(item, model.source, p.rule));
      timings.push({ ruleId: p.rule.id, family: p.rule.family, ms: times[i], findings: items.length });
    });
    options.onTimings?.(timings, used, modelLoadMs);
    return findings;
  }

  /** The entrypoints to evaluate: one per (selected) rule, in entrypoint order. */
  private plan(selected: ReadonlySet<string> | undefined): Array<{ entrypoint: string; rule: RuleMeta }> {
    return this.catalog.rules
      .filter((r) => !selected || selected.has(r.id))
      .map((r) => ({ entrypoint: this.catalog.ruleEntrypoints[r.package], rule: r }))
      .sort((a, b) => (a.entrypoint < b.entrypoint ? -1 : a.entrypoint > b.entrypoint ? 1 : 0));
  }

  /** A result item of a rule's entrypoint: `{resource, message, unverifiable?}`. */
  private toFinding(item: unknown, source: string, rule: RuleMeta): RawFinding {
    const o = item as Record<string, unknown> | null;
    if (o === null || typeof o !== 'object' || typeof o.resource !== 'string' || typeof o.message !== 'string') {
      throw new EngineError(`malformed policy result ${JSON.stringify(item)} from ${rule.id}: expected {resource, message}`, { file: source });
    }
    return { rule, resource: o.resource, message: o.message, unverifiable: o.unverifiable === true };
  }
}

/**
 * The policies' data document `{"config":…,"model":…}` as the record chunks the workers load (see
 * wasm-runner.ts): first the skeleton (the config, and the model's fields up to `resources`, that
 * one empty), then one record per resource, then one record per later field (each index, each
 * derived fact, the providers, ...), in the model's order, so the loaded document is the one
 * JSON.parse of the whole would give. The resources go first because the workers parse them while
 * this thread computes the indexes a normalized model defers (src/model/indexes.ts
 * appendDeferredIndexes) on the first read of one of them, which comes after the last resource.
 * Resource fields no policy of the bundle reads (`unreadResourceFields` of its catalog, found at
 * build time) are left out. `bytes` estimates the size of the whole, for sizing memory.
 */
export function modelData(config: Record<string, Json>, model: NormalizedModel, unread: readonly string[]): { bytes: number; chunks: (memory?: ChunkMemory) => Iterable<Uint8Array> } {
  const fields = Object.keys(model) as Array<keyof NormalizedModel>;
  const at = fields.indexOf('resources');
  const head: Record<string, unknown> = {};
  for (const k of at >= 0 ? fields.slice(0, at) : []) head[k] = model[k];
  if (at >= 0) head.resources = {};
  const tail = fields.slice(at + 1);
  const resources = at >= 0 ? (model.resources as Record<string, ModelResource>) : {};
  const resourceJson = (r: ModelResource): string => JSON.stringify(withoutUnreadFields(r, unread));
  const skeletonJson = JSON.stringify({ config, model: head });
  // Estimated from a sample of the entries of each object-valued field (writing every entry twice
  // would cost as much as the loading): only for sizing wasm memory, which is reserved, not
  // touched, up front. Deferred indexes are not computed for it: they are estimated at the size of
  // the resources (0.6 of it measured on the generated inputs; more for stacks of many policies).
  const resourceBytes = sampledBytes(resources, resourceJson);
  let bytes = Buffer.byteLength(skeletonJson) + resourceBytes;
  for (const k of tail) {
    if (isDeferred(model, k)) {
      bytes += resourceBytes / INDEX_FIELDS.length;
      continue;
    }
    const v = model[k];
    bytes += k.length + 16 + (v !== null && typeof v === 'object' && !Array.isArray(v) ? sampledBytes(v as Record<string, unknown>, (x) => JSON.stringify(x)) : (JSON.stringify(v)?.length ?? 0));
  }
  return { bytes, chunks: (memory = ownChunkMemory) => recordChunks(skeletonJson, resources, resourceJson, model, tail, memory) };
}

/** The JSON size of an object's entries, estimated from at most SIZE_SAMPLE of them. */
function sampledBytes<T>(entries: Record<string, T>, json: (v: T) => string): number {
  const keys = Object.keys(entries);
  if (keys.length === 0) return 2;
  const step = Math.max(1, Math.floor(keys.length / SIZE_SAMPLE));
  let sampled = 0;
  let n = 0;
  for (let k = 0; k < keys.length; k += step, n++) sampled += keys[k].length + json(entries[keys[k]]).length + 32;
  return Math.ceil((sampled / n) * keys.length);
}

/** A resource as the policies of a bundle see it: without the fields none of them reads. */
export function withoutUnreadFields(r: ModelResource, unread: readonly string[]): Partial<ModelResource> {
  if (unread.length === 0) return r;
  // Copied key by key (deleting from a copy would leave a slow dictionary-mode object to serialize).
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(r)) if (!unread.includes(k)) copy[k] = r[k as keyof ModelResource];
  return copy as Partial<ModelResource>;
}

const CHUNK_BYTES = 1 << 20;
const FIRST_CHUNK_BYTES = 1 << 17;
const SIZE_SAMPLE = 64;

/** Memory for chunks nobody else holds: each chunk in a buffer of its own. */
const ownChunkMemory: ChunkMemory = (bytes) => new Uint8Array(bytes);

function* recordChunks(
  skeletonJson: string,
  resources: Record<string, ModelResource>,
  resourceJson: (r: ModelResource) => string,
  model: NormalizedModel,
  tail: ReadonlyArray<keyof NormalizedModel>,
  memory: ChunkMemory,
): Generator<Uint8Array> {
  const writer = new RecordWriter(memory);
  writer.put('', skeletonJson);
  // Each loop in a generator of its own: V8 optimizes the resources' loop alone.
  yield* resourceRecords(writer, resources, resourceJson);
  yield* fieldRecords(writer, model, tail);
  yield* writer.end();
}

/** Resources one by one: the workers parse each chunk while the next is written. */
function* resourceRecords(writer: RecordWriter, resources: Record<string, ModelResource>, resourceJson: (r: ModelResource) => string): Generator<Uint8Array> {
  for (const key of Object.keys(resources)) {
    writer.put(`["model","resources",${JSON.stringify(key)}]`, resourceJson(resources[key]));
    yield* writer.completed();
  }
}

/**
 * Each later field in one record (an index in one parse instead of a path parsed and added per
 * entry: 10,000 entries of `referrers` at 10k). Reading the first deferred index of a group
 * computes the group (indexes.ts INDEX_GROUPS) while the workers are still parsing what was sent
 * before it: the resources, then the lookup tables while the derived facts are computed.
 */
function* fieldRecords(writer: RecordWriter, model: NormalizedModel, tail: ReadonlyArray<keyof NormalizedModel>): Generator<Uint8Array> {
  for (const field of tail) {
    // About to compute a group of deferred indexes: what is written so far leaves first, for the
    // workers to parse meanwhile.
    if (isDeferred(model, field)) yield* writer.flush();
    const value = model[field];
    // A field holding undefined is absent from the document, as JSON.stringify of the whole leaves it out.
    if (value !== undefined) writer.put(`["model",${JSON.stringify(field)}]`, JSON.stringify(value));
    yield* writer.completed();
  }
}

/** Writes records `[u32 path length][u32 value length][path][value]` into chunks of about CHUNK_BYTES. */
class RecordWriter {
  private buf: Buffer;
  private at = 0;
  /** Chunks completed by the last record written (the previous chunk, and/or the record's own). */
  private readonly ready: Uint8Array[] = [];

  constructor(private readonly memory: ChunkMemory) {
    // A small first chunk: the first worker starts parsing as soon as a few resources are written.
    this.buf = this.writable(FIRST_CHUNK_BYTES);
  }

  /** Memory from the engine, written through a Buffer view (its UTF-8 writes are the fast ones). */
  private writable(bytes: number): Buffer {
    const m = this.memory(bytes);
    return Buffer.from(m.buffer, m.byteOffset, m.byteLength);
  }

  put(path: string, value: string): void {
    // Room for the UTF-8 of both strings at its largest (3 bytes per UTF-16 unit): written in
    // place, the lengths taken from the writes (measuring them first would read both twice).
    const room = 8 + 3 * (path.length + value.length);
    if (this.at > 0 && this.at + room > this.buf.length) {
      this.ready.push(this.buf.subarray(0, this.at));
      this.buf = this.writable(CHUNK_BYTES);
      this.at = 0;
    }
    // A record larger than a chunk gets a chunk of its own.
    const own = room > this.buf.length;
    const target = own ? this.writable(room) : this.buf;
    const start = own ? 0 : this.at;
    const pathLen = target.write(path, start + 8);
    const valueLen = target.write(value, start + 8 + pathLen);
    target.writeUInt32LE(pathLen, start);
    target.writeUInt32LE(valueLen, start + 4);
    if (own) this.ready.push(target.subarray(0, 8 + pathLen + valueLen));
    else this.at += 8 + pathLen + valueLen;
  }

  /** Ends the chunk being written (if it holds anything): it is given with the completed ones. */
  *flush(): Generator<Uint8Array> {
    if (this.at > 0) {
      this.ready.push(this.buf.subarray(0, this.at));
      this.buf = this.writable(CHUNK_BYTES);
      this.at = 0;
    }
    yield* this.completed();
  }

  /** The chunks completed so far, each given once. */
  *completed(): Generator<Uint8Array> {
    while (this.ready.length > 0) yield this.ready.shift() as Uint8Array;
  }

  /** The rest: completed chunks, then the one being written. */
  *end(): Generator<Uint8Array> {
    yield* this.completed();
    if (this.at > 0) yield this.buf.subarray(0, this.at);
  }
}

/**
 * Each worker holds its own parsed copy of the model in wasm memory (measured: about 6x the JSON)
 * plus the heap of the rule it runs; by default no more workers are started than fit this budget,
 * so a 50,000-resource check on a CI runner uses one worker instead of running out of memory.
 * An explicit `jobs` is obeyed.
 */
export const DEFAULT_WORKER_MEMORY_BUDGET = 512 * 1048576;
const WORKER_BYTES_PER_DATA_BYTE = 8;

/** The default number of workers for a model of `dataBytes` JSON, given `jobs` cores. */
export function jobsForMemory(jobs: number, dataBytes: number): number {
  return Math.max(1, Math.min(jobs, Math.floor(DEFAULT_WORKER_MEMORY_BUDGET / (dataBytes * WORKER_BYTES_PER_DATA_BYTE))));
}

interface BundleFiles {
  dir: string;
  catalog: Catalog;
  wasm: Buffer;
  wasmFile: string;
  signature: BundleIdentity['signature'];
}

/**
 * Reads policy.wasm and catalog.json, verifies the bundle signature over both (before anything in
 * them is used), and checks that they belong together: the wasm digest, and a catalog whose every
 * rule is reached by an entrypoint.
 */
function readBundle(bundleDir: string, options: EngineOptions = {}): BundleFiles {
  const catalogFile = path.join(bundleDir, 'catalog.json');
  const wasmFile = path.join(bundleDir, 'policy.wasm');
  let catalog: Catalog;
  let wasm: Buffer;
  let catalogBytes: Buffer;
  try {
    catalogBytes = readFileSync(catalogFile);
    wasm = readFileSync(wasmFile);
  } catch (e) {
    throw new EngineError(`cannot read the policy bundle: ${(e as Error).message}`, { file: bundleDir, hint: bundleRepairHint(bundleDir) });
  }
  const wasmDigest = sha256Hex(wasm);
  let signature: BundleIdentity['signature'];
  if (options.compiledFrom !== undefined) {
    signature = { verified: false, reason: `compiled by this run from ${options.compiledFrom}` };
  } else {
    let key: KeyObject;
    if (options.bundleKeyFile !== undefined) {
      let pem: string;
      try {
        pem = readFileSync(options.bundleKeyFile, 'utf8');
      } catch (e) {
        throw new EngineError(`cannot read the bundle key: ${(e as Error).message}`, { file: options.bundleKeyFile });
      }
      key = publicKeyFrom(pem, options.bundleKeyFile);
    } else key = publicKeyFrom(SHIPPED_BUNDLE_PUBLIC_KEY, 'the key shipped with crm-guard');
    const digests = new Map<string, string>([[SIGNED_FILES[0], sha256Hex(catalogBytes)], [SIGNED_FILES[1], wasmDigest]]);
    const hint = options.bundleKeyFile === undefined && path.resolve(bundleDir) !== path.resolve(defaultBundleDir()) ? `${bundleRepairHint(bundleDir)}; a bundle signed with another key needs --bundle-key` : bundleRepairHint(bundleDir);
    signature = { verified: true, keyid: verifyBundleSignature(bundleDir, digests, key, hint) };
  }
  try {
    catalog = JSON.parse(catalogBytes.toString('utf8')) as Catalog;
  } catch (e) {
    throw new EngineError(`cannot read the policy bundle: ${(e as Error).message}`, { file: catalogFile, hint: bundleRepairHint(bundleDir) });
  }
  checkCatalog(catalog, catalogFile);
  if (wasmDigest !== catalog.wasmSha256) {
    throw new EngineError('policy.wasm does not match the catalog it was built with', {
      file: wasmFile,
      hint: `expected sha256 ${catalog.wasmSha256}, found ${wasmDigest}; ${bundleRepairHint(bundleDir)}`,
    });
  }
  return { dir: bundleDir, catalog, wasm, wasmFile, signature };
}

/** A catalog the engine can map every result through: rules present, valid, each reached by its family's entrypoint. */
function checkCatalog(catalog: Catalog, file: string): void {
  const bad = (why: string): EngineError => new EngineError(`the policy catalog is not usable: ${why}`, { file, hint: bundleRepairHint(path.dirname(file)) });
  if (catalog === null || typeof catalog !== 'object') throw bad('not a JSON object');
  if (!Array.isArray(catalog.rules) || catalog.rules.length === 0) throw bad('it lists no rules');
  if (!Array.isArray(catalog.entrypoints) || !catalog.entrypoints.every((e) => typeof e === 'string')) throw bad('"entrypoints" is not a list of names');
  for (const k of ['wasmSha256', 'sourceHash', 'opa'] as const) if (typeof catalog[k] !== 'string') throw bad(`"${k}" is missing`);
  const ids = new Set<string>();
  const packages = new Set<string>();
  for (const r of catalog.rules) {
    const family = (FAMILIES as Record<string, { folder: string } | undefined>)[r?.family];
    if (typeof r?.id !== 'string' || typeof r.package !== 'string' || !family) throw bad(`rule ${JSON.stringify(r?.id)} lacks an id, package or known family`);
    if (!(SEVERITIES as readonly string[]).includes(r.severity) || !(ENFORCEMENT_LEVELS as readonly string[]).includes(r.enforcement)) throw bad(`rule ${r.id} has an unknown severity or enforcement`);
    if (ids.has(r.id) || packages.has(r.package)) throw bad(`rule ${r.id} (${r.package}) is listed twice`);
    ids.add(r.id);
    packages.add(r.package);
    if (!catalog.entrypoints.some((e) => e.endsWith(`/${family.folder}`))) throw bad(`rule ${r.id} is in family ${r.family}, which no entrypoint evaluates`);
  }
  const unread = catalog.unreadResourceFields as unknown;
  if (unread !== undefined && (!Array.isArray(unread) || !unread.every((f) => PROJECTABLE_RESOURCE_FIELDS.includes(f as string)))) {
    throw bad(`"unreadResourceFields" may only list ${PROJECTABLE_RESOURCE_FIELDS.join(', ')}`);
  }
  // Each rule is evaluated through its own entrypoint: they must be exactly the catalog's rules, or
  // a rule's findings could go unevaluated (or unexplained).
  const per = catalog.ruleEntrypoints as unknown;
  if (per === undefined) throw bad('it has no "ruleEntrypoints" (a bundle built by an older crm-guard: rebuild it with this version)');
  if (per === null || typeof per !== 'object' || Array.isArray(per)) throw bad('"ruleEntrypoints" is not an object');
  for (const [pkg, e] of Object.entries(per)) {
    if (typeof e !== 'string') throw bad(`the entrypoint of rule package ${pkg} is not a name`);
    if (!packages.has(pkg)) throw bad(`entrypoint ${e} evaluates rule package ${pkg}, which the catalog does not list`);
  }
  for (const r of catalog.rules) if (typeof (per as Record<string, unknown>)[r.package] !== 'string') throw bad(`rule ${r.id} (${r.package}) has no entrypoint of its own`);
}


/** The memory ceiling of an instance, in 64 KiB pages: the option, checked, else the wasm32 ceiling. */
function maxPagesOf(options: EngineOptions): number {
  const maxPages = options.maxMemoryPages ?? MAX_PAGES;
  if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > MAX_PAGES) {
    throw new UsageError(`invalid maxMemoryPages ${JSON.stringify(options.maxMemoryPages)}: expected a whole number of 64 KiB pages from 1 to ${MAX_PAGES}`);
  }
  return maxPages;
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

  get bundles(): readonly BundleIdentity[] {
    return this.engines.map((e) => e.identity);
  }

  setConfig(config: Record<string, Json>): void {
    for (const e of this.engines) e.setConfig(config);
  }

  evaluate(model: NormalizedModel, options?: EvaluateOptions): RawFinding[] {
    return this.engines.flatMap((e) => e.evaluate(model, options));
  }

  prestart(jobs?: number): void {
    for (const e of this.engines) e.prestart(jobs);
  }
}
