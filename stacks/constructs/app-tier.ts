import { EcsCluster } from '@cdktn/provider-aws/lib/ecs-cluster';
import { EcsService } from '@cdktn/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktn/provider-aws/lib/ecs-task-definition';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import type { LbTargetGroup } from '@cdktn/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { SqsQueue } from '@cdktn/provider-aws/lib/sqs-queue';
import type { Subnet } from '@cdktn/provider-aws/lib/subnet';
import type { Vpc } from '@cdktn/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktn/provider-aws/lib/vpc-security-group-egress-rule';
import type { ITerraformDependable, TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from './log-group';
import { type PolicyStatement, ServiceRole } from './service-role';

export interface AppSecretRef {
  /** Environment variable the container sees (from `secrets`, never `environment`). */
  env: string;
  /** ARN of the secret in this tier's region. */
  arn: string;
  /** The secrets-domain key in this tier's region. */
  key: KmsKey;
}

export interface AppTierProps {
  /** Name prefix, e.g. `crm-prod`. */
  name: string;
  region: string;
  accountId: string;
  vpc: Vpc;
  /** Private app-tier subnets (≥ 2 AZs). */
  subnets: Subnet[];
  /** Image reference pinned by digest (`<registry>/<repo>@sha256:...`). */
  image: string;
  /** ARN of the ECR repository in this region (the execution role may pull only from it). */
  repositoryArn: string;
  cpu: number;
  memory: number;
  containerPort: number;
  desiredCount: number;
  /** Target group of the load balancer in front (HTTPS to the container). */
  targetGroup: LbTargetGroup;
  /** The listener must exist before the service registers targets. */
  dependsOn?: ITerraformDependable[];
  /** S3 gateway endpoint prefix list: the only internet-range destination the tasks may reach. */
  s3PrefixListId: string;
  /** Non-secret runtime configuration (endpoints, names). */
  environment: Record<string, string>;
  secrets: AppSecretRef[];
  /** Data the task role may touch, each action on the named resources only. */
  permissions: PolicyStatement[];
  /** Key for the events queue (platform domain). */
  queueKey: KmsKey;
  logKey: KmsKey;
  logRetentionDays: number;
  provider?: TerraformProvider;
}

/**
 * The CRM application on ECS Fargate in private subnets: a non-privileged container with a
 * read-only root filesystem (a tmpfs-like volume for /tmp), all Linux capabilities dropped, a
 * non-root user, the image pinned by digest, secrets injected from Secrets Manager, logs to an
 * encrypted group; no public IPs, egress only to chained groups and the S3 endpoint. Also the
 * CRM's encrypted event queue with its dead-letter queue.
 */
export class AppTier extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly service: EcsService;
  readonly taskDefinition: EcsTaskDefinition;
  readonly queue: SqsQueue;
  readonly taskRole: ServiceRole;

  constructor(scope: Construct, id: string, props: AppTierProps) {
    super(scope, id);
    if (!/@sha256:[0-9a-f]{64}$/.test(props.image)) throw new Error(`AppTier ${props.name}: image must be pinned by digest, got ${props.image}`);
    const provider = props.provider;

    this.securityGroup = new SecurityGroup(this, 'sg', {
      provider,
      name: `${props.name}-app`,
      description: 'CRM application tasks: ingress only from the load balancer group',
      vpcId: props.vpc.id,
      tags: { Tier: 'app', Name: `${props.name}-app` },
    });
    new VpcSecurityGroupEgressRule(this, 'to-s3', {
      provider,
      securityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      prefixListId: props.s3PrefixListId,
      description: 'S3 through the gateway endpoint',
    });

    const dlq = new SqsQueue(this, 'events-dlq', {
      provider,
      name: `${props.name}-events-dlq`,
      kmsMasterKeyId: props.queueKey.arn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: 1209600,
    });
    this.queue = new SqsQueue(this, 'events', {
      provider,
      name: `${props.name}-events`,
      kmsMasterKeyId: props.queueKey.arn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: 345600,
      visibilityTimeoutSeconds: 120,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }),
    });

    const logs = new EncryptedLogGroup(this, 'logs', { name: `/crm/${props.name}/${props.region}/app`, key: props.logKey, retentionDays: props.logRetentionDays, provider });
    const execution = new ServiceRole(this, 'execution-role', {
      name: `${props.name}-app-execution-${props.region}`,
      service: 'ecs-tasks.amazonaws.com',
      sourceAccount: props.accountId,
      description: 'ECS pulls the CRM image, writes its logs and injects its secrets',
      statements: [
        { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        { Sid: 'PullTheCrmImage', Effect: 'Allow', Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: props.repositoryArn },
        { Sid: 'WriteAppLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logs.group.arn}:*` },
        ...(props.secrets.length > 0
          ? [
              { Sid: 'ReadAppSecrets', Effect: 'Allow' as const, Action: 'secretsmanager:GetSecretValue', Resource: props.secrets.map((s) => s.arn) },
              {
                Sid: 'DecryptAppSecrets',
                Effect: 'Allow' as const,
                Action: 'kms:Decrypt',
                Resource: [...new Set(props.secrets.map((s) => s.key.arn))],
                Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
              },
            ]
          : []),
      ],
      provider,
    });
    this.taskRole = new ServiceRole(this, 'task-role', {
      name: `${props.name}-app-task-${props.region}`,
      service: 'ecs-tasks.amazonaws.com',
      sourceAccount: props.accountId,
      description: 'The CRM application: its own data, nothing else',
      statements: [
        {
          Sid: 'UseTheEventsQueue',
          Effect: 'Allow',
          Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
          Resource: this.queue.arn,
        },
        {
          Sid: 'EncryptQueueMessages',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: props.queueKey.arn,
          Condition: { StringEquals: { 'kms:ViaService': `sqs.${props.region}.amazonaws.com` } },
        },
        ...props.permissions,
      ],
      provider,
    });

    const container = {
      name: 'crm-app',
      image: props.image,
      essential: true,
      privileged: false,
      readonlyRootFilesystem: true,
      user: '10001:10001',
      linuxParameters: { capabilities: { drop: ['ALL'] }, initProcessEnabled: true },
      portMappings: [{ containerPort: props.containerPort, protocol: 'tcp', name: 'https' }],
      mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }],
      environment: Object.entries(props.environment)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, value]) => ({ name, value })),
      secrets: props.secrets.map((s) => ({ name: s.env, valueFrom: s.arn })),
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': logs.group.name, 'awslogs-region': props.region, 'awslogs-stream-prefix': 'app' },
      },
      healthCheck: { command: ['CMD', '/app/bin/healthcheck'], interval: 30, timeout: 5, retries: 3, startPeriod: 30 },
    };
    this.taskDefinition = new EcsTaskDefinition(this, 'task', {
      provider,
      family: `${props.name}-app`,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(props.cpu),
      memory: String(props.memory),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' },
      executionRoleArn: execution.role.arn,
      taskRoleArn: this.taskRole.role.arn,
      volume: [{ name: 'tmp' }],
      containerDefinitions: JSON.stringify([container]),
    });

    const cluster = new EcsCluster(this, 'cluster', {
      provider,
      name: `${props.name}-app`,
      setting: [{ name: 'containerInsights', value: 'enhanced' }],
    });
    this.service = new EcsService(this, 'service', {
      provider,
      name: `${props.name}-app`,
      cluster: cluster.id,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: props.desiredCount,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: { subnets: props.subnets.map((s) => s.id), securityGroups: [this.securityGroup.id], assignPublicIp: false },
      loadBalancer: [{ targetGroupArn: props.targetGroup.arn, containerName: 'crm-app', containerPort: props.containerPort }],
      healthCheckGracePeriodSeconds: 60,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      enableExecuteCommand: false,
      enableEcsManagedTags: true,
      propagateTags: 'SERVICE',
      dependsOn: props.dependsOn,
    });
  }
}
