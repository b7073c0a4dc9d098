/** S3 buckets, DynamoDB tables, EFS file systems and EBS volumes (dr-model §2.2–2.4, §6.1). */
import { ORDER, type Assessment, type Candidate, type Ctx } from '../context';
import { sum } from '../estimate';
import { mayBeIn } from '../placement';
import { bool, type Res } from '../world';
import { backupCopyCandidates, backupInRegionCandidates, backupStaysInRegion, uncoveredByBackup } from './backup';
import { degradedCopy, unaffected } from './common';
import { waitForAws } from './databases';
import { trafficTo } from './serving';

function noCopy(ctx: Ctx, res: Res, mechanisms: string): [string, string[]] {
  const stays = backupStaysInRegion(ctx, res);
  const uncovered = uncoveredByBackup(ctx, res);
  return [`[U1] no copy of ${ctx.label(res)} outside ${ctx.lost}: ${mechanisms}${stays ? `; ${stays}` : ''}`, uncovered ? [uncovered] : []];
}

// --- S3 --------------------------------------------------------------------------------------

function versioningProblem(ctx: Ctx, bucket: Res, role: string, rule: string): string | undefined {
  const status = ctx.links.versioning.get(bucket.key);
  if (status === 'Enabled') return undefined;
  return `[U1] replication rule ${rule} needs versioning on the ${role} bucket ${ctx.label(bucket)}, which is ${status ? `"${status}"` : 'not versioned (no aws_s3_bucket_versioning)'}: AWS rejects the configuration, so no copy exists`;
}

function replicationCandidates(ctx: Ctx, bucket: Res): Candidate[] {
  const out: Candidate[] = [];
  const sse = ctx.links.sse.get(bucket.key);
  const sourceKey = sse?.key && !sse.key.managed ? (sse.key.res ? ctx.label(sse.key.res) : sse.key.text) : undefined;
  for (const rule of ctx.links.s3Rules.get(bucket.key) ?? []) {
    const ruleName = `${rule.id} of ${ctx.label(rule.config)}`;
    if (!rule.enabled) continue;
    const dests: (Res | null)[] = rule.destinations.length > 0 ? rule.destinations : [null];
    for (const d of dests) {
      const what = d ? `replication destination ${ctx.label(d)} (rule ${ruleName})` : `replication destination ${rule.destValue || '(none)'} (rule ${ruleName})`;
      const { problems, notes } = ctx.copyProblems(d, d ? d.region : null, what);
      const sv = versioningProblem(ctx, bucket, 'source', ruleName);
      if (sv) problems.push(sv);
      if (d) {
        const dv = versioningProblem(ctx, d, 'destination', ruleName);
        if (dv) problems.push(dv);
      }
      if (rule.narrowing) problems.push(`[U4] rule ${ruleName} replicates only objects with ${rule.narrowing}: the rest of ${ctx.label(bucket)} has no copy outside ${ctx.lost}`);
      if (sourceKey) {
        if (!rule.sseSelected) {
          problems.push(`[U4] rule ${ruleName} does not select SSE-KMS objects (source_selection_criteria.sse_kms_encrypted_objects): the objects of ${ctx.label(bucket)}, encrypted with ${sourceKey}, are not replicated (S3-3)`);
        } else {
          problems.push(...ctx.keyProblems(rule.replicaKey, d ? d.region : null, `the copy made by rule ${ruleName} (replica_kms_key_id)`, sourceKey));
        }
      } else if (rule.replicaKey && !rule.replicaKey.managed) {
        problems.push(...ctx.keyProblems(rule.replicaKey, d ? d.region : null, `the copy made by rule ${ruleName} (replica_kms_key_id)`));
      }
      if (!rule.existingObjects) notes.push(`rule ${ruleName} has no existing_object_replication: objects written before it existed are not replicated (run S3 Batch Replication if the bucket had data)`);
      if (!rule.rtc) notes.push(`rule ${ruleName} has no Replication Time Control: no replication SLA`);
      const switchNeeded = d !== undefined && d !== null && ctx.drComputeUsing(d).length === 0;
      out.push({
        mechanism: `S3 ${d && d.region !== bucket.region ? 'CRR' : 'replication'}${rule.rtc ? ' with RTC' : ''} (${d ? `${ctx.label(d)}, ${d.region}` : rule.destValue})`,
        outcome: 'RECOVERS_MANUAL',
        region: d ? d.region : null,
        rpo: sum(ctx.c(rule.rtc ? 'S3_RTC_LAG' : 'S3_CRR_LAG')),
        rto: sum(ctx.c('T_DECLARE'), ...(switchNeeded ? [ctx.c('ENDPOINT_SWITCH')] : [])),
        problems,
        notes: switchNeeded ? notes : [...notes, `the DR compute ${ctx.labels(ctx.drComputeUsing(d!))} already uses ${ctx.label(d!)}: no switch step`],
        steps: switchNeeded ? [ctx.step('failover', ORDER.data, `Switch the application from ${ctx.label(bucket)} to ${ctx.label(d!)} (${d!.region}), or fail over its Multi-Region Access Point`, [bucket, d!], [ctx.c('ENDPOINT_SWITCH')])] : [],
        checks: d ? [ctx.step('prerequisite', ORDER.replicationCheck, `Check the replication metrics of rule ${ruleName} (OperationsPendingReplication, ReplicationLatency) into ${ctx.label(d)}`, [rule.config, d])] : [],
        needs: [],
      });
    }
  }
  return out;
}

export function assessBucket(ctx: Ctx, b: Res): Assessment {
  if (ctx.scenario.type === 'REGION_LOSS') {
    if (!ctx.inLostRegion(b)) return unaffected(ctx, b);
    const source = (ctx.links.copyOf.get(b.key) ?? []).find((c) => !ctx.inLostRegion(c.source));
    if (source) return degradedCopy(ctx, b, source.source, source.how);
    const candidates = [...replicationCandidates(ctx, b), ...backupCopyCandidates(ctx, b, 'BACKUP_RESTORE', [], 'the bucket')];
    const disabled = (ctx.links.s3Rules.get(b.key) ?? []).filter((r) => !r.enabled);
    const none = noCopy(ctx, b, `no enabled replication rule to a bucket in another region${disabled.length ? ` (rule ${disabled.map((r) => r.id).join(', ')} is disabled)` : ''}, no AWS Backup copy action`);
    return ctx.decide(candidates, ...none);
  }
  if (b.region !== ctx.scenario.region) return unaffected(ctx, b);
  const oneZone = ctx.links.oneZone.get(b.key);
  if (!oneZone && b.type !== 'aws_s3_directory_bucket') return unaffected(ctx, b, 'S3 Standard storage spans several AZs');
  const az = ctx.scenario.az!;
  const p = ctx.placement(b);
  if (b.type === 'aws_s3_directory_bucket' && !mayBeIn(p, az)) return unaffected(ctx, b, `it is in ${p.azs.join(', ')}`);
  const why = oneZone ? `${oneZone}: those objects live in one AZ, assumed to be ${az} (S3-5)` : `directory bucket in ${p.azs[0] ?? 'an unpinned AZ'} (S3 Express One Zone, S3-5)`;
  const candidates = replicationCandidates(ctx, b);
  if (ctx.scenario.type === 'AZ_IMPAIRMENT') candidates.push(waitForAws(ctx, b));
  const d = ctx.decide(candidates, `[U1] ${why}, and no replication copies them elsewhere: they are lost with the AZ`);
  return d.outcome === 'UNRECOVERABLE' ? d : { ...d, reasons: [why, ...d.reasons] };
}

// --- DynamoDB --------------------------------------------------------------------------------

export function assessTable(ctx: Ctx, t: Res): Assessment {
  if (ctx.scenario.type !== 'REGION_LOSS') {
    return unaffected(ctx, t, t.region !== ctx.scenario.region ? undefined : 'DynamoDB is regional and tolerates the loss of an AZ (DDB4)');
  }
  if (!ctx.inLostRegion(t)) return unaffected(ctx, t);
  const source = (ctx.links.copyOf.get(t.key) ?? []).find((c) => !ctx.inLostRegion(c.source));
  if (source) return degradedCopy(ctx, t, source.source, source.how);
  const tableKey = ctx.links.keyAt(t, ctx.world.valuesAt(t, 'server_side_encryption.kms_key_arn'));
  const cmk = bool(ctx.world.first(t, 'server_side_encryption.enabled')) === true && !tableKey.managed ? (tableKey.res ? ctx.label(tableKey.res) : tableKey.text) : undefined;
  const candidates: Candidate[] = [];
  for (const rep of ctx.links.ddbReplicas.get(t.key) ?? []) {
    const what = rep.res ? `global table replica ${ctx.label(rep.res)}` : `the replica of ${ctx.label(t)} in ${rep.region ?? 'an unknown region'}`;
    const { problems, notes } = ctx.copyProblems(rep.res, rep.region, what);
    problems.push(...ctx.keyProblems(ctx.links.keyAt(rep.res ?? t, rep.keyValue === undefined ? [] : [rep.keyValue]), rep.region, what, cmk));
    const traffic = trafficTo(ctx, rep.region);
    const rpo = sum(ctx.c(rep.strong ? 'DDB_MRSC_LAG' : 'DDB_MREC_LAG'));
    if (traffic) notes.push(...traffic.notes);
    candidates.push({
      mechanism: `DynamoDB global table replica (${rep.region}${rep.strong ? ', MRSC' : ''})`,
      outcome: traffic?.auto ? 'SURVIVES_AUTO' : 'RECOVERS_MANUAL',
      region: rep.region,
      rpo,
      rto: traffic?.auto ? sum(...traffic.terms) : sum(ctx.c('T_DECLARE'), ctx.c('ENDPOINT_SWITCH')),
      problems,
      notes: [...notes, 'the replica takes writes at once: DynamoDB has no global endpoint, the application uses the DR regional endpoint (DDB4)'],
      // The replica takes writes as it is: no step (a no-op step was removed).
      steps: traffic?.auto ? [] : [ctx.step('failover', ORDER.data, `Point the application in ${rep.region} at the regional endpoint of the replica of ${ctx.label(t)}`, [t, ...(rep.res ? [rep.res] : [])], [ctx.c('ENDPOINT_SWITCH')])],
      checks: [ctx.step('prerequisite', ORDER.replicationCheck, `Check ReplicationLatency of ${ctx.label(t)} to ${rep.region}`, [t])],
      needs: [],
    });
  }
  const backups = backupCopyCandidates(ctx, t, 'BACKUP_RESTORE', [], 'the table');
  for (const b of backups) b.notes.push('AWS Backup cross-Region copy of DynamoDB tables: current support unverified (BK3)');
  candidates.push(...backups);
  return ctx.decide(candidates, ...noCopy(ctx, t, 'no global table replica in another region, no AWS Backup copy action'));
}

// --- EFS -------------------------------------------------------------------------------------

export function assessFileSystem(ctx: Ctx, fs: Res): Assessment {
  const sourceKey = ctx.sourceKeyText(fs, 'kms_key_id', 'encrypted');
  const replicas = (destAz: boolean): Candidate[] =>
    (ctx.links.efsReplicas.get(fs.key) ?? []).map((rep) => {
      const what = `EFS replication ${ctx.label(rep.config)} to ${rep.region ?? 'an unknown region'}`;
      const { problems, notes } = destAz ? { problems: [] as string[], notes: [] as string[] } : ctx.copyProblems(rep.config, rep.region, what);
      if (!destAz) problems.push(...ctx.keyProblems(ctx.links.keyAt(rep.config, rep.keyValue === undefined ? [] : [rep.keyValue]), rep.region, what, sourceKey));
      return {
        mechanism: `EFS replication failover (${rep.region})`,
        outcome: 'RECOVERS_MANUAL' as const,
        region: rep.region,
        rpo: sum(ctx.c('EFS_REPL_LAG')),
        rto: sum(ctx.c('T_DECLARE'), ctx.c('EFS_FAILOVER')),
        problems,
        notes,
        steps: [ctx.step('failover', ORDER.data, `Delete the replication configuration ${ctx.label(rep.config)} so the destination file system in ${rep.region} becomes writable, and mount it`, [rep.config, fs], [ctx.c('EFS_FAILOVER')])],
        checks: [ctx.step('prerequisite', ORDER.replicationCheck, `Check TimeSinceLastSync of ${ctx.label(rep.config)}`, [rep.config])],
        needs: ['network' as const],
      };
    });
  if (ctx.scenario.type === 'REGION_LOSS') {
    if (!ctx.inLostRegion(fs)) return unaffected(ctx, fs);
    return ctx.decide([...replicas(false), ...backupCopyCandidates(ctx, fs, 'BACKUP_RESTORE', ['network'], 'the file system')], ...noCopy(ctx, fs, 'no EFS replication to another region, no AWS Backup copy action'));
  }
  if (fs.region !== ctx.scenario.region) return unaffected(ctx, fs);
  const p = ctx.placement(fs);
  if (p.scope === 'regional') return unaffected(ctx, fs, 'a Regional EFS file system stores data in several AZs');
  if (!mayBeIn(p, ctx.scenario.az!)) return unaffected(ctx, fs, `it is in ${p.azs.join(', ')}`);
  const candidates = [...replicas(true), ...(ctx.scenario.type === 'AZ_DESTRUCTION' ? backupInRegionCandidates(ctx, fs, 'BACKUP_RESTORE', 'the file system') : [waitForAws(ctx, fs)])];
  return ctx.decide(candidates, `[U1] ${ctx.label(fs)} is a One Zone file system in ${ctx.scenario.az} with no replication and no AWS Backup selection: its data is lost with the AZ`);
}

// --- EBS -------------------------------------------------------------------------------------

export function assessVolume(ctx: Ctx, v: Res): Assessment {
  if (ctx.scenario.type === 'REGION_LOSS') {
    if (!ctx.inLostRegion(v)) return unaffected(ctx, v);
    return ctx.decide(backupCopyCandidates(ctx, v, 'BACKUP_RESTORE', ['network'], 'the volume'), ...noCopy(ctx, v, 'no AWS Backup copy action (Data Lifecycle Manager cross-Region copies are not modelled)'));
  }
  if (v.region !== ctx.scenario.region) return unaffected(ctx, v);
  const p = ctx.placement(v);
  if (!mayBeIn(p, ctx.scenario.az!)) return unaffected(ctx, v, `it is in ${p.azs.join(', ')}`);
  const reasons = p.scope === 'unpinned' ? [`placement not pinned: assumed to be in ${ctx.scenario.az}`] : [];
  if (ctx.scenario.type === 'AZ_IMPAIRMENT') {
    const d = ctx.decide([waitForAws(ctx, v)], '');
    return { ...d, reasons: [...reasons, 'an EBS volume lives in one AZ: it does not respond while the AZ is impaired', ...d.reasons] };
  }
  const d = ctx.decide(backupInRegionCandidates(ctx, v, 'BACKUP_RESTORE', 'the volume'), `[U1] ${ctx.label(v)} lives only in ${ctx.scenario.az} and no AWS Backup selection covers it (Data Lifecycle Manager snapshots are not modelled): its data is lost with the AZ`);
  return { ...d, reasons: [...reasons, ...d.reasons] };
}

