/**
 * The drill report: pure data computed from the normalized models (dr-model.md §5–6), printed by
 * the formatters in `src/drill/format/`. Field names follow issue 6 and the model's §7.2.
 */

/** dr-model §5.4. */
export const OUTCOMES = ['UNAFFECTED', 'SURVIVES_AUTO', 'RECOVERS_MANUAL', 'DEGRADED', 'WAITS_FOR_AWS', 'BLOCKED', 'UNRECOVERABLE'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** dr-model §5.2: how much a number can be trusted, strongest last. */
export const CONFIDENCES = ['assumed', 'documented', 'derived', 'measured'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const COMPONENT_KINDS = [
  'database',
  'object-store',
  'cache',
  'table',
  'file-system',
  'volume',
  'queue',
  'secret',
  'key',
  'backup-vault',
  'load-balancer',
  'dns',
  'compute',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/**
 * Location losses (dr-model §5.1) and the logical ones of issue 15 §5: DATA_CORRUPTION (logical
 * corruption or ransomware: replicas copy the damage) and ACCOUNT_LOSS (the primary account's
 * credentials are compromised: only copies outside the account count).
 */
export type ScenarioType = 'REGION_LOSS' | 'AZ_IMPAIRMENT' | 'AZ_DESTRUCTION' | 'DATA_CORRUPTION' | 'ACCOUNT_LOSS';

export interface Scenario {
  type: ScenarioType;
  /** As given: `region:eu-west-1` or `az:eu-west-1a`. */
  lose: string;
  /** The region lost, or the region of the lost AZ. */
  region: string;
  /** The lost AZ (name or id as it appears in the input), for AZ scenarios. */
  az: string | null;
  /** Impairment duration D in seconds (AZ_IMPAIRMENT only; dr-model §5.1, FIS default). */
  durationSeconds: number | null;
  /** `dr_region` from the configuration, when set. */
  drRegion: string | null;
  /** The stacks considered together. */
  stacks: string[];
  /** ACCOUNT_LOSS: the compromised account. */
  account?: string;
}

/** One addend of an estimate: a named constant (or a derived value) with its provenance. */
export interface Term {
  name: string;
  best: number;
  typical: number;
  worst: number;
  confidence: Confidence;
  source: string;
}

/**
 * `{best, typical, worst}` seconds. `null` means unbounded (nothing recovers the data, or the
 * recovery is blocked) or, for queues, not expressible in time (`note` says which).
 */
export interface Estimate {
  best: number | null;
  typical: number | null;
  worst: number | null;
  /** The weakest confidence among the terms. */
  confidence: Confidence;
  /** dr-model source ids of the terms (`RDS4`, `R53-3`, `OURS`, or `config` for overrides). */
  source: string;
  terms: Term[];
  note?: string;
}

export type AzScope = 'regional' | 'multi-az' | 'single-az' | 'unpinned' | 'global';

export interface ComponentTarget {
  /** Tier name from the configuration, `cli` for --rpo/--rto, `default` for drill.targets. */
  tier: string;
  rpoSeconds: number | null;
  rtoSeconds: number | null;
}

export interface Component {
  stack: string;
  resource: string;
  type: string;
  kind: ComponentKind;
  region: string | null;
  /** The AZs the component is known to occupy (empty when regional, global or not pinned). */
  az: string[];
  azScope: AzScope;
  outcome: Outcome;
  /** False exactly for UNRECOVERABLE and BLOCKED. */
  survives: boolean;
  /** The recovery mechanism the estimate is for (null when unaffected or nothing recovers it). */
  mechanism: string | null;
  rpo: Estimate;
  rto: Estimate;
  /** `rpo.worst` / `rto.worst`: the values compared with the targets. */
  rpoSeconds: number | null;
  rtoSeconds: number | null;
  target: ComponentTarget | null;
  meetsTargets: boolean;
  reasons: string[];
}

/** Seconds; the step's own duration (not counting what it waits for). */
export interface StepEstimate {
  best: number;
  typical: number;
  worst: number;
  confidence: Confidence;
  source: string;
  /** Names of the terms summed (constants such as RR_PROMOTE, or derived figures). */
  terms: string[];
}

export const OWNER_ROLES = ['incident-commander', 'database-admin', 'platform-engineer', 'network-engineer', 'security-engineer', 'application-owner'] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];

export interface RunbookStep {
  step: number;
  /** `prerequisite` steps are the checks a drill lead ticks off before starting (before T0). */
  phase: 'prerequisite' | 'failover' | 'validate' | 're-protect';
  action: string;
  resources: string[];
  /** Steps that must finish before this one starts (step numbers). */
  dependsOn: number[];
  estimate: StepEstimate;
  owner: OwnerRole;
  /** Another step of the same phase can run at the same time (same dependencies). */
  parallel: boolean;
}

/** dr-model §3: the four classic strategies. */
export const STRATEGIES = ['backup & restore', 'pilot light', 'warm standby', 'active-active'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface WorkloadFinding {
  /** Stable id: `DR-UNGATED-FAILOVER`, `DR-NO-REPLICA-LAG-ALARM`. */
  id: string;
  severity: 'high' | 'medium';
  message: string;
  resources: string[];
}

/**
 * The workload roll-up (issue 15 §1): RTO = the longest (worst-case) path through the failover
 * steps of the runbook; RPO = the worst data loss among the stateful components the front door
 * needs (in time; classes not expressible in time are in `dataClasses`).
 */
export interface Workload {
  rtoSeconds: number | null;
  rpoSeconds: number | null;
  strategy: Strategy;
  /** Step numbers from T0 to the moment the workload serves writes again; their worst estimates sum to rtoSeconds. */
  criticalPath: number[];
  rto: { best: number | null; typical: number | null; worst: number | null };
  /** Time from service restored until the workload is protected again (re-protect steps, worst). */
  reprotectSeconds: number | null;
  /** The front door(s) the roll-up starts from. */
  frontDoors: string[];
  findings: WorkloadFinding[];
  /** component (`stack:address`) → the components it needs to serve writes (`stack:address`). */
  dependencies: Record<string, string[]>;
}

export const DATA_CLASSES = ['customer records', 'attachments', 'audit logs', 'access logs', 'sessions', 'in-flight events'] as const;
export type DataClassName = (typeof DATA_CLASSES)[number];

export interface DataClass {
  class: DataClassName;
  /** Worst-case loss window in seconds; null when it is not a time (sessions, in-flight events) or unbounded. */
  rpoSeconds: number | null;
  note: string;
  components: string[];
}

export interface DrillTargets {
  /** Where the targets come from. */
  source: 'cli' | 'config' | 'none';
  /** Targets applied to every component (CLI or `drill.targets`), seconds. */
  rpoSeconds: number | null;
  rtoSeconds: number | null;
  tiers: { name: string; rpoSeconds: number | null; rtoSeconds: number | null }[];
}

export interface DrillSummary {
  components: number;
  unrecoverable: number;
  blocked: number;
  missedTargets: number;
  byOutcome: Record<Outcome, number>;
}

export interface DrillReport {
  version: 1;
  scenario: Scenario;
  targets: DrillTargets;
  components: Component[];
  runbook: RunbookStep[];
  workload: Workload;
  dataClasses: DataClass[];
  summary: DrillSummary;
}
