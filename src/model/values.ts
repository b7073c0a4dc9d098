/** Value shaping shared by the plan and HCL normalizers, so both hand `buildModel` the same shapes. */
import type { Json, JsonObject } from './types';

/**
 * Drops attributes whose value is null, at every object level. Terraform treats a null argument
 * as unset, and the CDKTF form simply omits unset arguments: rules then see "absent" alike.
 * List positions are kept (a null element may stand for a value known only after apply).
 * `omit`: names left out of the top-level object (meta-arguments), so no caller has to `delete`
 * them afterwards (a delete turns an object into a slow dictionary for everything that reads it).
 * `expression`: called with every string value that starts with `${`.
 */
export function withoutNulls(v: Json, omit?: ReadonlySet<string>, expression?: (s: string) => void): Json {
  if (Array.isArray(v)) return v.map((x) => withoutNulls(x, undefined, expression));
  if (v !== null && typeof v === 'object') {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) {
      const child = v[k];
      if (child === null || omit?.has(k)) continue;
      // Assigned (fast properties), except `__proto__`: defined, so it stays a plain key.
      if (k === '__proto__') Object.defineProperty(out, k, { value: withoutNulls(child, undefined, expression), writable: true, enumerable: true, configurable: true });
      else out[k] = withoutNulls(child, undefined, expression);
    }
    return out;
  }
  // `expression`: told each string that starts with `${` (the walk is the one every value gets).
  if (expression && typeof v === 'string' && v.charCodeAt(0) === 0x24 && v.charCodeAt(1) === 0x7b) expression(v);
  return v;
}

/** The bodies of a block as Terraform JSON or hcl2json writes it: one object, or a list of objects. */
export function blockBodies(v: Json | undefined): JsonObject[] {
  if (Array.isArray(v)) return v.filter((b): b is JsonObject => b !== null && typeof b === 'object' && !Array.isArray(b));
  if (v !== null && typeof v === 'object') return [v];
  return [];
}

/** `${x}` → `x` for a string that is exactly one interpolation (provider references, `providers` maps). */
export function unwrapInterpolation(s: string): string {
  const m = /^\$\{\s*([^{}]*?)\s*\}$/.exec(s);
  return m ? m[1] : s;
}
