/**
 * Logical scenarios (issue 15 §5). Location does not help here: every replica copies the damage.
 *
 * DATA_CORRUPTION (logical corruption or ransomware): recovery comes from a point in time before
 * the damage: point-in-time restore, earlier object versions, or the last clean recovery point.
 * Retention decides whether that point still exists when the damage is found (CORRUPTION_DETECT);
 * vault lock decides whether recovery points survive someone deleting them.
 *
 * ACCOUNT_LOSS (the primary account's credentials are compromised): nothing inside the account
 * can be trusted or is sure to remain; only copies in another account count (a cross-account
 * backup copy, replication into another account's bucket). The workload is rebuilt in a clean
 * account from IaC.
 */
import { ORDER, type Assessment, type Candidate, type Ctx } from '../context';
import { ALL_CONTENT, IN_FLIGHT, sum, unbounded, zero } from '../estimate';
import type { BackupRule } from '../links';
import type { Term } from '../types';
import { accountOf } from '../scenario';
import { blocks, bool, num, str, type Res } from '../world';

const DAY = 86400;

function notData(why: string): Assessment {
  return { outcome: 'UNAFFECTED', mechanism: null, rpo: zero('OURS'), rto: zero('OURS'), reasons: [`not in the failure domain: ${why}`], steps: [], checks: [] };
}

/** Vaults locked by an aws_backup_vault_lock_configuration (compliance or governance mode). */
function lockedVaults(ctx: Ctx): Set<string> {
  return ctx.memo('locked-vaults', () => {
    const out = new Set<string>();
    for (const l of ctx.world.ofType('aws_backup_vault_lock_configuration')) for (const v of ctx.world.resolve(l, 'backup_vault_name', ['aws_backup_vault'])) out.add(v.key);
    return out;
  });
}

function detect(ctx: Ctx): Term {
  return ctx.c('CORRUPTION_DETECT');
}

/** Retention shorter than the worst detection time: the clean point may be gone when the damage is found. */
function retentionProblem(ctx: Ctx, days: number | null, what: string): string | undefined {
  if (days === null) return undefined;
  const worst = ctx.consts.CORRUPTION_DETECT.worst;
  if (days * DAY >= worst) return undefined;
  return `[C2] ${what} keeps ${days} day${days === 1 ? '' : 's'}, less than the worst detection time CORRUPTION_DETECT (${worst / DAY} d): the last clean point may be gone when the damage is found`;
}

function replicaNote(ctx: Ctx, res: Res): string[] {
  const copies = [...(ctx.links.dbReplicas.get(res.key) ?? []), ...(ctx.links.ecSecondaries.get(res.key) ?? [])];
  const out: string[] = [];
  if (copies.length > 0) out.push(`not counted: [C1] ${ctx.labels(copies)} replicate${copies.length === 1 ? 's' : ''} the damage: a replica is not a clean copy`);
  if ((ctx.links.s3Rules.get(res.key) ?? []).length > 0) out.push(`not counted: [C1] the replication rules of ${ctx.label(res)} copy damaged objects to their destinations as well`);
  if ((ctx.links.ddbReplicas.get(res.key) ?? []).length > 0) out.push(`not counted: [C1] the global-table replicas of ${ctx.label(res)} receive the damaging writes as well`);
  return out;
}

/** Corruption: restore from the last clean recovery point of a plan that covers `res`. */
function backupCandidates(ctx: Ctx, res: Res, restore: 'RDS_PITR_RESTORE' | 'BACKUP_RESTORE'): Candidate[] {
  const out: Candidate[] = [];
  const locked = lockedVaults(ctx);
  for (const cov of ctx.links.coverage.get(res.key) ?? []) {
    for (const rule of cov.rules) {
      const vaults = [...rule.targetVaults, ...rule.copies.flatMap((c) => c.vaults)];
      const lockedOnes = vaults.filter((v) => locked.has(v.key));
      const problems: string[] = [];
      if (lockedOnes.length === 0) problems.push(`[C3] no vault of ${ctx.label(cov.plan)} rule ${rule.name} is locked (aws_backup_vault_lock_configuration): whoever caused the damage with these credentials can delete the recovery points`);
      const r = retentionProblem(ctx, rule.retentionDays, `${ctx.label(cov.plan)} rule ${rule.name}`);
      if (r) problems.push(r);
      const vault = lockedOnes[0] ?? vaults[0] ?? null;
      out.push({
        mechanism: `last clean recovery point (${vault ? ctx.label(vault) : `${ctx.label(cov.plan)} rule ${rule.name}`}${vault && locked.has(vault.key) ? ', locked' : ''})`,
        outcome: 'RECOVERS_MANUAL',
        region: vault?.region ?? res.region,
        rpo: sum(intervalOf(ctx, rule), detect(ctx)),
        // A restore creates a new resource: the application is repointed at it.
        rto: sum(ctx.c('T_DECLARE'), ctx.c(restore), ctx.c('ENDPOINT_SWITCH')),
        problems,
        notes: [],
        steps: [ctx.step('failover', ORDER.data, `Restore ${ctx.label(res)} from the last recovery point before the corruption in ${vault ? ctx.label(vault) : 'its vault'} (check it is clean before switching)`, [res, ...(vault ? [vault] : [])], [ctx.c(restore)])],
        checks: [],
        needs: [],
      });
    }
  }
  return out;
}

function intervalOf(ctx: Ctx, rule: BackupRule): Term {
  if (rule.intervalSeconds !== null) return { name: `backup interval (${rule.schedule}, largest gap)`, best: 0, typical: rule.intervalSeconds / 2, worst: rule.intervalSeconds, confidence: 'derived', source: 'BK1' };
  return { ...ctx.c('BACKUP_INTERVAL_DEFAULT'), name: `backup interval (${rule.intervalNote ?? 'unknown'}: assumed)` };
}

/** RDS / Aurora point-in-time restore to just before the corruption. */
function pitrCandidate(ctx: Ctx, db: Res): Candidate | undefined {
  // Unset: the RDS and Aurora default of 1 day.
  const retention = num(db.values.backup_retention_period) ?? 1;
  if (retention === 0) return undefined;
  const problems: string[] = [];
  const r = retentionProblem(ctx, retention, `the PITR window of ${ctx.label(db)} (backup_retention_period)`);
  if (r) problems.push(r);
  const notes = [`restores to the second before the corruption; writes after it are lost unless replayed (CORRUPTION_DETECT)`];
  if (bool(db.values.deletion_protection) !== true) notes.push(`${ctx.label(db)} has no deletion_protection: deleting the instance can take its automated backups with it; the locked vault is the backstop`);
  return {
    mechanism: `point-in-time restore of ${ctx.label(db)} to before the corruption`,
    outcome: 'RECOVERS_MANUAL',
    region: db.region,
    rpo: sum(detect(ctx)),
    rto: sum(ctx.c('T_DECLARE'), ctx.c('RDS_PITR_RESTORE'), ctx.c('ENDPOINT_SWITCH')),
    problems,
    notes,
    steps: [
      ctx.step('failover', ORDER.fence, `Stop writes to ${ctx.label(db)} (scale the application to 0 or revoke its database user) so the damage stops spreading`, [db], [ctx.c('FENCE')]),
      ctx.step('failover', ORDER.data, `Restore ${ctx.label(db)} to the last clean time as a new instance (aws rds restore-db-instance-to-point-in-time --restore-time ...)`, [db], [ctx.c('RDS_PITR_RESTORE')]),
      ctx.step('failover', ORDER.repoint, `Point the application at the restored copy of ${ctx.label(db)}, then re-create its read replicas from it`, [db], [ctx.c('ENDPOINT_SWITCH')]),
    ],
    checks: [ctx.step('prerequisite', ORDER.replicationCheck, `Check the latest restorable time and the earliest restorable time of ${ctx.label(db)} (the PITR window)`, [db])],
    needs: [],
  };
}

function versionCandidate(ctx: Ctx, b: Res): Candidate | undefined {
  if (ctx.links.versioning.get(b.key) !== 'Enabled') return undefined;
  const problems: string[] = [];
  const notes: string[] = [];
  for (const l of ctx.world.ofType('aws_s3_bucket_lifecycle_configuration')) {
    if (!ctx.world.resolve(l, 'bucket', ['aws_s3_bucket']).some((x) => x.key === b.key)) continue;
    for (const rule of blocks(l.values.rule)) {
      for (const e of blocks(rule.noncurrent_version_expiration)) {
        const days = num(e.noncurrent_days);
        const r = retentionProblem(ctx, days ?? null, `the noncurrent-version expiration of ${ctx.label(l)}`);
        if (r) problems.push(r);
      }
    }
  }
  const objectLock = ctx.world.ofType('aws_s3_bucket_object_lock_configuration').some((o) => ctx.world.resolve(o, 'bucket', ['aws_s3_bucket']).some((x) => x.key === b.key)) || bool(b.values.object_lock_enabled) === true;
  if (!objectLock) notes.push(`${ctx.label(b)} has no Object Lock: whoever holds credentials that may delete object versions can remove the clean versions too; the AWS Backup copy is the backstop`);
  return {
    mechanism: `earlier object versions of ${ctx.label(b)}`,
    outcome: 'RECOVERS_MANUAL',
    region: b.region,
    rpo: zero('OURS', 'derived', 'every overwritten or deleted object keeps its earlier version'),
    rto: sum(ctx.c('T_DECLARE'), ctx.c('S3_VERSION_RESTORE')),
    problems,
    notes,
    steps: [ctx.step('failover', ORDER.data, `Restore the last clean version of every object of ${ctx.label(b)} changed since the corruption (S3 Batch Operations), and remove the delete markers it added`, [b], [ctx.c('S3_VERSION_RESTORE')])],
    checks: [],
    needs: [],
  };
}

function ddbPitrCandidate(ctx: Ctx, t: Res): Candidate | undefined {
  if (!blocks(t.values.point_in_time_recovery).some((p) => bool(p.enabled) === true)) return undefined;
  return {
    mechanism: `DynamoDB point-in-time restore of ${ctx.label(t)}`,
    outcome: 'RECOVERS_MANUAL',
    region: t.region,
    rpo: sum(detect(ctx)),
    rto: sum(ctx.c('T_DECLARE'), ctx.c('BACKUP_RESTORE'), ctx.c('ENDPOINT_SWITCH')),
    problems: [retentionProblem(ctx, 35, `the PITR window of ${ctx.label(t)}`)].filter((x): x is string => x !== undefined),
    notes: ['restores into a new table (PITR keeps 35 days)'],
    steps: [ctx.step('failover', ORDER.data, `Restore ${ctx.label(t)} to the last clean time into a new table and switch the application to it`, [t], [ctx.c('BACKUP_RESTORE')])],
    checks: [],
    needs: [],
  };
}

export function assessCorruption(ctx: Ctx, res: Res, kind: string): Assessment {
  switch (kind) {
    case 'database': {
      if (ctx.links.replicaSources.get(res.key)?.length) {
        return { outcome: 'DEGRADED', mechanism: 're-created from the restored source', rpo: zero('OURS', 'derived', 'the source decides'), rto: zero('OURS'), reasons: [`[C1] ${ctx.label(res)} is a replica: it holds the same damage; re-create it from the restored source`], steps: [ctx.step('re-protect', ORDER.reprotect, `Re-create the replica ${ctx.label(res)} from the restored source`, [res], [ctx.c('REPROTECT')])], checks: [] };
      }
      const c = [pitrCandidate(ctx, res), ...backupCandidates(ctx, res, 'RDS_PITR_RESTORE')].filter((x): x is Candidate => x !== undefined);
      const d = ctx.decide(c, `[C4] ${ctx.label(res)} has no point-in-time recovery (backup_retention_period = 0) and no AWS Backup selection: the corruption cannot be undone`);
      return { ...d, reasons: [...d.reasons, ...replicaNote(ctx, res)] };
    }
    case 'object-store': {
      if ((ctx.links.copyOf.get(res.key) ?? []).length > 0) {
        return { outcome: 'DEGRADED', mechanism: 're-synchronised from the restored source', rpo: zero('OURS', 'derived', 'the source decides'), rto: zero('OURS'), reasons: [`[C1] ${ctx.label(res)} is a replication destination: damaged objects were replicated into it`], steps: [], checks: [] };
      }
      const c = [versionCandidate(ctx, res), ...backupCandidates(ctx, res, 'BACKUP_RESTORE')].filter((x): x is Candidate => x !== undefined);
      const d = ctx.decide(c, `[C4] ${ctx.label(res)} is not versioned and no AWS Backup plan selects it: overwritten objects cannot be brought back`);
      return { ...d, reasons: [...d.reasons, ...replicaNote(ctx, res)] };
    }
    case 'table': {
      const c = [ddbPitrCandidate(ctx, res), ...backupCandidates(ctx, res, 'BACKUP_RESTORE')].filter((x): x is Candidate => x !== undefined);
      const d = ctx.decide(c, `[C4] ${ctx.label(res)} has no point-in-time recovery and no AWS Backup selection`);
      return { ...d, reasons: [...d.reasons, ...replicaNote(ctx, res)] };
    }
    case 'file-system':
    case 'volume':
      return ctx.decide(backupCandidates(ctx, res, 'BACKUP_RESTORE'), `[C4] no AWS Backup plan selects ${ctx.label(res)}: its damage cannot be undone (replication copies it)`);
    case 'cache':
      return { outcome: 'DEGRADED', mechanism: 'flush and rebuild', rpo: unbounded(ALL_CONTENT), rto: sum(ctx.c('T_DECLARE')), reasons: [`${ctx.label(res)} may hold damaged entries: flush it; every session is lost and the cache refills from the restored database`], steps: [ctx.step('failover', ORDER.data, `Flush ${ctx.label(res)} (FLUSHALL) after the database is restored`, [res], [ctx.c('OPERATOR_STEP')])], checks: [] };
    case 'queue':
      return { outcome: 'DEGRADED', mechanism: 'purge and replay', rpo: unbounded(IN_FLIGHT, 'SQS1'), rto: sum(ctx.c('T_DECLARE')), reasons: [`messages in ${ctx.label(res)} may carry damaged data: purge it and replay from the outbox after the restore`], steps: [ctx.step('failover', ORDER.queues, `Purge ${ctx.label(res)} and replay events from the outbox of the restored database`, [res], [ctx.c('OPERATOR_STEP')])], checks: [] };
    case 'secret':
      return { outcome: 'RECOVERS_MANUAL', mechanism: 'previous secret version (AWSPREVIOUS)', rpo: zero('OURS', 'derived', 'Secrets Manager keeps the previous version'), rto: sum(ctx.c('T_DECLARE'), ctx.c('OPERATOR_STEP')), reasons: [`a damaged value of ${ctx.label(res)} is undone by moving AWSCURRENT back to the previous version; if the value leaked, rotate it instead`], steps: [ctx.step('failover', ORDER.secrets, `Move the AWSCURRENT stage of ${ctx.label(res)} back to its last good version, or rotate it if the value leaked`, [res], [ctx.c('OPERATOR_STEP')])], checks: [] };
    default:
      return notData(`${kind} holds no data a logical corruption damages`);
  }
}

// --- account loss ----------------------------------------------------------------------------

function accountOfArn(value: string): string | null {
  const p = value.split(':');
  return p.length >= 6 && p[0] === 'arn' && /^[0-9]{12}$/.test(p[4]) ? p[4] : null;
}

/** Whether a resource is in the compromised account (no pinned account: assumed it is, the worst case). */
function inAccount(ctx: Ctx, r: Res): boolean {
  const a = accountOf(r);
  return a === null || a === ctx.scenario.account;
}

function outsideCopies(ctx: Ctx, res: Res, restore: 'RDS_PITR_RESTORE' | 'BACKUP_RESTORE'): Candidate[] {
  const out: Candidate[] = [];
  for (const cov of ctx.links.coverage.get(res.key) ?? []) {
    for (const rule of cov.rules) {
      for (const copy of rule.copies) {
        const vaults = copy.vaults.filter((v) => !inAccount(ctx, v));
        const literal = accountOfArn(copy.value);
        if (vaults.length === 0 && (literal === null || literal === ctx.scenario.account)) continue;
        const where = vaults[0] ? ctx.label(vaults[0]) : copy.value;
        out.push({
          mechanism: `cross-account backup copy (${where})`,
          outcome: 'RECOVERS_MANUAL',
          region: vaults[0]?.region ?? copy.literalRegion,
          rpo: sum(intervalOf(ctx, rule), ctx.c('BACKUP_COPY'), ...(rule.completionWindowSeconds !== null ? [{ name: `completion_window of rule ${rule.name}`, best: 0, typical: 0, worst: rule.completionWindowSeconds, confidence: 'derived' as const, source: 'BK1' }] : [])),
          rto: sum(ctx.c('T_DECLARE'), ctx.c('ACCOUNT_BOOTSTRAP'), ctx.c(restore)),
          problems: [],
          notes: vaults.length === 0 ? [`the recovery vault ${copy.value} is not part of the input: its lock and key cannot be checked`] : [],
          steps: [ctx.step('failover', ORDER.data, `Restore ${ctx.label(res)} in the clean account from its latest recovery point in ${where} (copied by ${ctx.label(cov.plan)} rule ${rule.name})`, [res, cov.plan], [ctx.c(restore)])],
          checks: [ctx.step('prerequisite', ORDER.replicationCheck, `Confirm the latest copy job of ${ctx.label(cov.plan)} rule ${rule.name} into ${where} completed (from the recovery account)`, [cov.plan])],
          needs: [],
        });
      }
    }
  }
  for (const rule of ctx.links.s3Rules.get(res.key) ?? []) {
    for (const d of rule.destinations) {
      if (inAccount(ctx, d)) continue;
      out.push({
        mechanism: `replication into another account (${ctx.label(d)})`,
        outcome: 'RECOVERS_MANUAL',
        region: d.region,
        rpo: sum(ctx.c(rule.rtc ? 'S3_RTC_LAG' : 'S3_CRR_LAG')),
        rto: sum(ctx.c('T_DECLARE'), ctx.c('ACCOUNT_BOOTSTRAP')),
        problems: [],
        notes: [],
        steps: [],
        checks: [],
        needs: [],
      });
    }
  }
  return out;
}

export function assessAccountLoss(ctx: Ctx, res: Res, kind: string): Assessment {
  const acct = ctx.scenario.account!;
  if (!inAccount(ctx, res)) return notData(`it is in account ${accountOf(res)}, not ${acct}`);
  const redeploy = (what: string): Assessment => ({
    outcome: 'RECOVERS_MANUAL',
    mechanism: 'redeploy from IaC into a clean account',
    rpo: zero('OURS', 'derived', 'stateless'),
    rto: sum(ctx.c('T_DECLARE'), ctx.c('ACCOUNT_BOOTSTRAP')),
    reasons: [`${ctx.label(res)} is in the compromised account ${acct}: ${what}`],
    steps: [ctx.step('failover', ORDER.compute, `Deploy ${ctx.label(res)} from IaC into the clean account`, [res], [ctx.c('ACCOUNT_BOOTSTRAP')])],
    checks: [],
  });
  switch (kind) {
    case 'database':
    case 'object-store':
    case 'table':
    case 'file-system':
    case 'volume': {
      const c = outsideCopies(ctx, res, kind === 'database' ? 'RDS_PITR_RESTORE' : 'BACKUP_RESTORE');
      const inside = [...(ctx.links.dbReplicas.get(res.key) ?? []), ...(ctx.links.s3Rules.get(res.key) ?? []).flatMap((r) => r.destinations)].filter((x) => inAccount(ctx, x));
      const extra = inside.length > 0 ? [`not counted: [A1] ${ctx.labels(inside)} ${inside.length === 1 ? 'is' : 'are'} in the same account ${acct}`] : [];
      if ((ctx.links.copyOf.get(res.key) ?? []).length > 0 && c.length === 0) {
        return { outcome: 'DEGRADED', mechanism: 'a copy inside the compromised account', rpo: zero('OURS', 'derived', 'its source decides'), rto: zero('OURS'), reasons: [`${ctx.label(res)} is a copy inside account ${acct}: it does not count as a recovery path (A1); its source's outcome decides`], steps: [], checks: [] };
      }
      const d = ctx.decide(c, `[A1] no copy of ${ctx.label(res)} outside account ${acct}: replicas, replication destinations and backup vaults of the same account are as exposed as the source (a cross-account or logically air-gapped vault is needed)`);
      return { ...d, reasons: [...d.reasons, ...extra] };
    }
    case 'secret':
      return { ...redeploy('its value must be treated as leaked: re-issue it at its issuer and store it in the clean account'), mechanism: 're-issue in the clean account', steps: [ctx.step('failover', ORDER.secrets, `Re-issue the credential behind ${ctx.label(res)} at its issuer and store it in the clean account`, [res], [ctx.c('OPERATOR_STEP')])] };
    case 'key':
      return { outcome: 'DEGRADED', mechanism: 'new keys in the clean account', rpo: zero('OURS'), rto: zero('OURS'), reasons: [`${ctx.label(res)} stays in account ${acct}: copies in another account are encrypted with that account's keys; data only it encrypts is covered by the data components`], steps: [], checks: [] };
    case 'backup-vault': {
      const locked = lockedVaults(ctx).has(res.key);
      return { outcome: 'DEGRADED', mechanism: locked ? 'locked vault (points kept, access lost)' : null, rpo: zero('OURS'), rto: zero('OURS'), reasons: [locked ? `${ctx.label(res)} is locked: its recovery points cannot be deleted, but restoring from it needs the compromised account ${acct} back` : `${ctx.label(res)} is not locked: its recovery points can be deleted with the compromised credentials`], steps: [], checks: [] };
    }
    case 'cache':
      return { ...redeploy('it is rebuilt empty in the clean account'), rpo: unbounded(ALL_CONTENT), outcome: 'DEGRADED' };
    case 'queue':
      return { ...redeploy('messages in it are lost with the account; replay from the outbox'), rpo: unbounded(IN_FLIGHT, 'SQS1'), outcome: 'DEGRADED' };
    case 'dns':
      return { ...redeploy(`its hosted zone is controlled with the compromised credentials: delegate the domain to a zone of the clean account (registrar change; NS TTLs apply)`), mechanism: 're-delegate the domain to the clean account' };
    default:
      return redeploy(str(res.values.name) ? `rebuilt as ${str(res.values.name)}` : 'rebuilt from IaC');
  }
}
