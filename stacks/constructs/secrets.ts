import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { LambdaCodeSigningConfig } from '@cdktn/provider-aws/lib/lambda-code-signing-config';
import { LambdaFunction } from '@cdktn/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktn/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecret } from '@cdktn/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretRotation } from '@cdktn/provider-aws/lib/secretsmanager-secret-rotation';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { SignerSigningProfile } from '@cdktn/provider-aws/lib/signer-signing-profile';
import type { Subnet } from '@cdktn/provider-aws/lib/subnet';
import type { Vpc } from '@cdktn/provider-aws/lib/vpc';
import { Fn, TerraformLocal, type TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from './log-group';
import { SecurityGroupLink } from './sg-chain';
import { ServiceRole } from './service-role';

export interface RotatedSecretProps {
  /** Secret name, e.g. `crm-prod/app/integration`. */
  name: string;
  description: string;
  region: string;
  accountId: string;
  /** Key of the secrets domain in the secret's region. */
  key: KmsKey;
  /** A read-only replica kept in the DR region, encrypted with that region's key. */
  replica: { region: string; key: KmsKey };
  rotation: {
    /** Days between rotations (≤ 90). */
    everyDays: number;
    /** The signed rotation function package (AWS Signer, published by CI). */
    artefact: { s3Bucket: string; s3Key: string; s3ObjectVersion: string };
    vpc: Vpc;
    /** Private app-tier subnets (≥ 2 AZs) the function runs in. */
    subnets: Subnet[];
    /** The interface endpoints' group: the function reaches Secrets Manager and KMS only through it. */
    endpointSecurityGroup: SecurityGroup;
    logKey: KmsKey;
    logRetentionDays: number;
  };
  provider?: TerraformProvider;
}

/**
 * A Secrets Manager secret on a CMK, replicated to the DR region under that region's key, and
 * rotated on a schedule by a code-signed Lambda function that runs inside the VPC and reaches AWS
 * only through VPC endpoints.
 */
export class RotatedSecret extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly rotationFunction: LambdaFunction;
  /** ARN of the replica in the DR region (same name and suffix, other region). */
  readonly replicaArn: string;

  constructor(scope: Construct, id: string, props: RotatedSecretProps) {
    super(scope, id);
    const provider = props.provider;
    const rot = props.rotation;
    if (rot.everyDays < 1 || rot.everyDays > 90) throw new Error(`RotatedSecret ${props.name}: rotation must run at least every 90 days`);
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      provider,
      name: props.name,
      description: props.description,
      kmsKeyId: props.key.arn,
      recoveryWindowInDays: 30,
      replica: [{ region: props.replica.region, kmsKeyId: props.replica.key.arn }],
      forceOverwriteReplicaSecret: false,
    });
    // A replica keeps the secret's name and suffix; only the region differs. Held in a local so
    // JSON documents (policies, task definitions) reference it without embedding a function call.
    this.replicaArn = new TerraformLocal(this, 'replica-arn', Fn.replace(this.secret.arn, `:${props.region}:`, `:${props.replica.region}:`)).asString;

    const fnName = `${props.name.replace(/[^A-Za-z0-9-_]/g, '-')}-rotation`.slice(0, 64);
    const signing = new SignerSigningProfile(this, 'signing-profile', {
      provider,
      name: fnName.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 64),
      platformId: 'AWSLambda-SHA384-ECDSA',
      signatureValidityPeriod: { type: 'MONTHS', value: 135 },
    });
    const codeSigning = new LambdaCodeSigningConfig(this, 'code-signing', {
      provider,
      description: `Only ${fnName} packages signed by the CRM signing profile deploy`,
      allowedPublishers: { signingProfileVersionArns: [signing.versionArn] },
      policies: { untrustedArtifactOnDeployment: 'Enforce' },
    });
    const sg = new SecurityGroup(this, 'sg', {
      provider,
      name: fnName,
      description: 'Secret rotation function: HTTPS to the VPC endpoints only, no ingress',
      vpcId: rot.vpc.id,
      tags: { Tier: 'app', Name: fnName },
    });
    new SecurityGroupLink(this, 'to-endpoints', { from: sg, to: rot.endpointSecurityGroup, port: 443, description: 'rotation function to VPC endpoints', provider });
    const logs = new EncryptedLogGroup(this, 'logs', { name: `/aws/lambda/${fnName}`, key: rot.logKey, retentionDays: rot.logRetentionDays, provider });
    const role = new ServiceRole(this, 'role', {
      name: `${fnName}-${props.region}`.slice(0, 64),
      service: 'lambda.amazonaws.com',
      description: `Rotation of ${props.name}`,
      statements: [
        {
          Sid: 'RotateThisSecret',
          Effect: 'Allow',
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
          Resource: this.secret.arn,
        },
        { Sid: 'GeneratePasswords', Effect: 'Allow', Action: 'secretsmanager:GetRandomPassword', Resource: '*' },
        {
          Sid: 'UseTheSecretsKey',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: props.key.arn,
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${props.region}.amazonaws.com` } },
        },
        { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logs.group.arn}:*` },
        {
          Sid: 'RunInsideTheVpc',
          Effect: 'Allow',
          Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
          Resource: '*',
        },
      ],
      provider,
    });
    this.rotationFunction = new LambdaFunction(this, 'function', {
      provider,
      functionName: fnName,
      description: `Rotates ${props.name}`,
      role: role.role.arn,
      runtime: 'python3.12',
      architectures: ['arm64'],
      handler: 'rotation.lambda_handler',
      s3Bucket: rot.artefact.s3Bucket,
      s3Key: rot.artefact.s3Key,
      s3ObjectVersion: rot.artefact.s3ObjectVersion,
      codeSigningConfigArn: codeSigning.arn,
      timeout: 60,
      memorySize: 256,
      vpcConfig: { subnetIds: rot.subnets.map((s) => s.id), securityGroupIds: [sg.id] },
      loggingConfig: { logFormat: 'JSON', logGroup: logs.group.name },
      dependsOn: [logs.group],
    });
    const permission = new LambdaPermission(this, 'invoke', {
      provider,
      statementId: 'SecretsManagerRotatesThisSecret',
      action: 'lambda:InvokeFunction',
      functionName: this.rotationFunction.functionName,
      principal: 'secretsmanager.amazonaws.com',
      sourceArn: this.secret.arn,
      sourceAccount: props.accountId,
    });
    new SecretsmanagerSecretRotation(this, 'rotation', {
      provider,
      secretId: this.secret.id,
      rotationLambdaArn: this.rotationFunction.arn,
      rotationRules: { automaticallyAfterDays: rot.everyDays },
      dependsOn: [permission],
    });
  }
}
