/**
 * Runs a policy's wasm evaluations on worker threads, so that
 *  - an evaluation that never finishes (a policy bug, an engine bug, a hostile input) can be
 *    stopped: the caller waits synchronously (Atomics.wait) up to a time budget, and on expiry the
 *    workers are terminated and the run is an engine error naming the entrypoint that was running;
 *  - the entrypoints of one evaluation are shared by N workers (`jobs`), each with its own warm wasm
 *    instance holding the model: a worker claims the next entrypoint from a shared counter, so a
 *    slow rule never leaves the other cores idle. Results are returned in entrypoint order, so the
 *    outcome does not depend on which worker ran what. When the module's memory can be shared
 *    (wasm-memory.ts), only the first worker parses the model; the others copy the parsed model
 *    out of its memory (a copy costs a fraction of a parse).
 * The API stays synchronous because the CDKTF synth-time guard evaluates inside CDKTF's
 * synchronous validation.
 *
 * The worker's source is inline JavaScript (not a compiled module file), so it runs the same from
 * `dist/` and under the test runner's on-the-fly TypeScript.
 */
import { getCompileCacheDir } from 'node:module';
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { EngineError, UsageError } from '../errors';
import { releaseUnusedHeap } from './heap';
import { withSharedMemoryImport } from './wasm-memory';

/**
 * Shared control words (Int32): the next entrypoint to claim, how many workers finished the
 * request, a stop flag (set on the first error), then per worker its current entrypoint and how
 * many chunks of the model it has loaded.
 */
const NEXT = 0;
const FINISHED = 1;
const STOP = 2;
const CURRENT_BASE = 3;
/** Upper bound of `jobs` (more workers than this only add memory: each holds the model). */
export const MAX_JOBS = 64;
const LOADED_BASE = CURRENT_BASE + MAX_JOBS;
/** Per worker: 1 once its boot message (entrypoints or error) is on the port. */
const BOOTED_BASE = LOADED_BASE + MAX_JOBS;
/**
 * Per worker: 1 once it failed outside any request's error handling (an exception nothing caught:
 * a bug in the worker or the SDK; its last message says why) or its thread ended by itself
 * (noticed by this thread's exit listener while it is not blocked waiting).
 */
const FAILED_BASE = BOOTED_BASE + MAX_JOBS;
/**
 * With a shared memory (CompiledWasm.sharedMemory): the last run whose model the first worker has
 * loaded and offered to the others (runs are numbered from 1 by the pool).
 */
const PUBLISHED = FAILED_BASE + MAX_JOBS;
/**
 * With a shared memory: how many other workers have copied this run's model. The first worker
 * evaluates nothing until every one has: an evaluation may write into the model's values (OPA
 * turns a number's representation into a big decimal in place), and a copy must not see that.
 */
const COPIED = PUBLISHED + 1;
/** Longest a worker waits for the previous one to boot before booting anyway. */
const BOOT_WAIT_MS = 2000;
/**
 * Chunks of the model a worker may have queued but not loaded yet (bounds the memory in flight):
 * room for the resources of a 10,000-resource model, which the worker parses while the indexes are
 * computed (engine.ts modelData).
 */
export const CHUNK_WINDOW = 16;
/** A parsed model's size in wasm memory per byte of its JSON (measured: ~5 at 10,000 generated resources). */
const PREFAULT_PER_MODEL_BYTE = 5;

/**
 * The model reaches the worker that parses it as a stream of chunks, each a run of records
 * `[u32 path length][u32 value length][path JSON][value JSON]`: the first record (empty path) is the
 * data document's skeleton, each later one adds an entry at its path (opa_value_add_path). Each
 * chunk is copied into one scratch region of wasm memory and its records parsed from there (OPA
 * copies every string and number it parses), so neither the model's JSON nor a copy of it stays
 * in wasm memory or in the JS heap: only the parsed values do. The parsing overlaps with the
 * caller writing the next chunks. The SDK's own setData would keep the whole JSON text in wasm
 * memory for good.
 */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const state = new Int32Array(workerData.shared);
// Workers boot one after another: each waits (at most BOOT_WAIT_MS) for the previous one's boot
// before loading the SDK and instantiating, so the caller, which reads and normalizes its input
// meanwhile, shares the cores with one booting worker at a time.
if (workerData.index > 0) Atomics.wait(state, ${BOOTED_BASE} + workerData.index - 1, 0, ${BOOT_WAIT_MS});
const slot = ${CURRENT_BASE} + workerData.index;
const loadedSlot = ${LOADED_BASE} + workerData.index;
const bootedSlot = ${BOOTED_BASE} + workerData.index;
const port = workerData.port;
// An exception nothing else caught ends this worker, and says so at once: the caller, blocked
// until a control word changes, would otherwise wait out its whole time budget for a reply that
// never comes. The message goes first, so the caller finds it when it sees the flag.
process.on('uncaughtException', (e) => {
  try {
    port.postMessage({ type: 'failed', error: text(e) });
  } finally {
    Atomics.store(state, ${FAILED_BASE} + workerData.index, 1);
    Atomics.store(state, ${STOP}, 1);
    for (const s of [bootedSlot, loadedSlot, ${FINISHED}]) Atomics.notify(state, s);
    process.exit(1);
  }
});
const EMPTY_INPUT = new TextEncoder().encode('{}');
const decoder = new TextDecoder();
let load;
// Instantiated as the worker starts (it boots while the caller reads its input); a model larger
// than its memory gets a new instance of the model's size.
let policy;
let bootError;
let loadPolicySync;
try {
  // Inside the try: an SDK that cannot be loaded is a boot error the caller reports at once,
  // not a worker that never answers. The calling thread's compile cache (the CLI enables one) is
  // this thread's too: Node's cache is per thread, and the SDK's modules are most of a boot.
  if (workerData.compileCache) require('node:module').enableCompileCache(workerData.compileCache);
  ({ loadPolicySync } = require(workerData.sdk));
  policy = instantiate(workerData.initialPages);
  // LoadedPolicy internals of the pinned SDK (1.10.0): its data address and heap pointers, ABI 1.2.
  if (typeof policy.baseHeapPtr !== 'number' || !(policy.minorVersion >= 2)) throw 'the OPA wasm SDK is not the version crm-guard was built with (no baseHeapPtr or ABI 1.2)';
} catch (e) {
  bootError = e;
}
// A shared memory (when the module imports one) lets the other workers copy the first one's model.
function instantiate(pages) {
  return loadPolicySync(workerData.wasm, { initial: pages, maximum: workerData.maxPages, shared: workerData.sharedMemory });
}
// The first worker's peers (shared memory): a port to each other worker, to offer them its model.
const peers = [];
function text(e) {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  try { return JSON.stringify(e); } catch { return String(e); }
}
// The first message on the port: what this instance offers (the caller checks the entrypoints
// against the catalog before its first evaluation), or why there is no instance.
port.postMessage(bootError === undefined ? { type: 'boot', entrypoints: Object.keys(policy.entrypoints) } : { type: 'boot', error: text(bootError) });
Atomics.store(state, bootedSlot, 1);
Atomics.notify(state, bootedSlot);
function begin(msg) {
  if (bootError !== undefined) throw bootError;
  // Too small for this model: a new instance with memory of the model's size. (Growing the
  // memory from outside would hide the pages from OPA's allocator, which then grows it again one
  // page at a time, each growth of a large memory costing V8 a full collection.)
  if (policy.mem.buffer.byteLength < msg.pages * 65536) {
    policy = undefined;
    policy = instantiate(msg.pages);
  }
  policy.wasmInstance.exports.opa_heap_ptr_set(policy.baseHeapPtr);
  load = { data: 0, scratch: 0, scratchSize: 0, error: undefined };
}
function loadChunk(bytes) {
  const ex = policy.wasmInstance.exports;
  // The chunk is copied into the scratch region once and its records are parsed in place: no
  // typed-array view per record on this thread's heap.
  if (bytes.byteLength > load.scratchSize) {
    load.scratchSize = Math.max(bytes.byteLength, 2 * load.scratchSize, 65536);
    load.scratch = ex.opa_malloc(load.scratchSize);
  }
  new Uint8Array(policy.mem.buffer).set(bytes, load.scratch);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < bytes.byteLength; ) {
    if (at + 8 > bytes.byteLength) throw 'truncated model record';
    const pathLen = view.getUint32(at, true);
    const valueLen = view.getUint32(at + 4, true);
    const start = load.scratch + at + 8;
    at += 8 + pathLen + valueLen;
    if (at > bytes.byteLength) throw 'truncated model record';
    const value = ex.opa_json_parse(start + pathLen, valueLen);
    if (value === 0) throw 'failed to parse json value';
    if (pathLen === 0) load.data = value;
    else {
      const path = ex.opa_json_parse(start, pathLen);
      if (path === 0 || load.data === 0) throw 'failed to parse json path';
      const errc = ex.opa_value_add_path(load.data, path, value);
      if (errc !== 0) throw 'cannot add a value to the data document (error ' + errc + ')';
    }
  }
}
// The SDK's evaluate (ABI 1.2 path) with '{}' as input, returning the result set as the JSON text
// the wasm writes (the SDK would parse it, and the worker write it again to send it).
function evaluate(entrypoint) {
  const id = policy.entrypoints[entrypoint];
  if (typeof id !== 'number') throw 'entrypoint ' + entrypoint + ' is not valid in this instance';
  const ex = policy.wasmInstance.exports;
  const inputAddr = policy.dataHeapPtr;
  const short = inputAddr + EMPTY_INPUT.length - policy.mem.buffer.byteLength;
  if (short > 0) policy.mem.grow(Math.ceil(short / 65536));
  new Uint8Array(policy.mem.buffer).set(EMPTY_INPUT, inputAddr);
  const ret = ex.opa_eval(0, id, policy.dataAddr, inputAddr, EMPTY_INPUT.length, inputAddr + EMPTY_INPUT.length, 0);
  const bytes = new Uint8Array(policy.mem.buffer);
  return decoder.decode(bytes.subarray(ret, bytes.indexOf(0, ret)));
}
// Blocks until the control word at \`slot\` satisfies \`done\`; false when the run stops first.
function waitUntil(slot, done) {
  for (;;) {
    if (Atomics.load(state, ${STOP}) !== 0) return false;
    const value = Atomics.load(state, slot);
    if (done(value)) return true;
    Atomics.wait(state, slot, value, 1000);
  }
}
// The first worker, its model loaded: the model's place in its (shared) memory, for the others.
function publishModel(run, jobs) {
  const offer = { run, buffer: policy.mem.buffer, base: policy.baseHeapPtr, dataAddr: policy.dataAddr, dataHeapPtr: policy.dataHeapPtr, pages: policy.mem.buffer.byteLength / 65536 };
  // To the workers of this run only (the pool's first ones): an offer nobody takes would keep the memory.
  for (let k = 0; k < jobs - 1 && k < peers.length; k++) peers[k].postMessage(offer);
  Atomics.store(state, ${PUBLISHED}, run);
  Atomics.notify(state, ${PUBLISHED});
  // The model stays as loaded until every other worker has its copy.
  waitUntil(${COPIED}, (copied) => copied >= Math.min(jobs - 1, peers.length));
}
// Another worker: the model copied from the first worker's memory once it is loaded there. The
// parsed values hold addresses, so they are copied to the same place: the instances are of one
// module, the heap starts at the same address in each, and the first worker never writes below
// its model's end again (every evaluation's heap starts there). False when the run stopped first.
function adoptModel(run) {
  if (!waitUntil(${PUBLISHED}, (published) => published >= run)) return false;
  let offer;
  for (let m = receiveMessageOnPort(workerData.peer); m !== undefined; m = receiveMessageOnPort(workerData.peer)) {
    if (m.message.run === run) offer = m.message;
  }
  if (offer === undefined) throw 'the first worker offered no model for this run';
  if (policy.mem.buffer.byteLength < offer.pages * 65536) {
    policy = undefined;
    policy = instantiate(offer.pages);
  }
  if (policy.baseHeapPtr !== offer.base) throw "the first worker's heap starts at " + offer.base + ", this one's at " + policy.baseHeapPtr;
  new Uint8Array(policy.mem.buffer).set(new Uint8Array(offer.buffer, offer.base, offer.dataHeapPtr - offer.base), offer.base);
  policy.dataAddr = offer.dataAddr;
  policy.dataHeapPtr = offer.dataHeapPtr;
  policy.wasmInstance.exports.opa_heap_ptr_set(offer.dataHeapPtr);
  Atomics.add(state, ${COPIED}, 1);
  Atomics.notify(state, ${COPIED});
  return true;
}
// Another worker, waiting for the first one to finish loading the model (this thread's core is
// idle then): the pages the copy will write are touched now, each fault (~5 us on a VM) paid
// while the first worker still parses instead of during the copy, which it waits for. Up to
// \`bytes\` above the heap's start, never past the memory, and only until the model is published;
// what is touched beyond the model is the rules' heap. \`Atomics.compareExchange(…, 0, 0)\` writes
// a fresh page's zero back (one write fault, measured; \`Atomics.add(…, 0)\` read the page first, a
// second fault per page) and leaves any other value as it is, so memory in use by an earlier run
// keeps its content.
function prefault(run, bytes) {
  const words = new Int32Array(policy.mem.buffer);
  const end = Math.min(policy.mem.buffer.byteLength, policy.baseHeapPtr + bytes);
  for (let at = policy.baseHeapPtr & ~4095; at < end; at += 4096) {
    if ((at & 0xfffff) === 0 && Atomics.load(state, ${PUBLISHED}) >= run) return;
    Atomics.compareExchange(words, at >> 2, 0, 0);
  }
}
port.on('message', (msg) => {
  if (msg.type === 'peer') {
    peers.push(msg.port);
    return;
  }
  if (msg.type === 'begin' || msg.type === 'chunk') {
    try {
      if (msg.type === 'begin') begin(msg);
      else if (load.error === undefined) loadChunk(new Uint8Array(msg.bytes, msg.offset, msg.length));
    } catch (e) {
      if (load) load.error = text(e);
      else load = { error: text(e) };
      Atomics.store(state, ${STOP}, 1);
    }
    Atomics.add(state, loadedSlot, 1);
    Atomics.notify(state, loadedSlot);
    return;
  }
  // Every chunk before this message is loaded (or, copying it, once copied): when the model
  // finished loading here.
  let loadedAt = performance.timeOrigin + performance.now();
  const results = [];
  const times = [];
  let error;
  let at = -1;
  try {
    if (workerData.sharedMemory && workerData.index > 0) {
      prefault(msg.run, msg.touchBytes);
      adoptModel(msg.run);
      loadedAt = performance.timeOrigin + performance.now();
    } else {
      if (load.error !== undefined) throw load.error;
      policy.dataAddr = load.data;
      policy.dataHeapPtr = policy.wasmInstance.exports.opa_heap_ptr_get();
      if (workerData.sharedMemory) publishModel(msg.run, msg.jobs);
    }
    for (;;) {
      if (Atomics.load(state, ${STOP}) !== 0) break;
      const i = Atomics.add(state, ${NEXT}, 1);
      if (i >= msg.entrypoints.length) break;
      at = i;
      Atomics.store(state, slot, i);
      const t = performance.now();
      const r = evaluate(msg.entrypoints[i]);
      times.push([i, performance.now() - t]);
      results.push([i, r]);
    }
  } catch (e) {
    error = text(e);
    Atomics.store(state, ${STOP}, 1);
  }
  Atomics.store(state, slot, -1);
  port.postMessage(error === undefined ? { results, times, loadedAt } : { error, at });
  Atomics.add(state, ${FINISHED}, 1);
  Atomics.notify(state, ${FINISHED});
});
`;

/**
 * The memory model chunks are written in: shared with the workers, and each buffer reused once
 * every worker has loaded the chunk written in it, so a model of any size streams through a few
 * buffers (fresh memory costs a page fault per page on first touch, and a copy per chunk before).
 */
class ChunkPool {
  /** Buffers free for reuse, by size. */
  private readonly free = new Map<number, SharedArrayBuffer[]>();
  /** Buffers holding a chunk sent, oldest first, with the LOADED count at which every worker is done with it. */
  private readonly inFlight: Array<{ buffer: SharedArrayBuffer; loadedAt: number }> = [];

  /** `loadedByAll()`: the lowest LOADED count over the workers. */
  constructor(private readonly loadedByAll: () => number) {}

  readonly take: ChunkMemory = (bytes) => {
    if (this.inFlight.length > 0) {
      const loaded = this.loadedByAll();
      while (this.inFlight.length > 0 && this.inFlight[0].loadedAt <= loaded) {
        const { buffer } = this.inFlight.shift() as { buffer: SharedArrayBuffer };
        const same = this.free.get(buffer.byteLength);
        if (same) same.push(buffer);
        else this.free.set(buffer.byteLength, [buffer]);
      }
    }
    return new Uint8Array(this.free.get(bytes)?.pop() ?? new SharedArrayBuffer(bytes));
  };

  /** The shared buffer a chunk was written in (one this pool gave; a producer writes one chunk per buffer). */
  sharedOf(chunk: Uint8Array): SharedArrayBuffer {
    if (!(chunk.buffer instanceof SharedArrayBuffer)) throw new EngineError('internal error: a model chunk was not written in the memory the engine gave', { file: 'policy.wasm' });
    return chunk.buffer;
  }

  /** The chunk in `buffer` was sent; every worker is done with it once its LOADED count reaches `loadedAt`. */
  sent(buffer: SharedArrayBuffer, loadedAt: number): void {
    this.inFlight.push({ buffer, loadedAt });
  }
}

/** A compiled `WebAssembly.Module` (this compilation has no DOM/WebAssembly typings). */
type WasmModule = { readonly __wasmModule: unique symbol };

/** A policy compiled once for every worker. */
export interface CompiledWasm {
  readonly module: WasmModule;
  /**
   * The module imports a shared memory (see wasm-memory.ts): the first worker parses the model
   * and the others copy it from that worker's memory. False: every worker parses the model.
   */
  readonly sharedMemory: boolean;
}

/** Compiles wasm bytes once, its memory import made shareable where it can be; EngineError when they are not a valid module. */
export function compileWasm(bytes: Buffer, file: string): CompiledWasm {
  const wasmApi = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => WasmModule } }).WebAssembly;
  const shared = withSharedMemoryImport(bytes);
  if (shared) {
    try {
      return { module: new wasmApi.Module(shared), sharedMemory: true };
    } catch {
      // Not valid with a shared memory (or at all): compiled as written, and reported if invalid.
    }
  }
  try {
    return { module: new wasmApi.Module(bytes), sharedMemory: false };
  } catch (e) {
    throw new EngineError(`cannot compile policy.wasm: ${(e as Error).message}`, { file });
  }
}

/** The default number of evaluation workers: the cores this process may use. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(MAX_JOBS, availableParallelism()));
}

/** `jobs` as given by a caller: a whole number from 1 to MAX_JOBS, else a UsageError. */
export function checkJobs(jobs: unknown): number {
  if (jobs === undefined) return defaultJobs();
  if (typeof jobs !== 'number' || !Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) {
    throw new UsageError(`invalid number of evaluation jobs ${JSON.stringify(jobs)}: expected a whole number from 1 to ${MAX_JOBS}`);
  }
  return jobs;
}

/** `--jobs` value: a whole number from 1 to MAX_JOBS. */
export function parseJobs(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS) throw new UsageError(`invalid --jobs ${JSON.stringify(text)}`, { hint: `expected a whole number of evaluation workers from 1 to ${MAX_JOBS}` });
  return n;
}

/**
 * Where a producer of model chunks writes them: memory of at least `bytes` bytes, given by the
 * pool (shared with the workers, and reused once every worker has loaded what was written in it).
 */
export type ChunkMemory = (bytes: number) => Uint8Array;

export interface EvaluationRequest {
  /**
   * `{"config":…,"model":…}` as a stream of record chunks (see WORKER_SOURCE): loaded once as the
   * policy's data by every worker. Produced lazily: a chunk is written while the workers parse the
   * previous ones, each into memory obtained from `memory` (a chunk is yielded inside it), and not
   * written again once yielded.
   */
  chunks: (memory: ChunkMemory) => Iterable<Uint8Array>;
  entrypoints: readonly string[];
  /** How an entrypoint is named in messages (default: the entrypoint itself). */
  describe?: (entrypoint: string) => string;
  /** Initial wasm memory, in 64 KiB pages. */
  pages: number;
  /** The model's size as JSON (an estimate is enough): how much memory a copying worker touches ahead of the copy. */
  modelBytes: number;
  /** Wall-clock budget for the whole request, in milliseconds. */
  budgetMs: number;
  /** Workers to share the entrypoints (at most one per entrypoint). */
  jobs: number;
  /** For messages: the file the model came from. */
  source: string;
  /**
   * Once the model is sent, collect this thread's garbage and return its free pages while the
   * workers run (src/engine/heap.ts): for large models, when a core is left for it.
   */
  releaseHeapWhileWaiting: boolean;
}

export interface EvaluationResult {
  /** Result sets (parsed JSON), one per entrypoint, in entrypoint order. */
  sets: unknown[];
  /** Wall time of each entrypoint's evaluation inside its worker, ms, in entrypoint order. */
  times: number[];
  /** Workers used. */
  jobs: number;
  /** Wall time from the first record sent to the last worker holding the whole model, ms. */
  modelLoadMs: number;
}

type Reply = { results: Array<[number, string]>; times: Array<[number, number]>; loadedAt: number } | { error: string; at: number };

interface PoolWorker {
  worker: Worker;
  port: MessagePort;
  /** Its boot message has been read (and the instance found usable). */
  booted: boolean;
  /** Why its thread ended, when Node reported that (an error event) before a run asked. */
  ended?: string;
}

type BootMessage = { type: 'boot'; entrypoints: string[] } | { type: 'boot'; error: string };

export class WasmRunner {
  private workers: PoolWorker[] = [];
  /** Sized for MAX_JOBS workers, so the pool can grow without a new buffer. */
  private readonly state = new Int32Array(new SharedArrayBuffer(4 * (COPIED + 1)));

  private idle: NodeJS.Timeout | undefined;

  constructor(
    /** Compiled once; a compiled module is shared with the workers, not recompiled there. */
    private readonly wasm: CompiledWasm,
    private readonly maxPages: number,
    private readonly wasmFile: string,
    /** Memory a worker's first instance has, in 64 KiB pages (a larger model gets an instance of its size). */
    private readonly initialPages: number,
    /**
     * Checks the entrypoints the instantiated wasm offers (throws EngineError when they are not the
     * expected ones); called once, with the first worker's, before the first evaluation.
     */
    private readonly checkEntrypoints: (entrypoints: readonly string[]) => void,
    /** The OPA wasm SDK module the workers load (default: the installed @open-policy-agent/opa-wasm). */
    private readonly sdk?: string,
  ) {}

  private entrypointsChecked = false;

  /** Runs so far (numbering each run's model offer, see PUBLISHED). */
  private runs = 0;

  /** Starts `jobs` workers ahead of the first evaluation (they boot while the caller reads its input). */
  prestart(jobs: number): void {
    this.ensureWorkers(Math.max(1, jobs));
    this.armIdleTimer();
  }

  /** EngineError on failure or an exhausted budget; never a partial result. */
  run(req: EvaluationRequest): EvaluationResult {
    if (this.idle) clearTimeout(this.idle);
    // A worker that failed while the pool was idle is replaced with the rest of the pool.
    if (this.failedWorker()) this.stop();
    const jobs = Math.max(1, Math.min(req.jobs, req.entrypoints.length));
    const workers = this.ensureWorkers(jobs).slice(0, jobs);
    const describe = req.describe ?? ((e: string) => e);
    Atomics.store(this.state, NEXT, 0);
    Atomics.store(this.state, FINISHED, 0);
    Atomics.store(this.state, STOP, 0);
    Atomics.store(this.state, COPIED, 0);
    for (let i = 0; i < jobs; i++) Atomics.store(this.state, CURRENT_BASE + i, -1);
    const deadline = performance.now() + req.budgetMs;
    const timedOut = (running: number[]): EngineError => {
      this.stop();
      const where = running.length > 0 ? [...new Set(running)].sort((a, b) => a - b).map((at) => describe(req.entrypoints[at])).join(', ') : 'loading the model into the engine';
      return new EngineError(`policy evaluation did not finish within its time budget of ${req.budgetMs} ms: ${where}`, {
        file: req.source,
        hint: 'a policy that does not terminate on this input; raise the budget with --time-budget (library: evaluationBudgetMs) only if the input is genuinely that large',
      });
    };
    this.checkBoot(workers, deadline, timedOut, req.source);
    for (let i = 0; i < jobs; i++) Atomics.store(this.state, LOADED_BASE + i, 0);
    const beganAt = performance.timeOrigin + performance.now();
    for (const w of workers) w.port.postMessage({ type: 'begin', pages: req.pages });
    // The workers that parse the model: with a shared memory only the first, the others copy it.
    const loaders = this.wasm.sharedMemory ? 1 : jobs;
    // Messages sent to each loader so far (the 'begin' is the first): a worker has loaded the n-th
    // once its LOADED count reaches n.
    let sent = 1;
    const memory = new ChunkPool(() => {
      let all = Infinity;
      for (let i = 0; i < loaders; i++) all = Math.min(all, Atomics.load(this.state, LOADED_BASE + i));
      return all;
    });
    for (const chunk of req.chunks(memory.take)) {
      if (Atomics.load(this.state, STOP) !== 0) break;
      // Flow control: no loader more than CHUNK_WINDOW chunks behind.
      for (let i = 0; i < loaders; i++) {
        if (!this.waitFor(LOADED_BASE + i, (loaded) => loaded >= sent - CHUNK_WINDOW || Atomics.load(this.state, STOP) !== 0, deadline, req.source)) throw timedOut([]);
      }
      const shared = memory.sharedOf(chunk);
      // The loaders read the chunk where it was written: shared, neither copied nor transferred.
      for (let i = 0; i < loaders; i++) workers[i].port.postMessage({ type: 'chunk', bytes: shared, offset: chunk.byteOffset, length: chunk.byteLength });
      sent++;
      memory.sent(shared, sent);
    }
    const run = ++this.runs;
    for (const w of workers) w.port.postMessage({ type: 'run', run, jobs, entrypoints: req.entrypoints, touchBytes: Math.ceil(req.modelBytes * PREFAULT_PER_MODEL_BYTE) });
    if (req.releaseHeapWhileWaiting) releaseUnusedHeap();
    if (!this.waitFor(FINISHED, (finished) => finished >= jobs, deadline, req.source)) {
      throw timedOut(workers.map((_, i) => Atomics.load(this.state, CURRENT_BASE + i)).filter((at) => at >= 0));
    }
    const sets: unknown[] = new Array<unknown>(req.entrypoints.length);
    const times: number[] = new Array<number>(req.entrypoints.length).fill(0);
    const errors: Array<{ error: string; at: number }> = [];
    let lost = false;
    let loadedAt = beganAt;
    for (const w of workers) {
      const msg = receiveMessageOnPort(w.port)?.message as Reply | undefined;
      if (!msg) lost = true;
      else if ('error' in msg) errors.push(msg);
      else {
        for (const [i, r] of msg.results) sets[i] = JSON.parse(r) as unknown;
        for (const [i, ms] of msg.times) times[i] = ms;
        loadedAt = Math.max(loadedAt, msg.loadedAt);
      }
    }
    if (lost) {
      this.stop();
      throw new EngineError('a policy engine worker stopped without a result', { file: req.source });
    }
    if (errors.length > 0) {
      // The first failing entrypoint in entrypoint order, whichever worker met it first.
      const first = errors.sort((a, b) => (a.at < 0 ? -1 : b.at < 0 ? 1 : a.at - b.at))[0];
      if (first.at < 0) throw new EngineError(`cannot load the model into the policy engine: ${first.error}`, { file: req.source });
      throw new EngineError(`policy evaluation failed (${describe(req.entrypoints[first.at])}): ${first.error}`, { file: req.source });
    }
    const missing = sets.findIndex((s) => s === undefined);
    if (missing >= 0) throw new EngineError(`policy evaluation of ${describe(req.entrypoints[missing])} returned nothing`, { file: req.source });
    this.armIdleTimer();
    return { sets, times, jobs, modelLoadMs: loadedAt - beganAt };
  }

  /**
   * Reads each new worker's boot message (the first on its port): an instance that could not be
   * made is an engine error, and the first instance's entrypoints are checked against the catalog.
   */
  private checkBoot(workers: readonly PoolWorker[], deadline: number, timedOut: (running: number[]) => EngineError, source: string): void {
    workers.forEach((w, i) => {
      if (w.booted) return;
      if (!this.waitFor(BOOTED_BASE + i, (booted) => booted === 1, deadline, source)) throw timedOut([]);
      const boot = receiveMessageOnPort(w.port)?.message as BootMessage | undefined;
      if (!boot || 'error' in boot) {
        this.stop();
        throw new EngineError(`cannot load policy.wasm: ${boot ? boot.error : 'the engine worker sent no boot message'}`, { file: this.wasmFile });
      }
      if (!this.entrypointsChecked) {
        try {
          this.checkEntrypoints(boot.entrypoints);
        } catch (e) {
          this.stop();
          throw e;
        }
        this.entrypointsChecked = true;
      }
      w.booted = true;
    });
  }

  /**
   * Waits (blocking) until `done` holds for the control word at `slot`; false once `deadline`
   * passed. A worker of the pool that failed (see FAILED_BASE) ends the pool and the wait with an
   * EngineError naming `file` (the input evaluated) and the worker's own reason.
   */
  private waitFor(slot: number, done: (value: number) => boolean, deadline: number, file: string): boolean {
    for (;;) {
      const failed = this.failedWorker();
      if (failed) throw this.failure(failed, file);
      const value = Atomics.load(this.state, slot);
      if (done(value)) return true;
      const left = deadline - performance.now();
      if (left <= 0 || Atomics.wait(this.state, slot, value, left) === 'timed-out') return false;
    }
  }

  /** A worker of the pool flagged failed (FAILED_BASE), if any. */
  private failedWorker(): PoolWorker | undefined {
    return this.workers.find((_, i) => Atomics.load(this.state, FAILED_BASE + i) !== 0);
  }

  /** The error for a worker that failed: the reason it sent last; the pool is ended. */
  private failure(w: PoolWorker, file: string): EngineError {
    let why = w.ended ?? 'it ended without giving a reason';
    for (let m = receiveMessageOnPort(w.port); m !== undefined; m = receiveMessageOnPort(w.port)) {
      const msg = m.message as { type?: unknown; error?: unknown };
      if (msg.type === 'failed' && typeof msg.error === 'string') why = msg.error;
    }
    this.stop();
    return new EngineError(`a policy engine worker failed: ${why}`, { file, hint: 'an internal error of crm-guard or of the OPA wasm SDK, not of the input: please report it with the input and the command' });
  }

  /** Ends the workers (the next run starts fresh ones). */
  stop(): void {
    if (this.idle) clearTimeout(this.idle);
    const ws = this.workers;
    this.workers = [];
    for (const w of ws) {
      w.port.close();
      void w.worker.terminate();
    }
  }

  /** Warm workers serve the next evaluation; idle ones end (long-lived hosts create many engines). */
  private armIdleTimer(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), IDLE_MS);
    this.idle.unref();
  }

  private ensureWorkers(n: number): PoolWorker[] {
    if (this.workers.length >= n) return this.workers;
    let sdk: string;
    try {
      sdk = this.sdk ?? require.resolve('@open-policy-agent/opa-wasm');
    } catch (e) {
      throw new EngineError(`cannot find the OPA wasm SDK: ${(e as Error).message}`, { file: this.wasmFile });
    }
    const compileCache = getCompileCacheDir();
    while (this.workers.length < n) {
      const { port1, port2 } = new MessageChannel();
      // With a shared memory, each later worker gets a port from the first, which offers its model there.
      let peer: MessagePort | undefined;
      if (this.wasm.sharedMemory && this.workers.length > 0) {
        const channel = new MessageChannel();
        this.workers[0].port.postMessage({ type: 'peer', port: channel.port1 }, [channel.port1]);
        peer = channel.port2;
      }
      Atomics.store(this.state, BOOTED_BASE + this.workers.length, 0);
      Atomics.store(this.state, FAILED_BASE + this.workers.length, 0);
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          sdk,
          compileCache,
          wasm: this.wasm.module,
          sharedMemory: this.wasm.sharedMemory,
          initialPages: this.initialPages,
          maxPages: this.maxPages,
          shared: this.state.buffer,
          index: this.workers.length,
          port: port2,
          peer,
        },
        transferList: peer ? [port2, peer] : [port2],
      });
      // A worker never keeps the process alive; a run waits for it explicitly.
      worker.unref();
      port1.unref();
      const pooled: PoolWorker = { worker, port: port1, booted: false };
      const index = this.workers.length;
      // A thread that ends by itself (no JavaScript ran to say so: out of memory, say) while this
      // thread is free to hear it is marked failed like one that reported, so the next run starts
      // fresh workers instead of waiting for it. A worker this pool ended itself is no longer
      // pooled and changes nothing. The error event also stops Node from ending the process.
      worker.on('error', (e: Error) => {
        pooled.ended = e.message;
      });
      worker.on('exit', () => {
        if (this.workers[index] === pooled) Atomics.store(this.state, FAILED_BASE + index, 1);
      });
      this.workers.push(pooled);
    }
    return this.workers;
  }
}

const IDLE_MS = 5000;
