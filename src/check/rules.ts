/**
 * The effective rule set of a run: the catalog (METADATA) with the config's per-rule `severity` and
 * `enforcement` overrides applied. Overrides naming no rule are config errors, all reported at once.
 */
import type { CrmGuardConfig } from '../config/load';
import type { Catalog, EnforcementLevel, RuleMeta, Severity } from '../engine/catalog';
import { ConfigError } from '../errors';

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
