import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import type { Subnet } from '@cdktn/provider-aws/lib/subnet';
import type { Vpc } from '@cdktn/provider-aws/lib/vpc';
import type { TerraformProvider } from 'cdktn';

/** Where a data-tier store lives and what protects it: shared by the database and the session cache. */
export interface DataTierProps {
  region: string;
  vpc: Vpc;
  /** Isolated data-tier subnets (≥ 2 AZs). */
  subnets: Subnet[];
  /** Customer-managed key of the store's data domain, in the store's region. */
  key: KmsKey;
  /** Key for the store's log groups. */
  logKey: KmsKey;
  logRetentionDays: number;
  provider?: TerraformProvider;
}
