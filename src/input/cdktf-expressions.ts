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
import { buildModel, providerConfig, type RawModel, type RawResource } from '../model/build';
import { convertPrimitive, evaluateString, holdsLater, mayBeKnownBeforeApply, partialJsonencode, partialList, partialMerge, readsAsTemplate, withTypeDefaults, type EvalContext } from '../model/hcl-expr';
import { setKey } from '../model/indexes';
import { cdktfRawModel } from '../model/normalize-cdktf';
import { countInstances, forEachInstances, IDENTIFIER, located, iteratorElements, namesPending, oneInterpolation, pathsBelow, resourceCollection, withInstanceLiterals, withLocalExpressions, writtenCollectionKind } from '../model/normalize-hcl';
import type { Json, JsonObject, NormalizedModel, ProviderConfig } from '../model/types';
import { blockBodies, dynamicEntries, isDynamicBlocks, unwrapInterpolation, withoutNulls } from '../model/values';
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
  const aliases = new Map<string, string>();
  const base: Ctx = { parser, names: { var: raw.variables, local: known }, paths: { module: '.', root: '.', cwd: dir }, baseDir: dir, readableDirs: [dir], aliases };
  // Only the resources cdktfRawModel found a template that may be known, or a dynamic block, in.
  const roots = (raw.templated ?? []).filter((r) => r.module === null);
  const locals = Object.entries(raw.locals ?? {});
  const given: JsonObject = { ...raw.variables };
  const typed = Object.entries(raw.variableTypes ?? {}).filter(([name]) => Object.hasOwn(given, name));
  const providerBodies = raw.providerBodies ?? [];
  const settle = (): void => {
    // Variables converted to their declared types, as Terraform converts them before anything reads them.
    for (const [name, type] of typed) {
      const value = PRIMITIVE_TYPES.has(type) ? convertPrimitive(given[name], type) : given[name] === null ? null : withTypeDefaults(given[name], type, base);
      if (value !== undefined) setKey(raw.variables, name, value);
    }
    // Locals known at plan time, to a fixpoint (one may read another); a local that is one
    // expression known only after apply is read as that expression (aliases); a collection with
    // such parts keeps its known ones, once it names no local still pending.
    for (const k of Object.keys(known)) delete known[k];
    aliases.clear();
    let pending = locals;
    const fixpoint = (settles: (value: Json, names: ReadonlySet<string>) => boolean): void => {
      for (let changed = true; changed && pending.length > 0; ) {
        changed = false;
        const names = new Set(pending.map(([k]) => k));
        pending = pending.filter(([k, v]) => {
          const value = resolveValue(v, base, '', []);
          if (!settles(value, names)) return true;
          setKey(known, k, value);
          changed = true;
          return false;
        });
      }
    };
    fixpoint((value) => !holdsLater(value));
    pending = pending.filter(([k, v]) => {
      const value = resolveValue(v, base, '', []);
      // Only a reference (`aws_s3_bucket.b.id`): written into a JSON text, anything else (quotes,
      // calls) could break it.
      const inner = typeof value === 'string' ? oneInterpolation(value)?.trim() : undefined;
      if (inner === undefined || !JSON_SAFE_REFERENCE.test(inner)) return true;
      aliases.set(k, inner);
      return false;
    });
    fixpoint((value, names) => value !== null && typeof value === 'object' && !namesPending(value, names));
  };
  // `count` / `for_each` over a known collection: one resource per instance, at Terraform's address
  // (`aws_subnet.s[0]`, `aws_s3_bucket.b["logs"]`), none for 0 or an empty collection. The root
  // resources and providers evaluated, as replacements (nothing in `raw` changes until committed).
  const byAddress = new Map(roots.map((r) => [r.address, r]));
  const evaluate = (): { providers: ProviderConfig[] | null; resources: Map<RawResource, RawResource[]> } => {
    const providers = providerBodies.length > 0 ? providerBodies.map(([name, cfg]) => providerConfig(name, resolveValues(cfg, base, '', []), raw.variables)) : null;
    const instances = new Map<RawResource, Instance[] | null>();
    const instancesOf = (r: RawResource): Instance[] | null => {
      if (!instances.has(r)) {
        instances.set(r, null); // a cycle (Terraform rejects it) stays unexpanded
        instances.set(r, instanceKeys(r, base, (address) => {
          const target = byAddress.get(address);
          return target ? instancesOf(target) : null;
        }));
      }
      return instances.get(r) ?? null;
    };
    const resources = new Map<RawResource, RawResource[]>();
    for (const r of roots) {
      const keys = instancesOf(r);
      if (keys) {
        resources.set(r, keys.map((inst) => instanceResource(r, inst, base)));
        continue;
      }
      const unknown: string[] = [];
      let values = resolveValues(r.values, base, '', unknown);
      // `for_each = aws_s3_bucket.b` (TerraformIterator.fromResources) over a resource whose instances
      // are not known: each instance's `each.value` is the matching instance of that one resource.
      const collection = values.count === undefined ? resourceCollection(values.for_each) : null;
      if (collection) values = instanceNamesIn(values, { index: '', names: {}, eachObject: collection }) as JsonObject;
      resources.set(r, [{ ...r, values, ...(unknown.length > 0 ? { unknown: [...(r.unknown ?? []), ...unknown] } : {}) }]);
    }
    return { providers, resources };
  };
  // Rounds: each evaluation asks HCL's parser for what it has not parsed yet (expressions, types,
  // template files); the first that asks for nothing new is kept.
  for (let round = 0; ; round++) {
    settle();
    let result = evaluate();
    let asked: boolean;
    try {
      asked = parser.parsePendingSync();
    } catch {
      // The parser thread did not answer: the templates stay as written (known only after apply).
      for (const r of roots) r.values = withoutNulls(r.values, undefined, undefined, true) as JsonObject;
      return;
    }
    if (asked && round < MAX_ROUNDS) continue;
    if (asked) {
      settle();
      result = evaluate();
    }
    if (result.providers) raw.providers = result.providers;
    raw.resources = raw.resources.flatMap((r) => result.resources.get(r) ?? [r]);
    return;
  }
}

/** One instance of a resource with `count` / `for_each`: its address suffix and what its body sees. */
interface Instance {
  index: string;
  names: { count?: JsonObject; each?: JsonObject };
  /** `for_each` over another resource's instances: the instance `each.value` is (`aws_s3_bucket.b["a"]`). */
  eachObject?: string;
}

/**
 * The instances of a resource whose `count` / `for_each` is known at plan time, as Terraform
 * orders them; null when it has neither or the collection is not known. `for_each` over another
 * resource (`${aws_s3_bucket.b}`) has that resource's keys when they are known (`keysOf`).
 */
function instanceKeys(r: RawResource, ctx: Ctx, keysOf: (address: string) => Instance[] | null): Instance[] | null {
  const { count, for_each: forEach } = r.values;
  if (count !== undefined && forEach === undefined) {
    // A number written as a string (`"count": "0"`) converts, as Terraform converts `count`.
    const n = convertPrimitive(resolveValue(count, ctx, '', []), 'number');
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return null;
    return located(() => countInstances(n), r.address, r.origin.file, r.origin.line);
  }
  if (forEach === undefined || count !== undefined) return null;
  const collection = resourceCollection(forEach);
  if (collection) {
    const target = keysOf(collection);
    const keys = target?.map((t) => t.names.each?.key);
    if (!target || !keys || !keys.every((k): k is string => typeof k === 'string')) return null;
    return keys.map((k) => ({ index: `[${JSON.stringify(k)}]`, names: { each: { key: k } }, eachObject: `${collection}[${JSON.stringify(k)}]` }));
  }
  const each = forEachInstances(resolveValue(forEach, ctx, '', []));
  return each ? each.map((e) => ({ index: `[${JSON.stringify(e.key)}]`, names: { each: e } })) : null;
}

/** The resource of one instance: its values evaluated with `count.index` / `each` known. */
function instanceResource(r: RawResource, inst: Instance, base: Ctx): RawResource {
  const ctx: Ctx = { ...base, names: { ...base.names, ...inst.names } };
  const unknown: string[] = [];
  const body: JsonObject = {};
  for (const k of Object.keys(r.values)) if (k !== 'count' && k !== 'for_each') setKey(body, k, r.values[k]);
  const values = instanceNamesIn(resolveValues(body, ctx, '', unknown), inst) as JsonObject;
  const address = `${r.address}${inst.index}`;
  return { ...r, address, values, origin: { ...r.origin, address }, ...(unknown.length > 0 ? { unknown: [...(r.unknown ?? []), ...unknown] } : {}) };
}

/**
 * In the templates that stay unknown, `each.key`, `each.value` (a string or number) and
 * `count.index` become their literal, and `each.value` over another resource's instances that
 * instance, so `aws_s3_bucket.b[count.index].id` names the one instance it does in Terraform.
 */
function instanceNamesIn(v: Json, inst: Instance): Json {
  if (typeof v === 'string') {
    return readsAsTemplate(v) && /(?:each|count)\./.test(v) ? withInstanceLiterals(v, inst.names, inst.eachObject) : v;
  }
  if (Array.isArray(v)) return v.map((x) => instanceNamesIn(x, inst));
  if (v !== null && typeof v === 'object') {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setKey(out, k, instanceNamesIn(v[k], inst));
    return out;
  }
  return v;
}

/** `v` with its templates evaluated in `ctx` and its `dynamic` blocks generated (see evaluateTerraformJson). */
function resolveValues(v: JsonObject, ctx: Ctx, at: string, unknown: string[]): JsonObject {
  const out: JsonObject = {};
  const pathOf = (k: string): string => (at ? `${at}.${k}` : k);
  for (const k of Object.keys(v)) {
    if (k === 'dynamic' && isDynamicBlocks(v[k])) continue;
    setKey(out, k, resolveValue(v[k], ctx, pathOf(k), unknown));
  }
  if (isDynamicBlocks(v.dynamic)) {
    for (const [name, d] of dynamicEntries(v.dynamic) ?? []) {
      const generated = blockBodies(d).flatMap((b) => dynamicBlocks(name, b, ctx, pathOf(name), unknown));
      if (generated.length === 0) continue;
      const existing = out[name];
      setKey(out, name, [...(Array.isArray(existing) ? existing : existing === undefined ? [] : [existing]), ...generated]);
    }
  }
  return out;
}

function resolveValue(v: Json, ctx: Ctx, at: string, unknown: string[]): Json {
  if (typeof v === 'string') return evaluated(v, ctx);
  if (Array.isArray(v)) return v.map((x) => resolveValue(x, ctx, at, unknown));
  if (v !== null && typeof v === 'object') return resolveValues(v, ctx, at, unknown);
  return v;
}

/** A template's value where it is known; a jsonencode with parts known later as its JSON; else as written. */
function evaluated(s: string, ctx: Ctx): Json {
  // Inside a dynamic block's content, `<iterator>.value` reads like an object's attribute but is known.
  if (!mayBeKnownBeforeApply(s) && !ctx.declaredRoots?.some((root) => s.includes(`${root}.`))) return s;
  // A local that is one expression known only after apply names what that expression names.
  const aliases = ctx.aliases;
  const rewrite = (source: string): string => (aliases && aliases.size > 0 && source.includes('local.') ? withLocalExpressions(source, aliases) : source);
  // One variable, local or `terraform.workspace`, the commonest templates: read without HCL's
  // parser (a thread and a quarter of a second to start). The workspace is not known here.
  const one = ONE_NAME.exec(s);
  if (one) {
    if (one[1] === 'terraform') return s;
    const names = ctx.names[one[1]];
    const known = names !== null && typeof names === 'object' && !Array.isArray(names) && Object.hasOwn(names, one[2]);
    return known ? names[one[2]] : rewrite(s);
  }
  const r = evaluateString(s, ctx);
  // A known text holding `${` would read as a template again: it stays as written.
  if (r.known) return typeof r.value === 'string' && readsAsTemplate(r.value) ? s : r.value;
  return partialJsonencode(s, ctx, rewrite) ?? partialMerge(s, ctx, rewrite) ?? partialList(s, ctx, rewrite) ?? rewrite(s);
}

/** The evaluation context, with the locals read as the expression they are (see settle). */
type Ctx = EvalContext & { aliases?: ReadonlyMap<string, string> };

/**
 * One reference to an attribute, with nothing a JSON text cannot hold as is (no quoted key):
 * `aws_s3_bucket.b.id`, `data.x.y.z[0].arn`.
 */
const JSON_SAFE_REFERENCE = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])+$/;
const PRIMITIVE_TYPES = new Set(['string', 'number', 'bool']);
/** Each round resolves one more link of a chain of parses (a template file, a local's local). */
const MAX_ROUNDS = 8;
const ONE_NAME = /^\$\{\s*(var|local|terraform)\.([A-Za-z_][\w-]*)\s*\}$/;

/** The blocks one `dynamic` block generates (see evaluateTerraformJson). */
function dynamicBlocks(name: string, d: JsonObject, ctx: Ctx, at: string, unknown: string[]): JsonObject[] {
  const iterator = typeof d.iterator === 'string' ? unwrapInterpolation(d.iterator) : name;
  const collection = d.for_each === undefined ? undefined : resolveValue(d.for_each, ctx, at, []);
  const known = collection !== undefined && collection !== null && typeof collection === 'object' && !holdsLater(collection);
  const elements = known && IDENTIFIER.test(iterator) ? iteratorElements(collection, writtenCollectionKind(d.for_each)) : null;
  const contents = blockBodies(d.content);
  // The iterator is a name of the content, known or not (so its expressions are parsed in the first pass).
  const declared: Ctx = { ...ctx, declaredRoots: [...(ctx.declaredRoots ?? []), iterator] };
  if (!elements) {
    const blocks = contents.map((c) => resolveValues(c, declared, at, unknown));
    unknown.push(at);
    for (const b of blocks) unknown.push(...pathsBelow(b, at));
    return blocks;
  }
  return elements.flatMap((element) => {
    const inner: Ctx = { ...declared, names: { ...ctx.names, [iterator]: element } };
    return contents.map((c) => resolveValues(c, inner, at, unknown));
  });
}

