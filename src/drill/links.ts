/**
 * The relationships a drill needs (replica → source, replication rule → buckets, backup
 * selection → resources, failover record → load balancer, ...), built once by iterating each
 * pointer type and resolving its attribute: linear in the input, no pairwise comparison.
 */
import type { Json, JsonObject } from '../model/types';
import { blocks, bool, num, parseArn, str, type Res, type World } from './world';
import { InputError } from '../errors';
import { scheduleInterval, ScheduleError, type ScheduleInterval } from './schedule';

export const KEY_TYPES = ['aws_kms_key', 'aws_kms_replica_key'] as const;

/** A key an attribute names: a key resource, a literal key ARN, or the AWS-managed default. */
export interface KeyRef {
  res: Res | null;
  region: string | null;
  /** The attribute value, for messages. */
  text: string;
  /** No customer key: the AWS-managed key of the service in the resource's own region. */
  managed: boolean;
  /** An expression that names no key in the input (variable, data source). */
  unresolved: boolean;
}

export interface ReplicationRule {
  config: Res;
  id: string;
  enabled: boolean;
  /** A prefix/tag filter text when the rule covers part of the bucket only. */
  narrowing: string | null;
  /** sse_kms_encrypted_objects selection: true enabled, false absent/disabled. */
  sseSelected: boolean;
  destinations: Res[];
  destValue: string;
  /** Region of a literal destination ARN that names no bucket of the input (S3 ARNs have none). */
  rtc: boolean;
  replicaKey: KeyRef | null;
  existingObjects: boolean;
}

export interface BackupCopy {
  vaults: Res[];
  /** The region segment of a literal destination ARN. */
  literalRegion: string | null;
  value: string;
}

export interface BackupRule {
  plan: Res;
  name: string;
  schedule: string | null;
  /** Largest gap between runs in seconds (src/drill/schedule.ts); null when not known before apply or not recurring. */
  intervalSeconds: number | null;
  /** Why intervalSeconds is null. */
  intervalNote: string | null;
  completionWindowSeconds: number | null;
  /** start_window in seconds; null when the rule does not set it (AWS's default applies). */
  startWindowSeconds: number | null;
  /** lifecycle.delete_after in days; null: kept until deleted. */
  retentionDays: number | null;
  continuous: boolean;
  targetVaults: Res[];
  copies: BackupCopy[];
}

export interface BackupCoverage {
  selection: Res;
  plan: Res;
  rules: BackupRule[];
}

export interface DdbReplica {
  region: string | null;
  keyValue: Json | undefined;
  strong: boolean;
  /** The aws_dynamodb_table_replica resource, when the replica is its own resource. */
  res: Res | null;
}

export interface FailoverRecord {
  record: Res;
  role: 'PRIMARY' | 'SECONDARY';
  group: string;
  healthCheck: Res | null;
  evaluateTargetHealth: boolean;
  targets: Res[];
  ttl: number | null;
  alias: boolean;
}

export interface EfsReplica {
  config: Res;
  region: string | null;
  keyValue: Json | undefined;
}

/** Types AWS Backup can protect that the drill models. */
export const BACKUP_TYPES = [
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_s3_bucket',
  'aws_dynamodb_table',
  'aws_efs_file_system',
  'aws_ebs_volume',
] as const;

const ARN_SERVICE_TYPES: Record<string, string[]> = {
  rds: ['aws_db_instance', 'aws_rds_cluster'],
  s3: ['aws_s3_bucket'],
  dynamodb: ['aws_dynamodb_table'],
  elasticfilesystem: ['aws_efs_file_system'],
  ec2: ['aws_ebs_volume'],
};

function multiAdd<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) {
    if (!list.includes(v)) list.push(v);
  } else m.set(k, [v]);
}

export class Links {
  readonly dbReplicas = new Map<string, Res[]>();
  readonly replicaSources = new Map<string, Res[]>();
  readonly xrab = new Map<string, Res[]>();
  readonly clusterInstances = new Map<string, Res[]>();
  readonly globalOf = new Map<string, Res>();
  readonly globalMembers = new Map<string, Res[]>();
  readonly s3Rules = new Map<string, ReplicationRule[]>();
  readonly versioning = new Map<string, string>();
  readonly sse = new Map<string, { algorithm: string | null; key: KeyRef | null }>();
  readonly oneZone = new Map<string, string>();
  readonly coverage = new Map<string, BackupCoverage[]>();
  readonly planRules = new Map<string, BackupRule[]>();
  /** Vault → rules that back up into it (target) — used to tell what a lost vault held. */
  readonly vaultTargets = new Map<string, BackupRule[]>();
  /** Vault → rules that copy into it. */
  readonly vaultCopies = new Map<string, BackupRule[]>();
  readonly ddbReplicas = new Map<string, DdbReplica[]>();
  readonly ecSecondaries = new Map<string, Res[]>();
  readonly efsReplicas = new Map<string, EfsReplica[]>();
  readonly kmsReplicas = new Map<string, Res[]>();
  readonly aliases = new Map<string, Res[]>();
  readonly rotations = new Map<string, Res[]>();
  readonly subnetsOfVpc = new Map<string, Res[]>();
  readonly listeners = new Map<string, Res[]>();
  readonly failover = new Map<string, FailoverRecord[]>();
  /** Load balancer (or other alias target) → failover records aliasing it. */
  readonly recordsByTarget = new Map<string, FailoverRecord[]>();
  readonly recordOf = new Map<string, FailoverRecord>();
  /** Copy resource → sources (replica DB, destination bucket, DR vault, replica key ...). */
  readonly copyOf = new Map<string, { source: Res; how: string }[]>();
  /** Counterpart key → resources (same role in another stack/region). */
  private readonly counterparts = new Map<string, Res[]>();

  constructor(readonly world: World) {
    this.indexDatabases();
    this.indexBuckets();
    this.indexBackup();
    this.indexTables();
    this.indexCaches();
    this.indexFileSystems();
    this.indexKeys();
    this.indexNetwork();
    this.indexDns();
    this.indexCounterparts();
  }

  private copy(copy: Res, source: Res, how: string): void {
    const list = this.copyOf.get(copy.key) ?? [];
    if (!list.some((x) => x.source.key === source.key && x.how === how)) list.push({ source, how });
    this.copyOf.set(copy.key, list);
  }

  // --- keys -----------------------------------------------------------------------------------

  /** The key a key attribute names, resolving aliases (`alias/x` → aws_kms_alias → key). */
  keyAt(res: Res, values: readonly Json[]): KeyRef {
    const text = values.find((v) => typeof v === 'string') as string | undefined;
    if (text === undefined || text === '') return { res: null, region: res.region, text: '(AWS-managed key)', managed: true, unresolved: false };
    if (/^(arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\//.test(text)) return { res: null, region: res.region, text, managed: true, unresolved: false };
    const direct = this.world.resolveValues(res, values, [...KEY_TYPES, 'aws_kms_alias']);
    for (const r of direct) {
      if (r.type !== 'aws_kms_alias') return { res: r, region: r.region, text, managed: false, unresolved: false };
      const k = this.world.resolve(r, 'target_key_id', KEY_TYPES)[0];
      if (k) return { res: k, region: k.region, text, managed: false, unresolved: false };
    }
    const arn = parseArn(text);
    if (arn && arn.service === 'kms') return { res: null, region: arn.region, text, managed: false, unresolved: arn.region === null };
    return { res: null, region: null, text, managed: false, unresolved: true };
  }

  keyAtPath(res: Res, path: string): KeyRef {
    return this.keyAt(res, this.world.valuesAt(res, path));
  }

  // --- databases ------------------------------------------------------------------------------

  private indexDatabases(): void {
    const w = this.world;
    for (const db of w.ofType('aws_db_instance')) {
      for (const src of w.resolve(db, 'replicate_source_db', ['aws_db_instance'])) {
        if (src.key === db.key) continue;
        multiAdd(this.dbReplicas, src.key, db);
        multiAdd(this.replicaSources, db.key, src);
        this.copy(db, src, 'read replica');
      }
    }
    for (const c of w.ofType('aws_rds_cluster')) {
      for (const src of w.resolve(c, 'replication_source_identifier', ['aws_db_instance', 'aws_rds_cluster'])) {
        if (src.key === c.key) continue;
        multiAdd(this.dbReplicas, src.key, c);
        multiAdd(this.replicaSources, c.key, src);
        this.copy(c, src, 'read replica cluster');
      }
      for (const g of w.resolve(c, 'global_cluster_identifier', ['aws_rds_global_cluster'])) {
        this.globalOf.set(c.key, g);
        multiAdd(this.globalMembers, g.key, c);
      }
    }
    for (const g of w.ofType('aws_rds_global_cluster')) {
      for (const c of w.resolve(g, 'source_db_cluster_identifier', ['aws_rds_cluster'])) {
        this.globalOf.set(c.key, g);
        multiAdd(this.globalMembers, g.key, c);
      }
    }
    for (const members of this.globalMembers.values()) {
      members.sort((a, b) => (a.key < b.key ? -1 : 1));
      for (const m of members) for (const o of members) if (o !== m) this.copy(o, m, 'Aurora Global Database member');
    }
    for (const i of w.ofType('aws_rds_cluster_instance')) {
      for (const c of w.resolve(i, 'cluster_identifier', ['aws_rds_cluster'])) multiAdd(this.clusterInstances, c.key, i);
    }
    for (const x of w.ofType('aws_db_instance_automated_backups_replication')) {
      for (const src of w.resolve(x, 'source_db_instance_arn', ['aws_db_instance'])) multiAdd(this.xrab, src.key, x);
    }
  }

  // --- buckets --------------------------------------------------------------------------------

  private indexBuckets(): void {
    const w = this.world;
    for (const v of w.ofType('aws_s3_bucket_versioning')) {
      const status = str(w.first(v, 'versioning_configuration.status')) ?? 'unknown';
      for (const b of w.resolve(v, 'bucket', ['aws_s3_bucket'])) this.versioning.set(b.key, status);
    }
    for (const s of w.ofType('aws_s3_bucket_server_side_encryption_configuration')) {
      const algorithm = str(w.first(s, 'rule.apply_server_side_encryption_by_default.sse_algorithm')) ?? null;
      const key = this.keyAtPath(s, 'rule.apply_server_side_encryption_by_default.kms_master_key_id');
      for (const b of w.resolve(s, 'bucket', ['aws_s3_bucket'])) this.sse.set(b.key, { algorithm, key: algorithm && algorithm.startsWith('aws:kms') ? key : null });
    }
    for (const l of w.ofType('aws_s3_bucket_lifecycle_configuration')) {
      for (const rule of blocks(l.values.rule)) {
        if (str(rule.status) === 'Disabled') continue;
        for (const t of blocks(rule.transition)) {
          if (str(t.storage_class) === 'ONEZONE_IA') for (const b of w.resolve(l, 'bucket', ['aws_s3_bucket'])) this.oneZone.set(b.key, `lifecycle rule ${str(rule.id) ?? ''} of ${w.label(l)} moves objects to ONEZONE_IA`.replace('  ', ' '));
        }
      }
    }
    for (const b of w.ofType('aws_s3_bucket')) {
      // Legacy inline blocks (provider v3 style).
      for (const v of blocks(b.values.versioning)) if (!this.versioning.has(b.key)) this.versioning.set(b.key, bool(v.enabled) ? 'Enabled' : 'Suspended');
      for (const cfg of blocks(b.values.replication_configuration)) {
        blocks(cfg.rules).forEach((rule, i) => this.addRule(b, b, rule, i, cfg));
      }
    }
    for (const c of w.ofType('aws_s3_bucket_replication_configuration')) {
      const sources = w.resolve(c, 'bucket', ['aws_s3_bucket']);
      blocks(c.values.rule).forEach((rule, i) => {
        for (const b of sources) this.addRule(b, c, rule, i, c.values);
      });
    }
  }

  private addRule(bucket: Res, config: Res, rule: JsonObject, index: number, _cfg: JsonObject): void {
    const w = this.world;
    const filters = blocks(rule.filter);
    let narrowing: string | null = null;
    const prefix = str(rule.prefix);
    if (prefix) narrowing = `prefix "${prefix}"`;
    for (const f of filters) {
      const parts: string[] = [];
      if (str(f.prefix)) parts.push(`prefix "${str(f.prefix)}"`);
      for (const t of blocks(f.tag)) parts.push(`tag ${str(t.key)}=${str(t.value)}`);
      for (const a of blocks(f.and)) {
        if (str(a.prefix)) parts.push(`prefix "${str(a.prefix)}"`);
        const tags = a.tags;
        if (tags && typeof tags === 'object' && !Array.isArray(tags)) for (const [k, v] of Object.entries(tags)) parts.push(`tag ${k}=${String(v)}`);
      }
      if (parts.length > 0) narrowing = parts.join(' and ');
    }
    const sse = blocks(rule.source_selection_criteria).flatMap((s) => blocks(s.sse_kms_encrypted_objects));
    for (const d of blocks(rule.destination)) {
      const destValue = typeof d.bucket === 'string' ? d.bucket : '';
      const destinations = w.resolveValues(config, [d.bucket ?? null], ['aws_s3_bucket']);
      const keyValues = blocks(d.encryption_configuration).map((e) => e.replica_kms_key_id ?? null);
      const r: ReplicationRule = {
        config,
        id: str(rule.id) ?? `rule ${index + 1}`,
        enabled: str(rule.status) === 'Enabled',
        narrowing,
        sseSelected: sse.some((s) => str(s.status) === 'Enabled'),
        destinations,
        destValue,
        rtc: blocks(d.replication_time).some((t) => str(t.status) === 'Enabled'),
        replicaKey: keyValues.length > 0 ? this.keyAt(config, keyValues) : null,
        existingObjects: blocks(rule.existing_object_replication).some((e) => str(e.status) === 'Enabled'),
      };
      multiAdd(this.s3Rules, bucket.key, r);
      for (const dest of destinations) this.copy(dest, bucket, `S3 replication rule ${r.id}`);
    }
  }

  // --- AWS Backup -----------------------------------------------------------------------------

  private indexBackup(): void {
    const w = this.world;
    for (const plan of w.ofType('aws_backup_plan')) {
      const rules: BackupRule[] = blocks(plan.values.rule).map((rule) => {
        const schedule = str(rule.schedule) ?? null;
        const targetVaults = w.resolveValues(plan, [rule.target_vault_name ?? null], ['aws_backup_vault']);
        const copies: BackupCopy[] = blocks(rule.copy_action).map((c) => {
          const value = typeof c.destination_vault_arn === 'string' ? c.destination_vault_arn : '';
          const arn = parseArn(value);
          return { vaults: w.resolveValues(plan, [c.destination_vault_arn ?? null], ['aws_backup_vault']), literalRegion: arn?.region ?? null, value };
        });
        const completion = num(rule.completion_window);
        const start = num(rule.start_window);
        const interval = backupInterval(plan, schedule);
        return {
          plan,
          name: str(rule.rule_name) ?? '(unnamed rule)',
          schedule,
          intervalSeconds: interval.seconds,
          intervalNote: interval.note ?? null,
          completionWindowSeconds: completion !== undefined ? completion * 60 : null,
          startWindowSeconds: start !== undefined ? start * 60 : null,
          retentionDays: num(blocks(rule.lifecycle)[0]?.delete_after) ?? null,
          continuous: bool(rule.enable_continuous_backup) === true,
          targetVaults,
          copies,
        };
      });
      this.planRules.set(plan.key, rules);
      for (const r of rules) {
        for (const v of r.targetVaults) multiAdd(this.vaultTargets, v.key, r);
        for (const c of r.copies) for (const v of c.vaults) multiAdd(this.vaultCopies, v.key, r);
      }
    }
    // Tag selections look resources up through one tag index.
    const byTag = new Map<string, Res[]>();
    for (const r of w.ofType(...BACKUP_TYPES)) for (const [k, v] of Object.entries(r.tags)) multiAdd(byTag, `${k}\u0000${v}`, r);
    for (const sel of w.ofType('aws_backup_selection')) {
      const plan = w.resolve(sel, 'plan_id', ['aws_backup_plan'])[0];
      if (!plan) continue;
      const covered = new Map<string, Res>();
      for (const v of w.valuesAt(sel, 'resources')) {
        if (typeof v !== 'string') continue;
        for (const r of w.resolveValues(sel, [v], BACKUP_TYPES)) covered.set(r.key, r);
        for (const r of this.wildcard(v, plan.region)) covered.set(r.key, r);
      }
      const tagSets: [string, string][] = [];
      for (const t of blocks(sel.values.selection_tag)) if (str(t.type) === 'STRINGEQUALS' && str(t.key) && str(t.value)) tagSets.push([str(t.key)!, str(t.value)!]);
      for (const c of blocks(sel.values.condition)) for (const se of blocks(c.string_equals)) if (str(se.key) && str(se.value)) tagSets.push([str(se.key)!.replace(/^aws:ResourceTag\//, ''), str(se.value)!]);
      for (const [k, v] of tagSets) for (const r of byTag.get(`${k}\u0000${v}`) ?? []) if (r.region === plan.region) covered.set(r.key, r);
      const excluded = new Set<string>();
      for (const v of w.valuesAt(sel, 'not_resources')) if (typeof v === 'string') for (const r of w.resolveValues(sel, [v], BACKUP_TYPES)) excluded.add(r.key);
      const rules = this.planRules.get(plan.key) ?? [];
      for (const r of covered.values()) if (!excluded.has(r.key)) multiAdd(this.coverage, r.key, { selection: sel, plan, rules });
    }
  }

  /** `*` or `arn:aws:rds:*:*:db:*`-style selections: every resource of the service in the plan's region. */
  private wildcard(v: string, region: string | null): Res[] {
    if (v === '*') return this.world.ofType(...BACKUP_TYPES).filter((r) => r.region === region);
    const arn = parseArn(v);
    if (!arn || !v.endsWith('*')) return [];
    const prefix = arn.resource.replace(/\*$/, '');
    const typeFor: Record<string, string> = { 'db:': 'aws_db_instance', 'cluster:': 'aws_rds_cluster', 'table/': 'aws_dynamodb_table', 'volume/': 'aws_ebs_volume', 'file-system/': 'aws_efs_file_system' };
    return this.world.ofType(...(ARN_SERVICE_TYPES[arn.service] ?? [])).filter((r) => r.region === region && (prefix === '' || typeFor[prefix] === r.type));
  }

  // --- tables, caches, file systems -----------------------------------------------------------

  private indexTables(): void {
    const w = this.world;
    for (const t of w.ofType('aws_dynamodb_table')) {
      for (const r of blocks(t.values.replica)) {
        multiAdd(this.ddbReplicas, t.key, { region: str(r.region_name) ?? null, keyValue: r.kms_key_arn, strong: str(r.consistency_mode) === 'STRONG', res: null });
      }
    }
    for (const r of w.ofType('aws_dynamodb_table_replica')) {
      for (const t of w.resolve(r, 'global_table_arn', ['aws_dynamodb_table'])) {
        multiAdd(this.ddbReplicas, t.key, { region: r.region, keyValue: r.values.kms_key_arn, strong: false, res: r });
        this.copy(r, t, 'global table replica');
      }
    }
  }

  private indexCaches(): void {
    const w = this.world;
    const primaries = new Map<string, Res[]>();
    for (const g of w.ofType('aws_elasticache_global_replication_group')) {
      for (const p of w.resolve(g, 'primary_replication_group_id', ['aws_elasticache_replication_group'])) multiAdd(primaries, g.key, p);
    }
    for (const rg of w.ofType('aws_elasticache_replication_group')) {
      for (const g of w.resolve(rg, 'global_replication_group_id', ['aws_elasticache_global_replication_group'])) {
        for (const p of primaries.get(g.key) ?? []) {
          if (p.key === rg.key) continue;
          multiAdd(this.ecSecondaries, p.key, rg);
          this.copy(rg, p, 'Global Datastore secondary');
        }
      }
    }
  }

  private indexFileSystems(): void {
    const w = this.world;
    for (const c of w.ofType('aws_efs_replication_configuration')) {
      for (const fs of w.resolve(c, 'source_file_system_id', ['aws_efs_file_system'])) {
        for (const d of blocks(c.values.destination)) {
          multiAdd(this.efsReplicas, fs.key, { config: c, region: str(d.region) ?? c.region, keyValue: d.kms_key_id });
        }
      }
    }
  }

  private indexKeys(): void {
    const w = this.world;
    for (const r of w.ofType('aws_kms_replica_key')) {
      for (const k of w.resolve(r, 'primary_key_arn', ['aws_kms_key'])) {
        multiAdd(this.kmsReplicas, k.key, r);
        this.copy(r, k, 'multi-Region replica key');
      }
    }
    for (const a of w.ofType('aws_kms_alias')) for (const k of w.resolve(a, 'target_key_id', KEY_TYPES)) multiAdd(this.aliases, k.key, a);
    for (const r of w.ofType('aws_secretsmanager_secret_rotation')) for (const s of w.resolve(r, 'secret_id', ['aws_secretsmanager_secret'])) multiAdd(this.rotations, s.key, r);
  }

  private indexNetwork(): void {
    const w = this.world;
    for (const s of w.ofType('aws_subnet')) for (const v of w.resolve(s, 'vpc_id', ['aws_vpc'])) multiAdd(this.subnetsOfVpc, v.key, s);
    for (const l of w.ofType('aws_lb_listener', 'aws_alb_listener')) for (const lb of w.resolve(l, 'load_balancer_arn', ['aws_lb', 'aws_alb'])) multiAdd(this.listeners, lb.key, l);
    for (const vault of w.ofType('aws_backup_vault')) {
      for (const r of this.vaultCopies.get(vault.key) ?? []) {
        for (const src of r.targetVaults) this.copy(vault, src, `copy action of ${w.label(r.plan)} rule ${r.name}`);
      }
    }
  }

  // --- DNS ------------------------------------------------------------------------------------

  private indexDns(): void {
    const w = this.world;
    for (const rec of w.ofType('aws_route53_record')) {
      const policy = blocks(rec.values.failover_routing_policy)[0];
      const role = policy ? str(policy.type) : undefined;
      if (role !== 'PRIMARY' && role !== 'SECONDARY') continue;
      const zone = typeof rec.values.zone_id === 'string' ? rec.values.zone_id : '';
      const group = `${zone}\u0000${str(rec.values.name) ?? String(rec.values.name)}\u0000${str(rec.values.type) ?? ''}`;
      const alias = blocks(rec.values.alias)[0];
      const targets = alias ? w.resolveValues(rec, [alias.name ?? null, alias.zone_id ?? null]) : w.resolve(rec, 'records');
      const fr: FailoverRecord = {
        record: rec,
        role,
        group,
        healthCheck: w.resolve(rec, 'health_check_id', ['aws_route53_health_check'])[0] ?? null,
        evaluateTargetHealth: alias ? bool(alias.evaluate_target_health) === true : false,
        targets: targets.filter((t) => t.type !== 'aws_route53_zone' && !t.type.startsWith('data.')),
        ttl: num(rec.values.ttl) ?? null,
        alias: Boolean(alias),
      };
      multiAdd(this.failover, group, fr);
      this.recordOf.set(rec.key, fr);
      for (const t of fr.targets) multiAdd(this.recordsByTarget, t.key, fr);
    }
  }

  /** The other half of a failover pair. */
  partner(fr: FailoverRecord): FailoverRecord[] {
    return (this.failover.get(fr.group) ?? []).filter((x) => x.role !== fr.role);
  }

  // --- counterparts ---------------------------------------------------------------------------

  /**
   * Resources that play the same role elsewhere (the DR queue of a queue, the DR service of a
   * service): same type and the same construct path below the stack, the same address name in
   * another stack, or the same `name` once region names and primary/dr words are removed.
   */
  private indexCounterparts(): void {
    for (const r of this.world.resources) for (const k of counterpartKeys(r)) multiAdd(this.counterparts, k, r);
  }

  counterpartsOf(res: Res): Res[] {
    const out = new Map<string, Res>();
    for (const k of counterpartKeys(res)) for (const r of this.counterparts.get(k) ?? []) if (r.key !== res.key && r.region !== res.region) out.set(r.key, r);
    return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  }
}

const ROLE_WORDS = /(^|[-_/])(primary|secondary|dr|standby|main|replica)(?=$|[-_/])/g;
const REGION_WORDS = /[a-z]{2}(-gov)?-[a-z]+-[0-9][a-z]?/g;

function canonical(s: string): string {
  return s.toLowerCase().replace(REGION_WORDS, '').replace(ROLE_WORDS, '$1').replace(/[-_/]+/g, '-').replace(/^-|-$/g, '');
}

function counterpartKeys(r: Res): string[] {
  if (r.raw.mode !== 'managed') return [];
  const keys: string[] = [];
  const path = r.raw.origin.constructPath;
  if (path && path.includes('/')) keys.push(`${r.type}\u0000path\u0000${canonical(path.slice(path.indexOf('/') + 1))}`);
  keys.push(`${r.type}\u0000addr\u0000${canonical(r.name)}`);
  for (const attr of ['name', 'identifier', 'bucket', 'replication_group_id', 'family']) {
    const v = str(r.values[attr]);
    if (v) keys.push(`${r.type}\u0000name\u0000${canonical(v)}`);
  }
  return keys;
}


/**
 * A rule's backup interval: an interpolated schedule is not known before apply (the drill
 * assumes BACKUP_INTERVAL_DEFAULT and says so); a literal one AWS would reject is bad input.
 */
function backupInterval(plan: Res, schedule: string | null): ScheduleInterval {
  if (schedule === null) return { seconds: null, note: 'no schedule' };
  if (schedule.includes('${')) return { seconds: null, note: `${schedule} is not known before apply` };
  try {
    return scheduleInterval(schedule);
  } catch (e) {
    if (!(e instanceof ScheduleError)) throw e;
    throw new InputError(e.message, { file: plan.raw.origin.file, path: `${plan.address}.rule.schedule`, hint: 'AWS cron: cron(minutes hours day-of-month month day-of-week year), or rate(n unit)' });
  }
}
