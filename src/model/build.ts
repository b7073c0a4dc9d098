/**
 * Format-independent assembly of the normalized model: every loader produces raw resources
 * (address, type, values, provider key, origin) and this module resolves references, unknowns,
 * regions and indexes the same way for all of them.
 */
import { buildIndexes, sortKeys } from './indexes';
import { candidateAddresses, isExpression } from './refs';
import type { InlineWaiver, InputFormat, Json, JsonObject, ModelResource, NormalizedModel, Origin, ProviderConfig, TerraformSettings } from './types';

export interface RawResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  module: string | null;
  provider: string;
  values: JsonObject;
  origin: Origin;
  /** Attribute paths the source already declares unknown (plan JSON `after_unknown`). */
  unknown?: string[];
  /** References the source already declares (plan JSON `expressions.*.references`). */
  refs?: Record<string, string[]>;
  /** Waivers recorded on the resource itself (CDKTF construct-level waivers). */
  waivers?: InlineWaiver[];
  /** Planned actions of a replaced resource (plan JSON), see ModelResource.actions. */
  actions?: string[];
}

export interface RawModel {
  format: InputFormat;
  stack: string;
  source: string;
  resources: RawResource[];
  providers: ProviderConfig[];
  terraform: TerraformSettings;
  modules: NormalizedModel['modules'];
  /** Variable name → literal default, used to resolve `${var.x}` regions. */
  variables: Record<string, Json>;
  /** Output name → value as written (Terraform JSON only): traced to addresses in `outputs`. */
  outputs?: Record<string, Json>;
}

const VAR_ONLY = /^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$/;

/** Resolves a literal or a `${var.x}` with a literal default; undefined when not provable. */
export function resolveLiteral(v: Json | undefined, variables: Record<string, Json>): Json | undefined {
  if (typeof v !== 'string' || !isExpression(v)) return v;
  const m = VAR_ONLY.exec(v);
  if (m && m[1] in variables) {
    const d = variables[m[1]];
    if (typeof d !== 'string' || !isExpression(d)) return d;
  }
  return undefined;
}

export function buildModel(raw: RawModel): NormalizedModel {
  const known = new Set<string>();
  for (const r of raw.resources) known.add(r.address);
  for (const name of Object.keys(raw.modules)) known.add(`module.${name}`);

  const providers: Record<string, ProviderConfig> = {};
  for (const p of raw.providers) providers[p.key] = p;

  const literalBindings = literalBindingIndex(raw.resources);

  const resources: Record<string, ModelResource> = {};
  for (const r of raw.resources) {
    const unknown: Record<string, true> = {};
    const refs: Record<string, Set<string>> = {};
    for (const p of r.unknown ?? []) unknown[p] = true;
    for (const [p, targets] of Object.entries(r.refs ?? {})) {
      for (const t of targets) if (known.has(t)) (refs[p] ??= new Set()).add(t);
    }
    scanValues(r.values, '', (path, s) => {
      unknown[path] = true;
      for (const c of candidateAddresses(s)) {
        // Inside a module, expressions name the module's own objects (Terraform scoping).
        const target = r.module ? `${r.module}.${c}` : c;
        if (known.has(target)) (refs[path] ??= new Set()).add(target);
      }
    });
    for (const b of LITERAL_BINDINGS) {
      const v = r.values[b.attr];
      if (r.type === b.targetType || typeof v !== 'string' || isExpression(v)) continue;
      const target = literalBindings.get(`${b.targetType}\u0000${v}`);
      if (target) (refs[b.attr] ??= new Set()).add(target);
    }
    resources[r.address] = {
      address: r.address,
      mode: r.mode,
      type: r.type,
      name: r.name,
      module: r.module,
      provider: r.provider,
      region: effectiveRegion(r, providers, raw.variables),
      values: r.values,
      unknown: sortKeys(unknown),
      refs: sortKeys(Object.fromEntries(Object.entries(refs).map(([k, v]) => [k, [...v].sort()]))),
      origin: r.origin,
      ...(r.waivers && r.waivers.length > 0 ? { waivers: r.waivers } : {}),
      ...(r.actions ? { actions: r.actions } : {}),
    };
  }

  return {
    version: 1,
    format: raw.format,
    stack: raw.stack,
    source: raw.source,
    resources: sortKeys(resources),
    ...(raw.outputs ? { outputs: outputReferences(raw.outputs, known) } : {}),
    ...buildIndexes(resources),
    providers: sortKeys(providers),
    terraform: raw.terraform,
    modules: sortKeys(raw.modules),
  };
}

/** Output name → the known addresses its value references (sorted); an output of literals maps to []. */
function outputReferences(outputs: Record<string, Json>, known: ReadonlySet<string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(outputs)) {
    const targets = new Set<string>();
    scanValues(value, '', (_path, s) => {
      for (const c of candidateAddresses(s)) if (known.has(c)) targets.add(c);
    });
    out[name] = [...targets].sort();
  }
  return sortKeys(out);
}

/**
 * Literal bindings: a split resource may name its parent by a literal instead of a reference
 * (`bucket = "crm-files"`). They count as references, resolved through one name index.
 */
const LITERAL_BINDINGS = [{ attr: 'bucket', targetType: 'aws_s3_bucket', targetAttr: 'bucket' }] as const;

function literalBindingIndex(resources: readonly RawResource[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const b of LITERAL_BINDINGS) {
    for (const r of resources) {
      const name = r.type === b.targetType ? r.values[b.targetAttr] : undefined;
      if (typeof name === 'string' && !isExpression(name)) index.set(`${b.targetType}\u0000${name}`, r.address);
    }
  }
  return index;
}

/** Calls `onExpr(path, string)` for every string holding an expression; paths skip list indices. */
function scanValues(v: Json, path: string, onExpr: (path: string, s: string) => void): void {
  if (typeof v === 'string') {
    if (isExpression(v)) onExpr(path, v);
  } else if (Array.isArray(v)) {
    for (const item of v) scanValues(item, path, onExpr);
  } else if (v !== null && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) scanValues(child, path ? `${path}.${k}` : k, onExpr);
  }
}

function effectiveRegion(r: RawResource, providers: Record<string, ProviderConfig>, variables: Record<string, Json>): string | null {
  // AWS provider v6: every regional resource accepts its own `region` argument.
  if (r.mode === 'managed' && 'region' in r.values && r.type.startsWith('aws_')) {
    const own = resolveLiteral(r.values.region, variables);
    return typeof own === 'string' ? own : null;
  }
  return providers[r.provider]?.region ?? null;
}

/** Builds a provider configuration entry, resolving its region from literals or variable defaults. */
export function providerConfig(name: string, values: JsonObject, variables: Record<string, Json>): ProviderConfig {
  const alias = typeof values.alias === 'string' ? values.alias : null;
  const region = resolveLiteral(values.region, variables);
  return {
    key: alias ? `${name}.${alias}` : name,
    name,
    alias,
    region: typeof region === 'string' ? region : null,
    region_unknown: values.region !== undefined && typeof region !== 'string',
    values,
  };
}
