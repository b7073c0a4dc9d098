/**
 * All stacks of a drill as one world (a primary stack and a DR stack are joined by region).
 * References resolve three ways, each an index lookup:
 *  - inside a stack, through the model's `refs`;
 *  - across CDKTF stacks, through `data.terraform_remote_state.cross-stack-reference-input-<stack>`
 *    and its `cross-stack-output-<type><name><attr>` output (CDKTF's own naming);
 *  - by literal identifier or ARN (`arn:aws:rds:eu-west-1:${account}:db:crm-db`, `crm-db`),
 *    through one name index per type.
 */
import { isExpression, candidateAddresses } from '../model/refs';
import type { Json, JsonObject, ModelResource, NormalizedModel } from '../model/types';

export interface Res {
  /** `stack\u0000address`: unique across the world. */
  key: string;
  stack: string;
  address: string;
  type: string;
  name: string;
  region: string | null;
  values: JsonObject;
  raw: ModelResource;
  model: NormalizedModel;
  /** Resource tags merged over the provider's default_tags. */
  tags: Record<string, string>;
}

/** Attribute holding a resource's user-visible identifier, per type (for literal references). */
const IDENTIFIER_ATTRS: Record<string, string[]> = {
  aws_db_instance: ['identifier'],
  aws_rds_cluster: ['cluster_identifier'],
  aws_rds_global_cluster: ['global_cluster_identifier'],
  aws_s3_bucket: ['bucket'],
  aws_backup_vault: ['name'],
  aws_backup_plan: ['name'],
  aws_kms_alias: ['name'],
  aws_secretsmanager_secret: ['name'],
  aws_dynamodb_table: ['name'],
  aws_elasticache_replication_group: ['replication_group_id'],
  aws_elasticache_global_replication_group: ['global_replication_group_id_suffix'],
  aws_sqs_queue: ['name'],
  aws_lb: ['name'],
  aws_alb: ['name'],
  aws_efs_file_system: ['creation_token'],
  aws_route53_health_check: ['reference_name'],
  aws_db_subnet_group: ['name'],
  aws_elasticache_subnet_group: ['name'],
  aws_ecs_cluster: ['name'],
};

/** ARN service + resource prefix → Terraform types and how the id is written. */
const ARN_TYPES: { service: string; prefix: string; types: string[]; sep: string }[] = [
  { service: 's3', prefix: '', types: ['aws_s3_bucket'], sep: '' },
  { service: 'rds', prefix: 'db', types: ['aws_db_instance'], sep: ':' },
  { service: 'rds', prefix: 'cluster', types: ['aws_rds_cluster'], sep: ':' },
  { service: 'rds', prefix: 'global-cluster', types: ['aws_rds_global_cluster'], sep: ':' },
  { service: 'backup', prefix: 'backup-vault', types: ['aws_backup_vault'], sep: ':' },
  { service: 'kms', prefix: 'alias', types: ['aws_kms_alias'], sep: '/' },
  { service: 'secretsmanager', prefix: 'secret', types: ['aws_secretsmanager_secret'], sep: ':' },
  { service: 'dynamodb', prefix: 'table', types: ['aws_dynamodb_table'], sep: '/' },
  { service: 'elasticache', prefix: 'replicationgroup', types: ['aws_elasticache_replication_group'], sep: ':' },
  { service: 'elasticloadbalancing', prefix: 'loadbalancer', types: ['aws_lb', 'aws_alb'], sep: '/' },
];

export interface ParsedArn {
  service: string;
  /** Literal region segment; null when empty (S3) or an expression. */
  region: string | null;
  resource: string;
}

/** Parses an ARN, literal or with `${...}` segments (those become unknown). */
export function parseArn(s: string): ParsedArn | undefined {
  const masked = s.replace(/\$\{[^}]*\}/g, '\u0001');
  const p = masked.split(':');
  if (p.length < 6 || p[0] !== 'arn') return undefined;
  const region = p[3] && !p[3].includes('\u0001') ? p[3] : null;
  return { service: p[2], region, resource: p.slice(5).join(':') };
}

const AZ_SUFFIX = /^([a-z]{2}(?:-gov)?-[a-z]+-[0-9])[a-z]$/;

/** `eu-west-1a` → `eu-west-1`; undefined for AZ ids and expressions. */
export function regionOfAzName(az: string): string | undefined {
  return AZ_SUFFIX.exec(az)?.[1];
}

export class World {
  readonly models: NormalizedModel[];
  readonly resources: Res[];
  private readonly byKey = new Map<string, Res>();
  private readonly byTypeIdx = new Map<string, Res[]>();
  private readonly names = new Map<string, Res[]>();
  private readonly stackModels = new Map<string, NormalizedModel>();
  /** stack → CDKTF output id stem (`<type><name>`) → address. */
  private readonly outputStems = new Map<string, Map<string, string>>();
  /** Addresses that occur in more than one stack (labels then carry the stack). */
  private readonly ambiguous = new Set<string>();

  constructor(models: readonly NormalizedModel[]) {
    this.models = [...models].sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
    const seen = new Set<string>();
    const all: Res[] = [];
    for (const model of this.models) {
      this.stackModels.set(model.stack, model);
      const stems = new Map<string, string>();
      this.outputStems.set(model.stack, stems);
      for (const raw of Object.values(model.resources)) {
        const res: Res = {
          key: `${model.stack}\u0000${raw.address}`,
          stack: model.stack,
          address: raw.address,
          type: raw.type,
          name: raw.name,
          region: raw.region,
          values: raw.values,
          raw,
          model,
          tags: tagsOf(raw, model),
        };
        all.push(res);
        this.byKey.set(res.key, res);
        if (seen.has(raw.address)) this.ambiguous.add(raw.address);
        seen.add(raw.address);
        let list = this.byTypeIdx.get(raw.type);
        if (!list) this.byTypeIdx.set(raw.type, (list = []));
        list.push(res);
        if (raw.mode === 'managed') stems.set(`${raw.type}${raw.name}`, raw.address);
        for (const attr of IDENTIFIER_ATTRS[raw.type] ?? []) {
          const v = raw.values[attr];
          if (typeof v === 'string' && !isExpression(v)) this.addName(raw.type, v, res);
        }
      }
    }
    this.resources = all;
  }

  private addName(type: string, name: string, res: Res): void {
    const k = `${type}\u0000${name}`;
    const list = this.names.get(k);
    if (list) list.push(res);
    else this.names.set(k, [res]);
  }

  ofType(...types: string[]): Res[] {
    const out: Res[] = [];
    for (const t of types) out.push(...(this.byTypeIdx.get(t) ?? []));
    return out;
  }

  /** The resource at `address` as the model of `stack` names it (a joined model names peers `<stack>:<address>`). */
  get(stack: string, address: string): Res | undefined {
    const own = this.byKey.get(`${stack}\u0000${address}`);
    if (own) return own;
    const peer = this.stackModels.get(stack)?.peers?.[address];
    return peer?.stack !== undefined ? this.byKey.get(`${peer.stack}\u0000${peer.address}`) : undefined;
  }

  /** The address, qualified with its stack when the same address exists in several stacks. */
  label(res: Res): string {
    return this.ambiguous.has(res.address) ? `${res.stack}:${res.address}` : res.address;
  }

  /** Every value at an attribute path (`rule.destination.bucket`), through nested blocks and lists. */
  valuesAt(res: Res, path: string): Json[] {
    return collect(res.values, path.split('.'));
  }

  /** The first value at a path, if any. */
  first(res: Res, path: string): Json | undefined {
    return this.valuesAt(res, path)[0];
  }

  /**
   * The resources an attribute refers to, optionally restricted to `types`: references inside
   * the stack, cross-stack remote-state outputs, and literal identifiers or ARNs.
   */
  resolve(res: Res, path: string, types?: readonly string[]): Res[] {
    return this.resolveValues(res, this.valuesAt(res, path), types, path);
  }

  /** Like `resolve`, for values already taken out of a block (one list item of a nested block). */
  resolveValues(res: Res, values: readonly Json[], types?: readonly string[], path?: string): Res[] {
    const found = new Map<string, Res>();
    const add = (r: Res | undefined): void => {
      if (r && (!types || types.includes(r.type))) found.set(r.key, r);
    };
    let sawString = false;
    for (const v of flatten(values)) {
      if (typeof v !== 'string') continue;
      sawString = true;
      if (isExpression(v)) {
        for (const c of candidateAddresses(v)) {
          if (c.startsWith('data.terraform_remote_state.')) continue;
          add(this.get(res.stack, c));
        }
        for (const r of this.crossStack(res, v)) add(r);
      }
      for (const r of this.literal(v, types)) add(r);
    }
    // Plan JSON leaves unknown values out: fall back to the references the source declares.
    if (!sawString && path) for (const a of res.raw.refs[path] ?? []) add(this.get(res.stack, a));
    return [...found.values()].sort(byKey);
  }

  /** Cross-stack: `${data.terraform_remote_state.<input>.outputs.cross-stack-output-<stem><attr>}`. */
  private crossStack(res: Res, s: string): Res[] {
    const out: Res[] = [];
    for (const m of s.matchAll(/data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)) {
      const origin = this.originStack(res, m[1]);
      if (!origin) continue;
      const stems = this.outputStems.get(origin.stack);
      const id = m[2].replace(/^cross-stack-output-/, '');
      if (!stems) continue;
      // The output id is `<type><name><attribute path>` with the dots removed: take the longest stem.
      for (let end = id.length; end > 0; end--) {
        const address = stems.get(id.slice(0, end));
        if (address) {
          const target = this.get(origin.stack, address);
          if (target) out.push(target);
          break;
        }
      }
    }
    return out;
  }

  private originStack(res: Res, dataName: string): NormalizedModel | undefined {
    const byName = dataName.startsWith('cross-stack-reference-input-') ? this.stackModels.get(dataName.slice('cross-stack-reference-input-'.length)) : undefined;
    if (byName) return byName;
    const ds = res.model.resources[`data.terraform_remote_state.${dataName}`];
    if (!ds) return undefined;
    const backend = ds.values.backend;
    const config = ds.values.config;
    if (typeof backend !== 'string' || !config || typeof config !== 'object' || Array.isArray(config)) return undefined;
    const want = JSON.stringify(sortObject(config as JsonObject));
    return this.models.find((m) => m.terraform.backend?.type === backend && JSON.stringify(sortObject(m.terraform.backend.config)) === want);
  }

  /** Literal identifiers and ARNs (expressions inside an ARN act as wildcards for account ids). */
  private literal(s: string, types?: readonly string[]): Res[] {
    const arn = parseArn(s);
    if (arn) {
      const out: Res[] = [];
      for (const t of ARN_TYPES) {
        if (t.service !== arn.service) continue;
        let id: string | undefined;
        if (t.prefix === '') id = arn.resource.split('/')[0];
        else if (arn.resource.startsWith(`${t.prefix}${t.sep}`)) id = arn.resource.slice(t.prefix.length + t.sep.length).split('/')[0];
        if (!id || id.includes('\u0001')) continue;
        if (t.service === 'kms') id = `alias/${id}`;
        for (const type of t.types) {
          if (types && !types.includes(type)) continue;
          let hits = this.names.get(`${type}\u0000${id}`) ?? [];
          // Secrets Manager appends `-XXXXXX` to the name in its ARNs.
          if (hits.length === 0 && type === 'aws_secretsmanager_secret') hits = this.names.get(`${type}\u0000${id.replace(/-[A-Za-z0-9]{6}$/, '')}`) ?? [];
          for (const h of hits) if (!arn.region || !h.region || h.region === arn.region) out.push(h);
        }
      }
      return out;
    }
    if (isExpression(s) || !types) return [];
    const out: Res[] = [];
    for (const type of types) out.push(...(this.names.get(`${type}\u0000${s}`) ?? []));
    return out;
  }
}

function byKey(a: Res, b: Res): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function sortObject(o: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

function flatten(values: readonly Json[]): Json[] {
  const out: Json[] = [];
  for (const v of values) {
    if (Array.isArray(v)) out.push(...flatten(v));
    else out.push(v);
  }
  return out;
}

function collect(v: Json | undefined, path: readonly string[]): Json[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap((item) => collect(item, path));
  if (path.length === 0) return [v];
  if (typeof v !== 'object') return [];
  return collect(v[path[0]], path.slice(1));
}

/** Nested blocks as a list whatever their shape (CDKTF writes an object or a list of objects). */
export function blocks(v: Json | undefined): JsonObject[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.filter((x): x is JsonObject => x !== null && typeof x === 'object' && !Array.isArray(x));
  return typeof v === 'object' ? [v] : [];
}

function tagsOf(raw: ModelResource, model: NormalizedModel): Record<string, string> {
  const out: Record<string, string> = {};
  const provider = model.providers[raw.provider];
  for (const dt of blocks(provider?.values.default_tags)) {
    for (const t of blocks(dt.tags)) for (const [k, v] of Object.entries(t)) if (typeof v === 'string') out[k] = v;
  }
  for (const attr of ['tags', 'tags_all']) {
    const t = raw.values[attr];
    if (t && typeof t === 'object' && !Array.isArray(t)) for (const [k, v] of Object.entries(t)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** A literal boolean (CDKTF may write `"true"`); undefined for expressions and absence. */
export function bool(v: Json | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** A literal number (or numeric string); undefined otherwise. */
export function num(v: Json | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(v)) return Number(v);
  return undefined;
}

/** A literal string (no expression); undefined otherwise. */
export function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' && !isExpression(v) ? v : undefined;
}
