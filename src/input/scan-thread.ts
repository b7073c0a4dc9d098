/**
 * The scan every JSON text gets (json-keys.ts scanJsonText: nesting bounded, names counted, block
 * lines recorded), run on a helper thread for large texts while this thread runs JSON.parse on the
 * same text: the second core is idle while the input is read. The helper reads the text's UTF-8
 * from shared memory (scanJsonBytes), never a copy of the string. The result is the one
 * scanJsonText gives on this thread, always: a helper that has not booted yet, fails, or does not
 * answer in time only costs the overlap (the text is then scanned here), and any error of the
 * scan (a document nested too deep) is reproduced by scanning here, so it is thrown exactly as
 * before.
 */
import { statSync } from 'node:fs';
import { getCompileCacheDir } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { scanJsonBytes, scanJsonText, type JsonTextScan } from './json-keys';

/** Texts shorter than this are scanned on the calling thread, first (handing them over would cost more than the scan). */
export const OFF_THREAD_SCAN_MIN_CHARS = 1 << 20;
/** A helper idle this long ends (it is started again for the next large text). */
const IDLE_MS = 2000;
/** How long a scan may take on the helper before the text is scanned here instead: far beyond any real scan. */
const SCAN_WAIT_MS = 10_000;

/** Control words: the helper has booted; the helper has answered the scan in flight. */
const BOOTED = 0;
const DONE = 1;

const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
if (workerData.compileCache) require('node:module').enableCompileCache(workerData.compileCache);
const { scanJsonBytes } = require(workerData.module);
const state = new Int32Array(workerData.state);
const port = workerData.port;
port.on('message', ({ buffer, offset, length, file }) => {
  let reply;
  try {
    const scan = scanJsonBytes(new Uint8Array(buffer, offset, length), file);
    reply = { names: scan.names, blockLines: [...scan.blockLines], planLines: [...scan.planLines] };
  } catch {
    // Scanned again on the calling thread, which throws the same error itself.
    reply = { failed: true };
  }
  port.postMessage(reply);
  Atomics.store(state, ${DONE}, 1);
  Atomics.notify(state, ${DONE});
});
Atomics.store(state, ${BOOTED}, 1);
`;

type Reply = { names: number; blockLines: Array<[string, number]>; planLines: Array<[string, number]> } | { failed: true };

interface Helper {
  worker: Worker;
  port: MessagePort;
  state: Int32Array;
  /** A scan was handed over and its result not taken yet. */
  busy: boolean;
  idle?: NodeJS.Timeout;
}

let helper: Helper | undefined;

/**
 * The module the helper loads scanJsonBytes from: the compiled json-keys beside this file. Tests
 * that run this file from its TypeScript source point it at the build.
 */
let scanModule: string | undefined;

/** Sets the module the helper thread loads scanJsonBytes from (undefined: the compiled one beside this file). */
export function setScanThreadModule(file: string | undefined): void {
  stopScanThread();
  scanModule = file;
}

/** Scans answered by a helper thread so far, in this process (for tests and diagnostics). */
let answered = 0;

/** How many scans a helper thread has answered in this process. */
export function offThreadScans(): number {
  return answered;
}

/** True once the helper thread, if one is started, has booted (for tests: a scan handed over now runs there). */
export function scanThreadReady(): boolean {
  return helper !== undefined && Atomics.load(helper.state, BOOTED) === 1;
}

/**
 * Starts the helper thread now when one of `paths` is a file large enough to be scanned there, so
 * it boots while the caller gets ready to read it. Paths that cannot be read are left to the loader.
 */
export function prestartScanThreadFor(paths: readonly string[]): void {
  const large = paths.some((p) => {
    try {
      const st = statSync(p, { throwIfNoEntry: false });
      return st !== undefined && st.isFile() && st.size >= OFF_THREAD_SCAN_MIN_CHARS;
    } catch {
      return false;
    }
  });
  if (!large) return;
  try {
    // Ends by itself if no scan comes (the caller failed before reading, say).
    armIdleTimer(ensureHelper());
  } catch {
    // No helper: large texts are scanned on the calling thread.
  }
}

/** Ends the helper thread, if any (it also ends by itself once idle). */
export function stopScanThread(): void {
  const h = helper;
  helper = undefined;
  if (!h) return;
  if (h.idle) clearTimeout(h.idle);
  h.port.close();
  void h.worker.terminate();
}

function ensureHelper(): Helper {
  if (helper) {
    if (helper.idle) clearTimeout(helper.idle);
    return helper;
  }
  const state = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(HELPER_SOURCE, {
    eval: true,
    workerData: { module: scanModule ?? require.resolve('./json-keys'), compileCache: getCompileCacheDir(), state: state.buffer, port: port2 },
    transferList: [port2],
  });
  // The helper never keeps the process alive, and its failure is never the run's: a helper that
  // ends is dropped, and the next large text gets a new one.
  worker.unref();
  port1.unref();
  const ended = (): void => {
    if (helper?.worker === worker) helper = undefined;
  };
  worker.on('error', ended);
  worker.on('exit', ended);
  helper = { worker, port: port1, state, busy: false };
  return helper;
}

/**
 * Starts the scan of `text` and returns how to take it, to be called once JSON.parse has read the
 * text (before a second scan is started). A small text is scanned now, on this thread, as before.
 * A large one's UTF-8 is written into shared memory, where the helper reads it (a string would be
 * copied on its way there, and again into the helper's heap).
 */
export function startJsonTextScan(text: string, file: string): () => JsonTextScan {
  if (text.length < OFF_THREAD_SCAN_MIN_CHARS) {
    const scan = scanJsonText(text, file);
    return () => scan;
  }
  const bytes = sharedUtf8(text);
  let h: Helper | undefined;
  try {
    h = ensureHelper();
  } catch {
    h = undefined;
  }
  if (!h || h.busy) return () => scanJsonBytes(bytes, file);
  const handed = h;
  handed.busy = true;
  Atomics.store(handed.state, DONE, 0);
  handed.port.postMessage({ buffer: bytes.buffer, offset: bytes.byteOffset, length: bytes.byteLength, file });
  return () => {
    handed.busy = false;
    const scan = helperScan(handed);
    if (helper === handed) armIdleTimer(handed);
    return scan ?? scanJsonBytes(bytes, file);
  };
}

/** The UTF-8 of `text` in shared memory. */
function sharedUtf8(text: string): Uint8Array {
  const bytes = Buffer.from(new SharedArrayBuffer(Buffer.byteLength(text, 'utf8')));
  bytes.write(text, 'utf8');
  return bytes;
}

function armIdleTimer(h: Helper): void {
  if (h.idle) clearTimeout(h.idle);
  h.idle = setTimeout(() => {
    if (helper === h) stopScanThread();
  }, IDLE_MS);
  h.idle.unref();
}

/** The helper's scan; undefined when it had not booted, failed, or did not answer in time. */
function helperScan(h: Helper): JsonTextScan | undefined {
  // Not booted yet: waiting for its boot and its scan would take longer than scanning here.
  if (Atomics.load(h.state, BOOTED) !== 1) {
    if (helper === h) stopScanThread();
    return undefined;
  }
  const deadline = performance.now() + SCAN_WAIT_MS;
  while (Atomics.load(h.state, DONE) !== 1) {
    const left = deadline - performance.now();
    if (left <= 0) {
      if (helper === h) stopScanThread();
      return undefined;
    }
    Atomics.wait(h.state, DONE, 0, left);
  }
  const reply = receiveMessageOnPort(h.port)?.message as Reply | undefined;
  if (!reply || 'failed' in reply) return undefined;
  answered++;
  return { names: reply.names, blockLines: new Map(reply.blockLines), planLines: new Map(reply.planLines) };
}
