/**
 * HCL's own expression parser (hcl2json's `getExpressionAst`, Go compiled to wasm, async by
 * construction) called synchronously: on a worker thread, the calling thread blocked until the
 * answers arrive. For code that must stay synchronous, such as the synth-time guard, which
 * validates constructs inside `app.synth()`, and shares the CDKTF normalizer with `check`.
 *
 * The thread is kept for the next call (its wasm takes a quarter of a second to start: a CDKTF app
 * asks once per stack, the guard once per validated stack) and ended after a few idle seconds; it
 * never keeps the process alive.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ExprNode } from '../model/hcl-expr';

/** Longest wait for the parser thread (its wasm starts in well under a second). */
const PARSE_WAIT_MS = 120_000;
/** An idle parser thread ends after this long. */
const IDLE_MS = 5000;

const PARSER_SOURCE = `
const { workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.shared);
const port = workerData.port;
let api;
let bootError;
try {
  api = require(workerData.module);
} catch (e) {
  bootError = String(e && e.message ? e.message : e);
}
const done = (message) => {
  port.postMessage(message);
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
};
port.on('message', (expressions) => {
  if (bootError !== undefined) return done({ error: bootError });
  (async () => {
    const asts = [];
    for (const e of expressions) {
      let ast = null;
      try {
        ast = (await api.getExpressionAst('expression.tf', e)) ?? null;
      } catch {
        ast = null; // HCL rejects it: the value stays as written
      }
      asts.push([e, ast]);
    }
    return asts;
  })().then((asts) => done({ asts }), (e) => done({ error: String(e && e.message ? e.message : e) }));
});
`;

interface ParserThread {
  worker: Worker;
  port: MessagePort;
  state: Int32Array;
  idle?: NodeJS.Timeout;
}

let thread: ParserThread | undefined;

function parserThread(): ParserThread {
  if (thread) return thread;
  const state = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(PARSER_SOURCE, {
    eval: true,
    workerData: { module: require.resolve('@cdktn/hcl2json'), shared: state.buffer, port: port2 },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  const t: ParserThread = { worker, port: port1, state };
  worker.on('error', () => undefined);
  worker.on('exit', () => {
    if (thread === t) thread = undefined;
  });
  thread = t;
  return t;
}

function endThread(t: ParserThread): void {
  if (thread === t) thread = undefined;
  if (t.idle) clearTimeout(t.idle);
  t.port.close();
  void t.worker.terminate();
}

/**
 * The AST of each expression (null for one HCL rejects). Throws when the parser thread cannot
 * answer (it did not start, failed, or ran out of time): the caller keeps its values as written.
 */
export function parseExpressionsSync(expressions: readonly string[]): Map<string, ExprNode | null> {
  if (expressions.length === 0) return new Map();
  const t = parserThread();
  if (t.idle) clearTimeout(t.idle);
  Atomics.store(t.state, 0, 0);
  t.port.postMessage([...expressions]);
  let message: { asts?: [string, ExprNode | null][]; error?: string } | undefined;
  try {
    Atomics.wait(t.state, 0, 0, PARSE_WAIT_MS);
    message = receiveMessageOnPort(t.port)?.message as typeof message;
  } catch (e) {
    endThread(t);
    throw e;
  }
  if (!message?.asts) {
    endThread(t);
    throw new Error(`the HCL expression parser did not answer${message?.error ? `: ${message.error}` : ''}`);
  }
  t.idle = setTimeout(() => endThread(t), IDLE_MS);
  t.idle.unref();
  return new Map(message.asts);
}
