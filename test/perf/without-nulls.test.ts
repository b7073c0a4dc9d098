/**
 * withoutNulls copying on write (`share`, used by the CDKTF normalizer): the values are the ones a
 * full copy gives, the input is never written, and only objects and lists where something is
 * dropped (a null, an omitted name, a `dynamic` block) or below which something is dropped are new.
 */
import { normalizeCdktf } from '../../src/model/normalize-cdktf';
import type { Json, JsonObject } from '../../src/model/types';
import { withoutNulls } from '../../src/model/values';

/** A deterministic pseudo-random value with nulls, lists, nesting and the odd `__proto__` name. */
function randomValue(seed: number, depth = 0): Json {
  let x = seed;
  const next = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const value = (d: number): Json => {
    const r = next();
    if (d > 4 || r < 0.35) return r < 0.08 ? null : r < 0.2 ? `s${Math.floor(next() * 100)}` : r < 0.28 ? '${var.x}' : Math.floor(next() * 10);
    if (r < 0.55) return Array.from({ length: Math.floor(next() * 4) }, () => value(d + 1));
    const o: JsonObject = {};
    const n = Math.floor(next() * 5);
    for (let i = 0; i < n; i++) {
      const k = next() < 0.05 ? '__proto__' : `k${Math.floor(next() * 8)}`;
      Object.defineProperty(o, k, { value: value(d + 1), writable: true, enumerable: true, configurable: true });
    }
    return o;
  };
  return value(depth);
}

/** Every object and list in `v` (the containers a copy would replace). */
function containers(v: Json, out = new Set<object>()): Set<object> {
  if (v !== null && typeof v === 'object') {
    out.add(v);
    for (const c of Array.isArray(v) ? v : Object.values(v)) containers(c, out);
  }
  return out;
}

/** True when a member of some object in `v` is null (dropped; a null list element is kept in place). */
function dropsNull(v: Json): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(dropsNull);
  return Object.values(v).some((c) => c === null || dropsNull(c));
}

describe('withoutNulls', () => {
  it('shares gives the values copying gives, writes nothing into its input, and keeps what drops nothing', () => {
    let kept = 0;
    let copied = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const input = randomValue(seed);
      const before = JSON.stringify(input);
      const copy = withoutNulls(input, new Set(['k7']));
      const shared = withoutNulls(input, new Set(['k7']), undefined, false, true);
      expect([seed, JSON.stringify(shared)]).toEqual([seed, JSON.stringify(copy)]);
      expect([seed, JSON.stringify(input)]).toEqual([seed, before]);
      // Copying shares no container with the input.
      const inputContainers = containers(input);
      for (const c of containers(copy)) expect(inputContainers.has(c)).toBe(false);
      // Sharing: a container of the result is the input's own exactly when nothing is dropped in it.
      const walk = (original: Json, result: Json, top: boolean): void => {
        if (original === null || typeof original !== 'object') return;
        const dropsHere = dropsNull(original) || (top && !Array.isArray(original) && Object.hasOwn(original, 'k7'));
        expect([seed, result === original]).toEqual([seed, !dropsHere]);
        if (result === original) kept++;
        else copied++;
        if (Array.isArray(original)) original.forEach((c, i) => walk(c, (result as Json[])[i], false));
        else for (const k of Object.keys(original)) if (!(top && k === 'k7')) walk(original[k], (result as JsonObject)[k], false);
      };
      walk(input, shared, true);
    }
    // Both cases occur (the generator is not degenerate).
    expect(kept).toBeGreaterThan(100);
    expect(copied).toBeGreaterThan(100);
  });

  it('shares: a `dynamic` block read as unknown makes a copy, the input keeps its block', () => {
    const input: JsonObject = { name: 'x', dynamic: { ingress: { for_each: '${var.rules}', content: { from_port: 443 } } }, tags: { a: 'b' } };
    const before = JSON.stringify(input);
    const out = withoutNulls(input, undefined, undefined, true, true) as JsonObject;
    expect(out).toEqual({ name: 'x', tags: { a: 'b' }, ingress: '${var.rules}' });
    expect(out).not.toBe(input);
    expect(out.tags).toBe(input.tags);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('the CDKTF normalizer leaves the parsed document as it was', () => {
    const doc = {
      provider: { aws: [{ region: 'eu-central-1' }] },
      resource: {
        aws_s3_bucket: { b: { bucket: 'crm-files', tags: { owner: 'crm', empty: null }, '//': { metadata: { path: 'app/b' } } } },
        aws_security_group: { sg: { name: 'sg', dynamic: { ingress: { for_each: '${var.rules}', content: { from_port: 443 } } }, egress: [{ from_port: 0, cidr_blocks: ['10.0.0.0/8'] }] } },
      },
    };
    const before = JSON.stringify(doc);
    const model = normalizeCdktf(doc, 'cdk.tf.json', 'crm');
    expect(model.resources['aws_s3_bucket.b'].values).toEqual({ bucket: 'crm-files', tags: { owner: 'crm' } });
    expect(model.resources['aws_security_group.sg'].values.egress).toEqual([{ from_port: 0, cidr_blocks: ['10.0.0.0/8'] }]);
    expect(JSON.stringify(doc)).toBe(before);
  });
});
