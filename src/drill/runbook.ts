/**
 * The ordered runbook (dr-model §6.5): prerequisite checks first, then declare, fence, keys and
 * secrets, data stores (in parallel), queues, compute, traffic, validation and re-protection.
 * Steps come from the chosen mechanism of each component; identical steps are merged.
 */
import type { ConstantName } from './constants';
import { ORDER, type Ctx, type StepDraft } from './context';
import { constant, sum } from './estimate';
import type { Component, OwnerRole, RunbookStep, StepEstimate, Term } from './types';
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
    all.push(ctx.step('failover', ORDER.declare, `Declare the loss of ${s.region} on objective criteria (health checks, AWS Health) and record T0`, [], [ctx.c('T_DECLARE')]));
    all.push(ctx.step('validate', ORDER.validate, 'Run synthetic transactions against the DR endpoint; compare the last committed marker with the last recovered one (the measured RPO) and record the observed RTO', touched.filter((c) => ['database', 'object-store', 'table', 'cache', 'file-system'].includes(c.component.kind)).map((c) => c.res)));
    all.push(ctx.step('re-protect', ORDER.reprotect, `Re-protect from the DR region: create reverse replicas/replication toward ${s.region} and plan the failback (use switchover, not failover, where it exists)`, []));
  } else if (s.type === 'DATA_CORRUPTION') {
    all.push(ctx.step('failover', ORDER.declare, 'Declare a data-corruption incident, find the last clean time (audit logs, application markers) and record T0', [], [ctx.c('T_DECLARE')]));
    all.push(ctx.step('validate', ORDER.validate, 'Check the restored data against application invariants and the last clean markers; replay legitimate writes made after the clean time', touched.filter((c) => ['database', 'object-store', 'table', 'file-system', 'volume'].includes(c.component.kind)).map((c) => c.res)));
  } else if (s.type === 'ACCOUNT_LOSS') {
    all.push(ctx.step('failover', ORDER.declare, `Declare the compromise of account ${s.account}: isolate it (organization SCP denying all but break-glass), revoke its credentials and record T0`, [], [ctx.c('T_DECLARE')]));
    all.push(ctx.step('validate', ORDER.validate, 'Run synthetic transactions against the workload in the clean account; confirm nothing in it trusts the compromised account', touched.map((c) => c.res)));
    all.push(ctx.step('re-protect', ORDER.reprotect, 'Protect the clean account: backup copies to a separate recovery account, vault lock, and replication outside the account', []));
  } else {
    all.push(ctx.step('failover', ORDER.declare, `Confirm the impairment of ${s.az} (AWS Health, FIS experiment) and record T0`, [], [ctx.c('T_DECLARE')]));
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
  const numbered = ordered.map((m, i) => ({ n: i + 1, draft: m.draft, keys: new Set(m.resources.keys()), labels: [...new Set(m.resources.values())].sort() }));
  return numbered.map((x) => {
    const dependsOn = dependencies(x, numbered);
    const siblings = numbered.filter((y) => y.n !== x.n && y.draft.phase === x.draft.phase && sameList(dependencies(y, numbered), dependsOn));
    return {
      step: x.n,
      phase: x.draft.phase,
      action: x.draft.action,
      resources: x.labels,
      dependsOn,
      estimate: stepEstimate(ctx, x.draft),
      owner: ownerOf(x.draft),
      parallel: x.draft.phase !== 'prerequisite' && siblings.length > 0,
    };
  });
}

interface Numbered {
  n: number;
  draft: StepDraft;
  keys: Set<string>;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Orders whose steps must be done before traffic may go to the DR site (issue 15 §1: serving = writes work). */
const BEFORE_SERVING = new Set<number>([ORDER.fence, ORDER.secrets, ORDER.data - 1, ORDER.data, ORDER.repoint, ORDER.queues, ORDER.compute]);

/**
 * dependsOn: prerequisite checks happen before T0 and depend on nothing; an automatic step
 * starts at the event; a manual failover step waits for the declaration and for earlier
 * failover steps on the same resources (promote → repoint); a manual traffic step waits for
 * everything the DR site needs to serve writes; validation waits for every failover step that
 * nothing else waits for; re-protection waits for validation and earlier steps on its resources.
 */
function dependencies(x: Numbered, all: readonly Numbered[]): number[] {
  const d = x.draft;
  if (d.phase === 'prerequisite' || d.automatic) return [];
  const declare = all.find((y) => y.draft.phase === 'failover' && y.draft.order === ORDER.declare);
  if (d.phase === 'failover' && d.order === ORDER.declare) return [];
  const out = new Set<number>();
  const sharing = (y: Numbered): boolean => y.n < x.n && y.draft.order < d.order && [...y.keys].some((k) => x.keys.has(k));
  if (d.phase === 'failover') {
    if (declare) out.add(declare.n);
    for (const y of all) if (y.draft.phase === 'failover' && y.draft.order !== ORDER.declare && sharing(y)) out.add(y.n);
    if (d.order === ORDER.traffic) for (const y of all) if (y.draft.phase === 'failover' && BEFORE_SERVING.has(y.draft.order)) out.add(y.n);
  } else if (d.phase === 'validate') {
    const failover = all.filter((y) => y.draft.phase === 'failover');
    const waitedFor = new Set(failover.flatMap((y) => dependencies(y, all)));
    for (const y of failover) if (!waitedFor.has(y.n)) out.add(y.n);
  } else {
    for (const y of all) if (y.draft.phase === 'validate') out.add(y.n);
    for (const y of all) if ((y.draft.phase === 'failover' || y.draft.phase === 're-protect') && sharing(y)) out.add(y.n);
  }
  out.delete(x.n);
  return [...out].sort((a, b) => a - b);
}

/** The default duration of a step that names no terms, by its place in the runbook. */
function defaultConstant(d: StepDraft): ConstantName {
  if (d.phase === 'prerequisite') return 'PRECHECK';
  if (d.phase === 'validate') return 'VALIDATE';
  if (d.phase === 're-protect') return 'REPROTECT';
  if (d.order === ORDER.declare) return 'T_DECLARE';
  if (d.order === ORDER.fence) return 'FENCE';
  if (d.order === ORDER.compute) return 'SCALE_OUT';
  return 'OPERATOR_STEP';
}

function stepEstimate(ctx: Ctx, d: StepDraft): StepEstimate {
  const terms: Term[] = d.estimate.length > 0 ? d.estimate : [constant(ctx.consts, defaultConstant(d))];
  const e = sum(...terms);
  return { best: e.best ?? 0, typical: e.typical ?? 0, worst: e.worst ?? 0, confidence: e.confidence, source: e.source, terms: terms.map((t) => t.name) };
}

function ownerOf(d: StepDraft): OwnerRole {
  if (d.order === ORDER.declare && d.phase === 'failover') return 'incident-commander';
  if (d.phase === 'validate') return 'application-owner';
  const types = d.resources.map((r) => r.type);
  if (types.some((t) => t.startsWith('aws_db_') || t.startsWith('aws_rds_'))) return 'database-admin';
  if (types.some((t) => t.startsWith('aws_secretsmanager_') || t.startsWith('aws_kms_'))) return 'security-engineer';
  if (types.some((t) => t.startsWith('aws_route53') || t === 'aws_lb' || t === 'aws_alb')) return 'network-engineer';
  return 'platform-engineer';
}
