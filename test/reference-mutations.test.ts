/**
 * Mutation table for the reference deployment: each case flips ONE hardened property of one
 * synthesized stack of the app (the primary stack unless the case names `stack`; the app is checked
 * whole, its stacks joined) and expects the baseline rule that covers exactly that property to
 * fire on the resource that was weakened, in that stack. A case may name other rules that legitimately fire on
 * the same weakening (`also`); any other finding fails the case, so rules that over-fire show up too.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { check } from '../src/check/check';
import { PolicyEngine } from '../src/engine/engine';
import { locate, type Body } from '../stacks/constructs/test-kit';
import { referenceOut, tempDir, type TfJson } from './helpers';

type Doc = TfJson & { module?: Record<string, Body> };

interface Mutation {
  rule: string;
  what: string;
  /** Applies the weakening; returns the address the rule must report. */
  mutate: (doc: Doc) => string;
  /** Other rules the same weakening legitimately trips. */
  also?: string[];
  /** The stack weakened (default `crm-primary`); the DR site's resources are in `crm-dr`. */
  stack?: 'crm-dr';
}

/** The resource at a construct path: its address and its (mutable) body. */
function res(doc: Doc, type: string, constructPath: string): [string, Body] {
  const [name, body] = locate(doc.resource, type, constructPath);
  return [`${type}.${name}`, body];
}

function set(doc: Doc, type: string, constructPath: string, change: (body: Body) => void): string {
  const [address, body] = res(doc, type, constructPath);
  change(body);
  return address;
}

function remove(doc: Doc, type: string, constructPath: string): string {
  const [address] = res(doc, type, constructPath);
  delete doc.resource[type][address.slice(type.length + 1)];
  return address;
}

/** Rewrites a JSON-document attribute (policy, container definitions). */
function editJson<T>(body: Body, attr: string, change: (value: T) => void): void {
  const value = JSON.parse(String(body[attr])) as T;
  change(value);
  body[attr] = JSON.stringify(value);
}

type Policy = { Statement: Record<string, unknown>[] };
type Containers = Record<string, unknown>[];

const addStatement = (statement: Record<string, unknown>) => (body: Body) => editJson<Policy>(body, 'policy', (p) => p.Statement.push(statement));
const container = (change: (c: Record<string, unknown>) => void) => (body: Body) => editJson<Containers>(body, 'container_definitions', (cs) => change(cs[0]));

const mutations: Mutation[] = [
  // ENC: encryption at rest, in transit, key management
  { rule: 'CRM-ENC-001', what: 'key rotation off on the database key', mutate: (d) => set(d, 'aws_kms_key', 'primary/keys/database/key', (b) => (b.enable_key_rotation = false)) },
  {
    rule: 'CRM-ENC-002',
    what: 'the attachments key policy lets anyone decrypt',
    mutate: (d) => set(d, 'aws_kms_key', 'primary/keys/attachments/key', addStatement({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' })),
  },
  {
    rule: 'CRM-ENC-003',
    what: 'the app task role may decrypt with every key',
    mutate: (d) => set(d, 'aws_iam_role_policy', 'app/task-role/policy', addStatement({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' })),
  },
  { rule: 'CRM-ENC-004', what: 'database storage unencrypted', mutate: (d) => set(d, 'aws_db_instance', 'database/instance', (b) => (b.storage_encrypted = false)) },
  {
    rule: 'CRM-ENC-006',
    what: 'rds.force_ssl = 0 in the database parameter group',
    mutate: (d) => {
      set(d, 'aws_db_parameter_group', 'database/params', (b) => {
        for (const p of b.parameter as Body[]) if (p.name === 'rds.force_ssl') p.value = '0';
      });
      return res(d, 'aws_db_instance', 'database/instance')[0];
    },
  },
  {
    rule: 'CRM-ENC-007',
    what: 'attachments default encryption downgraded to SSE-S3',
    mutate: (d) => {
      set(d, 'aws_s3_bucket_server_side_encryption_configuration', 'primary/attachments/encryption', (b) => (b.rule = [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]));
      return res(d, 'aws_s3_bucket', 'primary/attachments/bucket')[0];
    },
    also: ['CRM-BDR-011'],
  },
  {
    rule: 'CRM-ENC-008',
    what: 'the TLS-only statement removed from the attachments bucket policy',
    mutate: (d) => {
      set(d, 'aws_s3_bucket_policy', 'primary/attachments/policy', (b) => editJson<Policy>(b, 'policy', (p) => (p.Statement = p.Statement.filter((s) => s.Sid !== 'DenyInsecureTransport'))));
      return res(d, 'aws_s3_bucket', 'primary/attachments/bucket')[0];
    },
  },
  { rule: 'CRM-ENC-009', stack: 'crm-dr', what: 'EBS encryption by default off in the DR region', mutate: (d) => set(d, 'aws_ebs_encryption_by_default', 'dr/detection/ebs-encryption', (b) => (b.enabled = false)) },
  {
    rule: 'CRM-ENC-011',
    what: 'the public listener serves plain HTTP',
    mutate: (d) =>
      set(d, 'aws_lb_listener', 'primary/edge/https', (b) => {
        b.protocol = 'HTTP';
        delete b.ssl_policy;
        delete b.certificate_arn;
      }),
    also: ['CRM-ENC-012'],
  },
  {
    rule: 'CRM-ENC-012',
    what: 'a listener rule forwards plain HTTP to the application',
    mutate: (d) => {
      const [listener] = res(d, 'aws_lb_listener', 'primary/edge/http-redirect');
      const [tg] = res(d, 'aws_lb_target_group', 'primary/edge/targets');
      d.resource.aws_lb_listener_rule = {
        http_forward: { listener_arn: `\${${listener}.arn}`, priority: 10, action: [{ type: 'forward', target_group_arn: `\${${tg}.arn}` }], condition: [{ path_pattern: { values: ['/*'] } }] },
      };
      return 'aws_lb_listener_rule.http_forward';
    },
  },
  { rule: 'CRM-ENC-013', what: 'a TLS 1.0 security policy on the HTTPS listener', mutate: (d) => set(d, 'aws_lb_listener', 'primary/edge/https', (b) => (b.ssl_policy = 'ELBSecurityPolicy-2016-08')) },
  { rule: 'CRM-ENC-014', what: 'session cache unencrypted at rest', mutate: (d) => set(d, 'aws_elasticache_replication_group', 'primary/sessions/replication-group', (b) => (b.at_rest_encryption_enabled = 'false')) },
  { rule: 'CRM-ENC-015', what: 'session cache without TLS', mutate: (d) => set(d, 'aws_elasticache_replication_group', 'primary/sessions/replication-group', (b) => (b.transit_encryption_enabled = false)) },
  { rule: 'CRM-ENC-016', what: 'the security alerts topic unencrypted', mutate: (d) => set(d, 'aws_sns_topic', 'primary/detection/alerts', (b) => delete b.kms_master_key_id) },
  { rule: 'CRM-ENC-017', what: 'the app secret on the AWS-managed key', mutate: (d) => set(d, 'aws_secretsmanager_secret', 'app-secret/secret', (b) => delete b.kms_key_id) },

  // NET: isolation, firewalls, intrusion detection
  {
    rule: 'CRM-NET-001',
    what: 'SSH opened to the internet on the load balancer group',
    mutate: (d) => {
      const [sg] = res(d, 'aws_security_group', 'primary/edge/sg');
      d.resource.aws_vpc_security_group_ingress_rule.ssh_from_anywhere = { security_group_id: `\${${sg}.id}`, ip_protocol: 'tcp', from_port: 22, to_port: 22, cidr_ipv4: '0.0.0.0/0' };
      return 'aws_vpc_security_group_ingress_rule.ssh_from_anywhere';
    },
    also: ['CRM-NET-003'],
  },
  {
    rule: 'CRM-NET-002',
    what: 'the database group admits PostgreSQL from a CIDR outside the VPC',
    mutate: (d) => {
      const [sg] = res(d, 'aws_security_group', 'database/sg');
      d.resource.aws_vpc_security_group_ingress_rule.db_from_office = { security_group_id: `\${${sg}.id}`, ip_protocol: 'tcp', from_port: 5432, to_port: 5432, cidr_ipv4: '192.168.0.0/16' };
      return 'aws_vpc_security_group_ingress_rule.db_from_office';
    },
  },
  {
    rule: 'CRM-NET-003',
    what: 'port 8080 opened to the internet on the load balancer group',
    mutate: (d) => {
      const [sg] = res(d, 'aws_security_group', 'primary/edge/sg');
      d.resource.aws_vpc_security_group_ingress_rule.alt_http = { security_group_id: `\${${sg}.id}`, ip_protocol: 'tcp', from_port: 8080, to_port: 8080, cidr_ipv4: '0.0.0.0/0' };
      return 'aws_vpc_security_group_ingress_rule.alt_http';
    },
  },
  {
    rule: 'CRM-NET-004',
    what: 'the database group may send anything anywhere',
    mutate: (d) => {
      const [sg] = res(d, 'aws_security_group', 'database/sg');
      d.resource.aws_vpc_security_group_egress_rule.db_egress_all = { security_group_id: `\${${sg}.id}`, ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0' };
      return 'aws_vpc_security_group_egress_rule.db_egress_all';
    },
  },
  {
    rule: 'CRM-NET-005',
    what: 'the default security group admits its own members',
    mutate: (d) =>
      set(d, 'aws_default_security_group', 'primary/network/default-sg', (b) => (b.ingress = [{ protocol: '-1', from_port: 0, to_port: 0, self: true, cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], description: '' }])),
  },
  {
    rule: 'CRM-NET-006',
    what: 'the admin-port deny entries removed from the default network ACL',
    mutate: (d) => set(d, 'aws_default_network_acl', 'primary/network/default-nacl', (b) => (b.ingress = (b.ingress as Body[]).filter((e) => e.action !== 'deny'))),
  },
  { rule: 'CRM-NET-007', what: 'a data subnet assigns public IPs', mutate: (d) => set(d, 'aws_subnet', 'primary/network/data-0', (b) => (b.map_public_ip_on_launch = true)) },
  {
    rule: 'CRM-NET-008',
    what: 'the data route table routes to the internet gateway',
    mutate: (d) => {
      const [igw] = res(d, 'aws_internet_gateway', 'primary/network/igw');
      set(d, 'aws_route_table', 'primary/network/data-routes', (b) => (b.route = [{ cidr_block: '0.0.0.0/0', gateway_id: `\${${igw}.id}` }]));
      return res(d, 'aws_subnet', 'primary/network/data-0')[0];
    },
  },
  { rule: 'CRM-NET-009', what: 'the database publicly accessible', mutate: (d) => set(d, 'aws_db_instance', 'database/instance', (b) => (b.publicly_accessible = true)) },
  {
    rule: 'CRM-NET-011',
    what: 'application tasks get public IPs',
    mutate: (d) => set(d, 'aws_ecs_service', 'app/service', (b) => ((b.network_configuration as Body).assign_public_ip = true)),
  },
  {
    rule: 'CRM-NET-012',
    what: 'the Secrets Manager endpoint removed',
    mutate: (d) => {
      remove(d, 'aws_vpc_endpoint', 'primary/network/endpoint-secretsmanager');
      return res(d, 'aws_vpc', 'primary/network/vpc')[0];
    },
  },
  {
    rule: 'CRM-NET-013',
    what: 'the WAF association of the primary load balancer removed',
    mutate: (d) => {
      remove(d, 'aws_wafv2_web_acl_association', 'primary/edge/waf-association');
      return res(d, 'aws_lb', 'primary/edge/alb')[0];
    },
  },
  {
    rule: 'CRM-NET-014',
    what: 'the common rule set removed from the web ACL',
    mutate: (d) => set(d, 'aws_wafv2_web_acl', 'primary/edge/waf', (b) => (b.rule = (b.rule as Body[]).filter((r) => r.name !== 'AWSManagedRulesCommonRuleSet'))),
  },
  { rule: 'CRM-NET-015', stack: 'crm-dr', what: 'GuardDuty disabled in the DR region', mutate: (d) => set(d, 'aws_guardduty_detector', 'dr/detection/guardduty', (b) => (b.enable = false)) },
  {
    rule: 'CRM-NET-016',
    what: 'GuardDuty RDS protection disabled',
    mutate: (d) => {
      set(d, 'aws_guardduty_detector_feature', 'primary/detection/guardduty-rds_login_events', (b) => (b.status = 'DISABLED'));
      return res(d, 'aws_guardduty_detector', 'primary/detection/guardduty')[0];
    },
  },
  { rule: 'CRM-NET-017', what: 'the rotation function moved out of the VPC', mutate: (d) => set(d, 'aws_lambda_function', 'app-secret/function', (b) => delete b.vpc_config) },
  {
    rule: 'CRM-NET-018',
    what: 'the rotation function invocable by any principal',
    mutate: (d) =>
      set(d, 'aws_lambda_permission', 'app-secret/invoke', (b) => {
        b.principal = '*';
        delete b.source_arn;
        delete b.source_account;
      }),
  },

  {
    rule: 'CRM-NET-019',
    what: 'the S3 endpoint policy restricts only the caller, not the buckets',
    mutate: (d) =>
      set(d, 'aws_vpc_endpoint', 'primary/network/endpoint-s3', (b) => {
        b.policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } }] });
      }),
  },

  // IAM: least privilege, credentials, resource policies
  {
    rule: 'CRM-IAM-001',
    what: 'the app task role becomes administrator',
    mutate: (d) => set(d, 'aws_iam_role_policy', 'app/task-role/policy', addStatement({ Effect: 'Allow', Action: '*', Resource: '*' })),
    also: ['CRM-ENC-003', 'CRM-IAM-002', 'CRM-IAM-003'],
  },
  {
    rule: 'CRM-IAM-002',
    what: 'the app task role gets s3:* on the attachments bucket',
    mutate: (d) => {
      const [bucket] = res(d, 'aws_s3_bucket', 'primary/attachments/bucket');
      return set(d, 'aws_iam_role_policy', 'app/task-role/policy', addStatement({ Effect: 'Allow', Action: 's3:*', Resource: `\${${bucket}.arn}/*` }));
    },
  },
  {
    rule: 'CRM-IAM-003',
    what: 'the app task role may pass any role',
    mutate: (d) => set(d, 'aws_iam_role_policy', 'app/task-role/policy', addStatement({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' })),
  },
  {
    rule: 'CRM-IAM-004',
    what: 'AdministratorAccess attached to the app task role',
    mutate: (d) => {
      const [role] = res(d, 'aws_iam_role', 'app/task-role/role');
      d.resource.aws_iam_role_policy_attachment.task_admin = { role: `\${${role}.name}`, policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
      return 'aws_iam_role_policy_attachment.task_admin';
    },
  },
  {
    rule: 'CRM-IAM-006',
    what: 'the app task role assumable by account principals without MFA',
    mutate: (d) =>
      set(d, 'aws_iam_role', 'app/task-role/role', (b) =>
        editJson<Policy>(b, 'assume_role_policy', (p) => p.Statement.push({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' })),
      ),
  },
  {
    rule: 'CRM-IAM-007',
    what: 'an IAM user with a long-lived access key',
    mutate: (d) => {
      d.resource.aws_iam_user = { deployer: { name: 'crm-deployer' } };
      d.resource.aws_iam_access_key = { deployer: { user: '${aws_iam_user.deployer.name}' } };
      return 'aws_iam_access_key.deployer';
    },
  },
  { rule: 'CRM-IAM-005', what: 'password policy length 8', mutate: (d) => set(d, 'aws_iam_account_password_policy', 'account-guardrails/password-policy', (b) => (b.minimum_password_length = 8)) },
  {
    rule: 'CRM-IAM-008',
    stack: 'crm-dr',
    what: 'Access Analyzer removed from the DR region',
    mutate: (d) => {
      remove(d, 'aws_accessanalyzer_analyzer', 'dr/detection/access-analyzer');
      // The DR stack reports it on its own provider; the primary stack, which still deploys the
      // replica and the standby there, on `provider.aws.dr`.
      return 'provider.aws';
    },
  },
  {
    rule: 'CRM-IAM-009',
    what: 'the app task role trusts everyone',
    mutate: (d) =>
      set(d, 'aws_iam_role', 'app/task-role/role', (b) =>
        editJson<Policy>(b, 'assume_role_policy', (p) => p.Statement.push({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' })),
      ),
    also: ['CRM-IAM-006'],
  },
  { rule: 'CRM-IAM-010', what: 'public policies allowed on the attachments bucket', mutate: (d) => {
      set(d, 'aws_s3_bucket_public_access_block', 'primary/attachments/public-access-block', (b) => (b.block_public_policy = false));
      return res(d, 'aws_s3_bucket', 'primary/attachments/bucket')[0];
    } },
  {
    rule: 'CRM-IAM-011',
    what: 'the account-level public access block relaxed',
    mutate: (d) => set(d, 'aws_s3_account_public_access_block', 'account-guardrails/account-public-access-block', (b) => (b.restrict_public_buckets = false)),
  },
  {
    rule: 'CRM-IAM-012',
    what: 'ACLs re-enabled on the attachments bucket',
    mutate: (d) => {
      set(d, 'aws_s3_bucket_ownership_controls', 'primary/attachments/ownership', (b) => (b.rule = { object_ownership: 'ObjectWriter' }));
      return res(d, 'aws_s3_bucket', 'primary/attachments/bucket')[0];
    },
  },
  {
    rule: 'CRM-IAM-013',
    what: 'anyone may publish to the security alerts topic',
    mutate: (d) => set(d, 'aws_sns_topic_policy', 'primary/detection/alerts-policy', addStatement({ Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: '*' })),
  },
  { rule: 'CRM-IAM-014', what: 'database IAM authentication off', mutate: (d) => set(d, 'aws_db_instance', 'database/instance', (b) => (b.iam_database_authentication_enabled = false)) },
  {
    rule: 'CRM-IAM-015',
    what: 'a master password written into the configuration',
    mutate: (d) =>
      set(d, 'aws_db_instance', 'database/instance', (b) => {
        b.manage_master_user_password = false;
        b.password = 'Sup3rS3cret!';
      }),
  },
  {
    rule: 'CRM-IAM-016',
    what: 'secret rotation every 180 days',
    mutate: (d) => {
      set(d, 'aws_secretsmanager_secret_rotation', 'app-secret/rotation', (b) => (b.rotation_rules = { automatically_after_days: 180 }));
      return res(d, 'aws_secretsmanager_secret', 'app-secret/secret')[0];
    },
  },
  {
    rule: 'CRM-IAM-017',
    what: 'a database password in a plain environment variable',
    mutate: (d) => set(d, 'aws_ecs_task_definition', 'app/task', container((c) => (c.environment as Body[]).push({ name: 'DB_PASSWORD', value: 'hunter2' }))),
  },

  // LOG: audit trail and monitoring
  { rule: 'CRM-LOG-001', what: 'the trail records one region only', mutate: (d) => set(d, 'aws_cloudtrail', 'audit-trail/trail', (b) => (b.is_multi_region_trail = false)) },
  { rule: 'CRM-LOG-002', what: 'log file validation off', mutate: (d) => set(d, 'aws_cloudtrail', 'audit-trail/trail', (b) => (b.enable_log_file_validation = false)) },
  { rule: 'CRM-LOG-003', what: 'the trail not encrypted with a CMK', mutate: (d) => set(d, 'aws_cloudtrail', 'audit-trail/trail', (b) => delete b.kms_key_id) },
  {
    rule: 'CRM-LOG-004',
    what: 'the trail stops delivering to CloudWatch Logs',
    mutate: (d) =>
      set(d, 'aws_cloudtrail', 'audit-trail/trail', (b) => {
        delete b.cloud_watch_logs_group_arn;
        delete b.cloud_watch_logs_role_arn;
      }),
    also: ['CRM-LOG-014'],
  },
  {
    rule: 'CRM-LOG-005',
    what: 'object-level events no longer recorded',
    mutate: (d) => {
      set(d, 'aws_cloudtrail', 'audit-trail/trail', (b) => (b.event_selector = [{ read_write_type: 'All', include_management_events: true }]));
      return res(d, 'aws_s3_bucket', 'primary/attachments/bucket')[0];
    },
  },
  {
    rule: 'CRM-LOG-006',
    what: 'access logging of the CloudTrail bucket removed',
    mutate: (d) => {
      remove(d, 'aws_s3_bucket_logging', 'primary/audit/access-logs');
      return res(d, 'aws_s3_bucket', 'primary/audit/bucket')[0];
    },
    also: ['CRM-LOG-010'],
  },
  {
    rule: 'CRM-LOG-007',
    what: 'the flow-log group not encrypted',
    mutate: (d) => set(d, 'aws_cloudwatch_log_group', 'primary/network/flow-logs/group', (b) => delete b.kms_key_id),
  },
  { rule: 'CRM-LOG-008', what: 'application logs kept 30 days', mutate: (d) => set(d, 'aws_cloudwatch_log_group', 'app/logs/group', (b) => (b.retention_in_days = 30)) },
  {
    rule: 'CRM-LOG-009',
    what: 'the primary VPC flow log removed',
    mutate: (d) => {
      remove(d, 'aws_flow_log', 'primary/network/flow-log');
      return res(d, 'aws_vpc', 'primary/network/vpc')[0];
    },
  },
  {
    rule: 'CRM-LOG-010',
    what: 'access logging of the attachments bucket removed',
    mutate: (d) => {
      remove(d, 'aws_s3_bucket_logging', 'primary/attachments/access-logs');
      return res(d, 'aws_s3_bucket', 'primary/attachments/bucket')[0];
    },
  },
  { rule: 'CRM-LOG-011', what: 'load balancer access logs off', mutate: (d) => set(d, 'aws_lb', 'primary/edge/alb', (b) => ((b.access_logs as Body).enabled = false)) },
  { rule: 'CRM-LOG-012', what: 'database log exports removed', mutate: (d) => set(d, 'aws_db_instance', 'database/instance', (b) => delete b.enabled_cloudwatch_logs_exports) },
  {
    rule: 'CRM-LOG-013',
    stack: 'crm-dr',
    what: 'the DR Config recorder records a subset of types',
    mutate: (d) =>
      set(d, 'aws_config_configuration_recorder', 'dr/detection/config-recorder', (b) => (b.recording_group = { all_supported: false, include_global_resource_types: false, resource_types: ['AWS::S3::Bucket'] })),
  },
  {
    rule: 'CRM-LOG-014',
    what: 'the root-usage metric filter removed',
    mutate: (d) => {
      remove(d, 'aws_cloudwatch_log_metric_filter', 'audit-trail/filter-RootAccountUsage');
      return res(d, 'aws_cloudwatch_log_group', 'audit-trail/logs/group')[0];
    },
  },
  {
    rule: 'CRM-LOG-015',
    stack: 'crm-dr',
    what: 'Security Hub findings of the DR region no longer routed',
    mutate: (d) => {
      remove(d, 'aws_cloudwatch_event_target', 'dr/detection/route-securityhub-target');
      return res(d, 'aws_securityhub_account', 'dr/detection/securityhub')[0];
    },
  },

  // BDR: backup, continuity, disaster recovery
  { rule: 'CRM-BDR-001', what: 'the database single-AZ', mutate: (d) => set(d, 'aws_db_instance', 'database/instance', (b) => (b.multi_az = false)) },
  { rule: 'CRM-BDR-002', what: 'database backups kept 3 days', mutate: (d) => set(d, 'aws_db_instance', 'database/instance', (b) => (b.backup_retention_period = 3)) },
  { rule: 'CRM-BDR-003', what: 'load balancer deletion protection off', mutate: (d) => set(d, 'aws_lb', 'primary/edge/alb', (b) => (b.enable_deletion_protection = false)) },
  {
    rule: 'CRM-BDR-004',
    what: 'both database recovery paths removed (cross-region replica and backup copy)',
    mutate: (d) => {
      remove(d, 'aws_db_instance', 'database-replica/instance');
      set(d, 'aws_backup_plan', 'backup/plan', (b) => (b.rule as Body[]).forEach((r) => delete r.copy_action));
      return res(d, 'aws_db_instance', 'database/instance')[0];
    },
    also: ['CRM-BDR-008'],
  },
  {
    rule: 'CRM-BDR-005',
    what: 'the attachments bucket dropped from the backup selection',
    mutate: (d) => {
      const [bucket] = res(d, 'aws_s3_bucket', 'primary/attachments/bucket');
      set(d, 'aws_backup_selection', 'backup/selection', (b) => (b.resources = (b.resources as string[]).filter((r) => !r.includes(bucket))));
      return bucket;
    },
  },
  {
    rule: 'CRM-BDR-020',
    what: 'the database dropped from the restore tests',
    mutate: (d) => {
      remove(d, 'aws_backup_restore_testing_selection', 'restore-testing/selection-rds');
      return res(d, 'aws_db_instance', 'database/instance')[0];
    },
  },
  {
    rule: 'CRM-BDR-020',
    what: 'restore tests only every quarter',
    mutate: (d) => {
      set(d, 'aws_backup_restore_testing_plan', 'restore-testing/plan', (b) => (b.schedule_expression = 'cron(0 5 1 */3 ? *)'));
      return res(d, 'aws_backup_restore_testing_plan', 'restore-testing/plan')[0];
    },
  },
  {
    rule: 'CRM-BDR-019',
    what: 'the replica lag alarm removed',
    mutate: (d) => {
      remove(d, 'aws_cloudwatch_metric_alarm', 'recovery-alarms/replica-lag');
      return res(d, 'aws_db_instance', 'database-replica/instance')[0];
    },
  },
  {
    rule: 'CRM-BDR-019',
    what: 'backup and copy job failures no longer routed to the responders',
    mutate: (d) => {
      remove(d, 'aws_cloudwatch_event_target', 'recovery-alarms/backup-jobs-target');
      return res(d, 'aws_backup_plan', 'backup/plan')[0];
    },
  },
  { rule: 'CRM-BDR-006', what: 'the primary vault on the AWS-managed key', mutate: (d) => set(d, 'aws_backup_vault', 'backup-vault/vault', (b) => delete b.kms_key_arn) },
  {
    rule: 'CRM-BDR-007',
    stack: 'crm-dr',
    what: 'the DR vault lock removed',
    mutate: (d) => {
      remove(d, 'aws_backup_vault_lock_configuration', 'backup-vault-dr/lock');
      return res(d, 'aws_backup_vault', 'backup-vault-dr/vault')[0];
    },
  },
  { rule: 'CRM-BDR-008', what: 'the backup copy action removed', mutate: (d) => set(d, 'aws_backup_plan', 'backup/plan', (b) => (b.rule as Body[]).forEach((r) => delete r.copy_action)) },
  {
    rule: 'CRM-BDR-009',
    what: 'attachments versioning suspended',
    mutate: (d) => {
      set(d, 'aws_s3_bucket_versioning', 'primary/attachments/versioning', (b) => (b.versioning_configuration = { status: 'Suspended' }));
      return res(d, 'aws_s3_bucket', 'primary/attachments/bucket')[0];
    },
    also: ['CRM-BDR-011'],
  },
  {
    rule: 'CRM-BDR-010',
    what: 'the audit bucket Object Lock retention removed',
    mutate: (d) => {
      remove(d, 'aws_s3_bucket_object_lock_configuration', 'primary/audit/object-lock');
      return res(d, 'aws_s3_bucket', 'primary/audit/bucket')[0];
    },
  },
  {
    rule: 'CRM-BDR-011',
    what: 'attachments replication removed',
    mutate: (d) => {
      remove(d, 'aws_s3_bucket_replication_configuration', 'primary/attachments/replication');
      return res(d, 'aws_s3_bucket', 'primary/attachments/bucket')[0];
    },
  },
  {
    rule: 'CRM-BDR-012',
    stack: 'crm-dr',
    what: 'the DR attachments bucket encrypted with the primary-region key',
    // The DR stack names a primary-region key by its ARN (the primary stack's keys are not its own).
    mutate: (d) =>
      set(d, 'aws_s3_bucket_server_side_encryption_configuration', 'dr/attachments/encryption', (b) => {
        (b.rule as Body[])[0].apply_server_side_encryption_by_default = { sse_algorithm: 'aws:kms', kms_master_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' };
      }),
  },
  { rule: 'CRM-BDR-013', what: 'session cache snapshots off', mutate: (d) => set(d, 'aws_elasticache_replication_group', 'primary/sessions/replication-group', (b) => (b.snapshot_retention_limit = 0)) },
  { rule: 'CRM-BDR-014', what: 'the load balancer in one AZ', mutate: (d) => set(d, 'aws_lb', 'primary/edge/alb', (b) => (b.subnets = (b.subnets as string[]).slice(0, 1))) },
  {
    rule: 'CRM-BDR-015',
    what: 'the SECONDARY failover record removed',
    mutate: (d) => {
      remove(d, 'aws_route53_record', 'dns/secondary');
      return res(d, 'aws_route53_record', 'dns/primary')[0];
    },
  },
  {
    rule: 'CRM-BDR-016',
    what: 'the secret replica in the DR region removed',
    mutate: (d) => set(d, 'aws_secretsmanager_secret', 'app-secret/secret', (b) => delete b.replica),
  },

  // INT: patching, malware, secure configuration
  { rule: 'CRM-INT-001', what: 'database minor upgrades off', mutate: (d) => set(d, 'aws_db_instance', 'database/instance', (b) => (b.auto_minor_version_upgrade = false)) },
  {
    rule: 'CRM-INT-004',
    what: 'Inspector no longer scans ECR images',
    mutate: (d) => {
      set(d, 'aws_inspector2_enabler', 'primary/detection/inspector', (b) => (b.resource_types = ['EC2', 'LAMBDA', 'LAMBDA_CODE']));
      return 'provider.aws';
    },
  },
  {
    rule: 'CRM-INT-005',
    what: 'malware scanning of the attachments bucket removed',
    mutate: (d) => {
      remove(d, 'aws_guardduty_malware_protection_plan', 'primary/detection/malware-scan-0');
      return res(d, 'aws_s3_bucket', 'primary/attachments/bucket')[0];
    },
  },
  { rule: 'CRM-INT-006', what: 'the container privileged', mutate: (d) => set(d, 'aws_ecs_task_definition', 'app/task', container((c) => (c.privileged = true))) },
  { rule: 'CRM-INT-007', what: 'a writable root filesystem', mutate: (d) => set(d, 'aws_ecs_task_definition', 'app/task', container((c) => (c.readonlyRootFilesystem = false))) },
  { rule: 'CRM-INT-008', what: 'the task shares the host PID namespace', mutate: (d) => set(d, 'aws_ecs_task_definition', 'app/task', (b) => (b.pid_mode = 'host')) },
  { rule: 'CRM-INT-009', what: 'the service pinned to an old Fargate platform', mutate: (d) => set(d, 'aws_ecs_service', 'app/service', (b) => (b.platform_version = '1.3.0')) },
  { rule: 'CRM-INT-010', what: 'cache minor upgrades off', mutate: (d) => set(d, 'aws_elasticache_replication_group', 'primary/sessions/replication-group', (b) => (b.auto_minor_version_upgrade = 'false')) },
  { rule: 'CRM-INT-011', what: 'the load balancer keeps invalid headers', mutate: (d) => set(d, 'aws_lb', 'primary/edge/alb', (b) => (b.drop_invalid_header_fields = false)) },
  { rule: 'CRM-INT-012', what: 'the database pinned to PostgreSQL 13 (past end of support)', mutate: (d) => set(d, 'aws_db_instance', 'database/instance', (b) => (b.engine_version = '13.15')) },
  { rule: 'CRM-INT-012', what: 'the session cache on Redis OSS 5', mutate: (d) => set(d, 'aws_elasticache_replication_group', 'primary/sessions/replication-group', (b) => (b.engine_version = '5.0.6')) },

  // CMP: residency, classification, compliance evidence
  {
    rule: 'CRM-CMP-008',
    what: 'old attachment versions kept forever',
    mutate: (d) => {
      set(d, 'aws_s3_bucket_lifecycle_configuration', 'primary/attachments/lifecycle', (b) => {
        for (const r of b.rule as Body[]) delete r.noncurrent_version_expiration;
      });
      return res(d, 'aws_s3_bucket', 'primary/attachments/bucket')[0];
    },
  },
  {
    rule: 'CRM-CMP-008',
    what: 'DR copies of recovery points kept forever',
    mutate: (d) =>
      set(d, 'aws_backup_plan', 'backup/plan', (b) => {
        for (const r of b.rule as Body[]) for (const c of r.copy_action as Body[]) delete c.lifecycle;
      }),
  },
  {
    rule: 'CRM-CMP-001',
    what: 'a provider configuration for a region outside the residency list',
    mutate: (d) => {
      d.provider.aws.push({ alias: 'us', region: 'us-west-2', allowed_account_ids: ['111122223333'] });
      return 'provider.aws.us';
    },
  },
  {
    rule: 'CRM-CMP-002',
    what: 'images replicated to a region outside the residency list',
    mutate: (d) =>
      set(d, 'aws_ecr_replication_configuration', 'registry/replication', (b) => {
        ((b.replication_configuration as Body).rule as { destination: Body[] }[])[0].destination[0].region = 'us-west-2';
      }),
    also: ['CRM-BDR-016'],
  },
  {
    rule: 'CRM-CMP-003',
    what: 'an invalid data classification on the attachments bucket',
    mutate: (d) => set(d, 'aws_s3_bucket', 'primary/attachments/bucket', (b) => (b.tags = { ...(b.tags as Body), DataClassification: 'secret' })),
  },
  {
    rule: 'CRM-CMP-004',
    what: 'Macie no longer classifies the attachments',
    mutate: (d) => {
      remove(d, 'aws_macie2_classification_job', 'primary/detection/macie-job');
      return res(d, 'aws_s3_bucket', 'primary/attachments/bucket')[0];
    },
  },
  {
    rule: 'CRM-CMP-005',
    what: 'access logs kept forever',
    mutate: (d) => {
      set(d, 'aws_s3_bucket_lifecycle_configuration', 'primary/logs/lifecycle', (b) => (b.rule as Body[]).forEach((r) => delete r.expiration));
      return res(d, 'aws_s3_bucket', 'primary/logs/bucket')[0];
    },
  },
  {
    rule: 'CRM-CMP-006',
    what: 'the DR provider no longer pinned to the account',
    mutate: (d) => {
      delete d.provider.aws.find((p) => p.alias === 'dr')?.allowed_account_ids;
      return 'provider.aws.dr';
    },
  },
  {
    rule: 'CRM-CMP-007',
    stack: 'crm-dr',
    what: 'the CIS standard unsubscribed in the DR region',
    mutate: (d) => {
      remove(d, 'aws_securityhub_standards_subscription', 'dr/detection/securityhub-cis');
      // The DR stack reports it on its own provider; the primary stack, which still deploys the
      // replica and the standby there, on `provider.aws.dr`.
      return 'provider.aws';
    },
  },

  // SUP: providers, modules, images, code, state
  {
    rule: 'CRM-SUP-001',
    what: 'the AWS provider constraint without an upper bound',
    mutate: (d) => {
      d.terraform.required_providers.aws.version = '>= 5.0';
      return 'terraform.required_providers.aws';
    },
  },
  {
    rule: 'CRM-SUP-002',
    what: 'a local-exec provisioner on the database',
    mutate: (d) => set(d, 'aws_db_instance', 'database/instance', (b) => (b.provisioner = [{ 'local-exec': { command: 'psql -f seed.sql' } }])),
  },
  {
    rule: 'CRM-SUP-003',
    what: 'a module from a git branch',
    mutate: (d) => {
      d.module = { extras: { source: 'git::https://github.com/example/terraform-extras.git?ref=main' } };
      return 'module.extras';
    },
  },
  {
    rule: 'CRM-SUP-004',
    what: 'static credentials in the DR provider',
    mutate: (d) => {
      Object.assign(d.provider.aws.find((p) => p.alias === 'dr') ?? {}, { access_key: 'AKIAIOSFODNN7EXAMPLE', secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
      return 'provider.aws.dr';
    },
  },
  { rule: 'CRM-SUP-005', what: 'mutable image tags', mutate: (d) => set(d, 'aws_ecr_repository', 'registry/repository', (b) => (b.image_tag_mutability = 'MUTABLE')) },
  {
    rule: 'CRM-SUP-006',
    what: 'the image referenced by tag',
    mutate: (d) => set(d, 'aws_ecs_task_definition', 'app/task', container((c) => (c.image = String(c.image).replace(/@sha256:[0-9a-f]+$/, ':latest')))),
  },
  { rule: 'CRM-SUP-007', what: 'code signing removed from the rotation function', mutate: (d) => set(d, 'aws_lambda_function', 'app-secret/function', (b) => delete b.code_signing_config_arn) },
  {
    rule: 'CRM-SUP-008',
    what: 'state moved to the local backend',
    mutate: (d) => {
      d.terraform.backend = { local: { path: 'terraform.tfstate' } };
      return 'terraform.backend';
    },
  },
];

let out: string;
let engine: PolicyEngine;

const STACKS = ['crm-dr', 'crm-global', 'crm-primary'] as const;
const stackFile = (dir: string, stack: string) => path.join(dir, 'stacks', stack, 'cdk.tf.json');

/** A copy of the synthesized app with one stack's document replaced. */
function appWith(stack: string, doc: Doc | null): string {
  const dir = path.join(tempDir(), 'cdktf.out');
  cpSync(out, dir, { recursive: true });
  if (doc) writeFileSync(stackFile(dir, stack), JSON.stringify(doc));
  return dir;
}

beforeAll(async () => {
  out = await referenceOut();
  engine = await PolicyEngine.load();
});

describe('reference deployment mutation table', () => {
  it('covers at least 40 hardened properties, each case naming a distinct weakening', () => {
    expect(mutations.length).toBeGreaterThanOrEqual(40);
    expect(new Set(mutations.map((m) => m.what)).size).toBe(mutations.length);
    for (const m of mutations) expect(m.rule).toMatch(/^CRM-(ENC|NET|IAM|LOG|BDR|INT|CMP|SUP)-\d{3}$/);
  });

  it('starts from an app with zero findings', async () => {
    const { report } = await check([appWith('crm-primary', null)], { engine });
    expect(report.stacks.map((s) => s.name)).toEqual([...STACKS]);
    expect(report.findings.map((f) => `${f.ruleId} ${f.resource}`)).toEqual([]);
  });

  // Exit codes are not asserted: whether a finding blocks depends on the rule's enforcement level.
  it.each(mutations)('$rule fires when $what', async ({ rule, mutate, also, stack = 'crm-primary' }) => {
    const doc = JSON.parse(readFileSync(stackFile(out, stack), 'utf8')) as Doc;
    const target = mutate(doc);
    // A remote module added by a mutation is not installed: reported (CRM-SUP-003), not exit 2.
    const { report } = await check([appWith(stack, doc)], { engine, unavailableModules: 'finding' });
    expect(report.findings.map((f) => [f.stack, f.ruleId, f.resource])).toContainEqual([stack, rule, target]);
    const allowed = new Set([rule, ...(also ?? [])]);
    expect(report.findings.map((f) => [f.ruleId, f.resource]).filter(([id]) => !allowed.has(id))).toEqual([]);
  });
});
