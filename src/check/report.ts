/** The report model: computed as data first; formatters and exit codes read it, never the reverse. */
import type { ControlRef, Family, Severity } from '../engine/catalog';
import { SEVERITIES, severityRank } from '../engine/catalog';
import type { RawFinding } from '../engine/engine';
import type { NormalizedModel, Origin } from '../model/types';

export type FailOn = Severity | 'none';
export const FAIL_ON_LEVELS: readonly FailOn[] = [...SEVERITIES, 'none'];

export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  family: Family;
  resource: string;
  resourceType: string;
  stack: string;
  message: string;
  remediation: string;
  origin: Origin;
  controls: Record<string, ControlRef[]>;
  /** The control could not be proven from the input (unknown-at-plan value); it still counts. */
  unverifiable: boolean;
  waived: boolean;
  /** Fails the run under the chosen --fail-on threshold. */
  blocking: boolean;
}

export interface Report {
  version: 1;
  summary: {
    stacks: number;
    resources: number;
    rules: number;
    findings: number;
    bySeverity: Record<Severity, number>;
    waived: number;
    blocking: number;
    failOn: FailOn;
  };
  findings: Finding[];
}

export function isBlocking(severity: Severity, waived: boolean, failOn: FailOn): boolean {
  return !waived && failOn !== 'none' && severityRank(severity) <= severityRank(failOn);
}

export function toFinding(raw: RawFinding, model: NormalizedModel, failOn: FailOn): Finding {
  const resource = model.resources[raw.resource];
  const waived = false;
  return {
    ruleId: raw.rule.id,
    title: raw.rule.title,
    severity: raw.rule.severity,
    family: raw.rule.family,
    resource: raw.resource,
    resourceType: resource?.type ?? raw.resource.split('.')[0],
    stack: model.stack,
    message: raw.message,
    remediation: raw.rule.remediation,
    origin: resource?.origin ?? { file: model.source },
    controls: raw.rule.controls,
    unverifiable: raw.unverifiable,
    waived,
    blocking: isBlocking(raw.rule.severity, waived, failOn),
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.stack, b.stack) || cmp(a.resource, b.resource) || cmp(a.ruleId, b.ruleId) || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildReport(models: readonly NormalizedModel[], findings: Finding[], ruleCount: number, failOn: FailOn): Report {
  const sorted = [...findings].sort(compareFindings);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of sorted) bySeverity[f.severity]++;
  return {
    version: 1,
    summary: {
      stacks: models.length,
      resources: models.reduce((n, m) => n + Object.keys(m.resources).length, 0),
      rules: ruleCount,
      findings: sorted.length,
      bySeverity,
      waived: sorted.filter((f) => f.waived).length,
      blocking: sorted.filter((f) => f.blocking).length,
      failOn,
    },
    findings: sorted,
  };
}

/** 0 nothing blocking, 1 blocking findings. (2 is raised as an error, never computed here.) */
export function exitCodeFor(report: Report): 0 | 1 {
  return report.summary.blocking > 0 ? 1 : 0;
}
