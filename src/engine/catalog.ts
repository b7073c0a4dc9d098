/**
 * The rule catalog: generated at build time from each rule's `# METADATA` block (see
 * src/policy-build). It is the single source of truth for titles, severities, families,
 * control mappings and remediation; nothing in TypeScript restates them.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * How a rule's findings gate a run (Sentinel's vocabulary): `advisory` findings never fail a run,
 * `soft-mandatory` ones fail it unless waived or baselined, `hard-mandatory` ones fail it and can be
 * waived or baselined only when the config sets `allow_hard_mandatory_waivers: true`.
 */
export const ENFORCEMENT_LEVELS = ['advisory', 'soft-mandatory', 'hard-mandatory'] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

/** The documented default when a rule's METADATA names no `enforcement`: derived from its severity. */
export function defaultEnforcement(severity: Severity): EnforcementLevel {
  if (severity === 'critical') return 'hard-mandatory';
  if (severity === 'low') return 'advisory';
  return 'soft-mandatory';
}

export const FAMILIES = {
  ENC: { folder: 'encryption', title: 'Data protection: encryption at rest, in transit, key management' },
  NET: { folder: 'network', title: 'Network isolation, firewalling, intrusion detection, public exposure' },
  IAM: { folder: 'iam', title: 'Access control: least privilege, MFA, credentials, resource policies' },
  LOG: { folder: 'logging', title: 'Audit trail and monitoring' },
  BDR: { folder: 'backup_dr', title: 'Backup, business continuity, disaster recovery' },
  INT: { folder: 'integrity', title: 'System integrity: patching, secure configuration, malware protection' },
  CMP: { folder: 'compliance', title: 'Compliance: data residency, classification, GDPR/CCPA/ISO 27001' },
  SUP: { folder: 'supply_chain', title: 'Supply chain: providers, modules, images, state' },
  CHG: { folder: 'change', title: 'Change safety: planned deletions, replacements and weakened data protection (plans)' },
} as const;
export type Family = keyof typeof FAMILIES;

export interface ControlRef {
  id: string;
  /** False for mappings the baseline marks as unverified (`?`). */
  verified: boolean;
}

export interface RuleMeta {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  /** METADATA `enforcement`, else `defaultEnforcement(severity)` (resolved at build time). */
  enforcement: EnforcementLevel;
  /**
   * METADATA `waivable: true`: a hard-mandatory rule whose findings a waiver (reason, owner,
   * expiry) may approve even when `allow_hard_mandatory_waivers` is off — a planned change such as
   * a data-store replacement is approved per change. Baselines still never exempt it.
   */
  waivable?: boolean;
  family: Family;
  /** Framework → control ids (e.g. `fsbp: [RDS.3]`, `cis-aws-3.0: [2.3.1]`, `iso27001-2022: [A.8.24]`, `gdpr: [Art. 32]`). */
  controls: Record<string, ControlRef[]>;
  remediation: string;
  /** Rego package below `crm.rules`, e.g. `encryption.rds_storage_encrypted`. */
  package: string;
  /** Policy source file, relative to the repository root. */
  file: string;
  /**
   * Resource types the rule inspects (from its source), `*` for configuration-wide rules; the
   * compliance view reports a control as not evaluated when none of its rules' subjects is present.
   */
  subjects?: string[];
}

/**
 * Resource fields a bundle may leave out of the evaluated model when its policies never name them:
 * where a resource was read from (reports use it; rules have no reason to).
 */
export const PROJECTABLE_RESOURCE_FIELDS: readonly string[] = ['origin'];

export interface Catalog {
  version: 1;
  /** OPA version that compiled the bundle. */
  opa: string;
  /** sha256 over the Rego sources, capabilities and OPA version the bundle was built from. */
  sourceHash: string;
  /** One entrypoint per rule family (all its rules at once), for running the bundle with other OPA tools. */
  entrypoints: string[];
  /**
   * Rule package → the entrypoint evaluating that rule alone: what the engine evaluates (workers
   * share the rules; the heap is reclaimed after each rule; `check --profile` times each).
   */
  ruleEntrypoints: Record<string, string>;
  /**
   * Resource fields of the model that no policy of the bundle reads (only fields listed in
   * PROJECTABLE_RESOURCE_FIELDS qualify): the engine leaves them out of the data it gives the wasm.
   * Found at build time from the sources; absent = every field is sent.
   */
  unreadResourceFields?: string[];
  /** sha256 of policy.wasm, checked when the engine loads it. */
  wasmSha256: string;
  rules: RuleMeta[];
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
