/** Value shaping shared by the plan and HCL normalizers, so both hand `buildModel` the same shapes. */
import { setKey } from './indexes';
import type { Json, JsonObject } from './types';

/** What withoutNulls tells of the values it walks. */
export interface TemplateVisitor {
  template(s: string): void;
  dynamic(): void;
}

/**
 * Drops attributes whose value is null, at every object level. Terraform treats a null argument
 * as unset, and the CDKTF form simply omits unset arguments: rules then see "absent" alike.
 * List positions are kept (a null element may stand for a value known only after apply).
 * `omit`: names left out of the top-level object (meta-arguments), so no caller has to `delete`
 * them afterwards (a delete turns an object into a slow dictionary for everything that reads it).
 * `seen`: told every string value Terraform reads as a template (holding `${` or `%{`) and, when
 * they are kept, every `dynamic` block (Terraform JSON's `dynamic "x"`).
 * `dynamicUnknown` (Terraform JSON as CDKTF writes it): a `dynamic "x"` block, at any level, makes
 * `x` a value known only after apply (its `for_each` expression), see dynamicAsUnknown.
 * `share`: copy on write (as typed-values.ts convertBody): an object or list in which nothing is
 * dropped or changed is returned as it is, so the walk allocates only where something is (most of
 * a CDKTF document is kept as parsed: ~15 ms less at 10,000 resources). Only for a caller that
 * never writes into the result, which then shares `v`'s objects; by default everything is copied.
 */
export function withoutNulls(v: Json, omit?: ReadonlySet<string>, seen?: TemplateVisitor, dynamicUnknown = false, share = false): Json {
  if (Array.isArray(v)) {
    let list: Json[] | undefined = share ? undefined : [];
    for (let i = 0; i < v.length; i++) {
      const x = withoutNulls(v[i], undefined, seen, dynamicUnknown, share);
      if (list === undefined && x !== v[i]) list = v.slice(0, i);
      if (list !== undefined) list.push(x);
    }
    return list ?? v;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    let out: JsonObject | undefined = share ? undefined : {};
    let dynamic: Json | undefined;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const child = v[k];
      let kept: Json | undefined = child;
      if (child === null || omit?.has(k)) kept = undefined;
      else if (k === 'dynamic' && (dynamicUnknown || seen) && isDynamicBlocks(child)) {
        if (dynamicUnknown) {
          dynamic = child;
          kept = undefined;
        } else seen?.dynamic();
      }
      if (kept !== undefined) kept = withoutNulls(child, undefined, seen, dynamicUnknown, share);
      if (out === undefined && kept !== child) {
        out = {};
        for (let j = 0; j < i; j++) setKey(out, keys[j], v[keys[j]]);
      }
      if (out !== undefined && kept !== undefined) setKey(out, k, kept);
    }
    // A dropped `dynamic` member made a copy above.
    if (dynamic !== undefined) dynamicAsUnknown(out as JsonObject, dynamic, seen);
    return out ?? v;
  }
  // Each template is told in the walk every value gets anyway.
  if (seen && typeof v === 'string' && (v.includes('${') || v.includes('%{'))) seen.template(v);
  return v;
}

/**
 * The `dynamic "x"` blocks of a body's `dynamic` value as Terraform JSON writes them: `{ x: body }`
 * (or a list of bodies), or HCL-JSON's other form, a list of such objects. Null when the value is
 * not that (a map attribute named `dynamic`).
 */
export function dynamicEntries(v: Json | undefined): Array<[string, Json]> | null {
  const objects = Array.isArray(v) ? v : [v];
  if (objects.length === 0) return null;
  const out: Array<[string, Json]> = [];
  for (const o of objects) {
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return null;
    for (const [name, d] of Object.entries(o)) {
      const bodies = blockBodies(d);
      if (bodies.length === 0 || !bodies.every((b) => 'content' in b)) return null;
      out.push([name, d]);
    }
  }
  return out;
}

/** True when `v` is Terraform JSON's `dynamic` blocks (dynamicEntries). */
export function isDynamicBlocks(v: Json | undefined): boolean {
  return dynamicEntries(v) !== null;
}

/**
 * Each `dynamic "x"` block as Terraform JSON writes it, where its content is not evaluated: how
 * many `x` blocks Terraform generates, and from what, is decided by a `for_each` this reader does
 * not evaluate (CDKTF writes `${toset([...])}` or a variable), so `x` becomes that expression, a
 * value known only after apply: rules reading `x` report it as unverifiable instead of missing it.
 */
function dynamicAsUnknown(out: JsonObject, dynamic: Json, seen?: TemplateVisitor): void {
  for (const [name, d] of dynamicEntries(dynamic) ?? []) {
    const forEach = blockBodies(d)[0]?.for_each;
    const unknown = typeof forEach === 'string' && forEach.startsWith('${') ? forEach : `\${${JSON.stringify(forEach ?? null)}}`;
    if (name === '__proto__') Object.defineProperty(out, name, { value: unknown, writable: true, enumerable: true, configurable: true });
    else out[name] = unknown;
    seen?.template(unknown);
  }
}

/** True when `test` holds for some string value at any depth of `v` (object keys are not values). */
export function someString(v: Json, test: (s: string) => boolean): boolean {
  if (typeof v === 'string') return test(v);
  if (Array.isArray(v)) return v.some((x) => someString(x, test));
  if (v !== null && typeof v === 'object') return Object.values(v).some((x) => someString(x, test));
  return false;
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

/** `s` as a literal inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
