/**
 * `check --profile`: where the time of a run went — per phase, per rule family and per rule —
 * so a team can find what is slow on its own inputs and its own policies. Rule times are measured
 * inside the evaluation workers (each rule alone, helpers included); with several workers their
 * sum exceeds the wall time of the evaluate phase.
 */
import type { RuleTiming } from '../engine/engine';
import type { Family } from '../engine/catalog';

export const PROFILE_PHASES = ['startup', 'synth', 'load', 'normalize', 'evaluate', 'report', 'output', 'total'] as const;
export type ProfilePhase = (typeof PROFILE_PHASES)[number];

export interface RuleProfile {
  id: string;
  family: Family;
  /** Worker time, summed over the stacks (and bundles) the rule was evaluated for. */
  ms: number;
  findings: number;
}

export interface FamilyProfile {
  family: Family;
  ms: number;
  rules: number;
}

export interface CheckProfile {
  version: 1;
  /** Evaluation workers used. */
  jobs: number;
  resources: number;
  stacks: number;
  /** Rules evaluated. */
  ruleCount: number;
  /**
   * Wall time per phase, ms: startup (process start to reading the input: Node, modules, options,
   * the policy bundle), synth (`crm-guard synth` running the CDKTF app), load (read and parse the inputs), normalize (build the models), evaluate,
   * report (locate, waive, assemble), output (format and write), total. A phase the caller did not
   * measure (a library call has no startup or output) is absent.
   */
  phases: Partial<Record<ProfilePhase, number>>;
  /**
   * Peak resident set of the process (workers included) when each phase ended, MiB: where the
   * memory went (the peak only grows).
   */
  peakRssMiBAfter: Partial<Record<ProfilePhase, number>>;
  /** Sum of the rules' worker times, ms. */
  workerMs: number;
  /**
   * Wall time, within evaluate, from the first part of the model sent to the workers until the
   * last of them held all of it (each worker parses the model into its own wasm memory), ms.
   */
  modelLoadMs: number;
  /** Peak resident set of the process (workers included), bytes. */
  peakRssBytes: number;
  /** Slowest first; ties by name. */
  families: FamilyProfile[];
  rules: RuleProfile[];
}

/** Collects rule timings and phase times while a check runs. */
export class ProfileRecorder {
  private readonly byRule = new Map<string, RuleProfile>();

  readonly phases: Partial<Record<ProfilePhase, number>> = {};

  private readonly rssAfter: Partial<Record<ProfilePhase, number>> = {};

  jobs = 0;

  private modelLoadMs = 0;

  /** Adds one evaluation's rule timings (one stack, one bundle) and the time its model took to load. */
  addTimings(timings: readonly RuleTiming[], jobs: number, modelLoadMs: number): void {
    this.jobs = Math.max(this.jobs, jobs);
    this.modelLoadMs += modelLoadMs;
    for (const t of timings) {
      const r = this.byRule.get(t.ruleId) ?? { id: t.ruleId, family: t.family, ms: 0, findings: 0 };
      r.ms += t.ms;
      r.findings += t.findings;
      this.byRule.set(t.ruleId, r);
    }
  }

  /** Adds wall time to a phase. */
  addPhase(phase: ProfilePhase, ms: number): void {
    this.phases[phase] = (this.phases[phase] ?? 0) + ms;
    this.rssAfter[phase] = Math.round(process.resourceUsage().maxRSS / 1024);
  }

  result(counts: { resources: number; stacks: number }): CheckProfile {
    const rules = [...this.byRule.values()].map((r) => ({ ...r, ms: round(r.ms) })).sort((a, b) => b.ms - a.ms || (a.id < b.id ? -1 : 1));
    const families = new Map<Family, FamilyProfile>();
    for (const r of rules) {
      const f = families.get(r.family) ?? { family: r.family, ms: 0, rules: 0 };
      f.ms += r.ms;
      f.rules++;
      families.set(r.family, f);
    }
    const phases: Partial<Record<ProfilePhase, number>> = {};
    for (const p of PROFILE_PHASES) if (this.phases[p] !== undefined) phases[p] = round(this.phases[p] as number);
    return {
      version: 1,
      jobs: this.jobs,
      resources: counts.resources,
      stacks: counts.stacks,
      ruleCount: rules.length,
      phases,
      peakRssMiBAfter: Object.fromEntries(PROFILE_PHASES.filter((p) => this.rssAfter[p] !== undefined).map((p) => [p, this.rssAfter[p] as number])),
      workerMs: round(rules.reduce((n, r) => n + r.ms, 0)),
      modelLoadMs: round(this.modelLoadMs),
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      families: [...families.values()].map((f) => ({ ...f, ms: round(f.ms) })).sort((a, b) => b.ms - a.ms || (a.family < b.family ? -1 : 1)),
      rules,
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

const num = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** The profile for a terminal: phases, families, and the `top` slowest rules. */
export function formatProfile(p: CheckProfile, top = 15): string {
  const lines = [`crm-guard profile: ${num(p.resources)} resources in ${p.stacks} stack${p.stacks === 1 ? '' : 's'}, ${p.ruleCount} rules, ${p.jobs} evaluation worker${p.jobs === 1 ? '' : 's'}`];
  lines.push('  phase (wall ms):');
  for (const phase of PROFILE_PHASES) {
    const ms = p.phases[phase];
    const rss = p.peakRssMiBAfter[phase];
    if (ms !== undefined) lines.push(`    ${phase.padEnd(10)} ${num(ms).padStart(10)}${rss !== undefined ? `   peak RSS ${rss} MiB` : ''}`);
  }
  if (p.phases.evaluate !== undefined) lines.push(`  evaluate: ${num(p.modelLoadMs)} ms loading the model into the workers, the rest running the rules`);
  lines.push(`  peak RSS: ${(p.peakRssBytes / 1048576).toFixed(0)} MiB`);
  lines.push(`  rule families (worker ms, ${num(p.workerMs)} in all):`);
  for (const f of p.families) lines.push(`    ${f.family.padEnd(4)} ${num(f.ms).padStart(10)}  ${f.rules} rules`);
  lines.push(`  slowest rules (worker ms, findings):`);
  for (const r of p.rules.slice(0, top)) lines.push(`    ${r.id.padEnd(14)} ${num(r.ms).padStart(10)}  ${num(r.findings)}`);
  return `${lines.join('\n')}\n`;
}
