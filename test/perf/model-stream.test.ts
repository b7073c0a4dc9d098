/**
 * A model streamed into the engine while it is built (PolicyEngine.streamModel, buildModel's sink)
 * is evaluated exactly like the same model loaded whole; a stream that does not hold the evaluated
 * model (two models built into it, another model evaluated, no resources) is dropped and the
 * evaluated model is loaded whole.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeCdktf } from '../../bench/generate';
import { check } from '../../src/check/check';
import { loadConfig } from '../../src/config/load';
import { PolicyEngine, type RawFinding } from '../../src/engine/engine';
import { buildModel } from '../../src/model/build';
import { cdktfRawModel } from '../../src/model/normalize-cdktf';
import { normalizePlan } from '../../src/model/normalize-plan';
import type { NormalizedModel } from '../../src/model/types';
import { WasmRunner } from '../../src/engine/wasm-runner';
import { tempDir } from '../helpers';

/** Whether each evaluation since the spy was set ran on a streamed model. */
function streamedRuns(spy: jest.SpyInstance): boolean[] {
  return spy.mock.calls.map((c) => (c[0] as { streamed?: boolean }).streamed === true);
}

const generatedDoc = (size: number): unknown => {
  const file = path.join(tempDir(), `cdk-${size}.tf.json`);
  writeCdktf(size, file);
  return JSON.parse(readFileSync(file, 'utf8'));
};

const planDoc = (): unknown => JSON.parse(readFileSync(path.join(__dirname, '..', 'parity', 'plan', 'plan.json'), 'utf8'));

const summary = (findings: readonly RawFinding[]): string[] => findings.map((f) => `${f.rule.id} ${f.resource} ${f.unverifiable} ${f.message}`);

describe('a model streamed into the engine while it is built', () => {
  let streaming: PolicyEngine;
  let whole: PolicyEngine;
  beforeAll(async () => {
    streaming = await PolicyEngine.load();
    whole = await PolicyEngine.load();
    for (const e of [streaming, whole]) e.setConfig(loadConfig());
  });
  afterAll(() => {
    streaming.close();
    whole.close();
  });

  let run: jest.SpyInstance;
  beforeEach(() => {
    run = jest.spyOn(WasmRunner.prototype, 'run');
  });
  afterEach(() => run.mockRestore());

  it.each([1, 2])('gives the findings of the model loaded whole (jobs %i), for Terraform JSON and plans', (jobs) => {
    const doc = generatedDoc(400);
    const sink = streaming.streamModel(2e6, { jobs });
    const model = buildModel(cdktfRawModel(doc, 'cdk.tf.json', 'gen'), sink);
    const expected = summary(whole.evaluate(model, { jobs }));
    expect(expected.length).toBeGreaterThan(100);
    expect(summary(streaming.evaluate(model, { jobs }))).toEqual(expected);

    const plan = normalizePlan(planDoc(), 'plan.json', 'plan', streaming.streamModel(1e5, { jobs }));
    const planExpected = summary(whole.evaluate(plan, { jobs }));
    expect(planExpected.length).toBeGreaterThan(5);
    expect(summary(streaming.evaluate(plan, { jobs }))).toEqual(planExpected);
    expect(streamedRuns(run)).toEqual([false, true, false, true]);
  });

  it('falls back to loading the evaluated model whole when the stream does not hold it', () => {
    const a = cdktfRawModel(generatedDoc(60), 'a.tf.json', 'a');
    const bDoc = generatedDoc(90);
    const expect2 = (model: NormalizedModel): void => expect(summary(streaming.evaluate(model, { jobs: 2 }))).toEqual(summary(whole.evaluate(model, { jobs: 2 })));

    // Two models built into one sink: neither is streamed.
    let sink = streaming.streamModel(1e6, { jobs: 2 });
    const first = buildModel(a, sink);
    const second = buildModel(cdktfRawModel(bDoc, 'b.tf.json', 'b'), sink);
    expect2(second);
    expect2(first);

    // A model other than the one streamed is evaluated, then the streamed one (the stream is gone).
    sink = streaming.streamModel(1e6, { jobs: 2 });
    const streamed = buildModel(cdktfRawModel(bDoc, 'b.tf.json', 'b'), sink);
    expect2(first);
    expect2(streamed);

    // A new stream replaces one never evaluated.
    buildModel(cdktfRawModel(bDoc, 'b.tf.json', 'b'), streaming.streamModel(1e6, { jobs: 1 }));
    const latest = buildModel(cdktfRawModel(bDoc, 'b.tf.json', 'b'), streaming.streamModel(1e6, { jobs: 2 }));
    expect2(latest);

    // No resources: nothing was streamed, the model is loaded whole.
    const empty = buildModel(cdktfRawModel({ provider: { aws: [{ region: 'eu-west-1' }] } }, 'e.tf.json', 'e'), streaming.streamModel(10));
    expect2(empty);
    // Each pair: the streaming engine, then the whole one; only `latest` was evaluated from its stream.
    expect(streamedRuns(run).filter((_, i) => i % 2 === 0)).toEqual([false, false, false, false, true, false]);
  });

  it('refuses an invalid size estimate, budget or number of jobs', () => {
    expect(() => streaming.streamModel(-1)).toThrow(/invalid model size estimate/);
    expect(() => streaming.streamModel(Number.NaN)).toThrow(/invalid model size estimate/);
    expect(() => streaming.streamModel(10, { budgetMs: 0 })).toThrow(/invalid evaluation time budget/);
    expect(() => streaming.streamModel(10, { jobs: 0 })).toThrow(/invalid number of evaluation jobs/);
  });
});

describe('check()', () => {
  it('streams a single input file into the engine it loads, and nothing when comparing or given an engine', async () => {
    const spy = jest.spyOn(PolicyEngine.prototype, 'streamModel');
    const run = jest.spyOn(WasmRunner.prototype, 'run');
    try {
      const file = path.join(tempDir(), 'cdk.tf.json');
      writeCdktf(50, file);
      const streamed = await check([file], { today: '2026-12-01' });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(streamedRuns(run)).toEqual([true]);
      const engine = await PolicyEngine.load();
      try {
        const given = await check([file], { today: '2026-12-01', engine });
        expect(given.report.findings).toEqual(streamed.report.findings);
      } finally {
        engine.close();
      }
      const compared = await check([file], { today: '2026-12-01', compareTo: file });
      expect(compared.report.findings).toEqual(streamed.report.findings);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(streamedRuns(run)).toEqual([true, false, false]);
    } finally {
      spy.mockRestore();
      run.mockRestore();
    }
  });
});
