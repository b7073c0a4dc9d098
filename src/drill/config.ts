/**
 * The `drill:` section of the configuration file (validated with the rest of the document by
 * `src/config/schema.ts`) and its resolution into the settings a drill runs with: targets and
 * tiers, caches declared rebuildable, constant overrides (measured figures from real drills).
 */
import type { CrmGuardConfig } from '../config/load';
import { ConfigError, UsageError } from '../errors';
import type { Json } from '../model/types';
import { DURATION_PATTERN } from './config-schema';
import { DEFAULT_CONSTANTS, resolveConstants, type ConstantName, type ConstantOverride, type Constants } from './constants';
import type { ComponentKind } from './types';

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** `15m`, `1h30m`, `24h`, `90s` → seconds; undefined when malformed. */
export function parseDurationText(text: string): number | undefined {
  if (!new RegExp(DURATION_PATTERN).test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]];
  return total;
}

/** A CLI target (`--rpo 15m`): malformed or zero → UsageError (exit 2). */
export function parseTargetOption(option: string, text: string): number {
  const s = parseDurationText(text.trim());
  if (s === undefined) throw new UsageError(`${option}: "${text}" is not a duration`, { hint: 'use a number with a unit: 90s, 15m, 1h, 24h, 1h30m' });
  if (s === 0) throw new UsageError(`${option}: a target of 0 can never be met`, { hint: 'every recovery has a non-zero floor; Resilience Hub reports a zero target as breached' });
  return s;
}

function configDuration(v: Json | undefined): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  return typeof v === 'string' ? parseDurationText(v) : undefined;
}

export interface Tier {
  name: string;
  resources: string[];
  kinds: ComponentKind[];
  tags: Record<string, string>;
  rpo: number | null;
  rto: number | null;
}

export interface DrillSettings {
  constants: Constants;
  /** Targets for every component without a tier (drill.targets), seconds. */
  defaultTarget: { rpo: number | null; rto: number | null };
  tiers: Tier[];
  /** Globs of caches/queues whose content can be rebuilt (a cold cache is then DEGRADED, not lost). */
  rebuildable: string[];
  allowNonCompliantRecovery: boolean;
  /** Data-residency allow-list (top-level `allowed_regions`). */
  allowedRegions: string[];
  drRegion: string | null;
}

type DrillSection = {
  targets?: { rpo?: Json; rto?: Json };
  tiers?: { name: string; resources?: string[]; kinds?: ComponentKind[]; tags?: Record<string, string>; rpo?: Json; rto?: Json }[];
  rebuildable?: string[];
  allow_non_compliant_recovery?: boolean;
  constants?: Partial<Record<ConstantName, Record<string, Json>>>;
};

/**
 * Merges a user's `drill:` section over the shipped one: scalar settings and each constant
 * override replace their default; `tiers` and `rebuildable` lists replace the default lists.
 */
export function mergeDrillSections(defaults: Json | undefined, user: Json | undefined): Json | undefined {
  if (user === undefined || user === defaults) return defaults;
  const d = (defaults ?? {}) as DrillSection;
  const u = user as DrillSection;
  return {
    ...d,
    ...u,
    ...(d.targets || u.targets ? { targets: { ...d.targets, ...u.targets } } : {}),
    ...(d.constants || u.constants ? { constants: { ...d.constants, ...u.constants } } : {}),
  } as Json;
}

/** Resolves the validated configuration into drill settings; range problems are collected and named. */
export function drillSettings(config: CrmGuardConfig, file = '<config>'): DrillSettings {
  const section = (config.drill ?? {}) as DrillSection;
  const problems: string[] = [];
  const overrides: Partial<Record<ConstantName, ConstantOverride>> = {};
  for (const [name, o] of Object.entries(section.constants ?? {}) as [ConstantName, Record<string, Json>][]) {
    const best = configDuration(o.best);
    const typical = configDuration(o.typical);
    const worst = configDuration(o.worst);
    if (best === undefined && typical === undefined && worst === undefined) problems.push(`drill.constants.${name}: give at least one of best, typical, worst`);
    const def = DEFAULT_CONSTANTS[name];
    const values = [best, typical, worst].filter((x): x is number => x !== undefined);
    for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) problems.push(`drill.constants.${name}: best ≤ typical ≤ worst is required`);
    if (def.unit === 'count' && values.some((x) => !Number.isInteger(x) || x < 1)) problems.push(`drill.constants.${name}: a count (integer ≥ 1) is expected`);
    overrides[name] = {
      best,
      typical,
      worst,
      confidence: o.confidence as ConstantOverride['confidence'],
      source: typeof o.source === 'string' ? o.source : undefined,
    };
  }
  const tierNames = new Set<string>();
  const tiers: Tier[] = (section.tiers ?? []).map((t, i) => {
    if (tierNames.has(t.name)) problems.push(`drill.tiers[${i}].name: "${t.name}" is used twice`);
    tierNames.add(t.name);
    const rpo = configDuration(t.rpo) ?? null;
    const rto = configDuration(t.rto) ?? null;
    if (rpo === null && rto === null) problems.push(`drill.tiers[${i}] (${t.name}): give rpo, rto or both`);
    if (rpo === 0 || rto === 0) problems.push(`drill.tiers[${i}] (${t.name}): a target of 0 can never be met`);
    if (!t.resources?.length && !t.kinds?.length && !t.tags) problems.push(`drill.tiers[${i}] (${t.name}): give resources, kinds or tags to select components`);
    return { name: t.name, resources: t.resources ?? [], kinds: t.kinds ?? [], tags: t.tags ?? {}, rpo, rto };
  });
  const defaultTarget = { rpo: configDuration(section.targets?.rpo) ?? null, rto: configDuration(section.targets?.rto) ?? null };
  if (defaultTarget.rpo === 0 || defaultTarget.rto === 0) problems.push('drill.targets: a target of 0 can never be met');
  if (problems.length > 0) throw new ConfigError(`invalid drill configuration: ${problems.join('; ')}`, { file });
  const allowed = Array.isArray(config.allowed_regions) ? config.allowed_regions.filter((r): r is string => typeof r === 'string') : [];
  return {
    constants: resolveConstants(overrides),
    defaultTarget,
    tiers,
    rebuildable: section.rebuildable ?? [],
    allowNonCompliantRecovery: section.allow_non_compliant_recovery ?? false,
    allowedRegions: allowed,
    drRegion: typeof config.dr_region === 'string' ? config.dr_region : null,
  };
}

/** `*` matches any run of characters; the whole string must match. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}
