/**
 * crm-guard benchmark harness (not a test: nothing here asserts on timing).
 *
 *   npm run bench                          # sizes 1000, 10000, 50000
 *   npm run -s build && node --expose-gc dist/bench/bench.js --sizes 1000,10000
 *
 * The parent process generates one synthetic CDKTF stack per size (bench/generate.ts) into a
 * temp directory, then measures each size in a fresh child process
 * (`node --expose-gc dist/bench/bench.js --size N --file F`) so every size reports its own peak
 * RSS. Generation happens in the parent so the child's peak RSS covers only what `check` does:
 * load the engine, read + parse + normalize the stack, evaluate it.
 *
 * In the child: the engine is loaded and warmed on a tiny model first (a real run keeps the
 * instance warm); then, timed: read + JSON.parse + normalize, and engine.evaluate (repeated:
 * best and median reported). Results go to the parent as one JSON line on stdout.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load';
import { PolicyEngine, type RawFinding } from '../src/engine/engine';
import { parseTerraformJson } from '../src/input/read-json';
import { normalizeCdktf } from '../src/model/normalize-cdktf';
import type { NormalizedModel } from '../src/model/types';
import { generateCdktf, writeCdktf, type WrittenStack } from './generate';

const RESULT_PREFIX = 'CRM_GUARD_BENCH_RESULT ';
const DEFAULT_SIZES = [1000, 10000, 50000];
/** Stop repeating warm evaluations once this much time went into them (keeps the 50k run short). */
const EVALUATE_BUDGET_MS = 30_000;

interface GcStats {
  count: number;
  /** Of which mark-compact (full) collections. */
  major: number;
  ms: number;
}

interface ChildResult {
  size: number;
  file: string;
  resources: number;
  inputBytes: number;
  /** Bytes of JSON.stringify(model): what engine.evaluate copies into wasm memory. */
  wasmInputBytes: number;
  engineLoadMs: number;
  warmupMs: number;
  readMs: number;
  parseMs: number;
  normalizeMs: number;
  loadNormalizeMs: number;
  /** JSON.stringify(model) alone, measured separately (it is also inside every evaluate). */
  stringifyMs: number;
  /** evaluateMs[0] is the first evaluation of this input (wasm memory grows); the rest are warm repeats. */
  evaluateMs: number[];
  /** V8 garbage collections inside the load+normalize window, the first evaluation, and all warm repeats. */
  gcLoad: GcStats;
  gcFirstEvaluate: GcStats;
  gcWarmEvaluate: GcStats;
  /** First load+normalize+evaluate pass, end to end. */
  totalMs: number;
  findings: number;
  findingsByRule: Record<string, number>;
  unverifiable: number;
  wasmMemoryBytes: number | null;
  /** wasm memory after the warm-up, before the first real evaluation. */
  wasmMemoryBeforeBytes: number | null;
  /** Experiment: initial wasm pages forced through --wasm-initial-pages (engine default is 64). */
  wasmInitialPages: number | null;
  rssAfterEngineBytes: number;
  maxRssKiB: number;
  generatedInChild: boolean;
  error?: string;
  errorPhase?: string;
}

// ---------------------------------------------------------------------------------------------
// Child: one size, one process
// ---------------------------------------------------------------------------------------------

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const extra = Object.entries(e as unknown as Record<string, unknown>)
      .filter(([k, v]) => k !== 'message' && k !== 'stack' && v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return `${e.name}: ${e.message}${extra.length ? ` (${extra.join(', ')})` : ''}`;
  }
  return typeof e === 'string' ? e : JSON.stringify(e);
}

/** The warm LoadedPolicy's memory (private in PolicyEngine; read only for reporting). */
function wasmMemoryBytes(engine: PolicyEngine): number | null {
  const mem = (engine as unknown as { policy?: { mem?: { buffer?: unknown } } }).policy?.mem;
  return mem?.buffer instanceof ArrayBuffer ? mem.buffer.byteLength : null;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Reads, parses and normalizes like `check` does; the text and document are garbage on return. */
function loadModel(file: string): { model: NormalizedModel; readMs: number; parseMs: number; normalizeMs: number } {
  const t0 = performance.now();
  const text = readFileSync(file, 'utf8');
  const t1 = performance.now();
  const doc = parseTerraformJson(text, file);
  const t2 = performance.now();
  const model = normalizeCdktf(doc, file, 'crm-bench');
  const t3 = performance.now();
  return { model, readMs: t1 - t0, parseMs: t2 - t1, normalizeMs: t3 - t2 };
}

/**
 * Experiment hook (opt-in, bench only): make PolicyEngine.load create the wasm memory with more
 * initial pages, by wrapping the SDK's loadPolicy export before the engine calls it. The OPA
 * allocator sizes its heap from the memory it finds at first use, so growing the memory from JS
 * later would not help; only the initial size does.
 */
function forceInitialWasmPages(pages: number): void {
  const sdk = require('@open-policy-agent/opa-wasm') as { loadPolicy: (wasm: ArrayBuffer, memory: { initial: number; maximum?: number }, ...rest: unknown[]) => unknown };
  const original = sdk.loadPolicy;
  sdk.loadPolicy = (wasm, memory, ...rest) => original(wasm, { ...memory, initial: Math.min(pages, memory.maximum ?? pages) }, ...rest);
}

function gcStats(entries: readonly PerformanceEntry[], windows: ReadonlyArray<readonly [number, number]>): GcStats {
  const s: GcStats = { count: 0, major: 0, ms: 0 };
  for (const e of entries) {
    if (!windows.some(([from, to]) => e.startTime >= from && e.startTime <= to)) continue;
    s.count++;
    s.ms += e.duration;
    // NODE_PERFORMANCE_GC_MAJOR = 4 (mark-sweep-compact)
    if ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === 4) s.major++;
  }
  return s;
}

async function runChild(size: number, file: string, runs: number, wasmInitialPages: number | null): Promise<ChildResult> {
  if (wasmInitialPages !== null) forceInitialWasmPages(wasmInitialPages);
  const gcEntries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => gcEntries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const windows: { load: [number, number]; first: [number, number]; warm: Array<[number, number]> } = { load: [0, 0], first: [0, 0], warm: [] };
  const r: ChildResult = {
    size,
    file,
    resources: 0,
    inputBytes: 0,
    wasmInputBytes: 0,
    engineLoadMs: 0,
    warmupMs: 0,
    readMs: 0,
    parseMs: 0,
    normalizeMs: 0,
    loadNormalizeMs: 0,
    stringifyMs: 0,
    evaluateMs: [],
    gcLoad: { count: 0, major: 0, ms: 0 },
    gcFirstEvaluate: { count: 0, major: 0, ms: 0 },
    gcWarmEvaluate: { count: 0, major: 0, ms: 0 },
    totalMs: 0,
    findings: 0,
    findingsByRule: {},
    unverifiable: 0,
    wasmMemoryBytes: null,
    wasmMemoryBeforeBytes: null,
    wasmInitialPages,
    rssAfterEngineBytes: 0,
    maxRssKiB: 0,
    generatedInChild: false,
  };
  let phase = 'engine load';
  try {
    let t = performance.now();
    const engine = await PolicyEngine.load();
    engine.setConfig(loadConfig());
    r.engineLoadMs = performance.now() - t;

    phase = 'warm-up';
    t = performance.now();
    const tiny = normalizeCdktf(generateCdktf(64).doc, 'warmup/cdk.tf.json', 'warmup');
    engine.evaluate(tiny);
    r.warmupMs = performance.now() - t;

    phase = 'generate';
    if (!existsSync(file)) {
      // Standalone child without a prepared file: generation now counts towards peak RSS.
      writeCdktf(size, file);
      r.generatedInChild = true;
    }
    r.inputBytes = statSync(file).size;
    gc();
    r.rssAfterEngineBytes = process.memoryUsage().rss;

    phase = 'load+normalize';
    windows.load[0] = performance.now();
    const loaded = loadModel(file);
    windows.load[1] = performance.now();
    const { model } = loaded;
    r.readMs = loaded.readMs;
    r.parseMs = loaded.parseMs;
    r.normalizeMs = loaded.normalizeMs;
    r.loadNormalizeMs = loaded.readMs + loaded.parseMs + loaded.normalizeMs;
    r.resources = Object.keys(model.resources).length;

    phase = 'evaluate';
    r.wasmMemoryBeforeBytes = wasmMemoryBytes(engine);
    t = performance.now();
    let findings: RawFinding[] = engine.evaluate(model);
    const firstEval = performance.now() - t;
    windows.first = [t, t + firstEval];
    r.evaluateMs.push(firstEval);
    r.totalMs = r.loadNormalizeMs + firstEval;
    r.findings = findings.length;
    for (const f of findings) {
      r.findingsByRule[f.rule.id] = (r.findingsByRule[f.rule.id] ?? 0) + 1;
      if (f.unverifiable) r.unverifiable++;
    }
    r.wasmMemoryBytes = wasmMemoryBytes(engine);
    findings = [];

    phase = 'evaluate (warm repeat)';
    // The first evaluation pays for growing wasm memory; repeats run in memory already grown.
    // Always do one warm repeat, then more while they fit the budget.
    let spent = 0;
    let last = 0;
    while (r.evaluateMs.length < runs && (r.evaluateMs.length < 2 || spent + last < EVALUATE_BUDGET_MS)) {
      gc();
      t = performance.now();
      findings = engine.evaluate(model);
      const ms = performance.now() - t;
      windows.warm.push([t, t + ms]);
      r.evaluateMs.push(ms);
      spent += ms;
      last = ms;
      if (findings.length !== r.findings) throw new Error(`evaluation is not repeatable: ${r.findings} then ${findings.length} findings`);
      findings = [];
    }

    phase = 'stringify';
    gc();
    t = performance.now();
    const json = JSON.stringify(model);
    r.stringifyMs = performance.now() - t;
    r.wasmInputBytes = Buffer.byteLength(json);
  } catch (e) {
    r.error = errorText(e);
    r.errorPhase = phase;
  }
  r.maxRssKiB = process.resourceUsage().maxRSS;
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the observer deliver the last gc entries
  gcEntries.push(...observer.takeRecords());
  observer.disconnect();
  r.gcLoad = gcStats(gcEntries, [windows.load]);
  r.gcFirstEvaluate = gcStats(gcEntries, [windows.first]);
  r.gcWarmEvaluate = gcStats(gcEntries, windows.warm);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Parent: generate, spawn one child per size, print tables
// ---------------------------------------------------------------------------------------------

interface SizeOutcome {
  size: number;
  stack: WrittenStack;
  generateMs: number;
  result?: ChildResult;
  /** The child died without reporting (signal, V8 OOM, ...). */
  crash?: string;
  wallMs: number;
}

function runChildProcess(size: number, file: string, runs: number, wasmInitialPages: number | null): Promise<{ result?: ChildResult; crash?: string }> {
  return new Promise((resolve) => {
    const args = ['--expose-gc', __filename, '--size', String(size), '--file', file, '--runs', String(runs)];
    if (wasmInitialPages !== null) args.push('--wasm-initial-pages', String(wasmInitialPages));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errTail = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      process.stderr.write(d);
      errTail = (errTail + d).slice(-4000);
    });
    child.on('close', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (line) resolve({ result: JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult });
      else resolve({ crash: `child exited with ${signal ? `signal ${signal}` : `code ${code}`} and no result${errTail ? `; stderr tail:\n${errTail.trim()}` : ''}` });
    });
  });
}

const mib = (bytes: number): string => (bytes / 1048576).toFixed(1);
const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const num = (x: number): string => x.toLocaleString('en-US');

function machineLine(): string {
  const cpus = os.cpus();
  return [
    `Machine: ${cpus[0]?.model?.trim() ?? 'unknown CPU'}`,
    `${cpus.length} cores`,
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `Node ${process.version}`,
    `${os.type()} ${os.release()} ${os.arch()}`,
  ].join(', ');
}

function table(header: string[], rows: string[][]): string {
  const right = header.map((_, i) => rows.every((r) => /^[-\d.,~]|^n\/a|^ERROR/.test(r[i] ?? '')));
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (right[i] ? '---:' : '---')).join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

const gcCell = (g: GcStats): string => `${g.count} (${g.major} full), ${ms(g.ms)} ms`;

function ratio(a: number, b: number): string {
  return b > 0 ? `×${(a / b).toFixed(1)}` : 'n/a';
}

function printReport(outcomes: SizeOutcome[]): void {
  const rows = outcomes.map((o) => {
    const r = o.result;
    const size = num(o.size);
    const inputMb = mb(o.stack.bytes);
    if (!r) return [size, inputMb, 'n/a', 'CRASH', 'n/a', 'n/a', 'CRASH', 'n/a'];
    const first = r.evaluateMs[0];
    const warm = r.evaluateMs.slice(1);
    const noEval = r.evaluateMs.length === 0;
    return [
      size,
      inputMb,
      r.loadNormalizeMs ? ms(r.loadNormalizeMs) : 'n/a',
      noEval ? (r.error ? 'ERROR' : 'n/a') : ms(first),
      warm.length === 0 ? 'n/a' : `${ms(median(warm))} (best ${ms(Math.min(...warm))}, n=${warm.length})`,
      r.totalMs ? ms(r.totalMs) : 'n/a',
      noEval ? (r.error ? 'ERROR' : 'n/a') : num(r.findings),
      (r.maxRssKiB / 1024).toFixed(0),
    ];
  });
  const experiment = outcomes.find((o) => o.result?.wasmInitialPages != null)?.result?.wasmInitialPages;
  process.stdout.write(`\n${machineLine()}\n\n`);
  if (experiment != null) process.stdout.write(`**Experiment: wasm memory created with ${experiment} initial pages (${mib(experiment * 65536)} MiB) instead of the engine's 64.**\n\n`);
  process.stdout.write(
    `${table(['size (resources)', 'input MB', 'load+normalize ms', 'evaluate ms (first)', 'evaluate ms warm median (best, n)', 'total ms', 'findings', 'peak RSS MiB'], rows)}\n\n`,
  );
  process.stdout.write(
    '_total = read + JSON.parse + normalize + first evaluate, with the engine loaded and warmed on a tiny model beforehand (a one-shot `crm-guard check` pays this). ' +
      '"first" is the first evaluation of this input: the wasm memory grows during it. "warm" repeats run in memory already grown. ' +
      'evaluate includes JSON.stringify(model), the copy into wasm memory, the wasm JSON parse, the rules and the result decode. ' +
      'Peak RSS is the child process maxRSS (engine + input + model + wasm memory); generation is done in the parent and not counted._\n\n',
  );

  const measured = outcomes.filter((o): o is SizeOutcome & { result: ChildResult } => o.result !== undefined);
  if (measured.length) {
    process.stdout.write('Phase detail:\n\n');
    process.stdout.write(
      `${table(
        ['size', 'read ms', 'JSON.parse ms', 'normalize ms', 'stringify(model) ms', 'evaluate runs ms', 'wasm input MB', 'wasm memory MiB (before → after)', 'RSS before input MiB', 'engine load ms', 'generate ms (parent)'],
        measured.map(({ size, result: r, generateMs }) => [
          num(size),
          ms(r.readMs),
          ms(r.parseMs),
          ms(r.normalizeMs),
          ms(r.stringifyMs),
          r.evaluateMs.map(ms).join(' / ') || 'n/a',
          mb(r.wasmInputBytes),
          r.wasmMemoryBytes === null || r.wasmMemoryBeforeBytes === null ? 'n/a' : `${mib(r.wasmMemoryBeforeBytes)} → ${mib(r.wasmMemoryBytes)}`,
          mib(r.rssAfterEngineBytes),
          ms(r.engineLoadMs),
          ms(generateMs),
        ]),
      )}\n\n`,
    );
    process.stdout.write('V8 garbage collections (count (full), time):\n\n');
    process.stdout.write(
      `${table(
        ['size', 'during load+normalize', 'during first evaluate', 'during warm evaluates'],
        measured.map(({ size, result: r }) => [num(size), gcCell(r.gcLoad), gcCell(r.gcFirstEvaluate), r.evaluateMs.length > 1 ? gcCell(r.gcWarmEvaluate) : 'n/a']),
      )}\n\n`,
    );
  }

  const rules = new Set<string>();
  for (const o of outcomes) {
    Object.keys(o.stack.expected).forEach((k) => rules.add(k));
    Object.keys(o.result?.findingsByRule ?? {}).forEach((k) => rules.add(k));
  }
  if (rules.size) {
    process.stdout.write('Findings by rule (found / injected by the generator):\n\n');
    const byRule = [...rules].sort().map((rule) => [
      rule,
      ...outcomes.map((o) => `${o.result && o.result.evaluateMs.length ? num(o.result.findingsByRule[rule] ?? 0) : 'n/a'} / ${num(o.stack.expected[rule] ?? 0)}`),
    ]);
    process.stdout.write(`${table(['rule', ...outcomes.map((o) => num(o.size))], byRule)}\n\n`);
  }

  const scaled = measured.filter((o) => o.result.evaluateMs.length > 0);
  if (scaled.length >= 2) {
    process.stdout.write('Scaling:\n\n');
    for (const { size, result: r } of scaled) {
      const k = size / 1000;
      const warm = r.evaluateMs.slice(1);
      process.stdout.write(
        `- ${num(size)}, per 1,000 resources: load+normalize ${ms(r.loadNormalizeMs / k)} ms, first evaluate ${ms(r.evaluateMs[0] / k)} ms` +
          `${warm.length ? `, warm evaluate ${ms(median(warm) / k)} ms` : ''}, peak RSS ${((r.maxRssKiB * 1024 - r.rssAfterEngineBytes) / 1048576 / k).toFixed(1)} MiB above the pre-input baseline\n`,
      );
    }
    for (let i = 1; i < scaled.length; i++) {
      const a = scaled[i - 1];
      const b = scaled[i];
      const warmA = a.result.evaluateMs.slice(1);
      const warmB = b.result.evaluateMs.slice(1);
      process.stdout.write(
        `- ${num(a.size)} → ${num(b.size)} (${ratio(b.size, a.size)} resources): load+normalize ${ratio(b.result.loadNormalizeMs, a.result.loadNormalizeMs)}, ` +
          `first evaluate ${ratio(b.result.evaluateMs[0], a.result.evaluateMs[0])}` +
          `${warmA.length && warmB.length ? `, warm evaluate ${ratio(median(warmB), median(warmA))}` : ''}, ` +
          `total ${ratio(b.result.totalMs, a.result.totalMs)}, peak RSS ${ratio(b.result.maxRssKiB, a.result.maxRssKiB)}\n`,
      );
    }
    process.stdout.write('\n');
  }

  for (const o of outcomes) {
    if (o.crash) process.stdout.write(`**${num(o.size)}: ${o.crash}**\n`);
    else if (o.result?.error) process.stdout.write(`**${num(o.size)}: failed during ${o.result.errorPhase}: ${o.result.error}**\n`);
  }
}

function parseArgs(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') out.set('help', '1');
    else if (a === '--keep') out.set('keep', '1');
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
      else {
        const v = argv[i + 1];
        if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
        out.set(a.slice(2), v);
        i++;
      }
    } else throw new Error(`unexpected argument ${a}`);
  }
  return out;
}

function positiveInt(s: string, what: string): number {
  const n = Number(s.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got ${JSON.stringify(s)}`);
  return n;
}

const USAGE = `usage: node --expose-gc dist/bench/bench.js [--sizes 1000,10000,50000] [--runs N] [--keep] [--wasm-initial-pages P]
       node --expose-gc dist/bench/bench.js --size N --file F [--runs N]   (one measurement; JSON result on stdout)
  --sizes               resource counts to measure, comma-separated (default ${DEFAULT_SIZES.join(',')})
  --runs                evaluations per size: the first plus warm repeats (default 4 up to 10k resources, 2 above;
                        warm repeats beyond the first stop after ~${EVALUATE_BUDGET_MS / 1000}s)
  --keep                keep the generated cdk.tf.json files (their directory is printed)
  --wasm-initial-pages  experiment: create the engine's wasm memory with P initial 64 KiB pages (engine default 64)
`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('help')) {
    process.stdout.write(USAGE);
    return;
  }
  const runsFor = (size: number): number => (args.has('runs') ? positiveInt(args.get('runs') as string, '--runs') : size <= 10000 ? 4 : 2);
  const wasmInitialPages = args.has('wasm-initial-pages') ? positiveInt(args.get('wasm-initial-pages') as string, '--wasm-initial-pages') : null;

  if (args.has('size')) {
    const size = positiveInt(args.get('size') as string, '--size');
    const file = args.get('file') ?? path.join(os.tmpdir(), `crm-guard-bench-${size}-${process.pid}.tf.json`);
    const result = await runChild(size, file, runsFor(size), wasmInitialPages);
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
    return;
  }

  const sizes = (args.get('sizes') ?? DEFAULT_SIZES.join(',')).split(',').map((s) => positiveInt(s.trim(), '--sizes entry'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crm-guard-bench-'));
  const outcomes: SizeOutcome[] = [];
  const started = performance.now();
  try {
    for (const size of sizes) {
      const file = path.join(dir, `cdk-${size}.tf.json`);
      let t = performance.now();
      const stack = writeCdktf(size, file);
      const generateMs = performance.now() - t;
      gc();
      process.stderr.write(`[bench] ${num(size)} resources: ${mb(stack.bytes)} MB generated in ${ms(generateMs)} ms; measuring in a child process...\n`);
      t = performance.now();
      const { result, crash } = await runChildProcess(size, file, runsFor(size), wasmInitialPages);
      const wallMs = performance.now() - t;
      process.stderr.write(`[bench] ${num(size)} done in ${(wallMs / 1000).toFixed(1)} s${result?.error ? ` (error in ${result.errorPhase})` : crash ? ' (crashed)' : ''}\n`);
      outcomes.push({ size, stack, generateMs, result, crash, wallMs });
    }
  } finally {
    if (args.has('keep')) process.stderr.write(`[bench] generated files kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
  printReport(outcomes);
  process.stdout.write(`Whole run: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  if (outcomes.some((o) => o.crash || o.result?.error)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${errorText(e)}\n`);
  process.exitCode = 2;
});
