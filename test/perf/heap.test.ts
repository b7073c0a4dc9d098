/**
 * The collection the engine runs while its workers evaluate a large model: it frees this
 * thread's garbage, and it is asked for only when it is worth it and a core is left for it.
 */
import { RELEASE_HEAP_FROM_BYTES, releaseHeapWhileWaiting, releaseUnusedHeap } from '../../src/engine/heap';

describe('releasing the main thread\'s heap while the workers run', () => {
  it('collects the garbage of this thread', () => {
    let garbage: Array<{ i: number; s: string }> | null = Array.from({ length: 200_000 }, (_, i) => ({ i, s: `${'x'.repeat(64)}${i}` }));
    expect(garbage).toHaveLength(200_000);
    const before = process.memoryUsage().heapUsed;
    garbage = null;
    expect(releaseUnusedHeap()).toBe(true);
    expect(before - process.memoryUsage().heapUsed).toBeGreaterThan(10 * 1048576);
  });

  it('is asked for a large model only, and only with a core beside the workers', () => {
    expect(releaseHeapWhileWaiting(RELEASE_HEAP_FROM_BYTES, 1, 2)).toBe(true);
    expect(releaseHeapWhileWaiting(RELEASE_HEAP_FROM_BYTES - 1, 1, 2)).toBe(false);
    expect(releaseHeapWhileWaiting(RELEASE_HEAP_FROM_BYTES * 4, 2, 2)).toBe(false);
    expect(releaseHeapWhileWaiting(RELEASE_HEAP_FROM_BYTES * 4, 3, 8)).toBe(true);
  });
});
