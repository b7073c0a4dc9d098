/**
 * The serving path: load balancers, DNS failover records and compute (dr-model §2.9, §2.10,
 * §6.2 "DNS", §5.6 preconditions 4–6, 8).
 */
import { ORDER, type Assessment, type Candidate, type Ctx } from '../context';
import { derived, flat, sum, unbounded, zero } from '../estimate';
import type { FailoverRecord } from '../links';
import { mayBeIn } from '../placement';
import type { Term } from '../types';
import { num, str, type Res } from '../world';
import { unaffected } from './common';

/** T_detect for a failover record: `interval × threshold + interval` (dr-model §5.2). */
export function detectTerm(ctx: Ctx, fr: FailoverRecord): Term {
  const hc = fr.healthCheck;
  const interval = (hc && num(hc.values.request_interval)) ?? ctx.consts.HC_REQUEST_INTERVAL.worst;
  const threshold = (hc && num(hc.values.failure_threshold)) ?? ctx.consts.HC_FAILURE_THRESHOLD.worst;
  const source = hc ? 'R53-1,R53-2' : 'R53-4,R53-2,R53-7';
  const name = hc ? `T_detect (${ctx.label(hc)}: ${interval}s × ${threshold} + ${interval}s)` : `T_detect (target health: ${interval}s × ${threshold} + ${interval}s, defaults)`;
  return derived(name, interval * threshold, interval * threshold, interval * threshold + interval, source, hc ? 'derived' : 'documented');
}

export function ttlTerm(ctx: Ctx, fr: FailoverRecord): Term {
  if (fr.alias) return { ...ctx.c('DNS_ALIAS_TTL'), name: 'DNS TTL (alias)' };
  if (fr.ttl !== null) return flat(`DNS TTL (${ctx.label(fr.record)})`, fr.ttl, 'R53-3');
  return { ...ctx.c('DNS_ALIAS_TTL'), name: 'DNS TTL (not set)' };
}

function automatic(fr: FailoverRecord): boolean {
  return fr.healthCheck !== null || fr.evaluateTargetHealth;
}

export interface Traffic {
  auto: boolean;
  terms: Term[];
  records: Res[];
  notes: string[];
  steps: Candidate['steps'];
}

/**
 * How traffic reaches `region` when the lost region goes away: a PRIMARY record whose target is
 * in the lost region paired with a SECONDARY whose target is in `region`.
 */
export function trafficTo(ctx: Ctx, region: string | null): Traffic | undefined {
  return ctx.memo(`traffic\u0000${region}`, () => findTraffic(ctx, region));
}

function findTraffic(ctx: Ctx, region: string | null): Traffic | undefined {
  for (const group of ctx.links.failover.values()) {
    const primary = group.find((f) => f.role === 'PRIMARY' && f.targets.some((t) => ctx.inLostRegion(t)));
    const secondary = group.find((f) => f.role === 'SECONDARY' && f.targets.some((t) => t.region === region));
    if (!primary || !secondary) continue;
    return describeFailover(ctx, primary, secondary);
  }
  return undefined;
}

/** The failover waits for data recovery: a writability (CLOUDWATCH_METRIC) or routing-control check on the SECONDARY, or a routing control on the PRIMARY. */
export function gatedOnData(primary: FailoverRecord, secondary: FailoverRecord): Res | null {
  const type = (r: Res | null): string | undefined => (r ? str(r.values.type)?.toUpperCase() : undefined);
  if (type(secondary.healthCheck) === 'CLOUDWATCH_METRIC' || type(secondary.healthCheck) === 'RECOVERY_CONTROL') return secondary.healthCheck;
  if (type(primary.healthCheck) === 'RECOVERY_CONTROL') return primary.healthCheck;
  return null;
}

function describeFailover(ctx: Ctx, primary: FailoverRecord, secondary: FailoverRecord): Traffic {
  const records = [primary.record, secondary.record, ...(primary.healthCheck ? [primary.healthCheck] : []), ...(secondary.healthCheck ? [secondary.healthCheck] : [])];
  const gate = gatedOnData(primary, secondary);
  if (automatic(primary) && gate) {
    // Automatic, but only once the DR site can take writes: the traffic step waits for the data steps.
    return {
      auto: true,
      // Counted after the data recovery it waits for (the workload roll-up adds it to that RTO).
      terms: [ctx.c('GATE_CLEAR'), ttlTerm(ctx, secondary)],
      records,
      notes: [`Route 53 fails ${str(primary.record.values.name) ?? ctx.label(primary.record)} over to ${ctx.label(secondary.record)} only once ${ctx.label(gate)} reports the DR site writable (failover gated on data recovery)`],
      steps: [ctx.step('failover', ORDER.traffic, `Watch ${ctx.label(primary.record)} fail over to ${ctx.label(secondary.record)} once ${ctx.label(gate)} turns healthy (the DR database is writable); do not edit records`, records, [ctx.c('GATE_CLEAR'), ttlTerm(ctx, secondary)])],
    };
  }
  if (automatic(primary)) {
    return {
      auto: true,
      terms: [detectTerm(ctx, primary), ttlTerm(ctx, secondary)],
      records,
      notes: [`Route 53 fails ${str(primary.record.values.name) ?? ctx.label(primary.record)} over from ${ctx.label(primary.record)} to ${ctx.label(secondary.record)} on ${primary.healthCheck ? `health check ${ctx.label(primary.healthCheck)}` : 'target health'} (data plane, no record edit)`],
      steps: [ctx.autoStep('failover', ORDER.traffic, `Watch ${ctx.label(primary.record)} fail over to ${ctx.label(secondary.record)} on ${primary.healthCheck ? `health check ${ctx.label(primary.healthCheck)}` : 'target health'}; do not edit records (Route 53 control plane is in us-east-1)`, records, [detectTerm(ctx, primary), ttlTerm(ctx, secondary)])],
    };
  }
  return {
    auto: false,
    terms: [ctx.c('T_DECLARE'), ctx.c('MANUAL_DNS_EDIT'), ttlTerm(ctx, secondary)],
    records,
    notes: [`${ctx.label(primary.record)} has no health check and no evaluate_target_health: failover needs a manual record change, which depends on the Route 53 control plane in us-east-1 (R53-5, R53-6)`],
    steps: [ctx.step('failover', ORDER.traffic, `Make ${ctx.label(secondary.record)} answer: mark the primary unhealthy or change ${ctx.label(primary.record)} by hand (control-plane dependency)`, records, [ctx.c('MANUAL_DNS_EDIT'), ttlTerm(ctx, secondary)])],
  };
}

// --- load balancers --------------------------------------------------------------------------

function certificateProblems(ctx: Ctx, lb: Res): string[] {
  const out: string[] = [];
  for (const l of ctx.links.listeners.get(lb.key) ?? []) {
    const proto = str(l.values.protocol);
    if (proto !== 'HTTPS' && proto !== 'TLS') continue;
    const certs = ctx.world.resolve(l, 'certificate_arn', ['aws_acm_certificate', 'aws_acm_certificate_validation']);
    const cert = certs[0];
    if (!cert && !str(l.values.certificate_arn)) out.push(`[BLOCKED certificate] listener ${ctx.label(l)} of ${ctx.label(lb)} has no certificate the input can show (ACM certificates are regional, ACM1)`);
    else if (cert && cert.region !== lb.region) out.push(`[BLOCKED certificate] listener ${ctx.label(l)} of ${ctx.label(lb)} (${lb.region}) uses ${ctx.label(cert)} from ${cert.region}: ACM certificates are regional (ACM1)`);
  }
  return out;
}

export function assessLoadBalancer(ctx: Ctx, lb: Res): Assessment {
  if (ctx.scenario.type !== 'REGION_LOSS') {
    if (lb.region !== ctx.scenario.region) return unaffected(ctx, lb);
    const p = ctx.placement(lb);
    const az = ctx.scenario.az!;
    if (p.azs.length > 0 && !p.azs.includes(az)) return unaffected(ctx, lb, `its subnets are in ${p.azs.join(', ')}`);
    if (p.azs.length >= 2) {
      return {
        outcome: 'SURVIVES_AUTO',
        mechanism: 'load balancer nodes in the other AZs',
        rpo: zero('ELB1', 'derived', 'stateless'),
        rto: sum(ctx.c('LB_AZ_EVACUATE')),
        reasons: [`${ctx.label(lb)} spans ${p.azs.join(', ')}: nodes in ${az} leave DNS and cross-zone balancing serves from the others`],
        steps: [ctx.autoStep('failover', ORDER.traffic, `Start an ARC zonal shift away from ${az} for ${ctx.label(lb)} (or confirm zonal autoshift started)`, [lb], [ctx.c('LB_AZ_EVACUATE')])],
        checks: [],
      };
    }
    return {
      outcome: 'WAITS_FOR_AWS',
      mechanism: 'wait for the AZ to recover',
      rpo: zero('ELB1', 'derived', 'stateless'),
      rto: sum(ctx.c('AZ_IMPAIRMENT')),
      reasons: [`${ctx.label(lb)} has ${p.azs.length === 1 ? `one AZ (${p.azs[0]})` : 'no subnet AZ the input can show'}: an ALB needs at least two AZs (ELB1)`],
      steps: [],
      checks: [],
    };
  }
  if (!ctx.inLostRegion(lb)) {
    const a = unaffected(ctx, lb);
    const certs = certificateProblems(ctx, lb);
    if (certs.length > 0 && (ctx.links.recordsByTarget.get(lb.key) ?? []).some((f) => f.role === 'SECONDARY')) {
      return { ...a, outcome: 'BLOCKED', rto: unbounded('blocked until a certificate exists in the DR region'), reasons: [...certs, ...a.reasons] };
    }
    return a;
  }
  const records = ctx.links.recordsByTarget.get(lb.key) ?? [];
  const standbyOf = records.filter((f) => f.role === 'SECONDARY').flatMap((f) => ctx.links.partner(f)).find((p) => p.targets.length > 0 && p.targets.every((t) => !ctx.inLostRegion(t)));
  if (standbyOf && !records.some((f) => f.role === 'PRIMARY')) return standbyLost(ctx, lb, standbyOf.targets[0], standbyOf.record);
  const candidates: Candidate[] = [];
  for (const primary of records.filter((f) => f.role === 'PRIMARY')) {
    for (const secondary of ctx.links.partner(primary)) {
      for (const target of secondary.targets) {
        if (target.type !== 'aws_lb' && target.type !== 'aws_alb') continue;
        const { problems, notes } = ctx.copyProblems(target, target.region, `DR load balancer ${ctx.label(target)}`);
        problems.push(...certificateProblems(ctx, target).map((p) => p));
        const t = describeFailover(ctx, primary, secondary);
        candidates.push({
          mechanism: `Route 53 failover to ${ctx.label(target)} (${target.region})`,
          outcome: t.auto ? 'SURVIVES_AUTO' : 'RECOVERS_MANUAL',
          region: target.region,
          rpo: zero('ELB1', 'derived', 'stateless'),
          rto: sum(...t.terms),
          problems: problems.filter((p) => !p.startsWith('[BLOCKED')),
          notes: [...notes, ...t.notes, ...problems.filter((p) => p.startsWith('[BLOCKED'))],
          steps: t.steps,
          checks: [ctx.step('prerequisite', ORDER.dnsCheck, `Confirm ${ctx.label(secondary.record)} resolves to ${ctx.label(target)} and ${primary.healthCheck ? `health check ${ctx.label(primary.healthCheck)}` : 'the primary target'} is healthy before the drill starts`, [secondary.record, target, ...(primary.healthCheck ? [primary.healthCheck] : [])])],
          needs: ['network'],
        });
      }
    }
  }
  if (candidates.length === 0) {
    return {
      outcome: 'BLOCKED',
      mechanism: null,
      rpo: zero('ELB1', 'derived', 'stateless'),
      rto: unbounded('no DR entry point'),
      reasons: [`[BLOCKED dns] no Route 53 failover record pair routes ${ctx.label(lb)}'s traffic to a load balancer outside ${ctx.lost}: the DR region has no entry point (dr-model §5.6 precondition 4)`],
      steps: [],
      checks: [],
    };
  }
  const d = ctx.decide(candidates, '');
  const certBlocks = d.reasons.filter((r) => r.startsWith('[BLOCKED certificate]'));
  if (certBlocks.length > 0 && d.outcome !== 'UNRECOVERABLE') return { ...d, outcome: 'BLOCKED', rto: unbounded('blocked until a certificate exists in the DR region') };
  return d;
}

/** Regions that serve traffic now: where the targets of PRIMARY failover records are. */
function activeRegions(ctx: Ctx): Set<string> {
  return ctx.memo('active-regions', () => {
    const out = new Set<string>();
    for (const group of ctx.links.failover.values()) for (const f of group) if (f.role === 'PRIMARY') for (const t of f.targets) if (t.region) out.add(t.region);
    return out;
  });
}

/** A standby (DR) entry point or service is lost while the active site keeps serving. */
function standbyLost(ctx: Ctx, res: Res, active: Res, record: Res | null): Assessment {
  return {
    outcome: 'DEGRADED',
    mechanism: 'active site unaffected',
    rpo: zero('OURS', 'derived', 'stateless'),
    rto: zero('OURS', 'derived', 'the active site keeps serving'),
    reasons: [`${ctx.label(res)} is the standby of ${ctx.label(active)} (${active.region})${record ? `, the target of ${ctx.label(record)}` : ''}, which keeps serving: only the DR capability is lost until ${ctx.lost} returns`],
    steps: [ctx.step('re-protect', ORDER.reprotect, `Re-create the standby ${ctx.label(res)} once ${ctx.lost} is back, or stand one up in another allowed region`, [res])],
    checks: [],
  };
}

// --- DNS records -----------------------------------------------------------------------------

export function assessRecord(ctx: Ctx, rec: Res): Assessment {
  const fr = ctx.links.recordOf.get(rec.key);
  const none = { rpo: zero('R53-5', 'documented', 'Route 53 data plane is global') };
  if (!fr) return { ...unaffected(ctx, rec, 'Route 53 is a global service'), ...none };
  const lostTargets = fr.targets.filter((t) => (ctx.scenario.type === 'REGION_LOSS' ? ctx.inLostRegion(t) : t.region === ctx.scenario.region && mayBeIn(ctx.placement(t), ctx.scenario.az!) && ctx.placement(t).scope !== 'multi-az'));
  if (fr.role === 'SECONDARY' || lostTargets.length === 0) {
    const why = fr.targets.length === 0 ? 'its target is not a resource of the input' : `its target ${ctx.labels(fr.targets)} is not in the failure domain`;
    return { ...unaffected(ctx, rec, `${why} (${fr.role} record)`), ...none };
  }
  const partners = ctx.links.partner(fr).filter((p) => p.targets.length > 0 && p.targets.every((t) => !ctx.inLostRegion(t)));
  if (partners.length === 0) {
    return {
      outcome: 'BLOCKED',
      mechanism: null,
      ...none,
      rto: unbounded('no SECONDARY record'),
      reasons: [`[BLOCKED dns] ${ctx.label(rec)} is the PRIMARY of ${str(rec.values.name) ?? 'its name'} but no SECONDARY record points outside ${ctx.lost}`],
      steps: [],
      checks: [],
    };
  }
  const t = describeFailover(ctx, fr, partners[0]);
  return {
    outcome: t.auto ? 'SURVIVES_AUTO' : 'RECOVERS_MANUAL',
    mechanism: t.auto ? 'Route 53 health-check failover' : 'manual DNS change',
    ...none,
    rto: sum(...t.terms),
    reasons: t.notes,
    steps: t.steps,
    checks: [],
  };
}

// --- compute ---------------------------------------------------------------------------------

function capacity(res: Res): number | undefined {
  if (res.type === 'aws_ecs_service') return num(res.values.desired_count);
  if (res.type === 'aws_autoscaling_group') return num(res.values.desired_capacity) ?? num(res.values.min_size);
  if (res.type === 'aws_instance') return 1;
  return undefined;
}

/** Resources a DR compute unit depends on that live in the lost region (one hop, plus its task definition). */
function lostDependencies(ctx: Ctx, res: Res): Res[] {
  const seen = new Map<string, Res>();
  const visit = (r: Res, depth: number): void => {
    for (const path of Object.keys(r.raw.refs)) {
      for (const t of ctx.world.resolve(r, path)) {
        if (t.key === r.key || t.raw.mode !== 'managed') continue;
        if (t.region !== null && t.region === ctx.lost && !t.type.startsWith('aws_iam_') && !t.type.startsWith('aws_route53_')) seen.set(t.key, t);
        if (depth < 1 && (t.type === 'aws_ecs_task_definition' || t.type === 'aws_launch_template')) visit(t, depth + 1);
      }
    }
  };
  visit(res, 0);
  return [...seen.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

function imagesFromLostRegion(ctx: Ctx, res: Res): string[] {
  const out = new Set<string>();
  const defs = res.type === 'aws_ecs_service' ? ctx.world.resolve(res, 'task_definition', ['aws_ecs_task_definition']) : [];
  for (const d of defs) {
    const text = JSON.stringify(d.values.container_definitions ?? '');
    for (const m of text.matchAll(/([0-9]{12}|\$\{[^}]*\})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/[A-Za-z0-9._/-]+/g)) if (m[2] === ctx.lost) out.add(m[0]);
  }
  return [...out].sort();
}

export function assessCompute(ctx: Ctx, res: Res): Assessment {
  if (ctx.scenario.type !== 'REGION_LOSS') {
    if (res.region !== ctx.scenario.region) return unaffected(ctx, res);
    const p = ctx.placement(res);
    const az = ctx.scenario.az!;
    if (p.scope === 'regional') return unaffected(ctx, res, `${res.type} runs in every AZ of the region`);
    if (p.azs.length > 0 && !p.azs.includes(az) && p.scope !== 'unpinned') return unaffected(ctx, res, `it runs in ${p.azs.join(', ')}`);
    if (p.azs.length >= 2) {
      return {
        outcome: 'SURVIVES_AUTO',
        mechanism: 'capacity replaced in the other AZs',
        rpo: zero('ASG1', 'derived', 'stateless'),
        rto: sum(ctx.c('COMPUTE_AZ_REPLACE')),
        reasons: [`${ctx.label(res)} spans ${p.azs.join(', ')}: capacity lost in ${az} is replaced in the others (pre-scale it, ARC1)`],
        steps: [ctx.autoStep('failover', ORDER.compute, `Confirm the capacity of ${ctx.label(res)} in the AZs other than ${az} meets the load`, [res], [ctx.c('COMPUTE_AZ_REPLACE')])],
        checks: [],
      };
    }
    const reasons = [`${ctx.label(res)} runs in ${p.azs[0] ?? 'an AZ the input does not pin (assumed to be the failed one)'} only`];
    if (ctx.scenario.type === 'AZ_DESTRUCTION') {
      return {
        outcome: 'RECOVERS_MANUAL',
        mechanism: 'redeploy in another AZ',
        rpo: zero('OURS', 'derived', 'stateless'),
        rto: sum(ctx.c('T_DECLARE'), ctx.c('IAC_REDEPLOY')),
        reasons,
        steps: [ctx.step('failover', ORDER.compute, `Redeploy ${ctx.label(res)} into a surviving AZ`, [res], [ctx.c('IAC_REDEPLOY')])],
        checks: [],
      };
    }
    return { outcome: 'WAITS_FOR_AWS', mechanism: 'wait for the AZ to recover', rpo: zero('FIS1', 'derived', 'stateless'), rto: sum(ctx.c('AZ_IMPAIRMENT')), reasons, steps: [], checks: [] };
  }
  if (!ctx.inLostRegion(res)) return unaffected(ctx, res);
  const counterparts = ctx.links.counterpartsOf(res).filter((c) => !ctx.inLostRegion(c));
  const active = activeRegions(ctx);
  const activePeer = counterparts.find((c) => c.region !== null && active.has(c.region));
  if (activePeer && !(res.region !== null && active.has(res.region))) return standbyLost(ctx, res, activePeer, null);
  if (counterparts.length === 0) {
    return {
      outcome: 'RECOVERS_MANUAL',
      mechanism: 'redeploy from IaC in the DR region (backup & restore)',
      rpo: zero('WP1', 'derived', 'stateless'),
      rto: sum(ctx.c('T_DECLARE'), ctx.c('IAC_REDEPLOY')),
      reasons: [`no ${res.type} outside ${ctx.lost} plays the role of ${ctx.label(res)}: the DR region has no compute for it`],
      steps: [ctx.step('failover', ORDER.compute, `Deploy the compute of ${ctx.label(res)} in the DR region from IaC`, [res], [ctx.c('IAC_REDEPLOY')])],
      checks: [ctx.step('prerequisite', ORDER.quotas, 'Check the service quotas of the DR region for the compute to be deployed (not visible in the plan)', [res])],
    };
  }
  const d = counterparts[0];
  const n = capacity(d);
  const traffic = trafficTo(ctx, d.region);
  const deps = lostDependencies(ctx, d);
  const images = imagesFromLostRegion(ctx, d);
  const reasons: string[] = [];
  const blocked: string[] = [];
  for (const dep of deps) blocked.push(`[BLOCKED dependency] DR ${d.type} ${ctx.label(d)} depends on ${ctx.label(dep)} in ${ctx.lost}, the lost region`);
  for (const img of images) blocked.push(`[BLOCKED images] DR ${ctx.label(d)} pulls ${img} from ECR in ${ctx.lost}: replicate the repository to ${d.region} (aws_ecr_replication_configuration)`);
  const net = d.type === 'aws_lambda_function' && ctx.world.valuesAt(d, 'vpc_config.subnet_ids').length === 0 ? undefined : d.region ? ctx.network(d.region) : undefined;
  if (net && !net.ok) blocked.push(`[BLOCKED network] DR ${ctx.label(d)} needs a VPC with subnets in 2 AZs in ${d.region}: ${net.evidence}`);
  const warm = n === undefined || n > 0;
  reasons.push(warm ? `warm standby: ${ctx.label(d)} in ${d.region} runs ${n ?? 'some'} unit${n === 1 ? '' : 's'} already` : `pilot light: ${ctx.label(d)} in ${d.region} is defined with capacity 0 and must scale out`);
  const terms: Term[] = [];
  if (traffic) reasons.push(...traffic.notes);
  else reasons.push(`no Route 53 failover pair sends traffic to ${d.region}: traffic moves by a declared, manual change`);
  if (!warm) terms.push(ctx.c('T_DECLARE'), ctx.c('SCALE_OUT'));
  else if (traffic) terms.push(...traffic.terms);
  else terms.push(ctx.c('T_DECLARE'), ctx.c('MANUAL_DNS_EDIT'), ctx.c('DNS_ALIAS_TTL'));
  // A warm standby smaller than the primary scales out too; one already at production size needs no step.
  const primarySize = capacity(res);
  const undersized = !warm || (n !== undefined && primarySize !== undefined && n < primarySize);
  if (warm && undersized) reasons.push(`${ctx.label(d)} runs ${n} of the ${primarySize} units of ${ctx.label(res)}: it serves at reduced capacity until scaled out (SCALE_OUT)`);
  const steps = [
    ctx.step('failover', ORDER.fence, `Fence the primary: scale ${ctx.label(res)} (${ctx.lost}) to 0 if any part of it still runs, so nothing writes to the old primary`, [res], [ctx.c('FENCE')]),
    ...(undersized ? [ctx.step('failover', ORDER.compute, `Scale ${ctx.label(d)} (${d.region}) to production size${primarySize !== undefined ? ` (${primarySize} units)` : ''}${warm ? '' : ' (pilot light)'}`, [d], [ctx.c('SCALE_OUT')])] : []),
  ];
  const checks = [ctx.step('prerequisite', ORDER.quotas, `Check the service quotas of ${d.region} for ${ctx.label(d)} at production size (not visible in the plan)`, [d])];
  if (blocked.length > 0) {
    return { outcome: 'BLOCKED', mechanism: `${warm ? 'warm standby' : 'pilot light'} ${ctx.label(d)}`, rpo: zero('OURS', 'derived', 'stateless'), rto: unbounded('blocked until the DR dependency exists'), reasons: [...blocked, ...reasons], steps, checks };
  }
  return {
    outcome: warm && traffic?.auto ? 'SURVIVES_AUTO' : 'RECOVERS_MANUAL',
    mechanism: `${warm ? 'warm standby' : 'pilot light'} ${ctx.label(d)} (${d.region})`,
    rpo: zero('OURS', 'derived', 'stateless'),
    rto: sum(...terms),
    reasons,
    steps,
    checks,
  };
}

