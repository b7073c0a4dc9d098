/**
 * Giving memory back while the evaluation workers run. By the time the model has been sent to
 * the workers, the main thread's heap is mostly garbage (the input text, its parse, the chunks
 * of the model) spread over pages V8 keeps committed; the thread then only waits. A
 * memory-reducing collection at that point returns those pages, which at 50,000 resources is
 * about 100 MiB of the run's peak.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFunction = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

let gc: GcFunction | null | undefined;

/**
 * Runs a full, memory-reducing garbage collection of this thread's heap (V8's last-resort
 * collection: compacts and releases free pages). False when this Node cannot (the collection
 * is only a saving, never required).
 */
export function releaseUnusedHeap(): boolean {
  if (gc === undefined) {
    try {
      // The `gc` function of V8's extension, reached without --expose-gc on the command line:
      // the flag is read when a context is created, so a new context has it.
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as GcFunction;
    } catch {
      gc = null;
    }
  }
  if (!gc) return false;
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return true;
}

/**
 * Models at least this large (their JSON, in bytes) are worth a collection while the workers run:
 * below it, the pages returned are few and the collection's own time is not worth it.
 */
export const RELEASE_HEAP_FROM_BYTES = 32 * 1048576;

/**
 * Whether to collect while the workers run: for a model of RELEASE_HEAP_FROM_BYTES or more, and
 * only when a core is left beside the workers (the collection must not slow the rules down).
 */
export function releaseHeapWhileWaiting(modelBytes: number, workers: number, cores: number = availableParallelism()): boolean {
  return modelBytes >= RELEASE_HEAP_FROM_BYTES && workers < cores;
}
