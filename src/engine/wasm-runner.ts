/**
 * Runs a policy's wasm evaluations on a worker thread, so an evaluation that never finishes (a
 * policy bug, an engine bug, a hostile input) can be stopped: the caller waits synchronously
 * (Atomics.wait) up to a time budget, and on expiry the worker is terminated and the run is an
 * engine error naming the entrypoint that was running. The API stays synchronous because the
 * CDKTF synth-time guard evaluates inside CDKTF's synchronous validation.
 *
 * The worker's source is inline JavaScript (not a compiled module file), so it runs the same from
 * `dist/` and under the test runner's on-the-fly TypeScript.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { EngineError } from '../errors';

/** Shared state: [0] = reply ready (0/1), [1] = index of the entrypoint being evaluated. */
const READY = 0;
const CURRENT = 1;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { loadPolicySync } = require(workerData.sdk);
const state = new Int32Array(workerData.shared);
const port = workerData.port;
const EMPTY_INPUT = new TextEncoder().encode('{}').buffer;
let policy;
function text(e) {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  try { return JSON.stringify(e); } catch { return String(e); }
}
port.on('message', (msg) => {
  let reply;
  try {
    if (!policy || policy.mem.buffer.byteLength < msg.pages * 65536) {
      policy = undefined;
      policy = loadPolicySync(workerData.wasm, { initial: msg.pages, maximum: workerData.maxPages });
    }
    policy.setData(msg.data);
    const results = [];
    for (let i = 0; i < msg.entrypoints.length; i++) {
      Atomics.store(state, ${CURRENT}, i);
      results.push(JSON.stringify(policy.evaluate(EMPTY_INPUT, msg.entrypoints[i])));
    }
    reply = { results };
  } catch (e) {
    reply = { error: text(e), at: Atomics.load(state, ${CURRENT}) };
  }
  port.postMessage(reply);
  Atomics.store(state, ${READY}, 1);
  Atomics.notify(state, ${READY});
});
`;

/** A compiled `WebAssembly.Module` (this compilation has no DOM/WebAssembly typings). */
export type CompiledWasm = { readonly __compiledWasm: unique symbol };

/** Compiles wasm bytes once; EngineError when they are not a valid module. */
export function compileWasm(bytes: Buffer, file: string): CompiledWasm {
  const wasmApi = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => CompiledWasm } }).WebAssembly;
  try {
    return new wasmApi.Module(bytes);
  } catch (e) {
    throw new EngineError(`cannot compile policy.wasm: ${(e as Error).message}`, { file });
  }
}

export interface EvaluationRequest {
  /** `{"config":…,"model":…}` as UTF-8 JSON: set once as the policy's data. */
  data: Buffer;
  entrypoints: readonly string[];
  /** Initial wasm memory, in 64 KiB pages. */
  pages: number;
  /** Wall-clock budget for the whole request, in milliseconds. */
  budgetMs: number;
  /** For messages: the file the model came from. */
  source: string;
}

type Reply = { results: string[] } | { error: string; at: number };

export class WasmRunner {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly state = new Int32Array(new SharedArrayBuffer(8));

  private idle: NodeJS.Timeout | undefined;

  constructor(
    /** Compiled once; a compiled module is shared with the worker, not recompiled there. */
    private readonly wasm: CompiledWasm,
    private readonly maxPages: number,
    private readonly wasmFile: string,
  ) {}

  /** Result sets (parsed JSON), one per entrypoint; EngineError on failure or an exhausted budget. */
  run(req: EvaluationRequest): unknown[] {
    if (this.idle) clearTimeout(this.idle);
    const port = this.ensureWorker();
    Atomics.store(this.state, READY, 0);
    Atomics.store(this.state, CURRENT, -1);
    const data = req.data.buffer.slice(req.data.byteOffset, req.data.byteOffset + req.data.byteLength) as ArrayBuffer;
    port.postMessage({ data, entrypoints: req.entrypoints, pages: req.pages }, [data]);
    const waited = Atomics.wait(this.state, READY, 0, req.budgetMs);
    if (waited === 'timed-out') {
      const at = Atomics.load(this.state, CURRENT);
      this.stop();
      const where = at >= 0 ? `${req.entrypoints[at]} (rule family ${familyOf(req.entrypoints[at])})` : 'loading the model into the engine';
      throw new EngineError(`policy evaluation did not finish within its time budget of ${req.budgetMs} ms: ${where}`, {
        file: req.source,
        hint: 'a policy that does not terminate on this input; raise the budget with --time-budget (library: evaluationBudgetMs) only if the input is genuinely that large',
      });
    }
    const msg = receiveMessageOnPort(port)?.message as Reply | undefined;
    if (!msg) {
      this.stop();
      throw new EngineError('the policy engine worker stopped without a result', { file: req.source });
    }
    if ('error' in msg) {
      if (msg.at < 0) throw new EngineError(`cannot load the model into the policy engine: ${msg.error}`, { file: req.source });
      throw new EngineError(`policy evaluation failed (${req.entrypoints[msg.at]}): ${msg.error}`, { file: req.source });
    }
    // A warm worker serves the next evaluation; an idle one ends (long-lived hosts create many engines).
    this.idle = setTimeout(() => this.stop(), IDLE_MS);
    this.idle.unref();
    return msg.results.map((r) => JSON.parse(r) as unknown);
  }

  /** Ends the worker (the next run starts a fresh one). */
  stop(): void {
    const w = this.worker;
    this.worker = undefined;
    this.port?.close();
    this.port = undefined;
    if (w) void w.terminate();
  }

  private ensureWorker(): MessagePort {
    if (this.worker && this.port) return this.port;
    const { port1, port2 } = new MessageChannel();
    let sdk: string;
    try {
      sdk = require.resolve('@open-policy-agent/opa-wasm');
    } catch (e) {
      throw new EngineError(`cannot find the OPA wasm SDK: ${(e as Error).message}`, { file: this.wasmFile });
    }
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { sdk, wasm: this.wasm, maxPages: this.maxPages, shared: this.state.buffer, port: port2 },
      transferList: [port2],
    });
    // The worker never keeps the process alive; a run waits for it explicitly.
    this.worker.unref();
    port1.unref();
    this.port = port1;
    return port1;
  }
}

const IDLE_MS = 5000;

/** `crm/entry/logging` → `logging`. */
function familyOf(entrypoint: string): string {
  return entrypoint.slice(entrypoint.lastIndexOf('/') + 1);
}
