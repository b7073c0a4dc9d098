/**
 * The evaluation pool and the profile: --jobs is validated, the workers' share of the rules does
 * not change a finding, a profile accounts for every evaluated rule, and the model the wasm gets
 * leaves out only fields no policy names.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { check } from '../../src/check/check';
import { formatProfile, ProfileRecorder, type CheckProfile } from '../../src/check/profile';
import { DEFAULT_WORKER_MEMORY_BUDGET, jobsForMemory, modelData, PolicyEngine } from '../../src/engine/engine';
import { loadInputs } from '../../src/input/load';
import { evaluationView } from '../../src/model/join';
import { referenceOut } from '../helpers';
import { CHUNK_WINDOW, checkJobs, compileWasm, parseJobs, MAX_JOBS, WasmRunner, type ChunkMemory } from '../../src/engine/wasm-runner';
import { EngineError } from '../../src/errors';
import { unreadResourceFields } from '../../src/policy-build/build';
import { runCli, teamLoggingRule, tempDir, writeStack } from '../helpers';
import { writeCdktf } from '../../bench/generate';

const bucketStack = () =>
  writeStack({
    provider: { aws: [{ region: 'eu-west-1' }] },
    resource: { aws_s3_bucket: { b: { bucket: 'crm-exports' } }, aws_db_instance: { db: { engine: 'postgres', storage_encrypted: false, publicly_accessible: true } } },
  });

describe('--jobs', () => {
  it('accepts a whole number from 1 to the maximum and refuses anything else (CLI exit 2, library UsageError)', async () => {
    expect(parseJobs('1')).toBe(1);
    expect(parseJobs(String(MAX_JOBS))).toBe(MAX_JOBS);
    for (const bad of ['0', '-1', '1.5', 'two', '', String(MAX_JOBS + 1)]) expect(() => parseJobs(bad)).toThrow(/invalid --jobs/);
    for (const bad of [0, 1.5, -2, Number.NaN, MAX_JOBS + 1, '2']) expect(() => checkJobs(bad)).toThrow(/invalid number of evaluation jobs/);
    expect(checkJobs(undefined)).toBeGreaterThanOrEqual(1);
    const run = await runCli(['check', bucketStack(), '--jobs', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/invalid --jobs "0"/);
    await expect(check([bucketStack()], { jobs: 0 })).rejects.toThrow(/invalid number of evaluation jobs 0/);
  });

  it('by default starts no more workers than fit the memory budget (each holds the model); an explicit number is obeyed', () => {
    // 10,000 generated resources: an 11 MB model; 50,000: 53 MB.
    expect(jobsForMemory(2, 11e6)).toBe(2);
    expect(jobsForMemory(2, 53e6)).toBe(1);
    expect(jobsForMemory(8, DEFAULT_WORKER_MEMORY_BUDGET / 8 / 3)).toBe(3);
    expect(jobsForMemory(4, 1e12)).toBe(1);
  });

  it('gives the same findings in the same order with 1, 2 and 3 workers', async () => {
    const engine = await PolicyEngine.load();
    try {
      const file = bucketStack();
      const runs = await Promise.all([1, 2, 3].map(async (jobs) => JSON.stringify((await check([file], { engine, jobs, today: '2026-12-01' })).report.findings)));
      expect(JSON.parse(runs[0]).length).toBeGreaterThan(3);
      expect(runs[1]).toBe(runs[0]);
      expect(runs[2]).toBe(runs[0]);
    } finally {
      engine.close();
    }
  });
});

describe('a warm pool', () => {
  it('finds with three workers what one worker finds, evaluation after evaluation, as the model grows and shrinks', async () => {
    const dir = tempDir();
    const big = path.join(dir, 'cdk-1500.tf.json');
    writeCdktf(1500, big);
    const small = bucketStack();
    const one = await PolicyEngine.load();
    const three = await PolicyEngine.load();
    try {
      // One line per finding (a failure shows the lines that differ, not two whole reports).
      const lines = async (input: string, engine: PolicyEngine, jobs: number) =>
        (await check([input], { engine, jobs, today: '2026-12-01' })).report.findings.map((f) => JSON.stringify(f));
      for (const input of [small, big, small, big]) {
        const expected = await lines(input, one, 1);
        expect(expected.length).toBeGreaterThan(3);
        expect(await lines(input, three, 3)).toEqual(expected);
      }
    } finally {
      one.close();
      three.close();
    }
  });
});

describe('check --profile', () => {
  it('accounts for every evaluated rule and every phase; the JSON and the text agree', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'profile.json');
    const run = await runCli(['check', bucketStack(), '--profile', '--profile-output', out, '--jobs', '2', '--skip-rule', 'CRM-CHG-*']);
    expect(run.code).toBe(1);
    const p = JSON.parse(readFileSync(out, 'utf8')) as CheckProfile;
    const { catalog } = await PolicyEngine.load();
    const evaluated = catalog.rules.filter((r) => !r.id.startsWith('CRM-CHG-'));
    expect(p.ruleCount).toBe(evaluated.length);
    expect(p.rules.map((r) => r.id).sort()).toEqual(evaluated.map((r) => r.id).sort());
    expect(p.rules.find((r) => r.id === 'CRM-ENC-004')?.findings).toBe(1);
    expect(p.jobs).toBe(2);
    expect(p.resources).toBe(2);
    for (const phase of ['startup', 'load', 'normalize', 'evaluate', 'report', 'output', 'total'] as const) expect(p.phases[phase]).toBeGreaterThanOrEqual(0);
    expect(p.phases.normalize).toBeGreaterThan(0);
    expect(p.peakRssMiBAfter.evaluate).toBeGreaterThan(0);
    expect(p.families.reduce((n, f) => n + f.rules, 0)).toBe(evaluated.length);
    expect(p.peakRssBytes).toBeGreaterThan(0);
    // Loading the model is part of evaluate.
    expect(p.modelLoadMs).toBeGreaterThan(0);
    expect(p.modelLoadMs).toBeLessThanOrEqual(p.phases.evaluate as number);
    expect(run.stderr).toMatch(/  evaluate: [\d.,]+ ms loading the model into the workers, the rest running the rules\n/);
    // Slowest first.
    for (let i = 1; i < p.rules.length; i++) expect(p.rules[i - 1].ms).toBeGreaterThanOrEqual(p.rules[i].ms);
    expect(run.stderr).toContain(`crm-guard profile: 2 resources in 1 stack, ${evaluated.length} rules, 2 evaluation workers`);
    expect(run.stderr).toContain(`  slowest rules (worker ms, findings):\n    ${p.rules[0].id}`);
    // The report itself is unchanged on stdout.
    expect(run.stdout).toContain('CRM-ENC-004');
  });

  it('sums a rule over the evaluations it took part in and orders ties by name', () => {
    const rec = new ProfileRecorder();
    rec.addTimings([{ ruleId: 'B-1', family: 'ENC', ms: 2, findings: 1 }, { ruleId: 'A-1', family: 'NET', ms: 3, findings: 0 }], 2, 4);
    rec.addTimings([{ ruleId: 'B-1', family: 'ENC', ms: 1, findings: 2 }], 1, 0.5);
    rec.addPhase('load', 5);
    rec.addPhase('load', 1.25);
    const p = rec.result({ resources: 7, stacks: 2 });
    expect(p.jobs).toBe(2);
    expect(p.rules).toEqual([
      { id: 'A-1', family: 'NET', ms: 3, findings: 0 },
      { id: 'B-1', family: 'ENC', ms: 3, findings: 3 },
    ]);
    expect(p.families).toEqual([
      { family: 'ENC', ms: 3, rules: 1 },
      { family: 'NET', ms: 3, rules: 1 },
    ]);
    expect(p.phases).toEqual({ load: 6.3 });
    expect(p.workerMs).toBe(6);
    expect(p.modelLoadMs).toBe(4.5);
    expect(formatProfile(p, 1)).toMatch(/7 resources in 2 stacks, 2 rules, 2 evaluation workers[\s\S]*slowest rules \(worker ms, findings\):\n {4}A-1 +3 +0\n$/);
  });
});

/** Rebuilds the data document from the record stream the workers load (as opa_value_add_path does). */
/** A run's chunks: `bytes` written into the memory the runner gives, as a producer writes them. */
function writtenIn(bytes: Uint8Array): (memory: ChunkMemory) => Uint8Array[] {
  return (memory) => {
    const m = memory(bytes.byteLength);
    m.set(bytes);
    return [m];
  };
}

function replay(chunks: Iterable<Uint8Array>): { doc: Record<string, unknown>; records: number; chunks: number } {
  let doc: Record<string, unknown> = {};
  let records = 0;
  let n = 0;
  for (const c of chunks) {
    n++;
    const view = new DataView(c.buffer, c.byteOffset, c.byteLength);
    for (let at = 0; at < c.byteLength; records++) {
      const pathLen = view.getUint32(at, true);
      const valueLen = view.getUint32(at + 4, true);
      at += 8;
      const value = JSON.parse(Buffer.from(c.subarray(at + pathLen, at + pathLen + valueLen)).toString('utf8')) as unknown;
      if (pathLen === 0) doc = value as Record<string, unknown>;
      else {
        const p = JSON.parse(Buffer.from(c.subarray(at, at + pathLen)).toString('utf8')) as string[];
        let cur = doc;
        for (const k of p.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
        cur[p[p.length - 1]] = value;
      }
      at += pathLen + valueLen;
    }
  }
  return { doc, records, chunks: n };
}

describe('the model the wasm evaluates', () => {
  it('streams as records that rebuild exactly the document (keys in the same order), without unread fields', async () => {
    const models = await loadInputs([await referenceOut()]);
    for (const m of models) {
      const view = evaluationView(m);
      const data = modelData({ a: 1 }, view, ['origin']);
      const { doc, records } = replay(data.chunks());
      const expected = JSON.parse(JSON.stringify({ config: { a: 1 }, model: view })) as { model: { resources: Record<string, Record<string, unknown>> } };
      for (const r of Object.values(expected.model.resources)) delete r.origin;
      expect(JSON.stringify(doc)).toBe(JSON.stringify(expected));
      expect(records).toBeGreaterThan(Object.keys(view.resources).length);
      // The size estimate (for sizing wasm memory) is close to the real size.
      const real = Buffer.byteLength(JSON.stringify(expected));
      expect(data.bytes).toBeGreaterThan(real * 0.5);
      expect(data.bytes).toBeLessThan(real * 2);
    }
  });

  it('is refused, never half-loaded, when a chunk ends inside a record or a record is not JSON', () => {
    const bundleDir = path.join(__dirname, '..', '..', 'bundle');
    const catalog = JSON.parse(readFileSync(path.join(bundleDir, 'catalog.json'), 'utf8')) as { entrypoints: string[] };
    const wasmFile = path.join(bundleDir, 'policy.wasm');
    const record = (p: string, v: string): Buffer => {
      const head = Buffer.alloc(8);
      head.writeUInt32LE(Buffer.byteLength(p), 0);
      head.writeUInt32LE(Buffer.byteLength(v), 4);
      return Buffer.concat([head, Buffer.from(p), Buffer.from(v)]);
    };
    const whole = Buffer.concat([record('', '{"config":{},"model":{"resources":{}}}'), record('["model","resources","a"]', '{"address":"a"}')]);
    const load = (chunk: Buffer): void => {
      const runner = new WasmRunner(compileWasm(readFileSync(wasmFile), wasmFile), 1024, wasmFile, 64, () => undefined);
      try {
        runner.run({ chunks: writtenIn(chunk), entrypoints: catalog.entrypoints.slice(0, 1), pages: 64, modelBytes: chunk.length, budgetMs: 60_000, jobs: 1, source: 'model.json', releaseHeapWhileWaiting: false });
      } finally {
        runner.stop();
      }
    };
    expect(() => load(whole)).not.toThrow();
    // The second record's value cut short by 3 bytes, and a chunk ending inside a record's lengths.
    expect(() => load(whole.subarray(0, whole.length - 3))).toThrow(/cannot load the model into the policy engine: truncated model record/);
    expect(() => load(whole.subarray(0, record('', '{"config":{},"model":{"resources":{}}}').length + 5))).toThrow(/truncated model record/);
    expect(() => load(record('', '{"config":'))).toThrow(/cannot load the model into the policy engine: failed to parse json value/);
  });

  it('cuts the stream into a small first chunk, then chunks of about 1 MiB, a record larger than that in a chunk of its own', () => {
    const big = 'x'.repeat(3 << 20);
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) resources[`aws_s3_bucket.b${i}`] = { address: `aws_s3_bucket.b${i}`, values: { bucket: `b${i}`, note: i === 1500 ? big : 'y'.repeat(500) } };
    const { doc, chunks } = replay(modelData({}, { version: 1, resources } as unknown as Parameters<typeof modelData>[1], []).chunks());
    expect(Object.keys((doc.model as { resources: object }).resources)).toHaveLength(3000);
    // 128 KiB of records (the first worker starts parsing sooner), ~0.7 MB, then the 3 MB one alone
    // (it does not fit beside them), then the rest.
    expect(chunks).toBe(4);
  });

  it.each([1, 2])('streams a model of many chunks through a few reused shared buffers (%i workers), loaded whole', (jobs) => {
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < 15000; i++) resources[`aws_s3_bucket.b${i}`] = { address: `aws_s3_bucket.b${i}`, mode: 'managed', type: 'aws_s3_bucket', values: { bucket: `b${i}`, note: 'y'.repeat(3000) } };
    const by_type = { aws_s3_bucket: Object.keys(resources) };
    const data = modelData({}, { version: 1, resources, by_type } as unknown as Parameters<typeof modelData>[1], []);
    const bundleDir = path.join(__dirname, '..', '..', 'bundle');
    const wasmFile = path.join(bundleDir, 'policy.wasm');
    const buffers = new Set<ArrayBufferLike>();
    let chunks = 0;
    const runner = new WasmRunner(compileWasm(readFileSync(wasmFile), wasmFile), 65536, wasmFile, 64, () => undefined);
    try {
      const { sets } = runner.run({
        chunks: (memory) =>
          data.chunks((bytes) => {
            const m = memory(bytes);
            buffers.add(m.buffer);
            chunks++;
            return m;
          }),
        // A rule over every bucket: each one must have been loaded for the finding count to hold.
        entrypoints: ['crm/entry/rule_backup_dr_s3_versioning'],
        pages: Math.ceil((data.bytes * 8) / 65536),
        modelBytes: data.bytes,
        budgetMs: 120_000,
        jobs,
        source: 'model.json',
        releaseHeapWhileWaiting: false,
      });
      // No more buffers than a worker may have queued (CHUNK_WINDOW, and the one it reads), the one
      // completed but not sent yet and the one being written: each is reused. The small first
      // chunk's buffer is one more (no later chunk has its size).
      expect(chunks).toBeGreaterThan(2 * (CHUNK_WINDOW + 3));
      expect(buffers.size).toBeLessThanOrEqual(CHUNK_WINDOW + 4);
      expect((sets[0] as Array<{ result: unknown[] }>)[0].result).toHaveLength(15000);
    } finally {
      runner.stop();
    }
  });

  function policies(files: Record<string, string>): string {
    const dir = tempDir();
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }

  it('leaves out `origin` only when no source names it (calling a function named origin does not count)', () => {
    expect(unreadResourceFields(path.join(__dirname, '..', '..', 'policies'))).toEqual(['origin']);
    expect(unreadResourceFields(policies({ 'a/x.rego': 'package a\nf(p) := iam.origin(p)\n' }))).toEqual(['origin']);
    expect(unreadResourceFields(policies({ 'a/x.rego': 'package a\nf(r) := r.origin.file\n' }))).toEqual([]);
    expect(unreadResourceFields(policies({ 'a/x.rego': 'package a\nf(r) := object.get(r, "origin", {})\n' }))).toEqual([]);
    // Tests are not bundle sources.
    expect(unreadResourceFields(policies({ 'a/x.rego': 'package a\n', 'a/x_test.rego': 'package a\nt(r) := r.origin\n' }))).toEqual(['origin']);
  });

  it('a team rule that reads origin sees it (its bundle keeps the field)', async () => {
    const dir = policies({
      'logging/acme_origin.rego': teamLoggingRule({
        name: 'acme_origin',
        id: 'ACME-LOG-003',
        title: 'Origin is visible',
        description: 'Reports the file each bucket was read from.',
        remediation: 'Nothing to fix; this rule only shows the field.',
        body: `deny contains tf.finding(b, concat(" ", ["from", b.origin.file])) if {
	some b in tf.resources("aws_s3_bucket")
}
`,
      }),
    });
    const file = bucketStack();
    const { report } = await check([file], { policies: [dir], rules: { include: ['ACME-*'] } });
    expect(report.findings.map((f) => f.message)).toEqual([`from ${file}`]);
  });
});

describe('a worker that fails outside its error handling', () => {
  // A stand-in for the OPA wasm SDK: it boots like the real one, then fails in a way the worker's
  // own error handling cannot report (an exception escaping it), either when the model starts to
  // load or on its own right after booting, before any request reaches it. The run must end at once with that reason, not wait
  // out its time budget for a reply that never comes (without the worker's report, each run here
  // would end after its 20 s budget with the time-budget error instead).
  const fakeSdk = (when: 'begin' | 'idle'): string => {
    const file = path.join(tempDir(), 'fake-opa-wasm.js');
    writeFileSync(
      file,
      `'use strict';
const escaping = (why) => { const e = new Error('unreadable'); Object.defineProperty(e, 'message', { get() { throw new Error(why); } }); return e; };
exports.loadPolicySync = () => {
  ${when === 'idle' ? "process.nextTick(() => { throw new Error('fake SDK failure while idle'); });" : ''}
  return {
    baseHeapPtr: 0,
    minorVersion: 2,
    entrypoints: { 'crm/entry/x': 0 },
    mem: { buffer: new ArrayBuffer(64 * 65536) },
    wasmInstance: { exports: { opa_heap_ptr_set() { ${when === 'begin' ? "throw escaping('fake SDK failure when the model loads');" : ''} } } },
  };
};
`,
    );
    return file;
  };
  const wasmFile = path.join(__dirname, '..', '..', 'bundle', 'policy.wasm');
  const request = () => ({ chunks: writtenIn(Buffer.alloc(8)), entrypoints: ['crm/entry/x'], pages: 64, modelBytes: 8, budgetMs: 20_000, jobs: 1, source: 'model.json', releaseHeapWhileWaiting: false });

  it.each([
    ['when the model starts to load', 'begin', /a policy engine worker failed: fake SDK failure when the model loads/],
    ['while the pool is idle', 'idle', /a policy engine worker failed: fake SDK failure while idle/],
  ] as const)('%s: the run is an engine error with its reason at once, and so is the next run (fresh workers)', (_, when, reason) => {
    const runner = new WasmRunner(compileWasm(readFileSync(wasmFile), wasmFile), 1024, wasmFile, 64, () => undefined, fakeSdk(when));
    try {
      runner.prestart(1);
      for (let run = 0; run < 2; run++) {
        let error: unknown;
        try {
          runner.run(request());
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(EngineError);
        expect((error as EngineError).message).toMatch(reason);
        expect((error as EngineError).file).toBe('model.json');
      }
    } finally {
      runner.stop();
    }
  });
});
