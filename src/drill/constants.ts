/**
 * The one table of default constants the drill estimates from (dr-model.md §5.3, plus the few
 * the §6 rules need and §5.3 does not list, marked OURS). Every value carries its source id
 * (dr-model §8) and a confidence label; the confidence describes the `worst` value, the one
 * compared with targets. A team overrides any entry in the config file (`drill.constants`),
 * which turns its label into `measured` unless the override says otherwise.
 */
import type { Confidence } from './types';

export interface ConstantDef {
  best: number;
  typical: number;
  worst: number;
  /** `s` seconds, or `count` (health-check failure threshold). */
  unit: 's' | 'count';
  confidence: Confidence;
  /** dr-model §8 source ids, comma-separated; `OURS` for our own assumption. */
  source: string;
  /** What the figure is and why it has this value. */
  basis: string;
}

export const DEFAULT_CONSTANTS = {
  AZ_IMPAIRMENT: {
    best: 3600, typical: 3600, worst: 3600, unit: 's', confidence: 'documented', source: 'FIS1',
    basis: 'scenario duration D: FIS "AZ Availability: Power Interruption" default, 30 min outage + 30 min recovery symptoms',
  },
  T_DECLARE: {
    best: 300, typical: 900, worst: 3600, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'human decision to declare DR; AWS publishes no figure: set it from your incident process',
  },
  RDS_MAZ_INSTANCE_FAILOVER: {
    best: 60, typical: 90, worst: 600, unit: 's', confidence: 'assumed', source: 'RDS1',
    basis: 'failover typically 60-120 s (RDS1, a typical range, not a bound) and longer with large transactions or a long crash recovery: worst case widened to 10 min (assumed)',
  },
  RDS_MAZ_CLUSTER_FAILOVER: {
    best: 15, typical: 25, worst: 120, unit: 's', confidence: 'assumed', source: 'RDS2',
    basis: 'Multi-AZ DB cluster failover typically under 35 s (RDS2, a typical figure); lower values and the 2 min worst case assumed',
  },
  AURORA_REPLICA_FAILOVER: {
    best: 30, typical: 60, worst: 300, unit: 's', confidence: 'assumed', source: 'AUR1',
    basis: 'Aurora replica promotion typically under 120 s, often under 60 s (AUR1, typical figures); worst case widened to 5 min (assumed)',
  },
  AURORA_RECREATE_PRIMARY: {
    best: 300, typical: 450, worst: 1200, unit: 's', confidence: 'assumed', source: 'AUR1',
    basis: 'Aurora without a replica recreates the primary, typically under 10 min (AUR1, a typical figure); lower values and the 20 min worst case assumed',
  },
  PITR_LOG_INTERVAL: {
    best: 300, typical: 300, worst: 300, unit: 's', confidence: 'documented', source: 'AUR1,RDS8',
    basis: 'transaction logs reach S3 every 5 min (RDS8 unverified; Aurora documented)',
  },
  RDS_PITR_RESTORE: {
    best: 600, typical: 3600, worst: 14400, unit: 's', confidence: 'assumed', source: 'RDS8',
    basis: 'PITR restore "10 min to hours" depending on size and logs; typical and worst assumed',
  },
  RR_LAG: {
    best: 1, typical: 30, worst: 300, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'cross-Region read replica lag: no AWS typical figure; replace with the measured p99 of ReplicaLag',
  },
  RR_PROMOTE: {
    best: 300, typical: 600, worst: 1800, unit: 's', confidence: 'assumed', source: 'RDS4',
    basis: 'replica promotion reboots the instance, "several minutes or longer"; numbers assumed',
  },
  XRAB_RPO: {
    best: 300, typical: 900, worst: 1800, unit: 's', confidence: 'documented', source: 'RDS6',
    basis: 'cross-Region automated backups replication RPO 5-30 min',
  },
  XRAB_RESTORE: {
    best: 3600, typical: 7200, worst: 14400, unit: 's', confidence: 'assumed', source: 'RDS6',
    basis: 'restore from replicated backups "up to a few hours"; numbers assumed',
  },
  AGD_LAG: {
    best: 1, typical: 1, worst: 60, unit: 's', confidence: 'assumed', source: 'AUR2,AUR4',
    basis: 'Aurora Global Database lag typically under 1 s; unbounded worst case assumed 60 s unless rds.global_db_rpo bounds it',
  },
  AGD_FAILOVER: {
    best: 60, typical: 120, worst: 600, unit: 's', confidence: 'assumed', source: 'AUR3,WS1',
    basis: 'global database failover "under 1 min" (marketing), 1 min (workshop); worst case assumed',
  },
  DDB_MREC_LAG: {
    best: 0.5, typical: 1, worst: 5, unit: 's', confidence: 'assumed', source: 'DDB2',
    basis: 'global table (MREC) replication "typically within a second or less"; worst case assumed',
  },
  DDB_MRSC_LAG: {
    best: 0, typical: 0, worst: 0, unit: 's', confidence: 'documented', source: 'DDB2',
    basis: 'multi-Region strong consistency: RPO 0',
  },
  S3_RTC_LAG: {
    best: 1, typical: 60, worst: 900, unit: 's', confidence: 'assumed', source: 'S3-1',
    basis: 'S3 Replication Time Control: most objects in seconds, 99.99% within 15 min (S3-1): the 15 min worst case is the p99.99 SLA figure, 0.01% of objects may take longer',
  },
  S3_CRR_LAG: {
    best: 60, typical: 900, worst: 21600, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'CRR without RTC: "most objects within 15 minutes" (unverified, no SLA); the S3 User Guide says large objects can take up to several hours, so the worst case is widened to 6 h (assumed)',
  },
  EC_MAZ_FAILOVER: {
    best: 30, typical: 60, worst: 180, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'ElastiCache Multi-AZ failover: EC1 describes the mechanism but gives no duration; all values assumed',
  },
  EC_REPLICA_LAG: {
    best: 0, typical: 1, worst: 5, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'asynchronous in-Region cache replication: no AWS figure (EC1 gives none); assumed',
  },
  EC_GDS_LAG: {
    best: 0, typical: 1, worst: 60, unit: 's', confidence: 'assumed', source: 'WS2',
    basis: 'Global Datastore RPO "generally less than 1 s" is a DR workshop figure (WS2), typical, not a bound: worst case assumed 1 min',
  },
  EC_GDS_FAILOVER: {
    best: 60, typical: 60, worst: 600, unit: 's', confidence: 'assumed', source: 'WS2',
    basis: 'Global Datastore failover RTO 1 min is a DR workshop figure (WS2), not service documentation: worst case assumed 10 min',
  },
  EC_SNAPSHOT_INTERVAL: {
    best: 86400, typical: 86400, worst: 86400, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'ElastiCache automatic snapshots are daily (snapshot_window)',
  },
  SM_REPLICA_LAG: {
    best: 0, typical: 1, worst: 60, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'secret replication latency is not published (SM2 gives no number); assumed',
  },
  SM_PROMOTE: {
    best: 60, typical: 60, worst: 60, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'promote a replica secret (SM1 documents the step, not its duration); only needed to write or rotate',
  },
  BACKUP_COPY: {
    best: 900, typical: 3600, worst: 14400, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'AWS Backup cross-Region copy duration: not published (BK1 gives no number); replace with copy-job durations',
  },
  BACKUP_RESTORE: {
    best: 600, typical: 3600, worst: 14400, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'restore from a recovery point: not published (BK5 records measured restore durations, it states none); the RDS_PITR_RESTORE values, replace with restore-testing job durations',
  },
  BACKUP_INTERVAL_DEFAULT: {
    best: 86400, typical: 86400, worst: 86400, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'backup interval used when a plan rule schedule cannot be read',
  },
  EFS_REPL_LAG: {
    best: 1, typical: 60, worst: 3600, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'EFS replication: AWS publishes only a typical figure ("most changes within a minute") and no bound; the 1 h worst case is our assumption, replace it with the measured TimeSinceLastSync',
  },
  EFS_FAILOVER: {
    best: 60, typical: 300, worst: 900, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'delete the EFS replication configuration to make the destination writable',
  },
  HC_REQUEST_INTERVAL: {
    best: 30, typical: 30, worst: 30, unit: 's', confidence: 'documented', source: 'R53-7',
    basis: 'Route 53 health check request_interval default',
  },
  HC_FAILURE_THRESHOLD: {
    best: 3, typical: 3, worst: 3, unit: 'count', confidence: 'documented', source: 'R53-2',
    basis: 'Route 53 health check failure_threshold default',
  },
  DNS_ALIAS_TTL: {
    best: 60, typical: 60, worst: 60, unit: 's', confidence: 'documented', source: 'R53-3',
    basis: 'alias records to ELB or S3 have a fixed 60 s TTL (FAQ read through a secondary copy)',
  },
  MANUAL_DNS_EDIT: {
    best: 60, typical: 300, worst: 900, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'editing records by hand during an event (the control plane is in us-east-1, R53-6, which gives no duration)',
  },
  LB_AZ_EVACUATE: {
    best: 10, typical: 60, worst: 120, unit: 's', confidence: 'assumed', source: 'ELB1,R53-3',
    basis: 'load balancer nodes in the failed AZ leave DNS (60 s TTL); cross-zone is on by default',
  },
  COMPUTE_AZ_REPLACE: {
    best: 60, typical: 180, worst: 600, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'Auto Scaling / ECS replace capacity lost in one AZ in the remaining AZs (ASG1 describes it, gives no duration); assumed',
  },
  SCALE_OUT: {
    best: 120, typical: 300, worst: 900, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'scale a DR ECS/Fargate service or Auto Scaling group to production size: task or instance start plus health-check grace; applied to pilot light (0 units) and to a warm standby smaller than the primary; no AWS figure, measure it',
  },
  ENDPOINT_SWITCH: {
    best: 120, typical: 300, worst: 900, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'repoint the application at a new endpoint (database, bucket, queue URL): a configuration change and a rolling restart of the tasks; client DNS caching not included',
  },
  CORRUPTION_DETECT: {
    best: 900, typical: 14400, worst: 86400, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'time from a logical corruption (bad deploy, ransomware) to its detection: writes after the last clean point are lost unless replayed; set it from your monitoring',
  },
  S3_VERSION_RESTORE: {
    best: 1800, typical: 14400, worst: 86400, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'restore the last clean version of every damaged object (S3 Batch Operations copy); grows with the object count',
  },
  ACCOUNT_BOOTSTRAP: {
    best: 7200, typical: 14400, worst: 43200, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'a clean account (Organizations), its network and the stacks deployed from IaC before data can be restored into it',
  },
  GATE_CLEAR: {
    best: 60, typical: 120, worst: 300, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'a failover gate turns healthy: the read-only alarm leaves ALARM once the promoted database stops publishing ReplicaLag, and Route 53 reads the new alarm state',
  },
  PRECHECK: {
    best: 300, typical: 600, worst: 1800, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'one prerequisite check (done before T0, not part of the RTO)',
  },
  OPERATOR_STEP: {
    best: 60, typical: 300, worst: 900, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'a single operator action without a more specific figure',
  },
  DB_MODIFY: {
    best: 60, typical: 300, worst: 900, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'an RDS modify-db-instance applied immediately (for example enabling the managed master password)',
  },
  FENCE: {
    best: 60, typical: 120, worst: 600, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'fence the old primary (scale its compute to 0 where the control plane still answers); runs in parallel with the data steps',
  },
  VALIDATE: {
    best: 300, typical: 900, worst: 1800, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'synthetic transactions and marker comparison after failover (not part of the RTO)',
  },
  REPROTECT: {
    best: 3600, typical: 14400, worst: 86400, unit: 's', confidence: 'assumed', source: 'OURS',
    basis: 'time until the recovered workload is protected again: new cross-Region replicas, replication rules and backup copies from the DR region (a replica is seeded from a snapshot, so it grows with data size)',
  },
  BACKUP_START_WINDOW_DEFAULT: {
    best: 0, typical: 0, worst: 28800, unit: 's', confidence: 'assumed', source: 'BK1',
    basis: 'a backup may start this long after its scheduled time when the rule sets no start_window (AWS Backup default of 8 h, unverified)',
  },
  IAC_REDEPLOY: {
    best: 3600, typical: 7200, worst: 21600, unit: 's', confidence: 'assumed', source: 'WP1',
    basis: 'no DR stack: deploy it from IaC after the event, within the whitepaper\'s "hours"',
  },
} as const satisfies Record<string, ConstantDef>;

export type ConstantName = keyof typeof DEFAULT_CONSTANTS;
export const CONSTANT_NAMES = Object.keys(DEFAULT_CONSTANTS).sort() as ConstantName[];

/** The constants a drill runs with: the defaults with the configuration's overrides applied. */
export type Constants = Record<ConstantName, ConstantDef>;

export interface ConstantOverride {
  best?: number;
  typical?: number;
  worst?: number;
  confidence?: Confidence;
  source?: string;
}

/** Applies overrides; a missing best/typical takes the override's worst-or-given neighbour so the range stays ordered. */
export function resolveConstants(overrides: Partial<Record<ConstantName, ConstantOverride>> = {}): Constants {
  const out = {} as Constants;
  for (const name of CONSTANT_NAMES) {
    const d: ConstantDef = DEFAULT_CONSTANTS[name];
    const o = overrides[name];
    if (!o) {
      out[name] = d;
      continue;
    }
    const worst = o.worst ?? Math.max(d.worst, o.typical ?? 0, o.best ?? 0);
    const typical = o.typical ?? Math.min(Math.max(d.typical, o.best ?? 0), worst);
    const best = o.best ?? Math.min(d.best, typical);
    out[name] = {
      ...d,
      best,
      typical,
      worst,
      confidence: o.confidence ?? 'measured',
      source: o.source ? `config: ${o.source}` : 'config',
      basis: `override of the default (${d.best}/${d.typical}/${d.worst}, ${d.confidence}, ${d.source})`,
    };
  }
  return out;
}
