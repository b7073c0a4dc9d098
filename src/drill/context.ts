/**
 * What every component assessor shares: the scenario, the world and its links, the constants,
 * and the rules that decide whether a copy counts (U2–U6), which mechanism wins, and whether a
 * DR precondition blocks it (dr-model §5.5–5.6).
 */
import type { ModelResource } from '../model/types';
import type { DrillSettings } from './config';
import type { ConstantName } from './constants';
import { constant, formatSeconds, unbounded } from './estimate';
import type { WorkloadGraph } from './graph';
import type { KeyRef, Links } from './links';
import { placementOf, type Placement } from './placement';
import type { Estimate, Outcome, RunbookStep, Scenario, Term } from './types';
import { bool, str, type Res, type World } from './world';

export interface StepDraft {
  phase: RunbookStep['phase'];
  /** Position in the runbook (dr-model §6.5 order); equal orders run in parallel. */
  order: number;
  action: string;
  resources: Res[];
  /** The terms the step takes (summed into its best/typical/worst); empty: the phase default. */
  estimate: Term[];
  /** Starts by itself at the event (health-check failover, managed failover), not after the declaration. */
  automatic?: boolean;
}

/** Runbook positions (dr-model §6.5). */
export const ORDER = {
  preconditions: 10,
  keys: 12,
  secretsCheck: 14,
  replicationCheck: 16,
  dnsCheck: 18,
  quotas: 19,
  declare: 20,
  fence: 30,
  secrets: 40,
  data: 50,
  repoint: 55,
  queues: 60,
  compute: 70,
  traffic: 80,
  validate: 90,
  reprotect: 100,
} as const;

export type Need = 'network' | 'db-subnet-group';

export interface Candidate {
  mechanism: string;
  outcome: 'SURVIVES_AUTO' | 'RECOVERS_MANUAL' | 'DEGRADED' | 'WAITS_FOR_AWS';
  /** Where the recovered component runs. */
  region: string | null;
  rpo: Estimate;
  rto: Estimate;
  /** Each problem makes the candidate unusable; each starts with its rule id (`[U3] ...`). */
  problems: string[];
  notes: string[];
  steps: StepDraft[];
  checks: StepDraft[];
  needs: Need[];
}

export interface Assessment {
  outcome: Outcome;
  mechanism: string | null;
  rpo: Estimate;
  rto: Estimate;
  reasons: string[];
  steps: StepDraft[];
  checks: StepDraft[];
}

export class Ctx {
  private readonly placements = new Map<string, Placement>();
  private readonly networkCache = new Map<string, { ok: boolean; evidence: string; vpcs: Res[] }>();

  constructor(
    readonly world: World,
    readonly links: Links,
    readonly scenario: Scenario,
    readonly settings: DrillSettings,
    readonly graph: WorkloadGraph,
  ) {}

  /**
   * Compute outside the lost region that already references `target`: it reaches the copy
   * without a configuration change, so no repoint step is needed (that step would be a no-op).
   */
  drComputeUsing(target: Res): Res[] {
    return this.scenario.type === 'REGION_LOSS' ? this.graph.usedByComputeOutside(target, this.lost) : [];
  }

  private readonly memos = new Map<string, unknown>();

  /** Computes once per drill (lookups several components share). */
  memo<T>(key: string, fn: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, fn());
    return this.memos.get(key) as T;
  }

  get consts() {
    return this.settings.constants;
  }

  c(name: ConstantName): Term {
    return constant(this.settings.constants, name);
  }

  label(res: Res): string {
    return this.world.label(res);
  }

  labels(list: readonly Res[]): string {
    return list.map((r) => this.label(r)).join(', ');
  }

  placement(res: Res): Placement {
    let p = this.placements.get(res.key);
    if (!p) {
      p = placementOf(this.world, res, this.links.clusterInstances.get(res.key) ?? []);
      this.placements.set(res.key, p);
    }
    return p;
  }

  get lost(): string {
    return this.scenario.region;
  }

  /** Region loss: the resource is in the lost region (or its region cannot be proven: worst case). */
  inLostRegion(res: Res): boolean {
    return res.region === null || res.region === this.scenario.region;
  }

  /** The U2/U5/U6 problems of relying on `copy` (a resource, or a bare region) for a Region loss. */
  copyProblems(copy: Res | null, region: string | null, what: string): { problems: string[]; notes: string[] } {
    const problems: string[] = [];
    const notes: string[] = [];
    if (region === null) problems.push(`[U1] the region of ${what} cannot be proven from the input, so it cannot count as a copy outside ${this.lost}`);
    else if (region === this.lost && this.scenario.type === 'REGION_LOSS') {
      problems.push(`[U5] ${what} is in ${region}, the lost region: a same-Region copy is not a Region-loss recovery path`);
    } else if (this.settings.allowedRegions.length > 0 && !this.settings.allowedRegions.includes(region)) {
      const text = `[U2] ${what} is in ${region}, outside the allowed regions (${this.settings.allowedRegions.join(', ')})`;
      if (this.settings.allowNonCompliantRecovery) notes.push(`${text}: counted because drill.allow_non_compliant_recovery is true (recoverable, non-compliant)`);
      else problems.push(`${text}: it does not count for recovery and breaks data residency`);
    }
    if (copy) {
      const doomed = destroyedByPlan(copy.raw);
      if (doomed) problems.push(`[U6] ${what} is ${doomed} by this plan: the existing copy is destroyed and a new one starts empty`);
    }
    return { problems, notes };
  }

  /**
   * U3: the key a copy is encrypted with must be usable in the copy's region: in that region,
   * enabled, not destroyed by the plan. `sourceEncrypted` makes a missing key an invalid copy.
   */
  keyProblems(key: KeyRef | null, copyRegion: string | null, what: string, sourceEncryptedBy?: string): string[] {
    if (!key || key.managed) {
      if (sourceEncryptedBy && (!key || key.managed)) {
        return [`[U3] ${what} names no key in ${copyRegion ?? 'its region'} while the source is encrypted with ${sourceEncryptedBy}: AWS rejects this copy, so it does not exist (counted as no copy, U1)`];
      }
      return [];
    }
    const out: string[] = [];
    const keyName = key.res ? this.label(key.res) : key.text;
    if (key.unresolved) out.push(`[U3] the key of ${what} (${key.text}) resolves to no key in the input, so its region and state cannot be proven`);
    else if (key.region !== copyRegion) {
      const lostNote = key.region === this.lost && this.scenario.type === 'REGION_LOSS' ? ', the lost region' : '';
      out.push(`[U3] ${what} is encrypted with ${keyName} in ${key.region ?? 'an unknown region'}${lostNote}, not in ${copyRegion ?? 'the copy region'}: the copy cannot be decrypted where it lives`);
    }
    if (key.res) {
      const enabled = key.res.type === 'aws_kms_replica_key' ? bool(key.res.values.enabled) : bool(key.res.values.is_enabled);
      if (enabled === false) out.push(`[U3] ${keyName}, the key of ${what}, is disabled (${key.res.type === 'aws_kms_replica_key' ? 'enabled' : 'is_enabled'} = false)`);
      const doomed = destroyedByPlan(key.res.raw);
      if (doomed) out.push(`[U6] ${keyName}, the key of ${what}, is ${doomed} by this plan: copies encrypted under it become undecryptable`);
    }
    return out;
  }

  /** The key a source is encrypted with, for U3(c) messages; undefined when unencrypted. */
  sourceKeyText(res: Res, path: string, encryptedFlag?: string): string | undefined {
    const k = this.links.keyAtPath(res, path);
    if (!k.managed) return k.res ? this.label(k.res) : k.text;
    if (encryptedFlag && bool(res.values[encryptedFlag]) === true) return 'an AWS-managed key';
    return undefined;
  }

  /** DR precondition 1 (dr-model §5.6): a VPC with subnets in at least two AZs. */
  network(region: string): { ok: boolean; evidence: string; vpcs: Res[] } {
    let n = this.networkCache.get(region);
    if (n) return n;
    const vpcs = this.world.ofType('aws_vpc').filter((v) => v.region === region);
    let best: { vpc: Res; azs: number; subnets: number } | undefined;
    for (const vpc of vpcs) {
      const subnets = this.links.subnetsOfVpc.get(vpc.key) ?? [];
      const known = new Set(subnets.map((s) => str(s.values.availability_zone) ?? str(s.values.availability_zone_id)).filter(Boolean));
      const unpinned = subnets.filter((s) => !str(s.values.availability_zone) && !str(s.values.availability_zone_id)).length;
      const azs = known.size + (known.size < 2 ? unpinned : 0);
      if (!best || azs > best.azs) best = { vpc, azs, subnets: subnets.length };
    }
    if (!best) n = { ok: false, evidence: `no VPC in ${region}`, vpcs: [] };
    else if (best.azs < 2) n = { ok: false, evidence: `${this.label(best.vpc)} in ${region} has subnets in ${best.azs} AZ${best.azs === 1 ? '' : 's'} (at least 2 are needed)`, vpcs: [best.vpc] };
    else n = { ok: true, evidence: `${this.label(best.vpc)} with subnets in ${best.azs} AZs`, vpcs: [best.vpc] };
    this.networkCache.set(region, n);
    return n;
  }

  /** The unmet needs of a candidate, as BLOCKED reasons. */
  blockers(c: Candidate): string[] {
    if (!c.region || this.scenario.type !== 'REGION_LOSS') return [];
    const out: string[] = [];
    for (const need of c.needs) {
      if (need === 'network') {
        const n = this.network(c.region);
        if (!n.ok) out.push(`[BLOCKED network] ${c.mechanism} needs a VPC with subnets in 2 AZs in ${c.region}: ${n.evidence}`);
      } else if (need === 'db-subnet-group' && !this.memo(`db-subnet-group\u0000${c.region}`, () => this.world.ofType('aws_db_subnet_group').some((g) => g.region === c.region))) {
        out.push(`[BLOCKED network] ${c.mechanism} restores into a DB subnet group in ${c.region}, and there is none`);
      }
    }
    return out;
  }

  /**
   * Picks the mechanism: among usable candidates the best worst-case RTO, then RPO (dr-model
   * §6.1 "several of the above"); none usable → UNRECOVERABLE with every problem (or `none`
   * when there is no candidate at all, plus `extra` either way); a usable one with an unmet DR
   * precondition → BLOCKED.
   */
  decide(candidates: Candidate[], none: string, extra: readonly string[] = []): Assessment {
    const usable = candidates.filter((c) => c.problems.length === 0);
    if (usable.length === 0) {
      const reasons = candidates.length === 0 ? [none, ...extra] : [...candidates.flatMap((c) => c.problems), ...extra];
      return {
        outcome: 'UNRECOVERABLE',
        mechanism: null,
        rpo: unbounded('no usable copy outside the failure domain'),
        rto: unbounded('no usable copy outside the failure domain'),
        reasons: dedupe(reasons.filter((r) => r !== '')),
        steps: [],
        checks: [],
      };
    }
    usable.sort((a, b) => cmp(a.rto.worst, b.rto.worst) || cmp(a.rpo.worst, b.rpo.worst) || (a.mechanism < b.mechanism ? -1 : a.mechanism > b.mechanism ? 1 : 0));
    const chosen = usable[0];
    const reasons = [...chosen.notes];
    for (const alt of usable.slice(1)) reasons.push(`alternative: ${alt.mechanism} (RPO ≤ ${formatSeconds(alt.rpo.worst)}, RTO ≤ ${formatSeconds(alt.rto.worst)})`);
    for (const c of candidates) if (c.problems.length > 0) reasons.push(...c.problems.map((p) => `not counted: ${p}`));
    const blockers = this.blockers(chosen);
    if (blockers.length > 0) {
      return {
        outcome: 'BLOCKED',
        mechanism: chosen.mechanism,
        rpo: chosen.rpo,
        rto: unbounded('blocked until the missing DR dependency exists'),
        reasons: dedupe([...blockers, ...reasons]),
        steps: chosen.steps,
        checks: chosen.checks,
      };
    }
    return { outcome: chosen.outcome, mechanism: chosen.mechanism, rpo: chosen.rpo, rto: chosen.rto, reasons: dedupe(reasons), steps: chosen.steps, checks: chosen.checks };
  }

  /** A runbook step; `estimate` names the terms its duration is made of (dr-model §5.2 T_act, T_redirect). */
  step(phase: StepDraft['phase'], order: number, action: string, resources: Res[], estimate: Term[] = []): StepDraft {
    return { phase, order, action, resources, estimate };
  }

  /** A step that happens by itself at T0 (it only has to be watched). */
  autoStep(phase: StepDraft['phase'], order: number, action: string, resources: Res[], estimate: Term[]): StepDraft {
    return { phase, order, action, resources, estimate, automatic: true };
  }

  /** Whether a resource is declared rebuildable (`drill.rebuildable` globs). */
  rebuildable(res: Res, matches: (pattern: string, value: string) => boolean): boolean {
    return this.settings.rebuildable.some((p) => matches(p, res.address) || matches(p, `${res.stack}:${res.address}`) || (res.raw.origin.constructPath ? matches(p, res.raw.origin.constructPath) : false));
  }
}

function cmp(a: number | null, b: number | null): number {
  return (a ?? Infinity) - (b ?? Infinity);
}

export function dedupe(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/**
 * Plan change actions when the input carries them (plan JSON): `replaced` or `destroyed`;
 * undefined for a create/update/no-op or when the input has no actions (CDKTF, HCL).
 */
export function destroyedByPlan(raw: ModelResource): string | undefined {
  const actions = raw.actions;
  if (!actions || !actions.includes('delete')) return undefined;
  return actions.includes('create') ? 'replaced' : 'destroyed';
}

