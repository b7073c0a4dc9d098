/** `--lose region:NAME | az:NAME` (+ `--destroy`) → a scenario of dr-model §5.1, checked against the input. */
import { UsageError } from '../errors';
import type { DrillSettings } from './config';
import type { Scenario } from './types';
import { regionOfAzName, str, type World } from './world';

export interface LoseSpec {
  kind: 'region' | 'az';
  name: string;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/;

export function parseLose(text: string): LoseSpec {
  const m = /^(region|az):(.+)$/.exec(text.trim());
  if (!m || m[2].trim() === '') throw new UsageError(`--lose: "${text}" is not region:NAME or az:NAME`, { hint: 'e.g. --lose region:eu-west-1 or --lose az:eu-west-1a' });
  const name = m[2].trim();
  if (m[1] === 'region' && !REGION.test(name)) throw new UsageError(`--lose: "${name}" is not a region name`, { hint: 'e.g. eu-west-1' });
  return { kind: m[1] as LoseSpec['kind'], name };
}

const AZ_ATTRS = ['availability_zone', 'availability_zone_id', 'availability_zone_name', 'availability_zones', 'preferred_cache_cluster_azs', 'preferred_availability_zones'];

/** Every AZ name or id written as a literal in the input, with the region it belongs to. */
export function azIndex(world: World): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of world.resources) {
    for (const attr of AZ_ATTRS) {
      const v = r.values[attr];
      for (const item of Array.isArray(v) ? v : [v]) {
        const az = str(item ?? undefined);
        if (!az) continue;
        const region = regionOfAzName(az) ?? r.region;
        if (region && !out.has(az)) out.set(az, region);
      }
    }
    for (const loc of Array.isArray(r.values.location) ? r.values.location : r.values.location ? [r.values.location] : []) {
      const name = loc && typeof loc === 'object' && !Array.isArray(loc) ? str(loc.name) : undefined;
      if (name && r.region && !out.has(name)) out.set(name, r.region);
    }
  }
  return out;
}

export function regionsOf(world: World): string[] {
  const regions = new Set<string>();
  for (const r of world.resources) if (r.region) regions.add(r.region);
  for (const m of world.models) for (const p of Object.values(m.providers)) if (p.region) regions.add(p.region);
  return [...regions].sort();
}

export function resolveScenario(world: World, spec: LoseSpec, destroy: boolean, settings: DrillSettings): Scenario {
  const stacks = world.models.map((m) => m.stack);
  if (spec.kind === 'region') {
    if (destroy) throw new UsageError('--destroy applies to an AZ (az:NAME): a region loss already loses its data');
    const regions = regionsOf(world);
    if (!regions.includes(spec.name)) {
      throw new UsageError(`--lose region:${spec.name}: no resource or provider of the input is in ${spec.name}`, { hint: `regions in the input: ${regions.join(', ') || 'none'}` });
    }
    return { type: 'REGION_LOSS', lose: `region:${spec.name}`, region: spec.name, az: null, durationSeconds: null, drRegion: settings.drRegion, stacks };
  }
  const azs = azIndex(world);
  const region = azs.get(spec.name);
  if (!region) {
    throw new UsageError(`--lose az:${spec.name}: no resource of the input names the AZ ${spec.name}`, {
      hint: `AZs in the input: ${[...azs.keys()].sort().join(', ') || 'none (AZs are not written as literals)'}`,
    });
  }
  return {
    type: destroy ? 'AZ_DESTRUCTION' : 'AZ_IMPAIRMENT',
    lose: `az:${spec.name}`,
    region,
    az: spec.name,
    durationSeconds: destroy ? null : settings.constants.AZ_IMPAIRMENT.worst,
    drRegion: settings.drRegion,
    stacks,
  };
}
