import type { ModelResource, NormalizedModel } from './types';

/** Builds `by_type` and `referrers` once, so every rule looks up instead of scanning. */
export function buildIndexes(resources: Record<string, ModelResource>): Pick<NormalizedModel, 'by_type' | 'by_provider' | 'referrers'> {
  const byType: Record<string, string[]> = {};
  const byProvider: Record<string, string[]> = {};
  const referrers: Record<string, Record<string, Set<string>>> = {};
  for (const r of Object.values(resources)) {
    (byType[r.type] ??= []).push(r.address);
    (byProvider[r.provider] ??= []).push(r.address);
    for (const targets of Object.values(r.refs)) {
      for (const t of targets) {
        if (t === r.address) continue;
        const byRefType = (referrers[t] ??= {});
        (byRefType[r.type] ??= new Set()).add(r.address);
      }
    }
  }
  for (const list of [...Object.values(byType), ...Object.values(byProvider)]) list.sort();
  const out: Record<string, Record<string, string[]>> = {};
  for (const target of Object.keys(referrers).sort()) {
    const inner: Record<string, string[]> = {};
    for (const type of Object.keys(referrers[target]).sort()) inner[type] = [...referrers[target][type]].sort();
    out[target] = inner;
  }
  return { by_type: sortKeys(byType), by_provider: sortKeys(byProvider), referrers: out };
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}
