/**
 * The workload's dependency graph (issue 15 §1), from the model's references: front door (DNS
 * failover record) → load balancer → compute → what the compute and its task definition or
 * launch template reference (data stores, keys, secrets, queues), and each component → the
 * components it references itself (a database → its key). Edges point from a component to what
 * it needs in order to serve writes.
 */
import type { Links } from './links';
import { type Res, type World } from './world';

/** Resources that carry a compute unit's references without being components themselves. */
const CARRIERS = new Set(['aws_ecs_task_definition', 'aws_launch_template', 'aws_launch_configuration']);

const COMPUTE = new Set(['aws_ecs_service', 'aws_autoscaling_group', 'aws_instance', 'aws_lambda_function']);

export class WorkloadGraph {
  /** component key → the component keys it needs (sorted, deterministic). */
  readonly needs = new Map<string, string[]>();

  constructor(
    private readonly world: World,
    private readonly links: Links,
    private readonly components: ReadonlyMap<string, Res>,
  ) {
    for (const res of components.values()) this.needs.set(res.key, this.computeNeeds(res));
  }

  private referenced(res: Res, throughCarriers: boolean): Res[] {
    const out = new Map<string, Res>();
    for (const path of Object.keys(res.raw.refs)) {
      for (const t of this.world.resolve(res, path)) {
        if (t.key === res.key || t.raw.mode !== 'managed') continue;
        if (throughCarriers && CARRIERS.has(t.type)) for (const x of this.referenced(t, false)) out.set(x.key, x);
        else out.set(t.key, t);
      }
    }
    return [...out.values()];
  }

  /** Compute units behind a load balancer: services and groups attached to its listeners' target groups. */
  private behind(lb: Res): Res[] {
    const groups = new Set<string>();
    for (const l of this.links.listeners.get(lb.key) ?? []) {
      for (const path of Object.keys(l.raw.refs)) for (const t of this.world.resolve(l, path, ['aws_lb_target_group', 'aws_alb_target_group'])) groups.add(t.key);
    }
    const out: Res[] = [];
    for (const c of this.components.values()) {
      if (!COMPUTE.has(c.type)) continue;
      const refs = this.referenced(c, false);
      if (refs.some((r) => groups.has(r.key))) out.push(c);
    }
    for (const a of this.world.ofType('aws_lb_target_group_attachment')) {
      if (!this.world.resolve(a, 'target_group_arn').some((g) => groups.has(g.key))) continue;
      for (const t of this.world.resolve(a, 'target_id')) if (this.components.has(t.key)) out.push(t);
    }
    return out;
  }

  private computeNeeds(res: Res): string[] {
    const out = new Set<string>();
    if (res.type === 'aws_route53_record') {
      for (const t of this.links.recordOf.get(res.key)?.targets ?? []) if (this.components.has(t.key)) out.add(t.key);
    } else if (res.type === 'aws_lb' || res.type === 'aws_alb') {
      for (const c of this.behind(res)) out.add(c.key);
    }
    const lb = res.type === 'aws_lb' || res.type === 'aws_alb';
    for (const t of this.referenced(res, COMPUTE.has(res.type))) {
      if (!this.components.has(t.key) || t.type === 'aws_route53_record') continue;
      // A load balancer writes access logs to a bucket, but serving does not wait for it.
      if (lb && t.type.startsWith('aws_s3_')) continue;
      // A compute unit does not need the load balancer that routes to it (that edge points the other way).
      if (COMPUTE.has(res.type) && (t.type === 'aws_lb' || t.type === 'aws_alb')) continue;
      out.add(t.key);
    }
    return [...out].sort();
  }

  /** Every component `key` needs, transitively (cycles cut), sorted. */
  closure(key: string): string[] {
    const seen = new Set<string>();
    const stack = [...(this.needs.get(key) ?? [])];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (seen.has(k) || k === key) continue;
      seen.add(k);
      stack.push(...(this.needs.get(k) ?? []));
    }
    return [...seen].sort();
  }

  /** Compute units outside `lostRegion` that reference `target` (directly or through their task definition). */
  usedByComputeOutside(target: Res, lostRegion: string): Res[] {
    return [...this.components.values()].filter((c) => COMPUTE.has(c.type) && c.region !== null && c.region !== lostRegion && (this.needs.get(c.key) ?? []).includes(target.key));
  }
}
