/**
 * Typed configuration of the reference CRM deployment, with secure defaults and validation.
 * `resolveCrmConfig` merges overrides over the defaults and throws one CrmConfigError that lists
 * every problem (each naming the offending key), so a bad config fails synth before any construct
 * is built.
 */
import { ConfigError } from '../src/errors';
import { DEFAULT_CONSTANTS } from '../src/drill/constants';

/**
 * Where Terraform state lives. S3 (encrypted with a CMK, locked with a lock file) is the default:
 * synthesis stays offline either way, only `terraform init` contacts the bucket. `local` is for a
 * throw-away `terraform plan` on a laptop; crm-guard reports it (CRM-SUP-008).
 */
export type BackendConfig =
  | { type: 'local' }
  | {
      type: 's3';
      bucket: string;
      /** Region of the state bucket (must be in allowedRegions). */
      region: string;
      /** Object key prefix; each stack writes `<keyPrefix>/<stack>.tfstate`. */
      keyPrefix: string;
      /** Customer-managed key (ARN) that encrypts the state objects. */
      kmsKeyId: string;
    };

/** The container image of the CRM application, pinned by digest (tags can be repointed). */
export interface AppImage {
  /** ECR repository name (the repository is created in the primary region and replicated). */
  repository: string;
  /** `sha256:<64 hex>` digest of the released image. */
  digest: string;
}

/** The signed artefact of the secret-rotation function (published by CI through AWS Signer). */
export interface RotationArtefact {
  s3Bucket: string;
  s3Key: string;
  s3ObjectVersion: string;
}

export interface CrmConfig {
  /** Short project name: prefixes resource names. */
  project: string;
  environment: string;
  /** The 12-digit AWS account the deployment is pinned to (providers' allowed_account_ids). */
  accountId: string;
  primaryRegion: string;
  /** Disaster-recovery region: receives replicas, backup copies and a warm-standby site. */
  drRegion: string;
  /** Regions data may live in (data residency). Both regions must be in it. */
  allowedRegions: string[];
  /** VPC CIDR per region (primary and DR); the ranges must not overlap. */
  vpcCidrs: Record<string, string>;
  /** Availability zones per region (≥ 2 each). */
  availabilityZones: Record<string, string[]>;
  /** Region-loss recovery point objective, minutes. */
  rpoMinutes: number;
  /** Region-loss recovery time objective, minutes. */
  rtoMinutes: number;
  /** Days CloudWatch log groups keep logs (365–2557). */
  logRetentionDays: number;
  /** Days RDS keeps automated backups (7–35). */
  backupRetentionDays: number;
  /** Days AWS Backup keeps recovery points, in both vaults (≥ 35: the vault lock minimum). */
  backupVaultRetentionDays: number;
  /**
   * Isolated recovery account (AWS Organizations) that receives a copy of every recovery point, in
   * its vault `<project>-<environment>-recovery` of the primary region: the only copy that survives
   * a compromise of `accountId` (drill `--lose account`). null turns the cross-account copy off.
   */
  recoveryAccountId: string | null;
  /** Days the audit bucket's Object Lock (COMPLIANCE) protects every object version. */
  auditLockDays: number;
  /** Days audit and access-log objects are kept before expiry (bounded for storage limitation). */
  auditExpireDays: number;
  /** Instance class of the CRM database. */
  dbInstanceClass: string;
  dbAllocatedStorageGb: number;
  /** Storage autoscaling ceiling. */
  dbMaxAllocatedStorageGb: number;
  /** Node type of the session cache. */
  cacheNodeType: string;
  app: {
    image: AppImage;
    cpu: number;
    memory: number;
    containerPort: number;
    /** Tasks in the primary region. */
    desiredCount: number;
    /** Tasks kept running in the DR region (warm standby; 0 = pilot light). */
    drDesiredCount: number;
  };
  rotationFunction: RotationArtefact;
  /** Public DNS name of the CRM (its hosted zone is created by the global stack). */
  domainName: string;
  /** Where security alarms and findings are e-mailed. */
  securityContactEmail: string;
  /** Tags every resource carries (DataClassification, Owner, CostCenter, Environment). */
  tags: Record<string, string>;
  /** Terraform core constraint written into the synthesized configuration. */
  terraformVersion: string;
  backend: BackendConfig;
}

/** The EU commercial regions (data residency default). */
export const EU_REGIONS = ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3'];

export const REQUIRED_TAGS = ['DataClassification', 'Owner', 'CostCenter', 'Environment'] as const;
const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'];

/**
 * Worst-case figures of the chosen region-loss path for the database (cross-region read replica),
 * derived from the drill's own constants so the two never disagree: RPO = replica lag; RTO =
 * declare + promote (the DR tasks already point at the replica, and DNS fails over in parallel).
 * Targets tighter than these cannot be met by this deployment, so validation rejects them.
 */
export const DR_PATH_WORST = {
  rpoMinutes: Math.ceil(DEFAULT_CONSTANTS.RR_LAG.worst / 60),
  rtoMinutes: Math.ceil((DEFAULT_CONSTANTS.T_DECLARE.worst + DEFAULT_CONSTANTS.RR_PROMOTE.worst) / 60),
};
const DR_PATH_TEXT = `declare ${DEFAULT_CONSTANTS.T_DECLARE.worst / 60} + promote ${DEFAULT_CONSTANTS.RR_PROMOTE.worst / 60}`;

export const defaultConfig: CrmConfig = {
  project: 'crm',
  environment: 'prod',
  accountId: '111122223333',
  primaryRegion: 'eu-west-1',
  drRegion: 'eu-central-1',
  allowedRegions: [...EU_REGIONS],
  vpcCidrs: { 'eu-west-1': '10.10.0.0/16', 'eu-central-1': '10.20.0.0/16' },
  availabilityZones: { 'eu-west-1': ['eu-west-1a', 'eu-west-1b'], 'eu-central-1': ['eu-central-1a', 'eu-central-1b'] },
  rpoMinutes: 15,
  rtoMinutes: 120,
  logRetentionDays: 365,
  backupRetentionDays: 14,
  recoveryAccountId: '444455556666',
  backupVaultRetentionDays: 35,
  auditLockDays: 365,
  auditExpireDays: 2555,
  dbInstanceClass: 'db.r6g.large',
  dbAllocatedStorageGb: 100,
  dbMaxAllocatedStorageGb: 500,
  cacheNodeType: 'cache.r7g.large',
  app: {
    image: { repository: 'crm-app', digest: 'sha256:4c1e2d8f0b7a9c3e5d6f8a1b2c3d4e5f60718293a4b5c6d7e8f9011223344556' },
    cpu: 1024,
    memory: 2048,
    containerPort: 8443,
    desiredCount: 2,
    drDesiredCount: 1,
  },
  rotationFunction: { s3Bucket: 'crm-signed-artefacts-eu-west-1', s3Key: 'secret-rotation/rotation.zip', s3ObjectVersion: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY' },
  domainName: 'crm.example.com',
  securityContactEmail: 'security@example.com',
  tags: { DataClassification: 'confidential', Owner: 'crm-platform', CostCenter: 'crm', Environment: 'prod' },
  terraformVersion: '~> 1.9',
  backend: {
    type: 's3',
    bucket: 'crm-tfstate-111122223333-eu-west-1',
    region: 'eu-west-1',
    keyPrefix: 'crm/prod',
    kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:alias/crm-tfstate',
  },
};

/** A config problem: `path` names the key, the message says what was expected. */
export class CrmConfigError extends ConfigError {
  readonly problems: readonly string[];

  constructor(problems: string[]) {
    super(`invalid CRM deployment config: ${problems.join('; ')}`, { path: problems.map((p) => p.split(/[ :]/)[0]).join(', ') });
    this.problems = problems;
  }
}

/** Overrides accepted by resolveCrmConfig: nested objects merge key by key. */
export type CrmConfigOverrides = Partial<Omit<CrmConfig, 'app'>> & { app?: Partial<CrmConfig['app']> };

export function resolveCrmConfig(overrides: CrmConfigOverrides = {}): CrmConfig {
  const c: CrmConfig = {
    ...defaultConfig,
    ...overrides,
    app: { ...defaultConfig.app, ...overrides.app },
    tags: { ...defaultConfig.tags, ...overrides.tags },
  };
  const problems = validate(c);
  if (problems.length > 0) throw new CrmConfigError(problems);
  return c;
}

const REGION = /^[a-z]{2}-[a-z]+-\d$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function validate(c: CrmConfig): string[] {
  const problems: string[] = [];
  const intIn = (key: string, v: number, min: number, max: number) => {
    if (!Number.isInteger(v) || v < min || v > max) problems.push(`${key} must be an integer from ${min} to ${max} (got ${v})`);
  };

  if (!/^[a-z][a-z0-9-]{1,20}$/.test(c.project)) problems.push(`project "${c.project}" must be 2-21 lowercase letters, digits or dashes`);
  if (!/^[a-z][a-z0-9]{1,9}$/.test(c.environment)) problems.push(`environment "${c.environment}" must be 2-10 lowercase letters or digits`);
  if (!/^\d{12}$/.test(c.accountId)) problems.push(`accountId "${c.accountId}" must be a 12-digit AWS account id`);

  for (const r of c.allowedRegions) if (!REGION.test(r)) problems.push(`allowedRegions entry "${r}" is not a region name`);
  if (!c.allowedRegions.includes(c.primaryRegion)) problems.push(`primaryRegion "${c.primaryRegion}" is not in allowedRegions`);
  if (c.drRegion === c.primaryRegion) problems.push(`drRegion "${c.drRegion}" must differ from primaryRegion: a copy in the same region does not survive its loss`);
  else if (!c.allowedRegions.includes(c.drRegion)) problems.push(`drRegion "${c.drRegion}" is not in allowedRegions: DR copies must stay inside the residency list`);

  const regions = [c.primaryRegion, c.drRegion];
  const ranges: { region: string; cidr: string; start: number; end: number }[] = [];
  for (const region of regions) {
    const cidr = c.vpcCidrs[region];
    const range = cidr === undefined ? undefined : parseCidr(cidr);
    if (cidr === undefined) problems.push(`vpcCidrs has no CIDR for ${region}`);
    else if (!range || range.prefix < 16 || range.prefix > 20) problems.push(`vpcCidrs.${region} "${cidr}" must be an IPv4 network CIDR between /16 and /20`);
    else ranges.push({ region, cidr, ...range });
    const azs = c.availabilityZones[region] ?? [];
    if (new Set(azs).size < 2) problems.push(`availabilityZones.${region} needs at least two distinct availability zones`);
    for (const az of azs) if (!new RegExp(`^${region}[a-z]$`).test(az)) problems.push(`availabilityZones.${region} entry "${az}" is not a zone of ${region}`);
  }
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const [a, b] = [ranges[i], ranges[j]];
      if (a.start <= b.end && b.start <= a.end) problems.push(`vpcCidrs: ${a.region} ${a.cidr} overlaps ${b.region} ${b.cidr}; the VPCs must be routable to each other`);
    }
  }

  intIn('rpoMinutes', c.rpoMinutes, 1, 1440);
  intIn('rtoMinutes', c.rtoMinutes, 1, 10080);
  if (Number.isInteger(c.rpoMinutes) && c.rpoMinutes < DR_PATH_WORST.rpoMinutes) {
    problems.push(`rpoMinutes ${c.rpoMinutes} is below the worst-case replica lag of the DR path (${DR_PATH_WORST.rpoMinutes} min)`);
  }
  if (Number.isInteger(c.rtoMinutes) && c.rtoMinutes < DR_PATH_WORST.rtoMinutes) {
    problems.push(`rtoMinutes ${c.rtoMinutes} is below the worst-case recovery time of the DR path (${DR_PATH_WORST.rtoMinutes} min: ${DR_PATH_TEXT})`);
  }
  intIn('logRetentionDays', c.logRetentionDays, 365, 2557);
  intIn('backupRetentionDays', c.backupRetentionDays, 7, 35);
  intIn('backupVaultRetentionDays', c.backupVaultRetentionDays, 35, 3650);
  if (c.recoveryAccountId !== null && !/^[0-9]{12}$/.test(c.recoveryAccountId)) problems.push(`recoveryAccountId "${c.recoveryAccountId}" is not a 12-digit AWS account id`);
  else if (c.recoveryAccountId === c.accountId) problems.push('recoveryAccountId must differ from accountId: a copy in the same account does not survive its compromise');
  intIn('auditLockDays', c.auditLockDays, 35, 3650);
  intIn('auditExpireDays', c.auditExpireDays, 365, 2557);
  if (c.auditExpireDays < c.auditLockDays) problems.push(`auditExpireDays ${c.auditExpireDays} must be at least auditLockDays ${c.auditLockDays}`);
  intIn('dbAllocatedStorageGb', c.dbAllocatedStorageGb, 20, 65536);
  if (c.dbMaxAllocatedStorageGb < c.dbAllocatedStorageGb) problems.push('dbMaxAllocatedStorageGb must be at least dbAllocatedStorageGb');
  if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(c.dbInstanceClass)) problems.push(`dbInstanceClass "${c.dbInstanceClass}" is not an RDS instance class`);
  if (!/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(c.cacheNodeType)) problems.push(`cacheNodeType "${c.cacheNodeType}" is not an ElastiCache node type`);

  if (!/^[a-z0-9][a-z0-9._/-]{1,255}$/.test(c.app.image.repository)) problems.push(`app.image.repository "${c.app.image.repository}" is not an ECR repository name`);
  if (!/^sha256:[0-9a-f]{64}$/.test(c.app.image.digest)) problems.push('app.image.digest must be a sha256:<64 hex> digest (images are pinned by digest, never by tag)');
  intIn('app.desiredCount', c.app.desiredCount, 2, 100);
  intIn('app.drDesiredCount', c.app.drDesiredCount, 0, 100);
  intIn('app.containerPort', c.app.containerPort, 1024, 65535);

  if (!/^([a-z0-9-]+\.)+[a-z]{2,}$/.test(c.domainName)) problems.push(`domainName "${c.domainName}" is not a DNS name`);
  if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(c.securityContactEmail)) problems.push(`securityContactEmail "${c.securityContactEmail}" is not an e-mail address`);

  for (const k of REQUIRED_TAGS) if (!c.tags[k]) problems.push(`tags.${k} is required`);
  if (c.tags.DataClassification && !CLASSIFICATIONS.includes(c.tags.DataClassification)) {
    problems.push(`tags.DataClassification "${c.tags.DataClassification}" must be one of ${CLASSIFICATIONS.join(', ')}`);
  }

  if (c.backend.type === 's3') {
    const b = c.backend;
    if (!b.bucket) problems.push('backend.bucket is required for the s3 backend');
    if (!c.allowedRegions.includes(b.region)) problems.push(`backend.region "${b.region}" is not in allowedRegions: state holds every resource detail`);
    if (!/^arn:aws:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/.test(b.kmsKeyId ?? '')) problems.push('backend.kmsKeyId must be the ARN of a customer-managed KMS key (key or alias ARN)');
    if (!/^[a-z0-9][a-z0-9/-]*[a-z0-9]$/.test(b.keyPrefix ?? '')) problems.push(`backend.keyPrefix "${b.keyPrefix}" must be a relative key prefix`);
  } else if (c.backend.type !== 'local') {
    problems.push(`backend.type "${(c.backend as { type: string }).type}" must be local or s3`);
  }
  return problems;
}

function parseCidr(cidr: string): { start: number; end: number; prefix: number } | undefined {
  const m = CIDR.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const ip = octets.reduce((n, o) => n * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (ip % size !== 0) return undefined;
  return { start: ip, end: ip + size - 1, prefix };
}
