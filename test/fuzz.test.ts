/**
 * The bounded fuzz run inside `npm test` (fuzz/fuzz.ts): mutated CDKTF JSON, plan JSON and HCL
 * must end in a result or a typed error, never hang, and conserve every defined resource. A fixed
 * seed keeps the run reproducible; `npm run fuzz -- --runs N` runs longer with fresh seeds.
 */
import * as path from 'node:path';
import { repositorySeeds, runFuzz } from '../fuzz/fuzz';

describe('fuzz (bounded)', () => {
  it('finds no untyped exception, hang or conservation violation in 5,000 cases', async () => {
    const stats = await runFuzz({ runs: 5000, seed: 16, evaluateEvery: 30, ...repositorySeeds(path.join(__dirname, '..')) });
    expect(stats.cases).toBe(5000);
    expect(stats.untyped).toEqual([]);
    expect(stats.hangs).toEqual([]);
    expect(stats.conservation).toEqual([]);
    // The mutations reach both outcomes: loaded inputs (and evaluations) and refused ones.
    expect(stats.loaded).toBeGreaterThan(0);
    expect(stats.evaluated).toBeGreaterThan(0);
    expect(stats.inputErrors).toBeGreaterThan(0);
  }, 120_000);
});
