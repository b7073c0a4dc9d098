/** The report model: computed as data first; formatters and exit codes read it, never the reverse. */
import type { BundleIdentity } from '../engine/engine';
import type { BaselineComparison } from '../baseline/baseline';
import { fingerprintOf } from '../baseline/fingerprint';
import type { ControlRef, EnforcementLevel, Family, RuleMeta, Severity } from '../engine/catalog';
import { ENFORCEMENT_LEVELS, SEVERITIES, severityRank } from '../engine/catalog';
import type { RawFinding } from '../engine/engine';
import type { InputFormat, NormalizedModel, Origin } from '../model/types';
import type { FindingWaiver, WaiverOutcome } from '../waivers/types';

export type FailOn = Severity | 'none';
export const FAIL_ON_LEVELS: readonly FailOn[] = [...SEVERITIES, 'none'];

/** A place in the repository checkout: `file` relative to its root, with forward slashes. */
export interface RepoLocation {
  file: string;
  line: number;
}

export interface Finding {
  ruleId: string;
  title: string;
  /** Effective severity: the rule's METADATA severity, or the config's `severity` override. */
  severity: Severity;
  family: Family;
  /** Effective enforcement level (METADATA, severity default, or the config's `enforcement` override). */
  enforcement: EnforcementLevel;
  resource: string;
  resourceType: string;
  stack: string;
  message: string;
  remediation: string;
  origin: Origin;
  /**
   * The repository file and line that show the finding (src/check/repo-location.ts): for CDKTF the
   * construct's TypeScript source. Absent when the input is outside the repository (or stdin).
   */
  location?: RepoLocation;
  controls: Record<string, ControlRef[]>;
  /** The control could not be proven from the input (unknown-at-plan value); it still counts. */
  unverifiable: boolean;
  /** sha256 of rule + stack + address (src/baseline/fingerprint.ts): stable across runs and edits. */
  fingerprint: string;
  waived: boolean;
  /** The waiver that waived it, or an expired/refused one that matched it. */
  waiver?: FindingWaiver;
  /** Against a baseline (only when one is used): `existing` findings are recorded in it. */
  baseline?: 'new' | 'existing';
  /** Fails the run (see `isBlocking`). */
  blocking: boolean;
}

export interface ReportStack {
  name: string;
  source: string;
  format: InputFormat;
  resources: number;
  /**
   * Whether the change-safety (CHG) rules could see the stack's planned changes: from the plan
   * itself, by comparing with a previous input (`--compare-to`), or not at all (CDKTF/HCL input
   * alone): then the CHG family was not evaluated for it, and reports say so.
   */
  changes: 'plan' | 'compare-to' | 'not-evaluated';
}

export interface Report {
  version: 1;
  summary: {
    stacks: number;
    resources: number;
    rules: number;
    findings: number;
    bySeverity: Record<Severity, number>;
    byEnforcement: Record<EnforcementLevel, number>;
    /** Findings waived by an active waiver. */
    waived: number;
    blocking: number;
    failOn: FailOn;
    /** Whether waivers and baselines may exempt hard-mandatory findings (config flag). */
    allowHardMandatoryWaivers: boolean;
    /** Waivers past their expiry date. */
    expired: number;
    /** Active waivers that matched no finding. */
    unusedWaivers: number;
    /** Waivers that matched only hard-mandatory findings and were not allowed to waive them. */
    refusedWaivers: number;
    /** Findings not in the baseline; null without a baseline. */
    new: number | null;
    /** Baseline entries of the checked stacks that no longer occur; null without a baseline. */
    fixed: number | null;
    /** With `inline_waivers: false`: waivers recorded in the checked artifact that were ignored; null otherwise. */
    ignoredInlineWaivers: number | null;
  };
  /** Sorted by stack, resource, rule. */
  findings: Finding[];
  /** Every waiver that was loaded, with what it did, sorted by id. */
  waivers: WaiverOutcome[];
  baseline: BaselineComparison | null;
  stacks: ReportStack[];
  /** The evaluated rules with effective severity and enforcement (SARIF descriptors, JUnit cases). */
  rules: RuleMeta[];
  /** The policy bundles evaluated (baseline first, then team bundles): digests and signature status. */
  bundles: BundleIdentity[];
}

export interface GateSettings {
  failOn: FailOn;
  allowHardMandatoryWaivers: boolean;
}

/**
 * A finding blocks when it is not waived, its rule is not advisory, its severity reaches --fail-on,
 * and it is not an `existing` baseline finding. A baseline is a bulk exemption, so like a waiver it
 * does not exempt hard-mandatory findings unless `allow_hard_mandatory_waivers` is set.
 */
export function isBlocking(f: Pick<Finding, 'severity' | 'enforcement' | 'waived' | 'baseline'>, settings: GateSettings): boolean {
  if (f.waived || f.enforcement === 'advisory') return false;
  if (settings.failOn === 'none' || severityRank(f.severity) > severityRank(settings.failOn)) return false;
  if (f.baseline === 'existing' && (f.enforcement !== 'hard-mandatory' || settings.allowHardMandatoryWaivers)) return false;
  return true;
}

/** A raw engine result as a finding of `rule` (the effective rule: overrides applied), not yet gated. */
export function toFinding(raw: RawFinding, rule: RuleMeta, model: NormalizedModel): Finding {
  const resource = model.resources[raw.resource];
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    family: rule.family,
    enforcement: rule.enforcement,
    resource: raw.resource,
    resourceType: resource?.type ?? raw.resource.split('.')[0],
    stack: model.stack,
    message: raw.message,
    remediation: rule.remediation,
    origin: { ...(resource?.origin ?? moduleCallOrigin(model, raw.resource) ?? { file: model.source }) },
    controls: rule.controls,
    unverifiable: raw.unverifiable,
    fingerprint: fingerprintOf({ ruleId: rule.id, stack: model.stack, resource: raw.resource }),
    waived: false,
    blocking: false,
  };
}

/** A finding on a module call (`module.a.module.b`): where the call is written, when the model knows (HCL). */
function moduleCallOrigin(model: NormalizedModel, address: string): Origin | undefined {
  return address.startsWith('module.') ? model.modules[address.slice('module.'.length)]?.origin : undefined;
}

export function stacksOf(models: readonly NormalizedModel[]): ReportStack[] {
  return models
    .map((m): ReportStack => ({ name: m.stack, source: m.source, format: m.format, resources: Object.keys(m.resources).length, changes: m.changes?.basis ?? 'not-evaluated' }))
    .sort((a, b) => cmp(a.name, b.name));
}

export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.stack, b.stack) || cmp(a.resource, b.resource) || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface ReportParts extends GateSettings {
  stacks: ReportStack[];
  rules: RuleMeta[];
  findings: Finding[];
  waivers: WaiverOutcome[];
  baseline: BaselineComparison | null;
  bundles: BundleIdentity[];
  /** See Report.summary.ignoredInlineWaivers (absent = null). */
  ignoredInlineWaivers?: number | null;
}

/** Sorts, decides `blocking` for every finding, and counts. Pure: re-assembling gives the same report. */
export function assembleReport(parts: ReportParts): Report {
  const settings: GateSettings = { failOn: parts.failOn, allowHardMandatoryWaivers: parts.allowHardMandatoryWaivers };
  const findings = parts.findings.map((f) => ({ ...f, blocking: isBlocking(f, settings) })).sort(compareFindings);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byEnforcement = Object.fromEntries(ENFORCEMENT_LEVELS.map((s) => [s, 0])) as Record<EnforcementLevel, number>;
  for (const f of findings) {
    bySeverity[f.severity]++;
    byEnforcement[f.enforcement]++;
  }
  const waivers = [...parts.waivers].sort((a, b) => cmp(a.id, b.id));
  return {
    version: 1,
    summary: {
      stacks: parts.stacks.length,
      resources: parts.stacks.reduce((n, s) => n + s.resources, 0),
      rules: parts.rules.length,
      findings: findings.length,
      bySeverity,
      byEnforcement,
      waived: findings.filter((f) => f.waived).length,
      blocking: findings.filter((f) => f.blocking).length,
      failOn: parts.failOn,
      allowHardMandatoryWaivers: parts.allowHardMandatoryWaivers,
      expired: waivers.filter((w) => w.status === 'expired').length,
      unusedWaivers: waivers.filter((w) => w.status === 'unused').length,
      refusedWaivers: waivers.filter((w) => w.status === 'refused').length,
      new: parts.baseline ? findings.filter((f) => f.baseline === 'new').length : null,
      fixed: parts.baseline ? parts.baseline.fixed.length : null,
      ignoredInlineWaivers: parts.ignoredInlineWaivers ?? null,
    },
    findings,
    waivers,
    baseline: parts.baseline,
    stacks: parts.stacks,
    rules: parts.rules,
    bundles: parts.bundles,
  };
}

/** The parts a report was assembled from (to re-assemble it, e.g. against a new baseline). */
export function partsOf(report: Report): ReportParts {
  return {
    stacks: report.stacks,
    rules: report.rules,
    findings: report.findings,
    waivers: report.waivers,
    baseline: report.baseline,
    bundles: report.bundles,
    ignoredInlineWaivers: report.summary.ignoredInlineWaivers,
    failOn: report.summary.failOn,
    allowHardMandatoryWaivers: report.summary.allowHardMandatoryWaivers,
  };
}

/** 0 nothing blocking, 1 blocking findings. (2 is raised as an error, never computed here.) */
export function exitCodeFor(report: Report): 0 | 1 {
  return report.summary.blocking > 0 ? 1 : 0;
}

/**
 * The caveat every report prints when change-safety rules were part of the run but some stacks
 * had no planned changes to check; null when there is nothing to say.
 */
export function changeSafetyNote(report: Pick<Report, 'stacks' | 'rules'>): string | null {
  if (!report.rules.some((r) => r.family === 'CHG')) return null;
  const missing = report.stacks.filter((s) => s.changes === 'not-evaluated');
  if (missing.length === 0) return null;
  return `change safety (CHG) not evaluated for ${missing.map((s) => `${s.name} (${s.format})`).join(', ')}: no plan — check a \`terraform show -json\` plan, or pass --compare-to PREV`;
}
