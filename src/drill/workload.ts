/**
 * The workload's truth (issue 15 §1, §7): components roll up through the dependency graph (a
 * component serves writes only when everything it needs is recovered), the workload RTO is the
 * critical path of the runbook, the RPO is the worst loss among the data the front door needs,
 * a strategy label (dr-model §3), per data-class loss windows, and the findings a DR owner must
 * see (automatic front-door failover not gated on data recovery; replica lag not watched).
 */
import type { Ctx } from './context';
import { formatSeconds, notATime, ALL_CONTENT, IN_FLIGHT } from './estimate';
import type { WorkloadGraph } from './graph';
import type { Component, DataClass, DataClassName, Estimate, Outcome, RunbookStep, Strategy, Workload, WorkloadFinding } from './types';
import { DATA_CLASSES } from './types';
import { gatedOnData } from './assess/serving';
import { num, str, type Res } from './world';

export interface Row {
  res: Res;
  component: Component;
}

/** How far an outcome is from serving writes; a component takes the worst of its own and what it needs. */
const SERVING_RANK: Record<Outcome, number> = { UNAFFECTED: 0, SURVIVES_AUTO: 1, DEGRADED: 1, RECOVERS_MANUAL: 2, WAITS_FOR_AWS: 3, BLOCKED: 4, UNRECOVERABLE: 4 };

/** Components that serve requests: they serve writes only when what they need is back. */
const SERVING_KINDS = new Set(['dns', 'load-balancer', 'compute']);

/** Needs that do not stop writes: a cold cache serves (sessions are lost), a DR queue takes new messages. */
const NON_BLOCKING_KINDS = new Set(['cache', 'queue']);

/** Kinds whose RPO is data loss (a key, a front door or compute loses no data). */
const DATA_KINDS = new Set(['database', 'object-store', 'cache', 'table', 'file-system', 'volume', 'queue', 'secret']);

const label = (c: Component): string => `${c.stack}:${c.resource}`;

function maxEstimate(own: Estimate, dep: Estimate, note: string): Estimate {
  const mx = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.max(a, b));
  return {
    best: mx(own.best, dep.best),
    typical: mx(own.typical, dep.typical),
    worst: mx(own.worst, dep.worst),
    confidence: dep.confidence === own.confidence ? own.confidence : dep.confidence,
    source: [...new Set([...own.source.split(','), ...dep.source.split(',')].filter(Boolean))].join(','),
    terms: [...own.terms, ...dep.terms.filter((t) => !own.terms.some((o) => o.name === t.name))],
    note,
  };
}

function sumEstimate(first: Estimate, then: Estimate, note: string): Estimate {
  const add = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.round((a + b) * 1000) / 1000);
  return {
    best: add(first.best, then.best),
    typical: add(first.typical, then.typical),
    worst: add(first.worst, then.worst),
    confidence: first.confidence,
    source: [...new Set([...first.source.split(','), ...then.source.split(',')].filter(Boolean))].join(','),
    terms: [...first.terms, ...then.terms],
    note,
  };
}

/** Serving components behind a failover gated on data recovery: their recovery starts when the data is back. */
export function gatedServing(ctx: Ctx, graph: WorkloadGraph): Set<string> {
  const out = new Set<string>();
  for (const group of ctx.links.failover.values()) {
    const primary = group.find((f) => f.role === 'PRIMARY');
    const secondary = group.find((f) => f.role === 'SECONDARY');
    if (!primary || !secondary || !gatedOnData(primary, secondary)) continue;
    out.add(primary.record.key);
    for (const t of primary.targets) {
      out.add(t.key);
      for (const k of graph.needs.get(t.key) ?? []) if (ctx.world.resources.some((r) => r.key === k && COMPUTE_TYPES.has(r.type))) out.add(k);
    }
  }
  return out;
}

const COMPUTE_TYPES = new Set(['aws_ecs_service', 'aws_autoscaling_group', 'aws_instance', 'aws_lambda_function']);

/**
 * Rolls the outcome and RTO of each affected component up through what it needs: a front door,
 * load balancer or compute unit does not "survive automatically" before the database it writes to.
 * Mutates the components in place (they are the report's).
 */
export function rollUp(rows: readonly Row[], graph: WorkloadGraph, afterData: ReadonlySet<string> = new Set()): void {
  const byKey = new Map(rows.map((r) => [r.res.key, r]));
  const order = [...rows].sort((a, b) => (a.res.key < b.res.key ? -1 : 1));
  for (const row of order) {
    const c = row.component;
    // Only the serving path rolls up: a replica or key keeps its own outcome.
    if (!SERVING_KINDS.has(c.kind)) continue;
    if (c.outcome === 'UNAFFECTED' || c.outcome === 'BLOCKED' || c.outcome === 'UNRECOVERABLE') continue;
    const needs = graph
      .closure(row.res.key)
      .map((k) => byKey.get(k))
      // What serving waits for is data (reached through the serving chain); a blocked serving need blocks too.
      .filter((r): r is Row => r !== undefined && r.component.outcome !== 'UNAFFECTED' && !NON_BLOCKING_KINDS.has(r.component.kind) && (!SERVING_KINDS.has(r.component.kind) || r.component.outcome === 'BLOCKED' || r.component.outcome === 'UNRECOVERABLE'));
    let worst: Row | undefined;
    for (const n of needs) {
      const rank = SERVING_RANK[n.component.outcome];
      if (rank <= SERVING_RANK[c.outcome] && (n.component.rto.worst ?? Infinity) <= (c.rto.worst ?? Infinity)) continue;
      if (!worst || rank > SERVING_RANK[worst.component.outcome] || (rank === SERVING_RANK[worst.component.outcome] && (n.component.rto.worst ?? Infinity) > (worst.component.rto.worst ?? Infinity))) worst = n;
    }
    if (!worst) continue;
    const w = worst.component;
    if (w.outcome === 'BLOCKED' || w.outcome === 'UNRECOVERABLE') {
      c.reasons.unshift(`[BLOCKED dependency] ${label(c)} cannot serve writes: it needs ${label(w)}, which is ${w.outcome}`);
      c.outcome = 'BLOCKED';
      c.survives = false;
      c.meetsTargets = false;
      c.rto = { best: null, typical: null, worst: null, confidence: c.rto.confidence, source: c.rto.source, terms: [], note: `blocked until ${label(w)} recovers` };
      c.rtoSeconds = null;
      continue;
    }
    const before = c.outcome;
    if (SERVING_RANK[w.outcome] > SERVING_RANK[c.outcome]) c.outcome = w.outcome;
    // Behind a gated failover the component's own time starts when the data is back; otherwise both run in parallel.
    c.rto = afterData.has(row.res.key) ? sumEstimate(w.rto, c.rto, `serves writes after ${label(w)} is recovered and the failover gate opens`) : maxEstimate(c.rto, w.rto, `serves writes once ${label(w)} is recovered`);
    c.rtoSeconds = c.rto.worst;
    c.reasons.unshift(
      `serves writes only once ${label(w)} is recovered (${w.outcome}, RTO ≤ ${formatSeconds(w.rto.worst)})${before !== c.outcome ? `: ${before} on its own, ${c.outcome} for the workload` : ''}`,
    );
    if (c.target && c.target.rtoSeconds !== null && c.rto.worst !== null && c.rto.worst > c.target.rtoSeconds && c.meetsTargets) {
      c.meetsTargets = false;
      c.reasons.push(`misses the RTO target ${formatSeconds(c.target.rtoSeconds)}: worst case ${formatSeconds(c.rto.worst)} once its dependencies are counted`);
    }
  }
}

/** Longest path through the failover steps, by one estimate column. */
function longest(steps: readonly RunbookStep[], column: 'best' | 'typical' | 'worst'): { total: number; path: number[] } {
  const byNumber = new Map(steps.map((s) => [s.step, s]));
  const memo = new Map<number, { total: number; path: number[] }>();
  const finish = (n: number): { total: number; path: number[] } => {
    const hit = memo.get(n);
    if (hit) return hit;
    const s = byNumber.get(n)!;
    let best = { total: 0, path: [] as number[] };
    for (const d of s.dependsOn) {
      if (!byNumber.has(d)) continue;
      const f = finish(d);
      if (f.total > best.total || (f.total === best.total && best.path.length === 0)) best = f;
    }
    const out = { total: Math.round((best.total + s.estimate[column]) * 1000) / 1000, path: [...best.path, n] };
    memo.set(n, out);
    return out;
  };
  let top = { total: 0, path: [] as number[] };
  for (const s of steps) {
    // The declaration alone recovers nothing: it counts through the steps that wait for it.
    if (s.owner === 'incident-commander') continue;
    const f = finish(s.step);
    if (f.total > top.total) top = f;
  }
  return top;
}

function strategyOf(rows: readonly Row[], needed: ReadonlySet<string>): Strategy {
  const relevant = rows.filter((r) => r.component.outcome !== 'UNAFFECTED' && (needed.size === 0 || needed.has(r.res.key)));
  const mechanisms = relevant.map((r) => r.component.mechanism ?? '');
  if (mechanisms.some((m) => /restore|redeploy from IaC|deployed in the DR region/.test(m))) return 'backup & restore';
  if (mechanisms.some((m) => m.startsWith('pilot light'))) return 'pilot light';
  if (relevant.every((r) => r.component.outcome === 'SURVIVES_AUTO' || r.component.outcome === 'DEGRADED')) return 'active-active';
  return 'warm standby';
}

/** A health check that answers for data writability or a routing control gates the failover. */
function gated(ctx: Ctx, checks: readonly (Res | null)[]): boolean {
  return checks.some((hc) => {
    if (!hc) return false;
    const type = str(hc.values.type);
    return type === 'RECOVERY_CONTROL' || str(hc.values.routing_control_arn) !== undefined || type === 'CLOUDWATCH_METRIC' || (type === 'CALCULATED' && ctx.world.resolve(hc, 'child_healthchecks').some((c) => gated(ctx, [c])));
  });
}

function isReadReplica(r: Res): boolean {
  return (r.type === 'aws_db_instance' && r.values.replicate_source_db !== undefined && r.values.replicate_source_db !== null) || (r.type === 'aws_rds_cluster' && (r.values.replication_source_identifier !== undefined || r.values.global_cluster_identifier !== undefined));
}

/** Automatic DNS failover toward a site whose database is a read-only replica, with nothing that waits for its promotion. */
export function ungatedFailovers(ctx: Ctx, graph: WorkloadGraph): WorkloadFinding[] {
  const out: WorkloadFinding[] = [];
  for (const group of [...ctx.links.failover.values()]) {
    const primary = group.find((f) => f.role === 'PRIMARY');
    const secondary = group.find((f) => f.role === 'SECONDARY');
    if (!primary || !secondary) continue;
    if (primary.healthCheck === null && !primary.evaluateTargetHealth) continue;
    if (gatedOnData(primary, secondary) || gated(ctx, [primary.healthCheck, secondary.healthCheck])) continue;
    const replicas = new Map<string, Res>();
    for (const t of secondary.targets) {
      for (const k of [t.key, ...graph.closure(t.key)]) {
        const r = ctx.world.resources.find((x) => x.key === k);
        if (r && isReadReplica(r)) replicas.set(r.key, r);
      }
    }
    if (replicas.size === 0) continue;
    const rs = [...replicas.values()];
    out.push({
      id: 'DR-UNGATED-FAILOVER',
      severity: 'high',
      message: `${ctx.label(primary.record)} fails over automatically (${primary.healthCheck ? `health check ${ctx.label(primary.healthCheck)}` : 'target health'}) to ${ctx.label(secondary.record)}, whose site writes to the read-only replica ${ctx.labels(rs)}: a health-check blip or a region loss sends users to a site that cannot take writes until the replica is promoted. Gate the failover on data recovery: an ARC routing control (RECOVERY_CONTROL health check) or a CLOUDWATCH_METRIC health check on the DR database's writability on ${ctx.label(secondary.record)}.`,
      resources: [primary.record, secondary.record, ...(primary.healthCheck ? [primary.healthCheck] : []), ...rs].map((r) => ctx.label(r)),
    });
  }
  return out;
}

/** A replica-promotion RPO assumes ReplicaLag is watched: flag a replica no metric alarm watches. */
export function unwatchedReplicas(ctx: Ctx, rows: readonly Row[]): WorkloadFinding[] {
  const out: WorkloadFinding[] = [];
  const alarms = ctx.world.ofType('aws_cloudwatch_metric_alarm');
  for (const row of rows) {
    const m = row.component.mechanism ?? '';
    if (!/read replica promotion/.test(m)) continue;
    for (const r of ctx.links.dbReplicas.get(row.res.key) ?? []) {
      if (!m.includes(ctx.label(r))) continue;
      // A lag alarm has a threshold above 0 (a read-only gate alarm at 0 only says "still a replica").
      const watched = alarms.some((a) => /ReplicaLag/.test(str(a.values.metric_name) ?? JSON.stringify(a.values.metric_query ?? '')) && (num(a.values.threshold) ?? 0) > 0 && JSON.stringify(a.raw.refs).includes(r.address));
      if (watched) continue;
      out.push({
        id: 'DR-NO-REPLICA-LAG-ALARM',
        severity: 'medium',
        message: `the RPO of ${label(row.component)} (≤ ${formatSeconds(row.component.rpo.worst)}) assumes the lag of ${ctx.label(r)} is watched, but no aws_cloudwatch_metric_alarm on ReplicaLag references it: lag beyond the estimate would go unnoticed`,
        resources: [ctx.label(r)],
      });
    }
  }
  return out;
}

/** The data class a component holds: its `DataClass` tag, else its kind and name. */
export function dataClassOf(row: Row): DataClassName | undefined {
  const tag = row.res.tags.DataClass ?? row.res.tags['data-class'];
  if (tag) {
    const hit = DATA_CLASSES.find((d) => d === tag.toLowerCase());
    if (hit) return hit;
  }
  const name = `${row.res.address} ${row.res.raw.origin.constructPath ?? ''}`.toLowerCase();
  switch (row.component.kind) {
    case 'database':
    case 'table':
      return 'customer records';
    case 'cache':
      return 'sessions';
    case 'queue':
      return 'in-flight events';
    case 'object-store':
      if (name.includes('audit') || name.includes('trail')) return 'audit logs';
      if (name.includes('log')) return 'access logs';
      if (name.includes('attach') || name.includes('document') || name.includes('file')) return 'attachments';
      return undefined;
    default:
      return undefined;
  }
}

export function dataClasses(rows: readonly Row[]): DataClass[] {
  const out: DataClass[] = [];
  for (const cls of DATA_CLASSES) {
    const members = rows.filter((r) => dataClassOf(r) === cls);
    if (members.length === 0) continue;
    // Copies outside the failure domain hold the same class: the primaries decide the loss.
    const affected = members.filter((r) => r.component.outcome !== 'UNAFFECTED');
    const names = members.map((r) => label(r.component)).sort();
    if (affected.length === 0) {
      out.push({ class: cls, rpoSeconds: 0, note: 'not in the failure domain: nothing is lost', components: names });
      continue;
    }
    const lost = affected.filter((r) => r.component.rpo.worst === null && !notATime(r.component.rpo));
    if (lost.length > 0) {
      out.push({ class: cls, rpoSeconds: null, note: `lost: ${lost.map((r) => label(r.component)).join(', ')} ${lost.length === 1 ? 'has' : 'have'} no usable copy`, components: names });
      continue;
    }
    const items = affected.filter((r) => notATime(r.component.rpo));
    if (items.length > 0) {
      const allSessions = items.some((r) => r.component.rpo.note === ALL_CONTENT);
      out.push({ class: cls, rpoSeconds: null, note: allSessions ? 'all sessions: every signed-in user signs in again' : items.some((r) => r.component.rpo.note === IN_FLIGHT) ? 'events in flight in the lost queues until the region returns (replay from the outbox)' : 'not a time', components: names });
      continue;
    }
    const worst = Math.max(...affected.map((r) => r.component.rpo.worst ?? 0));
    const worstRow = affected.find((r) => (r.component.rpo.worst ?? 0) === worst)!;
    out.push({ class: cls, rpoSeconds: worst, note: `up to ${formatSeconds(worst)} of writes (${worstRow.component.mechanism ?? 'no recovery needed'}; ${worstRow.component.rpo.confidence})`, components: names });
  }
  return out;
}

/** Front doors: PRIMARY failover records in the failure domain, else load balancers, else compute. */
function frontDoors(rows: readonly Row[]): Row[] {
  const records = rows.filter((r) => r.component.kind === 'dns');
  if (records.length > 0) return records;
  const lbs = rows.filter((r) => r.component.kind === 'load-balancer');
  if (lbs.length > 0) return lbs;
  return rows.filter((r) => r.component.kind === 'compute');
}

export function buildWorkload(ctx: Ctx, rows: readonly Row[], graph: WorkloadGraph, runbook: readonly RunbookStep[]): Workload {
  const doors = frontDoors(rows);
  const needed = new Set<string>();
  for (const d of doors) {
    needed.add(d.res.key);
    for (const k of graph.closure(d.res.key)) needed.add(k);
  }
  // When the references do not reach the data (no task definition naming it), every affected component counts.
  const reachesData = rows.some((r) => needed.has(r.res.key) && DATA_KINDS.has(r.component.kind));
  if (!reachesData) needed.clear();
  const onPath = rows.filter((r) => needed.has(r.res.key));
  const failover = runbook.filter((s) => s.phase === 'failover');
  const worst = longest(failover, 'worst');
  const blocked = onPath.some((r) => r.component.outcome === 'BLOCKED' || r.component.outcome === 'UNRECOVERABLE');
  const rpoRows = (onPath.length > 0 ? onPath : rows).filter((r) => DATA_KINDS.has(r.component.kind) && r.component.outcome !== 'UNAFFECTED' && !notATime(r.component.rpo));
  const rpoLost = rpoRows.some((r) => r.component.rpo.worst === null);
  const reprotect = runbook.filter((s) => s.phase === 're-protect');
  const dependencies: Record<string, string[]> = {};
  const byKey = new Map(rows.map((r) => [r.res.key, r]));
  for (const r of rows) {
    const deps = (graph.needs.get(r.res.key) ?? []).map((k) => byKey.get(k)).filter((x): x is Row => x !== undefined).map((x) => label(x.component));
    if (deps.length > 0) dependencies[label(r.component)] = deps;
  }
  return {
    rtoSeconds: blocked ? null : worst.total,
    rpoSeconds: rpoLost ? null : Math.max(0, ...rpoRows.map((r) => r.component.rpo.worst ?? 0)),
    strategy: strategyOf(rows, needed),
    criticalPath: blocked ? [] : worst.path,
    rto: blocked ? { best: null, typical: null, worst: null } : { best: longest(failover, 'best').total, typical: longest(failover, 'typical').total, worst: worst.total },
    reprotectSeconds: reprotect.length === 0 ? 0 : longest(reprotect.map((s) => ({ ...s, dependsOn: s.dependsOn.filter((d) => reprotect.some((x) => x.step === d)) })), 'worst').total,
    frontDoors: doors.map((d) => label(d.component)),
    findings: [...ungatedFailovers(ctx, graph), ...unwatchedReplicas(ctx, rows)],
    dependencies,
  };
}
