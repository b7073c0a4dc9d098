/**
 * dr-model §5.5 (U1–U6) and §5.6 (BLOCKED preconditions): each reason is specific and names the
 * resources. Mutations start from the clean two-region world, which recovers fully.
 */
import * as path from 'node:path';
import type { Component } from '../../src/drill/types';
import { ALIAS, component, FIXTURES, GAPS, LOOSE, mutatedWorld, run, TWO_REGION } from './helpers';

async function regionLoss(paths: string[], options = {}): Promise<(address: string, stack?: string) => Component> {
  const { report } = await run(paths, 'region:eu-west-1', options);
  return (address, stack) => component(report, address, stack);
}

function expectLost(c: Component, reason: string | RegExp): void {
  expect(c).toMatchObject({ outcome: 'UNRECOVERABLE', survives: false, meetsTargets: false, rpoSeconds: null, rtoSeconds: null, mechanism: null });
  if (typeof reason === 'string') expect(c.reasons).toContain(reason);
  else expect(c.reasons.some((r) => reason.test(r))).toBe(true);
}

describe('U1: no copy outside the lost region', () => {
  it('a bucket without replication or backup copy; a database without any cross-region path', async () => {
    const c = await regionLoss([...TWO_REGION, GAPS]);
    expectLost(c('aws_s3_bucket.scratch'), '[U1] no copy of aws_s3_bucket.scratch outside eu-west-1: no enabled replication rule to a bucket in another region, no AWS Backup copy action');
    expectLost(
      c('aws_db_instance.legacy'),
      '[U1] no copy of aws_db_instance.legacy outside eu-west-1: no cross-Region read replica, no aws_db_instance_automated_backups_replication, no AWS Backup copy action (in-Region PITR and snapshots are lost with the Region)',
    );
    expectLost(c('aws_secretsmanager_secret.api'), /^\[U1\] aws_secretsmanager_secret\.api has no replica outside eu-west-1/);
  });

  it('removing the DR replica from the DR stack leaves the database without a path', async () => {
    const paths = mutatedWorld((_p, dr) => {
      delete dr.resource.aws_db_instance.crm_replica;
    });
    const c = await regionLoss(paths);
    expectLost(c('aws_db_instance.crm'), /^\[U1\] no copy of aws_db_instance\.crm outside eu-west-1/);
  });

  it('an authoritative cache without a Global Datastore secondary', async () => {
    const c = await regionLoss([...TWO_REGION, GAPS]);
    expectLost(c('aws_elasticache_replication_group.hot'), /^\[U1\] no copy of aws_elasticache_replication_group\.hot outside eu-west-1: no Global Datastore secondary; authoritative by default/);
  });

  it('replication into an unversioned bucket is rejected by AWS: no copy exists', async () => {
    const paths = mutatedWorld((_p, dr) => {
      delete dr.resource.aws_s3_bucket_versioning.attachments_dr;
    });
    const c = await regionLoss(paths);
    expectLost(c('aws_s3_bucket.attachments'), /^\[U1\] replication rule to-dr of aws_s3_bucket_replication_configuration\.attachments needs versioning on the destination bucket aws_s3_bucket\.attachments_dr/);
  });
});

describe('U2: the only copy is outside the allowed regions', () => {
  it('does not count, and breaks residency', async () => {
    const c = await regionLoss([ALIAS]);
    expectLost(
      c('aws_s3_bucket.src_us'),
      /^\[U2\] replication destination aws_s3_bucket\.us_copy \(rule to-us of aws_s3_bucket_replication_configuration\.src_us\) is in us-east-1, outside the allowed regions \(eu-central-1, .*\): it does not count for recovery and breaks data residency$/,
    );
  });

  it('counts with allow_non_compliant_recovery, labelled non-compliant', async () => {
    const c = await regionLoss([ALIAS], { config: { drill: { targets: { rpo: '7d', rto: '7d' }, allow_non_compliant_recovery: true } } });
    const src = c('aws_s3_bucket.src_us');
    expect(src.outcome).toBe('RECOVERS_MANUAL');
    expect(src.reasons.some((r) => r.includes('recoverable, non-compliant'))).toBe(true);
  });
});

describe('U3: the copy cannot be decrypted in the DR region', () => {
  it('(b) the DR key of the copy is disabled', async () => {
    const paths = mutatedWorld((_p, dr) => {
      dr.resource.aws_kms_key.database_dr.is_enabled = false;
    });
    const c = await regionLoss(paths);
    expectLost(c('aws_db_instance.crm'), '[U3] aws_kms_key.database_dr, the key of read replica aws_db_instance.crm_replica, is disabled (is_enabled = false)');
    expectLost(c('aws_db_instance.reports'), /^\[U3\] aws_kms_key\.database_dr, the key of automated-backups replication aws_db_instance_automated_backups_replication\.reports, is disabled/);
  });

  it('the replica is encrypted with a key in the lost region', async () => {
    const paths = mutatedWorld((_p, dr) => {
      dr.resource.aws_db_instance.crm_replica.kms_key_id = 'arn:aws:kms:eu-west-1:111122223333:key/0f0e0d0c-0b0a-0908-0706-050403020100';
    });
    const c = await regionLoss(paths);
    expectLost(
      c('aws_db_instance.crm'),
      '[U3] read replica aws_db_instance.crm_replica is encrypted with arn:aws:kms:eu-west-1:111122223333:key/0f0e0d0c-0b0a-0908-0706-050403020100 in eu-west-1, the lost region, not in eu-central-1: the copy cannot be decrypted where it lives',
    );
  });

  it('(c) an encrypted source whose cross-region copy names no DR key is an invalid copy', async () => {
    const paths = mutatedWorld((_p, dr) => {
      delete dr.resource.aws_db_instance.crm_replica.kms_key_id;
    });
    const c = await regionLoss(paths);
    expectLost(c('aws_db_instance.crm'), /^\[U3\] read replica aws_db_instance\.crm_replica names no key in eu-central-1 while the source is encrypted with aws_kms_key\.database: AWS rejects this copy/);
  });

  it('S3 replicas encrypted with the source region key', async () => {
    const paths = mutatedWorld((p) => {
      const rule = (p.resource.aws_s3_bucket_replication_configuration.attachments.rule as { destination: Record<string, unknown> }[])[0];
      rule.destination.encryption_configuration = { replica_kms_key_id: '${aws_kms_key.files.arn}' };
    });
    const c = await regionLoss(paths);
    expectLost(c('aws_s3_bucket.attachments'), /^\[U3\] the copy made by rule to-dr of aws_s3_bucket_replication_configuration\.attachments \(replica_kms_key_id\) is encrypted with aws_kms_key\.files in eu-west-1, the lost region, not in eu-central-1/);
  });

  it('(a) application-level encryption under a key without a replica in the DR region', async () => {
    const paths = mutatedWorld((_p, dr) => {
      delete dr.resource.aws_kms_replica_key;
      delete dr.resource.aws_kms_alias.app;
    });
    const c = await regionLoss(paths);
    expectLost(
      c('aws_kms_key.app'),
      '[U3] aws_kms_key.app is used by the application (crm-primary:aws_ecs_task_definition.app) and is multi-Region without an aws_kms_replica_key outside eu-west-1: data the application encrypted with it cannot be decrypted once eu-west-1 is lost (KMS1)',
    );
  });
});

describe('U4: partial coverage', () => {
  it('a prefix filter covers part of the bucket', async () => {
    const c = await regionLoss([...TWO_REGION, GAPS]);
    expectLost(c('aws_s3_bucket.exports'), '[U4] rule monthly-only of aws_s3_bucket_replication_configuration.exports replicates only objects with prefix "monthly/": the rest of aws_s3_bucket.exports has no copy outside eu-west-1');
  });

  it('SSE-KMS objects are not selected by the replication rule', async () => {
    const paths = mutatedWorld((p) => {
      delete (p.resource.aws_s3_bucket_replication_configuration.attachments.rule as Record<string, unknown>[])[0].source_selection_criteria;
    });
    const c = await regionLoss(paths);
    expectLost(
      c('aws_s3_bucket.attachments'),
      '[U4] rule to-dr of aws_s3_bucket_replication_configuration.attachments does not select SSE-KMS objects (source_selection_criteria.sse_kms_encrypted_objects): the objects of aws_s3_bucket.attachments, encrypted with aws_kms_key.files, are not replicated (S3-3)',
    );
  });

  it('a backup plan copies out of the region, but its selection misses the resource', async () => {
    const paths = mutatedWorld((p) => {
      delete p.resource.aws_efs_file_system.shared.tags;
    });
    const c = await regionLoss(paths);
    const fs = c('aws_efs_file_system.shared');
    expectLost(fs, /^\[U1\] no copy of aws_efs_file_system\.shared outside eu-west-1/);
    expect(fs.reasons).toContain('[U4] aws_backup_plan.daily copies recovery points out of eu-west-1, but no aws_backup_selection of it includes aws_efs_file_system.shared (by ARN or by tag)');
  });
});

describe('U5: the "copy" is in the lost region', () => {
  it('same-region replication and same-region read replicas do not count', async () => {
    const c = await regionLoss([ALIAS]);
    expectLost(
      c('aws_s3_bucket.src_local'),
      '[U5] replication destination aws_s3_bucket.local_copy (rule same-region of aws_s3_bucket_replication_configuration.src_local) is in eu-west-1, the lost region: a same-Region copy is not a Region-loss recovery path',
    );
    expectLost(c('aws_s3_bucket.local_copy'), '[U5] aws_s3_bucket.local_copy is itself a copy of aws_s3_bucket.src_local (S3 replication rule same-region) inside the failure domain: it is lost with its source');
    expectLost(c('aws_db_instance.orders_ro'), /^\[U5\] aws_db_instance\.orders_ro is itself a copy of aws_db_instance\.orders \(read replica\)/);
    expect(c('aws_db_instance.orders').reasons).toContain('not counted: [U5] read replica aws_db_instance.orders_ro is in eu-west-1, the lost region: a same-Region copy is not a Region-loss recovery path');
  });
});

describe('U6: a DR dependency is destroyed by the same plan (plan JSON)', () => {
  it('the DR key of the replica is replaced', async () => {
    const c = await regionLoss([path.join(FIXTURES, 'plan-replaced-dr-key.json')]);
    expectLost(c('aws_db_instance.crm'), '[U6] aws_kms_key.db_dr, the key of read replica aws_db_instance.crm_dr, is replaced by this plan: copies encrypted under it become undecryptable');
  });
});

describe('BLOCKED: the data is recoverable, a DR dependency is missing (dr-model §5.6)', () => {
  it('network: no VPC in the DR region to restore into', async () => {
    const c = await regionLoss([ALIAS]);
    const orders = c('aws_db_instance.orders');
    expect(orders).toMatchObject({ outcome: 'BLOCKED', survives: false, meetsTargets: false, rtoSeconds: null, mechanism: 'AWS Backup cross-region copy restore (aws_backup_vault.dr, eu-central-1)' });
    expect(orders.rpoSeconds).toBeGreaterThan(0);
    expect(orders.reasons).toContain('[BLOCKED network] AWS Backup cross-region copy restore (aws_backup_vault.dr, eu-central-1) needs a VPC with subnets in 2 AZs in eu-central-1: no VPC in eu-central-1');
    expect(orders.reasons).toContain('[BLOCKED network] AWS Backup cross-region copy restore (aws_backup_vault.dr, eu-central-1) restores into a DB subnet group in eu-central-1, and there is none');
  });

  it('a DR network in one AZ only', async () => {
    const paths = mutatedWorld((_p, dr) => {
      dr.resource.aws_subnet.data_b.availability_zone = 'eu-central-1a';
      dr.resource.aws_subnet.app_b.availability_zone = 'eu-central-1a';
    });
    const c = await regionLoss(paths);
    expect(c('aws_efs_file_system.shared').reasons[0]).toBe(
      '[BLOCKED network] AWS Backup cross-region copy restore (aws_backup_vault.dr, eu-central-1) needs a VPC with subnets in 2 AZs in eu-central-1: aws_vpc.dr in eu-central-1 has subnets in 1 AZ (at least 2 are needed)',
    );
  });

  it('DNS: no failover record pair routes the load balancer to the DR region', async () => {
    const c = await regionLoss([ALIAS]);
    expect(c('aws_lb.admin')).toMatchObject({ outcome: 'BLOCKED', survives: false });
    expect(c('aws_lb.admin').reasons).toEqual([
      "[BLOCKED dns] no Route 53 failover record pair routes aws_lb.admin's traffic to a load balancer outside eu-west-1: the DR region has no entry point (dr-model §5.6 precondition 4)",
    ]);
  });

  it('certificate: the DR listener uses a certificate from the lost region', async () => {
    const c = await regionLoss([ALIAS]);
    expect(c('aws_lb.api').outcome).toBe('BLOCKED');
    expect(c('aws_lb.api').reasons).toContain('[BLOCKED certificate] listener aws_lb_listener.api_dr of aws_lb.api_dr (eu-central-1) uses aws_acm_certificate.api from eu-west-1: ACM certificates are regional (ACM1)');
  });

  it('secrets and images: the DR service depends on a secret and an ECR repository in the lost region', async () => {
    const c = await regionLoss([ALIAS]);
    const worker = c('aws_ecs_service.worker');
    expect(worker.outcome).toBe('BLOCKED');
    expect(worker.reasons).toContain('[BLOCKED dependency] DR aws_ecs_service aws_ecs_service.worker_dr depends on aws_secretsmanager_secret.token in eu-west-1, the lost region');
    expect(worker.reasons).toContain('[BLOCKED images] DR aws_ecs_service.worker_dr pulls 111122223333.dkr.ecr.eu-west-1.amazonaws.com/worker from ECR in eu-west-1: replicate the repository to eu-central-1 (aws_ecr_replication_configuration)');
  });

  it('queue: no DR queue', async () => {
    const c = await regionLoss([...TWO_REGION, GAPS]);
    expect(c('aws_sqs_queue.jobs')).toMatchObject({ outcome: 'BLOCKED', survives: false });
    expect(c('aws_sqs_queue.jobs').reasons[0]).toMatch(/^\[BLOCKED queue\] no queue outside eu-west-1 plays the role of aws_sqs_queue\.jobs/);
  });

  it('blocked and unrecoverable components become prerequisite steps and exit 1', async () => {
    const { report, exitCode } = await run([ALIAS], 'region:eu-west-1');
    expect(exitCode).toBe(1);
    const pre = report.runbook.filter((s) => s.phase === 'prerequisite').map((s) => s.action);
    expect(pre.some((a) => a.startsWith("Fix before the drill: [BLOCKED dns] no Route 53 failover record pair routes aws_lb.admin's traffic"))).toBe(true);
    expect(report.summary.blocked).toBe(report.components.filter((x) => x.outcome === 'BLOCKED').length);
    expect(report.summary.unrecoverable).toBe(report.components.filter((x) => x.outcome === 'UNRECOVERABLE').length);
  });
});

describe('the config file drives targets', () => {
  it('LOOSE keeps only survival; it is the fixture baseline for the mutations above', async () => {
    const { exitCode } = await run(TWO_REGION, 'region:eu-west-1', { config: LOOSE });
    expect(exitCode).toBe(0);
  });
});

