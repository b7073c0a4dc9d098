/**
 * Rule library v1.1: each bypass found by the audit (a violation that passed) and each false alarm,
 * run through the real wasm engine. A bypass case must make its rule fire on the named resource and
 * its fixed counterpart must leave the rule silent; a false-alarm case must stay silent while its
 * genuinely unsafe counterpart still fires.
 */
import { loadConfig, resolveConfig } from '../src/config/load';
import { PolicyEngine } from '../src/engine/engine';
import { normalizeCdktf } from '../src/model/normalize-cdktf';

type Tf = Record<string, unknown>;

interface Case {
  rule: string;
  what: string;
  /** Must fire on exactly these resources. */
  fires: Tf;
  on: string[];
  /** Must not fire. */
  silent: Tf;
}

const PROVIDER = [{ region: 'eu-west-1' }];
const PINNED = [{ region: 'eu-west-1', allowed_account_ids: ['111122223333'] }];

function envelope(tf: Tf): Tf {
  return {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, required_version: '~> 1.9' },
    provider: { aws: PROVIDER },
    ...tf,
  };
}

const sg = (cidrs: string[], port = 22): Tf => ({
  resource: { aws_security_group: { web: { vpc_id: 'vpc-0abc', ingress: [{ from_port: port, to_port: port, protocol: 'tcp', cidr_blocks: cidrs }] } } },
});
const policy = (statement: Tf): string => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const keyPolicy = (condition: Tf): string =>
  policy({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: condition });
const nacl = (entries: Tf[]): Tf => ({ resource: { aws_network_acl: { public: { vpc_id: 'vpc-0abc', ingress: entries } } } });
const tlsBucket = (condition: Tf): Tf => ({
  resource: {
    aws_s3_bucket: { files: { bucket: 'crm-files' } },
    aws_s3_bucket_policy: {
      files: {
        bucket: '${aws_s3_bucket.files.id}',
        policy: policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::crm-files', 'arn:aws:s3:::crm-files/*'], Condition: condition }),
      },
    },
  },
});
const trail = (selector: Tf): Tf => ({
  resource: {
    aws_s3_bucket: { audit: { bucket: 'crm-audit' } },
    aws_cloudtrail: { main: { name: 'crm', s3_bucket_name: '${aws_s3_bucket.audit.id}', is_multi_region_trail: true, event_selector: [selector] } },
  },
});
const task = (linuxParameters: Tf): Tf => ({
  resource: {
    aws_ecs_task_definition: {
      api: { family: 'api', container_definitions: JSON.stringify([{ name: 'api', image: 'x', linuxParameters }]) },
    },
  },
});
const publicRead = (condition: Tf): Tf => ({
  resource: {
    aws_s3_bucket: { files: { bucket: 'crm-files' } },
    aws_s3_bucket_policy: {
      files: {
        bucket: '${aws_s3_bucket.files.id}',
        policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::crm-files/*', Condition: condition }),
      },
    },
  },
});
const instanceFromTemplate = (tokens: string): Tf => ({
  resource: {
    aws_launch_template: { web: { name_prefix: 'crm-web-', metadata_options: [{ http_tokens: tokens }] } },
    aws_instance: { web: { launch_template: [{ id: '${aws_launch_template.web.id}' }] } },
  },
});
const postgresReplica = (exports: string[]): Tf => ({
  resource: {
    aws_db_instance: {
      primary: { engine: 'postgres', enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'] },
      replica: { replicate_source_db: '${aws_db_instance.primary.identifier}', enabled_cloudwatch_logs_exports: exports },
    },
  },
});

const cases: Case[] = [
  {
    rule: 'CRM-NET-001',
    what: 'SSH open to 0.0.0.0/1 + 128.0.0.0/1',
    fires: sg(['0.0.0.0/1', '128.0.0.0/1']),
    on: ['aws_security_group.web'],
    silent: sg(['10.20.0.0/16', '203.0.113.10/32']),
  },
  {
    rule: 'CRM-NET-002',
    what: 'PostgreSQL open to 0.0.0.0/1 on a non-data-tier group',
    fires: sg(['0.0.0.0/1'], 5432),
    on: ['aws_security_group.web'],
    silent: sg(['10.0.0.0/8'], 5432),
  },
  {
    rule: 'CRM-NET-003',
    what: 'SSH open to a large public range (not literally 0.0.0.0/0)',
    fires: sg(['52.0.0.0/8']),
    on: ['aws_security_group.web'],
    silent: sg(['172.16.0.0/12']),
  },
  {
    rule: 'CRM-NET-006',
    what: 'NACL allows on 0.0.0.0/1 and 128.0.0.0/1 ahead of a 0.0.0.0/0 deny',
    fires: nacl([
      { rule_no: 10, action: 'allow', protocol: 'tcp', cidr_block: '0.0.0.0/1', from_port: 22, to_port: 22 },
      { rule_no: 11, action: 'allow', protocol: 'tcp', cidr_block: '128.0.0.0/1', from_port: 22, to_port: 22 },
      { rule_no: 20, action: 'deny', protocol: '-1', cidr_block: '0.0.0.0/0', from_port: 0, to_port: 0 },
    ]),
    on: ['aws_network_acl.public'],
    silent: nacl([
      { rule_no: 5, action: 'deny', protocol: '-1', cidr_block: '0.0.0.0/0', from_port: 0, to_port: 0 },
      { rule_no: 10, action: 'allow', protocol: 'tcp', cidr_block: '0.0.0.0/1', from_port: 22, to_port: 22 },
    ]),
  },
  {
    rule: 'CRM-IAM-001',
    what: 'Action "*" with NotResource, and on Resource "arn:*" / "arn:aws:*:*:*:*"',
    fires: {
      resource: {
        aws_iam_policy: {
          not_resource: { policy: policy({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::audit/*' }) },
          any_arn: { policy: policy({ Effect: 'Allow', Action: '*', Resource: 'arn:*' }) },
          any_arn_segments: { policy: policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:*:*:*:*' }) },
        },
      },
    },
    on: ['aws_iam_policy.any_arn', 'aws_iam_policy.any_arn_segments', 'aws_iam_policy.not_resource'],
    silent: { resource: { aws_iam_policy: { scoped: { policy: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::crm/*' }) } } } },
  },
  {
    rule: 'CRM-IAM-003',
    what: 'Action "*" on Resource "arn:*" grants PassRole on every role',
    fires: { resource: { aws_iam_policy: { any_arn: { policy: policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:*:*:*:*' }) } } } },
    on: ['aws_iam_policy.any_arn'],
    silent: {
      resource: { aws_iam_policy: { scoped: { policy: policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/crm/task' }) } } },
    },
  },
  {
    rule: 'CRM-ENC-002',
    what: 'key policy open to "*" with StringLike "?*" / "o-*"',
    fires: {
      resource: {
        aws_kms_key: {
          any_account: { policy: keyPolicy({ StringLike: { 'kms:CallerAccount': '?*' } }) },
          any_org: { policy: keyPolicy({ StringLike: { 'aws:PrincipalOrgID': 'o-*' } }) },
        },
      },
    },
    on: ['aws_kms_key.any_account', 'aws_kms_key.any_org'],
    silent: { resource: { aws_kms_key: { own: { policy: keyPolicy({ StringEquals: { 'kms:CallerAccount': '111122223333' } }) } } } },
  },
  {
    rule: 'CRM-ENC-002',
    what: 'key policy open to "*" restricted to a foreign account',
    fires: {
      provider: { aws: PINNED },
      resource: { aws_kms_key: { foreign: { policy: keyPolicy({ StringEquals: { 'kms:CallerAccount': '999988887777' } }) } } },
    },
    on: ['aws_kms_key.foreign'],
    silent: {
      provider: { aws: PINNED },
      resource: { aws_kms_key: { own: { policy: keyPolicy({ StringEquals: { 'kms:CallerAccount': '111122223333' } }) } } },
    },
  },
  {
    rule: 'CRM-ENC-008',
    what: 'deny-non-TLS narrowed by an extra principal-account condition',
    fires: tlsBucket({ Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:PrincipalAccount': '111122223333' } }),
    on: ['aws_s3_bucket.files'],
    silent: tlsBucket({ Bool: { 'aws:SecureTransport': 'false' } }),
  },
  {
    rule: 'CRM-LOG-001',
    what: 'trail excluding kms.amazonaws.com management events',
    fires: trail({ read_write_type: 'All', include_management_events: true, exclude_management_event_sources: ['kms.amazonaws.com'] }),
    on: ['aws_cloudtrail.main'],
    silent: trail({ read_write_type: 'All', include_management_events: true }),
  },
  {
    rule: 'CRM-INT-006',
    what: 'capabilities.add of ALL / SYS_ADMIN',
    fires: task({ capabilities: { add: ['SYS_ADMIN', 'ALL'] } }),
    on: ['aws_ecs_task_definition.api'],
    silent: task({ capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] } }),
  },
  {
    rule: 'CRM-SUP-004',
    what: 'literal web_identity_token and a token in the remote backend',
    fires: {
      terraform: {
        required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } },
        backend: { remote: { organization: 'crm', token: 'abc.atlasv1.def' } },
      },
      provider: { aws: [{ region: 'eu-west-1', assume_role_with_web_identity: [{ role_arn: 'arn:aws:iam::111122223333:role/ci', web_identity_token: 'eyJhbGciOi.x.y' }] }] },
    },
    on: ['provider.aws', 'terraform.backend.remote'],
    silent: {
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, backend: { remote: { organization: 'crm' } } },
      provider: { aws: [{ region: 'eu-west-1', assume_role_with_web_identity: [{ role_arn: 'arn:aws:iam::111122223333:role/ci', web_identity_token_file: '/run/token' }] }] },
    },
  },
  {
    rule: 'CRM-SUP-004',
    what: 'token in the cloud block',
    fires: { terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, cloud: { organization: 'crm', token: 'abc.atlasv1.def' } } },
    on: ['terraform.backend.cloud'],
    silent: { terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, cloud: { organization: 'crm' } } },
  },
  {
    rule: 'CRM-IAM-012',
    what: 'false alarm: Principal "*" fixed by aws:PrincipalArn (any-account pattern still fires)',
    fires: publicRead({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/crm-reader' } }),
    on: ['aws_s3_bucket.files'],
    silent: publicRead({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/crm-reader' } }),
  },
  {
    rule: 'CRM-INT-002',
    what: 'false alarm: instance gets IMDSv2 from its launch template',
    fires: instanceFromTemplate('optional'),
    on: ['aws_instance.web', 'aws_launch_template.web'],
    silent: instanceFromTemplate('required'),
  },
  {
    rule: 'CRM-LOG-012',
    what: 'engine reading shared with ENC-006/IAM-014: a PostgreSQL replica takes its source engine',
    fires: postgresReplica([]),
    on: ['aws_db_instance.replica'],
    silent: postgresReplica(['postgresql', 'upgrade']),
  },
  {
    rule: 'CRM-ENC-004',
    what: 'Performance Insights on an Aurora cluster instance without a CMK',
    fires: { resource: { aws_rds_cluster_instance: { m1: { cluster_identifier: 'crm', engine: 'aurora-postgresql', performance_insights_enabled: true } } } },
    on: ['aws_rds_cluster_instance.m1'],
    silent: {
      resource: {
        aws_kms_key: { k: { enable_key_rotation: true } },
        aws_rds_cluster_instance: {
          m1: { cluster_identifier: 'crm', engine: 'aurora-postgresql', performance_insights_enabled: true, performance_insights_kms_key_id: '${aws_kms_key.k.arn}' },
        },
      },
    },
  },
];

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await PolicyEngine.load();
  engine.setConfig(loadConfig());
});

function fired(rule: string, tf: Tf, name: string): string[] {
  const model = normalizeCdktf(envelope(tf), `${name}.tf.json`, 'bypass');
  return [...new Set(engine.evaluate(model).filter((f) => f.rule.id === rule).map((f) => f.resource))].sort();
}

describe('rule library v1.1 bypasses (wasm engine)', () => {
  it.each(cases)('$rule fires: $what', ({ rule, what, fires, on }) => {
    expect(fired(rule, fires, what)).toEqual([...on].sort());
  });
  it.each(cases)('$rule stays silent once fixed: $what', ({ rule, what, silent }) => {
    expect(fired(rule, silent, what)).toEqual([]);
  });
});

describe('public address space is configurable', () => {
  afterEach(() => engine.setConfig(loadConfig()));

  it('a public /24 is the internet only when public_cidr_prefix is raised above 24', () => {
    const tf = sg(['8.8.8.0/24']);
    expect(fired('CRM-NET-001', tf, 'default')).toEqual([]);
    engine.setConfig(resolveConfig({ public_cidr_prefix: { ipv4: 25, ipv6: 48 } }));
    expect(fired('CRM-NET-001', tf, 'configured')).toEqual(['aws_security_group.web']);
  });

  it('rejects an invalid prefix size', () => {
    expect(() => resolveConfig({ public_cidr_prefix: { ipv4: 40, ipv6: 48 } })).toThrow(/public_cidr_prefix\.ipv4/);
  });
});
