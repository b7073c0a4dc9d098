/**
 * Format-independent assembly of the normalized model: every loader produces raw resources
 * (address, type, values, provider key, origin) and this module resolves references, unknowns,
 * regions and indexes the same way for all of them.
 */
import { readFileSync } from 'node:fs';
import { appendDeferredIndexes, dict, sortKeys, type ModelIndexes } from './indexes';
import { mayHoldDerivedFact } from './derived';
import { candidateTargets, isExpression } from './refs';
import { typedValues } from './typed-values';
import { escapeRegExp } from './values';
import { InputError } from '../errors';
import type { ChangeSet, InlineWaiver, InputFormat, Json, JsonObject, ModelResource, NormalizedModel, Origin, ProviderConfig, TerraformSettings } from './types';

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
  /** Planned changes (plan inputs). */
  changes?: ChangeSet;
  /** Output name → value as written (Terraform JSON only): traced to addresses in `outputs`. */
  outputs?: Record<string, Json>;
  /**
   * Terraform JSON read with `dynamic` blocks kept: the resources holding one, or a template that
   * may be known before apply, for the loader to evaluate (src/input/cdktf-expressions.ts).
   */
  templated?: RawResource[];
  /** Terraform JSON read with `dynamic` blocks kept: its locals as written, for the loader to evaluate. */
  locals?: Record<string, Json>;
  /** Terraform JSON read with `dynamic` blocks kept: declared variable types as written (`number`, `list(string)`). */
  variableTypes?: Record<string, string>;
  /** Terraform JSON read with `dynamic` blocks kept: provider blocks as written, for the loader to evaluate. */
  providerBodies?: Array<[string, JsonObject]>;
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
  // `aws_s3_bucket.b` in an expression names every instance of an expanded resource.
  const instancesOf = new Map<string, string[]>();
  for (const r of raw.resources) {
    // Only an address ending in `]` can be an instance (the test spares a regular expression per resource).
    const base = r.address.endsWith(']') ? r.address.replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]$/, '') : r.address;
    if (base === r.address) continue;
    const instances = instancesOf.get(base);
    if (instances) instances.push(r.address);
    else instancesOf.set(base, [r.address]);
  }
  for (const name of Object.keys(raw.modules)) known.add(`module.${name}`);

  const providers: Record<string, ProviderConfig> = dict();
  for (const p of raw.providers) {
    // Terraform rejects a second configuration with the same name and alias; keeping either one
    // would leave the other unchecked.
    if (Object.prototype.hasOwnProperty.call(providers, p.key)) {
      throw new InputError(`provider configuration "${p.key}" is defined twice`, { file: raw.source, hint: 'give each additional configuration of a provider its own alias' });
    }
    providers[p.key] = p;
  }
  // A resource whose default provider has no configuration block uses Terraform's implied empty
  // configuration: modelled, so provider rules judge it like an explicit empty block. Terraform's
  // built-in `terraform` provider (terraform_remote_state, terraform_data) is never configured.
  for (const r of raw.resources) {
    if (r.provider !== BUILTIN_PROVIDER && !Object.prototype.hasOwnProperty.call(providers, r.provider) && /^[A-Za-z][\w-]*$/.test(r.provider)) {
      providers[r.provider] = impliedProvider(r.provider);
    }
  }

  // Text the wasm engine cannot read (a lone UTF-16 surrogate) is an input error wherever it is,
  // not only in resources: provider blocks, terraform settings, module calls, variables, outputs.
  const elsewhere = illFormedPath(
    {
      provider: Object.fromEntries(raw.providers.map((p) => [p.key, p as unknown as Json])),
      terraform: raw.terraform as unknown as Json,
      module: raw.modules as unknown as Json,
      variable: raw.variables,
      output: raw.outputs ?? {},
      resource_changes: (raw.changes ?? null) as unknown as Json,
    },
    '',
  );
  if (elsewhere !== null) {
    throw new InputError(`${elsewhere || '(a name)'} holds a lone UTF-16 surrogate (text that is not valid Unicode)`, {
      file: raw.source,
      hint: 'Terraform reads UTF-8 text; fix the escape sequence (\\uD800-\\uDFFF must come in pairs)',
    });
  }

  // Terraform converts every value to its attribute's schema type before anything reads it.
  const typed: RawResource[] = [];
  const typeOf = new Map<string, string>();
  for (const r of raw.resources) {
    typed.push({ ...r, values: typedResourceValues(r) });
    typeOf.set(r.address, r.type);
  }
  const literalBindings = literalBindingIndex(typed);

  const resources: Record<string, ModelResource> = dict();
  const plainValues = new Set<object>();
  const context: ResourceContext = { known, instancesOf, typeOf, literalBindings, providers, variables: raw.variables, plainValues };
  for (const r of typed) resources[r.address] = modelResource(r, context);

  // The indexes are computed when first read (by the engine once it has sent the resources to its
  // workers), in their place between `outputs` and `providers`.
  const indexed = appendDeferredIndexes(
    {
      version: 1,
      format: raw.format,
      stack: raw.stack,
      source: raw.source,
      resources: sortKeys(resources),
      ...(raw.outputs ? { outputs: outputReferences(raw.outputs, known, instancesOf) } : {}),
    } as Omit<NormalizedModel, keyof ModelIndexes>,
    resources,
    { plainValues },
  );
  indexed.providers = sortKeys(providers);
  indexed.terraform = raw.terraform;
  indexed.modules = sortKeys(raw.modules);
  if (raw.changes) indexed.changes = { ...raw.changes, resources: sortKeys(raw.changes.resources) };
  return indexed;
}

/** What modelResource needs to know about the whole input. */
interface ResourceContext {
  known: Set<string>;
  instancesOf: Map<string, string[]>;
  typeOf: Map<string, string>;
  literalBindings: ReturnType<typeof literalBindingIndex>;
  providers: Record<string, ProviderConfig>;
  variables: Record<string, Json>;
  /** Filled with the values objects holding no string a derived fact reads (indexes.ts IndexHints). */
  plainValues: Set<object>;
}

/**
 * One resource of the model: its references and unknown paths resolved, its region. A function of
 * its own (not the body of buildModel's loop) so that V8 optimizes it as one small function
 * instead of recompiling all of buildModel for each of its loops.
 */
function modelResource(r: RawResource, { known, instancesOf, typeOf, literalBindings, providers, variables, plainValues }: ResourceContext): ModelResource {
  const unknown: Record<string, true> = dict();
  const refs: Record<string, Set<string>> = dict();
  for (const p of r.unknown ?? []) unknown[p] = true;
  for (const [p, targets] of Object.entries(r.refs ?? {})) {
    for (const t of targets) if (known.has(t)) (refs[p] ??= new Set()).add(t);
  }
  // The walk for expressions also tells whether every string and name is well-formed, and whether
  // any string is one a derived fact reads (derived.ts DerivedFacts).
  const scanned = scanValues(r.values, '', (path, s) => {
    unknown[path] = true;
    for (const c of candidateTargets(s)) {
      // Inside a module, expressions name the module's own objects (Terraform scoping); text a
      // caller passed in for a variable names the caller's, one module level up at a time.
      // `aws_s3_bucket.b["a"]` names that instance; `aws_s3_bucket.b` every instance.
      const keyed = c.index !== undefined ? scopedTargets(`${c.base}${c.index}`, r.module, known, new Map()) : [];
      for (const t of keyed.length > 0 ? keyed : scopedTargets(c.base, r.module, known, instancesOf)) (refs[path] ??= new Set()).add(t);
    }
  });
  if ((scanned & ILL_FORMED) !== 0 || LONE_SURROGATE.test(r.address)) {
    const bad = illFormedPathIn(r.values, '');
    throw new InputError(`${r.address}: ${bad !== null ? `attribute ${bad || '(name)'}` : 'the address'} holds a lone UTF-16 surrogate (text that is not valid Unicode)`, {
      file: r.origin.file,
      hint: 'Terraform reads UTF-8 text; fix the escape sequence (\\uD800-\\uDFFF must come in pairs)',
    });
  }
  if ((scanned & HOLDS_FACT_TEXT) === 0) plainValues.add(r.values);
  for (const b of LITERAL_BINDINGS) {
    const v = r.values[b.attr];
    if (r.type === b.targetType || typeof v !== 'string') continue;
    // An expression naming the parent binds by reference; any other (`var.bucket_name` without
    // a value) binds to the parent holding the same expression in the same module.
    if (isExpression(v) && [...(refs[b.attr] ?? [])].some((t) => typeOf.get(t) === b.targetType)) continue;
    for (const target of literalBindings.get(bindingKey(b.targetType, v, r.module)) ?? []) (refs[b.attr] ??= new Set()).add(target);
  }
  const refPaths = Object.keys(refs);
  const resource: ModelResource = {
    address: r.address,
    mode: r.mode,
    type: r.type,
    name: r.name,
    module: r.module,
    provider: r.provider,
    region: effectiveRegion(r, providers, variables),
    values: r.values,
    unknown: sortKeys(unknown),
    refs: refPaths.length === 0 ? {} : sortKeys(Object.fromEntries(refPaths.map((k) => [k, [...refs[k]].sort()]))),
    origin: r.origin,
  };
  // Set after the others, in this order (the order JSON reports and the policies see).
  if (r.waivers && r.waivers.length > 0) resource.waivers = r.waivers;
  if (r.actions) resource.actions = r.actions;
  return resource;
}

function scopedTargets(candidate: string, module: string | null, known: Set<string>, instancesOf: Map<string, string[]>): string[] {
  for (let scope = module; ; scope = parentModule(scope)) {
    const target = scope ? `${scope}.${candidate}` : candidate;
    if (known.has(target)) return [target];
    const instances = instancesOf.get(target);
    if (instances) return instances;
    if (scope === null) return [];
  }
}

/** `module.a.module.b` → `module.a`; `module.a` → null (the root). */
function parentModule(module: string | null): string | null {
  if (module === null) return null;
  const i = module.lastIndexOf('.module.');
  return i === -1 ? null : module.slice(0, i);
}

/** The resource's values converted to their schema types; a value Terraform rejects is an input error. */
function typedResourceValues(r: RawResource): JsonObject {
  const { values, errors } = typedValues(r.type, r.values);
  if (errors.length > 0) {
    const e = errors[0];
    const line = r.origin.line !== undefined ? attributeLine(r.origin.file, r.origin.line, e.path) : undefined;
    throw new InputError(`\`${r.address}\` \`${e.path}\`: ${e.message} (Terraform rejects it: "Inappropriate value for attribute")`, {
      file: r.origin.file,
      path: line !== undefined ? `line ${line}: ${e.path}` : `${r.address}.${e.path}`,
      hint: /^a (bool|number) is required/.test(e.message)
        ? 'write the value in the attribute\'s type (a bool is true/false or "true"/"false"; a number is 22 or "22")'
        : 'write the value in the attribute\'s type (nested blocks as blocks or a list of objects, a list as [...])',
    });
  }
  return values;
}

/**
 * The line of the attribute (or nested block) a path starts with, in the block whose header is at
 * `header` (HCL, as `terraform fmt` writes it: the block ends at a `}` in the first column);
 * the header's line when it is not found, as Terraform names the attribute's own line.
 */
function attributeLine(file: string, header: number, path: string): number {
  const name = /^[^.[]+/.exec(path)?.[0] ?? path;
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    return header;
  }
  const at = new RegExp(`^\\s*"?${escapeRegExp(name)}"?\\s*[={]`);
  for (let i = header; i < lines.length && !lines[i].startsWith('}'); i++) if (at.test(lines[i])) return i + 1;
  return header;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Output name → the known addresses its value references (sorted); an output of literals maps to []. */
function outputReferences(outputs: Record<string, Json>, known: Set<string>, instancesOf: Map<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(outputs)) {
    const targets = new Set<string>();
    scanValues(value, '', (_path, s) => {
      // As for a resource's references: `aws_kms_key.k["b"]` names that instance, `aws_kms_key.k` every one.
      for (const c of candidateTargets(s)) {
        const keyed = c.index !== undefined && known.has(`${c.base}${c.index}`) ? [`${c.base}${c.index}`] : [];
        for (const t of keyed.length > 0 ? keyed : scopedTargets(c.base, null, known, instancesOf)) targets.add(t);
      }
    });
    out[name] = [...targets].sort();
  }
  return sortKeys(out);
}

/**
 * The path of the first string (value or key) that is not well-formed UTF-16, or null. The policy
 * engine (wasm) cannot read such text, so it is an input error before evaluation.
 */
function illFormedPath(v: Json, path: string): string | null {
  return wellFormed(v) ? null : illFormedPathIn(v, path);
}

/** String.prototype.isWellFormed (ES2024, in every Node this package supports; not in the ES2022 lib it compiles against). */
const isWellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean }).isWellFormed;

/** True when every string (value or key) in `v` is well-formed UTF-16: the common case, without building paths. */
function wellFormed(v: Json): boolean {
  if (typeof v === 'string') return isWellFormed.call(v);
  if (Array.isArray(v)) {
    for (const item of v) if (!wellFormed(item)) return false;
  } else if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) if (!isWellFormed.call(k) || !wellFormed(v[k])) return false;
  }
  return true;
}

/** illFormedPath once a lone surrogate is known to be there: the path to the first one. */
function illFormedPathIn(v: Json, path: string): string | null {
  if (typeof v === 'string') return LONE_SURROGATE.test(v) ? path : null;
  if (Array.isArray(v)) {
    for (const item of v) {
      const p = illFormedPathIn(item, path);
      if (p !== null) return p;
    }
  } else if (v !== null && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      const here = path ? `${path}.${k}` : k;
      if (LONE_SURROGATE.test(k)) return here;
      const p = illFormedPathIn(child, here);
      if (p !== null) return p;
    }
  }
  return null;
}

/**
 * Literal and expression bindings: a split resource may name its parent by a literal instead of
 * a reference (`bucket = "crm-files"`), or by the same unresolved expression the parent uses
 * (`bucket = var.bucket_name` on both). They count as references, resolved through one index;
 * a name declared twice binds to both declarations.
 */
const LITERAL_BINDINGS = [{ attr: 'bucket', targetType: 'aws_s3_bucket', targetAttr: 'bucket' }] as const;

/** Literals bind globally (bucket names are global); expressions only within their module's scope. */
function bindingKey(targetType: string, value: string, module: string | null): string {
  return isExpression(value) ? `${targetType}\u0000${module ?? ''}\u0000${normalizedExpression(value)}` : `${targetType}\u0000\u0000${value}`;
}

/** Expression text with the whitespace outside string literals removed (`${ var.x }` = `${var.x}`). */
export function normalizedExpression(s: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      out += c;
      if (c === '\\') out += s[++i] ?? '';
      else if (c === '"') quoted = false;
    } else if (c === '"') {
      quoted = true;
      out += c;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

function literalBindingIndex(resources: readonly RawResource[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const b of LITERAL_BINDINGS) {
    for (const r of resources) {
      const name = r.type === b.targetType ? r.values[b.targetAttr] : undefined;
      if (typeof name !== 'string') continue;
      const key = bindingKey(b.targetType, name, r.module);
      const named = index.get(key);
      if (named) named.push(r.address);
      else index.set(key, [r.address]);
    }
  }
  return index;
}

/** scanValues flags: a string or name is not well-formed UTF-16; a string is one a derived fact reads (derived.ts mayHoldDerivedFact). */
const ILL_FORMED = 1;
const HOLDS_FACT_TEXT = 2;

/**
 * Calls `onExpr(path, string)` for every string holding an expression; paths skip list indices.
 * Returns ILL_FORMED when some string or name in `v` is not well-formed UTF-16 (see illFormedPath),
 * and HOLDS_FACT_TEXT when some string may be what a derived fact reads.
 */
function scanValues(v: Json, path: string, onExpr: (path: string, s: string) => void): number {
  if (typeof v === 'string') {
    if (isExpression(v)) onExpr(path, v);
    return (isWellFormed.call(v) ? 0 : ILL_FORMED) | (mayHoldDerivedFact(v) ? HOLDS_FACT_TEXT : 0);
  }
  let flags = 0;
  if (Array.isArray(v)) {
    for (const item of v) flags |= scanValues(item, path, onExpr);
  } else if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      const child = v[k];
      // A child's path is built only where it is used: an expression, or a nested value.
      if (typeof child === 'string') {
        if (isExpression(child)) onExpr(path ? `${path}.${k}` : k, child);
        if (!isWellFormed.call(child)) flags |= ILL_FORMED;
        if (mayHoldDerivedFact(child)) flags |= HOLDS_FACT_TEXT;
      } else if (child !== null && typeof child === 'object') flags |= scanValues(child, path ? `${path}.${k}` : k, onExpr);
      if (!isWellFormed.call(k)) flags |= ILL_FORMED;
    }
  }
  return flags;
}

function effectiveRegion(r: RawResource, providers: Record<string, ProviderConfig>, variables: Record<string, Json>): string | null {
  // AWS provider v6: every regional resource accepts its own `region` argument.
  if (r.mode === 'managed' && 'region' in r.values && r.type.startsWith('aws_')) {
    const own = resolveLiteral(r.values.region, variables);
    return typeof own === 'string' ? own : null;
  }
  return providers[r.provider]?.region ?? null;
}

/** `terraform.io/builtin/terraform`: built into Terraform, takes no configuration. */
const BUILTIN_PROVIDER = 'terraform';

/** Terraform's implied configuration of a provider used without a `provider` block. */
export function impliedProvider(name: string): ProviderConfig {
  return { key: name, name, alias: null, region: null, region_unknown: false, values: {} };
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
