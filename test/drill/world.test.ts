/** The joined world: cross-stack references, literal ARNs and names, and backup schedules. */
import { normalizeCdktf } from '../../src/model/normalize-cdktf';
import { Links } from '../../src/drill/links';
import { scheduleInterval, ScheduleError } from '../../src/drill/schedule';
import { parseArn, World } from '../../src/drill/world';

const primary = normalizeCdktf(
  {
    provider: { aws: [{ region: 'eu-west-1' }] },
    terraform: { backend: { s3: { bucket: 'state', key: 'primary.tfstate', region: 'eu-west-1' } } },
    resource: {
      aws_db_instance: { db: { identifier: 'crm-db' }, db_arn_suffix: { identifier: 'crm-db-2' } },
      aws_s3_bucket: { files: { bucket: 'crm-files' } },
      aws_secretsmanager_secret: { s: { name: 'crm/app' } },
    },
  },
  'primary.json',
  'primary',
);
const dr = normalizeCdktf(
  {
    provider: { aws: [{ region: 'eu-central-1' }] },
    data: {
      terraform_remote_state: {
        'cross-stack-reference-input-primary': { backend: 's3', config: { bucket: 'state', key: 'primary.tfstate', region: 'eu-west-1' } },
        custom: { backend: 's3', config: { key: 'primary.tfstate', bucket: 'state', region: 'eu-west-1' } },
      },
    },
    resource: {
      aws_db_instance: {
        by_output: { replicate_source_db: '${data.terraform_remote_state.cross-stack-reference-input-primary.outputs.cross-stack-output-aws_db_instancedbarn}' },
        by_backend: { replicate_source_db: '${data.terraform_remote_state.custom.outputs.cross-stack-output-aws_db_instancedb_arn_suffixarn}' },
        by_arn: { replicate_source_db: 'arn:aws:rds:eu-west-1:${data.aws_caller_identity.me.account_id}:db:crm-db' },
        wrong_region: { replicate_source_db: 'arn:aws:rds:eu-central-1:111122223333:db:crm-db' },
      },
      aws_s3_bucket_replication_configuration: { r: { bucket: 'crm-files', rule: [{ id: 'x', status: 'Enabled', destination: { bucket: 'arn:aws:s3:::crm-files' } }] } },
      aws_ecs_task_definition: { t: { container_definitions: '[{"secrets":[{"valueFrom":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:crm/app-AbCdEf"}]}]' } },
    },
  },
  'dr.json',
  'dr',
);

describe('World', () => {
  const world = new World([dr, primary]);
  const db = (name: string) => world.get('dr', `aws_db_instance.${name}`)!;

  it('orders stacks and resources deterministically', () => {
    expect(world.models.map((m) => m.stack)).toEqual(['dr', 'primary']);
  });

  it('decodes a CDKTF cross-stack output (`<type><name><attr>`) to the resource in the origin stack', () => {
    expect(world.resolve(db('by_output'), 'replicate_source_db').map((r) => `${r.stack}:${r.address}`)).toEqual(['primary:aws_db_instance.db']);
  });

  it('finds the origin stack of any remote state by its backend configuration; the longest stem wins', () => {
    expect(world.resolve(db('by_backend'), 'replicate_source_db').map((r) => r.address)).toEqual(['aws_db_instance.db_arn_suffix']);
  });

  it('resolves literal ARNs, with interpolated account ids, by identifier and region', () => {
    expect(world.resolve(db('by_arn'), 'replicate_source_db', ['aws_db_instance']).map((r) => r.address)).toEqual(['aws_db_instance.db']);
    expect(world.resolve(db('wrong_region'), 'replicate_source_db', ['aws_db_instance'])).toEqual([]);
  });

  it('resolves S3 ARNs and Secrets Manager ARNs (with their random suffix)', () => {
    const repl = world.get('dr', 'aws_s3_bucket_replication_configuration.r')!;
    expect(world.resolve(repl, 'rule.destination.bucket', ['aws_s3_bucket']).map((r) => r.stack)).toEqual(['primary']);
    expect(parseArn('arn:aws:secretsmanager:eu-west-1:1:secret:crm/app-AbCdEf')).toEqual({ service: 'secretsmanager', region: 'eu-west-1', resource: 'secret:crm/app-AbCdEf' });
  });

  it('labels an address with its stack only when several stacks have it', () => {
    const twice = new World([primary, { ...primary, stack: 'copy' }]);
    expect(twice.label(twice.get('copy', 'aws_s3_bucket.files')!)).toBe('copy:aws_s3_bucket.files');
    expect(world.label(world.get('primary', 'aws_s3_bucket.files')!)).toBe('aws_s3_bucket.files');
  });

  it('links replicas to their sources in one pass over the replicas', () => {
    const links = new Links(world);
    const source = world.get('primary', 'aws_db_instance.db')!;
    expect((links.dbReplicas.get(source.key) ?? []).map((r) => r.address)).toEqual(['aws_db_instance.by_arn', 'aws_db_instance.by_output']);
  });
});

describe('backup schedules (AWS cron through aws-cron-parser; the largest gap between runs)', () => {
  const DAY = 86400;
  it.each([
    ['cron(0 3 ? * * *)', DAY],
    ['cron(0 3 * * ? *)', DAY],
    ['cron(0 * ? * * *)', 3600],
    ['cron(0 */6 ? * * *)', 21600],
    ['cron(0 0,12 ? * * *)', 43200],
    ['cron(0 5 ? * SUN *)', 7 * DAY],
    // Weekdays only: Friday 03:00 → Monday 03:00.
    ['cron(0 3 ? * MON-FRI *)', 3 * DAY],
    // Uneven hours: 20:00 → 08:00 is the largest gap, not the 12 h average.
    ['cron(0 8,12,20 ? * * *)', 12 * 3600],
    ['rate(12 hours)', 43200],
    ['rate(30 minutes)', 1800],
    ['rate(1 day)', DAY],
  ])('%s → %i s', (schedule, seconds) => {
    expect(scheduleInterval(schedule)).toEqual({ seconds });
  });

  // The issue-15 cases: yearly, monthly (first Sunday), monthly (last Friday), quarterly.
  it.each([
    ['cron(0 3 1 1 ? *)', 366 * DAY],
    ['cron(0 3 ? * 1#1 *)', 35 * DAY],
    ['cron(0 3 ? * 6L *)', 35 * DAY],
    ['cron(0 3 1 1,4,7,10 ? *)', 92 * DAY],
  ])('%s → the largest gap, %i s', (schedule, seconds) => {
    expect(scheduleInterval(schedule)).toEqual({ seconds });
  });

  it('W: the weekday nearest the 15th, monthly', () => {
    const gap = scheduleInterval('cron(0 3 15W * ? *)').seconds!;
    expect(gap).toBeGreaterThan(28 * DAY);
    expect(gap).toBeLessThanOrEqual(33 * DAY);
  });

  it('a schedule that runs once is not recurring (null, with the reason)', () => {
    expect(scheduleInterval('cron(0 3 1 1 ? 2026)')).toEqual({ seconds: null, note: expect.stringContaining('runs once') });
  });

  it.each([
    ['whenever', /neither cron\(\.\.\.\) nor rate/],
    ['cron(0 3 * * *)', /5 fields; AWS cron has 6/],
    ['cron(0 3 * * * *)', /exactly one of day-of-month/],
    ['cron(0 3 ? * ? *)', /exactly one of day-of-month/],
    ['cron(70 3 * * ? *)', /70 is not between 0 and 59/],
    ['rate(2 day)', /plural/],
  ])('%s is rejected with a specific message', (schedule, message) => {
    expect(() => scheduleInterval(schedule)).toThrow(ScheduleError);
    expect(() => scheduleInterval(schedule)).toThrow(message);
  });
});
