/**
 * End to end on the reference deployment (synthesized by `crm-guard synth`): losing the primary
 * region with the reference targets, impossible targets, the cross-region paths removed, one AZ lost.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import * as path from 'node:path';
import { drill } from '../../src/drill/drill';
import { getDrillFormatter } from '../../src/drill/format/registry';
import type { Component, DrillReport } from '../../src/drill/types';
import { referenceOut, runCli, tempDir } from '../helpers';

const PRIMARY_REGION = 'eu-west-1';
const DATA_KINDS = new Set(['database', 'object-store', 'table', 'cache', 'file-system', 'volume', 'queue', 'secret', 'backup-vault']);

type TfDoc = { resource: Record<string, Record<string, Record<string, unknown>>> };

/** A copy of the synthesized output with `edit` applied to every stack document. */
async function editedReference(edit: (doc: TfDoc) => void): Promise<string> {
  const src = await referenceOut();
  const out = path.join(tempDir(), 'cdktf.out');
  mkdirSync(out, { recursive: true });
  cpSync(src, out, { recursive: true });
  for (const stack of readdirSync(path.join(out, 'stacks'))) {
    const file = path.join(out, 'stacks', stack, 'cdk.tf.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as TfDoc;
    edit(doc);
    writeFileSync(file, JSON.stringify(doc, null, 2));
  }
  return out;
}

/** Removes the cross-region paths: replication, backup copy actions, replicas (DB, secret, table, key). */
function withoutCrossRegionPaths(doc: TfDoc): void {
  const r = doc.resource;
  delete r.aws_s3_bucket_replication_configuration;
  delete r.aws_db_instance_automated_backups_replication;
  delete r.aws_kms_replica_key;
  delete r.aws_dynamodb_table_replica;
  for (const plan of Object.values(r.aws_backup_plan ?? {})) {
    for (const rule of plan.rule as Record<string, unknown>[]) delete rule.copy_action;
  }
  for (const [name, db] of Object.entries(r.aws_db_instance ?? {})) if (db.replicate_source_db !== undefined) delete r.aws_db_instance[name];
  for (const secret of Object.values(r.aws_secretsmanager_secret ?? {})) delete secret.replica;
  for (const table of Object.values(r.aws_dynamodb_table ?? {})) delete table.replica;
}

const primaryData = (report: DrillReport): Component[] => report.components.filter((c) => c.region === PRIMARY_REGION && DATA_KINDS.has(c.kind));

describe('drill on the reference deployment', () => {
  let report: DrillReport;
  let exitCode: number;
  beforeAll(async () => {
    ({ report, exitCode } = await drill([await referenceOut()], { lose: `region:${PRIMARY_REGION}` }));
  }, 120000);

  it('treats the three stacks as one workload: the DR site is crm-dr, the paths into it resolve across stacks', () => {
    expect(report.scenario.stacks).toEqual(['crm-dr', 'crm-global', 'crm-primary']);
    const dr = report.components.filter((c) => c.stack === 'crm-dr');
    expect(dr.map((c) => c.region)).toEqual(dr.map(() => 'eu-central-1'));
    expect(dr.map((c) => c.kind)).toEqual(expect.arrayContaining(['object-store', 'cache', 'backup-vault']));
    // The same figures as when the DR site shared the primary's stack: RTO 1h 36m through the promotion, RPO 15m.
    expect(report.workload).toMatchObject({ rtoSeconds: 5760, rpoSeconds: 900, strategy: 'warm standby', criticalPath: [9, 11, 17] });
    // A DR-stack bucket is the replica of a primary bucket: the attachments' loss window is the replication's.
    const attachments = report.dataClasses.find((d) => d.class === 'attachments')!;
    expect(attachments.rpoSeconds).toBe(900);
    expect(attachments.components).toEqual([expect.stringMatching(/^crm-dr:aws_s3_bucket\.dr_attachments_bucket_/), expect.stringMatching(/^crm-primary:aws_s3_bucket\.primary_attachments_bucket_/)]);
  });

  it('has a DR region to fail over to', () => {
    const regions = new Set(report.components.map((c) => c.region));
    expect(regions).toContain('eu-central-1');
    expect(report.scenario.drRegion).toBe('eu-central-1');
  });

  it('losing the primary region leaves every stateful component recoverable, with estimates, and exits 0 with the reference targets', () => {
    const data = primaryData(report);
    expect(data.map((c) => c.kind)).toEqual(expect.arrayContaining(['database', 'object-store', 'secret', 'backup-vault']));
    for (const c of data) {
      expect([c.resource, c.survives, c.meetsTargets]).toEqual([c.resource, true, true]);
      expect([c.resource, c.rto.worst !== null]).toEqual([c.resource, true]);
    }
    const db = data.find((c) => c.kind === 'database' && c.outcome === 'RECOVERS_MANUAL')!;
    expect(db.mechanism).toMatch(/^cross-region read replica promotion \(aws_db_instance\.\S+, eu-central-1\)$/);
    expect(db.target).toEqual({ tier: 'default', rpoSeconds: 900, rtoSeconds: 7200 });
    expect(report.summary).toMatchObject({ unrecoverable: 0, blocked: 0, missedTargets: 0 });
    expect(exitCode).toBe(0);
  });

  it('the runbook promotes the replica, repoints the application and relies on the health-checked failover record', () => {
    const a = report.runbook.map((s) => s.action);
    expect(a.some((x) => /^Promote read replica aws_db_instance\.\S+ \(eu-central-1\)/.test(x))).toBe(true);
    expect(a.some((x) => /^Watch aws_route53_record\.\S+ fail over to aws_route53_record\.\S+ once aws_route53_health_check\.dr-write-gate_\S+ turns healthy \(the DR database is writable\)/.test(x))).toBe(true);
    expect(a.some((x) => /^Scale aws_ecs_service\.\S+ \(eu-central-1\) to production size/.test(x))).toBe(true);
    expect(report.runbook.filter((s) => s.phase === 'prerequisite').length).toBeGreaterThan(0);
  });

  it('the workload RTO is the critical path, through the database promotion; nothing that needs the database survives automatically before it', () => {
    const w = report.workload;
    const steps = new Map(report.runbook.map((s) => [s.step, s]));
    const path = w.criticalPath.map((n) => steps.get(n)!);
    expect(path.some((s) => /^Promote read replica aws_db_instance\.\S+ \(eu-central-1\)/.test(s.action))).toBe(true);
    // declare (T_DECLARE 1 h) + promote (RR_PROMOTE 30 min) + the failover gate opens (GATE_CLEAR 5 min) + the alias TTL (1 min);
    // the DR tasks already point at the replica, so there is no repoint step.
    expect(w).toMatchObject({ rtoSeconds: 3600 + 1800 + 300 + 60, strategy: 'warm standby' });
    expect(path.map((s) => s.action.split(' ')[0])).toEqual(['Declare', 'Promote', 'Watch']);
    expect(path.reduce((n, s) => n + s.estimate.worst, 0)).toBe(w.rtoSeconds);
    for (let i = 1; i < path.length; i++) expect(path[i].dependsOn).toContain(path[i - 1].step);
    const db = report.components.find((c) => c.kind === 'database' && c.region === PRIMARY_REGION && c.outcome === 'RECOVERS_MANUAL')!;
    const needsDb = Object.entries(w.dependencies).filter(([, deps]) => deps.includes(`${db.stack}:${db.resource}`)).map(([k]) => k);
    const dependents = report.components.filter((c) => c.region === PRIMARY_REGION && report.workload.dependencies[`${c.stack}:${c.resource}`] !== undefined);
    expect(needsDb.length).toBeGreaterThan(0);
    for (const c of report.components.filter((x) => x.outcome !== 'UNAFFECTED' && ['compute', 'load-balancer', 'dns'].includes(x.kind))) {
      expect([c.resource, c.outcome]).toEqual([c.resource, 'RECOVERS_MANUAL']);
      expect([c.resource, c.rtoSeconds! >= db.rtoSeconds!]).toEqual([c.resource, true]);
    }
    expect(dependents.length).toBeGreaterThan(0);
  });

  it('the reference gates its failover on data recovery; without the gate the drill and CRM-BDR-018 flag it', async () => {
    expect(report.workload.findings.map((f) => f.id)).not.toContain('DR-UNGATED-FAILOVER');
    const out = await editedReference((doc) => {
      for (const rec of Object.values(doc.resource.aws_route53_record ?? {})) {
        if ((rec.failover_routing_policy as { type?: string } | undefined)?.type === 'SECONDARY') delete rec.health_check_id;
      }
    });
    const { report: ungated } = await drill([out], { lose: `region:${PRIMARY_REGION}` });
    const f = ungated.workload.findings.find((x) => x.id === 'DR-UNGATED-FAILOVER')!;
    expect(f.message).toMatch(/read-only replica aws_db_instance\.database-replica_instance_\S+: a health-check blip or a region loss sends users to a site that cannot take writes/);
    // Ungated, traffic moves at T0 + detection: the critical path no longer ends with the failover.
    expect(ungated.workload.rtoSeconds).toBe(3600 + 1800);
    const check = await runCli(['check', out]);
    expect(check.stdout).toMatch(/CRM-BDR-018/);
    expect(check.code).toBe(1);
  }, 120000);

  it('every runbook step has dependencies, an estimate and an owner; no no-op steps; the secret and master-credential steps are right', () => {
    for (const s of report.runbook) {
      expect(Array.isArray(s.dependsOn)).toBe(true);
      expect(s.estimate.worst).toBeGreaterThan(0);
      expect(s.estimate.best).toBeLessThanOrEqual(s.estimate.typical);
      expect(s.estimate.typical).toBeLessThanOrEqual(s.estimate.worst);
      expect(s.owner).toMatch(/\w/);
      for (const d of s.dependsOn) expect(d).toBeLessThan(s.step);
    }
    const a = report.runbook.map((s) => s.action);
    expect(a.filter((x) => /^No action|^Start on the cold cache|re-attach its rotation/.test(x))).toEqual([]);
    expect(a.some((x) => /^Deploy a rotation function for aws_secretsmanager_secret\.\S+ in eu-central-1 \(the one of eu-west-1, aws_lambda_function\.\S+, is lost\)/.test(x))).toBe(true);
    expect(a.some((x) => /^Enable the RDS-managed master password on the promoted aws_db_instance\.database-replica/.test(x))).toBe(true);
    expect(report.workload.reprotectSeconds).toBeGreaterThan(0);
  });

  it('reports the loss window of each data class; the session cache loses all sessions', () => {
    const byClass = Object.fromEntries(report.dataClasses.map((d) => [d.class, d]));
    expect(Object.keys(byClass).sort()).toEqual(['access logs', 'attachments', 'audit logs', 'customer records', 'in-flight events', 'sessions']);
    expect(byClass['customer records'].rpoSeconds).toBe(300);
    expect(byClass.attachments.rpoSeconds).toBe(900);
    expect(byClass.sessions).toMatchObject({ rpoSeconds: null, note: 'all sessions: every signed-in user signs in again' });
    expect(byClass['in-flight events'].rpoSeconds).toBeNull();
    expect(report.workload.rpoSeconds).toBe(900);
  });

  it('the Markdown sheet draws the workload graph in Mermaid, coloured by outcome, with the critical path marked; every format carries the workload', () => {
    const md = getDrillFormatter('markdown').format(report, { color: false });
    const mermaid = /```mermaid\n([\s\S]*?)```/.exec(md)?.[1] ?? '';
    expect(mermaid).toMatch(/^flowchart LR$/m);
    expect(mermaid).toMatch(/^ {2}(c\d+)\["aws_db_instance\.database_instance_\w+<br\/>database · eu-west-1<br\/><b>RECOVERS_MANUAL<\/b> · RTO ≤ 1h 30m"\]:::recovers_manual$/m);
    expect(mermaid).toMatch(/^ {2}classDef recovers_manual fill:/m);
    const dbId = /^ {2}(c\d+)\["aws_db_instance\.database_instance_/m.exec(mermaid)![1];
    const criticalIds = /^ {2}class ([c\d,]+) critical$/m.exec(mermaid)![1].split(',');
    expect(criticalIds).toContain(dbId);
    expect(mermaid).toMatch(/ ==> /);
    expect(md).toContain('| Workload | RTO ≤ 1h 36m (best 12m, typical 28m) · RPO ≤ 15m · warm standby |');
    expect(md).toContain('| sessions | all sessions |');
    const text = getDrillFormatter('text').format(report, { color: false });
    expect(text).toContain('RTO ≤ 1h 36m (best 12m, typical 28m) · RPO ≤ 15m · warm standby');
    expect(text).toMatch(/^Workload$/m);
    const json = JSON.parse(getDrillFormatter('json').format(report, { color: false })) as DrillReport;
    expect(Object.keys(json.workload).slice(0, 4)).toEqual(['rtoSeconds', 'rpoSeconds', 'strategy', 'criticalPath']);
    expect(json.dataClasses.map((d) => Object.keys(d).slice(0, 3))).toEqual(json.dataClasses.map(() => ['class', 'rpoSeconds', 'note']));
    expect(Object.keys(json.runbook[0])).toEqual(expect.arrayContaining(['dependsOn', 'estimate']));
  });

  it('--lose data:corruption: replicas copy the damage; the database comes back by point-in-time restore, buckets from the locked vault', async () => {
    const { report: r } = await drill([await referenceOut()], { lose: 'data:corruption' });
    expect(r.scenario).toMatchObject({ type: 'DATA_CORRUPTION', lose: 'data:corruption', region: PRIMARY_REGION });
    const db = r.components.find((c) => c.kind === 'database' && c.region === PRIMARY_REGION)!;
    expect(db.mechanism).toMatch(/^point-in-time restore of aws_db_instance\.database_instance_\w+ to before the corruption$/);
    // The loss is what was written between the corruption and its detection (CORRUPTION_DETECT, assumed 1 d).
    expect(db.rpoSeconds).toBe(86400);
    expect(db.reasons.some((x) => /^not counted: \[C1\] aws_db_instance\.database-replica_\w+ replicates the damage/.test(x))).toBe(true);
    const replica = r.components.find((c) => c.kind === 'database' && c.region === 'eu-central-1')!;
    expect(replica).toMatchObject({ outcome: 'DEGRADED' });
    const attachments = r.components.find((c) => c.resource.startsWith('aws_s3_bucket.primary_attachments'))!;
    expect(attachments.mechanism).toMatch(/^last clean recovery point \(aws_backup_vault\.backup-vault_\w+, locked\)$/);
    expect(attachments.reasons.some((x) => x.startsWith('alternative: earlier object versions of aws_s3_bucket.primary_attachments'))).toBe(true);
    expect(r.summary).toMatchObject({ unrecoverable: 0, blocked: 0 });
    expect(r.runbook.some((st) => /^Restore aws_db_instance\.database_instance_\w+ to the last clean time/.test(st.action))).toBe(true);
  }, 120000);

  it('--lose account: only the cross-account backup copy survives; everything else is rebuilt in a clean account', async () => {
    const { report: r } = await drill([await referenceOut()], { lose: 'account' });
    expect(r.scenario).toMatchObject({ type: 'ACCOUNT_LOSS', lose: 'account:111122223333', account: '111122223333' });
    const db = r.components.find((c) => c.kind === 'database' && c.region === PRIMARY_REGION)!;
    expect(db).toMatchObject({ outcome: 'RECOVERS_MANUAL', mechanism: 'cross-account backup copy (arn:aws:backup:eu-west-1:444455556666:backup-vault:crm-prod-recovery)' });
    expect(db.reasons).toContain('not counted: [A1] aws_db_instance.database-replica_instance_391E0DF1 is in the same account 111122223333');
    for (const c of r.components.filter((x) => ['database', 'object-store'].includes(x.kind))) expect([c.resource, c.survives]).toEqual([c.resource, true]);
    const lb = r.components.find((c) => c.kind === 'load-balancer')!;
    expect(lb.mechanism).toBe('redeploy from IaC into a clean account');
    expect(r.summary.unrecoverable).toBe(0);
  }, 120000);

  it('--lose account without the recovery account: the data has no copy outside the account', async () => {
    const out = await editedReference((doc) => {
      for (const plan of Object.values(doc.resource.aws_backup_plan ?? {})) {
        for (const rule of plan.rule as { copy_action: { destination_vault_arn: string }[] }[]) rule.copy_action = rule.copy_action.filter((c) => !c.destination_vault_arn.includes('444455556666'));
      }
    });
    const { report: r, exitCode: code } = await drill([out], { lose: 'account' });
    expect(code).toBe(1);
    const db = r.components.find((c) => c.kind === 'database' && c.region === PRIMARY_REGION)!;
    expect(db.outcome).toBe('UNRECOVERABLE');
    expect(db.reasons[0]).toMatch(/^\[A1\] no copy of aws_db_instance\.database_instance_\w+ outside account 111122223333/);
  }, 120000);

  it('labels the strategy from the DR site: pilot light with no DR task running, backup & restore with no DR compute', async () => {
    const isDrService = (body: Record<string, unknown>): boolean => body.provider === 'aws.dr';
    const pilot = await editedReference((doc) => {
      for (const svc of Object.values(doc.resource.aws_ecs_service ?? {})) if (isDrService(svc)) svc.desired_count = 0;
    });
    const { report: p } = await drill([pilot], { lose: `region:${PRIMARY_REGION}` });
    expect(p.workload.strategy).toBe('pilot light');
    expect(p.runbook.some((st) => /^Scale aws_ecs_service\.app-dr_service_\w+ \(eu-central-1\) to production size \(2 units\) \(pilot light\)$/.test(st.action))).toBe(true);
    const cold = await editedReference((doc) => {
      for (const [name, svc] of Object.entries(doc.resource.aws_ecs_service ?? {})) if (isDrService(svc)) delete doc.resource.aws_ecs_service[name];
    });
    const { report: b } = await drill([cold], { lose: `region:${PRIMARY_REGION}` });
    expect(b.workload.strategy).toBe('backup & restore');
  }, 120000);

  it('--rpo 1s --rto 1s exits 1', async () => {
    const r = await runCli(['drill', await referenceOut(), '--lose', `region:${PRIMARY_REGION}`, '--rpo', '1s', '--rto', '1s']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL: /m);
  });

  it('without the cross-region paths, those components are unrecoverable with specific reasons', async () => {
    const out = await editedReference(withoutCrossRegionPaths);
    const { report: cut, exitCode: code } = await drill([out], { lose: `region:${PRIMARY_REGION}` });
    expect(code).toBe(1);
    const lost = primaryData(cut).filter((c) => c.outcome === 'UNRECOVERABLE');
    const byKind = (kind: string): Component[] => lost.filter((c) => c.kind === kind);
    expect(byKind('database').length).toBeGreaterThan(0);
    expect(byKind('object-store').length).toBeGreaterThan(0);
    expect(byKind('secret').length).toBeGreaterThan(0);
    for (const c of [...byKind('database'), ...byKind('object-store')]) {
      expect(c.reasons[0]).toMatch(new RegExp(`^\\[U1\\] no copy of ${c.resource.replace(/\./g, '\\.')} outside ${PRIMARY_REGION}: `));
    }
    for (const c of byKind('secret')) expect(c.reasons[0]).toMatch(new RegExp(`^\\[U1\\] ${c.resource.replace(/\./g, '\\.')} has no replica outside ${PRIMARY_REGION}`));
    for (const c of byKind('backup-vault')) expect(c.reasons[0]).toMatch(new RegExp(`stores recovery points in ${c.resource.replace(/\./g, '\\.')} and copies them to no vault outside ${PRIMARY_REGION}`));
    // The database is still backed up, but only inside the lost region: the reason says so.
    expect(byKind('database')[0].reasons[0]).toMatch(/backs aws_db_instance\.\S+ up only into vaults of eu-west-1 \(no copy_action\)/);
  }, 120000);

  it('losing one AZ keeps the Multi-AZ components alive with a minute-scale RTO', async () => {
    const { report: az, exitCode: code } = await drill([await referenceOut()], { lose: `az:${PRIMARY_REGION}a` });
    const db = az.components.find((c) => c.kind === 'database' && c.region === PRIMARY_REGION)!;
    expect(db).toMatchObject({ outcome: 'SURVIVES_AUTO', mechanism: 'Multi-AZ failover', rpoSeconds: 0 });
    expect(db.rtoSeconds).toBeLessThanOrEqual(600);
    const cache = az.components.find((c) => c.kind === 'cache' && c.region === PRIMARY_REGION)!;
    expect(cache).toMatchObject({ outcome: 'SURVIVES_AUTO', mechanism: 'ElastiCache Multi-AZ automatic failover' });
    expect(cache.rtoSeconds).toBeLessThanOrEqual(180);
    for (const c of az.components) expect([c.resource, c.survives]).toEqual([c.resource, true]);
    // Managed failovers start at the event: the workload RTO is theirs, not the declaration's.
    const steps = new Map(az.runbook.map((s) => [s.step, s]));
    expect(az.workload.criticalPath.reduce((n, k) => n + steps.get(k)!.estimate.worst, 0)).toBe(az.workload.rtoSeconds);
    expect(az.workload.rtoSeconds).toBeLessThan(3600);
    expect(code).toBe(0);
  }, 120000);
});
