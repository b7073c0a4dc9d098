import { DataKey } from './keys';
import { SecureBucket } from './secure-bucket';
import { all, at, ref, statements, synthConstruct, TEST_ACCOUNT, type Body } from './test-kit';

function buckets(options: { lock?: boolean } = {}) {
  return synthConstruct((s, dr) => {
    const key = new DataKey(s, 'k', { project: 'crm', domain: 'attachments', accountId: TEST_ACCOUNT, region: 'eu-west-1' });
    const drKey = new DataKey(s, 'dr-k', { project: 'crm', domain: 'attachments', accountId: TEST_ACCOUNT, region: 'eu-central-1', provider: dr });
    const logs = new SecureBucket(s, 'logs', { bucketName: 'crm-logs', region: 'eu-west-1', encryption: { kind: 'log-delivery' }, lifecycle: { noncurrentExpireDays: 30, expireDays: 365 } });
    const lock = options.lock ? { mode: 'COMPLIANCE' as const, days: 365 } : undefined;
    const source = new SecureBucket(s, 'files', {
      bucketName: 'crm-files',
      region: 'eu-west-1',
      encryption: { kind: 'kms', key: key.key },
      accessLogs: { target: logs, prefix: 's3/files/' },
      lifecycle: { noncurrentExpireDays: 90 },
      objectLock: lock,
    });
    const replica = new SecureBucket(s, 'files-dr', {
      bucketName: 'crm-files-dr',
      region: 'eu-central-1',
      encryption: { kind: 'kms', key: drKey.key },
      lifecycle: { noncurrentExpireDays: 90 },
      objectLock: lock,
      provider: dr,
    });
    source.replicateTo(replica, { accountId: TEST_ACCOUNT, timeControl: true });
  });
}

describe('SecureBucket', () => {
  const doc = buckets();

  it('blocks every form of public access and disables ACLs', () => {
    expect(all(doc, 'aws_s3_bucket_public_access_block')).toHaveLength(3);
    for (const pab of all(doc, 'aws_s3_bucket_public_access_block')) {
      expect(pab).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    }
    for (const o of all(doc, 'aws_s3_bucket_ownership_controls')) expect(o.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('encrypts with the given CMK and bucket keys; SSE-S3 only for log-delivery targets', () => {
    const sse = (path: string) => (at(doc, 'aws_s3_bucket_server_side_encryption_configuration', path).rule as Body[])[0];
    expect(sse('files/encryption')).toEqual({
      apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: `${ref(doc, 'aws_kms_key', 'k/key')}arn}` },
      bucket_key_enabled: true,
    });
    expect(sse('logs/encryption')).toEqual({ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } });
  });

  it('is versioned, access-logged to the log bucket, with a bounded lifecycle', () => {
    for (const v of all(doc, 'aws_s3_bucket_versioning')) expect(v.versioning_configuration).toEqual({ status: 'Enabled' });
    expect(at(doc, 'aws_s3_bucket_logging', 'files/access-logs')).toMatchObject({ target_bucket: `${ref(doc, 'aws_s3_bucket', 'logs/bucket')}id}`, target_prefix: 's3/files/' });
    const rule = (at(doc, 'aws_s3_bucket_lifecycle_configuration', 'logs/lifecycle').rule as Body[])[0];
    expect(rule).toMatchObject({ status: 'Enabled', expiration: [{ days: 365 }], noncurrent_version_expiration: [{ noncurrent_days: 30 }] });
  });

  it('denies non-TLS and pre-TLS-1.2 requests on the bucket and its objects', () => {
    const arn = `${ref(doc, 'aws_s3_bucket', 'files/bucket')}arn}`;
    const [tls, version] = statements(at(doc, 'aws_s3_bucket_policy', 'files/policy').policy);
    expect(tls).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(version.Condition).toEqual({ NumericLessThan: { 's3:TlsVersion': '1.2' } });
  });

  it('replicates everything, SSE-KMS objects included, with RTC to the other region under its own key', () => {
    const replication = at(doc, 'aws_s3_bucket_replication_configuration', 'files/replication');
    const [rule] = replication.rule as Body[];
    expect(rule).toMatchObject({
      status: 'Enabled',
      filter: { prefix: '' },
      delete_marker_replication: { status: 'Enabled' },
      source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
      destination: {
        bucket: `${ref(doc, 'aws_s3_bucket', 'files-dr/bucket')}arn}`,
        encryption_configuration: { replica_kms_key_id: `${ref(doc, 'aws_kms_key', 'dr-k/key')}arn}` },
        replication_time: { status: 'Enabled', time: { minutes: 15 } },
        metrics: { status: 'Enabled', event_threshold: { minutes: 15 } },
      },
    });
    const role = statements(at(doc, 'aws_iam_role_policy', 'files/replication-role/policy').policy);
    expect(role.flatMap((st) => st.Action)).toEqual(expect.arrayContaining(['s3:ReplicateObject', 'kms:Decrypt', 'kms:GenerateDataKey']));
    for (const st of role) expect(st.Resource).not.toBe('*');
  });

  it('locks objects in compliance mode when asked', () => {
    const locked = buckets({ lock: true });
    expect(at(locked, 'aws_s3_bucket', 'files/bucket')).toMatchObject({ object_lock_enabled: true });
    expect(at(locked, 'aws_s3_bucket_object_lock_configuration', 'files/object-lock').rule).toEqual({ default_retention: { mode: 'COMPLIANCE', days: 365 } });
  });

  it('refuses to replicate within one region', () => {
    expect(() =>
      synthConstruct((s) => {
        const mk = (id: string) => new SecureBucket(s, id, { bucketName: id, region: 'eu-west-1', encryption: { kind: 'log-delivery' }, lifecycle: { noncurrentExpireDays: 1 } });
        mk('a').replicateTo(mk('b'), { accountId: TEST_ACCOUNT, timeControl: false });
      }),
    ).toThrow(/must target another region/);
  });
});
