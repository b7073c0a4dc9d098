/**
 * Synthetic CDKTF stacks for the benchmark: `cdk.tf.json` documents of a chosen resource count
 * with the shape `cdktf synth` writes (construct metadata, `${type.name.attr}` references, JSON
 * policy and container-definition strings, a default and a `dr` AWS provider).
 *
 * The stack is a series of "cells" (one CRM tenant slice: KMS key, VPC, two hardened buckets,
 * a PostgreSQL instance, IAM roles, an ECS service), each about 32 resources. A seeded PRNG
 * injects a few percent of deliberate defects so the rules have findings to report; the
 * generator counts the findings each defect should produce (`expected`, by rule id).
 *
 * Deterministic: the same size and seed give byte-identical output, and a smaller stack is a
 * prefix (by cell) of a larger one. Standalone use: `node dist/bench/generate.js 10000 out.json`.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

export const DEFAULT_SEED = 0x5eed_c0de;

/** Rule ids of the shipped catalog that the injected defects target. */
export const RULE = {
  backup: 'CRM-BDR-002',
  region: 'CRM-CMP-001',
  encryption: 'CRM-ENC-004',
  publicAccess: 'CRM-IAM-010',
  minorUpgrade: 'CRM-INT-001',
  logging: 'CRM-LOG-012',
  network: 'CRM-NET-009',
} as const;

type RuleId = (typeof RULE)[keyof typeof RULE];
type Body = Record<string, unknown>;

export interface GeneratedStack {
  /** The `cdk.tf.json` document. */
  doc: Record<string, unknown>;
  /** Resources in `doc.resource` (exactly the requested size). */
  resources: number;
  /** Complete cells emitted (the remainder is filled with standalone log groups). */
  cells: number;
  /** Resource type → count. */
  byType: Record<string, number>;
  /** Rule id → findings the injected defects should produce (informational, not asserted). */
  expected: Record<string, number>;
}

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STACK = 'crm-bench';
const ACCOUNT = '123456789012';
const PRIMARY_REGION = 'eu-west-1';
const DR_REGION = 'eu-central-1';

interface Planned {
  type: string;
  name: string;
  body: Body;
}

interface Component {
  items: Planned[];
  expect: Partial<Record<RuleId, number>>;
}

interface Cell {
  index: number;
  id: string;
  /** Short name used in physical resource names (`crm-c0042`). */
  short: string;
  region: string;
  /** Provider meta-argument (`aws.dr`) or undefined for the default provider. */
  provider: string | undefined;
  rng: () => number;
}

const ref = (type: string, name: string, attr: string): string => `\${${type}.${name}.${attr}}`;

/** CDKTF-style logical id: path segments below the stack joined by `_`, plus an 8-hex hash of the full path. */
function logicalId(cell: Cell, parts: readonly string[]): { name: string; path: string } {
  const path = [STACK, cell.id, ...parts].join('/');
  const hash = createHash('md5').update(path).digest('hex').slice(0, 8).toUpperCase();
  return { name: `${[cell.id, ...parts].join('_')}_${hash}`, path };
}

function plan(cell: Cell, type: string, parts: readonly string[], attrs: Body): Planned {
  const { name, path } = logicalId(cell, parts);
  const body: Body = { '//': { metadata: { path, uniqueId: name } }, ...attrs };
  if (cell.provider) body.provider = cell.provider;
  return { type, name, body };
}

function tags(cell: Cell, extra: Record<string, string> = {}): Record<string, string> {
  return { Cell: cell.short, Name: `${cell.short}-${Object.values(extra)[0] ?? 'resource'}`, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Cell components (emitted atomically, in dependency order: references only point backwards)
// ---------------------------------------------------------------------------------------------

interface CellNames {
  key: string;
  vpc: string;
  subnets: { app: string[]; data: string[] };
  sgApp: string;
  sgDb: string;
  buckets: string[];
  logGroup: string;
  execRole: string;
  taskRole: string;
}

function keys(cell: Cell, n: CellNames): Component {
  const key = plan(cell, 'aws_kms_key', ['data-key', 'key'], {
    deletion_window_in_days: 30,
    description: `${cell.short} CRM data key`,
    enable_key_rotation: true,
    rotation_period_in_days: 365,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AccountRoot', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
        {
          Sid: 'CloudWatchLogs',
          Effect: 'Allow',
          Principal: { Service: `logs.${cell.region}.amazonaws.com` },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${cell.region}:${ACCOUNT}:log-group:/ecs/${cell.short}/*` } },
        },
      ],
    }),
    tags: tags(cell, { DataDomain: 'crm' }),
  });
  n.key = key.name;
  const alias = plan(cell, 'aws_kms_alias', ['data-key', 'alias'], {
    name: `alias/${cell.short}-data`,
    target_key_id: ref('aws_kms_key', key.name, 'key_id'),
  });
  return { items: [key, alias], expect: {} };
}

function network(cell: Cell, n: CellNames): Component {
  const octet = cell.index % 250;
  const vpc = plan(cell, 'aws_vpc', ['network', 'vpc'], {
    cidr_block: `10.${octet}.0.0/16`,
    enable_dns_hostnames: true,
    enable_dns_support: true,
    tags: tags(cell, { Tier: 'network' }),
  });
  n.vpc = vpc.name;
  const items: Planned[] = [vpc];
  n.subnets = { app: [], data: [] };
  (['app', 'data'] as const).forEach((tier, t) => {
    for (let i = 0; i < 2; i++) {
      const az = `${cell.region}${'ab'[i]}`;
      const s = plan(cell, 'aws_subnet', ['network', `${tier}-${i}`], {
        availability_zone: az,
        cidr_block: `10.${octet}.${(t + 1) * 100 + i}.0/24`,
        map_public_ip_on_launch: false,
        tags: { Name: `${cell.short}-${tier}-${az}`, Tier: tier },
        vpc_id: ref('aws_vpc', vpc.name, 'id'),
      });
      n.subnets[tier].push(s.name);
      items.push(s);
    }
  });
  const sgApp = plan(cell, 'aws_security_group', ['network', 'app-sg'], {
    description: 'CRM application tier: egress to the VPC only',
    egress: [
      {
        cidr_blocks: [`10.${octet}.0.0/16`],
        description: 'VPC-internal egress',
        from_port: 0,
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        protocol: '-1',
        security_groups: [],
        self: false,
        to_port: 0,
      },
    ],
    name: `${cell.short}-app`,
    tags: { Tier: 'app' },
    vpc_id: ref('aws_vpc', vpc.name, 'id'),
  });
  const sgDb = plan(cell, 'aws_security_group', ['network', 'db-sg'], {
    description: 'CRM database: ingress only from the application tier security group',
    name: `${cell.short}-db`,
    tags: { Tier: 'data' },
    vpc_id: ref('aws_vpc', vpc.name, 'id'),
  });
  n.sgApp = sgApp.name;
  n.sgDb = sgDb.name;
  const rule = plan(cell, 'aws_security_group_rule', ['network', 'db-ingress'], {
    description: 'PostgreSQL from the application tier',
    from_port: 5432,
    protocol: 'tcp',
    security_group_id: ref('aws_security_group', sgDb.name, 'id'),
    source_security_group_id: ref('aws_security_group', sgApp.name, 'id'),
    to_port: 5432,
    type: 'ingress',
  });
  items.push(sgApp, sgDb, rule);
  return { items, expect: {} };
}

function bucket(cell: Cell, n: CellNames, purpose: string): Component {
  const expect: Partial<Record<RuleId, number>> = {};
  const b = plan(cell, 'aws_s3_bucket', [purpose, 'bucket'], {
    bucket: `${cell.short}-${purpose}-${cell.region}`,
    force_destroy: false,
    tags: tags(cell, { DataDomain: purpose }),
  });
  n.buckets.push(b.name);
  const bucketId = ref('aws_s3_bucket', b.name, 'id');
  const bucketArn = ref('aws_s3_bucket', b.name, 'arn');
  const items: Planned[] = [b];

  const r = cell.rng();
  if (r < 0.05) {
    expect[RULE.publicAccess] = 1; // no public access block at all
  } else {
    const restrict = !(r < 0.07); // 2%: one flag left false
    if (!restrict) expect[RULE.publicAccess] = 1;
    items.push(
      plan(cell, 'aws_s3_bucket_public_access_block', [purpose, 'public-access-block'], {
        block_public_acls: true,
        block_public_policy: true,
        bucket: bucketId,
        ignore_public_acls: true,
        restrict_public_buckets: restrict,
      }),
    );
  }
  items.push(
    plan(cell, 'aws_s3_bucket_server_side_encryption_configuration', [purpose, 'encryption'], {
      bucket: bucketId,
      rule: [
        {
          apply_server_side_encryption_by_default: { kms_master_key_id: ref('aws_kms_key', n.key, 'arn'), sse_algorithm: 'aws:kms' },
          bucket_key_enabled: true,
        },
      ],
    }),
    plan(cell, 'aws_s3_bucket_versioning', [purpose, 'versioning'], {
      bucket: bucketId,
      versioning_configuration: { status: 'Enabled' },
    }),
    plan(cell, 'aws_s3_bucket_policy', [purpose, 'tls-only'], {
      bucket: bucketId,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucketArn, `${bucketArn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'DenyUnencryptedUploads',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:PutObject',
            Resource: `${bucketArn}/*`,
            Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
          },
        ],
      }),
    }),
    plan(cell, 'aws_s3_bucket_ownership_controls', [purpose, 'ownership'], {
      bucket: bucketId,
      rule: { object_ownership: 'BucketOwnerEnforced' },
    }),
  );
  return { items, expect };
}

const INSTANCE_CLASSES = ['db.r6g.large', 'db.r6g.xlarge', 'db.m6g.large', 'db.r7g.large'];

function database(cell: Cell, n: CellNames): Component {
  const expect: Partial<Record<RuleId, number>> = {};
  const add = (rule: RuleId): void => {
    expect[rule] = (expect[rule] ?? 0) + 1;
  };
  const subnets = plan(cell, 'aws_db_subnet_group', ['database', 'subnets'], {
    name: `${cell.short}-db-data`,
    subnet_ids: n.subnets.data.map((s) => ref('aws_subnet', s, 'id')),
    tags: { Tier: 'data' },
  });
  const params = plan(cell, 'aws_db_parameter_group', ['database', 'params'], {
    family: 'postgres16',
    name: `${cell.short}-db-pg16`,
    parameter: [
      { name: 'rds.force_ssl', value: '1' },
      { name: 'log_connections', value: '1' },
      { name: 'log_disconnections', value: '1' },
      { name: 'log_min_duration_statement', value: '2000' },
    ],
  });
  const keyArn = ref('aws_kms_key', n.key, 'arn');
  const attrs: Body = {
    allocated_storage: 100 + (cell.index % 5) * 50,
    auto_minor_version_upgrade: true,
    backup_retention_period: 14,
    copy_tags_to_snapshot: true,
    db_subnet_group_name: ref('aws_db_subnet_group', subnets.name, 'name'),
    deletion_protection: true,
    enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
    engine: 'postgres',
    engine_version: '16.4',
    final_snapshot_identifier: `${cell.short}-db-final`,
    iam_database_authentication_enabled: true,
    identifier: `${cell.short}-db`,
    instance_class: INSTANCE_CLASSES[cell.index % INSTANCE_CLASSES.length],
    kms_key_id: keyArn,
    manage_master_user_password: true,
    master_user_secret_kms_key_id: keyArn,
    multi_az: true,
    parameter_group_name: ref('aws_db_parameter_group', params.name, 'name'),
    performance_insights_enabled: true,
    performance_insights_kms_key_id: keyArn,
    publicly_accessible: false,
    skip_final_snapshot: false,
    storage_encrypted: true,
    storage_type: 'gp3',
    tags: tags(cell, { DataDomain: 'database' }),
    username: 'crm_admin',
    vpc_security_group_ids: [ref('aws_security_group', n.sgDb, 'id')],
  };
  const rng = cell.rng;
  const enc = rng();
  if (enc < 0.05) {
    attrs.storage_encrypted = false;
    delete attrs.kms_key_id;
    add(RULE.encryption);
  } else if (enc < 0.08) {
    delete attrs.kms_key_id; // encrypted with the AWS-managed key
    add(RULE.encryption);
  }
  const backup = rng();
  if (backup < 0.03) {
    attrs.backup_retention_period = 3;
    add(RULE.backup);
  } else if (backup < 0.04) {
    attrs.backup_retention_period = '${var.backup_retention_days}'; // a variable without a default: given at plan time, unverifiable here
    add(RULE.backup);
  }
  if (rng() < 0.02) {
    attrs.publicly_accessible = true;
    add(RULE.network);
  }
  if (rng() < 0.01) {
    delete attrs.db_subnet_group_name;
    add(RULE.network);
  }
  if (rng() < 0.02) {
    attrs.auto_minor_version_upgrade = false;
    add(RULE.minorUpgrade);
  }
  if (rng() < 0.03) {
    attrs.enabled_cloudwatch_logs_exports = ['postgresql'];
    add(RULE.logging);
  }
  const instance = plan(cell, 'aws_db_instance', ['database', 'instance'], attrs);
  return { items: [subnets, params, instance], expect };
}

const ASSUME_ECS_TASKS = (cell: Cell): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': `arn:aws:ecs:${cell.region}:${ACCOUNT}:*` },
        },
      },
    ],
  });

function iam(cell: Cell, n: CellNames): Component {
  const exec = plan(cell, 'aws_iam_role', ['service', 'exec-role'], {
    assume_role_policy: ASSUME_ECS_TASKS(cell),
    name: `${cell.short}-task-exec`,
    tags: tags(cell, { Purpose: 'ecs-task-execution' }),
  });
  const attach = plan(cell, 'aws_iam_role_policy_attachment', ['service', 'exec-managed'], {
    policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
    role: ref('aws_iam_role', exec.name, 'name'),
  });
  const task = plan(cell, 'aws_iam_role', ['service', 'task-role'], {
    assume_role_policy: ASSUME_ECS_TASKS(cell),
    name: `${cell.short}-task`,
    tags: tags(cell, { Purpose: 'ecs-task' }),
  });
  const bucketArns = n.buckets.flatMap((b) => [ref('aws_s3_bucket', b, 'arn'), `${ref('aws_s3_bucket', b, 'arn')}/*`]);
  const inline = plan(cell, 'aws_iam_role_policy', ['service', 'task-data-access'], {
    name: 'crm-data-access',
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Objects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'], Resource: bucketArns },
        { Sid: 'Key', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: ref('aws_kms_key', n.key, 'arn') },
      ],
    }),
    role: ref('aws_iam_role', task.name, 'id'),
  });
  n.execRole = exec.name;
  n.taskRole = task.name;
  return { items: [exec, attach, task, inline], expect: {} };
}

function ecs(cell: Cell, n: CellNames): Component {
  const expect: Partial<Record<RuleId, number>> = {};
  const logAttrs: Body = {
    kms_key_id: ref('aws_kms_key', n.key, 'arn'),
    name: `/ecs/${cell.short}/api`,
    retention_in_days: 365,
    tags: tags(cell, { Purpose: 'logs' }),
  };
  if (cell.rng() < 0.005) {
    logAttrs.region = 'us-east-1'; // resource-level region outside the residency list
    expect[RULE.region] = 1;
  }
  const logs = plan(cell, 'aws_cloudwatch_log_group', ['service', 'logs'], logAttrs);
  n.logGroup = logs.name;
  const cluster = plan(cell, 'aws_ecs_cluster', ['service', 'cluster'], {
    name: `${cell.short}-cluster`,
    setting: [{ name: 'containerInsights', value: 'enabled' }],
    tags: tags(cell, { Purpose: 'compute' }),
  });
  const awslogs = (prefix: string): Body => ({
    logDriver: 'awslogs',
    options: { 'awslogs-group': ref('aws_cloudwatch_log_group', logs.name, 'name'), 'awslogs-region': cell.region, 'awslogs-stream-prefix': prefix },
  });
  const sidecarLogs = !(cell.rng() < 0.05);
  if (!sidecarLogs) expect[RULE.logging] = 1;
  const containers = [
    {
      name: 'api',
      image: `${ACCOUNT}.dkr.ecr.${cell.region}.amazonaws.com/crm/api:1.${cell.index % 60}.0`,
      essential: true,
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: 8443, protocol: 'tcp' }],
      environment: [
        { name: 'CRM_CELL', value: cell.short },
        { name: 'ATTACHMENTS_BUCKET', value: ref('aws_s3_bucket', n.buckets[0], 'bucket') },
        { name: 'EXPORTS_BUCKET', value: ref('aws_s3_bucket', n.buckets[1], 'bucket') },
      ],
      logConfiguration: awslogs('api'),
    },
    {
      name: 'otel-collector',
      image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0',
      essential: false,
      readonlyRootFilesystem: true,
      ...(sidecarLogs ? { logConfiguration: awslogs('otel') } : {}),
    },
  ];
  const task = plan(cell, 'aws_ecs_task_definition', ['service', 'task'], {
    container_definitions: JSON.stringify(containers),
    cpu: '512',
    execution_role_arn: ref('aws_iam_role', n.execRole, 'arn'),
    family: `${cell.short}-api`,
    memory: '1024',
    network_mode: 'awsvpc',
    requires_compatibilities: ['FARGATE'],
    runtime_platform: { cpu_architecture: 'ARM64', operating_system_family: 'LINUX' },
    tags: tags(cell, { Purpose: 'compute' }),
    task_role_arn: ref('aws_iam_role', n.taskRole, 'arn'),
  });
  return { items: [logs, cluster, task], expect };
}

const COMPONENTS: ReadonlyArray<(cell: Cell, n: CellNames) => Component> = [
  keys,
  network,
  (c, n) => bucket(c, n, 'attachments'),
  (c, n) => bucket(c, n, 'exports'),
  database,
  iam,
  ecs,
];

// ---------------------------------------------------------------------------------------------

function sortObject<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/** A CDKTF-shaped document with exactly `size` resources. */
export function generateCdktf(size: number, seed: number = DEFAULT_SEED): GeneratedStack {
  if (!Number.isInteger(size) || size < 1) throw new Error(`size must be a positive integer, got ${size}`);
  const rng = mulberry32(seed);
  const resource: Record<string, Record<string, Body>> = {};
  const byType: Record<string, number> = {};
  const expected: Record<string, number> = {};
  let count = 0;
  let cells = 0;
  let full = false;

  const commit = (items: readonly Planned[]): void => {
    for (const it of items) {
      (resource[it.type] ??= {})[it.name] = it.body;
      byType[it.type] = (byType[it.type] ?? 0) + 1;
    }
    count += items.length;
  };

  for (let c = 0; !full; c++) {
    const dr = c % 5 === 4; // every fifth cell lives in the DR region through the aliased provider
    const cell: Cell = {
      index: c,
      id: `cell-${String(c).padStart(4, '0')}`,
      short: `crm-c${String(c).padStart(4, '0')}`,
      region: dr ? DR_REGION : PRIMARY_REGION,
      provider: dr ? 'aws.dr' : undefined,
      rng,
    };
    const names: CellNames = { key: '', vpc: '', subnets: { app: [], data: [] }, sgApp: '', sgDb: '', buckets: [], logGroup: '', execRole: '', taskRole: '' };
    for (const make of COMPONENTS) {
      const comp = make(cell, names);
      if (count + comp.items.length > size) {
        full = true;
        break;
      }
      commit(comp.items);
      for (const [rule, k] of Object.entries(comp.expect)) expected[rule] = (expected[rule] ?? 0) + (k ?? 0);
    }
    if (!full) cells++;
    if (count === size) full = true;
  }

  // Fill the remainder (less than one component) with standalone, compliant log groups.
  for (let i = 0; count < size; i++) {
    const name = `filler_log-group-${i}`;
    commit([
      {
        type: 'aws_cloudwatch_log_group',
        name,
        body: { '//': { metadata: { path: `${STACK}/filler/log-group-${i}`, uniqueId: name } }, name: `/crm/filler/${i}`, retention_in_days: 365 },
      },
    ]);
  }

  const sortedResources: Record<string, Record<string, Body>> = {};
  for (const type of Object.keys(resource).sort()) sortedResources[type] = sortObject(resource[type]);

  const defaultTags = [{ tags: { CostCenter: 'crm', DataClassification: 'confidential', Environment: 'prod', Owner: 'crm-platform' } }];
  const doc: Record<string, unknown> = {
    '//': {
      metadata: { backend: 's3', stackName: STACK, version: '0.21.0' },
      outputs: {},
    },
    provider: {
      aws: [
        { default_tags: defaultTags, region: PRIMARY_REGION },
        { alias: 'dr', default_tags: defaultTags, region: DR_REGION },
      ],
    },
    resource: sortedResources,
    terraform: {
      backend: {
        s3: { bucket: 'crm-terraform-state', encrypt: true, key: `${STACK}/terraform.tfstate`, region: PRIMARY_REGION, use_lockfile: true },
      },
      required_providers: { aws: { source: 'aws', version: '6.25.0' } },
      required_version: '~> 1.9',
    },
    variable: {
      backup_retention_days: { description: 'Automated backup retention for tenant databases (given per environment at plan time)', type: 'number' },
    },
  };
  return { doc, resources: count, cells, byType: sortObject(byType), expected: sortObject(expected) };
}

export interface WrittenStack extends Omit<GeneratedStack, 'doc'> {
  file: string;
  bytes: number;
}

/** Generates and writes a stack pretty-printed like `cdktf synth` (2-space indent). */
export function writeCdktf(size: number, file: string, seed: number = DEFAULT_SEED): WrittenStack {
  const { doc, ...meta } = generateCdktf(size, seed);
  const text = JSON.stringify(doc, null, 2);
  writeFileSync(file, text);
  return { ...meta, file, bytes: Buffer.byteLength(text) };
}

if (require.main === module) {
  const [sizeArg, out] = process.argv.slice(2);
  const size = Number(sizeArg);
  if (!out || !Number.isInteger(size) || size < 1) {
    process.stderr.write('usage: node dist/bench/generate.js <resources> <out.json>\n');
    process.exit(2);
  }
  const w = writeCdktf(size, out);
  process.stdout.write(`${JSON.stringify({ file: w.file, bytes: w.bytes, resources: w.resources, cells: w.cells, expected: w.expected }, null, 2)}\n`);
}
