import { derivedFacts } from './derived';
import type { ModelResource, NormalizedModel } from './types';

/**
 * Builds `by_type`, `by_provider` and `referrers` once, so every rule looks up instead of scanning,
 * and the facts derived from the same resources (`regions`, `json_documents`, `literal_arns`, `own_region`, `provisioned`: src/model/derived.ts).
 */
export function buildIndexes(resources: Record<string, ModelResource>, hints: IndexHints = {}): ModelIndexes {
  return { ...buildIndexTables(resources), ...derivedFacts(resources, hints.plainValues) };
}

/** `by_type`, `by_provider` and `referrers` (the first group of INDEX_GROUPS). */
export function buildIndexTables(resources: Record<string, ModelResource>): Pick<NormalizedModel, 'by_type' | 'by_provider' | 'referrers'> {
  // Maps while collecting: a Map takes string keys faster than a dictionary object, and any input
  // name (a type, a provider key, an address) is a plain key, `constructor` or `__proto__` too.
  const byType = new Map<string, string[]>();
  const byProvider = new Map<string, string[]>();
  const referrers = new Map<string, Map<string, Set<string>>>();
  // The loop's body is a function of its own: V8 then optimizes a small function instead of
  // recompiling this one.
  for (const address of Object.keys(resources)) indexResource(resources[address], byType, byProvider, referrers);
  const out: Record<string, Record<string, string[]>> = {};
  for (const target of [...referrers.keys()].sort()) setKey(out, target, sortedReferrers(referrers.get(target) as Map<string, Set<string>>));
  return { by_type: sortedLists(byType), by_provider: sortedLists(byProvider), referrers: out };
}

function indexResource(r: ModelResource, byType: Map<string, string[]>, byProvider: Map<string, string[]>, referrers: Map<string, Map<string, Set<string>>>): void {
  listAt(byType, r.type).push(r.address);
  listAt(byProvider, r.provider).push(r.address);
  for (const targets of Object.values(r.refs)) {
    for (const t of targets) {
      if (t === r.address) continue;
      let byRefType = referrers.get(t);
      if (byRefType === undefined) referrers.set(t, (byRefType = new Map()));
      let from = byRefType.get(r.type);
      if (from === undefined) byRefType.set(r.type, (from = new Set()));
      from.add(r.address);
    }
  }
}

function listAt(lists: Map<string, string[]>, key: string): string[] {
  let list = lists.get(key);
  if (list === undefined) lists.set(key, (list = []));
  return list;
}

/** Key → its list sorted, keys sorted. */
function sortedLists(lists: Map<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of [...lists.keys()].sort()) setKey(out, key, (lists.get(key) as string[]).sort());
  return out;
}

function sortedReferrers(byType: Map<string, Set<string>>): Record<string, string[]> {
  const inner: Record<string, string[]> = {};
  for (const type of [...byType.keys()].sort()) setKey(inner, type, [...(byType.get(type) as Set<string>)].sort());
  return inner;
}

/** What the normalizer already knows about the resources it indexes (see DerivedFacts). */
export interface IndexHints {
  /** Values objects holding no string a derived fact reads. */
  plainValues?: ReadonlySet<object>;
}

/** The fields buildIndexes computes, in the order a model holds them. */
export const INDEX_FIELDS = ['by_type', 'by_provider', 'referrers', 'regions', 'json_documents', 'literal_arns', 'own_region', 'provisioned', 'opaque_blocks'] as const;

export type ModelIndexes = Pick<NormalizedModel, (typeof INDEX_FIELDS)[number]>;

type IndexField = (typeof INDEX_FIELDS)[number];

/**
 * INDEX_FIELDS in the groups computed together: the lookup tables (buildIndexTables), then the
 * derived facts (derived.ts derivedFacts). The engine sends the tables to its workers to parse
 * while it computes the facts.
 */
export const INDEX_GROUPS: ReadonlyArray<readonly IndexField[]> = [INDEX_FIELDS.slice(0, 3), INDEX_FIELDS.slice(3)];

/**
 * Appends the index fields (INDEX_FIELDS, in that order) to `model`, each group of INDEX_GROUPS
 * computed over `resources` the first time one of its fields is read, written, spread or
 * serialized: reading one turns every field of its group into a plain data property, in place
 * (their order is kept). Until then they cost nothing, so the engine can send a model's resources
 * to its workers first and compute the indexes while the workers read them (src/engine/engine.ts
 * modelData). `resources` must not change after this call (the normalizer's models do not).
 */
export function appendDeferredIndexes<T extends object>(model: T, resources: Record<string, ModelResource>, hints?: IndexHints): T & ModelIndexes {
  const target = model as T & ModelIndexes;
  const compute: ReadonlyArray<() => Partial<ModelIndexes>> = [() => buildIndexTables(resources), () => derivedFacts(resources, hints?.plainValues)];
  INDEX_GROUPS.forEach((fields, g) => {
    let computed: Partial<ModelIndexes> | undefined;
    const materialize = (): Partial<ModelIndexes> => {
      if (!computed) {
        computed = compute[g]();
        for (const f of fields) Object.defineProperty(target, f, { value: computed[f], writable: true, enumerable: true, configurable: true });
      }
      return computed;
    };
    for (const f of fields) {
      Object.defineProperty(target, f, {
        get: () => materialize()[f],
        set: (v: unknown) => {
          materialize();
          Object.defineProperty(target, f, { value: v, writable: true, enumerable: true, configurable: true });
        },
        enumerable: true,
        configurable: true,
      });
    }
  });
  return target;
}

/** True when `field` of `model` is an index not computed yet (appendDeferredIndexes): reading it computes its group. */
export function isDeferred(model: object, field: string): boolean {
  return Object.getOwnPropertyDescriptor(model, field)?.get !== undefined;
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) setKey(out, k, o[k]);
  return out;
}

/** A dictionary without a prototype: input names are keys like any other. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * Sets an own data property. Assignment does that for every name but `__proto__` (a setter of
 * Object.prototype), which is defined instead; assignment is the common path because defining
 * every key cost a tenth of the normalizer's time.
 */
export function setKey<T>(o: Record<string, T>, k: string, v: T): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}
