/**
 * The runbook's step dependencies (src/drill/runbook.ts dependencyLists) come from an index of the
 * steps by resource, each list computed once: a data-corruption drill over 10,000 generated
 * resources (thousands of restore steps) took 150 s comparing every step with every other, now
 * under a second. The lists are the ones the pairwise definition gives, on drills of any shape.
 */
import * as path from 'node:path';
import { ORDER, type StepDraft } from '../../src/drill/context';
import { drill } from '../../src/drill/drill';
import { dependencyLists, type Numbered } from '../../src/drill/runbook';
import { writeCdktf } from '../../bench/generate';
import { tempDir } from '../helpers';

const BEFORE_SERVING = new Set<number>([ORDER.fence, ORDER.secrets, ORDER.data - 1, ORDER.data, ORDER.repoint, ORDER.queues, ORDER.compute]);

/** The definition as it was written before the index: every step against every other. */
function pairwise(x: Numbered, all: readonly Numbered[]): number[] {
  const d = x.draft;
  if (d.phase === 'prerequisite' || d.automatic) return [];
  const declare = all.find((y) => y.draft.phase === 'failover' && y.draft.order === ORDER.declare);
  if (d.phase === 'failover' && d.order === ORDER.declare) return [];
  const out = new Set<number>();
  const sharing = (y: Numbered): boolean => y.n < x.n && y.draft.order < d.order && [...y.keys].some((k) => x.keys.has(k));
  if (d.phase === 'failover') {
    if (declare) out.add(declare.n);
    for (const y of all) if (y.draft.phase === 'failover' && y.draft.order !== ORDER.declare && sharing(y)) out.add(y.n);
    if (d.order === ORDER.traffic) for (const y of all) if (y.draft.phase === 'failover' && BEFORE_SERVING.has(y.draft.order)) out.add(y.n);
  } else if (d.phase === 'validate') {
    const failover = all.filter((y) => y.draft.phase === 'failover');
    const waitedFor = new Set(failover.flatMap((y) => pairwise(y, all)));
    for (const y of failover) if (!waitedFor.has(y.n)) out.add(y.n);
  } else {
    for (const y of all) if (y.draft.phase === 'validate') out.add(y.n);
    for (const y of all) if ((y.draft.phase === 'failover' || y.draft.phase === 're-protect') && sharing(y)) out.add(y.n);
  }
  out.delete(x.n);
  return [...out].sort((a, b) => a - b);
}

/** A deterministic pseudo-random runbook of `n` steps over `pool` resources. */
function runbook(n: number, pool: number, seed: number): Numbered[] {
  let state = seed;
  const rand = (k: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % k;
  };
  const phases: StepDraft['phase'][] = ['prerequisite', 'failover', 'failover', 'failover', 'validate', 're-protect'];
  const orders = Object.values(ORDER);
  const steps: Numbered[] = [];
  for (let i = 0; i < n; i++) {
    const phase = phases[rand(phases.length)];
    const order = phase === 'validate' ? ORDER.validate : phase === 're-protect' ? ORDER.reprotect : orders[rand(orders.length)];
    const keys = new Set(Array.from({ length: rand(4) }, () => `r${rand(pool)}`));
    const draft = { phase, order, action: `step ${i}`, resources: [], estimate: [], ...(rand(5) === 0 ? { automatic: true } : {}) } as StepDraft;
    steps.push({ n: i + 1, draft, keys });
  }
  return steps;
}

describe('runbook dependencies', () => {
  it.each([
    [40, 10, 1],
    [200, 30, 7],
    [300, 300, 11],
    [120, 3, 42],
  ])('%i steps over %i resources (seed %i): the lists the pairwise definition gives', (n, pool, seed) => {
    const steps = runbook(n, pool, seed);
    const lists = dependencyLists(steps);
    expect(lists).toEqual(steps.map((x) => pairwise(x, steps)));
    // Not trivially equal: steps wait for shared resources, the declaration and validation.
    expect(lists.filter((l) => l.length > 1).length).toBeGreaterThan(n / 10);
  });

  it('a data-corruption drill over 3,000 generated resources: a restore step per data store, each waiting for the declaration', async () => {
    const file = path.join(tempDir(), 'cdk.tf.json');
    writeCdktf(3000, file);
    const { report } = await drill([file], { lose: 'data:corruption', config: { drill: { targets: { rpo: '7d', rto: '7d' } } } });
    const declare = report.runbook.find((s) => s.phase === 'failover' && s.dependsOn.length === 0 && /^Declare a data-corruption/.test(s.action));
    expect(declare).toBeDefined();
    const restores = report.runbook.filter((s) => s.phase === 'failover' && s !== declare);
    expect(restores.length).toBeGreaterThan(100);
    for (const s of restores) if (s.dependsOn.length > 0) expect(s.dependsOn).toContain(declare?.step);
    const validate = report.runbook.filter((s) => s.phase === 'validate');
    expect(validate.length).toBeGreaterThan(0);
    for (const s of report.runbook) expect(s.dependsOn.every((d) => d < s.step || s.phase === 'validate')).toBe(true);
  });
});
