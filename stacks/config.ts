/** Typed configuration of the reference CRM deployment, with secure defaults and validation. */

export interface CrmConfig {
  /** Short project name: prefixes resource names. */
  project: string;
  environment: string;
  primaryRegion: string;
  /** Regions data may live in (data residency). */
  allowedRegions: string[];
  /** CIDR of the primary VPC. */
  primaryVpcCidr: string;
  /** Availability zones used in the primary region (≥ 2). */
  primaryAzs: string[];
  /** Days RDS keeps automated backups. */
  backupRetentionDays: number;
  /** Instance class of the CRM database. */
  dbInstanceClass: string;
  dbAllocatedStorageGb: number;
  /** Tags every resource carries (DataClassification, Owner, CostCenter, Environment). */
  tags: Record<string, string>;
  /** Terraform core constraint written into the synthesized configuration. */
  terraformVersion: string;
}

export const defaultConfig: CrmConfig = {
  project: 'crm',
  environment: 'prod',
  primaryRegion: 'eu-west-1',
  allowedRegions: ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3'],
  primaryVpcCidr: '10.10.0.0/16',
  primaryAzs: ['eu-west-1a', 'eu-west-1b'],
  backupRetentionDays: 14,
  dbInstanceClass: 'db.r6g.large',
  dbAllocatedStorageGb: 100,
  tags: { DataClassification: 'confidential', Owner: 'crm-platform', CostCenter: 'crm', Environment: 'prod' },
  terraformVersion: '~> 1.9',
};

export class CrmConfigError extends Error {}

/** Merges overrides over the defaults and throws one error listing every problem. */
export function resolveCrmConfig(overrides: Partial<CrmConfig> = {}): CrmConfig {
  const c: CrmConfig = { ...defaultConfig, ...overrides, tags: { ...defaultConfig.tags, ...overrides.tags } };
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]{1,20}$/.test(c.project)) problems.push(`project "${c.project}" must be 2-21 lowercase letters, digits or dashes`);
  if (!c.allowedRegions.includes(c.primaryRegion)) problems.push(`primaryRegion "${c.primaryRegion}" is not in allowedRegions`);
  if (c.primaryAzs.length < 2) problems.push('primaryAzs needs at least two availability zones');
  for (const az of c.primaryAzs) if (!az.startsWith(c.primaryRegion)) problems.push(`primaryAzs entry "${az}" is not in ${c.primaryRegion}`);
  if (!/^\d+\.\d+\.\d+\.\d+\/(1[6-9]|2[0-4])$/.test(c.primaryVpcCidr)) problems.push(`primaryVpcCidr "${c.primaryVpcCidr}" must be an IPv4 CIDR between /16 and /24`);
  if (!Number.isInteger(c.backupRetentionDays) || c.backupRetentionDays < 7 || c.backupRetentionDays > 35) problems.push('backupRetentionDays must be an integer from 7 to 35');
  for (const k of ['DataClassification', 'Owner', 'CostCenter', 'Environment']) if (!c.tags[k]) problems.push(`tags.${k} is required`);
  if (problems.length > 0) throw new CrmConfigError(`invalid CRM deployment config: ${problems.join('; ')}`);
  return c;
}
