/** RDS instances and RDS/Aurora clusters (dr-model §2.1, §6.1 "RDS instance", "Aurora cluster"). */
import { ORDER, type Assessment, type Candidate, type Ctx } from '../context';
import { capWorst, flat, sum, zero } from '../estimate';
import { mayBeIn } from '../placement';
import { blocks, bool, num, str, type Res } from '../world';
import { backupCopyCandidates, backupInRegionCandidates, backupStaysInRegion, uncoveredByBackup } from './backup';
import { degradedCopy, unaffected } from './common';

function encryptedWith(ctx: Ctx, db: Res): string | undefined {
  return ctx.sourceKeyText(db, 'kms_key_id', 'storage_encrypted');
}

/** The connection settings that point at a database: secret versions and SSM parameters naming it. */
function connectionSettings(ctx: Ctx, db: Res): Res[] {
  const refs = db.model.referrers[db.address] ?? {};
  const out: Res[] = [];
  for (const type of ['aws_secretsmanager_secret_version', 'aws_ssm_parameter']) {
    for (const a of refs[type] ?? []) {
      const r = ctx.world.get(db.stack, a);
      if (!r) continue;
      const secret = r.type === 'aws_secretsmanager_secret_version' ? ctx.world.resolve(r, 'secret_id', ['aws_secretsmanager_secret'])[0] : undefined;
      out.push(secret ?? r);
    }
  }
  return out;
}

/** The repoint step, or null when the DR compute already references `target` (nothing to change). */
function repointStep(ctx: Ctx, db: Res, target: Res | null, region: string | null): Candidate['steps'][number] | null {
  if (target && ctx.drComputeUsing(target).length > 0) return null;
  const settings = connectionSettings(ctx, db);
  const where = target ? ctx.label(target) : `the copy of ${ctx.label(db)} restored in ${region ?? 'the DR region'}`;
  const action = settings.length > 0
    ? `Point the application's database connection (${ctx.labels(settings)}) at ${where}`
    : `Point the application's database connection (configuration or secret) at ${where}`;
  return ctx.step('failover', ORDER.repoint, action, [...settings, ...(target ? [target] : [])], [ctx.c('ENDPOINT_SWITCH')]);
}

/**
 * The RDS-managed master password of the source lives in Secrets Manager of the source's region;
 * a promoted replica does not manage its own, so the step enables it with a key of the new region.
 */
function masterCredentialSteps(ctx: Ctx, db: Res, promoted: Res): Candidate['steps'] {
  if (bool(db.values.manage_master_user_password) !== true || bool(promoted.values.manage_master_user_password) === true || promoted.region === db.region) return [];
  const key = ctx.links.keyAtPath(promoted, 'kms_key_id');
  const keyText = key?.res ? ctx.label(key.res) : `a key in ${promoted.region}`;
  return [
    ctx.step(
      're-protect',
      ORDER.reprotect - 5,
      `Enable the RDS-managed master password on the promoted ${ctx.label(promoted)} with ${keyText} (aws rds modify-db-instance --manage-master-user-password --master-user-secret-kms-key-id ...): the managed secret of ${ctx.label(db)} is in ${db.region}`,
      [promoted],
      [ctx.c('DB_MODIFY')],
    ),
  ];
}

const redirectNote = 'clients reach the promoted database through a new endpoint: the connection change is a runbook step, client DNS caching is not estimated';

function replicaCandidates(ctx: Ctx, db: Res, kindText: string): Candidate[] {
  const out: Candidate[] = [];
  const sourceKey = encryptedWith(ctx, db);
  for (const r of ctx.links.dbReplicas.get(db.key) ?? []) {
    const what = `${r.type === 'aws_rds_cluster' ? 'replica cluster' : 'read replica'} ${ctx.label(r)}`;
    const { problems, notes } = ctx.copyProblems(r, r.region, what);
    if (r.region !== db.region) problems.push(...ctx.keyProblems(ctx.links.keyAtPath(r, 'kms_key_id'), r.region, what, sourceKey));
    if (ctx.scenario.type !== 'REGION_LOSS' && mayBeIn(ctx.placement(r), ctx.scenario.az!)) {
      problems.push(`[U5] ${what} ${ctx.placement(r).scope === 'unpinned' ? 'is not pinned to an AZ, so it may be' : 'is'} in ${ctx.scenario.az} as well (worst-case placement)`);
    }
    const repoint = repointStep(ctx, db, r, r.region);
    if ((num(r.values.backup_retention_period) ?? 0) === 0 && r.type === 'aws_db_instance') notes.push(`${ctx.label(r)} has no automated backups: enable them before promotion, as AWS advises (RDS4)`);
    out.push({
      mechanism: r.region !== db.region ? `cross-region read replica promotion (${ctx.label(r)}, ${r.region})` : `read replica promotion (${ctx.label(r)})`,
      outcome: 'RECOVERS_MANUAL',
      region: r.region,
      rpo: sum(ctx.c('RR_LAG')),
      rto: sum(ctx.c('T_DECLARE'), ctx.c('RR_PROMOTE'), ...(repoint ? [ctx.c('ENDPOINT_SWITCH')] : [])),
      problems,
      notes: [...notes, repoint ? redirectNote : `the DR compute ${ctx.labels(ctx.drComputeUsing(r))} already connects to ${ctx.label(r)}, whose endpoint stays the same after promotion: no repoint step`],
      steps: [
        ctx.step('failover', ORDER.data, `Promote ${what} (${r.region}) to a standalone ${kindText}; it reboots (aws rds ${r.type === 'aws_rds_cluster' ? 'promote-read-replica-db-cluster' : 'promote-read-replica'})`, [r], [ctx.c('RR_PROMOTE')]),
        ...masterCredentialSteps(ctx, db, r),
        ...(repoint ? [repoint] : []),
      ],
      checks: [ctx.step('prerequisite', ORDER.replicationCheck, `Check ${r.type === 'aws_rds_cluster' ? 'AuroraBinlogReplicaLag' : 'ReplicaLag'} of ${ctx.label(r)} is below the RPO target and the replica is not in the backing-up state`, [r])],
      needs: [],
    });
  }
  return out;
}

function xrabCandidates(ctx: Ctx, db: Res): Candidate[] {
  const out: Candidate[] = [];
  const sourceKey = encryptedWith(ctx, db);
  for (const x of ctx.links.xrab.get(db.key) ?? []) {
    const what = `automated-backups replication ${ctx.label(x)}`;
    const { problems, notes } = ctx.copyProblems(x, x.region, what);
    problems.push(...ctx.keyProblems(ctx.links.keyAtPath(x, 'kms_key_id'), x.region, what, sourceKey));
    out.push({
      mechanism: `automated-backup replication restore (${ctx.label(x)}, ${x.region})`,
      outcome: 'RECOVERS_MANUAL',
      region: x.region,
      rpo: sum(ctx.c('XRAB_RPO')),
      rto: sum(ctx.c('T_DECLARE'), ctx.c('XRAB_RESTORE'), ctx.c('ENDPOINT_SWITCH')),
      problems,
      notes: [...notes, redirectNote],
      steps: [
        ctx.step('failover', ORDER.data, `Restore ${ctx.label(db)} to the latest restorable time in ${x.region} from the backups replicated by ${ctx.label(x)} (aws rds restore-db-instance-to-point-in-time --source-db-instance-automated-backups-arn ...)`, [db, x], [ctx.c('XRAB_RESTORE')]),
        repointStep(ctx, db, null, x.region)!,
      ],
      checks: [ctx.step('prerequisite', ORDER.replicationCheck, `Check the latest restorable time of the replicated automated backups of ${ctx.label(db)} in ${x.region}`, [x])],
      needs: ['network', 'db-subnet-group'],
    });
  }
  return out;
}

function noCopyReason(ctx: Ctx, db: Res, mechanisms: string): [string, string[]] {
  const stays = backupStaysInRegion(ctx, db);
  const uncovered = uncoveredByBackup(ctx, db);
  return [`[U1] no copy of ${ctx.label(db)} outside ${ctx.lost}: ${mechanisms} (in-Region PITR and snapshots are lost with the Region)${stays ? `; ${stays}` : ''}`, uncovered ? [uncovered] : []];
}

export function assessDbInstance(ctx: Ctx, db: Res): Assessment {
  const sources = ctx.links.replicaSources.get(db.key) ?? [];
  if (ctx.scenario.type === 'REGION_LOSS') {
    if (!ctx.inLostRegion(db)) return unaffected(ctx, db);
    const survivingSource = sources.find((s) => !ctx.inLostRegion(s));
    if (survivingSource) return degradedCopy(ctx, db, survivingSource, 'read replica');
    const candidates = [...replicaCandidates(ctx, db, 'instance'), ...xrabCandidates(ctx, db), ...backupCopyCandidates(ctx, db, 'RDS_PITR_RESTORE', ['network', 'db-subnet-group'], 'the instance')];
    return ctx.decide(candidates, ...noCopyReason(ctx, db, 'no cross-Region read replica, no aws_db_instance_automated_backups_replication, no AWS Backup copy action'));
  }
  // AZ scenarios.
  if (db.region !== ctx.scenario.region) return unaffected(ctx, db);
  const p = ctx.placement(db);
  const az = ctx.scenario.az!;
  if (p.scope === 'multi-az') {
    if (p.azs.length > 0 && !p.azs.includes(az)) return unaffected(ctx, db, `its subnet group spans ${p.azs.join(', ')}, not ${az}`);
    return {
      outcome: 'SURVIVES_AUTO',
      mechanism: 'Multi-AZ failover',
      rpo: zero('RDS3', 'documented', 'synchronous standby'),
      rto: sum(ctx.c('RDS_MAZ_INSTANCE_FAILOVER')),
      reasons: ['multi_az = true: RDS fails over to the synchronous standby in another AZ and moves the endpoint'],
      steps: [ctx.autoStep('failover', ORDER.data, `Confirm the Multi-AZ failover of ${ctx.label(db)} completed (RDS event "Multi-AZ instance failover completed")`, [db], [ctx.c('RDS_MAZ_INSTANCE_FAILOVER')])],
      checks: [],
    };
  }
  if (!mayBeIn(p, az)) return unaffected(ctx, db, `it is in ${p.azs.join(', ') || 'another AZ'}`);
  const pinNote = p.scope === 'unpinned' ? [`placement not pinned: ${ctx.label(db)} has no availability_zone, so it is assumed to be in ${az} (worst case)`] : [];
  const survivingSource = sources.find((s) => !mayBeIn(ctx.placement(s), az) || ctx.placement(s).scope === 'multi-az');
  if (survivingSource) return degradedCopy(ctx, db, survivingSource, 'read replica');
  const candidates: Candidate[] = replicaCandidates(ctx, db, 'instance').filter((c) => c.region === db.region);
  const retention = num(db.values.backup_retention_period);
  const pitr = retention === undefined || retention > 0;
  if (pitr) {
    candidates.push({
      mechanism: 'point-in-time restore into another AZ',
      outcome: 'RECOVERS_MANUAL',
      region: db.region,
      rpo: sum(ctx.c('PITR_LOG_INTERVAL')),
      rto: sum(ctx.c('T_DECLARE'), ctx.c('RDS_PITR_RESTORE'), ctx.c('ENDPOINT_SWITCH')),
      problems: [],
      notes: retention === undefined ? ['backup_retention_period is not set: the RDS default (1 day) is assumed'] : [],
      steps: [
        ctx.step('failover', ORDER.data, `Restore ${ctx.label(db)} to the latest restorable time into an AZ other than ${az} (aws rds restore-db-instance-to-point-in-time)`, [db], [ctx.c('RDS_PITR_RESTORE')]),
        repointStep(ctx, db, null, db.region)!,
      ],
      checks: [],
      needs: [],
    });
  }
  if (ctx.scenario.type === 'AZ_DESTRUCTION') {
    candidates.push(...backupInRegionCandidates(ctx, db, 'RDS_PITR_RESTORE', 'the instance'));
    const d = ctx.decide(candidates, `[U1] ${ctx.label(db)} is a single-AZ instance in ${az} with no automated backups (backup_retention_period = 0), no replica in another AZ and no AWS Backup selection: its data is lost with the AZ`);
    return { ...d, reasons: [...pinNote, ...d.reasons] };
  }
  candidates.push(waitForAws(ctx, db));
  const d = ctx.decide(candidates, '');
  return { ...d, reasons: [...pinNote, ...d.reasons] };
}

/** AZ impairment: the data survives; the component is back when the AZ is (dr-model §6.1). */
export function waitForAws(ctx: Ctx, res: Res, rpoNote = 'the data survives the impairment'): Candidate {
  return {
    mechanism: 'wait for the AZ to recover',
    outcome: 'WAITS_FOR_AWS',
    region: res.region,
    rpo: zero('FIS1', 'derived', rpoNote),
    rto: sum(ctx.c('AZ_IMPAIRMENT')),
    problems: [],
    notes: [],
    steps: [ctx.autoStep('failover', ORDER.data, `Wait for ${ctx.scenario.az} to recover for ${ctx.label(res)} (or restore it elsewhere if the impairment lasts longer than planned)`, [res], [ctx.c('AZ_IMPAIRMENT')])],
    checks: [],
    needs: [],
  };
}

/** The writer of a global cluster: its declared source, else the member with master credentials. */
function globalPrimary(ctx: Ctx, members: Res[], global: Res): Res | undefined {
  const declared = ctx.world.resolve(global, 'source_db_cluster_identifier', ['aws_rds_cluster'])[0];
  if (declared) return declared;
  return members.find((m) => m.values.master_username !== undefined || m.values.master_password !== undefined || bool(m.values.manage_master_user_password) === true);
}

function globalRpoBound(ctx: Ctx, cluster: Res): number | undefined {
  const pg = ctx.world.resolve(cluster, 'db_cluster_parameter_group_name', ['aws_rds_cluster_parameter_group'])[0];
  if (!pg) return undefined;
  for (const p of blocks(pg.values.parameter)) if (str(p.name) === 'rds.global_db_rpo') return num(p.value);
  return undefined;
}

export function assessCluster(ctx: Ctx, c: Res): Assessment {
  const aurora = (str(c.values.engine) ?? 'aurora').startsWith('aurora');
  const sources = ctx.links.replicaSources.get(c.key) ?? [];
  const global = ctx.links.globalOf.get(c.key);
  const members = global ? ctx.links.globalMembers.get(global.key) ?? [] : [];
  if (ctx.scenario.type === 'REGION_LOSS') {
    if (!ctx.inLostRegion(c)) return unaffected(ctx, c);
    const survivingSource = sources.find((s) => !ctx.inLostRegion(s));
    if (survivingSource) return degradedCopy(ctx, c, survivingSource, 'replica cluster');
    const candidates: Candidate[] = [];
    if (global) {
      const primary = globalPrimary(ctx, members, global);
      if (primary && primary.key !== c.key && !ctx.inLostRegion(primary)) return degradedCopy(ctx, c, primary, `secondary cluster of ${ctx.label(global)}`);
      const sourceKey = ctx.sourceKeyText(c, 'kms_key_id');
      const bound = globalRpoBound(ctx, c);
      for (const s of members) {
        if (s.key === c.key) continue;
        const what = `global database secondary ${ctx.label(s)}`;
        const { problems, notes } = ctx.copyProblems(s, s.region, what);
        problems.push(...ctx.keyProblems(ctx.links.keyAtPath(s, 'kms_key_id'), s.region, what, sourceKey));
        const instances = ctx.links.clusterInstances.get(s.key) ?? [];
        const headless = instances.length === 0;
        const rpoTerm = bound !== undefined ? capWorst(ctx.c('AGD_LAG'), bound, 'AUR4') : ctx.c('AGD_LAG');
        if (bound === undefined) notes.push('no rds.global_db_rpo bound: the worst-case lag is the assumed AGD_LAG worst value');
        if (headless) notes.push(`${ctx.label(s)} is headless (no aws_rds_cluster_instance): an instance must be added before it can take writes (AUR4)`);
        candidates.push({
          mechanism: `Aurora Global Database failover (${ctx.label(s)}, ${s.region})`,
          outcome: 'RECOVERS_MANUAL',
          region: s.region,
          rpo: sum(rpoTerm),
          rto: sum(ctx.c('T_DECLARE'), ctx.c('AGD_FAILOVER'), ...(headless ? [ctx.c('AURORA_RECREATE_PRIMARY')] : []), flat('T_redirect (global writer endpoint)', 0, 'AUR4', 'assumed')),
          problems,
          notes,
          steps: [
            ...(headless ? [ctx.step('failover', ORDER.data - 1, `Add a DB instance to the headless secondary ${ctx.label(s)} (${s.region})`, [s], [ctx.c('AURORA_RECREATE_PRIMARY')])] : []),
            ctx.step('failover', ORDER.data, `Fail over ${ctx.label(global)} to ${ctx.label(s)} (${s.region}) with data loss allowed (aws rds failover-global-cluster --allow-data-loss); use switchover only for planned drills`, [global, s], [ctx.c('AGD_FAILOVER')]),
            ...[repointStep(ctx, c, s, s.region)].filter((x) => x !== null),
          ],
          checks: [ctx.step('prerequisite', ORDER.replicationCheck, `Check AuroraGlobalDBRPOLag / AuroraGlobalDBReplicationLag of ${ctx.label(s)} against the RPO target`, [s])],
          needs: [],
        });
      }
    }
    candidates.push(...replicaCandidates(ctx, c, 'cluster'));
    candidates.push(...backupCopyCandidates(ctx, c, 'RDS_PITR_RESTORE', ['network', 'db-subnet-group'], 'the cluster'));
    return ctx.decide(candidates, ...noCopyReason(ctx, c, 'no Aurora Global Database secondary, no cross-Region replica cluster, no AWS Backup copy action'));
  }
  if (c.region !== ctx.scenario.region) return unaffected(ctx, c);
  const az = ctx.scenario.az!;
  if (!aurora) {
    return {
      outcome: 'SURVIVES_AUTO',
      mechanism: 'Multi-AZ DB cluster failover',
      rpo: zero('RDS2', 'documented', 'a standby acknowledges every commit'),
      rto: sum(ctx.c('RDS_MAZ_CLUSTER_FAILOVER')),
      reasons: ['a Multi-AZ DB cluster keeps two readable standbys in other AZs'],
      steps: [ctx.autoStep('failover', ORDER.data, `Confirm the failover of ${ctx.label(c)} completed`, [c], [ctx.c('RDS_MAZ_CLUSTER_FAILOVER')])],
      checks: [],
    };
  }
  const nodes = ctx.placement(c).nodes;
  const outside = nodes.filter((n) => n.az !== null && n.az !== az);
  const unpinned = nodes.filter((n) => n.az === null);
  if (nodes.length > 0 && outside.length === nodes.length) return unaffected(ctx, c, `its instances are in ${[...new Set(outside.map((n) => n.az))].join(', ')}`);
  const reasons = ['Aurora storage keeps six copies over three AZs: no data is lost (AUR1)'];
  if (unpinned.length > 0) reasons.push(`placement not pinned: ${unpinned.length} instance${unpinned.length === 1 ? '' : 's'} without availability_zone ${unpinned.length === 1 ? 'is' : 'are'} assumed to be in ${az} (worst case)`);
  const replica = outside.length > 0;
  if (!replica) reasons.push(nodes.length <= 1 ? 'single-instance cluster: the primary is recreated' : `no instance is known to be outside ${az}: the primary is recreated`);
  return {
    outcome: 'SURVIVES_AUTO',
    mechanism: replica ? 'Aurora replica promotion' : 'Aurora primary re-creation',
    rpo: zero('AUR1', 'documented', 'shared storage over three AZs'),
    rto: sum(ctx.c(replica ? 'AURORA_REPLICA_FAILOVER' : 'AURORA_RECREATE_PRIMARY')),
    reasons,
    steps: [ctx.autoStep('failover', ORDER.data, `Confirm ${ctx.label(c)} has a writer again (${replica ? 'replica promoted' : 'primary recreated'})`, [c], [ctx.c(replica ? 'AURORA_REPLICA_FAILOVER' : 'AURORA_RECREATE_PRIMARY')])],
    checks: [],
  };
}
