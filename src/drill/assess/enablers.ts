/**
 * Caches and queues (dr-model §2.5, §2.6, §6.1) and the enablers that gate recovery: secrets,
 * keys and backup vaults (§2.7, §2.8, §6.2).
 */
import { globMatch } from '../config';
import { ORDER, type Assessment, type Candidate, type Ctx } from '../context';
import { ALL_CONTENT, IN_FLIGHT, sum, unbounded, zero } from '../estimate';
import { mayBeIn } from '../placement';
import { bool, blocks, num, str, type Res } from '../world';
import { degradedCopy, unaffected } from './common';


// --- caches ----------------------------------------------------------------------------------

export function assessCache(ctx: Ctx, c: Res): Assessment {
  const rebuildable = ctx.rebuildable(c, globMatch);
  const contentNote = rebuildable ? 'declared rebuildable (drill.rebuildable): its content is rebuilt from the system of record' : 'authoritative by default: sessions and rate-limit state cannot be rebuilt (declare it in drill.rebuildable otherwise)';
  if (ctx.scenario.type !== 'REGION_LOSS') {
    if (c.region !== ctx.scenario.region) return unaffected(ctx, c);
    const az = ctx.scenario.az!;
    const p = ctx.placement(c);
    const failover = bool(c.values.automatic_failover_enabled) === true;
    const multiAz = bool(c.values.multi_az_enabled) === true;
    const known = p.nodes.filter((n) => n.az !== null);
    if (known.length === p.nodes.length && known.length > 0 && known.every((n) => n.az !== az)) return unaffected(ctx, c, `its nodes are in ${p.azs.join(', ')}`);
    if (p.nodes.length > 1 && failover && (multiAz || known.some((n) => n.az !== az))) {
      return {
        outcome: 'SURVIVES_AUTO',
        mechanism: 'ElastiCache Multi-AZ automatic failover',
        rpo: sum(ctx.c('EC_REPLICA_LAG')),
        rto: sum(ctx.c('EC_MAZ_FAILOVER')),
        reasons: ['a replica in another AZ is promoted and the primary endpoint moves to it (EC1)'],
        steps: [ctx.autoStep('failover', ORDER.data, `Confirm ${ctx.label(c)} promoted a replica outside ${az}`, [c], [ctx.c('EC_MAZ_FAILOVER')])],
        checks: [],
      };
    }
    const why = p.nodes.length <= 1 ? 'a single node' : !failover ? 'automatic_failover_enabled is not true' : 'multi_az_enabled is not true and no replica is pinned outside the AZ';
    if (!mayBeIn(p, az) && p.scope !== 'multi-az') return unaffected(ctx, c, `it is in ${p.azs.join(', ')}`);
    if (rebuildable) return degradedCache(ctx, c, `${ctx.label(c)} has ${why}; ${contentNote}`, `Start ${ctx.label(c)} again in a surviving AZ with a cold cache`);
    if (ctx.scenario.type === 'AZ_IMPAIRMENT') {
      return { outcome: 'WAITS_FOR_AWS', mechanism: 'wait for the AZ to recover', rpo: zero('FIS1', 'derived', 'the node keeps its data'), rto: sum(ctx.c('AZ_IMPAIRMENT')), reasons: [`${ctx.label(c)} has ${why}`], steps: [], checks: [] };
    }
    if ((num(c.values.snapshot_retention_limit) ?? 0) > 0) {
      return {
        outcome: 'RECOVERS_MANUAL',
        mechanism: 'restore from the latest automatic snapshot',
        rpo: sum(ctx.c('EC_SNAPSHOT_INTERVAL')),
        rto: sum(ctx.c('T_DECLARE'), ctx.c('BACKUP_RESTORE')),
        reasons: [`${ctx.label(c)} has ${why}; snapshot_retention_limit > 0 keeps daily snapshots`],
        steps: [ctx.step('failover', ORDER.data, `Create ${ctx.label(c)} again from its latest snapshot in a surviving AZ`, [c], [ctx.c('BACKUP_RESTORE')])],
        checks: [],
      };
    }
    return {
      outcome: 'UNRECOVERABLE',
      mechanism: null,
      rpo: unbounded('no copy outside the AZ'),
      rto: unbounded('no copy outside the AZ'),
      reasons: [`[U1] ${ctx.label(c)} has ${why} and no snapshots (snapshot_retention_limit = 0): its content is lost with ${az}; ${contentNote}`],
      steps: [],
      checks: [],
    };
  }
  if (!ctx.inLostRegion(c)) return unaffected(ctx, c);
  const source = (ctx.links.copyOf.get(c.key) ?? []).find((x) => !ctx.inLostRegion(x.source));
  if (source) return degradedCopy(ctx, c, source.source, source.how);
  const candidates: Candidate[] = [];
  const sourceKey = ctx.sourceKeyText(c, 'kms_key_id');
  for (const s of ctx.links.ecSecondaries.get(c.key) ?? []) {
    const what = `Global Datastore secondary ${ctx.label(s)}`;
    const { problems, notes } = ctx.copyProblems(s, s.region, what);
    problems.push(...ctx.keyProblems(ctx.links.keyAtPath(s, 'kms_key_id'), s.region, what, sourceKey));
    candidates.push({
      mechanism: `ElastiCache Global Datastore failover (${ctx.label(s)}, ${s.region})`,
      outcome: 'RECOVERS_MANUAL',
      region: s.region,
      rpo: sum(ctx.c('EC_GDS_LAG')),
      rto: sum(ctx.c('T_DECLARE'), ctx.c('EC_GDS_FAILOVER')),
      problems,
      notes: [...notes, 'Global Datastore figures come from the AWS DR workshop (WS2)'],
      steps: [ctx.step('failover', ORDER.data, `Promote ${ctx.label(s)} (${s.region}) to primary of its global datastore (aws elasticache failover-global-replication-group)`, [s], [ctx.c('EC_GDS_FAILOVER')])],
      checks: [],
      needs: ['network'],
    });
  }
  if (rebuildable) {
    const dr = ctx.links.counterpartsOf(c).find((x) => !ctx.inLostRegion(x));
    candidates.push({
      mechanism: dr ? `cold cache ${ctx.label(dr)} (${dr.region})` : 'cold cache deployed in the DR region',
      outcome: 'DEGRADED',
      region: dr ? dr.region : ctx.scenario.drRegion,
      rpo: unbounded(ALL_CONTENT),
      rto: dr ? zero('OURS', 'derived', `${ctx.label(dr)} runs in ${dr.region} already`) : sum(ctx.c('T_DECLARE'), ctx.c('IAC_REDEPLOY')),
      problems: [],
      notes: [contentNote],
      // With a DR cache the DR site already uses it: starting on it is not a step (no-op removed).
      steps: dr ? [] : [ctx.step('failover', ORDER.data, `Deploy a cache in the DR region for ${ctx.label(c)} and start cold`, [c], [ctx.c('IAC_REDEPLOY')])],
      checks: [],
      needs: ['network'],
    });
  }
  return ctx.decide(candidates, `[U1] no copy of ${ctx.label(c)} outside ${ctx.lost}: no Global Datastore secondary; ${contentNote}`);
}

function degradedCache(ctx: Ctx, c: Res, reason: string, action: string): Assessment {
  return {
    outcome: 'DEGRADED',
    mechanism: 'cold cache',
    rpo: unbounded(ALL_CONTENT),
    rto: sum(ctx.c('T_DECLARE')),
    reasons: [reason],
    steps: [ctx.step('failover', ORDER.data, action, [c], [ctx.c('OPERATOR_STEP')])],
    checks: [],
  };
}

// --- queues ----------------------------------------------------------------------------------

export function assessQueue(ctx: Ctx, q: Res): Assessment {
  if (ctx.scenario.type !== 'REGION_LOSS') return unaffected(ctx, q, q.region !== ctx.scenario.region ? undefined : 'SQS stores every message in more than one AZ (SQS1)');
  if (!ctx.inLostRegion(q)) return unaffected(ctx, q);
  const dr = ctx.links.counterpartsOf(q).filter((x) => !ctx.inLostRegion(x));
  const rebuildable = ctx.rebuildable(q, globMatch);
  if (dr.length === 0) {
    return {
      outcome: 'BLOCKED',
      mechanism: null,
      rpo: rebuildable ? zero('OURS', 'derived', 'rebuildable content') : unbounded(IN_FLIGHT, 'SQS1'),
      rto: unbounded('no DR queue'),
      reasons: [`[BLOCKED queue] no queue outside ${ctx.lost} plays the role of ${ctx.label(q)} (same construct path or name): producers and consumers have nowhere to go in the DR region`],
      steps: [],
      checks: [],
    };
  }
  const d = dr[0];
  const { problems } = ctx.copyProblems(d, d.region, `DR queue ${ctx.label(d)}`);
  if (problems.length > 0) {
    return { outcome: 'BLOCKED', mechanism: null, rpo: unbounded(IN_FLIGHT, 'SQS1'), rto: unbounded('no usable DR queue'), reasons: problems.map((p) => `[BLOCKED queue] ${p}`), steps: [], checks: [] };
  }
  return {
    outcome: 'DEGRADED',
    mechanism: `DR queue ${ctx.label(d)} (${d.region})`,
    rpo: rebuildable ? zero('OURS', 'derived', 'rebuildable content') : unbounded(IN_FLIGHT, 'SQS1'),
    rto: sum(ctx.c('T_DECLARE'), ctx.c('ENDPOINT_SWITCH')),
    reasons: [
      `new messages flow to ${ctx.label(d)} in ${d.region}; messages in flight in ${ctx.label(q)} are unavailable until ${ctx.lost} returns (no SQS cross-Region replication, SQS1)`,
      'recommendation: an outbox or replay from the system of record bounds the loss',
    ],
    steps: [ctx.step('failover', ORDER.queues, `Point producers and consumers of ${ctx.label(q)} at ${ctx.label(d)} (${d.region}); replay from the outbox`, [q, d], [ctx.c('ENDPOINT_SWITCH')])],
    checks: [],
  };
}

// --- secrets ---------------------------------------------------------------------------------

export function assessSecret(ctx: Ctx, s: Res): Assessment {
  if (ctx.scenario.type !== 'REGION_LOSS') return unaffected(ctx, s, s.region !== ctx.scenario.region ? undefined : 'Secrets Manager is a Regional service');
  if (!ctx.inLostRegion(s)) return unaffected(ctx, s);
  const rotations = ctx.links.rotations.get(s.key) ?? [];
  const rotated = rotations.length > 0;
  const rotationFns = rotations.flatMap((r) => ctx.world.resolve(r, 'rotation_lambda_arn', ['aws_lambda_function'])).filter((f) => ctx.inLostRegion(f));
  const drRotation = rotationFns.flatMap((f) => ctx.links.counterpartsOf(f)).filter((f) => !ctx.inLostRegion(f));
  const candidates: Candidate[] = [];
  for (const rep of blocks(s.values.replica)) {
    const region = str(rep.region) ?? null;
    const what = `the replica of ${ctx.label(s)} in ${region ?? 'an unknown region'}`;
    const { problems, notes } = ctx.copyProblems(null, region, what);
    problems.push(...ctx.keyProblems(ctx.links.keyAt(s, rep.kms_key_id === undefined ? [] : [rep.kms_key_id]), region, what));
    const drFn = drRotation.find((f) => f.region === region);
    if (rotated) notes.push(`rotation runs in ${ctx.lost}: the replica stays readable, but writing or rotating it needs a promotion (SM1); rotation is paused until then`);
    if (rotationFns.length > 0 && !drFn) notes.push(`the rotation function ${ctx.labels(rotationFns)} exists only in ${ctx.lost}: rotation stays paused until one is deployed in ${region}`);
    // Reading needs no step; promotion and rotation restore protection, so they belong to re-protect.
    const rotationSteps = rotated
      ? [
          ctx.step('re-protect', ORDER.reprotect - 8, `Promote the replica of ${ctx.label(s)} in ${region} to a standalone secret (aws secretsmanager stop-replication-to-replica)`, [s], [ctx.c('SM_PROMOTE')]),
          drFn
            ? ctx.step('re-protect', ORDER.reprotect - 7, `Attach the rotation of the promoted ${ctx.label(s)} in ${region} to ${ctx.label(drFn)}`, [s, drFn], [ctx.c('SM_PROMOTE')])
            : ctx.step('re-protect', ORDER.reprotect - 7, `Deploy a rotation function for ${ctx.label(s)} in ${region} (the one of ${ctx.lost}, ${ctx.labels(rotationFns) || 'its rotation'}, is lost) and attach it to the promoted secret`, [s, ...rotationFns], [ctx.c('IAC_REDEPLOY')]),
        ]
      : [];
    candidates.push({
      mechanism: `Secrets Manager replica (${region})`,
      outcome: 'SURVIVES_AUTO',
      region,
      rpo: sum(ctx.c('SM_REPLICA_LAG')),
      rto: zero('SM1', 'documented', 'a replica is readable without promotion'),
      problems,
      notes: [...notes, `applications in ${region} read the replica through its own ARN (same name, region ${region})`],
      steps: rotationSteps,
      checks: [ctx.step('prerequisite', ORDER.secretsCheck, `Confirm the replica of ${ctx.label(s)} in ${region} is InSync`, [s])],
      needs: [],
    });
  }
  for (const d of ctx.links.counterpartsOf(s).filter((x) => !ctx.inLostRegion(x))) {
    candidates.push({
      mechanism: `DR-native secret ${ctx.label(d)} (${d.region})`,
      outcome: 'SURVIVES_AUTO',
      region: d.region,
      rpo: zero('SM2', 'derived', 'the DR secret has its own value'),
      rto: zero('SM2', 'derived'),
      problems: ctx.copyProblems(d, d.region, `DR secret ${ctx.label(d)}`).problems,
      notes: [`${ctx.label(d)} holds its own value: keep it in step with ${ctx.label(s)}`],
      steps: [],
      checks: [ctx.step('prerequisite', ORDER.secretsCheck, `Confirm ${ctx.label(d)} (${d.region}) holds a current value`, [d])],
      needs: [],
    });
  }
  return ctx.decide(candidates, `[U1] ${ctx.label(s)} has no replica outside ${ctx.lost} (replica block) and no DR-native counterpart: its value is lost with ${ctx.lost}`);
}

// --- keys ------------------------------------------------------------------------------------

const APP_TYPES = ['aws_ecs_task_definition', 'aws_lambda_function', 'aws_instance', 'aws_launch_template', 'aws_ssm_parameter'];

export function assessKey(ctx: Ctx, k: Res): Assessment {
  if (ctx.scenario.type !== 'REGION_LOSS') return unaffected(ctx, k, k.region !== ctx.scenario.region ? undefined : 'KMS is a Regional service');
  if (!ctx.inLostRegion(k)) return unaffected(ctx, k);
  if (k.type === 'aws_kms_replica_key') {
    const primary = (ctx.links.copyOf.get(k.key) ?? []).find((x) => !ctx.inLostRegion(x.source));
    if (primary) return degradedCopy(ctx, k, primary.source, primary.how);
  }
  const replicas = (ctx.links.kmsReplicas.get(k.key) ?? []).filter((r) => !ctx.inLostRegion(r));
  const candidates: Candidate[] = replicas.map((r) => ({
    mechanism: `multi-Region replica key ${ctx.label(r)} (${r.region})`,
    outcome: 'SURVIVES_AUTO',
    region: r.region,
    rpo: zero('KMS1', 'documented', 'same key material'),
    rto: zero('KMS1', 'documented', 'decrypts in its region without a call to the lost one'),
    problems: [...ctx.copyProblems(r, r.region, `replica key ${ctx.label(r)}`).problems, ...ctx.keyProblems({ res: r, region: r.region, text: ctx.label(r), managed: false, unresolved: false }, r.region, `replica key ${ctx.label(r)}`)],
    notes: (ctx.links.aliases.get(r.key) ?? []).length === 0 ? [`${ctx.label(r)} has no alias in ${r.region}: aliases are per Region (KMS1)`] : [],
    steps: [],
    checks: [ctx.step('prerequisite', ORDER.keys, `Confirm ${ctx.label(r)} is enabled in ${r.region}`, [r])],
    needs: [],
  }));
  const refs = k.model.referrers[k.address] ?? {};
  const appUsers = APP_TYPES.flatMap((t) => (refs[t] ?? []).map((a) => ctx.world.get(k.stack, a)).filter((r): r is Res => Boolean(r)));
  if (appUsers.length > 0) {
    const multiRegion = bool(k.values.multi_region) === true;
    return ctx.decide(candidates, `[U3] ${ctx.label(k)} is used by the application (${ctx.labels(appUsers)}) and is ${multiRegion ? 'multi-Region without an aws_kms_replica_key' : 'a single-Region key'} outside ${ctx.lost}: data the application encrypted with it cannot be decrypted once ${ctx.lost} is lost (KMS1)`);
  }
  if (candidates.length > 0) return ctx.decide(candidates, '');
  return {
    outcome: 'DEGRADED',
    mechanism: 'not needed after failover',
    rpo: zero('KMS1', 'derived', 'service-side encryption only'),
    rto: zero('KMS1', 'derived'),
    reasons: [`${ctx.label(k)} is a single-Region key lost with ${ctx.lost}: it protects data at rest in ${ctx.lost} only, and recovered data is decrypted with the keys of its copies, each checked in its own region (service copies re-encrypt at the Region boundary, KMS1)`],
    steps: [],
    checks: [],
  };
}

// --- backup vaults ---------------------------------------------------------------------------

export function assessVault(ctx: Ctx, v: Res): Assessment {
  if (ctx.scenario.type !== 'REGION_LOSS') return unaffected(ctx, v, v.region !== ctx.scenario.region ? undefined : 'AWS Backup vaults are Regional');
  if (!ctx.inLostRegion(v)) return unaffected(ctx, v);
  const source = (ctx.links.copyOf.get(v.key) ?? []).find((x) => !ctx.inLostRegion(x.source));
  if (source) return degradedCopy(ctx, v, source.source, source.how);
  const rules = ctx.links.vaultTargets.get(v.key) ?? [];
  if (rules.length === 0) {
    return { ...unaffected(ctx, v), outcome: 'DEGRADED', mechanism: null, reasons: [`${ctx.label(v)} is lost with ${ctx.lost}; no backup plan of the input stores recovery points in it`] };
  }
  const copied = rules.filter((r) => r.copies.some((c) => c.vaults.some((x) => !ctx.inLostRegion(x)) || (c.literalRegion !== null && c.literalRegion !== ctx.lost)));
  const uncopied = rules.filter((r) => !copied.includes(r));
  if (uncopied.length > 0) {
    return {
      outcome: 'UNRECOVERABLE',
      mechanism: null,
      rpo: unbounded('recovery points without a copy'),
      rto: unbounded('recovery points without a copy'),
      reasons: uncopied.map((r) => `[U1] ${ctx.label(r.plan)} rule ${r.name} stores recovery points in ${ctx.label(v)} and copies them to no vault outside ${ctx.lost}: the backup history is lost with the Region`),
      steps: [],
      checks: [],
    };
  }
  const targets = [...new Set(copied.flatMap((r) => r.copies.flatMap((c) => c.vaults.filter((x) => !ctx.inLostRegion(x)).map((x) => ctx.label(x)))))];
  return {
    outcome: 'DEGRADED',
    mechanism: 'recovery points copied out of the region',
    rpo: zero('BK1', 'derived', 'copies of the recovery points remain'),
    rto: zero('BK1', 'derived'),
    reasons: [`the recovery points in ${ctx.label(v)} are lost; their copies remain in ${targets.join(', ') || 'the copy destinations'}`],
    steps: [ctx.step('re-protect', ORDER.reprotect, `Create a backup plan in the DR region that backs up the recovered resources (the plans of ${ctx.label(v)} ran in ${ctx.lost})`, [v])],
    checks: [],
  };
}
