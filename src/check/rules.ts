/**
 * The effective rule set of a run: the catalog (METADATA) with the config's per-rule `severity` and
 * `enforcement` overrides applied. Overrides naming no rule are config errors, all reported at once.
 */
import { globs } from '../lazy-modules';
import type { CrmGuardConfig } from '../config/load';
import { SEVERITIES, severityRank, type Catalog, type EnforcementLevel, type RuleMeta, type Severity } from '../engine/catalog';
import { ConfigError, UsageError } from '../errors';

export function effectiveRules(catalog: Catalog, config: CrmGuardConfig, configFile?: string): RuleMeta[] {
  const severity = (config.severity ?? {}) as Record<string, Severity>;
  const enforcement = (config.enforcement ?? {}) as Record<string, EnforcementLevel>;
  const ids = new Set(catalog.rules.map((r) => r.id));
  const problems = [
    ...Object.keys(severity).filter((id) => !ids.has(id)).map((id) => `severity.${id}: no such rule`),
    ...Object.keys(enforcement).filter((id) => !ids.has(id)).map((id) => `enforcement.${id}: no such rule`),
  ];
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`, { file: configFile, hint: 'list the rule ids with `crm-guard rules`' });
  }
  return catalog.rules.map((r) => ({
    ...r,
    severity: severity[r.id] ?? r.severity,
    enforcement: enforcement[r.id] ?? r.enforcement,
  }));
}

/** Which rules a run reports: id globs to include (default all) and exclude, and a lowest severity. */
export interface RuleSelection {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Findings of rules below this (effective) severity are not reported, so they cannot block either. */
  minSeverity?: Severity;
}

/**
 * The selection from the config (`rules.include`/`rules.exclude`, `severity_threshold`) with the
 * caller's options over it: an `include` given replaces the config's, excludes add up.
 */
export function ruleSelectionOf(config: CrmGuardConfig, options: RuleSelection = {}): RuleSelection {
  const fromConfig = (config.rules ?? {}) as { include?: string[]; exclude?: string[] };
  const include = options.include && options.include.length > 0 ? options.include : fromConfig.include;
  const exclude = [...(fromConfig.exclude ?? []), ...(options.exclude ?? [])];
  const minSeverity = options.minSeverity ?? (config.severity_threshold as Severity | undefined);
  return { ...(include ? { include } : {}), ...(exclude.length > 0 ? { exclude } : {}), ...(minSeverity ? { minSeverity } : {}) };
}

/** The selected rules. A pattern that matches no rule is an error (a typo would silently select nothing). */
export function selectRules(rules: readonly RuleMeta[], selection: RuleSelection): RuleMeta[] {
  if (selection.minSeverity !== undefined && !(SEVERITIES as readonly string[]).includes(selection.minSeverity)) {
    throw new UsageError(`invalid severity "${String(selection.minSeverity)}"`, { hint: `expected one of ${SEVERITIES.join(', ')}` });
  }
  const compile = (pattern: string) => {
    const m = globs()(pattern.toUpperCase(), { nocase: true });
    if (!rules.some((r) => m(r.id))) throw new UsageError(`rule pattern "${pattern}" matches no rule`, { hint: 'list the rule ids with `crm-guard rules`; globs such as CRM-NET-* work' });
    return m;
  };
  const include = selection.include?.map(compile);
  const exclude = (selection.exclude ?? []).map(compile);
  return rules.filter(
    (r) =>
      (!include || include.some((m) => m(r.id))) &&
      !exclude.some((m) => m(r.id)) &&
      (!selection.minSeverity || severityRank(r.severity) <= severityRank(selection.minSeverity)),
  );
}
