/**
 * Terraform JSON as CDKTF writes it, read as Terraform plans it: templates known at plan time
 * (variables, `for` expressions, functions, `%{ }` directives) evaluated, `dynamic` blocks
 * generated, resources with `count = 0` or an empty `for_each` absent, `--var` / `TF_VAR_` applied.
 */
import * as path from 'node:path';
import { InputError } from '../src/errors';
import { check } from '../src/check/check';
import { loadInputs } from '../src/input/load';
import type { JsonObject, NormalizedModel } from '../src/model/types';
import { findings, writeTree } from './terraform/harness';

const PROVIDER = { aws: [{ region: 'eu-central-1' }] };

async function load(doc: JsonObject, options: Parameters<typeof loadInputs>[1] = {}): Promise<NormalizedModel> {
  const dir = writeTree({ 'cdk.tf.json': JSON.stringify({ provider: PROVIDER, ...doc }) });
  const [m] = await loadInputs([path.join(dir, 'cdk.tf.json')], options);
  return m;
}

const sshFromVariable = {
  variable: { cidr: { type: 'string', default: '0.0.0.0/0' } },
  resource: {
    aws_vpc_security_group_ingress_rule: { ssh: { security_group_id: 'sg-1', ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '${var.cidr}' } },
  },
};

describe('variables', () => {
  it('a default is the value at plan time', async () => {
    const m = await load(sshFromVariable);
    expect(m.resources['aws_vpc_security_group_ingress_rule.ssh'].values.cidr_ipv4).toBe('0.0.0.0/0');
    expect(await findings(m)).toContain('CRM-NET-001 aws_vpc_security_group_ingress_rule.ssh');
  });

  it('--var and TF_VAR_ override it, as for terraform plan', async () => {
    const byVar = await load(sshFromVariable, { variables: { cidr: '10.0.0.0/8' } });
    expect(byVar.resources['aws_vpc_security_group_ingress_rule.ssh'].values.cidr_ipv4).toBe('10.0.0.0/8');
    const byEnv = await load(sshFromVariable, { environment: { TF_VAR_cidr: '10.1.0.0/16' } });
    expect(byEnv.resources['aws_vpc_security_group_ingress_rule.ssh'].values.cidr_ipv4).toBe('10.1.0.0/16');
    expect((await findings(byVar)).filter((f) => f.startsWith('CRM-NET-001'))).toEqual([]);
  });

  it('a --var no stack declares is an input error', async () => {
    await expect(load(sshFromVariable, { variables: { nope: '1' } })).rejects.toThrow(InputError);
  });

  it('a variable without a default stays known only after apply', async () => {
    const m = await load({ ...sshFromVariable, variable: { cidr: { type: 'string' } } });
    expect(m.resources['aws_vpc_security_group_ingress_rule.ssh'].unknown).toHaveProperty('cidr_ipv4', true);
    expect(await findings(m)).toContain('CRM-NET-001 aws_vpc_security_group_ingress_rule.ssh ?');
  });
});

describe('templates known at plan time', () => {
  it('a `for` expression written for attribute-as-block ingress is its list of rules', async () => {
    const m = await load({
      resource: {
        aws_security_group: {
          open: { name: 'open', vpc_id: 'vpc-1', ingress: '${[ for key, val in toset([22]): {"from_port" = val, "to_port" = val, "protocol" = "tcp", "cidr_blocks" = ["0.0.0.0/0"]}]}' },
        },
      },
    });
    expect(m.resources['aws_security_group.open'].values.ingress).toEqual([{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }]);
    expect(await findings(m)).toContain('CRM-NET-001 aws_security_group.open');
  });

  it('`%{ if }` directives are evaluated', async () => {
    const m = await load({
      variable: { public: { default: true } },
      resource: { aws_db_instance: { db: { engine: 'postgres', publicly_accessible: '%{ if var.public }true%{ else }false%{ endif }' } } },
    });
    expect(m.resources['aws_db_instance.db'].values.publicly_accessible).toBe(true);
  });

  it('a reference to a resource stays as written, known only after apply', async () => {
    const m = await load({ resource: { aws_vpc: { v: { cidr_block: '10.0.0.0/16' } }, aws_subnet: { s: { vpc_id: '${aws_vpc.v.id}', cidr_block: '${cidrsubnet(aws_vpc.v.cidr_block, 8, 1)}' } } } });
    expect(m.resources['aws_subnet.s'].values).toMatchObject({ vpc_id: '${aws_vpc.v.id}', cidr_block: '${cidrsubnet(aws_vpc.v.cidr_block, 8, 1)}' });
    expect(m.resources['aws_subnet.s'].refs.vpc_id).toEqual(['aws_vpc.v']);
  });
});

describe('dynamic blocks', () => {
  const instance = (forEach: string): JsonObject => ({
    resource: {
      aws_instance: {
        vm: {
          ami: 'ami-1',
          instance_type: 't3.micro',
          metadata_options: { http_tokens: 'required' },
          root_block_device: { encrypted: true },
          dynamic: { ebs_block_device: { for_each: forEach, iterator: 'each', content: { device_name: '${each.value}', encrypted: false } } },
        },
      },
    },
  });

  it('a known for_each generates one block per element', async () => {
    const m = await load(instance('${toset(["/dev/sdb", "/dev/sdc"])}'));
    expect(m.resources['aws_instance.vm'].values.ebs_block_device).toEqual([
      { device_name: '/dev/sdb', encrypted: false },
      { device_name: '/dev/sdc', encrypted: false },
    ]);
    expect(await findings(m)).toContain('CRM-ENC-010 aws_instance.vm');
  });

  it('an empty for_each generates none', async () => {
    const m = await load(instance('${toset([])}'));
    expect(m.resources['aws_instance.vm'].values).not.toHaveProperty('ebs_block_device');
    expect(m.resources['aws_instance.vm'].values).not.toHaveProperty('dynamic');
  });

  it('a for_each known only after apply is the content once, every path below it unknown', async () => {
    const m = await load({ ...instance('${toset(var.devices)}'), variable: { devices: { type: 'set(string)' } } });
    const r = m.resources['aws_instance.vm'];
    expect(r.values.ebs_block_device).toEqual([{ device_name: '${each.value}', encrypted: false }]);
    expect(r.unknown).toMatchObject({ ebs_block_device: true, 'ebs_block_device.encrypted': true });
    expect(await findings(m)).toContain('CRM-ENC-010 aws_instance.vm ?');
  });

  it('a secure block generated by a dynamic block is not read as absent', async () => {
    const m = await load({
      resource: {
        aws_dynamodb_table: {
          t: {
            name: 't',
            hash_key: 'id',
            attribute: [{ name: 'id', type: 'S' }],
            dynamic: { point_in_time_recovery: { for_each: '${[true]}', content: { enabled: '${point_in_time_recovery.value}' } } },
          },
        },
      },
    });
    expect(m.resources['aws_dynamodb_table.t'].values.point_in_time_recovery).toEqual([{ enabled: true }]);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-BDR-017'))).toEqual([]);
  });
});

describe('count and for_each', () => {
  const bucket = (companion: JsonObject): JsonObject => ({
    variable: { harden: { type: 'bool', default: false } },
    resource: {
      aws_s3_bucket: { b: { bucket: 'crm-docs' } },
      aws_s3_bucket_public_access_block: {
        b: { bucket: '${aws_s3_bucket.b.id}', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true, ...companion },
      },
    },
  });

  it.each([
    ['count = 0', { count: 0 }],
    ['a conditional count that is 0', { count: '${var.harden ? 1 : 0}' }],
    ['an empty for_each', { for_each: '${toset([])}' }],
  ])('%s: the resource does not exist', async (_what, companion) => {
    const m = await load(bucket(companion));
    expect(Object.keys(m.resources)).toEqual(['aws_s3_bucket.b']);
    expect(await findings(m)).toContain('CRM-IAM-010 aws_s3_bucket.b');
  });

  it('count = 1 keeps it', async () => {
    const m = await load(bucket({ count: '${var.harden ? 0 : 1}' }));
    expect(Object.keys(m.resources)).toEqual(['aws_s3_bucket.b', 'aws_s3_bucket_public_access_block.b[0]']);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-IAM-010'))).toEqual([]);
  });
});

describe('locals and iterators over resources', () => {
  const keyPolicy = (identifiers: string, extra: JsonObject = {}): JsonObject => ({
    ...extra,
    data: {
      aws_iam_policy_document: {
        d: { statement: [{ sid: 'a', effect: 'Allow', actions: ['kms:Decrypt'], resources: ['*'], principals: [{ type: 'AWS', identifiers: [identifiers] }] }] },
      },
    },
    resource: { aws_kms_key: { k: { enable_key_rotation: true, policy: '${data.aws_iam_policy_document.d.json}' } } },
  });

  it('a TerraformLocal known at plan time is its value', async () => {
    const m = await load(keyPolicy('${local.p}', { locals: { p: '*' } }));
    expect(m.resources['data.aws_iam_policy_document.d'].values.statement).toEqual([expect.objectContaining({ principals: [{ type: 'AWS', identifiers: ['*'] }] })]);
    expect(await findings(m)).toContain('CRM-ENC-002 aws_kms_key.k');
  });

  it('a principal that may be anything makes the policy unverifiable, never a pass', async () => {
    const m = await load(keyPolicy('${var.trusted}', { variable: { trusted: { type: 'string' } } }));
    expect(await findings(m)).toContain('CRM-ENC-002 aws_kms_key.k ?');
  });

  it('for_each over another resource binds each instance to its instance (TerraformIterator.fromResources)', async () => {
    const m = await load({
      resource: {
        aws_s3_bucket: { bs: { for_each: '${toset(["crm-a", "crm-b"])}', bucket: '${each.value}' } },
        aws_s3_bucket_public_access_block: {
          pabs: { for_each: '${aws_s3_bucket.bs}', bucket: '${each.value.id}', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
        },
      },
    });
    expect(Object.keys(m.resources)).toEqual(['aws_s3_bucket.bs["crm-a"]', 'aws_s3_bucket.bs["crm-b"]', 'aws_s3_bucket_public_access_block.pabs["crm-a"]', 'aws_s3_bucket_public_access_block.pabs["crm-b"]']);
    expect(m.resources['aws_s3_bucket.bs["crm-b"]'].values.bucket).toBe('crm-b');
    expect(m.resources['aws_s3_bucket_public_access_block.pabs["crm-b"]'].refs.bucket).toEqual(['aws_s3_bucket.bs["crm-b"]']);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-IAM-010'))).toEqual([]);
  });

  it('over a resource whose instances are not known, each.value names that resource', async () => {
    const m = await load({
      variable: { names: { type: 'set(string)' } },
      resource: {
        aws_s3_bucket: { bs: { for_each: '${var.names}', bucket: '${each.value}' } },
        aws_s3_bucket_public_access_block: {
          pabs: { for_each: '${aws_s3_bucket.bs}', bucket: '${each.value.id}', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
        },
      },
    });
    expect(m.resources['aws_s3_bucket_public_access_block.pabs'].refs.bucket).toEqual(['aws_s3_bucket.bs']);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-IAM-010'))).toEqual([]);
  });

  it('count and for_each expand into instances with count.index and each known', async () => {
    const m = await load({
      variable: { cidrs: { type: 'list(string)', default: ['10.0.1.0/24', '10.0.2.0/24'] }, port: { type: 'number', default: '22' } },
      resource: {
        aws_vpc: { v: { cidr_block: '10.0.0.0/16' } },
        aws_subnet: { s: { count: '${length(var.cidrs)}', vpc_id: '${aws_vpc.v.id}', cidr_block: '${var.cidrs[count.index]}' } },
        aws_vpc_security_group_ingress_rule: {
          r: { for_each: { a: '0.0.0.0/0', b: '10.0.0.0/8' }, security_group_id: 'sg-1', ip_protocol: 'tcp', from_port: '${var.port}', to_port: '${var.port}', cidr_ipv4: '${each.value}' },
        },
        aws_route_table_association: { a: { count: 2, subnet_id: '${aws_subnet.s[count.index].id}', route_table_id: 'rtb-1' } },
      },
    });
    expect(m.resources['aws_subnet.s[1]'].values.cidr_block).toBe('10.0.2.0/24');
    expect(m.resources['aws_route_table_association.a[1]'].refs.subnet_id).toEqual(['aws_subnet.s[1]']);
    expect(m.resources['aws_vpc_security_group_ingress_rule.r["a"]'].values).toMatchObject({ cidr_ipv4: '0.0.0.0/0', from_port: 22 });
    expect((await findings(m)).filter((f) => f.startsWith('CRM-NET-001'))).toEqual(['CRM-NET-001 aws_vpc_security_group_ingress_rule.r["a"]']);
  });
});

describe('field round 5', () => {
  it('variables are converted to their declared type (a number default written "22" compares equal to 22)', async () => {
    const m = await load({
      variable: { admin_port: { type: 'number', default: '22' } },
      resource: {
        aws_vpc_security_group_ingress_rule: {
          r: { security_group_id: 'sg-1', ip_protocol: 'tcp', from_port: '${var.admin_port}', to_port: '${var.admin_port}', cidr_ipv4: '${var.admin_port == 22 ? "0.0.0.0/0" : "10.0.0.0/8"}' },
        },
      },
    });
    expect(m.resources['aws_vpc_security_group_ingress_rule.r'].values.cidr_ipv4).toBe('0.0.0.0/0');
  });

  it('provider blocks are evaluated: a region from --var, default_tags from a variable or a dynamic block', async () => {
    const doc = (aws: JsonObject): JsonObject => ({
      provider: { aws: [aws] },
      variable: { region: { type: 'string', default: 'eu-west-1' }, tags: { type: 'map(string)', default: { Owner: 'crm', DataClassification: 'internal' } } },
      resource: { aws_sqs_queue: { q: { name: 'q', sqs_managed_sse_enabled: true } } },
    });
    const byVar = await loadDoc(doc({ region: '${var.region}', default_tags: { tags: '${var.tags}' } }), { variables: { region: 'us-east-1' } });
    expect(byVar.providers.aws.region).toBe('us-east-1');
    expect(await findings(byVar)).toContain('CRM-CMP-001 provider.aws');
    expect((await findings(byVar)).filter((f) => f.startsWith('CRM-CMP-003'))).toEqual([]);
    const dynamic = await loadDoc(doc({ region: 'eu-west-1', dynamic: { default_tags: { for_each: '${[var.tags]}', content: { tags: '${default_tags.value}' } } } }));
    expect(dynamic.providers.aws.values.default_tags).toEqual([{ tags: { Owner: 'crm', DataClassification: 'internal' } }]);
    expect((await findings(dynamic)).filter((f) => f.startsWith('CRM-CMP-003'))).toEqual([]);
  });

  it('"dynamic" written as a list of objects (HCL-JSON) generates blocks too', async () => {
    const m = await load({
      resource: {
        aws_security_group: {
          s: { name: 's', vpc_id: 'vpc-1', dynamic: [{ ingress: { for_each: '${[22]}', content: { from_port: '${ingress.value}', to_port: '${ingress.value}', protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] } } }] },
        },
      },
    });
    expect(m.resources['aws_security_group.s'].values.ingress).toEqual([{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }]);
  });

  it('count written as a string, and a condition on a string "false", are converted as Terraform converts them', async () => {
    const m = await load({
      variable: { s: { type: 'string', default: 'false' } },
      resource: {
        aws_s3_bucket: { a: { bucket: 'a' }, b: { bucket: 'b' } },
        aws_s3_bucket_public_access_block: {
          a: { count: '0', bucket: '${aws_s3_bucket.a.id}', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
          b: { count: '${var.s ? 1 : 0}', bucket: '${aws_s3_bucket.b.id}', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
        },
      },
    });
    expect(Object.keys(m.resources)).toEqual(['aws_s3_bucket.a', 'aws_s3_bucket.b']);
  });

  it('strip markers drop the neighbouring whitespace, as in Terraform', async () => {
    const m = await load({
      variable: { env: { default: 'dev' }, names: { default: ['a', 'b'] } },
      resource: {
        aws_security_group: { s: { name: 's', vpc_id: 'vpc-1', description: 'x %{~ for n in var.names ~} ${n} %{~ endfor ~} y', ingress: [{ from_port: 22, to_port: 22, protocol: 'tcp', cidr_blocks: ['%{ if var.env == "prod" ~}0.0.0.0/0%{ else ~}10.0.0.0/8%{ endif ~}'] }] } },
      },
    });
    expect(m.resources['aws_security_group.s'].values).toMatchObject({ description: 'xaby', ingress: [expect.objectContaining({ cidr_blocks: ['10.0.0.0/8'] })] });
    expect((await findings(m)).filter((f) => f.startsWith('CRM-NET-001'))).toEqual([]);
  });

  it('a local that is one reference names that object; a local list with parts known later keeps the others', async () => {
    const m = await load({
      locals: { bucket_id: '${aws_s3_bucket.b.id}', rules: [{ port: 3389, cidr: '0.0.0.0/0', note: '${aws_s3_bucket.b.arn}' }] },
      resource: {
        aws_s3_bucket: { b: { bucket: 'b' } },
        aws_s3_bucket_public_access_block: { b: { bucket: '${local.bucket_id}', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true } },
        aws_security_group: { s: { name: 's', vpc_id: 'vpc-1', ingress: [{ from_port: '${local.rules[0].port}', to_port: '${local.rules[0].port}', protocol: 'tcp', cidr_blocks: ['${local.rules[0].cidr}'] }] } },
      },
    });
    expect(m.resources['aws_s3_bucket_public_access_block.b'].refs.bucket).toEqual(['aws_s3_bucket.b']);
    expect(m.resources['aws_security_group.s'].values.ingress).toEqual([expect.objectContaining({ from_port: 3389, cidr_blocks: ['0.0.0.0/0'] })]);
  });

  it('templatefile reads a template beside the stack, with path.module and interpolations', async () => {
    const dir = writeTree({
      'admin.tpl': '{"Version":"2012-10-17","Statement":[{"Effect":"${eff}","Action":"*","Resource":"*"}]}',
      'cdk.tf.json': JSON.stringify({
        provider: PROVIDER,
        resource: { aws_iam_policy: { p: { name: 'p', policy: '${templatefile("${path.module}/admin.tpl", {eff = "Allow"})}' } } },
      }),
    });
    const [m] = await loadInputs([path.join(dir, 'cdk.tf.json')]);
    expect(m.resources['aws_iam_policy.p'].values.policy).toBe('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}');
    expect(await findings(m)).toContain('CRM-IAM-001 aws_iam_policy.p');
  });
});

async function loadDoc(doc: JsonObject, options: Parameters<typeof loadInputs>[1] = {}): Promise<NormalizedModel> {
  const dir = writeTree({ 'cdk.tf.json': JSON.stringify(doc) });
  const [m] = await loadInputs([path.join(dir, 'cdk.tf.json')], options);
  return m;
}

describe('field round 6', () => {
  it('strip markers in template text work on one line-piece at a time, as HCL scans it', async () => {
    const m = await load({
      variable: { on: { type: 'bool', default: true } },
      resource: {
        aws_s3_bucket: {
          b: {
            bucket: 'x',
            tags: { t6: 'x\t\n %{~ if !var.on }no%{ else }  yes  %{~ endif ~} \n\t y', t8: '  ${~ "a" ~}\n  ${ "b" ~}\n\n   c\n', t10: '%{if var.on~}\r\n  x%{endif~}' },
          },
        },
      },
    });
    // Terraform 1.11's values for the same text.
    expect(m.resources['aws_s3_bucket.b'].values.tags).toEqual({ t6: 'x\t\n  yes\t y', t8: 'a  b\n   c\n', t10: '  x' });
  });

  it('count "+0" and a condition on "1" convert as cty converts them', async () => {
    const m = await load({
      resource: {
        aws_s3_bucket: { a: { bucket: 'a' } },
        aws_s3_bucket_versioning: {
          v: { count: '+0', bucket: '${aws_s3_bucket.a.id}', versioning_configuration: { status: 'Enabled' } },
          w: { count: '${"1" ? 0 : 1}', bucket: '${aws_s3_bucket.a.id}', versioning_configuration: { status: 'Enabled' } },
        },
      },
    });
    expect(Object.keys(m.resources)).toEqual(['aws_s3_bucket.a']);
  });

  it('a construct waiver on a count resource is one waiver over its instances', async () => {
    const dir = writeTree({
      'cdk.tf.json': JSON.stringify({
        provider: PROVIDER,
        resource: {
          aws_security_group: { sg: { name: 'sg', vpc_id: 'vpc-1' } },
          aws_vpc_security_group_ingress_rule: {
            r: {
              '//': { metadata: { path: 's1/r', uniqueId: 'r' }, crm_guard: { waivers: [{ rule: 'CRM-NET-003', reason: 'bastion', owner: 'netops', expires: '2099-01-01' }] } },
              count: 3,
              security_group_id: '${aws_security_group.sg.id}',
              ip_protocol: 'tcp',
              from_port: 2222,
              to_port: 2222,
              cidr_ipv4: '${count.index == 0 ? "0.0.0.0/0" : "10.0.0.0/8"}',
            },
          },
        },
      }),
    });
    const { report } = await check([path.join(dir, 'cdk.tf.json')], { today: '2026-12-04' });
    expect(report.findings.filter((f) => f.ruleId === 'CRM-NET-003').map((f) => [f.resource, f.waived !== false])).toEqual([
      ['aws_vpc_security_group_ingress_rule.r[0]', true],
      ['aws_vpc_security_group_ingress_rule.r[0]', true],
    ]);
    expect(report.summary.unusedWaivers).toBe(0);
  });

  it("a cross-stack output naming one instance resolves to that instance in the reading stack", async () => {
    const models = await loadInputs([path.join(__dirname, 'fixtures', 'cdktf-instances-out')]);
    const db = models.find((m) => m.stack === 'b')?.resources['aws_db_instance.db'];
    expect(db?.refs).toMatchObject({ kms_key_id: ['a:aws_kms_key.key["b"]'], vpc_security_group_ids: ['a:aws_security_group.sg[1]'] });
  });
});

describe('field round 7', () => {
  it('strip markers apply in every pass of a loop (a `%{~ endfor }` after a line break)', async () => {
    const m = await load({
      variable: { cidrs: { default: ['0.0.0.0/0'] } },
      resource: {
        aws_vpc_security_group_ingress_rule: {
          ssh: { security_group_id: 'sg-1', ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '%{ for c in var.cidrs ~}\n${c}\n%{~ endfor }' },
        },
        aws_s3_bucket: { b: { bucket: 'x', tags: { js: '%{ for i in [1,2] ~}\n  ${i}\n%{~ endfor }' } } },
      },
    });
    expect(m.resources['aws_vpc_security_group_ingress_rule.ssh'].values.cidr_ipv4).toBe('0.0.0.0/0');
    // Terraform 1.11 gives "  1  2" for the same template.
    expect(m.resources['aws_s3_bucket.b'].values.tags).toEqual({ js: '  1  2' });
    expect(await findings(m)).toContain('CRM-NET-001 aws_vpc_security_group_ingress_rule.ssh');
  });
});
