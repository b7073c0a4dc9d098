import { compareModels, FORCES_REPLACEMENT } from '../src/model/compare';
import { normalizeCdktf } from '../src/model/normalize-cdktf';

const model = (resource: Record<string, unknown>) => normalizeCdktf({ provider: { aws: [{ region: 'eu-west-1' }] }, resource }, 'x.tf.json', 's');

describe('compareModels', () => {
  it('deletes, replaces (literal ForceNew change), updates; expressions never claim a replacement', () => {
    const prev = model({
      aws_db_instance: { crm: { engine: 'postgres', identifier: 'crm', instance_class: 'a' }, old: { engine: 'postgres' }, k: { engine: 'postgres', kms_key_id: 'arn:k1' } },
      aws_kms_key: { data: { description: 'x' } },
    });
    const cur = model({
      aws_db_instance: { crm: { engine: 'mysql', identifier: 'crm', instance_class: 'b' }, k: { engine: 'postgres', kms_key_id: '${aws_kms_key.data.arn}' } },
      aws_kms_key: { data: { description: 'y' } },
    });
    const c = compareModels(cur, prev, 'prev');
    expect(c.basis).toBe('compare-to');
    expect(c.resources['aws_db_instance.crm']).toMatchObject({ actions: ['delete', 'create'], replace_paths: ['engine'] });
    expect(c.resources['aws_db_instance.old']).toMatchObject({ actions: ['delete'], after: null });
    expect(c.resources['aws_db_instance.k']).toMatchObject({ actions: ['update'], replace_paths: [] });
    expect(c.resources['aws_kms_key.data']).toMatchObject({ actions: ['update'] });
    expect(Object.keys(compareModels(prev, prev, 'prev').resources)).toEqual([]);
  });

  it('covers the stateful types CRM-CHG-001 watches', () => {
    for (const t of ['aws_db_instance', 'aws_rds_cluster', 'aws_s3_bucket', 'aws_dynamodb_table', 'aws_efs_file_system', 'aws_backup_vault', 'aws_secretsmanager_secret', 'aws_kms_key']) {
      expect(FORCES_REPLACEMENT[t]?.length).toBeGreaterThan(0);
    }
  });
});
