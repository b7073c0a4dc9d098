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
  const dependsOn = dependencyLists(numbered);
  // Steps of one phase waiting for exactly the same steps can run in parallel.
  const peerKeys = numbered.map((x) => `${x.draft.phase}\u0000${dependsOn[x.n - 1].join(',')}`);
  const peers = new Map<string, number>();
  for (const k of peerKeys) peers.set(k, (peers.get(k) ?? 0) + 1);
  return numbered.map((x) => ({
    step: x.n,
    phase: x.draft.phase,
    action: x.draft.action,
    resources: x.labels,
    dependsOn: dependsOn[x.n - 1],
    estimate: stepEstimate(ctx, x.draft),
    owner: ownerOf(x.draft),
    parallel: x.draft.phase !== 'prerequisite' && (peers.get(peerKeys[x.n - 1]) ?? 0) > 1,
  }));
}

/** A merged runbook step: its number (1-based, in runbook order), draft and resource keys. */
export interface Numbered {
  n: number;
  draft: StepDraft;
  keys: ReadonlySet<string>;
}

/** Orders whose steps must be done before traffic may go to the DR site (issue 15 §1: serving = writes work). */
const BEFORE_SERVING = new Set<number>([ORDER.fence, ORDER.secrets, ORDER.data - 1, ORDER.data, ORDER.repoint, ORDER.queues, ORDER.compute]);

/**
 * dependsOn of every step (`all` numbered 1..n in order; the result in the same order):
 * prerequisite checks happen before T0 and depend on nothing; an automatic step starts at the
 * event; a manual failover step waits for the declaration and for earlier failover steps on the
 * same resources (promote → repoint); a manual traffic step waits for everything the DR site needs
 * to serve writes; validation waits for every failover step that nothing else waits for;
 * re-protection waits for validation and earlier steps on its resources.
 * Steps sharing a resource are found through an index of the steps by resource, and each step's
 * list is computed once: a drill over thousands of data stores has thousands of steps (a
 * data-corruption drill of 10,000 resources compared every step with every other, many times).
 */
export function dependencyLists(all: readonly Numbered[]): number[][] {
  const declare = all.find((y) => y.draft.phase === 'failover' && y.draft.order === ORDER.declare);
  const byKey = new Map<string, Numbered[]>();
  for (const y of all) {
    for (const k of y.keys) {
      const list = byKey.get(k);
      if (list) list.push(y);
      else byKey.set(k, [y]);
    }
  }
  /** Adds the earlier steps of a lower order that share a resource with `x` and pass `counts`. */
  const sharing = (x: Numbered, counts: (y: Numbered) => boolean, out: Set<number>): void => {
    for (const k of x.keys) {
      for (const y of byKey.get(k) ?? []) if (y.n < x.n && y.draft.order < x.draft.order && counts(y)) out.add(y.n);
    }
  };
  const failover = all.filter((y) => y.draft.phase === 'failover');
  const validate = all.filter((y) => y.draft.phase === 'validate');
  const memo = new Map<number, number[]>();
  const of = (x: Numbered): number[] => {
    const known = memo.get(x.n);
    if (known) return known;
    const d = x.draft;
    const out = new Set<number>();
    if (d.phase === 'prerequisite' || d.automatic || (d.phase === 'failover' && d.order === ORDER.declare)) {
      // depends on nothing
    } else if (d.phase === 'failover') {
      if (declare) out.add(declare.n);
      sharing(x, (y) => y.draft.phase === 'failover' && y.draft.order !== ORDER.declare, out);
      if (d.order === ORDER.traffic) for (const y of failover) if (BEFORE_SERVING.has(y.draft.order)) out.add(y.n);
    } else if (d.phase === 'validate') {
      const waitedFor = new Set(failover.flatMap((y) => of(y)));
      for (const y of failover) if (!waitedFor.has(y.n)) out.add(y.n);
    } else {
      for (const y of validate) out.add(y.n);
      sharing(x, (y) => y.draft.phase === 'failover' || y.draft.phase === 're-protect', out);
    }
    out.delete(x.n);
    const list = [...out].sort((a, b) => a - b);
    memo.set(x.n, list);
    return list;
  };
  return all.map(of);
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
