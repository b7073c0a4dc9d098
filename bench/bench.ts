/**
 * crm-guard benchmark (not a test: nothing here asserts on timing).
 *
 *   npm run bench                                  # sizes 1000, 10000, 50000, 3 runs each
 *   npm run bench -- --sizes 1000,10000 --check-args "--jobs 1" --json bench.json
 *
 * Measures the product from the outside, so it keeps working whatever the engine does inside
 * (worker threads, projections, …). Per size, the parent generates one synthetic CDKTF stack
 * (bench/generate.ts, deterministic) and then starts one process per measurement:
 *
 *  - the floor: `node -e` reading and JSON.parse-ing the same file (whole process, wall time);
 *  - `crm-guard check <file> --format json --output <tmp>` (whole process): wall time, and peak
 *    RSS written by a `-r` preload on exit (bench/rss.ts); floor and check runs are interleaved
 *    so drift on a shared machine hits both alike;
 *  - the phases (load / normalize / evaluate / total) from `check --profile-output`, in separate
 *    runs: profiling may add work, so it never touches the timed runs;
 *  - where the OPA CLI is installed, `opa eval` of the same Rego on the same normalized model;
 *  - with --checkov, Checkov on the same file, if it is installed.
 *
 * A measurement that crashes, or findings that differ between runs (or between crm-guard and
 * opa eval), are errors: they are printed, and the exit code is 1.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeCdktf } from './generate';
import { countOpaFindings, findOnPath, findOpa, opaVersionLine, prepareOpaEval } from './opa-eval';
import { parseProfile, PROFILE_PHASES, type ProfilePhase } from './profile';
import { formatReport, type Machine, type PhaseSamples, type SizeResult, type Summary } from './report';
import { readMaxRssKiB, RSS_FILE_ENV, writeRssPreload } from './rss';
import { mibFromKiB, ratioOf, sample, seconds, thousands } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_BIN = path.join(ROOT, 'bin', 'crm-guard.js');
const DEFAULT_SIZES = [1000, 10000, 50000];
const MIN_RUNS = 3;
/** opa eval above this size takes minutes per run; --opa-max-size raises it. */
const DEFAULT_OPA_MAX_SIZE = 10000;
/** Checkov runs once per size up to this one (it took 159 s and 22.9 GB at 10k). */
const CHECKOV_MAX_SIZE = 10000;
const FLOOR_SCRIPT = "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))";

// ---------------------------------------------------------------------------------------------
// Measured processes
// ---------------------------------------------------------------------------------------------

interface ProcessRun {
  wallMs: number;
  code: number | null;
  signal: string | null;
  stderrTail: string;
  /** From the RSS preload (Node processes only); null when unknown. */
  maxRssKiB: number | null;
}

interface RunOptions {
  cwd: string;
  /** Stdout goes to this file (opa eval's result), else it is discarded. */
  stdoutFile?: string;
  /** The preload writes peak RSS here (the command must be started with `-r <preload>`). */
  rssFile?: string;
}

/** Milliseconds to 0.1 ms: finer digits are noise, and they clutter the JSON summary. */
const tenths = (msValue: number): number => Math.round(msValue * 10) / 10;

function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<ProcessRun> {
  if (options.rssFile) rmSync(options.rssFile, { force: true });
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // the measured process gets exactly the flags named here
  if (options.rssFile) env[RSS_FILE_ENV] = options.rssFile;
  const out = options.stdoutFile ? openSync(options.stdoutFile, 'w') : 'ignore';
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let ended = 0;
    let stderrTail = '';
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', out, 'pipe'] });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderrTail = (stderrTail + d).slice(-3000)));
    child.on('error', (e) => {
      if (typeof out === 'number') closeSync(out);
      reject(e);
    });
    child.on('exit', () => (ended = performance.now()));
    child.on('close', (code, signal) => {
      if (typeof out === 'number') closeSync(out);
      resolve({
        wallMs: tenths((ended || performance.now()) - started),
        code,
        signal,
        stderrTail: stderrTail.trim(),
        maxRssKiB: options.rssFile ? readMaxRssKiB(options.rssFile) : null,
      });
    });
  });
}

function failure(what: string, run: ProcessRun): string {
  return `${what} exited with ${run.signal ? `signal ${run.signal}` : `code ${run.code}`}${run.stderrTail ? `: ${run.stderrTail.split('\n').slice(-6).join(' ⏎ ')}` : ''}`;
}

interface ReportFindings {
  count: number;
  sha256: string;
}

/**
 * The findings of a JSON report: their number and a digest that changes if any byte of them does.
 * The run's temporary directory is replaced by `<dir>` first, so digests compare across bench runs
 * (and across versions measured with --bin).
 */
function reportFindings(file: string, dir: string): ReportFindings {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { findings?: unknown };
  if (!Array.isArray(report.findings)) throw new Error(`${file}: the JSON report has no findings list`);
  const text = JSON.stringify(report.findings).split(dir).join('<dir>');
  return { count: report.findings.length, sha256: createHash('sha256').update(text).digest('hex') };
}

// ---------------------------------------------------------------------------------------------
// One size
// ---------------------------------------------------------------------------------------------

interface BenchSettings {
  runs: number;
  checkArgs: string[];
  opa: string | null;
  opaMaxSize: number;
  checkov: string | null | false;
  /** The crm-guard executable script measured (this checkout's, or another's with --bin). */
  bin: string;
  profileSupported: boolean;
  preload: string;
  work: string;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function measureSize(size: number, s: BenchSettings): Promise<SizeResult> {
  const dir = path.join(s.work, `size-${size}`);
  mkdirSync(dir, { recursive: true });
  const input = path.join(dir, `cdk-${size}.tf.json`);
  let t = performance.now();
  const stack = writeCdktf(size, input);
  const generateMs = tenths(performance.now() - t);
  gc();
  log(`${thousands(size)} resources: ${(stack.bytes / 1e6).toFixed(1)} MB generated in ${seconds(generateMs)} s`);
  const errors: string[] = [];
  const rssFile = path.join(dir, 'maxrss');
  const checkArgv = (report: string, extra: readonly string[] = []): string[] => ['-r', s.preload, s.bin, 'check', input, '--format', 'json', '--output', report, ...s.checkArgs, ...extra];

  // Floor and check, interleaved.
  const floorWall: number[] = [];
  const floorRss: number[] = [];
  const checkWall: number[] = [];
  const checkRss: number[] = [];
  const digests = new Set<string>();
  let findings: ReportFindings | null = null;
  const noteFindings = (f: ReportFindings, what: string): void => {
    if (findings && f.sha256 !== findings.sha256) errors.push(`${what}: findings differ from the first run (${f.count} vs ${findings.count}, sha256 ${f.sha256.slice(0, 12)} vs ${findings.sha256.slice(0, 12)})`);
    findings ??= f;
    digests.add(f.sha256);
  };
  for (let i = 0; i < s.runs; i++) {
    const floor = await runProcess(process.execPath, ['-r', s.preload, '-e', FLOOR_SCRIPT, input], { cwd: dir, rssFile });
    if (floor.code !== 0) errors.push(failure(`floor run ${i + 1}`, floor));
    else {
      floorWall.push(floor.wallMs);
      if (floor.maxRssKiB !== null) floorRss.push(floor.maxRssKiB);
    }
    const report = path.join(dir, `report-${i}.json`);
    const run = await runProcess(process.execPath, checkArgv(report), { cwd: dir, rssFile });
    if (run.code !== 0 && run.code !== 1) {
      errors.push(failure(`check run ${i + 1}`, run));
      continue;
    }
    checkWall.push(run.wallMs);
    if (run.maxRssKiB !== null) checkRss.push(run.maxRssKiB);
    else errors.push(`check run ${i + 1}: the preload wrote no peak RSS`);
    try {
      noteFindings(reportFindings(report, dir), `check run ${i + 1}`);
    } catch (e) {
      errors.push(`check run ${i + 1}: ${(e as Error).message}`);
    }
    log(`${thousands(size)}: run ${i + 1}/${s.runs}: floor ${seconds(floor.wallMs)} s, check ${seconds(run.wallMs)} s, ${mibFromKiB(run.maxRssKiB)} MiB`);
  }
  const floor = { wallMs: sample(floorWall), maxRssKiB: sample(floorRss) };
  const checkWallSample = sample(checkWall);
  const check = {
    wallMs: checkWallSample,
    maxRssKiB: sample(checkRss),
    findings: (findings as ReportFindings | null)?.count ?? null,
    findingsSha256: (findings as ReportFindings | null)?.sha256 ?? null,
    findingsIdentical: true,
    ratioToFloor: ratioOf(checkWallSample.median, floor.wallMs.median),
  };

  // Phases, from separate profiled runs.
  let profile: SizeResult['profile'];
  if (!s.profileSupported) profile = { status: 'unavailable', reason: 'this crm-guard check has no --profile-output' };
  else {
    const phases = Object.fromEntries(PROFILE_PHASES.map((p) => [p, [] as number[]])) as Record<ProfilePhase, number[]>;
    const peak: number[] = [];
    const worker: number[] = [];
    const modelLoad: number[] = [];
    let jobs: number | null = null;
    let rules: number | null = null;
    let perRuleTiming = false;
    let ok = 0;
    for (let i = 0; i < s.runs; i++) {
      const report = path.join(dir, `profiled-report-${i}.json`);
      const profileFile = path.join(dir, `profile-${i}.json`);
      rmSync(profileFile, { force: true });
      const run = await runProcess(process.execPath, checkArgv(report, ['--profile-output', profileFile]), { cwd: dir });
      if (run.code !== 0 && run.code !== 1) {
        errors.push(failure(`profiled check run ${i + 1}`, run));
        continue;
      }
      try {
        noteFindings(reportFindings(report, dir), `profiled check run ${i + 1}`);
        const p = parseProfile(readFileSync(profileFile, 'utf8'), profileFile);
        for (const phase of PROFILE_PHASES) if (p.phases[phase] !== undefined) phases[phase].push(p.phases[phase] as number);
        if (p.peakRssBytes !== null) peak.push(p.peakRssBytes);
        if (p.workerMs !== null) worker.push(p.workerMs);
        if (p.modelLoadMs !== null) modelLoad.push(p.modelLoadMs);
        jobs = p.jobs;
        rules = p.ruleCount;
        perRuleTiming ||= p.rules !== null;
        ok++;
      } catch (e) {
        errors.push(`profiled check run ${i + 1}: ${(e as Error).message}`);
      }
    }
    profile = ok
      ? { status: 'measured', runs: ok, phases: Object.fromEntries(PROFILE_PHASES.map((p) => [p, sample(phases[p])])) as PhaseSamples, jobs, rules, peakRssBytes: sample(peak), workerMs: sample(worker), modelLoadMs: sample(modelLoad), perRuleTiming }
      : { status: 'unavailable', reason: 'every profiled run failed' };
    log(`${thousands(size)}: ${ok} profiled runs`);
  }

  // opa eval of the same Rego on the same model.
  let opa: SizeResult['opa'];
  if (!s.opa) opa = { status: 'not installed', reason: 'no .tools/bin/opa and no opa on PATH' };
  else if (size > s.opaMaxSize) opa = { status: 'skipped', reason: `above --opa-max-size ${thousands(s.opaMaxSize)}` };
  else {
    try {
      t = performance.now();
      const prepared = await prepareOpaEval(ROOT, input, path.join(dir, 'opa'));
      gc();
      log(`${thousands(size)}: opa eval input prepared in ${seconds(performance.now() - t)} s`);
      const wall: number[] = [];
      const counts = new Set<number>();
      for (let i = 0; i < s.runs; i++) {
        const outFile = path.join(dir, `opa-${i}.json`);
        const run = await runProcess(s.opa, ['eval', '--data', prepared.dir, '--format', 'json', prepared.query], { cwd: dir, stdoutFile: outFile });
        if (run.code !== 0) {
          errors.push(failure(`opa eval run ${i + 1}`, run));
          continue;
        }
        wall.push(run.wallMs);
        counts.add(countOpaFindings(readFileSync(outFile, 'utf8'), prepared.families));
        rmSync(outFile, { force: true });
        log(`${thousands(size)}: opa eval run ${i + 1}/${s.runs}: ${seconds(run.wallMs)} s`);
      }
      if (counts.size > 1) errors.push(`opa eval: the number of findings differs between runs (${[...counts].join(', ')})`);
      const opaFindings = counts.size === 1 ? [...counts][0] : null;
      const matches = opaFindings === null || check.findings === null ? null : opaFindings === check.findings;
      if (matches === false) errors.push(`findings mismatch: opa eval reports ${opaFindings}, crm-guard check ${check.findings}`);
      const wallSample = sample(wall);
      opa = wall.length
        ? { status: 'measured', wallMs: wallSample, findings: opaFindings, matchesCheck: matches, checkToOpa: ratioOf(check.wallMs.median, wallSample.median) }
        : { status: 'failed', reason: 'every opa eval run failed' };
    } catch (e) {
      errors.push(`opa eval: ${(e as Error).message}`);
      opa = { status: 'failed', reason: (e as Error).message };
    }
  }

  let checkov: SizeResult['checkov'];
  if (s.checkov !== false) {
    if (s.checkov === null) checkov = { status: 'not installed', reason: 'no checkov on PATH' };
    else if (size > CHECKOV_MAX_SIZE) checkov = { status: 'skipped', reason: `runs only up to ${thousands(CHECKOV_MAX_SIZE)} resources` };
    else checkov = await measureCheckov(s.checkov, input, dir, errors);
  }

  check.findingsIdentical = digests.size <= 1;
  return { resources: size, inputBytes: stack.bytes, generateMs, floor, check, profile, opa, ...(checkov ? { checkov } : {}), errors };
}

/**
 * Checkov once (it is a Python program, so no Node preload): its peak RSS comes from a python3
 * wrapper reading RUSAGE_CHILDREN (the largest of the processes it waited for), when python3 exists.
 */
async function measureCheckov(checkov: string, input: string, dir: string, errors: string[]): Promise<NonNullable<SizeResult['checkov']>> {
  const python = findOnPath('python3');
  const rssFile = path.join(dir, 'checkov-maxrss');
  const checkovArgs = ['-f', input, '--framework', 'terraform_json', '--quiet', '--compact', '-o', 'json'];
  const wrapper = 'import resource,subprocess,sys\nc=subprocess.call(sys.argv[2:])\nopen(sys.argv[1],"w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\nsys.exit(c)';
  log(`checkov on ${path.basename(input)} (this takes minutes)`);
  const run = python
    ? await runProcess(python, ['-c', wrapper, rssFile, checkov, ...checkovArgs], { cwd: dir, stdoutFile: path.join(dir, 'checkov.json') })
    : await runProcess(checkov, checkovArgs, { cwd: dir, stdoutFile: path.join(dir, 'checkov.json') });
  // Checkov exits 1 when a check fails; anything else, or a signal, is a failed run.
  if (run.signal || (run.code !== 0 && run.code !== 1)) {
    errors.push(failure('checkov', run));
    return { status: 'failed', reason: failure('checkov', run) };
  }
  return { status: 'measured', wallMs: run.wallMs, maxRssKiB: python ? readMaxRssKiB(rssFile) : null, exitCode: run.code };
}

function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown CPU',
    cores: cpus.length,
    ramGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

const USAGE = `usage: npm run bench -- [--sizes 1000,10000,50000] [--runs N] [--check-args "..."] [--json FILE] [--keep]
                        [--opa-max-size N] [--checkov] [--bin PATH]
  --sizes          resource counts, comma-separated (default ${DEFAULT_SIZES.join(',')})
  --runs           runs per measurement, medians reported (default and minimum ${MIN_RUNS})
  --check-args     extra flags for crm-guard check, split on spaces (e.g. "--jobs 1")
  --json           also write the summary (the BENCH_SUMMARY line) to FILE, pretty-printed
  --keep           keep the generated inputs, reports and profiles (their directory is printed)
  --opa-max-size   largest size opa eval is run on (default ${DEFAULT_OPA_MAX_SIZE}; it is slow)
  --checkov        also run Checkov, if it is on PATH, once per size ≤ ${CHECKOV_MAX_SIZE}
  --bin            the crm-guard script to measure (default this checkout's bin/crm-guard.js), e.g. a
                   checkout of an older commit for before/after figures; opa eval keeps using this
                   checkout's Rego and normalizer
`;

function parseArgs(argv: readonly string[]): Map<string, string> {
  const flags = new Set(['help', 'keep', 'checkov']);
  const valued = new Set(['sizes', 'runs', 'check-args', 'json', 'opa-max-size', 'bin']);
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h') {
      out.set('help', '1');
      continue;
    }
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(a)}\n${USAGE}`);
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (flags.has(name) && eq < 0) out.set(name, '1');
    else if (valued.has(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new Error(`--${name} needs a value`);
      out.set(name, v);
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return out;
}

function positiveInt(s: string, what: string): number {
  const n = Number(s.trim().replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive whole number, got ${JSON.stringify(s)}`);
  return n;
}

async function checkHelp(bin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'check', '--help'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`crm-guard check --help exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('help')) {
    process.stdout.write(USAGE);
    return;
  }
  const sizes = (args.get('sizes') ?? DEFAULT_SIZES.join(',')).split(',').map((x) => positiveInt(x, '--sizes entry'));
  const runs = args.has('runs') ? positiveInt(args.get('runs') as string, '--runs') : MIN_RUNS;
  if (runs < MIN_RUNS) throw new Error(`--runs must be at least ${MIN_RUNS} (the figures are medians of ≥ ${MIN_RUNS} runs)`);
  const checkArgs = (args.get('check-args') ?? '').split(/\s+/).filter(Boolean);
  const opaMaxSize = args.has('opa-max-size') ? positiveInt(args.get('opa-max-size') as string, '--opa-max-size') : DEFAULT_OPA_MAX_SIZE;
  if (!existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench does)');

  const bin = path.resolve(args.get('bin') ?? DEFAULT_BIN);
  if (!existsSync(bin)) throw new Error(`--bin ${bin} does not exist`);
  const profileSupported = (await checkHelp(bin)).includes('--profile-output');
  const opa = findOpa(ROOT);
  const work = mkdtempSync(path.join(os.tmpdir(), 'crm-guard-bench-'));
  const settings: BenchSettings = {
    runs,
    checkArgs,
    opa,
    opaMaxSize,
    checkov: args.has('checkov') ? findOnPath('checkov') : false,
    bin,
    profileSupported,
    preload: writeRssPreload(work),
    work,
  };
  const results: SizeResult[] = [];
  const started = performance.now();
  try {
    for (const size of sizes) {
      results.push(await measureSize(size, settings));
      if (!args.has('keep')) rmSync(path.join(work, `size-${size}`), { recursive: true, force: true });
    }
  } finally {
    if (args.has('keep')) log(`inputs, reports and profiles kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  const summary: Summary = {
    version: 1,
    date: new Date().toISOString(),
    machine: machine(),
    runs,
    bin: bin === path.resolve(DEFAULT_BIN) ? null : bin,
    checkArgs,
    opa: opa ? `${opa} ${opaVersionLine(opa)}` : null,
    phasesFrom: profileSupported
      ? `\`check --profile-output\`, median of ${runs} separate runs (not the timed ones, which run without profiling)`
      : 'unavailable: this crm-guard check has no --profile-output',
    checkov: settings.checkov === false ? null : settings.checkov ? `${settings.checkov} -f <file> --framework terraform_json, once per size ≤ ${thousands(CHECKOV_MAX_SIZE)}` : 'not installed',
    sizes: results,
    errors: results.reduce((n, r) => n + r.errors.length, 0),
  };
  process.stdout.write(formatReport(summary));
  if (args.has('json')) writeFileSync(args.get('json') as string, `${JSON.stringify(summary, null, 2)}\n`);
  log(`whole run ${seconds(performance.now() - started)} s${summary.errors ? `, ${summary.errors} error(s)` : ''}`);
  if (summary.errors) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  });
}
