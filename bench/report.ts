/**
 * What the benchmark prints: the machine line, a markdown table ready for the README, per-size
 * detail (every run, the findings check, opa eval, Checkov), the issue's targets, and the summary
 * as one JSON line (`BENCH_SUMMARY {...}`) so figures can be quoted exactly. Pure: the measured
 * results come in, text goes out.
 */
import { PROFILE_PHASES, type ProfilePhase } from './profile';
import { markdownTable, mibFromKiB, ratioOf, seconds, thousands, times, type Sample } from './stats';

export type PhaseSamples = Record<ProfilePhase, Sample>;

export interface SizeResult {
  resources: number;
  inputBytes: number;
  generateMs: number;
  floor: { wallMs: Sample; maxRssKiB: Sample };
  check: {
    wallMs: Sample;
    maxRssKiB: Sample;
    findings: number | null;
    findingsSha256: string | null;
    /** Every timed and profiled run reported byte-identical findings. */
    findingsIdentical: boolean;
    ratioToFloor: number | null;
  };
  profile:
    | { status: 'measured'; runs: number; phases: PhaseSamples; jobs: number | null; rules: number | null; peakRssBytes: Sample; workerMs: Sample; modelLoadMs: Sample; perRuleTiming: boolean }
    | { status: 'unavailable'; reason: string };
  opa:
    | { status: 'measured'; wallMs: Sample; findings: number | null; matchesCheck: boolean | null; checkToOpa: number | null }
    | { status: 'not installed' | 'skipped' | 'failed'; reason: string };
  checkov?: { status: 'measured'; wallMs: number; maxRssKiB: number | null; exitCode: number | null } | { status: 'not installed' | 'skipped' | 'failed'; reason: string };
  errors: string[];
}

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
}

export interface Summary {
  version: 1;
  date: string;
  machine: Machine;
  runs: number;
  /** The crm-guard script measured, when not this checkout's (--bin); null for this checkout. */
  bin: string | null;
  checkArgs: string[];
  /** Path and version of the OPA CLI used for opa eval, or null. */
  opa: string | null;
  /** How the phases were obtained (or why they are unavailable). */
  phasesFrom: string;
  /** How Checkov was run, "not installed", or null when --checkov was not given. */
  checkov: string | null;
  sizes: SizeResult[];
  errors: number;
}

export function machineLine(m: Machine): string {
  return `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.os}`;
}

const phaseMs = (r: SizeResult, p: ProfilePhase): number | null => (r.profile.status === 'measured' ? r.profile.phases[p].median : null);

/** The README table: one row per size, medians. */
export function mainTable(results: readonly SizeResult[]): string {
  return markdownTable(
    ['resources', 'input MB', 'floor s', 'check s', 'check / floor', 'peak RSS MiB', 'load s', 'normalize s', 'evaluate s', 'total s (profile)', 'opa eval s', 'check / opa eval', 'findings'],
    results.map((r) => [
      thousands(r.resources),
      (r.inputBytes / 1e6).toFixed(1),
      seconds(r.floor.wallMs.median),
      seconds(r.check.wallMs.median),
      times(r.check.ratioToFloor),
      mibFromKiB(r.check.maxRssKiB.median),
      seconds(phaseMs(r, 'load')),
      seconds(phaseMs(r, 'normalize')),
      seconds(phaseMs(r, 'evaluate')),
      seconds(phaseMs(r, 'total')),
      r.opa.status === 'measured' ? seconds(r.opa.wallMs.median) : r.opa.status === 'skipped' ? '—' : 'n/a',
      r.opa.status === 'measured' ? times(r.opa.checkToOpa) : 'n/a',
      r.check.findings === null ? 'n/a' : thousands(r.check.findings),
    ]),
  );
}

const runsText = (x: Sample, f: (v: number) => string): string => (x.runs.length ? x.runs.map(f).join(' / ') : 'none');

export function sizeDetails(r: SizeResult, runs: number): string[] {
  const out = [`- ${thousands(r.resources)} resources (${(r.inputBytes / 1e6).toFixed(1)} MB, generated in ${seconds(r.generateMs)} s):`];
  out.push(`  floor ${runsText(r.floor.wallMs, seconds)} s (peak RSS ${runsText(r.floor.maxRssKiB, mibFromKiB)} MiB); check ${runsText(r.check.wallMs, seconds)} s, peak RSS ${runsText(r.check.maxRssKiB, mibFromKiB)} MiB`);
  if (r.check.findings !== null) {
    out.push(`  findings: ${thousands(r.check.findings)}, sha256 ${r.check.findingsSha256?.slice(0, 16)}…, ${r.check.findingsIdentical ? 'byte-identical in every run' : 'DIFFERENT between runs'}`);
  }
  if (r.profile.status === 'measured') {
    const p = r.profile;
    out.push(
      `  phases (median of ${p.runs} profiled runs${p.jobs !== null ? `, jobs ${p.jobs}` : ''}${p.perRuleTiming ? ', with per-rule timing' : ''}): ` +
        PROFILE_PHASES.map((ph) => `${ph} ${p.phases[ph].median === null ? 'unavailable' : `${seconds(p.phases[ph].median)} s`}`).join(', ') +
        (p.modelLoadMs.median !== null ? `; of evaluate, loading the model into the workers ${seconds(p.modelLoadMs.median)} s` : '') +
        (p.workerMs.median !== null ? `; rules' worker time ${seconds(p.workerMs.median)} s` : '') +
        (p.peakRssBytes.median !== null ? `; peak RSS in the profile ${(p.peakRssBytes.median / 1048576).toFixed(0)} MiB` : ''),
    );
    if (p.runs < runs) out.push(`  (only ${p.runs} of ${runs} profiled runs succeeded)`);
  } else out.push(`  phases: unavailable (${r.profile.reason})`);
  if (r.opa.status === 'measured') {
    out.push(`  opa eval ${runsText(r.opa.wallMs, seconds)} s; ${r.opa.findings === null ? 'findings unknown' : `${thousands(r.opa.findings)} findings (${r.opa.matchesCheck ? 'same number as crm-guard' : 'MISMATCH with crm-guard'})`}`);
  } else out.push(`  opa eval: ${r.opa.status} (${r.opa.reason})`);
  if (r.checkov) {
    out.push(r.checkov.status === 'measured' ? `  checkov ${seconds(r.checkov.wallMs)} s, peak RSS ${mibFromKiB(r.checkov.maxRssKiB)} MiB (exit ${r.checkov.exitCode})` : `  checkov: ${r.checkov.status} (${r.checkov.reason})`);
  }
  for (const e of r.errors) out.push(`  **ERROR: ${e}**`);
  return out;
}

/** The issue's targets next to the measured figures (text only: the bench never asserts on time). */
export function targetLines(results: readonly SizeResult[]): string[] {
  const at = (n: number): SizeResult | undefined => results.find((r) => r.resources === n);
  const k10 = at(10000);
  const k50 = at(50000);
  const out: string[] = [];
  if (k10) out.push(`- 10k: check / floor = ${times(k10.check.ratioToFloor)} (target ≤ 10×)`);
  if (k10 && k10.opa.status === 'measured') out.push(`- 10k: check / opa eval = ${times(k10.opa.checkToOpa)} (target ≤ 0.50×, i.e. ≥ 2× faster)`);
  if (k10 && k50) out.push(`- 50k / 10k check time = ${times(ratioOf(k50.check.wallMs.median, k10.check.wallMs.median))} (target ≤ 5.5×)`);
  if (k50) out.push(`- 50k: peak RSS ${mibFromKiB(k50.check.maxRssKiB.median)} MiB (target ≤ 800 MiB)`);
  return out;
}

export const SUMMARY_PREFIX = 'BENCH_SUMMARY ';

export function formatReport(summary: Summary): string {
  const lines: string[] = [''];
  const w = (line = ''): number => lines.push(line);
  w(`crm-guard bench, ${summary.date}`);
  w(machineLine(summary.machine));
  w(
    `check: ${summary.bin ? `${summary.bin} ` : ''}\`crm-guard check <file> --format json --output <tmp>${summary.checkArgs.length ? ` ${summary.checkArgs.join(' ')}` : ''}\`, whole process (Node startup included); ` +
      `floor: \`node -e\` reading + JSON.parse of the same file. Medians of ${summary.runs} runs, floor and check runs interleaved; ` +
      'peak RSS: maxRSS of the check process (worker threads included), written by a -r preload on exit.',
  );
  w(`phases: ${summary.phasesFrom}`);
  w(
    summary.opa
      ? `opa eval: ${summary.opa}: \`opa eval --data <dir: model + config as data.json, policies, entry module> --format json 'x := [data.crm.entry.<family>, …]'\`, whole process, same Rego on the same normalized model the wasm gets (evaluationView without the resource fields no policy reads), median of ${summary.runs} runs.`
      : 'opa eval: not installed (no .tools/bin/opa, no opa on PATH).',
  );
  if (summary.checkov !== null) w(`checkov: ${summary.checkov}`);
  w();
  w(mainTable(summary.sizes));
  w();
  for (const r of summary.sizes) sizeDetails(r, summary.runs).forEach((l) => w(l));
  const targets = targetLines(summary.sizes);
  if (targets.length) {
    w();
    w('Issue 14 targets (informative; the bench asserts nothing on time):');
    targets.forEach((l) => w(l));
  }
  w();
  w(`${SUMMARY_PREFIX}${JSON.stringify(summary)}`);
  return `${lines.join('\n')}\n`;
}
