/** `drill`: load (same inputs as `check`) → configuration → plan the drill. The CLI prints it. */
import { loadConfig, validateConfig, type CrmGuardConfig } from '../config/load';
import { loadInputs, type LoadOptions } from '../input/load';
import type { NormalizedModel } from '../model/types';
import { drillSettings, mergeDrillSections, type DrillSettings } from './config';
import { drillExitCode, planDrill } from './plan';
import { parseLose } from './scenario';
import type { DrillReport } from './types';

export interface DrillOptions extends LoadOptions {
  /** `region:NAME` or `az:NAME`. */
  lose: string;
  destroy?: boolean;
  rpo?: number;
  rto?: number;
  /** A config file path, or a (partial) config object merged over the shipped defaults. */
  config?: string | CrmGuardConfig;
}

export interface DrillResult {
  report: DrillReport;
  exitCode: 0 | 1;
  models: NormalizedModel[];
}

/** The shipped defaults with a user's config merged over them; `drill:` is merged key by key. */
export function loadDrillConfig(config?: string | CrmGuardConfig): { config: CrmGuardConfig; file: string } {
  const defaults = loadConfig();
  if (config === undefined) return { config: defaults, file: '<defaults>' };
  const merged: CrmGuardConfig = typeof config === 'string' ? loadConfig(config) : { ...defaults, ...validateConfig(config) };
  const drillSection = mergeDrillSections(defaults.drill, merged.drill);
  if (drillSection === undefined) delete merged.drill;
  else merged.drill = drillSection;
  return { config: merged, file: typeof config === 'string' ? config : '<config>' };
}

export function resolveDrillSettings(config?: string | CrmGuardConfig): DrillSettings {
  const { config: c, file } = loadDrillConfig(config);
  return drillSettings(c, file);
}

export async function drill(paths: readonly string[], options: DrillOptions): Promise<DrillResult> {
  const lose = parseLose(options.lose);
  const settings = resolveDrillSettings(options.config);
  const models = await loadInputs(paths, options);
  const report = planDrill(models, settings, { lose, destroy: options.destroy, rpo: options.rpo, rto: options.rto });
  return { report, exitCode: drillExitCode(report), models };
}
