import { derivedFacts } from './derived';
import type { ModelResource, NormalizedModel } from './types';

/**
 * Builds `by_type`, `by_provider` and `referrers` once, so every rule looks up instead of scanning,
 * and the facts derived from the same resources (`regions`, `json_documents`, `literal_arns`, `own_region`, `provisioned`: src/model/derived.ts).
 */
export function buildIndexes(
  resources: Record<string, ModelResource>,
): Pick<NormalizedModel, 'by_type' | 'by_provider' | 'referrers' | 'regions' | 'json_documents' | 'literal_arns' | 'own_region' | 'provisioned' | 'opaque_blocks'> {
  // Keys are input names (types, provider keys, addresses): no prototype, so `constructor` or
  // `__proto__` are plain keys.
  const byType: Record<string, string[]> = dict();
  const byProvider: Record<string, string[]> = dict();
  const referrers: Record<string, Record<string, Set<string>>> = dict();
  for (const r of Object.values(resources)) {
    (byType[r.type] ??= []).push(r.address);
    (byProvider[r.provider] ??= []).push(r.address);
    for (const targets of Object.values(r.refs)) {
      for (const t of targets) {
        if (t === r.address) continue;
        const byRefType = (referrers[t] ??= dict());
        (byRefType[r.type] ??= new Set()).add(r.address);
      }
    }
  }
  for (const list of [...Object.values(byType), ...Object.values(byProvider)]) list.sort();
  const out: Record<string, Record<string, string[]>> = {};
  for (const target of Object.keys(referrers).sort()) {
    const inner: Record<string, string[]> = {};
    for (const type of Object.keys(referrers[target]).sort()) setKey(inner, type, [...referrers[target][type]].sort());
    setKey(out, target, inner);
  }
  return { by_type: sortKeys(byType), by_provider: sortKeys(byProvider), referrers: out, ...derivedFacts(resources) };
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
