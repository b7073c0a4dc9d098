/**
 * The drill as data: models + scenario + settings → DrillReport. Pure (no I/O); `drill.ts`
 * loads the inputs and configuration, and the formatters print the result.
 */
import { globMatch, type DrillSettings } from './config';
import { Ctx, type Assessment, type StepDraft } from './context';
import { formatSeconds, IN_FLIGHT, notATime } from './estimate';
import { assessBucket, assessFileSystem, assessTable, assessVolume } from './assess/storage';
import { assessCluster, assessDbInstance } from './assess/databases';
import { assessCache, assessKey, assessQueue, assessSecret, assessVault } from './assess/enablers';
import { assessCompute, assessLoadBalancer, assessRecord } from './assess/serving';
import { assessAccountLoss, assessCorruption } from './assess/logical';
import { Links } from './links';
import { WorkloadGraph } from './graph';
import { buildRunbook } from './runbook';
import { buildWorkload, dataClasses, gatedServing, rollUp } from './workload';
import { resolveScenario, type LoseSpec } from './scenario';
import { OUTCOMES, type Component, type ComponentKind, type ComponentTarget, type DrillReport, type DrillTargets, type Estimate, type Outcome } from './types';
import { World, type Res } from './world';
import type { NormalizedModel } from '../model/types';

/** Resource type → component kind and assessor (the components of issue 6). */
const COMPONENTS: Record<string, { kind: ComponentKind; assess: (ctx: Ctx, res: Res) => Assessment }> = {
  aws_db_instance: { kind: 'database', assess: assessDbInstance },
  aws_rds_cluster: { kind: 'database', assess: assessCluster },
  aws_s3_bucket: { kind: 'object-store', assess: assessBucket },
  aws_s3_directory_bucket: { kind: 'object-store', assess: assessBucket },
  aws_elasticache_replication_group: { kind: 'cache', assess: assessCache },
  aws_elasticache_cluster: { kind: 'cache', assess: assessCache },
  aws_dynamodb_table: { kind: 'table', assess: assessTable },
  aws_dynamodb_table_replica: { kind: 'table', assess: assessTable },
  aws_efs_file_system: { kind: 'file-system', assess: assessFileSystem },
  aws_ebs_volume: { kind: 'volume', assess: assessVolume },
  aws_sqs_queue: { kind: 'queue', assess: assessQueue },
  aws_secretsmanager_secret: { kind: 'secret', assess: assessSecret },
  aws_kms_key: { kind: 'key', assess: assessKey },
  aws_kms_replica_key: { kind: 'key', assess: assessKey },
  aws_backup_vault: { kind: 'backup-vault', assess: assessVault },
  aws_lb: { kind: 'load-balancer', assess: assessLoadBalancer },
  aws_alb: { kind: 'load-balancer', assess: assessLoadBalancer },
  aws_route53_record: { kind: 'dns', assess: assessRecord },
  aws_ecs_service: { kind: 'compute', assess: assessCompute },
  aws_autoscaling_group: { kind: 'compute', assess: assessCompute },
  aws_instance: { kind: 'compute', assess: assessCompute },
  aws_lambda_function: { kind: 'compute', assess: assessCompute },
};

export interface PlanOptions {
  lose: LoseSpec;
  /** AZ_DESTRUCTION instead of AZ_IMPAIRMENT (data held only in the AZ is lost). */
  destroy?: boolean;
  /** --rpo / --rto in seconds: replace the configured targets for every component. */
  rpo?: number;
  rto?: number;
}

function isComponent(res: Res, links: Links): boolean {
  if (res.raw.mode !== 'managed' || !COMPONENTS[res.type]) return false;
  if (res.type === 'aws_route53_record') return links.recordOf.has(res.key);
  if (res.type === 'aws_elasticache_cluster') return res.values.replication_group_id === undefined;
  if (res.type === 'aws_lambda_function') return servesRequests(res);
  return true;
}

/** What puts a function on the serving path: a load balancer, a URL, an API or a queue feeding it. */
const SERVING_REFERRERS = ['aws_lb_target_group_attachment', 'aws_lambda_function_url', 'aws_apigatewayv2_integration', 'aws_api_gateway_integration', 'aws_lambda_event_source_mapping'];

/** A function is serving-path compute when something routes requests or messages to it (not, e.g., a rotation function). */
function servesRequests(res: Res): boolean {
  const refs = res.model.referrers[res.address] ?? {};
  return SERVING_REFERRERS.some((t) => (refs[t] ?? []).length > 0);
}

function targetFor(res: Res, kind: ComponentKind, settings: DrillSettings, options: PlanOptions): ComponentTarget | null {
  const tier = settings.tiers.find(
    (t) =>
      (t.resources.length === 0 || t.resources.some((p) => globMatch(p, res.address) || globMatch(p, `${res.stack}:${res.address}`) || (res.raw.origin.constructPath !== undefined && globMatch(p, res.raw.origin.constructPath)))) &&
      (t.kinds.length === 0 || t.kinds.includes(kind)) &&
      Object.entries(t.tags).every(([k, v]) => res.tags[k] === v),
  );
  let target: ComponentTarget | null = tier
    ? { tier: tier.name, rpoSeconds: tier.rpo, rtoSeconds: tier.rto }
    : settings.defaultTarget.rpo !== null || settings.defaultTarget.rto !== null
      ? { tier: 'default', rpoSeconds: settings.defaultTarget.rpo, rtoSeconds: settings.defaultTarget.rto }
      : null;
  if (options.rpo !== undefined || options.rto !== undefined) {
    target = { tier: 'cli', rpoSeconds: options.rpo ?? target?.rpoSeconds ?? null, rtoSeconds: options.rto ?? target?.rtoSeconds ?? null };
  }
  return target;
}

function compare(e: Estimate, target: number | null, what: 'RPO' | 'RTO', reasons: string[]): boolean {
  if (target === null) return true;
  if (e.worst === null) {
    if (notATime(e)) {
      reasons.push(`${what} is not a time (${e.note === IN_FLIGHT ? 'in-flight messages' : 'all sessions'}): not compared with the ${formatSeconds(target)} target`);
      return true;
    }
    reasons.push(`misses the ${what} target ${formatSeconds(target)}: no bound`);
    return false;
  }
  if (e.worst > target) {
    // dr-model §6.4: the worst case decides; a typical value within the target is "at risk".
    const risk = e.typical !== null && e.typical <= target ? ': at risk, the typical case meets it' : '';
    reasons.push(`misses the ${what} target ${formatSeconds(target)}: worst case ${formatSeconds(e.worst)} (typical ${formatSeconds(e.typical)})${risk}`);
    return false;
  }
  return true;
}

export function planDrill(models: readonly NormalizedModel[], settings: DrillSettings, options: PlanOptions): DrillReport {
  const world = new World(models);
  const links = new Links(world);
  const scenario = resolveScenario(world, options.lose, options.destroy ?? false, settings);
  const componentRes = world.resources.filter((res) => isComponent(res, links));
  const graph = new WorkloadGraph(world, links, new Map(componentRes.map((r) => [r.key, r])));
  const ctx = new Ctx(world, links, scenario, settings, graph);
  const drafts: StepDraft[] = [];
  const rows: { res: Res; component: Component }[] = [];
  for (const res of componentRes) {
    const { kind, assess } = COMPONENTS[res.type];
    let a = scenario.type === 'DATA_CORRUPTION' ? assessCorruption(ctx, res, kind) : scenario.type === 'ACCOUNT_LOSS' ? assessAccountLoss(ctx, res, kind) : assess(ctx, res);
    const copyOf = links.copyOf.get(res.key) ?? [];
    if (a.outcome === 'UNRECOVERABLE' && copyOf.length > 0) {
      // A replica or replication target that dies with its source: say so instead of "no copy".
      a = { ...a, reasons: [`[U5] ${world.label(res)} is itself a copy of ${copyOf.map((c) => `${world.label(c.source)} (${c.how})`).join(', ')} inside the failure domain: it is lost with its source`] };
    }
    const p = ctx.placement(res);
    const target = targetFor(res, kind, settings, options);
    const reasons = [...a.reasons];
    let meets = a.outcome !== 'UNRECOVERABLE' && a.outcome !== 'BLOCKED';
    if (meets && a.outcome !== 'UNAFFECTED' && target) {
      const rpoOk = compare(a.rpo, target.rpoSeconds, 'RPO', reasons);
      const rtoOk = compare(a.rto, target.rtoSeconds, 'RTO', reasons);
      meets = rpoOk && rtoOk;
    }
    if (a.outcome !== 'UNAFFECTED') drafts.push(...a.checks, ...a.steps);
    rows.push({
      res,
      component: {
        stack: res.stack,
        resource: res.address,
        type: res.type,
        kind,
        region: p.scope === 'global' ? 'global' : res.region,
        az: p.azs,
        azScope: p.scope,
        outcome: a.outcome,
        survives: a.outcome !== 'UNRECOVERABLE' && a.outcome !== 'BLOCKED',
        mechanism: a.mechanism,
        rpo: a.rpo,
        rto: a.rto,
        rpoSeconds: a.rpo.worst,
        rtoSeconds: a.rto.worst,
        target,
        meetsTargets: meets,
        reasons,
      },
    });
  }
  rollUp(rows, graph, gatedServing(ctx, graph));
  const components = rows.map((r) => r.component);
  const runbook = buildRunbook(ctx, drafts, rows);
  const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const c of components) byOutcome[c.outcome]++;
  const targets: DrillTargets = {
    source: options.rpo !== undefined || options.rto !== undefined ? 'cli' : settings.tiers.length > 0 || settings.defaultTarget.rpo !== null || settings.defaultTarget.rto !== null ? 'config' : 'none',
    rpoSeconds: options.rpo ?? settings.defaultTarget.rpo,
    rtoSeconds: options.rto ?? settings.defaultTarget.rto,
    tiers: settings.tiers.map((t) => ({ name: t.name, rpoSeconds: t.rpo, rtoSeconds: t.rto })),
  };
  return {
    version: 1,
    scenario,
    targets,
    components,
    runbook,
    workload: buildWorkload(ctx, rows, graph, runbook),
    dataClasses: dataClasses(rows),
    summary: {
      components: components.length,
      unrecoverable: byOutcome.UNRECOVERABLE,
      blocked: byOutcome.BLOCKED,
      missedTargets: components.filter((c) => !c.meetsTargets).length,
      byOutcome,
    },
  };
}

/** Exit code of a drill: 1 when a component is unrecoverable or blocked, or misses its target. */
export function drillExitCode(report: DrillReport): 0 | 1 {
  const s = report.summary;
  return s.unrecoverable > 0 || s.blocked > 0 || s.missedTargets > 0 ? 1 : 0;
}
