/**
 * The ordered runbook (dr-model §6.5): prerequisite checks first, then declare, fence, keys and
 * secrets, data stores (in parallel), queues, compute, traffic, validation and re-protection.
 * Steps come from the chosen mechanism of each component; identical steps are merged.
 */
import { ORDER, type Ctx, type StepDraft } from './context';
import type { Component, RunbookStep } from './types';
import type { Res } from './world';

const PHASE_RANK: Record<RunbookStep['phase'], number> = { prerequisite: 0, failover: 1, validate: 2, 're-protect': 3 };

export function buildRunbook(ctx: Ctx, drafts: StepDraft[], components: { res: Res; component: Component }[]): RunbookStep[] {
  const all = [...drafts];
  const s = ctx.scenario;
  const touched = components.filter((c) => c.component.outcome !== 'UNAFFECTED');
  const blocked = components.filter((c) => c.component.outcome === 'BLOCKED');
  for (const b of blocked) {
    const first = b.component.reasons.find((r) => r.startsWith('[BLOCKED')) ?? b.component.reasons[0] ?? 'a DR dependency is missing';
    all.push(ctx.step('prerequisite', ORDER.preconditions, `Fix before the drill: ${first}`, [b.res]));
  }
  const lost = components.filter((c) => c.component.outcome === 'UNRECOVERABLE');
  if (lost.length > 0) {
    all.push(ctx.step('prerequisite', ORDER.preconditions, `Accept or fix before the drill: ${lost.length} component${lost.length === 1 ? ' has' : 's have'} no recovery path (see the component reasons)`, lost.map((c) => c.res)));
  }
  if (s.type === 'REGION_LOSS') {
    const drRegions = new Set<string>();
    if (s.drRegion && s.drRegion !== s.region) drRegions.add(s.drRegion);
    for (const d of drafts) if (d.phase === 'failover') for (const r of d.resources) if (r.region && r.region !== s.region) drRegions.add(r.region);
    for (const region of [...drRegions].sort()) {
      const n = ctx.network(region);
      all.push(ctx.step('prerequisite', ORDER.preconditions, `Verify the DR network in ${region}: ${n.evidence}${n.ok ? '' : ' (MISSING)'}; route tables, NAT/egress, security groups and VPC endpoints mirror the primary`, n.vpcs));
    }
    all.push(ctx.step('failover', ORDER.declare, `Declare the loss of ${s.region} on objective criteria (health checks, AWS Health) and record T0`, []));
    all.push(ctx.step('validate', ORDER.validate, 'Run synthetic transactions against the DR endpoint; compare the last committed marker with the last recovered one (the measured RPO) and record the observed RTO', touched.filter((c) => ['database', 'object-store', 'table', 'cache', 'file-system'].includes(c.component.kind)).map((c) => c.res)));
    all.push(ctx.step('re-protect', ORDER.reprotect, `Re-protect from the DR region: create reverse replicas/replication toward ${s.region} and plan the failback (use switchover, not failover, where it exists)`, []));
  } else {
    all.push(ctx.step('failover', ORDER.declare, `Confirm the impairment of ${s.az} (AWS Health, FIS experiment) and record T0`, []));
    all.push(ctx.step('validate', ORDER.validate, `Confirm the capacity in the AZs other than ${s.az} meets the load and every managed failover completed`, touched.map((c) => c.res)));
  }
  const merged = new Map<string, { draft: StepDraft; resources: Map<string, string> }>();
  for (const d of all) {
    const key = `${d.phase}\u0000${d.order}\u0000${d.action}`;
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { draft: d, resources: new Map() }));
    for (const r of d.resources) m.resources.set(r.key, ctx.label(r));
  }
  const ordered = [...merged.values()].sort(
    (a, b) => PHASE_RANK[a.draft.phase] - PHASE_RANK[b.draft.phase] || a.draft.order - b.draft.order || (a.draft.action < b.draft.action ? -1 : a.draft.action > b.draft.action ? 1 : 0),
  );
  return ordered.map((m, i) => ({ step: i + 1, phase: m.draft.phase, action: m.draft.action, resources: [...new Set(m.resources.values())].sort() }));
}
