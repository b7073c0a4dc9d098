import { LbTargetGroup } from '@cdktn/provider-aws/lib/lb-target-group';
import { AppTier } from './app-tier';
import { RegionKeys } from './keys';
import { IsolatedNetwork } from './network';
import { at, json, ref, statements, synthConstruct, TEST_ACCOUNT } from './test-kit';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const build = (image: string) =>
  synthConstruct((s) => {
    const keys = new RegionKeys(s, 'keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-west-1' });
    const net = new IsolatedNetwork(s, 'net', { name: 'crm', cidr: '10.10.0.0/16', azs: ['eu-west-1a', 'eu-west-1b'], region: 'eu-west-1', accountId: TEST_ACCOUNT, logKey: keys.of('logs'), logRetentionDays: 365 });
    const tg = new LbTargetGroup(s, 'tg', { name: 'crm-app', port: 8443, protocol: 'HTTPS', targetType: 'ip', vpcId: net.vpc.id });
    new AppTier(s, 'app', {
      name: 'crm',
      region: 'eu-west-1',
      accountId: TEST_ACCOUNT,
      vpc: net.vpc,
      subnets: net.appSubnets,
      image,
      repositoryArn: `arn:aws:ecr:eu-west-1:${TEST_ACCOUNT}:repository/crm-app`,
      cpu: 512,
      memory: 1024,
      containerPort: 8443,
      desiredCount: 2,
      targetGroup: tg,
      s3PrefixListId: net.s3Endpoint.prefixListId,
      environment: { CRM_REGION: 'eu-west-1' },
      secrets: [{ env: 'CRM_INTEGRATION_CREDENTIALS', arn: `arn:aws:secretsmanager:eu-west-1:${TEST_ACCOUNT}:secret:crm-AbCdEf`, key: keys.of('secrets') }],
      permissions: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::crm-files/*' }],
      queueKey: keys.of('platform'),
      logKey: keys.of('logs'),
      logRetentionDays: 365,
    });
  });

describe('AppTier', () => {
  const doc = build(`${TEST_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/crm-app@${DIGEST}`);
  const [container] = json<Record<string, unknown>[]>(at(doc, 'aws_ecs_task_definition', 'app/task').container_definitions);

  it('runs on Fargate in private subnets without public IPs', () => {
    expect(at(doc, 'aws_ecs_task_definition', 'app/task')).toMatchObject({ requires_compatibilities: ['FARGATE'], network_mode: 'awsvpc' });
    expect(at(doc, 'aws_ecs_service', 'app/service')).toMatchObject({
      launch_type: 'FARGATE',
      platform_version: 'LATEST',
      enable_execute_command: false,
      network_configuration: { assign_public_ip: false, security_groups: [`${ref(doc, 'aws_security_group', 'app/sg')}id}`] },
    });
  });

  it('runs one non-privileged, read-only, capability-less, non-root container pinned by digest', () => {
    expect(container).toMatchObject({
      image: expect.stringMatching(/@sha256:[0-9a-f]{64}$/),
      privileged: false,
      readonlyRootFilesystem: true,
      user: '10001:10001',
      linuxParameters: { capabilities: { drop: ['ALL'] } },
      logConfiguration: { logDriver: 'awslogs' },
    });
  });

  it('injects secrets from Secrets Manager, never through plain environment variables', () => {
    expect(container.secrets).toEqual([{ name: 'CRM_INTEGRATION_CREDENTIALS', valueFrom: expect.stringContaining(':secret:') }]);
    for (const { name } of container.environment as { name: string }[]) expect(name).not.toMatch(/pass|secret|token|key/i);
  });

  it('scopes both roles to named resources', () => {
    for (const path of ['app/execution-role/policy', 'app/task-role/policy']) {
      for (const st of statements(at(doc, 'aws_iam_role_policy', path).policy)) {
        for (const a of [st.Action].flat()) expect(a).not.toMatch(/:\*$|^\*$/);
        if (st.Resource === '*') expect(st.Action).toBe('ecr:GetAuthorizationToken');
      }
    }
  });

  it('has a CMK-encrypted events queue with a dead-letter queue', () => {
    const platform = `${ref(doc, 'aws_kms_key', 'keys/platform/key')}arn}`;
    expect(at(doc, 'aws_sqs_queue', 'app/events')).toMatchObject({ kms_master_key_id: platform });
    expect(at(doc, 'aws_sqs_queue', 'app/events-dlq')).toMatchObject({ kms_master_key_id: platform });
  });

  it('only reaches S3 through the gateway endpoint prefix list', () => {
    expect(at(doc, 'aws_vpc_security_group_egress_rule', 'app/to-s3')).toMatchObject({ from_port: 443, prefix_list_id: expect.stringContaining('aws_vpc_endpoint') });
  });

  it('refuses images referenced by tag', () => {
    expect(() => build(`${TEST_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/crm-app:latest`)).toThrow(/pinned by digest/);
  });
});
