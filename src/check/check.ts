/** `check`: load → normalize → evaluate (one call per stack, warm engine) → report. */
import { resolveConfig, type CrmGuardConfig } from '../config/load';
import { PolicyEngine } from '../engine/engine';
import { loadInputs, type LoadOptions } from '../input/load';
import type { NormalizedModel } from '../model/types';
import { buildReport, exitCodeFor, toFinding, type FailOn, type Finding, type Report } from './report';

export interface CheckOptions extends LoadOptions {
  /** A config file path, or an already-validated config object. Defaults to the shipped defaults. */
  config?: string | CrmGuardConfig;
  /** Lowest severity that fails the run (default `low`: any unwaived finding fails). */
  failOn?: FailOn;
  /** A warm engine to reuse across calls (tests, the synth-time guard). */
  engine?: PolicyEngine;
}

export interface CheckResult {
  report: Report;
  exitCode: 0 | 1;
  models: NormalizedModel[];
}

export async function check(paths: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
  const models = loadInputs(paths, options);
  return checkModels(models, options);
}

export async function checkModels(models: NormalizedModel[], options: CheckOptions = {}): Promise<CheckResult> {
  const failOn = options.failOn ?? 'low';
  const config = resolveConfig(options.config);
  const engine = options.engine ?? (await PolicyEngine.load());
  engine.setConfig(config);
  const findings: Finding[] = [];
  for (const model of models) {
    for (const raw of engine.evaluate(model)) findings.push(toFinding(raw, model, failOn));
  }
  const report = buildReport(models, findings, engine.catalog.rules.length, failOn);
  return { report, exitCode: exitCodeFor(report), models };
}
