/**
 * Where a component lives inside its region (dr-model §4 placement rows, §5.2 worst-case
 * placement): the AZs it occupies, read from `availability_zone` attributes or through its
 * subnets (`db_subnet_group_name` → `aws_db_subnet_group.subnet_ids` → `aws_subnet`).
 */
import type { Json } from '../model/types';
import type { AzScope } from './types';
import { blocks, bool, num, str, type Res, type World } from './world';

export interface Placement {
  region: string | null;
  /** Known AZs (names or ids as written). */
  azs: string[];
  scope: AzScope;
  /**
   * For `single-az`/`unpinned`: the AZs the component may be in (empty = any AZ of the region).
   * A component that is not pinned is assumed to be in the failed AZ (worst case).
   */
  candidates: string[];
  /** Nodes (cache nodes, cluster instances): AZ or null when not pinned. */
  nodes: { res: Res | null; az: string | null }[];
}

const GLOBAL_PREFIXES = ['aws_route53_', 'aws_iam_', 'aws_cloudfront_', 'aws_organizations_'];

export function isGlobalType(type: string): boolean {
  return GLOBAL_PREFIXES.some((p) => type.startsWith(p));
}

function azOf(s: Res): string | null {
  return str(s.values.availability_zone) ?? str(s.values.availability_zone_id) ?? null;
}

/** AZs of the subnets an attribute (or subnet group) names; `unknown` when some cannot be read. */
export function subnetAzs(world: World, res: Res, path: string): { azs: string[]; unknown: boolean } {
  const values = world.valuesAt(res, path);
  const subnets = world.resolve(res, path, ['aws_subnet']);
  const azs = new Set<string>();
  let unknown = values.length === 0 || subnets.length === 0;
  for (const s of subnets) {
    const az = azOf(s);
    if (az) azs.add(az);
    else unknown = true;
  }
  return { azs: [...azs].sort(), unknown };
}

function viaGroup(world: World, res: Res, attr: string, groupType: string): { azs: string[]; unknown: boolean } {
  const group = world.resolve(res, attr, [groupType])[0];
  if (!group) return { azs: [], unknown: true };
  return subnetAzs(world, group, 'subnet_ids');
}

function literalList(v: Json | undefined): string[] {
  const out: string[] = [];
  for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
    const s = str(x);
    if (s) out.push(s);
  }
  return out;
}

const regional = (res: Res): Placement => ({ region: res.region, azs: [], scope: 'regional', candidates: [], nodes: [] });

export function placementOf(world: World, res: Res, clusterInstances: readonly Res[] = []): Placement {
  const v = res.values;
  if (isGlobalType(res.type)) return { region: null, azs: [], scope: 'global', candidates: [], nodes: [] };
  switch (res.type) {
    case 'aws_db_instance': {
      const group = viaGroup(world, res, 'db_subnet_group_name', 'aws_db_subnet_group');
      const pinned = str(v.availability_zone);
      if (bool(v.multi_az) === true) return { region: res.region, azs: group.azs, scope: 'multi-az', candidates: group.azs, nodes: [] };
      if (pinned) return { region: res.region, azs: [pinned], scope: 'single-az', candidates: [pinned], nodes: [] };
      return { region: res.region, azs: [], scope: 'unpinned', candidates: group.unknown ? [] : group.azs, nodes: [] };
    }
    case 'aws_rds_cluster': {
      const engine = str(v.engine) ?? 'aurora';
      if (!engine.startsWith('aurora')) return { region: res.region, azs: literalList(v.availability_zones), scope: 'multi-az', candidates: [], nodes: [] };
      const nodes = clusterInstances.map((i) => ({ res: i, az: str(i.values.availability_zone) ?? null }));
      const azs = [...new Set(nodes.map((n) => n.az).filter((x): x is string => x !== null))].sort();
      return { region: res.region, azs, scope: 'multi-az', candidates: literalList(v.availability_zones), nodes };
    }
    case 'aws_elasticache_replication_group': {
      const preferred = literalList(v.preferred_cache_cluster_azs);
      const count = num(v.num_cache_clusters) ?? ((num(v.replicas_per_node_group) ?? 0) + 1);
      const nodes = Array.from({ length: nodeCount(Math.max(1, count)) }, (_, i) => ({ res: null, az: preferred[i] ?? null }));
      const group = viaGroup(world, res, 'subnet_group_name', 'aws_elasticache_subnet_group');
      const azs = [...new Set(preferred)].sort();
      return { region: res.region, azs, scope: count > 1 ? 'multi-az' : preferred[0] ? 'single-az' : 'unpinned', candidates: group.unknown ? [] : group.azs, nodes };
    }
    case 'aws_elasticache_cluster': {
      const az = str(v.availability_zone) ?? literalList(v.preferred_availability_zones)[0];
      const count = num(v.num_cache_nodes) ?? 1;
      const azs = [...new Set(literalList(v.preferred_availability_zones).concat(az ? [az] : []))].sort();
      if (azs.length > 1) return { region: res.region, azs, scope: 'multi-az', candidates: azs, nodes: azs.map((a) => ({ res: null, az: a })) };
      return { region: res.region, azs, scope: az ? 'single-az' : 'unpinned', candidates: az ? [az] : [], nodes: Array.from({ length: nodeCount(count) }, () => ({ res: null, az: az ?? null })) };
    }
    case 'aws_efs_file_system': {
      const az = str(v.availability_zone_name);
      return az ? { region: res.region, azs: [az], scope: 'single-az', candidates: [az], nodes: [] } : regional(res);
    }
    case 'aws_ebs_volume': {
      const az = str(v.availability_zone);
      return { region: res.region, azs: az ? [az] : [], scope: az ? 'single-az' : 'unpinned', candidates: az ? [az] : [], nodes: [] };
    }
    case 'aws_s3_directory_bucket': {
      const az = blocks(v.location).map((l) => str(l.name)).find(Boolean);
      return { region: res.region, azs: az ? [az] : [], scope: az ? 'single-az' : 'unpinned', candidates: az ? [az] : [], nodes: [] };
    }
    case 'aws_lb':
    case 'aws_alb': {
      const direct = subnetAzs(world, res, 'subnets');
      const mapped = subnetAzs(world, res, 'subnet_mapping.subnet_id');
      const azs = [...new Set([...direct.azs, ...mapped.azs])].sort();
      return { region: res.region, azs, scope: azs.length > 1 ? 'multi-az' : azs.length === 1 ? 'single-az' : 'unpinned', candidates: azs, nodes: [] };
    }
    case 'aws_ecs_service':
    case 'aws_autoscaling_group':
    case 'aws_lambda_function':
    case 'aws_instance': {
      const path = { aws_ecs_service: 'network_configuration.subnets', aws_autoscaling_group: 'vpc_zone_identifier', aws_lambda_function: 'vpc_config.subnet_ids', aws_instance: 'subnet_id' }[res.type]!;
      const fromSubnets = subnetAzs(world, res, path);
      const own = literalList(res.type === 'aws_autoscaling_group' ? v.availability_zones : v.availability_zone);
      const azs = [...new Set([...fromSubnets.azs, ...own])].sort();
      if (res.type === 'aws_lambda_function' && world.valuesAt(res, path).length === 0) return regional(res);
      if (res.type === 'aws_ecs_service' && world.valuesAt(res, path).length === 0) return regional(res);
      const scope: AzScope = azs.length > 1 ? 'multi-az' : azs.length === 1 ? 'single-az' : 'unpinned';
      return { region: res.region, azs, scope, candidates: azs, nodes: [] };
    }
    default:
      return regional(res);
  }
}

/** Worst-case membership of a single-AZ or unpinned component in the failed AZ. */
export function mayBeIn(p: Placement, az: string): boolean {
  if (p.scope === 'single-az') return p.azs.includes(az);
  if (p.scope === 'unpinned') return p.candidates.length === 0 || p.candidates.includes(az);
  return p.azs.includes(az);
}

/**
 * Cache nodes listed for placement: as written, at most MAX_CACHE_NODES (AWS allows 6 clusters per
 * replication group and 40 nodes per cluster, so anything past it is not a deployable value; a
 * written `num_cache_nodes = 1e9` must not allocate a node each).
 */
const MAX_CACHE_NODES = 1000;
function nodeCount(n: number): number {
  if (!Number.isFinite(n)) return n === Infinity ? MAX_CACHE_NODES : 0;
  return Math.min(Math.max(0, Math.floor(n)), MAX_CACHE_NODES);
}
