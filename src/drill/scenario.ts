/** `--lose region:NAME | az:NAME` (+ `--destroy`) → a scenario of dr-model §5.1, checked against the input. */
import { UsageError } from '../errors';
import type { DrillSettings } from './config';
import type { Scenario } from './types';
import { regionOfAzName, str, type World } from './world';

export interface LoseSpec {
  kind: 'region' | 'az' | 'data' | 'account';
  name: string;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/;

const LOSE_HINT = 'e.g. --lose region:eu-west-1, --lose az:eu-west-1a, --lose data:corruption or --lose account[:123456789012]';

export function parseLose(text: string): LoseSpec {
  const t = text.trim();
  if (t === 'account') return { kind: 'account', name: '' };
  const acct = /^account:(.*)$/.exec(t);
  if (acct) {
    if (!/^[0-9]{12}$/.test(acct[1])) throw new UsageError(`--lose: "${acct[1]}" is not a 12-digit AWS account id`, { hint: LOSE_HINT });
    return { kind: 'account', name: acct[1] };
  }
  const data = /^data:(.*)$/.exec(t);
  if (data) {
    if (data[1] !== 'corruption') throw new UsageError(`--lose: "data:${data[1]}" is not a data scenario`, { hint: 'the data scenario is data:corruption (logical corruption or ransomware)' });
    return { kind: 'data', name: 'corruption' };
  }
  const m = /^(region|az):(.+)$/.exec(t);
  if (!m || m[2].trim() === '') throw new UsageError(`--lose: "${text}" is not region:NAME, az:NAME, data:corruption or account[:ID]`, { hint: LOSE_HINT });
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

/** The account a resource's provider is pinned to (`allowed_account_ids`), when exactly one. */
export function accountOf(r: { raw: { provider: string }; model: World['models'][number] }): string | null {
  const ids = r.model.providers[r.raw.provider]?.values.allowed_account_ids;
  return Array.isArray(ids) && ids.length === 1 && typeof ids[0] === 'string' ? ids[0] : null;
}

/** The primary region: where the PRIMARY failover records point, else where most resources are. */
function primaryRegion(world: World): string {
  const count = new Map<string, number>();
  for (const r of world.resources) if (r.region) count.set(r.region, (count.get(r.region) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? 'unknown';
}

export function resolveScenario(world: World, spec: LoseSpec, destroy: boolean, settings: DrillSettings): Scenario {
  const stacks = world.models.map((m) => m.stack);
  if ((spec.kind === 'data' || spec.kind === 'account') && destroy) throw new UsageError('--destroy applies to an AZ (az:NAME) only');
  if (spec.kind === 'data') {
    return { type: 'DATA_CORRUPTION', lose: 'data:corruption', region: primaryRegion(world), az: null, durationSeconds: null, drRegion: settings.drRegion, stacks };
  }
  if (spec.kind === 'account') {
    const accounts = [...new Set(world.resources.map((r) => accountOf(r)).filter((a): a is string => a !== null))].sort();
    const account = spec.name || (accounts.length === 1 ? accounts[0] : '');
    if (!account) {
      throw new UsageError(`--lose account: the input pins ${accounts.length === 0 ? 'no account (no provider allowed_account_ids)' : `several accounts (${accounts.join(', ')})`}: name the compromised one`, { hint: 'e.g. --lose account:123456789012' });
    }
    if (!accounts.includes(account)) throw new UsageError(`--lose account:${account}: no provider of the input is pinned to ${account}`, { hint: `accounts in the input: ${accounts.join(', ') || 'none'}` });
    return { type: 'ACCOUNT_LOSS', lose: `account:${account}`, region: primaryRegion(world), az: null, durationSeconds: null, drRegion: settings.drRegion, stacks, account };
  }
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
