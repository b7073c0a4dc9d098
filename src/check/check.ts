/**
 * `check`: load → normalize → evaluate (one call per stack, warm engine) → waive → baseline →
 * report. The library entry point; the CLI only turns arguments into these options.
 */
import { applyBaseline, loadBaseline, type Baseline } from '../baseline/baseline';
import { resolveConfig, type CrmGuardConfig } from '../config/load';
import { ConfigError } from '../errors';
import { PolicyEngine, PolicySet, type Evaluator } from '../engine/engine';
import { loadUserPolicies } from '../engine/user-policies';
import { loadInputs, type LoadOptions } from '../input/load';
import type { NormalizedModel } from '../model/types';
import { applyWaivers, checkToday, utcToday, validateWaiverRules } from '../waivers/apply';
import { discoverWaiverFile, waiverFileSource } from '../waivers/file';
import { constructWaiverSource } from '../waivers/construct';
import type { Waiver, WaiverSource } from '../waivers/types';
import { locateFindings } from './locate';
import { assembleReport, exitCodeFor, stacksOf, toFinding, type FailOn, type Finding, type Report } from './report';
import { effectiveRules } from './rules';

export interface CheckOptions extends LoadOptions {
  /** A config file path, or an already-validated config object. Defaults to the shipped defaults. */
  config?: string | CrmGuardConfig;
  /** Lowest severity that fails the run (default `low`: any unwaived finding fails). */
  failOn?: FailOn;
  /** A warm engine to reuse across calls (tests, the synth-time guard). */
  engine?: PolicyEngine;
  /** Team policy folders (Rego beside the baseline), compiled with the pinned OPA, or prebuilt bundles. */
  policies?: readonly string[];
  /** A waivers file (YAML). */
  waivers?: string;
  /**
   * When `waivers` is not given, look for `crm-guard.waivers.yaml` in this directory (the CLI passes
   * its working directory). Without it the library discovers nothing.
   */
  waiversSearchDir?: string;
  /** More waiver sources, applied together with the file (e.g. construct-level waivers). */
  waiverSources?: readonly WaiverSource[];
  /** The date waiver expiry is judged against, YYYY-MM-DD. Default: today in UTC. */
  today?: string;
  /** A baseline file or a loaded baseline: findings recorded in it are `existing` and do not block. */
  baseline?: string | Baseline;
  /**
   * Wall-clock budget of each evaluation (one bundle, baseline or team, over one stack), in ms;
   * default 300000. An evaluation that runs longer is an EngineError naming the rule family.
   */
  evaluationBudgetMs?: number;
  /** RSA public key file (PEM) that prebuilt team bundles (`policies`) are signed with. */
  bundleKeyFile?: string;
}

export interface CheckResult {
  report: Report;
  exitCode: 0 | 1;
  models: NormalizedModel[];
}

export async function check(paths: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
  const models = await loadInputs(paths, options);
  return checkModels(models, options);
}

/**
 * The waiver sources of a run: the named or discovered file, the waivers recorded in the input
 * itself (CDKTF construct-level waivers), then any extra sources.
 */
export function waiverSourcesFor(options: Pick<CheckOptions, 'waivers' | 'waiversSearchDir' | 'waiverSources'>): WaiverSource[] {
  const file = options.waivers !== undefined ? waiverFileSource(options.waivers) : options.waiversSearchDir !== undefined ? discoverWaiverFile(options.waiversSearchDir) : null;
  return [...(file ? [file] : []), constructWaiverSource, ...(options.waiverSources ?? [])];
}

/** `max_waiver_days`: a waiver may not expire more than `maxDays` days after `today`. */
function checkWaiverLifetimes(waivers: readonly Waiver[], today: string, maxDays: number): void {
  const limit = new Date(Date.parse(`${today}T00:00:00Z`) + maxDays * 86_400_000).toISOString().slice(0, 10);
  for (const w of waivers) {
    if (w.expires > limit) {
      throw new ConfigError(`waiver ${w.id} (${w.rule} on ${w.resource}) expires ${w.expires}, more than max_waiver_days (${maxDays}) after ${today}`, {
        file: w.origin.file,
        hint: `set an expiry on or before ${limit}, or raise max_waiver_days in the gate's configuration`,
      });
    }
  }
}

export async function checkModels(models: NormalizedModel[], options: CheckOptions = {}): Promise<CheckResult> {
  const engine = options.engine ?? (await PolicyEngine.load());
  const user = (options.policies ?? []).map((dir) => loadUserPolicies(dir, { bundleKeyFile: options.bundleKeyFile }));
  return checkModelsWith(user.length > 0 ? new PolicySet([engine, ...user]) : engine, models, options);
}

/** The synchronous core of `check`, given a loaded evaluator (the synth-time guard cannot await). */
export function checkModelsWith(engine: Evaluator, models: NormalizedModel[], options: CheckOptions = {}): CheckResult {
  const failOn = options.failOn ?? 'low';
  const today = checkToday(options.today ?? utcToday());
  const config = resolveConfig(options.config);
  const allowHardMandatoryWaivers = config.allow_hard_mandatory_waivers === true;
  const rules = effectiveRules(engine.catalog, config, typeof options.config === 'string' ? options.config : undefined);
  // `inline_waivers: false`: the artifact under check cannot waive its own findings.
  const inline = config.inline_waivers !== false;
  const sources = waiverSourcesFor(options);
  const ignoredInline = inline ? null : constructWaiverSource.load(models).length;
  const waivers: Waiver[] = sources.filter((s) => inline || s !== constructWaiverSource).flatMap((s) => s.load(models));
  validateWaiverRules(waivers, new Set(rules.map((r) => r.id)));
  if (typeof config.max_waiver_days === 'number') checkWaiverLifetimes(waivers, today, config.max_waiver_days);
  const baseline = typeof options.baseline === 'string' ? loadBaseline(options.baseline) : options.baseline;

  engine.setConfig(config);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const raw: Finding[] = [];
  for (const model of models) {
    for (const r of engine.evaluate(model, { budgetMs: options.evaluationBudgetMs })) raw.push(toFinding(r, byId.get(r.rule.id) ?? r.rule, model));
  }
  const waived = applyWaivers(locateFindings(raw, models), waivers, { today, allowHardMandatoryWaivers });
  let report = assembleReport({
    stacks: stacksOf(models),
    rules,
    findings: waived.findings,
    waivers: waived.outcomes,
    baseline: null,
    bundles: [...engine.bundles],
    ignoredInlineWaivers: ignoredInline,
    failOn,
    allowHardMandatoryWaivers,
  });
  if (baseline) report = applyBaseline(report, baseline, typeof options.baseline === 'string' ? options.baseline : '<memory>');
  return { report, exitCode: exitCodeFor(report), models };
}
