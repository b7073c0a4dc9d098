/**
 * `--compare-to PREV`: the planned changes of a CDKTF or HCL input, derived by comparing it with a
 * previous input of the same stack, so the change-safety (CHG) rules can run without a plan.
 *
 * A resource in PREV and not in the input is a delete. A resource in both whose values differ is
 * an update — or a replace when an attribute that forces replacement changed from one literal to
 * another. Those attributes come from the table below (the provider schema's ForceNew arguments
 * of the stateful types the CHG rules watch); a plan stays authoritative: its own resource_changes
 * are never overridden. An attribute that is an expression on either side is not claimed to force
 * anything (its value is unknown before apply).
 */
import { isExpression } from './refs';
import { keepSourceLines } from './source-lines';
import type { ChangeSet, Json, JsonObject, NormalizedModel, ResourceChange } from './types';

/** Resource type → attributes whose change forces a replacement (AWS provider v6 schema, ForceNew). */
export const FORCES_REPLACEMENT: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: ['availability_zone', 'character_set_name', 'db_name', 'engine', 'identifier', 'kms_key_id', 'nchar_character_set_name', 'snapshot_identifier', 'storage_encrypted', 'timezone', 'username'],
  aws_rds_cluster: ['availability_zones', 'cluster_identifier', 'database_name', 'engine', 'engine_mode', 'kms_key_id', 'master_username', 'snapshot_identifier', 'source_region', 'storage_encrypted'],
  aws_s3_bucket: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
  aws_dynamodb_table: ['hash_key', 'name', 'range_key'],
  aws_efs_file_system: ['availability_zone_name', 'creation_token', 'encrypted', 'kms_key_id', 'performance_mode'],
  aws_ebs_volume: ['availability_zone', 'encrypted', 'kms_key_id', 'snapshot_id'],
  aws_kms_key: ['custom_key_store_id', 'customer_master_key_spec', 'key_usage', 'multi_region', 'xks_key_id'],
  aws_backup_vault: ['kms_key_arn', 'name'],
  aws_secretsmanager_secret: ['name', 'name_prefix'],
  aws_elasticache_replication_group: ['at_rest_encryption_enabled', 'kms_key_id', 'replication_group_id'],
};

function stable(v: Json | undefined): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as JsonObject).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );
}

function known(v: Json | undefined): boolean {
  return v !== undefined && !(typeof v === 'string' && isExpression(v));
}

function forcing(type: string, before: JsonObject, after: JsonObject): string[] {
  return (FORCES_REPLACEMENT[type] ?? []).filter((attr) => {
    const [b, a] = [before[attr], after[attr]];
    // A newly set or removed argument also forces replacement; an expression on either side is unknown.
    if (b === undefined && a === undefined) return false;
    if ((b !== undefined && !known(b)) || (a !== undefined && !known(a))) return false;
    return stable(b) !== stable(a);
  });
}

/** The changes from `previous` to `current` (one stack), as the CHG rules read them. */
export function compareModels(current: NormalizedModel, previous: NormalizedModel, comparedTo: string): ChangeSet {
  const resources: Record<string, ResourceChange> = {};
  for (const [address, prev] of Object.entries(previous.resources)) {
    if (prev.mode !== 'managed') continue;
    const cur = current.resources[address];
    const base = { address, type: prev.type, name: prev.name, module: prev.module };
    if (!cur) {
      resources[address] = { ...base, actions: ['delete'], replace_paths: [], before: prev.values, after: null };
      continue;
    }
    if (stable(prev.values) === stable(cur.values)) continue;
    const paths = forcing(prev.type, prev.values, cur.values);
    resources[address] = { ...base, actions: paths.length > 0 ? ['delete', 'create'] : ['update'], replace_paths: paths, before: prev.values, after: cur.values };
  }
  return { basis: 'compare-to', compared_to: comparedTo, resources };
}

/**
 * Gives each CDKTF/HCL model the changes since the same stack in `previous`; a stack that did not
 * exist before only creates (no changes). Plans keep their own changes.
 */
export function withComparison(models: readonly NormalizedModel[], previous: readonly NormalizedModel[], comparedTo: string): NormalizedModel[] {
  const byStack = new Map(previous.map((m) => [m.stack, m]));
  return models.map((m) => {
    if (m.changes) return m;
    const prev = byStack.get(m.stack);
    const changes: ChangeSet = prev ? compareModels(m, prev, comparedTo) : { basis: 'compare-to', compared_to: comparedTo, resources: {} };
    return keepSourceLines(m, { ...m, changes });
  });
}
