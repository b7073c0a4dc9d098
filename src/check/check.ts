/**
 * `check`: load → normalize → evaluate (one call per stack, warm engine) → waive → baseline →
 * report. The library entry point; the CLI only turns arguments into these options.
 */
import { applyBaseline, loadBaseline, type Baseline } from '../baseline/baseline';
import { resolveConfig, type CrmGuardConfig } from '../config/load';
import { ConfigError } from '../errors';
import { PolicyEngine, PolicySet, type Evaluator, type RuleTiming } from '../engine/engine';
import { checkJobs } from '../engine/wasm-runner';
import { loadUserPolicies } from '../engine/user-policies';
import { loadInputs, type LoadOptions } from '../input/load';
import { prestartScanThreadFor, stopScanThread } from '../input/scan-thread';
import { withComparison } from '../model/compare';
import type { NormalizedModel } from '../model/types';
import { applyWaivers, checkToday, utcToday, validateWaiverRules } from '../waivers/apply';
import { discoverWaiverFile, waiverFileSource } from '../waivers/file';
import { constructWaiverSource } from '../waivers/construct';
import { hclCommentWaiverSource } from '../waivers/hcl-comments';
import type { Waiver, WaiverSource } from '../waivers/types';
import { locateFindings } from './locate';
import type { ProfileRecorder } from './profile';
import { findRepoRoot, locateInRepository } from './repo-location';
import { assembleReport, exitCodeFor, stacksOf, toFinding, type FailOn, type Finding, type Report } from './report';
import { effectiveRules, ruleSelectionOf, selectRules, type RuleSelection } from './rules';

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
   * The repository checkout that report locations are relative to (SARIF, annotations). Default:
   * the nearest directory above the working directory holding `.git`, else the working directory.
   */
  repoRoot?: string;
  /** Rule globs to include/exclude and a lowest severity to report, over the config's `rules`/`severity_threshold`. */
  rules?: RuleSelection;
  /** Told what a long step is doing (the CLI prints it on a terminal's stderr). */
  onProgress?: (step: string) => void;
  /**
   * A previous input (same shapes as the inputs): CDKTF/HCL stacks are compared with the stack of
   * the same name in it, so the change-safety (CHG) rules see what would be deleted or replaced.
   */
  compareTo?: string;
  /**
   * Wall-clock budget of each evaluation (one bundle, baseline or team, over one stack), in ms;
   * default 300000. An evaluation that runs longer is an EngineError naming the rule family.
   */
  evaluationBudgetMs?: number;
  /**
   * Evaluation workers (worker threads, each with its own warm wasm instance) that share the rules
   * of an evaluation; default: the machine's available parallelism. 1 evaluates on one worker.
   * Findings are the same, in the same order, whatever the number.
   */
  jobs?: number;
  /** RSA public key file (PEM) that prebuilt team bundles (`policies`) are signed with. */
  bundleKeyFile?: string;
  /** Records phase and per-rule times (`check --profile`); read it with `profiler.result(...)`. */
  profiler?: ProfileRecorder;
}

export interface CheckResult {
  report: Report;
  exitCode: 0 | 1;
  models: NormalizedModel[];
}

export async function check(paths: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
  const jobs = checkJobs(options.jobs);
  // The helper thread that scans a large JSON input boots while the engine loads.
  prestartScanThreadFor(paths);
  // The engine's workers boot (and compile their wasm) while the input is read.
  const loading = performance.now();
  const engine = options.engine ?? (await PolicyEngine.load());
  // An engine this call made is closed once the rules are evaluated: its workers' wasm memory (the
  // largest part of a big run) is released before the report is built.
  const owned = options.engine === undefined;
  try {
    engine.prestart(jobs);
    options.profiler?.addPhase('startup', performance.now() - loading);
    options.onProgress?.(`loading ${paths.join(', ')}`);
    const t = performance.now();
    let normalizing = 0;
    const loadOptions: CheckOptions = options.profiler ? { ...options, onNormalized: (ms) => (normalizing += ms) } : options;
    let models: NormalizedModel[];
    try {
      models = await loadInputs(paths, loadOptions);
      if (options.compareTo !== undefined) models = withComparison(models, await loadInputs([options.compareTo], { ...loadOptions, readStdin: undefined }), options.compareTo);
    } finally {
      // Read: its memory is given back before the rules run.
      stopScanThread();
    }
    options.profiler?.addPhase('load', performance.now() - t - normalizing);
    options.profiler?.addPhase('normalize', normalizing);
    return await checkModels(models, { ...options, engine }, owned ? () => engine.close() : undefined);
  } finally {
    if (owned) engine.close();
  }
}

/**
 * The waiver sources of a run: the named or discovered file, the waivers recorded in the input
 * itself (CDKTF construct-level waivers, HCL `# crm-guard:ignore` comments), then any extra sources.
 */
export function waiverSourcesFor(options: Pick<CheckOptions, 'waivers' | 'waiversSearchDir' | 'waiverSources'>): WaiverSource[] {
  const file = options.waivers !== undefined ? waiverFileSource(options.waivers) : options.waiversSearchDir !== undefined ? discoverWaiverFile(options.waiversSearchDir) : null;
  return [...(file ? [file] : []), constructWaiverSource, hclCommentWaiverSource, ...(options.waiverSources ?? [])];
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

/** `afterEvaluation`: see checkModelsWith. */
export async function checkModels(models: NormalizedModel[], options: CheckOptions = {}, afterEvaluation?: () => void): Promise<CheckResult> {
  const engine = options.engine ?? (await PolicyEngine.load());
  if ((options.policies ?? []).length > 0) options.onProgress?.('compiling team policies');
  const user = (options.policies ?? []).map((dir) => loadUserPolicies(dir, { bundleKeyFile: options.bundleKeyFile }));
  // Team bundles compiled here (and a baseline engine loaded here) are this call's to close.
  const owned = [...(options.engine === undefined ? [engine] : []), ...user];
  const release = () => {
    for (const e of owned) e.close();
    afterEvaluation?.();
  };
  try {
    return checkModelsWith(user.length > 0 ? new PolicySet([engine, ...user]) : engine, models, options, release);
  } finally {
    for (const e of owned) e.close();
  }
}

/**
 * The synchronous core of `check`, given a loaded evaluator (the synth-time guard cannot await).
 * `afterEvaluation` is called once every rule is evaluated, before the report is built: an owner
 * of the engine closes it there, releasing its workers' wasm memory early.
 */
export function checkModelsWith(engine: Evaluator, models: NormalizedModel[], options: CheckOptions = {}, afterEvaluation?: () => void): CheckResult {
  const failOn = options.failOn ?? 'low';
  const today = checkToday(options.today ?? utcToday());
  const config = resolveConfig(options.config);
  const allowHardMandatoryWaivers = config.allow_hard_mandatory_waivers === true;
  const allRules = effectiveRules(engine.catalog, config, typeof options.config === 'string' ? options.config : undefined);
  const rules = selectRules(allRules, ruleSelectionOf(config, options.rules));
  const selected = new Set(rules.map((r) => r.id));
  // `inline_waivers: false`: the artifact under check cannot waive its own findings (construct
  // waivers recorded in CDKTF JSON, crm-guard:ignore comments in HCL).
  const inline = config.inline_waivers !== false;
  const inlineSources: readonly WaiverSource[] = [constructWaiverSource, hclCommentWaiverSource];
  const sources = waiverSourcesFor(options);
  const ignoredInline = inline ? null : inlineSources.reduce((n, s) => n + s.load(models).length, 0);
  const loaded: Waiver[] = sources.filter((s) => inline || !inlineSources.includes(s)).flatMap((s) => s.load(models));
  validateWaiverRules(loaded, new Set(allRules.map((r) => r.id)));
  if (typeof config.max_waiver_days === 'number') checkWaiverLifetimes(loaded, today, config.max_waiver_days);
  // Waivers of rules left out of this run neither waive nor count as unused.
  const waivers = loaded.filter((w) => selected.has(w.rule));
  const baseline = typeof options.baseline === 'string' ? loadBaseline(options.baseline) : options.baseline;

  engine.setConfig(config);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const raw: Finding[] = [];
  if (options.onProgress) options.onProgress(`evaluating ${rules.length} rules over ${models.reduce((n, m) => n + Object.keys(m.resources).length, 0)} resources`);
  const profiler = options.profiler;
  const onTimings = profiler ? (t: RuleTiming[], used: number, modelLoadMs: number) => profiler.addTimings(t, used, modelLoadMs) : undefined;
  const evaluating = performance.now();
  for (const model of models) {
    for (const r of engine.evaluate(model, { budgetMs: options.evaluationBudgetMs, jobs: options.jobs, rules: selected, onTimings })) {
      // A joined stack sees its app's other stacks (peers); what a rule says about a peer, the
      // peer's own stack reports, so each finding keeps the stack that declares the resource.
      if (model.peers?.[r.resource]) continue;
      if (selected.has(r.rule.id)) raw.push(toFinding(r, byId.get(r.rule.id) ?? r.rule, model));
    }
  }
  afterEvaluation?.();
  profiler?.addPhase('evaluate', performance.now() - evaluating);
  const reporting = performance.now();
  const located = locateInRepository(locateFindings(raw, models), models, { root: options.repoRoot ?? findRepoRoot(process.cwd()) });
  const waivableRules = new Set(rules.filter((r) => r.waivable === true).map((r) => r.id));
  const waived = applyWaivers(located, waivers, { today, allowHardMandatoryWaivers, waivableRules });
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
  profiler?.addPhase('report', performance.now() - reporting);
  return { report, exitCode: exitCodeFor(report), models };
}
