import { InputError } from '../src/errors';
import { normalizePlan, referenceTargets } from '../src/model/normalize-plan';
import { stripInstanceKeys } from '../src/model/refs';

type Obj = Record<string, unknown>;

/** A planned resource as `terraform show -json` writes it under planned_values. */
function planned(address: string, values: Obj, extra: Obj = {}): Obj {
  const m = /^(?:module\.[^.]+\.)*(?:(data)\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)(\[.+\])?$/.exec(address)!;
  return {
    address,
    mode: m[1] ? 'data' : 'managed',
    type: m[2],
    name: m[3],
    provider_name: 'registry.terraform.io/hashicorp/aws',
    schema_version: 0,
    values,
    sensitive_values: {},
    ...extra,
  };
}

function change(address: string, actions: string[], afterUnknown: Obj = {}, extra: Obj = {}): Obj {
  return { address, mode: 'managed', type: 'x', name: 'x', provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions, before: null, after: {}, after_unknown: afterUnknown, before_sensitive: false, after_sensitive: {} }, ...extra };
}

function configured(address: string, expressions: Obj, extra: Obj = {}): Obj {
  const [type, name] = address.replace(/^data\./, '').split('.');
  return { address, mode: address.startsWith('data.') ? 'data' : 'managed', type, name, provider_config_key: 'aws', expressions, schema_version: 0, ...extra };
}

const refs = (...r: string[]) => ({ references: r });
const constant = (v: unknown) => ({ constant_value: v });

function plan(parts: { planned?: Obj; changes?: Obj[]; configuration?: Obj; prior?: Obj; variables?: Obj; [k: string]: unknown }): Obj {
  const { planned: pv, changes, configuration, prior, variables, ...rest } = parts;
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    ...(variables ? { variables } : {}),
    planned_values: { root_module: pv ?? {} },
    resource_changes: changes ?? [],
    ...(prior ? { prior_state: { format_version: '1.0', values: { root_module: prior } } } : {}),
    configuration: configuration ?? { provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: constant('eu-west-1') } } }, root_module: {} },
    ...rest,
  };
}

describe('normalizePlan: modules', () => {
  const doc = plan({
    planned: {
      resources: [planned('aws_kms_key.k', { enable_key_rotation: true })],
      child_modules: [
        {
          address: 'module.a',
          resources: [planned('module.a.aws_s3_bucket.b', { bucket: 'crm-a' })],
          child_modules: [
            {
              address: 'module.a.module.b',
              resources: [
                planned('module.a.module.b.aws_kms_key.k', { enable_key_rotation: true }),
                planned('module.a.module.b.aws_db_instance.db', { storage_encrypted: true }),
              ],
            },
          ],
        },
      ],
    },
    changes: [change('module.a.module.b.aws_db_instance.db', ['create'], { kms_key_id: true, id: true })],
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', version_constraint: '~> 6.25', expressions: { region: constant('eu-west-1') } } },
      root_module: {
        resources: [configured('aws_kms_key.k', { enable_key_rotation: constant(true) })],
        module_calls: {
          a: {
            source: './modules/a',
            module: {
              resources: [configured('aws_s3_bucket.b', { bucket: constant('crm-a') })],
              module_calls: {
                b: {
                  source: 'terraform-aws-modules/rds/aws',
                  version_constraint: '6.10.0',
                  module: {
                    resources: [
                      configured('aws_kms_key.k', { enable_key_rotation: constant(true) }),
                      configured('aws_db_instance.db', { storage_encrypted: constant(true), kms_key_id: refs('aws_kms_key.k.arn', 'aws_kms_key.k') }),
                    ],
                  },
                },
              },
            },
          },
        },
      },
    },
  });
  const model = normalizePlan(doc, 'plan.json', 'p');

  it('addresses nested module resources and sets the module field', () => {
    expect(Object.keys(model.resources)).toEqual(['aws_kms_key.k', 'module.a.aws_s3_bucket.b', 'module.a.module.b.aws_db_instance.db', 'module.a.module.b.aws_kms_key.k']);
    expect(model.resources['module.a.module.b.aws_db_instance.db']).toMatchObject({ module: 'module.a.module.b', type: 'aws_db_instance', name: 'db', provider: 'aws', region: 'eu-west-1' });
    expect(model.resources['aws_kms_key.k'].module).toBeNull();
    expect(model.resources['aws_kms_key.k'].origin).toEqual({ file: 'plan.json', address: 'aws_kms_key.k' });
  });

  it('resolves references inside a module relative to the module, not to the root', () => {
    const db = model.resources['module.a.module.b.aws_db_instance.db'];
    expect(db.refs).toEqual({ kms_key_id: ['module.a.module.b.aws_kms_key.k'] });
    expect(db.unknown).toEqual({ kms_key_id: true });
    expect(db.values.kms_key_id).toBe('${aws_kms_key.k.arn}');
    expect(model.referrers['aws_kms_key.k']).toBeUndefined();
  });

  it('lists every module call, nested ones keyed by their address', () => {
    expect(model.modules).toEqual({ a: { source: './modules/a', version: null }, 'a.module.b': { source: 'terraform-aws-modules/rds/aws', version: '6.10.0' } });
  });

  it('reads required providers from provider_config (source in its short form)', () => {
    expect(model.terraform).toEqual({ required_version: null, required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, backend: null });
  });
});

describe('normalizePlan: unknown values', () => {
  const doc = plan({
    planned: {
      resources: [
        planned('aws_kms_key.k', {}),
        planned('aws_security_group.a', {}),
        planned('aws_s3_bucket_server_side_encryption_configuration.sse', {
          expected_bucket_owner: null,
          rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }], bucket_key_enabled: true }],
        }),
        planned('aws_db_instance.db', { storage_encrypted: true, vpc_security_group_ids: [null], copy_tags_to_snapshot: false, iam_database_authentication_enabled: null }),
        planned('aws_security_group.dyn', { ingress: [{ from_port: 443, cidr_blocks: [null] }] }),
      ],
    },
    changes: [
      change('aws_s3_bucket_server_side_encryption_configuration.sse', ['create'], { bucket: true, id: true, rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: true }] }] }),
      change('aws_db_instance.db', ['create'], { arn: true, id: true, kms_key_id: true, vpc_security_group_ids: [true], endpoint: true }),
      change('aws_security_group.dyn', ['create'], { id: true, ingress: [{ cidr_blocks: [true] }] }),
    ],
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: constant('eu-west-1') } } },
      root_module: {
        resources: [
          configured('aws_kms_key.k', {}),
          configured('aws_security_group.a', {}),
          configured('aws_s3_bucket_server_side_encryption_configuration.sse', {
            bucket: refs('var.bucket_name'),
            rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: constant('aws:kms'), kms_master_key_id: refs('aws_kms_key.k.arn', 'aws_kms_key.k') }] }],
          }),
          configured('aws_db_instance.db', { storage_encrypted: constant(true), vpc_security_group_ids: refs('aws_security_group.a.id', 'aws_security_group.a') }),
          // A dynamic block is absent from the configuration JSON; the planned value has it.
          configured('aws_security_group.dyn', {}),
        ],
      },
    },
  });
  const model = normalizePlan(doc, 'plan.json', 'p');

  it('records configured unknowns as index-free attribute paths with an expression placeholder', () => {
    const sse = model.resources['aws_s3_bucket_server_side_encryption_configuration.sse'];
    expect(sse.unknown).toEqual({ bucket: true, 'rule.apply_server_side_encryption_by_default.kms_master_key_id': true });
    expect(sse.values.bucket).toBe('${var.bucket_name}');
    expect(sse.values.rule).toEqual([{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms', kms_master_key_id: '${aws_kms_key.k.arn}' }], bucket_key_enabled: true }]);
    expect(sse.refs).toEqual({ 'rule.apply_server_side_encryption_by_default.kms_master_key_id': ['aws_kms_key.k'] });
    expect(sse.values).not.toHaveProperty('expected_bucket_owner');
  });

  it('drops computed-only unknowns, so an unset attribute reads as absent like in CDKTF and HCL', () => {
    const db = model.resources['aws_db_instance.db'];
    expect(db.unknown).toEqual({ vpc_security_group_ids: true });
    expect(db.values).not.toHaveProperty('kms_key_id');
    expect(db.values).not.toHaveProperty('arn');
    expect(db.values).not.toHaveProperty('iam_database_authentication_enabled');
    expect(db.values.vpc_security_group_ids).toEqual(['${aws_security_group.a.id}']);
    expect(db.values.copy_tags_to_snapshot).toBe(false);
    expect(db.refs).toEqual({ vpc_security_group_ids: ['aws_security_group.a'] });
  });

  it('keeps unknowns inside blocks the configuration JSON omits (dynamic blocks)', () => {
    const dyn = model.resources['aws_security_group.dyn'];
    expect(dyn.unknown).toEqual({ 'ingress.cidr_blocks': true });
    expect(dyn.values.ingress).toEqual([{ from_port: 443, cidr_blocks: ['${(known after apply)}'] }]);
  });
});

describe('normalizePlan: planned actions', () => {
  const doc = plan({
    planned: {
      resources: [
        planned('aws_s3_bucket.created', { bucket: 'a' }),
        planned('aws_s3_bucket.updated', { bucket: 'b' }),
        planned('aws_s3_bucket.same', { bucket: 'c' }),
        planned('aws_s3_bucket.replaced', { bucket: 'd' }),
      ],
    },
    changes: [
      change('aws_s3_bucket.created', ['create']),
      change('aws_s3_bucket.updated', ['update']),
      change('aws_s3_bucket.same', ['no-op']),
      change('aws_s3_bucket.replaced', ['create', 'delete']),
      change('aws_s3_bucket.replaced', ['delete'], {}, { deposed: '00000001' }),
      change('aws_s3_bucket.gone', ['delete']),
      change('aws_s3_bucket.forgotten', ['forget']),
    ],
    prior: {
      resources: [
        planned('aws_s3_bucket.gone', { bucket: 'e' }),
        planned('aws_s3_bucket.forgotten', { bucket: 'f' }),
        planned('data.aws_iam_policy_document.p', { json: '{"Statement":[]}', statement: [{ effect: 'Allow', actions: ['s3:GetObject'] }] }),
      ],
    },
  });
  const model = normalizePlan(doc, 'plan.json', 'p');

  it('checks create, update, no-op and replace; not delete-only or forget', () => {
    expect(model.by_type.aws_s3_bucket).toEqual(['aws_s3_bucket.created', 'aws_s3_bucket.replaced', 'aws_s3_bucket.same', 'aws_s3_bucket.updated']);
  });

  it('reads data sources evaluated during planning from the prior state', () => {
    expect(model.by_type['data.aws_iam_policy_document']).toEqual(['data.aws_iam_policy_document.p']);
    expect(model.resources['data.aws_iam_policy_document.p']).toMatchObject({ mode: 'data', type: 'data.aws_iam_policy_document', values: { statement: [{ effect: 'Allow', actions: ['s3:GetObject'] }] } });
  });
});

describe('normalizePlan: providers and variables', () => {
  const doc = plan({
    variables: { primary_region: { value: 'eu-central-1' } },
    planned: {
      resources: [planned('aws_s3_bucket.a', {}), planned('aws_s3_bucket.b', {}), planned('aws_s3_bucket.c', {}), planned('random_id.r', {})],
      child_modules: [
        { address: 'module.inherit', resources: [planned('module.inherit.aws_s3_bucket.x', {})] },
        { address: 'module.own', resources: [planned('module.own.aws_s3_bucket.y', {})] },
      ],
    },
    configuration: {
      provider_config: {
        aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', version_constraint: '>= 5.0, < 7.0', expressions: { region: refs('var.primary_region'), default_tags: [{ tags: constant({ Owner: 'crm' }) }] } },
        'aws.dr': { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', alias: 'dr', expressions: { region: constant('eu-west-1') } },
        'aws.env': { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', alias: 'env', expressions: { region: refs('local.region') } },
        random: { name: 'random', full_name: 'registry.terraform.io/hashicorp/random', version_constraint: '~> 3.6' },
        'module.inherit:aws': { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', module_address: 'module.inherit' },
        'module.own:aws': { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', module_address: 'module.own', expressions: { region: constant('eu-north-1') } },
      },
      root_module: {
        resources: [
          configured('aws_s3_bucket.a', {}),
          configured('aws_s3_bucket.b', {}, { provider_config_key: 'aws.dr' }),
          configured('aws_s3_bucket.c', {}, { provider_config_key: 'aws.env' }),
          configured('random_id.r', {}, { provider_config_key: 'random' }),
        ],
        module_calls: {
          inherit: { source: './inherit', module: { resources: [configured('aws_s3_bucket.x', {}, { provider_config_key: 'module.inherit:aws' })] } },
          own: { source: './own', module: { resources: [configured('aws_s3_bucket.y', {}, { provider_config_key: 'module.own:aws' })] } },
        },
      },
    },
  });
  const model = normalizePlan(doc, 'plan.json', 'p');

  it('resolves regions from constants and root variables; marks unresolvable ones', () => {
    expect(model.providers.aws).toMatchObject({ key: 'aws', alias: null, region: 'eu-central-1', region_unknown: false, values: { default_tags: [{ tags: { Owner: 'crm' } }] } });
    expect(model.providers['aws.dr']).toMatchObject({ key: 'aws.dr', alias: 'dr', region: 'eu-west-1' });
    expect(model.providers['aws.env']).toMatchObject({ region: null, region_unknown: true });
    expect(model.resources['aws_s3_bucket.c'].region).toBeNull();
  });

  it('maps provider_config_key to model keys, inherited module configurations to the parent', () => {
    expect(model.resources['aws_s3_bucket.a'].provider).toBe('aws');
    expect(model.resources['aws_s3_bucket.b']).toMatchObject({ provider: 'aws.dr', region: 'eu-west-1' });
    expect(model.resources['module.inherit.aws_s3_bucket.x']).toMatchObject({ provider: 'aws', region: 'eu-central-1' });
    expect(model.resources['module.own.aws_s3_bucket.y']).toMatchObject({ provider: 'module.own:aws', region: 'eu-north-1' });
    expect(Object.keys(model.providers)).toEqual(['aws', 'aws.dr', 'aws.env', 'module.own:aws', 'random']);
  });

  it('takes required_providers from the root provider configurations', () => {
    expect(model.terraform.required_providers).toEqual({ aws: { source: 'hashicorp/aws', version: '>= 5.0, < 7.0' }, random: { source: 'hashicorp/random', version: '~> 3.6' } });
  });
});

describe('normalizePlan: count and for_each instances', () => {
  const doc = plan({
    planned: {
      resources: [
        planned('aws_subnet.data[0]', { cidr_block: '10.0.1.0/24' }, { index: 0 }),
        planned('aws_subnet.data[1]', { cidr_block: '10.0.2.0/24' }, { index: 1 }),
        planned('aws_db_subnet_group.all', {}),
        planned('aws_instance.first', {}),
        planned('aws_s3_bucket.per["a"]', { bucket: 'crm-a' }, { index: 'a' }),
      ],
    },
    configuration: {
      provider_config: {},
      root_module: {
        resources: [
          configured('aws_subnet.data', {}, { count_expression: constant(2) }),
          configured('aws_db_subnet_group.all', { subnet_ids: refs('aws_subnet.data') }),
          configured('aws_instance.first', { subnet_id: refs('aws_subnet.data[0].id', 'aws_subnet.data[0]', 'aws_subnet.data') }),
          configured('aws_s3_bucket.per', { bucket: refs('each.value') }, { for_each_expression: constant({ a: 'crm-a' }) }),
        ],
      },
    },
  });
  const model = normalizePlan(doc, 'plan.json', 'p');

  it('keeps each instance at its plan address, origin naming it', () => {
    expect(model.by_type.aws_subnet).toEqual(['aws_subnet.data[0]', 'aws_subnet.data[1]']);
    expect(model.resources['aws_subnet.data[1]']).toMatchObject({ name: 'data', values: { cidr_block: '10.0.2.0/24' }, origin: { file: 'plan.json', address: 'aws_subnet.data[1]' } });
    expect(model.resources['aws_s3_bucket.per["a"]'].name).toBe('per');
  });

  it('a whole-resource reference names every instance; an indexed one only that instance', () => {
    expect(model.resources['aws_db_subnet_group.all'].refs).toEqual({ subnet_ids: ['aws_subnet.data[0]', 'aws_subnet.data[1]'] });
    expect(model.resources['aws_instance.first'].refs).toEqual({ subnet_id: ['aws_subnet.data[0]'] });
  });

  it('referenceTargets ignores variables, locals and iterators, and handles modules and data sources', () => {
    const instances = new Map([['module.m.aws_x.y', ['module.m.aws_x.y']]]);
    expect(referenceTargets(['var.a', 'local.b', 'each.value', 'count.index', 'path.module', 'self.id'], null, instances)).toEqual([]);
    expect(referenceTargets(['aws_x.y.arn', 'aws_x.y', 'data.aws_region.r.name', 'data.aws_region.r', 'module.inner.out', 'module.inner'], 'module.m', instances)).toEqual([
      'module.m.aws_x.y',
      'module.m.data.aws_region.r',
      'module.m.module.inner',
    ]);
    expect(stripInstanceKeys('module.a[0].module.b["k]x"].aws_x.y')).toBe('module.a.module.b.aws_x.y');
  });
});

describe('normalizePlan: provisioners and meta-arguments', () => {
  it('carries configuration provisioners into values in the CDKTF shape', () => {
    const model = normalizePlan(
      plan({
        planned: { resources: [planned('aws_instance.i', { ami: 'ami-1' })] },
        configuration: {
          provider_config: {},
          root_module: { resources: [configured('aws_instance.i', { ami: constant('ami-1') }, { provisioners: [{ type: 'local-exec', expressions: { command: constant('curl x | sh') } }] })] },
        },
      }),
      'plan.json',
      'p',
    );
    expect(model.resources['aws_instance.i'].values.provisioner).toEqual([{ 'local-exec': { command: 'curl x | sh' } }]);
  });
});

describe('normalizePlan: errors name the file, the JSON path and what was expected', () => {
  const fails = (doc: unknown) => {
    try {
      normalizePlan(doc, 'plan.json', 'p');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).describe();
    }
    throw new Error('expected an InputError');
  };

  it('rejects unsupported format versions', () => {
    expect(fails(plan({ format_version: '0.2' }))).toBe(
      'plan.json: $.format_version: unsupported plan format_version "0.2": crm-guard reads format_version 1.x (Terraform 1.1 and later write 1.x; re-create the plan JSON with such a Terraform)',
    );
    expect(fails(plan({ format_version: '2.0' }))).toContain('unsupported plan format_version "2.0"');
    expect(fails(plan({ format_version: 1 }))).toContain('unsupported plan format_version 1:');
  });

  it('tells a state file and an errored plan apart from a plan', () => {
    expect(fails({ format_version: '1.0', terraform_version: '1.9.8', values: { root_module: {} } })).toContain('this is Terraform state JSON');
    expect(fails(plan({ errored: true }))).toContain('"errored"');
    expect(fails({ planned_values: {} })).toContain('not a Terraform plan: no "format_version"');
    expect(fails([])).toBe('plan.json: $: expected a Terraform plan (a JSON object), found an array');
  });

  it('names the path of a malformed resource', () => {
    expect(fails(plan({ planned: { resources: [{ mode: 'managed', type: 'aws_s3_bucket', name: 'b', values: {} }] } }))).toBe(
      'plan.json: $.planned_values.root_module.resources[0].address: expected the resource address (a string), found nothing (the key is missing)',
    );
    expect(fails(plan({ planned: { child_modules: [{ address: 'module.m', resources: 'x' }] } }))).toContain('$.planned_values.root_module.child_modules[0].resources');
    expect(fails(plan({ changes: [{ address: 'a.b', change: { actions: 'create' } }] }))).toContain('$.resource_changes[0].change.actions');
  });
});
