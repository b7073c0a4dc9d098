import { normalizeCdktf } from '../src/model/normalize-cdktf';
import { candidateAddresses } from '../src/model/refs';

const doc = {
  terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, required_version: '~> 1.9', backend: { s3: { bucket: 'state', encrypt: true } } },
  variable: { dr_region: { default: 'eu-central-1' } },
  provider: { aws: [{ region: 'eu-west-1' }, { alias: 'dr', region: '${var.dr_region}' }, { alias: 'env', region: '${var.nope}' }] },
  resource: {
    aws_kms_key: { k: { enable_key_rotation: true, '//': { metadata: { path: 'stack/keys/k', uniqueId: 'k' } } } },
    aws_s3_bucket: {
      files: { bucket: 'crm-files' },
      copy: { bucket: 'crm-copy', provider: 'aws.dr' },
      own: { bucket: 'crm-own', region: 'eu-north-1' },
    },
    aws_s3_bucket_public_access_block: {
      by_ref: { bucket: '${aws_s3_bucket.files.id}', block_public_acls: true },
      by_name: { bucket: 'crm-copy', block_public_acls: true },
      elsewhere: { bucket: 'some-other-bucket' },
    },
    aws_s3_bucket_policy: {
      p: {
        bucket: '${aws_s3_bucket.files.id}',
        policy: JSON.stringify({ Statement: [{ Resource: ['${aws_s3_bucket.files.arn}/*', '${aws_s3_bucket.copy.arn}'] }] }),
      },
    },
    aws_db_instance: {
      db: {
        kms_key_id: '${aws_kms_key.k.arn}',
        vpc_security_group_ids: ['${aws_security_group.a.id}', '${aws_security_group.b.id}'],
        storage_encrypted: true,
        depends_on: ['aws_kms_key.k'],
        tags: { Owner: '${var.owner}' },
      },
    },
    aws_security_group: { a: {}, b: {} },
    aws_iam_role_policy: { inline: { policy: '${jsonencode({"Statement" = [{"Resource" = aws_s3_bucket.files.arn}]})}' } },
  },
  data: { aws_iam_policy_document: { doc: { statement: [{ resources: ['${aws_s3_bucket.files.arn}'] }] } } },
};

const model = normalizeCdktf(doc, 'cdk.tf.json', 'stack');

describe('normalizeCdktf', () => {
  it('addresses resources and data sources, with construct paths as origin', () => {
    expect(model.resources['aws_kms_key.k'].origin).toEqual({ file: 'cdk.tf.json', constructPath: 'stack/keys/k' });
    expect(model.resources['data.aws_iam_policy_document.doc'].mode).toBe('data');
    expect(model.by_type['data.aws_iam_policy_document']).toEqual(['data.aws_iam_policy_document.doc']);
    expect(model.by_type.aws_s3_bucket).toEqual(['aws_s3_bucket.copy', 'aws_s3_bucket.files', 'aws_s3_bucket.own']);
  });

  it('drops meta-arguments from values', () => {
    expect(model.resources['aws_db_instance.db'].values).not.toHaveProperty('depends_on');
    expect(model.resources['aws_kms_key.k'].values).not.toHaveProperty('//');
    expect(model.resources['aws_s3_bucket.copy'].values).not.toHaveProperty('provider');
  });

  it('keeps provisioners (CRM-SUP-002 reads them) but drops connection credentials', () => {
    const m = normalizeCdktf(
      { resource: { terraform_data: { run: { provisioner: [{ 'local-exec': { command: './x.sh' } }], connection: { password: 'p' } } } } },
      'p.tf.json',
      'p',
    );
    expect(m.resources['terraform_data.run'].values).toEqual({ provisioner: [{ 'local-exec': { command: './x.sh' } }] });
  });

  it('extracts references from interpolations, lists, JSON strings and jsonencode()', () => {
    const db = model.resources['aws_db_instance.db'];
    expect(db.refs).toEqual({ kms_key_id: ['aws_kms_key.k'], vpc_security_group_ids: ['aws_security_group.a', 'aws_security_group.b'] });
    expect(model.resources['aws_s3_bucket_policy.p'].refs.policy).toEqual(['aws_s3_bucket.copy', 'aws_s3_bucket.files']);
    expect(model.resources['aws_iam_role_policy.inline'].refs.policy).toEqual(['aws_s3_bucket.files']);
    expect(model.resources['data.aws_iam_policy_document.doc'].refs['statement.resources']).toEqual(['aws_s3_bucket.files']);
  });

  it('marks expression-valued attributes unknown, literal ones not', () => {
    const db = model.resources['aws_db_instance.db'];
    expect(db.unknown).toEqual({ kms_key_id: true, 'tags.Owner': true, vpc_security_group_ids: true });
    expect(db.refs).not.toHaveProperty('tags.Owner');
  });

  it('reads a dynamic block (TerraformIterator.dynamic) as blocks known only after apply, at any level', () => {
    // As cdktn synthesizes `rule: iterator.dynamic({...})`: content not evaluated, for_each a token.
    const m = normalizeCdktf(
      {
        resource: {
          aws_s3_bucket_lifecycle_configuration: {
            l: {
              bucket: '${aws_s3_bucket.b.id}',
              rule: [{ id: 'static', status: 'Enabled', dynamic: { transition: { for_each: '${var.transitions}', iterator: 'each', content: { days: '${each.value}' } } } }],
              dynamic: { rule: { for_each: '${toset(["a", "b"])}', iterator: 'each', content: { id: '${each.value}', status: 'Enabled' } } },
            },
          },
          aws_security_group: { g: { dynamic: { ingress: { for_each: ['x'], iterator: 'each', content: { from_port: 22 } } }, tags: { dynamic: 'a tag, not a block' } } },
        },
      },
      'cdk.tf.json',
      'stack',
    );
    const l = m.resources['aws_s3_bucket_lifecycle_configuration.l'];
    expect(l.values).toEqual({ bucket: '${aws_s3_bucket.b.id}', rule: '${toset(["a", "b"])}' });
    expect(l.unknown).toEqual({ bucket: true, rule: true });
    const g = m.resources['aws_security_group.g'];
    expect(g.values).toEqual({ ingress: '${["x"]}', tags: { dynamic: 'a tag, not a block' } });
    expect(g.unknown).toEqual({ ingress: true });
  });

  it('binds split S3 resources by reference and by literal bucket name', () => {
    expect(model.referrers['aws_s3_bucket.files'].aws_s3_bucket_public_access_block).toEqual(['aws_s3_bucket_public_access_block.by_ref']);
    expect(model.referrers['aws_s3_bucket.copy'].aws_s3_bucket_public_access_block).toEqual(['aws_s3_bucket_public_access_block.by_name']);
    expect(model.resources['aws_s3_bucket_public_access_block.elsewhere'].refs).toEqual({});
  });

  it('indexes referrers by target and referrer type', () => {
    expect(model.referrers['aws_kms_key.k']).toEqual({ aws_db_instance: ['aws_db_instance.db'] });
    expect(Object.keys(model.referrers['aws_s3_bucket.files']).sort()).toEqual(
      ['aws_iam_role_policy', 'aws_s3_bucket_policy', 'aws_s3_bucket_public_access_block', 'data.aws_iam_policy_document'].sort(),
    );
  });

  it('resolves regions from provider aliases, variable defaults and v6 resource overrides', () => {
    expect(model.providers.aws.region).toBe('eu-west-1');
    expect(model.providers['aws.dr']).toMatchObject({ alias: 'dr', region: 'eu-central-1', region_unknown: false });
    expect(model.providers['aws.env']).toMatchObject({ region: null, region_unknown: true });
    expect(model.resources['aws_s3_bucket.files'].region).toBe('eu-west-1');
    expect(model.resources['aws_s3_bucket.copy'].region).toBe('eu-central-1');
    expect(model.resources['aws_s3_bucket.own'].region).toBe('eu-north-1');
    expect(model.by_provider['aws.dr']).toEqual(['aws_s3_bucket.copy']);
  });

  it('reads terraform settings', () => {
    expect(model.terraform).toEqual({
      required_version: '~> 1.9',
      required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } },
      backend: { type: 's3', config: { bucket: 'state', encrypt: true } },
    });
  });

  it('is deterministic: key order of the input does not change the model', () => {
    const reversed = JSON.parse(JSON.stringify(doc)) as typeof doc;
    reversed.resource = Object.fromEntries(Object.entries(doc.resource).reverse()) as typeof doc.resource;
    expect(JSON.stringify(normalizeCdktf(reversed, 'cdk.tf.json', 'stack'))).toBe(JSON.stringify(model));
  });
});

describe('candidateAddresses', () => {
  it('finds resource, data and module references inside interpolations only', () => {
    expect(candidateAddresses('aws_s3_bucket.x.arn')).toEqual([]);
    expect(candidateAddresses('${aws_s3_bucket.x.arn}')).toEqual(['aws_s3_bucket.x']);
    expect(candidateAddresses('arn:${data.aws_partition.p.partition}:s3:::${module.store.bucket}')).toEqual(['data.aws_partition.p', 'module.store']);
    expect(candidateAddresses('${element(aws_subnet.a[*].id, 0)}')).toEqual(['aws_subnet.a']);
    expect(candidateAddresses('${jsonencode({"a" = "}"})} then ${aws_kms_key.k.arn}')).toContain('aws_kms_key.k');
  });
});
