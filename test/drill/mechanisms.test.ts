/**
 * Each recovery mechanism of dr-model §6 on the hand-written two-region world (a primary stack
 * in eu-west-1 and a DR stack in eu-central-1, joined by CDKTF remote-state outputs and literal ARNs).
 */
import type { DrillReport } from '../../src/drill/types';
import { actions, ALIAS, component, GAPS, run, TWO_REGION } from './helpers';

describe('region loss of eu-west-1 (two stacks joined by region)', () => {
  let report: DrillReport;
  let exitCode: number;
  beforeAll(async () => {
    ({ report, exitCode } = await run(TWO_REGION, 'region:eu-west-1'));
  });

  it('every stateful component of the primary is recoverable: exit 0', () => {
    expect(report.summary).toMatchObject({ unrecoverable: 0, blocked: 0, missedTargets: 0 });
    expect(exitCode).toBe(0);
    expect(report.scenario).toMatchObject({ type: 'REGION_LOSS', region: 'eu-west-1', drRegion: 'eu-central-1', stacks: ['crm-dr', 'crm-primary'] });
    for (const c of report.components.filter((x) => x.stack === 'crm-primary')) expect([c.resource, c.survives]).toEqual([c.resource, true]);
  });

  it('cross-region read replica promotion, found through a CDKTF cross-stack output', () => {
    const c = component(report, 'aws_db_instance.crm');
    expect(c).toMatchObject({ kind: 'database', region: 'eu-west-1', outcome: 'RECOVERS_MANUAL', survives: true, rpoSeconds: 300, rtoSeconds: 3600 + 1800 + 900 });
    expect(c.mechanism).toBe('cross-region read replica promotion (aws_db_instance.crm_replica, eu-central-1)');
    expect(c.rpo).toMatchObject({ best: 1, typical: 30, worst: 300, confidence: 'assumed', source: 'OURS' });
    // No DR compute in this fixture references the replica, so the application is repointed (ENDPOINT_SWITCH, assumed).
    expect(c.rto.terms.map((t) => t.name)).toEqual(['T_DECLARE', 'RR_PROMOTE', 'ENDPOINT_SWITCH']);
    expect(c.rto.source).toContain('RDS4');
    expect(c.az).toEqual(['eu-west-1a', 'eu-west-1b']);
    expect(c.azScope).toBe('multi-az');
  });

  it('automated-backup replication restore, found through a literal ARN with an interpolated account', () => {
    const c = component(report, 'aws_db_instance.reports');
    expect(c.mechanism).toMatch(/^automated-backup replication restore \(aws_db_instance_automated_backups_replication\.reports, eu-central-1\)$/);
    expect(c).toMatchObject({ rpoSeconds: 1800, rtoSeconds: 3600 + 14400 + 900 });
    expect(c.rpo).toMatchObject({ confidence: 'documented', source: 'RDS6' });
  });

  it('AWS Backup cross-region copy restore: interval from the cron schedule, copy time and completion window', () => {
    const c = component(report, 'aws_efs_file_system.shared');
    expect(c.mechanism).toBe('AWS Backup cross-region copy restore (aws_backup_vault.dr, eu-central-1)');
    expect(c.rpo.terms.map((t) => [t.name, t.worst])).toEqual([
      ['backup interval (cron(0 3 ? * * *), largest gap)', 86400],
      ['start_window of rule daily (not set)', 28800],
      ['BACKUP_COPY', 14400],
      ['completion_window of rule daily', 10800],
    ]);
    expect(c.rtoSeconds).toBe(3600 + 14400);
  });

  it('S3 CRR with RTC and, without RTC, the unverified lag with a "no SLA" warning', () => {
    const rtc = component(report, 'aws_s3_bucket.attachments');
    expect(rtc).toMatchObject({ outcome: 'RECOVERS_MANUAL', mechanism: 'S3 CRR with RTC (aws_s3_bucket.attachments_dr, eu-central-1)', rpoSeconds: 900, rtoSeconds: 3600 + 900 });
    // The 15 min worst case is the p99.99 SLA figure, not a bound: labelled assumed.
    expect(rtc.rpo).toMatchObject({ confidence: 'assumed', source: 'S3-1' });
    const crr = component(report, 'aws_s3_bucket.notes');
    expect(crr).toMatchObject({ mechanism: 'S3 CRR (aws_s3_bucket.notes_dr, eu-central-1)', rpoSeconds: 21600 });
    expect(crr.reasons).toContain('rule notes-to-dr of aws_s3_bucket_replication_configuration.notes has no Replication Time Control: no replication SLA');
  });

  it('DynamoDB global table: the replica takes writes, traffic follows the health-checked failover record', () => {
    const c = component(report, 'aws_dynamodb_table.activity');
    expect(c).toMatchObject({ outcome: 'SURVIVES_AUTO', mechanism: 'DynamoDB global table replica (eu-central-1)', rpoSeconds: 5 });
    // health check: request_interval 10 × failure_threshold 3 + 10 of slack, then the 60 s alias TTL
    expect(c.rto).toMatchObject({ best: 90, worst: 100 });
  });

  it('Aurora Global Database failover: RPO bounded by rds.global_db_rpo, headless secondary adds an instance first', () => {
    const c = component(report, 'aws_rds_cluster.ledger');
    expect(c.mechanism).toBe('Aurora Global Database failover (aws_rds_cluster.ledger_dr, eu-central-1)');
    expect(c.rpo).toMatchObject({ worst: 20, confidence: 'derived' });
    expect(c.rtoSeconds).toBe(3600 + 600 + 1200);
    expect(c.reasons.some((r) => r.includes('aws_rds_cluster.ledger_dr is headless'))).toBe(true);
    const steps = actions(report);
    const add = steps.findIndex((a) => a.startsWith('Add a DB instance to the headless secondary aws_rds_cluster.ledger_dr'));
    const failover = steps.findIndex((a) => a.startsWith('Fail over aws_rds_global_cluster.ledger to aws_rds_cluster.ledger_dr'));
    expect(add).toBeGreaterThan(-1);
    expect(failover).toBeGreaterThan(add);
  });

  it('ElastiCache Global Datastore failover', () => {
    const c = component(report, 'aws_elasticache_replication_group.sessions');
    expect(c).toMatchObject({ outcome: 'RECOVERS_MANUAL', rpoSeconds: 60, rtoSeconds: 3600 + 600 });
    expect(c.mechanism).toBe('ElastiCache Global Datastore failover (aws_elasticache_replication_group.sessions_dr, eu-central-1)');
  });

  it('enablers: secret replica, multi-Region key replica, DR queue, vault copies', () => {
    expect(component(report, 'aws_secretsmanager_secret.app')).toMatchObject({ outcome: 'SURVIVES_AUTO', mechanism: 'Secrets Manager replica (eu-central-1)' });
    expect(component(report, 'aws_kms_key.app')).toMatchObject({ outcome: 'SURVIVES_AUTO', mechanism: 'multi-Region replica key aws_kms_replica_key.app (eu-central-1)' });
    const q = component(report, 'aws_sqs_queue.events', 'crm-primary');
    expect(q).toMatchObject({ outcome: 'DEGRADED', rpoSeconds: null, meetsTargets: true, mechanism: 'DR queue crm-dr:aws_sqs_queue.events (eu-central-1)' });
    expect(q.rpo.note).toMatch(/^in-flight messages/);
    expect(component(report, 'aws_backup_vault.main').reasons).toEqual(['the recovery points in aws_backup_vault.main are lost; their copies remain in aws_backup_vault.dr']);
    expect(component(report, 'aws_kms_key.database')).toMatchObject({ outcome: 'DEGRADED', mechanism: 'not needed after failover' });
  });

  it('the serving path: Route 53 failover to the DR load balancer, warm-standby service', () => {
    expect(component(report, 'aws_lb.web')).toMatchObject({ outcome: 'SURVIVES_AUTO', mechanism: 'Route 53 failover to aws_lb.web_dr (eu-central-1)', rtoSeconds: 100 });
    expect(component(report, 'aws_route53_record.web_primary')).toMatchObject({ kind: 'dns', region: 'global', outcome: 'SURVIVES_AUTO', azScope: 'global' });
    expect(component(report, 'aws_route53_record.web_secondary').outcome).toBe('UNAFFECTED');
    const app = component(report, 'aws_ecs_service.app', 'crm-primary');
    expect(app).toMatchObject({ outcome: 'SURVIVES_AUTO', mechanism: 'warm standby crm-dr:aws_ecs_service.app (eu-central-1)' });
  });

  it('DR-side copies are unaffected and say what they copy', () => {
    const replica = component(report, 'aws_db_instance.crm_replica');
    expect(replica.outcome).toBe('UNAFFECTED');
    expect(replica.reasons).toContain('DR copy of aws_db_instance.crm (read replica)');
    expect(component(report, 'aws_s3_bucket.attachments_dr').reasons).toContain('DR copy of aws_s3_bucket.attachments (S3 replication rule to-dr)');
  });

  it('the runbook: prerequisite checks, declare, fence, data stores, repoint, queues, compute, traffic, validate, re-protect', () => {
    const phases = report.runbook.map((s) => s.phase);
    expect(phases.indexOf('failover')).toBeGreaterThan(phases.lastIndexOf('prerequisite'));
    expect(phases.indexOf('validate')).toBeGreaterThan(phases.lastIndexOf('failover'));
    expect(report.runbook.map((s) => s.step)).toEqual(report.runbook.map((_, i) => i + 1));
    const a = actions(report);
    const idx = (prefix: string): number => a.findIndex((x) => x.startsWith(prefix));
    expect(idx('Verify the DR network in eu-central-1: aws_vpc.dr with subnets in 2 AZs')).toBeGreaterThan(-1);
    expect(idx('Check ReplicaLag of aws_db_instance.crm_replica')).toBeGreaterThan(-1);
    const order = [
      'Declare the loss of eu-west-1',
      'Fence the primary: scale crm-primary:aws_ecs_service.app',
      'Promote read replica aws_db_instance.crm_replica (eu-central-1)',
      "Point the application's database connection (aws_secretsmanager_secret.app) at aws_db_instance.crm_replica",
      'Point producers and consumers of crm-primary:aws_sqs_queue.events',
      'Scale crm-dr:aws_ecs_service.app (eu-central-1) to production size',
      'Watch aws_route53_record.web_primary fail over to aws_route53_record.web_secondary',
      'Run synthetic transactions',
      'Re-protect from the DR region',
    ].map(idx);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    const promote = report.runbook[idx('Promote read replica aws_db_instance.crm_replica')];
    expect(promote.resources).toEqual(['aws_db_instance.crm_replica']);
  });
});

describe('AZ impairment (data survives)', () => {
  let report: DrillReport;
  let exitCode: number;
  beforeAll(async () => {
    ({ report, exitCode } = await run(TWO_REGION, 'az:eu-west-1a'));
  });

  it('keeps Multi-AZ components alive with minute-scale RTO and no data loss', () => {
    expect(report.scenario).toMatchObject({ type: 'AZ_IMPAIRMENT', az: 'eu-west-1a', region: 'eu-west-1', durationSeconds: 3600 });
    const db = component(report, 'aws_db_instance.crm');
    expect(db).toMatchObject({ outcome: 'SURVIVES_AUTO', mechanism: 'Multi-AZ failover', rpoSeconds: 0, rtoSeconds: 600 });
    // RDS1's 60-120 s is a typical range: the widened worst case is an assumption.
    expect(db.rto).toMatchObject({ confidence: 'assumed', source: 'RDS1' });
    expect(component(report, 'aws_rds_cluster.ledger')).toMatchObject({ outcome: 'SURVIVES_AUTO', mechanism: 'Aurora replica promotion', rpoSeconds: 0, rtoSeconds: 300 });
    expect(component(report, 'aws_elasticache_replication_group.sessions')).toMatchObject({ outcome: 'SURVIVES_AUTO', rtoSeconds: 180 });
    expect(component(report, 'aws_lb.web')).toMatchObject({ outcome: 'SURVIVES_AUTO', rtoSeconds: 120 });
    expect(component(report, 'aws_ecs_service.app', 'crm-primary')).toMatchObject({ outcome: 'SURVIVES_AUTO', rtoSeconds: 600 });
    expect(exitCode).toBe(0);
  });

  it('a single-AZ instance in the AZ waits for AWS (shorter than a restore) and names the alternative', () => {
    const c = component(report, 'aws_db_instance.reports');
    expect(c).toMatchObject({ outcome: 'WAITS_FOR_AWS', rpoSeconds: 0, rtoSeconds: 3600, survives: true });
    expect(c.reasons).toContain('alternative: point-in-time restore into another AZ (RPO ≤ 5m, RTO ≤ 5h 15m)');
  });

  it('regional services and the other region are unaffected', () => {
    expect(component(report, 'aws_dynamodb_table.activity').reasons[0]).toMatch(/DynamoDB is regional/);
    expect(component(report, 'aws_s3_bucket.attachments').reasons[0]).toMatch(/S3 Standard storage spans several AZs/);
    expect(component(report, 'aws_sqs_queue.events', 'crm-primary').reasons[0]).toMatch(/SQS stores every message in more than one AZ/);
    expect(component(report, 'aws_db_instance.crm_replica').outcome).toBe('UNAFFECTED');
  });

  it('the AZ runbook: confirm the managed failovers, shift traffic away from the AZ, confirm capacity', () => {
    const a = actions(report);
    expect(a[0]).toMatch(/^Confirm the impairment of eu-west-1a/);
    expect(a).toContain('Confirm the Multi-AZ failover of aws_db_instance.crm completed (RDS event "Multi-AZ instance failover completed")');
    expect(a).toContain('Start an ARC zonal shift away from eu-west-1a for aws_lb.web (or confirm zonal autoshift started)');
    expect(a[a.length - 1]).toMatch(/^Confirm the capacity in the AZs other than eu-west-1a/);
  });
});

describe('AZ destruction (--destroy): data held only in the AZ is lost', () => {
  it('a single-AZ instance without backups is unrecoverable; Multi-AZ ones survive', async () => {
    const { report, exitCode } = await run([...TWO_REGION, GAPS], 'az:eu-west-1b', { destroy: true });
    expect(report.scenario.type).toBe('AZ_DESTRUCTION');
    const legacy = component(report, 'aws_db_instance.legacy');
    expect(legacy).toMatchObject({ outcome: 'UNRECOVERABLE', survives: false, rpoSeconds: null });
    expect(legacy.reasons[0]).toBe(
      '[U1] aws_db_instance.legacy is a single-AZ instance in eu-west-1b with no automated backups (backup_retention_period = 0), no replica in another AZ and no AWS Backup selection: its data is lost with the AZ',
    );
    expect(component(report, 'aws_db_instance.crm').outcome).toBe('SURVIVES_AUTO');
    expect(exitCode).toBe(1);
  });

  it('a single-AZ instance with backups restores to another AZ (PITR)', async () => {
    const { report } = await run(TWO_REGION, 'az:eu-west-1a', { destroy: true });
    expect(component(report, 'aws_db_instance.reports')).toMatchObject({ outcome: 'RECOVERS_MANUAL', mechanism: 'point-in-time restore into another AZ', rpoSeconds: 300 });
  });

  it('single-AZ stores: EBS volume, One Zone EFS, ONEZONE_IA objects; a Multi-AZ DB cluster survives', async () => {
    const destroyed = (await run([ALIAS], 'az:eu-west-1a', { destroy: true })).report;
    for (const r of ['aws_ebs_volume.scratch', 'aws_efs_file_system.onezone', 'aws_s3_bucket.cold']) expect([r, component(destroyed, r).outcome]).toEqual([r, 'UNRECOVERABLE']);
    expect(component(destroyed, 'aws_s3_bucket.cold').reasons[0]).toMatch(/^\[U1\] lifecycle rule to-one-zone of aws_s3_bucket_lifecycle_configuration\.cold moves objects to ONEZONE_IA/);
    expect(component(destroyed, 'aws_rds_cluster.billing')).toMatchObject({ outcome: 'SURVIVES_AUTO', rtoSeconds: 120 });
    const impaired = (await run([ALIAS], 'az:eu-west-1a')).report;
    for (const r of ['aws_ebs_volume.scratch', 'aws_efs_file_system.onezone', 'aws_s3_bucket.cold']) expect([r, component(impaired, r).outcome]).toEqual([r, 'WAITS_FOR_AWS']);
  });

  it('an unpinned single-AZ instance is assumed to be in the failed AZ and says so', async () => {
    const { report } = await run([ALIAS], 'az:eu-west-1a', { destroy: true });
    const orders = component(report, 'aws_db_instance.orders');
    expect(orders.azScope).toBe('unpinned');
    expect(orders.reasons[0]).toBe('placement not pinned: aws_db_instance.orders has no availability_zone, so it is assumed to be in eu-west-1a (worst case)');
    expect(orders.mechanism).toBe('read replica promotion (aws_db_instance.orders_ro)');
  });

  it('a single-node cache: lost unless declared rebuildable, then a cold cache', async () => {
    const lost = (await run([...TWO_REGION, GAPS], 'az:eu-west-1a', { destroy: true })).report;
    expect(component(lost, 'aws_elasticache_replication_group.hot').reasons[0]).toMatch(/^\[U1\] aws_elasticache_replication_group\.hot has a single node and no snapshots/);
    const rebuilt = (await run([...TWO_REGION, GAPS], 'az:eu-west-1a', { destroy: true, config: { drill: { targets: { rpo: '7d', rto: '7d' }, rebuildable: ['aws_elasticache_replication_group.hot'] } } })).report;
    expect(component(rebuilt, 'aws_elasticache_replication_group.hot')).toMatchObject({ outcome: 'DEGRADED', mechanism: 'cold cache', survives: true });
  });
});

describe('losing the DR region', () => {
  it('leaves the primary unaffected; lost copies and standbys are DEGRADED, not failures', async () => {
    const { report, exitCode } = await run(TWO_REGION, 'region:eu-central-1');
    expect(component(report, 'aws_db_instance.crm').outcome).toBe('UNAFFECTED');
    expect(component(report, 'aws_db_instance.crm_replica')).toMatchObject({ outcome: 'DEGRADED', mechanism: 'source unaffected' });
    expect(component(report, 'aws_lb.web_dr')).toMatchObject({ outcome: 'DEGRADED', mechanism: 'active site unaffected' });
    expect(component(report, 'aws_ecs_service.app', 'crm-dr')).toMatchObject({ outcome: 'DEGRADED', mechanism: 'active site unaffected' });
    expect(exitCode).toBe(0);
  });
});
