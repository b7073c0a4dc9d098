/**
 * HCL's own expression parser (hcl2json's `getExpressionAst`, Go compiled to wasm, async by
 * construction) called synchronously: on a worker thread, the calling thread blocked until the
 * answers arrive. For code that must stay synchronous, such as the synth-time guard, which
 * validates constructs inside `app.synth()`, and shares the CDKTF normalizer with `check`.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ExprNode } from '../model/hcl-expr';

/** Longest wait for the parser thread (its wasm starts in well under a second). */
const PARSE_WAIT_MS = 120_000;

const PARSER_SOURCE = `
const { workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.shared);
const done = (message) => {
  workerData.port.postMessage(message);
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
};
(async () => {
  const api = require(workerData.module);
  const asts = [];
  for (const e of workerData.expressions) {
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
`;

/**
 * The AST of each expression (null for one HCL rejects). Throws when the parser thread cannot
 * answer (it did not start, failed, or ran out of time): the caller keeps its values as written.
 */
export function parseExpressionsSync(expressions: readonly string[]): Map<string, ExprNode | null> {
  if (expressions.length === 0) return new Map();
  const state = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(PARSER_SOURCE, {
    eval: true,
    workerData: { expressions: [...expressions], module: require.resolve('@cdktn/hcl2json'), shared: state.buffer, port: port2 },
    transferList: [port2],
  });
  worker.unref();
  worker.on('error', () => undefined);
  try {
    Atomics.wait(state, 0, 0, PARSE_WAIT_MS);
    const message = receiveMessageOnPort(port1)?.message as { asts?: [string, ExprNode | null][]; error?: string } | undefined;
    if (!message?.asts) throw new Error(`the HCL expression parser did not answer${message?.error ? `: ${message.error}` : ''}`);
    return new Map(message.asts);
  } finally {
    port1.close();
    void worker.terminate();
  }
}
