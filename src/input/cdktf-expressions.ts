/**
 * Terraform JSON (CDKTF output) holds expressions as `${...}` templates. A value that is one
 * `${jsonencode({...})}` (what CDKTF's `Fn.jsonencode` writes, the usual way to build a policy
 * besides `JSON.stringify` and a policy-document data source) is evaluated as Terraform evaluates
 * it when it is known before apply (the JSON text), and written with the parts known only after
 * apply as interpolations otherwise (hcl-expr.ts partialJsonencode: the form `JSON.stringify`
 * around tokens gives), so the policy rules read it either way. Every other value stays as written.
 *
 * Synchronous (HCL's parser runs on a thread of its own: HclExpressionParser.parsePendingSync), so `check` and the
 * synth-time guard, which validates inside `app.synth()`, read a stack the same way. Only the
 * document's own resources are evaluated: resources of modules it calls are read from HCL with
 * their own variables.
 */
import * as path from 'node:path';
import { buildModel, type RawModel, type RawResource } from '../model/build';
import { evaluateString, holdsLater, mayBeKnownBeforeApply, partialJsonencode, partialList, partialMerge, readsAsTemplate, type EvalContext } from '../model/hcl-expr';
import { setKey } from '../model/indexes';
import { cdktfRawModel } from '../model/normalize-cdktf';
import { iteratorElements, pathsBelow } from '../model/normalize-hcl';
import type { Json, JsonObject, NormalizedModel } from '../model/types';
import { blockBodies, isDynamicBlocks, unwrapInterpolation, withoutNulls } from '../model/values';
import { realDirectory } from './hcl-files';
import { HclExpressionParser } from './hcl-expressions';

/** The model of one Terraform JSON document (no module calls followed), its expressions evaluated. */
export function normalizeTerraformJson(doc: unknown, file: string, stack: string): NormalizedModel {
  const raw = cdktfRawModel(doc, file, stack, true);
  evaluateTerraformJson(raw, path.dirname(file));
  return buildModel(raw);
}

/**
 * Evaluates, in the root resources of `raw` (read with `cdktfRawModel(..., keepDynamic = true)`),
 * every template Terraform knows at plan time (variables with their defaults, functions, `for`
 * expressions, conditionals: hcl-expr.ts) to its value; a `${jsonencode({...})}` with parts known
 * only after apply to its JSON with those parts as interpolations (partialJsonencode). `dynamic`
 * blocks generate one block per element of a known `for_each`; one whose `for_each` is known only
 * after apply is its content once, the block and every path below it unknown. A resource whose
 * `count` is 0 or whose `for_each` is empty does not exist. `baseDir`: where `file()` reads from.
 */
export function evaluateTerraformJson(raw: RawModel, baseDir: string): void {
  const parser = new HclExpressionParser();
  const dir = realDirectory(baseDir);
  const known: JsonObject = {};
  const base: EvalContext = { parser, names: { var: raw.variables, local: known }, baseDir: dir, readableDirs: [dir] };
  // Only the resources cdktfRawModel found a template that may be known, or a dynamic block, in.
  const roots = (raw.templated ?? []).filter((r) => r.module === null);
  const locals = Object.entries(raw.locals ?? {});
  // The first pass finds what to parse (nothing is known yet); the second evaluates.
  for (const [, v] of locals) resolveValue(v, base, '', []);
  for (const r of roots) resolveValues(r.values, base, '', []);
  try {
    parser.parsePendingSync();
  } catch {
    // The parser thread did not answer: the templates stay as written (known only after apply).
    for (const r of roots) r.values = withoutNulls(r.values, undefined, undefined, true) as JsonObject;
    return;
  }
  // Locals known at plan time, to a fixpoint (one may read another); the others stay unknown.
  for (let pending = locals, changed = true; changed && pending.length > 0; ) {
    changed = false;
    pending = pending.filter(([k, v]) => {
      const value = resolveValue(v, base, '', []);
      if (holdsLater(value)) return true;
      setKey(known, k, value);
      changed = true;
      return false;
    });
  }
  for (const r of roots) {
    const unknown: string[] = [];
    r.values = resolveValues(r.values, base, '', unknown);
    if (unknown.length > 0) r.unknown = [...(r.unknown ?? []), ...unknown];
    // `for_each = aws_s3_bucket.b` (TerraformIterator.fromResources): each instance's `each.value`
    // is the matching instance of that resource, which CDKTF's one resource stands for.
    const collection = typeof r.values.for_each === 'string' && r.values.count === undefined ? RESOURCE_COLLECTION.exec(r.values.for_each) : null;
    if (collection && !NOT_RESOURCES.has(collection[1].split('.')[0])) r.values = eachValueAs(r.values, collection[1]) as JsonObject;
  }
  const exists = (r: RawResource): boolean => r.module !== null || !(r.values.count === 0 || isEmptyCollection(r.values.for_each));
  raw.resources = raw.resources.filter(exists);
}

function isEmptyCollection(v: Json | undefined): boolean {
  return (Array.isArray(v) && v.length === 0) || (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
}

/** `v` with its templates evaluated in `ctx` and its `dynamic` blocks generated (see evaluateTerraformJson). */
function resolveValues(v: JsonObject, ctx: EvalContext, at: string, unknown: string[]): JsonObject {
  const out: JsonObject = {};
  const pathOf = (k: string): string => (at ? `${at}.${k}` : k);
  for (const k of Object.keys(v)) {
    if (k === 'dynamic' && isDynamicBlocks(v[k])) continue;
    setKey(out, k, resolveValue(v[k], ctx, pathOf(k), unknown));
  }
  if (isDynamicBlocks(v.dynamic)) {
    for (const [name, d] of Object.entries(v.dynamic as JsonObject)) {
      const generated = blockBodies(d).flatMap((b) => dynamicBlocks(name, b, ctx, pathOf(name), unknown));
      if (generated.length === 0) continue;
      const existing = out[name];
      setKey(out, name, [...(Array.isArray(existing) ? existing : existing === undefined ? [] : [existing]), ...generated]);
    }
  }
  return out;
}

function resolveValue(v: Json, ctx: EvalContext, at: string, unknown: string[]): Json {
  if (typeof v === 'string') return evaluated(v, ctx);
  if (Array.isArray(v)) return v.map((x) => resolveValue(x, ctx, at, unknown));
  if (v !== null && typeof v === 'object') return resolveValues(v, ctx, at, unknown);
  return v;
}

/** A template's value where it is known; a jsonencode with parts known later as its JSON; else as written. */
function evaluated(s: string, ctx: EvalContext): Json {
  // Inside a dynamic block's content, `<iterator>.value` reads like an object's attribute but is known.
  if (!mayBeKnownBeforeApply(s) && !ctx.declaredRoots?.some((root) => s.includes(`${root}.`))) return s;
  // One variable, the commonest template: read without HCL's parser (a thread and ~0.25 s to start).
  const variable = ONE_VARIABLE.exec(s);
  if (variable) {
    const vars = ctx.names.var;
    return vars !== null && typeof vars === 'object' && !Array.isArray(vars) && Object.hasOwn(vars, variable[1]) ? vars[variable[1]] : s;
  }
  const r = evaluateString(s, ctx);
  // A known text holding `${` would read as a template again: it stays as written.
  if (r.known) return typeof r.value === 'string' && readsAsTemplate(r.value) ? s : r.value;
  return partialJsonencode(s, ctx) ?? partialMerge(s, ctx) ?? partialList(s, ctx) ?? s;
}

/** A whole managed resource as an expression (`${aws_s3_bucket.b}`): its instances. */
const RESOURCE_COLLECTION = /^\$\{\s*([A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)\s*\}$/;
const NOT_RESOURCES = new Set(['var', 'local', 'each', 'count', 'path', 'terraform', 'data', 'module', 'self']);

/** `each.value` in the templates of `v` replaced by `ref`. */
function eachValueAs(v: Json, ref: string): Json {
  if (typeof v === 'string') return v.includes('each.value') && readsAsTemplate(v) ? v.replace(/(?<![\w.])each\.value(?![\w-])/g, ref) : v;
  if (Array.isArray(v)) return v.map((x) => eachValueAs(x, ref));
  if (v !== null && typeof v === 'object') {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setKey(out, k, eachValueAs(v[k], ref));
    return out;
  }
  return v;
}

const ITERATOR = /^[A-Za-z_][\w-]*$/;
const ONE_VARIABLE = /^\$\{\s*var\.([A-Za-z_][\w-]*)\s*\}$/;

/** The blocks one `dynamic` block generates (see evaluateTerraformJson). */
function dynamicBlocks(name: string, d: JsonObject, ctx: EvalContext, at: string, unknown: string[]): JsonObject[] {
  const iterator = typeof d.iterator === 'string' ? unwrapInterpolation(d.iterator) : name;
  const collection = d.for_each === undefined ? undefined : resolveValue(d.for_each, ctx, at, []);
  const known = collection !== undefined && collection !== null && typeof collection === 'object' && !holdsLater(collection);
  const elements = known && ITERATOR.test(iterator) ? iteratorElements(collection, collectionKind(d.for_each)) : null;
  const contents = blockBodies(d.content);
  // The iterator is a name of the content, known or not (so its expressions are parsed in the first pass).
  const declared: EvalContext = { ...ctx, declaredRoots: [...(ctx.declaredRoots ?? []), iterator] };
  if (!elements) {
    const blocks = contents.map((c) => resolveValues(c, declared, at, unknown));
    unknown.push(at);
    for (const b of blocks) unknown.push(...pathsBelow(b, at));
    return blocks;
  }
  return elements.flatMap((element) => {
    const inner: EvalContext = { ...declared, names: { ...ctx.names, [iterator]: element } };
    return contents.map((c) => resolveValues(c, inner, at, unknown));
  });
}

/** A `for_each` as CDKTF writes it: a tuple or `tolist(...)` (key: the index), `toset(...)` (key: the value), else unknown kind. */
function collectionKind(written: Json | undefined): 'list' | 'set' | null {
  if (Array.isArray(written)) return 'list';
  if (typeof written !== 'string') return null;
  const source = unwrapInterpolation(written).trim();
  if (source.startsWith('[') || /^tolist\s*\(/.test(source)) return 'list';
  return /^toset\s*\(/.test(source) ? 'set' : null;
}
