/**
 * Which resources a framework control is about. A Security Hub (FSBP) control id names its service
 * (`DynamoDB.4`, `CloudTrail.6`), and a rule mapped to several services' controls (backup-plan
 * coverage maps RDS.26, EFS.2, DynamoDB.4) must not pass or fail a control for a service the input
 * does not contain. Services whose controls are account-wide (EC2, IAM, GuardDuty, Config, ...) are
 * deliberately absent: their controls keep the rule-level scope.
 */
const FSBP_SERVICE_TYPES: Readonly<Record<string, readonly string[]>> = {
  AutoScaling: ['aws_autoscaling_group', 'aws_launch_configuration', 'aws_launch_template'],
  CloudTrail: ['aws_cloudtrail'],
  DynamoDB: ['aws_dynamodb_table'],
  ECR: ['aws_ecr_repository', 'aws_ecr_registry_scanning_configuration'],
  ECS: ['aws_ecs_cluster', 'aws_ecs_service', 'aws_ecs_task_definition'],
  EFS: ['aws_efs_file_system', 'aws_efs_access_point', 'aws_efs_mount_target'],
  ElastiCache: ['aws_elasticache_replication_group', 'aws_elasticache_cluster', 'aws_elasticache_serverless_cache'],
  ELB: ['aws_lb', 'aws_alb', 'aws_elb', 'aws_lb_listener', 'aws_alb_listener'],
  KMS: ['aws_kms_key', 'aws_kms_replica_key', 'aws_kms_key_policy'],
  Lambda: ['aws_lambda_function', 'aws_lambda_permission', 'aws_lambda_function_url'],
  RDS: ['aws_db_instance', 'aws_rds_cluster', 'aws_rds_cluster_instance', 'aws_db_proxy', 'aws_db_snapshot', 'aws_db_event_subscription'],
  S3: ['aws_s3_bucket'],
  SecretsManager: ['aws_secretsmanager_secret'],
  SNS: ['aws_sns_topic'],
  SQS: ['aws_sqs_queue'],
};

const SERVICE_OF_TYPE = new Map<string, string>(Object.entries(FSBP_SERVICE_TYPES).flatMap(([service, types]) => types.map((t) => [t, service] as const)));

export interface ControlScope {
  service: string;
  types: readonly string[];
}

/**
 * The resources a control is about, or undefined when the control's scope is the rule's own
 * (frameworks without service-named ids, and account-wide services).
 */
export function controlScope(framework: string, control: string): ControlScope | undefined {
  if (framework !== 'aws-fsbp') return undefined;
  const service = control.split('.')[0];
  const types = FSBP_SERVICE_TYPES[service];
  return types ? { service, types } : undefined;
}

/**
 * Whether a finding on a resource of `resourceType` bears on a scoped control: not when the
 * resource belongs to another service (a backup-coverage finding on a database says nothing about
 * DynamoDB.4); split resources of the service (bucket policies, ...) and configuration-level
 * anchors (`provider.aws`) do.
 */
export function findingInScope(scope: ControlScope, resourceType: string): boolean {
  const owner = SERVICE_OF_TYPE.get(resourceType);
  return owner === undefined || owner === scope.service;
}
