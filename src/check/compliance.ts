/**
 * The compliance view: per framework control, did the checked input pass, fail, or leave it
 * unevaluated? Computed from the report (findings, rules) and the models (which resource types
 * exist), for the auditor's question "which controls does this configuration meet?".
 */
import type { RuleMeta } from '../engine/catalog';
import type { NormalizedModel } from '../model/types';
import { controlScope, findingInScope } from './control-scope';
import type { Finding, Report } from './report';

export type ControlStatus = 'fail' | 'pass' | 'not-evaluated';

export interface ControlRow {
  framework: string;
  control: string;
  /** False when the baseline marks the mapping unverified. */
  verified: boolean;
  status: ControlStatus;
  /** The rules mapped to the control, each with its own outcome. */
  rules: { id: string; status: ControlStatus; findings: number; waived: number }[];
}

export interface ComplianceView {
  version: 1;
  summary: Record<ControlStatus, number>;
  /** Sorted by framework, then control id. */
  controls: ControlRow[];
}

function ruleEvaluated(rule: RuleMeta, presentTypes: ReadonlySet<string>, changesKnown: boolean): boolean {
  // Change-safety rules read planned changes: without a plan (or --compare-to) they did not run.
  if (rule.family === 'CHG' && !changesKnown) return false;
  if (!rule.subjects || rule.subjects.length === 0 || rule.subjects.includes('*')) return true;
  return rule.subjects.some((t) => presentTypes.has(t));
}

interface Counts {
  findings: number;
  waived: number;
}

function count(findings: readonly Finding[]): Counts {
  const c = { findings: 0, waived: 0 };
  for (const f of findings) {
    if (f.waived) c.waived++;
    else c.findings++;
  }
  return c;
}

/**
 * A rule's outcome for one control. Unwaived findings fail it; otherwise it passes only when
 * something it is about was in the input (or a waiver was applied to it): with no resource in
 * scope the control was not evaluated, never passed nor failed.
 */
function outcome(counts: Counts, evaluated: boolean): ControlStatus {
  if (counts.findings > 0) return 'fail';
  return evaluated || counts.waived > 0 ? 'pass' : 'not-evaluated';
}

export function complianceView(report: Report, models: readonly NormalizedModel[]): ComplianceView {
  const present = new Set(models.flatMap((m) => Object.keys(m.by_type)));
  const changesKnown = models.some((m) => m.changes !== undefined);
  const perRule = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = perRule.get(f.ruleId);
    if (list) list.push(f);
    else perRule.set(f.ruleId, [f]);
  }
  const rows = new Map<string, ControlRow>();
  for (const rule of report.rules) {
    const findings = perRule.get(rule.id) ?? [];
    const ruleCounts = count(findings);
    const ruleStatus = outcome(ruleCounts, ruleEvaluated(rule, present, changesKnown));
    for (const [framework, ids] of Object.entries(rule.controls)) {
      for (const ref of ids) {
        const scope = controlScope(framework, ref.id);
        const counts = scope ? count(findings.filter((f) => findingInScope(scope, f.resourceType))) : ruleCounts;
        // A scoped control is evaluated when both the rule's and the control's subjects are present;
        // a finding in scope (e.g. "no trail at all" on the provider anchor) fails it regardless.
        const status = scope ? outcome(counts, ruleEvaluated(rule, present, changesKnown) && scope.types.some((t) => present.has(t))) : ruleStatus;
        const key = `${framework}\u0000${ref.id}`;
        const row = rows.get(key) ?? { framework, control: ref.id, verified: ref.verified, status: 'not-evaluated' as ControlStatus, rules: [] };
        row.verified &&= ref.verified;
        row.rules.push({ id: rule.id, status, ...counts });
        rows.set(key, row);
      }
    }
  }
  const controls = [...rows.values()]
    .map((row) => {
      const statuses = new Set(row.rules.map((r) => r.status));
      const status: ControlStatus = statuses.has('fail') ? 'fail' : statuses.has('pass') ? 'pass' : 'not-evaluated';
      return { ...row, status, rules: row.rules.sort((a, b) => (a.id < b.id ? -1 : 1)) };
    })
    .sort((a, b) => (a.framework !== b.framework ? (a.framework < b.framework ? -1 : 1) : compareControlIds(a.control, b.control)));
  const summary: Record<ControlStatus, number> = { fail: 0, pass: 0, 'not-evaluated': 0 };
  for (const c of controls) summary[c.status]++;
  return { version: 1, summary, controls };
}

/** Natural order: `A.8.9` before `A.8.10`, `RDS.2` before `RDS.11`. */
function compareControlIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
