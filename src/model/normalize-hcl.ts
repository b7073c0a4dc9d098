/**
 * Plain HCL (a directory of `.tf` files, parsed by @cdktn/hcl2json into a module tree by
 * src/input/hcl-files.ts) → raw model. Every `.tf` file was read before; only `file()`,
 * `filebase64()` and `templatefile()` read files here, confined to the modules being checked.
 *
 * - Values keep hcl2json's shape (every nested block is a list of objects; rules accept both).
 *   With an HclEvaluation, expressions whose value is known before apply are evaluated
 *   (hcl-expr.ts: literals, var/local chains, path.*, operators, for expressions, pure functions);
 *   the rest stay `${...}` strings (with `var.x` / `local.y` literals substituted), so
 *   `buildModel` finds references and unknowns exactly as for CDKTF.
 * - `dynamic "x"` blocks over a known `for_each` become one `x` block per element (none for an
 *   empty collection), the iterator's `key` / `value` known in the content; over a collection
 *   known only later, one `x` block holding the content as written (its values unknown).
 * - `count`/`for_each` over a known collection expand into instances at Terraform's addresses
 *   (`aws_subnet.data[0]`, `module.m["a"].aws_x.y`); otherwise the resource is one model resource
 *   at its plain address (`aws_subnet.data`, as CDKTF writes it), `origin.address` recording the
 *   pattern (`aws_subnet.data[*]`), its `count`/`for_each` kept in values as in the CDKTF form.
 * - Called modules (local, or installed by `terraform init`) are followed (`module.name.aws_x.y`);
 *   every module call is listed in `modules` by configuration path (key: without the leading
 *   `module.`), marked `unavailable` when it was not installed and reported as a finding.
 */
import { InputError } from '../errors';
import { lineAt, LineIndex } from '../source/line-index';
import { buildModel, providerConfig, type RawModel, type RawResource } from './build';
import { dict } from './indexes';
import { isObject, META, terraformSettings } from './normalize-cdktf';
import type { Json, JsonObject, NormalizedModel, Origin, ProviderConfig } from './types';
import { blockBodies, dynamicEntries, escapeRegExp, isDynamicBlocks, someString, unwrapInterpolation, withoutNulls } from './values';
import * as path from 'node:path';
import { convertPrimitive, evaluateString, holdsLater, partialJsonencode, partialList, partialMerge, readsAsTemplate, splitTemplate, templateSource, withTypeDefaults, type EvalContext, type ExpressionParser, type TemplatePart } from './hcl-expr';
import { candidateAddresses, stripInstanceKeys } from './refs';


/**
 * What evaluating literal expressions needs: parsed expressions, the root module directory
 * (relative `file()` paths and `path.module` are Terraform's: relative to it) and the
 * directories files may be read from (the modules being checked). Without it, expressions other
 * than plain `var.`/`local.` references stay as written.
 */
export interface HclEvaluation {
  parser: ExpressionParser;
  rootDir: string;
  readableDirs: string[];
}

/** One parsed file: hcl2json output for `.tf`, the document itself for `.tf.json`. */
export interface HclFile {
  file: string;
  text: string;
  body: JsonObject;
}

/** A module directory with the local modules it calls, already read. */
export interface HclModule {
  dir: string;
  files: HclFile[];
  /** Local module calls followed: call name → the called module's files. */
  children: Record<string, HclModule>;
  /** Root module only: values from `terraform.tfvars` / `*.auto.tfvars` (later files win). */
  variableValues?: JsonObject;
  /** Module calls whose source is not installed (call name → source), when reported as findings. */
  unavailable?: Record<string, string>;
}

export function normalizeHcl(root: HclModule, stack: string, source: string, evaluation?: HclEvaluation): NormalizedModel {
  return buildModel(hclRawModel(root, stack, source, evaluation));
}

export function hclRawModel(root: HclModule, stack: string, source: string, evaluation?: HclEvaluation): RawModel {
  // Dictionaries keyed by names from the input have no prototype (`__proto__`, `constructor` are plain names).
  const parts: ModuleParts = { resources: [], providers: [], modules: dict() };
  const blocks = collectBlocks(root);
  const scope = moduleScope(blocks, null, root.variableValues ?? {}, null, { evaluation, dir: root.dir }, root.children);
  readModule(root, blocks, scope, parts);
  const settings: JsonObject = dict();
  const required: JsonObject = dict();
  for (const { body } of blocks.terraform) {
    if (typeof body.required_version === 'string') settings.required_version = body.required_version;
    for (const rp of blockBodies(body.required_providers)) Object.assign(required, rp);
    const backend = blockBodies(body.backend)[0];
    const type = backend ? Object.keys(backend)[0] : undefined;
    if (backend && type) settings.backend = { [type]: blockBodies(backend[type])[0] ?? {} };
    const cloud = blockBodies(body.cloud)[0];
    if (cloud) settings.cloud = cloud;
  }
  settings.required_providers = required;
  return {
    format: 'hcl',
    stack,
    source,
    resources: parts.resources,
    providers: parts.providers,
    terraform: terraformSettings(settings),
    modules: parts.modules,
    // Variables were substituted in their own module's scope already; none left to resolve.
    variables: {},
  };
}

/** What a module tree contributes to a raw model (used for CDKTF local modules too). */
export interface ModuleParts {
  resources: RawResource[];
  providers: ProviderConfig[];
  modules: NormalizedModel['modules'];
}

/** The calling side of a module call, as a CDKTF stack or another HCL module writes it. */
export interface ModuleCall {
  name: string;
  /** Call arguments (module input variables), in the caller's form. */
  args: JsonObject;
  /** The caller's module address, or null for the root. */
  callerAddress: string | null;
  /** The caller's address pattern, when it is itself expanded. */
  callerPattern: string | null;
  /** Resolves the caller's provider keys (`aws`, `aws.dr`) to model keys. */
  callerProviders: (localKey: string) => string;
  /** Resolves `var.`/`local.` literals in the caller's scope. */
  resolve: (v: Json) => Json;
  /** Expression evaluation of the calling configuration, when it has one (HCL). */
  evaluation?: HclEvaluation;
  /** The instance key (`[0]`, `["a"]`) when the call's `count` / `for_each` is known. */
  instance?: string;
}

/** Adds a called local module (and the modules it calls) to `parts`. */
export function readCalledModule(mod: HclModule, call: ModuleCall, parts: ModuleParts): void {
  const address = `${call.callerAddress ? `${call.callerAddress}.` : ''}module.${call.name}${call.instance ?? ''}`;
  const expanded = call.instance === undefined && (call.args.count !== undefined || call.args.for_each !== undefined);
  const base = call.callerPattern ?? call.callerAddress;
  const pattern = expanded || call.callerPattern ? `${base ? `${base}.` : ''}module.${call.name}${expanded ? '[*]' : ''}` : null;
  const passed: Record<string, string> = dict();
  for (const [k, v] of Object.entries(isObject(call.args.providers) ? call.args.providers : {})) {
    if (typeof v === 'string') passed[unwrapInterpolation(k)] = call.callerProviders(unwrapInterpolation(v));
  }
  const inputs: JsonObject = dict();
  for (const [k, v] of Object.entries(call.args)) if (!MODULE_META.has(k)) inputs[k] = call.resolve(v);
  const blocks = collectBlocks(mod);
  const scope = moduleScope(
    blocks,
    address,
    inputs,
    {
      pattern,
      providers: (k) => passed[k] ?? (k.includes('.') ? `${address}:${k}` : call.callerProviders(k)),
    },
    { evaluation: call.evaluation, dir: mod.dir },
    mod.children,
  );
  readModule(mod, blocks, scope, parts);
}

// ---------------------------------------------------------------------------------------------

/** Module call arguments that are not input variables. */
const MODULE_META = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on', '//']);
/** `${a.b.c}`: one reference to an object attribute (what a passthrough argument may be). */
const REFERENCE_TEXT = /^\$\{\s*(?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*\s*\}$/;
const REFERENCE = /^\$\{\s*(var|local)\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*)*)\s*\}$/;
/** A whole managed resource of the module as an expression (`${aws_s3_bucket.b}`): its instances. */
const RESOURCE_COLLECTION = /^\$\{\s*([A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)\s*\}$/;
/** Roots of two-part references that are not managed resources. */
const NOT_RESOURCES = new Set(['var', 'local', 'each', 'count', 'path', 'terraform', 'data', 'module', 'self']);
const EMBEDDED_REFERENCE = /(?<!\$)\$\{\s*(var|local)\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*)*)\s*\}/g;

interface Located<T> {
  file: HclFile;
  body: T;
}

interface Blocks {
  variable: Located<[string, JsonObject]>[];
  locals: Located<JsonObject>[];
  provider: Located<[string, JsonObject]>[];
  resource: Located<[string, string, JsonObject]>[];
  data: Located<[string, string, JsonObject]>[];
  module: Located<[string, JsonObject]>[];
  output: Located<[string, JsonObject]>[];
  terraform: Located<JsonObject>[];
}

/**
 * A module's blocks are read once per module: a module's scope is built again by each caller that
 * evaluates its outputs (moduleValues) and when its resources are read (readCalledModule).
 */
const blocksOf = new WeakMap<HclModule, Blocks>();

function collectBlocks(mod: HclModule): Blocks {
  let b = blocksOf.get(mod);
  if (!b) {
    b = readBlocks(mod);
    blocksOf.set(mod, b);
  }
  return b;
}

function readBlocks(mod: HclModule): Blocks {
  const b: Blocks = { variable: [], locals: [], provider: [], resource: [], data: [], module: [], output: [], terraform: [] };
  const seen = new Map<string, string>();
  const once = (key: string, file: HclFile, what: string): void => {
    const prev = seen.get(key);
    if (prev !== undefined) throw new InputError(`duplicate ${what}: also declared in ${prev}`, { file: file.file, hint: 'Terraform requires each name once per module' });
    seen.set(key, file.file);
  };
  for (const file of mod.files) {
    const body = file.body;
    checkStructure(file);
    for (const [name, v] of Object.entries(objectOr(body.variable))) {
      once(`variable.${name}`, file, `variable "${name}"`);
      b.variable.push({ file, body: [name, single(v, file, `variable "${name}"`)] });
    }
    for (const l of blockBodies(body.locals)) b.locals.push({ file, body: l });
    for (const [name, v] of Object.entries(objectOr(body.provider))) for (const cfg of blockBodies(v)) b.provider.push({ file, body: [name, cfg] });
    for (const mode of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries(objectOr(body[mode]))) {
        for (const [name, v] of Object.entries(objectOr(byName))) {
          const label = `${mode} "${type}" "${name}"`;
          once(`${mode}.${type}.${name}`, file, label);
          b[mode].push({ file, body: [type, name, single(v, file, label)] });
        }
      }
    }
    for (const [name, v] of Object.entries(objectOr(body.module))) {
      once(`module.${name}`, file, `module "${name}"`);
      b.module.push({ file, body: [name, single(v, file, `module "${name}"`)] });
    }
    for (const [name, v] of Object.entries(objectOr(body.output))) for (const o of blockBodies(v)) b.output.push({ file, body: [name, o] });
    for (const t of blockBodies(body.terraform)) b.terraform.push({ file, body: t });
  }
  checkVariablesDeclared(mod, new Set(b.variable.map(({ body: [name] }) => name)));
  return b;
}

/**
 * Terraform refuses a reference to an input variable the module does not declare ("Reference to
 * undeclared input variable"); read as a value known only after apply, it would make a typo or a
 * missing `variables.tf` look like a setting decided at plan time.
 */
function checkVariablesDeclared(mod: HclModule, declared: ReadonlySet<string>): void {
  const undeclared = (v: Json): string | undefined => {
    if (typeof v === 'string') {
      // `$${` is an escaped, literal `${` (a shell variable in user data): no reference.
      const text = v.includes('$${') ? v.replaceAll('$${', '') : v;
      if (!text.includes('${')) return undefined;
      for (const base of candidateAddresses(text)) {
        if (!base.startsWith('var.')) continue;
        const name = base.slice(4);
        if (!declared.has(name)) return name;
      }
      return undefined;
    }
    if (Array.isArray(v)) {
      for (const x of v) {
        const found = undeclared(x);
        if (found !== undefined) return found;
      }
    } else if (isObject(v)) {
      for (const x of Object.values(v)) {
        const found = undeclared(x);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  for (const file of mod.files) {
    const name = undeclared(file.body);
    if (name === undefined) continue;
    const at = new RegExp(`(?<![\\w.])var\\.${escapeRegExp(name)}(?![\\w-])`).exec(file.text);
    throw new InputError(`reference to undeclared input variable "${name}"`, {
      file: file.file,
      ...(at ? { path: `line ${lineAt(file.text, at.index)}` } : {}),
      hint: `declare it in the module (variable "${name}" {}) or fix the name; Terraform rejects the reference`,
    });
  }
}

/** Top-level blocks of the Terraform language (`//` is the JSON syntax's comment key). */
const TOP_LEVEL = new Set(['//', 'resource', 'data', 'provider', 'terraform', 'variable', 'output', 'locals', 'module', 'moved', 'import', 'check', 'removed', 'ephemeral']);

/** What Terraform itself would reject and hcl2json (a plain HCL parser) lets through. */
function checkStructure(file: HclFile): void {
  const lineOf = (re: RegExp): string | undefined => {
    const m = re.exec(file.text);
    return m ? `line ${lineAt(file.text, m.index)}` : undefined;
  };
  for (const key of Object.keys(file.body)) {
    if (!TOP_LEVEL.has(key)) {
      throw new InputError(`unsupported block type ${JSON.stringify(key)}`, {
        file: file.file,
        path: lineOf(new RegExp(`^[ \\t]*"?${escapeRegExp(key)}\\b`, 'm')),
        hint: `expected ${[...TOP_LEVEL].filter((k) => k !== '//').join(', ')}`,
      });
    }
  }
  for (const mode of ['resource', 'data'] as const) {
    const section = file.body[mode];
    if (section === undefined) continue;
    for (const [type, byName] of Object.entries(isObject(section) ? section : {})) {
      if (!isObject(byName)) {
        throw new InputError(`${mode} "${type}" has one label; a ${mode} block needs a type and a name label`, {
          file: file.file,
          path: lineOf(new RegExp(`^[ \\t]*${mode}[ \\t]+"?${escapeRegExp(type)}"?[ \\t]*\\{`, 'm')),
        });
      }
      for (const name of Object.keys(byName)) {
        if (IDENTIFIER_NAME.test(name)) continue;
        // Terraform refuses the block ("Invalid resource name"); read, it would be an address no
        // reference, waiver or line lookup can name.
        throw new InputError(`invalid ${mode === 'data' ? 'data source' : 'resource'} name ${JSON.stringify(name)} in ${mode} "${type}"`, {
          file: file.file,
          path: lineOf(new RegExp(`^[ \\t]*${mode}[ \\t]+"?${escapeRegExp(type)}"?[ \\t]+"${escapeRegExp(name)}"`, 'mu')),
          hint: 'a name must start with a letter or underscore and may contain only letters, digits, underscores and dashes',
        });
      }
    }
  }
}

/** A valid block name as HCL defines identifiers (Unicode letters, digits, `_` and `-`; not a digit or `-` first). */
const IDENTIFIER_NAME = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

function objectOr(v: Json | undefined): JsonObject {
  return isObject(v) ? v : {};
}

function single(v: Json, file: HclFile, label: string): JsonObject {
  const bodies = blockBodies(v);
  if (bodies.length !== 1) throw new InputError(`${label} is declared ${bodies.length} times`, { file: file.file });
  return bodies[0];
}

interface Scope {
  address: string | null;
  pattern: string | null;
  /**
   * `var.x` / `local.y` → literal value (only literals are kept); inside an expanded resource
   * also `each` (`key`, `value`) or `count` (`index`); `eachObject`: when `for_each` is another
   * resource's instances, the instance `each.value` is (`aws_s3_bucket.b["a"]`), known after apply.
   */
  literals: { var: Record<string, Json>; local: Record<string, Json>; each?: JsonObject; count?: JsonObject; eachObject?: string; iterators?: Record<string, JsonObject> };
  /** Module variables set by the caller to one expression: variable → the caller's `${...}` text. */
  passthrough?: Record<string, string>;
  /**
   * Outputs of the module's calls that are one reference to an object of the called module:
   * `module.<call>.<output>` → that reference inside the call (`module.<call>.aws_x.y.attr`), so
   * a caller's expression names the object the way the called module's own references do.
   */
  moduleOutputs?: Map<string, string>;
  /**
   * Outputs of the module's calls (without count / for_each), as the caller reads
   * `module.<call>.<output>`: the value where the called module knows it, else the text of the
   * reference it is (Scope.moduleOutputs) or `${module.<call>.<output>}`, known only after apply.
   */
  moduleValues?: JsonObject;
  /** Locals that are one expression known only after apply: name → the expression (`aws_kms_key.logs.arn`). */
  localExpressions?: Map<string, string>;
  /** Declared variable types as written (`list(string)`), null for an untyped variable. */
  varTypes?: Record<string, string | null>;
  /** Locals as written, for what their text shows (collectionKind). */
  localSources?: Record<string, Json>;
  providers: (localKey: string) => string;
  /** The module directory and the evaluation of its expressions (absent: references only). */
  env: { evaluation?: HclEvaluation; dir: string };
}

/**
 * Variables (defaults, overridden by tfvars or literal module arguments; an argument that is an
 * expression hides the default) and locals resolved to a fixpoint where they are literals.
 */
function moduleScope(
  blocks: Blocks,
  address: string | null,
  inputs: JsonObject,
  parent: { pattern: string | null; providers: (k: string) => string } | null,
  env: Scope['env'],
  children?: Record<string, HclModule>,
): Scope {
  const scope: Scope = { address, pattern: parent?.pattern ?? null, literals: { var: dict(), local: dict() }, providers: parent?.providers ?? ((k) => k), env };
  const declared = new Set([
    ...blocks.resource.map(({ body: [type, name] }) => `${type}.${name}`),
    ...blocks.data.map(({ body: [type, name] }) => `data.${type}.${name}`),
    ...blocks.module.map(({ body: [name] }) => `module.${name}`),
  ]);
  scope.varTypes = dict();
  scope.localSources = dict();
  for (const { body: [name, v] } of blocks.variable) {
    scope.varTypes[name] = typeof v.type === 'string' ? (oneInterpolation(v.type) ?? v.type).trim() : null;
    // `nullable = false`: a null argument (or tfvars value) stands for the default, as in Terraform.
    const set = Object.prototype.hasOwnProperty.call(inputs, name) && !(inputs[name] === null && v.nullable === false);
    const given = set ? inputs[name] : v.default;
    // Converted to the variable's type, as Terraform does (withTypeDefaults: primitives, sets, optional attributes).
    const typeSource = scope.varTypes[name];
    const typed = typeSource && given !== undefined && given !== null && env.evaluation ? withTypeDefaults(given, typeSource, evalContext(scope, env.evaluation)) : undefined;
    const value = typed ?? given;
    if (value !== undefined && isLiteral(value)) scope.literals.var[name] = value;
    // A caller's argument that is one expression (`aws_kms_key.data.arn`) stands in for the
    // variable as its text: references from inside the module then name the caller's object.
    // Only where the module declares no object of the same name, so the text cannot be misread.
    else if (name in inputs && typeof value === 'string' && REFERENCE_TEXT.test(value) && candidateAddresses(value).every((c) => !declared.has(c))) {
      (scope.passthrough ??= {})[name] = value;
    }
    // A caller's collection with parts known only after apply (`[{ values = ["${aws_s3_bucket.b.arn}/"] }]`)
    // is the variable's value with those parts as written, when they name only the caller's objects.
    else if (name in inputs && (Array.isArray(value) || isObject(value)) && !hasLaterKey(value) && callerPartsReadable(value, declared)) {
      scope.literals.var[name] = value;
    }
  }
  const pending = new Map<string, Json>();
  for (const { body } of blocks.locals) {
    for (const [k, v] of Object.entries(body)) {
      pending.set(k, v);
      scope.localSources[k] = v;
    }
  }
  // Locals whose resolved value `settles` become values, to a fixpoint (one may read another).
  const settleLocals = (settles: (resolved: Json) => boolean): void => {
    for (let changed = true; changed && pending.size > 0; ) {
      changed = false;
      for (const [k, v] of pending) {
        const resolved = resolveLiterals(v, scope);
        if (settles(resolved)) {
          scope.literals.local[k] = resolved;
          pending.delete(k);
          changed = true;
        }
      }
    }
  };
  settleLocals(isLiteral);
  // Set once the scope is complete (read by the module's resources, not by its locals).
  let outputs: Map<string, string> | undefined;
  // The outputs of the module's calls, evaluated in the called modules (their arguments from the
  // variables and locals known so far); then the locals that read them.
  if (children && Object.keys(children).length > 0) {
    const called = moduleValues(blocks, children, scope);
    scope.moduleValues = called.values;
    outputs = called.outputs;
    settleLocals(isLiteral);
  }
  // A local that stays one expression known only after apply (`aws_kms_key.logs.arn`) is an alias
  // for it: expressions naming the local name its objects (withLocalExpressions).
  for (const [k, v] of pending) {
    const resolved = resolveLiterals(v, scope);
    const inner = typeof resolved === 'string' ? oneInterpolation(resolved) : undefined;
    if (inner !== undefined) {
      (scope.localExpressions ??= new Map()).set(k, inner);
      pending.delete(k);
    }
  }
  // A collection some parts of which are known only after apply (`{ port = 5432, note =
  // "from ${data.aws_vpc.main.id}" }`) is kept with those parts as written, once it names no local
  // still pending (which may yet become known): its known parts are read as known.
  settleLocals((resolved) => (Array.isArray(resolved) || isObject(resolved)) && !namesPending(resolved, pending) && !hasLaterKey(resolved));
  // Provider blocks declared in this module override what the caller passes or lends.
  const own = new Set(blocks.provider.map(({ body: [name, cfg] }) => (typeof cfg.alias === 'string' ? `${name}.${cfg.alias}` : name)));
  if (address !== null && own.size > 0) {
    const inherited = scope.providers;
    scope.providers = (k) => (own.has(k) ? `${address}:${k}` : inherited(k));
  }
  if (outputs && outputs.size > 0) scope.moduleOutputs = outputs;
  return scope;
}

/**
 * True when every part known only after apply in a caller's value names objects the called
 * module cannot mistake for its own: no `var.` / `local.` / `each.` / `count.` / `path.` / `self.`
 * (they would read as the module's), and no address the module declares itself.
 */
function callerPartsReadable(v: Json, declared: ReadonlySet<string>): boolean {
  return !someString(v, (s) => s.includes('${') && candidateAddresses(s).some((c) => /^(?:var|local|each|count|path|self|terraform)\./.test(c) || declared.has(c)));
}

/**
 * True when some map or object in `v` has a key known only after apply (`{ (data.x.id) = 1 }`):
 * Terraform knows nothing of such a collection before apply, not even its other keys (the unknown
 * one may replace them) or its length.
 */
function hasLaterKey(v: Json): boolean {
  if (Array.isArray(v)) return v.some(hasLaterKey);
  if (isObject(v)) return Object.keys(v).some((k) => k.includes('${')) || Object.values(v).some(hasLaterKey);
  return false;
}

/** True when a string in `v` names a local that is still pending. */
export function namesPending(v: Json, pending: { has(name: string): boolean }): boolean {
  return someString(v, (s) => s.includes('local.') && [...s.matchAll(/(?<![\w.])local\.([A-Za-z_][\w-]*)/g)].some((m) => pending.has(m[1])));
}

function isLiteral(v: Json): boolean {
  if (typeof v === 'string') return !v.includes('${') && !v.includes('%{');
  if (Array.isArray(v)) return v.every(isLiteral);
  // A key known only after apply (`{ (data.x.id) = 1 }`) makes the whole map unknown.
  if (isObject(v)) return Object.keys(v).every((k) => !k.includes('${')) && Object.values(v).every(isLiteral);
  return true;
}

function lookup(scope: Scope, kind: string, name: string, attrs: string): Json | undefined {
  let v: Json | undefined = (kind === 'var' ? scope.literals.var : scope.literals.local)[name];
  for (const a of attrs.split('.').filter(Boolean)) v = isObject(v) && Object.prototype.hasOwnProperty.call(v, a) ? v[a] : undefined;
  return v;
}

/**
 * The instances of a resource whose `count` / `for_each` is known: index suffix (`[0]`,
 * `["a"]`) and the names its body sees. Null when the resource is not expanded or the
 * collection is not known (it then stays one resource at its plain address).
 */
function instanceKeys(
  body: JsonObject,
  scope: Scope,
  resourceKeys?: (ref: string) => string[] | null,
): { index: string; names: Pick<Scope['literals'], 'each' | 'count' | 'eachObject'> }[] | null {
  // `for_each = aws_s3_bucket.b`: the instances of another resource of the module, whose own
  // `for_each` is known: the same keys, and `each.value` is that key's instance (Terraform's map
  // of instance objects), whose attributes are known after apply.
  const collection = body.count === undefined ? resourceCollection(body.for_each) : null;
  if (collection && resourceKeys) {
    const keys = resourceKeys(collection);
    if (keys) return keys.map((k) => ({ index: `[${JSON.stringify(k)}]`, names: { each: { key: k }, eachObject: `${collection}[${JSON.stringify(k)}]` } }));
  }
  if (body.count !== undefined && body.for_each === undefined) {
    // A number written as a string (`count = "0"`) converts, as Terraform converts `count`.
    const n = convertPrimitive(resolveLiterals(body.count, scope), 'number');
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return null;
    return countInstances(n);
  }
  if (body.for_each !== undefined && body.count === undefined) {
    const each = forEachInstances(resolveLiterals(body.for_each, scope));
    if (each) return each.map((e) => ({ index: `[${JSON.stringify(e.key)}]`, names: { each: e } }));
  }
  return null;
}

/**
 * The most instances one `count` expands into. `count` is the one place a few bytes of input ask
 * for any number of resources (`count = 1438896432` exhausted memory instead of failing); a
 * `for_each` collection is as large as the input that writes it. Terraform sets no limit, but no
 * configuration a team applies comes near this one.
 */
export const MAX_COUNT = 10_000;

/** The instances of a known `count`: `[0]` … `[n-1]`; an input error past MAX_COUNT (the caller names where). */
export function countInstances(n: number): { index: string; names: { count: JsonObject } }[] {
  if (n > MAX_COUNT) {
    throw new InputError(`\`count\` is ${n}: crm-guard expands at most ${MAX_COUNT.toLocaleString('en-US')} instances of one resource or module`, {
      hint: 'a count this large is a mistake or not meant to be planned; check the value',
    });
  }
  return Array.from({ length: n }, (_, i) => ({ index: `[${i}]`, names: { count: { index: i } } }));
}

/**
 * `f()`, an input error from it that names no file given the block's address, file and line (and
 * `hint` in place of its own, when given).
 */
export function located<T>(f: () => T, address: string, file: string, line: number | undefined, hint?: string): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof InputError) || e.file !== undefined) throw e;
    const why = hint ?? e.hint;
    throw new InputError(`${address}: ${e.message}`, { file, ...(line !== undefined ? { path: `line ${line}` } : {}), ...(why ? { hint: why } : {}) });
  }
}

/** `for_each = "${aws_s3_bucket.b}"`: the managed resource whose instances it iterates over; else null. */
export function resourceCollection(forEach: Json | undefined): string | null {
  const m = typeof forEach === 'string' ? RESOURCE_COLLECTION.exec(forEach) : null;
  return m && !NOT_RESOURCES.has(m[1].split('.')[0]) ? m[1] : null;
}

/**
 * `each` of every instance of a known `for_each` collection, in Terraform's order: a set of strings
 * (toset(...) evaluates to a sorted list) or a map, Terraform's two forms; null for anything else.
 */
export function forEachInstances(c: Json): JsonObject[] | null {
  if (Array.isArray(c) && c.every((k): k is string => typeof k === 'string' && isLiteral(k))) return [...new Set(c)].sort().map((k) => ({ key: k, value: k }));
  if (isObject(c) && !hasLaterKey(c)) return Object.keys(c).sort().map((k) => ({ key: k, value: c[k] }));
  return null;
}

/**
 * In an expanded instance, `each.key` / `each.value` (a string or number) / `count.index` in an
 * expression that stays unknown become their literal, so `aws_s3_bucket.b[each.key].id` names
 * the one instance it does in Terraform.
 */
function withInstanceKeys(s: string, scope: Scope): string {
  const { each, count, eachObject, iterators } = scope.literals;
  if (iterators) s = withIteratorValues(s, iterators);
  if (scope.localExpressions && s.includes('local.')) s = withLocalExpressions(s, scope.localExpressions);
  if (scope.moduleOutputs && s.includes('module.')) s = withModuleOutputs(s, scope.moduleOutputs);
  return withInstanceLiterals(s, { each, count }, eachObject);
}

/**
 * `each.key` / `each.value` (a string or number) / `count.index` of an instance written as their
 * literal; `each.value` over another resource's instances (`eachObject`) as that instance, so
 * `each.value.id` names `aws_s3_bucket.b["a"].id`.
 */
export function withInstanceLiterals(s: string, names: { each?: JsonObject; count?: JsonObject }, eachObject?: string): string {
  if (eachObject !== undefined) s = s.replace(/(?<![\w.])each\.value(?![\w-])/g, eachObject);
  const { each, count } = names;
  if (!each && !count) return s;
  return s.replace(/(?<![\w.])(each\.key|each\.value|count\.index)(?![\w.[])/g, (m: string) => {
    const [root, attr] = m.split('.');
    return literal((root === 'each' ? each : count)?.[attr]) ?? m;
  });
}

/** A string or number as an expression's literal; other values have none here. */
function literal(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' ? String(v) : undefined;
}

/**
 * In an expression that stays unknown inside a `dynamic` block's content, `<iterator>.key`,
 * `<iterator>.value` and attribute paths into the value (`rule.value.status`,
 * `rule.value["status"]`) that reach a string or number become that literal.
 */
function withIteratorValues(s: string, iterators: Record<string, JsonObject>): string {
  const names = Object.keys(iterators).map(escapeRegExp).join('|');
  const ref = new RegExp(`(?<![\\w.])(${names})\\.(key|value)((?:\\.[A-Za-z_][\\w-]*|\\["(?:[^"\\\\]|\\\\.)*"\\])*)(?![\\w-]|\\s*[[(])`, 'g');
  return s.replace(ref, (m: string, root: string, attr: string, rest: string) => {
    let v: Json | undefined = iterators[root][attr];
    for (const step of rest.matchAll(/\.([A-Za-z_][\w-]*)|\["((?:[^"\\]|\\.)*)"\]/g)) {
      const key = step[1] ?? (JSON.parse(`"${step[2]}"`) as string);
      v = isObject(v) && Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
    }
    return typeof v === 'boolean' ? String(v) : (literal(v) ?? m);
  });
}

/**
 * A value that is one interpolation written over several lines (`${lookup(\n  var.x,\n  "k")}`)
 * on one line, as it is shown in findings: the line breaks of an expression are only spacing
 * (a quoted string cannot span lines). Left as written when it holds a heredoc or a comment.
 */
function oneLine(s: string): string {
  if (!s.includes('\n') || s.includes('<<') || /#|\/\/|\/\*/.test(s) || oneInterpolation(s) === undefined) return s;
  // Only whitespace holding a line break changes: none is inside a quoted string.
  return s
    .replace(/([([{])[ \t]*\r?\n[ \t]*/g, '$1')
    .replace(/[ \t]*\r?\n[ \t]*([)\]}])/g, '$1')
    .replace(/[ \t]*\r?\n[ \t]*/g, ' ');
}

/** The expression of a string that is exactly one `${...}` interpolation, else undefined. */
export function oneInterpolation(s: string): string | undefined {
  if (!s.startsWith('${') || !s.endsWith('}')) return undefined;
  const parts = (() => {
    try {
      return splitTemplate(s);
    } catch {
      return [];
    }
  })();
  return parts.length === 1 && parts[0].kind === 'expr' ? parts[0].text : undefined;
}

/** A reference chain (`aws_s3_bucket.b.id`, `aws_subnet.a[0].id`): written in place without parentheses. */
const REFERENCE_CHAIN = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\])*$/;

/**
 * `local.<name>` (see Scope.localExpressions) replaced by the expression the local is, so the
 * references it makes are the expression's (a local naming another local is followed too).
 */
export function withLocalExpressions(s: string, locals: ReadonlyMap<string, string>): string {
  for (let depth = 0; depth < 8; depth++) {
    const next = s.replace(/(?<![\w.])local\.([A-Za-z_][\w-]*)(?![\w-])/g, (m: string, name: string) => {
      const e = locals.get(name);
      return e === undefined ? m : REFERENCE_CHAIN.test(e) ? e : `(${e})`;
    });
    if (next === s) return s;
    s = next;
  }
  return s;
}

/**
 * In a template's interpolations and directives, outside their quoted strings (text is text),
 * `var.<name>` replaced by the caller's reference it passes through (see Scope.passthrough), and
 * an interpolation that became one quoted literal (`${"ecr.api"}`, a known `each.value`) written
 * as its text.
 */
function withPassthrough(v: string, passthrough: Readonly<Record<string, string>> | undefined): string {
  // Nothing to replace and no quoted literal to write as text: no need to split the template.
  if (!(passthrough && v.includes('var.')) && !v.includes('"')) return v;
  let parts: TemplatePart[];
  try {
    parts = splitTemplate(v);
  } catch {
    return v;
  }
  const code = (text: string): string =>
    text.replace(/"(?:[^"\\]|\\.)*"|(?<![\w.])var\.([A-Za-z_][\w-]*)(?![\w-])/g, (m: string, name: string | undefined) => {
      if (name === undefined || !passthrough || !Object.prototype.hasOwnProperty.call(passthrough, name)) return m;
      return unwrapInterpolation(passthrough[name]).trim();
    });
  let changed = false;
  const out = parts.map((p): TemplatePart => {
    if (p.kind === 'text') return p;
    const literal = p.kind === 'expr' ? /^"([^"\\$%]*)"$/.exec(p.text) : null;
    if (literal) {
      changed = true;
      return { kind: 'text', text: literal[1] };
    }
    const text = code(p.text);
    if (text !== p.text) changed = true;
    return { ...p, text };
  });
  return changed ? templateSource(out) : v;
}

/** `module.<call>.<output>` (see Scope.moduleOutputs) replaced by the reference the output is. */
function withModuleOutputs(s: string, outputs: Map<string, string>): string {
  return s.replace(/(?<![\w.])module\.[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(?![\w-]|\s*\[)/g, (m: string) => outputs.get(m) ?? m);
}

/** See Scope.moduleValues. */
function moduleValues(blocks: Blocks, children: Record<string, HclModule>, scope: Scope): { values: JsonObject; outputs: Map<string, string> } {
  const out: JsonObject = dict();
  const outputs = new Map<string, string>();
  for (const { body: [name, call] } of blocks.module) {
    const child = children[name];
    if (!child || call.count !== undefined || call.for_each !== undefined) continue;
    const inner = collectBlocks(child);
    const inputs: JsonObject = dict();
    for (const [k, v] of Object.entries(call)) if (!MODULE_META.has(k)) inputs[k] = resolveLiterals(v, scope);
    const address = `${scope.address ? `${scope.address}.` : ''}module.${name}`;
    const childScope = moduleScope(inner, address, inputs, { pattern: null, providers: (k) => k }, { evaluation: scope.env.evaluation, dir: child.dir }, child.children);
    const declared = new Set([...inner.resource.map(({ body: [t, n] }) => `${t}.${n}`), ...inner.data.map(({ body: [t, n] }) => `data.${t}.${n}`)]);
    const values: JsonObject = dict();
    for (const { body: [output, o] } of inner.output) {
      if (o.value === undefined) continue;
      const value = resolveLiterals(o.value, childScope);
      if (!holdsLater(value)) values[output] = value;
      else if (typeof o.value === 'string' && REFERENCE_TEXT.test(o.value) && candidateAddresses(o.value).some((c) => declared.has(c))) {
        const ref = `module.${name}.${unwrapInterpolation(o.value)}`;
        values[output] = `\${${ref}}`;
        outputs.set(`module.${name}.${output}`, ref);
      } else values[output] = `\${module.${name}.${output}}`;
    }
    out[name] = values;
  }
  return { values: out, outputs };
}

function evalContext(scope: Scope, evaluation: HclEvaluation): EvalContext {
  const rel = path.relative(evaluation.rootDir, path.resolve(scope.env.dir)).split(path.sep).join('/');
  const { each, count, iterators } = scope.literals;
  return {
    parser: evaluation.parser,
    names: { var: scope.literals.var, local: scope.literals.local, ...(each ? { each } : {}), ...(count ? { count } : {}), ...(scope.moduleValues ? { module: scope.moduleValues } : {}), ...iterators },
    ...(iterators || scope.moduleValues ? { declaredRoots: [...Object.keys(iterators ?? {}), ...(scope.moduleValues ? ['module'] : [])] } : {}),
    paths: { module: rel === '' ? '.' : rel, root: '.', cwd: evaluation.rootDir },
    baseDir: evaluation.rootDir,
    readableDirs: evaluation.readableDirs,
  };
}

/**
 * Evaluates an expression string to its value when it is fully known (see hcl-expr.ts); else
 * replaces the `${var.x}` / `${local.y}` (and `.attr` paths) that resolve to literals.
 */
function resolveLiterals(v: Json, scope: Scope): Json {
  if (typeof v === 'string') {
    // A template: `${...}` interpolations and/or `%{ if }` / `%{ for }` directives.
    if (!readsAsTemplate(v)) return v;
    if (scope.env.evaluation) {
      const ctx = evalContext(scope, scope.env.evaluation);
      const r = evaluateString(v, ctx);
      if (r.known) return r.value;
      // `jsonencode({...})` around parts known only after apply: the JSON with those parts as
      // interpolations, so policies read its statements (hcl-expr.ts partialJsonencode).
      const partial = partialJsonencode(v, ctx, (source) => withInstanceKeys(source, scope));
      if (partial !== undefined) return partial;
      // `merge(...)` whose keys are known and some values not: the map with those values unknown.
      const map = partialMerge(v, ctx, (source) => withInstanceKeys(source, scope));
      if (map !== undefined) return map;
      // A list written in place or concatenated, some elements known only after apply: the list.
      const list = partialList(v, ctx, (source) => withInstanceKeys(source, scope));
      if (list !== undefined) return list;
    }
    const whole = REFERENCE.exec(v);
    if (whole) {
      const value = lookup(scope, whole[1], whole[2], whole[3]);
      if (value === undefined && whole[1] === 'var' && whole[3] === '' && scope.passthrough?.[whole[2]] !== undefined) return scope.passthrough[whole[2]];
      if (value !== undefined) return value;
    }
    return oneLine(
      withPassthrough(
        withInstanceKeys(
          v.replace(EMBEDDED_REFERENCE, (m, kind: string, name: string, attrs: string) => {
            const value = lookup(scope, kind, name, attrs);
            return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : m;
          }),
          scope,
        ),
        scope.passthrough,
      ),
    );
  }
  if (Array.isArray(v)) return v.map((x) => resolveLiterals(x, scope));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveLiterals(x, scope)]));
  return v;
}

/**
 * A block body with its values resolved (resolveLiterals) and its `dynamic "x"` blocks, at every
 * level, replaced by `x` blocks as Terraform generates them: one per element of a known
 * `for_each` (none for an empty one), the content resolved with the iterator (`x`, or the
 * `iterator` argument's name) holding the element's `key` and `value`. A list's key is its index,
 * a map's its key, a set's the value itself; where the text does not show which (collectionKind)
 * the key is unknown. When a `for_each` is known only after apply, so is how many `x` blocks there
 * are: `x` holds the content once, and `x` and every attribute path below it are added to
 * `unknown` (paths as the model writes them, from `at`), so a rule judging one of them reports
 * it unverifiable, whether it looks for a setting or for an exposure.
 */
function resolveBody(body: JsonObject, scope: Scope, at = '', unknown: string[] = []): JsonObject {
  const out: JsonObject = dict();
  const pathOf = (k: string): string => (at ? `${at}.${k}` : k);
  for (const [k, v] of Object.entries(body)) {
    if (k === 'dynamic' && isDynamicBlocks(v)) continue;
    if (Array.isArray(v) && v.length > 0 && v.every(isObject)) out[k] = v.map((b) => resolveBody(b as JsonObject, scope, pathOf(k), unknown));
    else if (isObject(v) && isDynamicBlocks(v.dynamic)) out[k] = resolveBody(v, scope, pathOf(k), unknown); // a block written as one object (.tf.json)
    else out[k] = resolveLiterals(v, scope);
  }
  if (isDynamicBlocks(body.dynamic)) {
    for (const [name, d] of dynamicEntries(body.dynamic) ?? []) {
      const generated: JsonObject[] = [];
      for (const b of blockBodies(d)) {
        const blocks = dynamicBlocks(name, b, scope, pathOf(name), unknown);
        generated.push(...blocks);
      }
      const existing = out[name];
      if (generated.length > 0) out[name] = [...(Array.isArray(existing) ? existing : existing === undefined ? [] : [existing]), ...generated];
    }
  }
  return out;
}

/** A name (an iterator's, a variable's). */
export const IDENTIFIER = /^[A-Za-z_][\w-]*$/;

/**
 * The blocks one `dynamic` block generates; when its `for_each` is known only after apply, its
 * content once, with `path` and every path below it added to `unknown`.
 */
function dynamicBlocks(name: string, d: JsonObject, scope: Scope, path: string, unknown: string[]): JsonObject[] {
  const iterator = typeof d.iterator === 'string' ? unwrapInterpolation(d.iterator) : name;
  const collection = d.for_each === undefined ? undefined : resolveLiterals(d.for_each, scope);
  // A list or map is known in length and keys even when parts of its elements are known later.
  const known = collection !== undefined && (Array.isArray(collection) || isObject(collection)) && !hasLaterKey(collection);
  const elements = IDENTIFIER.test(iterator) && known ? iteratorElements(collection, collectionKind(d.for_each, scope)) : null;
  const contents = blockBodies(d.content);
  if (!elements) {
    // Terraform rejects these at plan time.
    if (!IDENTIFIER.test(iterator)) throw new InputError(`dynamic "${name}" has iterator ${JSON.stringify(d.iterator)}: expected a name`);
    const later = typeof collection === 'string' ? collection.includes('${') : collection !== undefined && (Array.isArray(collection) || isObject(collection));
    if (!later) {
      throw new InputError(`dynamic "${name}" ${collection === undefined ? 'has no for_each' : `iterates over ${JSON.stringify(collection)}`}: expected for_each = a list, set or map`);
    }
    const blocks = contents.map((c) => resolveBody(c, scope, path, unknown));
    unknown.push(path);
    for (const b of blocks) unknown.push(...pathsBelow(b, path));
    return blocks;
  }
  return elements.flatMap((element) => {
    const inner: Scope = { ...scope, literals: { ...scope.literals, iterators: { ...scope.literals.iterators, [iterator]: element } } };
    return contents.map((c) => resolveBody(c, inner, path, unknown));
  });
}

/** Every attribute path below a block (`path.attr`, `path.nested.attr`), list positions left out as in the model. */
export function pathsBelow(block: JsonObject, path: string): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(block)) {
    const p = `${path}.${k}`;
    out.push(p);
    for (const b of Array.isArray(v) ? v : [v]) if (isObject(b)) out.push(...pathsBelow(b, p));
  }
  return out;
}

/**
 * Whether a `for_each` as written is a list or tuple (key: the index) or a set (key: the value),
 * where the text shows it: a tuple written in place, `tolist`/`toset`, a variable by its declared
 * type (an untyped one's value is a tuple), a local by its own text. Else null.
 */
function collectionKind(written: Json | undefined, scope: Scope, depth = 0): 'list' | 'set' | null {
  const shown = writtenCollectionKind(written);
  if (shown !== null || typeof written !== 'string' || depth > 8) return shown;
  const ref = /^(var|local)\.([A-Za-z_][\w-]*)$/.exec(unwrapInterpolation(written).trim());
  if (!ref) return null;
  if (ref[1] === 'local') return collectionKind(scope.localSources?.[ref[2]], scope, depth + 1);
  const type = scope.varTypes?.[ref[2]];
  if (type === undefined) return null;
  if (type === null || /^(list|tuple)\s*\(/.test(type) || type === 'any') return 'list';
  return /^set\s*\(/.test(type) ? 'set' : null;
}

/** A `for_each` whose own text shows its kind: a tuple (written in place, `tolist(...)`) or `toset(...)`; else null. */
export function writtenCollectionKind(written: Json | undefined): 'list' | 'set' | null {
  if (Array.isArray(written)) return 'list';
  if (typeof written !== 'string') return null;
  const source = unwrapInterpolation(written).trim();
  if (source.startsWith('[') || /^tolist\s*\(/.test(source)) return 'list';
  return /^toset\s*\(/.test(source) ? 'set' : null;
}

/** The iterator values of a known `for_each` collection, in Terraform's order; null when it is not a collection. */
export function iteratorElements(collection: Json, kind: 'list' | 'set' | null): JsonObject[] | null {
  if (Array.isArray(collection)) return collection.map((value, i): JsonObject => (kind === 'list' ? { key: i, value } : kind === 'set' ? { key: value, value } : { value }));
  if (isObject(collection)) return Object.keys(collection).sort().map((key) => ({ key, value: collection[key] }));
  return null;
}

function readModule(mod: HclModule, blocks: Blocks, scope: Scope, parts: ModuleParts): void {
  const prefix = scope.address ? `${scope.address}.` : '';
  const patternPrefix = scope.pattern ? `${scope.pattern}.` : null;
  const lines = new Map<HclFile, Map<string, number>>();
  const lineOf = (file: HclFile, key: string): number | undefined => {
    if (!lines.has(file)) lines.set(file, blockLines(file.text));
    return lines.get(file)!.get(key);
  };

  for (const { file, body: [name, cfg] } of blocks.provider) {
    // resolveBody: a provider's nested blocks may be `dynamic` too (`dynamic "default_tags"`).
    let resolved: JsonObject;
    try {
      resolved = resolveBody(cfg, scope);
    } catch (e) {
      if (e instanceof InputError && e.file === undefined) throw new InputError(`provider "${name}": ${e.message}`, { file: file.file, hint: 'Terraform rejects this configuration at plan time' });
      throw e;
    }
    const values = withoutNulls(resolved) as JsonObject;
    const p = providerConfig(name, values, {});
    parts.providers.push(scope.address ? { ...p, key: `${scope.address}:${p.key}` } : p);
  }

  // The instance keys of each `for_each` resource of this module whose keys are known (string keys
  // only: Terraform accepts a resource as `for_each` only when it is a map of instances), for
  // resources that iterate over another one; a cycle (which Terraform rejects) is left unexpanded.
  const keysOf = new Map<string, string[] | null>();
  const resourceKeys = (ref: string): string[] | null => {
    if (keysOf.has(ref)) return keysOf.get(ref) ?? null;
    keysOf.set(ref, null);
    const target = blocks.resource.find(({ body: [type, name] }) => `${type}.${name}` === ref);
    const body = target?.body[2];
    const keys = body && body.for_each !== undefined ? instanceKeys(body, scope, resourceKeys) : null;
    const found = keys ? keys.map((k) => k.names.each?.key).filter((k): k is string => typeof k === 'string') : null;
    keysOf.set(ref, found && keys && found.length === keys.length ? found : null);
    return keysOf.get(ref) ?? null;
  };

  for (const mode of ['resource', 'data'] as const) {
    for (const { file, body: [type, name, body] } of blocks[mode]) {
      const rel = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
      const providerRef = typeof body.provider === 'string' ? unwrapInterpolation(body.provider) : type.split('_')[0];
      const line = lineOf(file, `${mode}.${type}.${name}`);
      // An invalid `dynamic` block is reported at its resource.
      const bodyValues = (b: JsonObject, s: Scope, unknown: string[]): JsonObject => {
        return located(() => resolveBody(b, s, '', unknown), rel, file.file, line, 'Terraform rejects this configuration at plan time');
      };
      const push = (address: string, values: JsonObject, pattern: string | null, unknown: string[]): void => {
        for (const k of META) delete values[k];
        const origin: Origin = { file: file.file, ...(line !== undefined ? { line } : {}) };
        if (pattern) origin.address = pattern;
        parts.resources.push({
          address,
          mode: mode === 'data' ? 'data' : 'managed',
          type: mode === 'data' ? `data.${type}` : type,
          name,
          module: scope.address,
          provider: scope.providers(providerRef),
          values,
          origin,
          ...(unknown.length > 0 ? { unknown: [...new Set(unknown)].sort() } : {}),
        });
      };
      const instances = scope.env.evaluation && !patternPrefix ? located(() => instanceKeys(body, scope, resourceKeys), `${prefix}${rel}`, file.file, line) : null;
      if (instances) {
        // `count` / `for_each` over a known collection: one resource per instance, at Terraform's address.
        for (const inst of instances) {
          const instanceScope: Scope = { ...scope, literals: { ...scope.literals, ...inst.names } };
          const unknown: string[] = [];
          const values = withoutNulls(bodyValues(body, instanceScope, unknown)) as JsonObject;
          delete values.count;
          delete values.for_each;
          const address = `${prefix}${rel}${inst.index}`;
          push(address, values, address, unknown);
        }
        continue;
      }
      const unknown: string[] = [];
      const values = withoutNulls(bodyValues(body, scope, unknown)) as JsonObject;
      const expanded = body.count !== undefined || body.for_each !== undefined;
      push(`${prefix}${rel}`, values, expanded || patternPrefix ? `${patternPrefix ?? prefix}${rel}${expanded ? '[*]' : ''}` : null, unknown);
    }
  }

  for (const { file, body: [name, call] } of blocks.module) {
    // Module calls are listed by configuration path (no instance keys), as plans list them.
    const address = `${stripInstanceKeys(prefix)}module.${name}`;
    const line = lineOf(file, `module.${name}`);
    parts.modules[address.slice('module.'.length)] = {
      source: typeof call.source === 'string' ? call.source : null,
      version: typeof call.version === 'string' ? call.version : null,
      ...(mod.unavailable && name in mod.unavailable ? { unavailable: true as const } : {}),
      origin: { file: file.file, ...(line !== undefined ? { line } : {}) },
    };
    const child = mod.children[name];
    const instances = child && scope.env.evaluation && !scope.pattern ? located(() => instanceKeys(call, scope), `${scope.address ? `${scope.address}.` : ''}module.${name}`, file.file, line) : null;
    if (child && instances) {
      // `count` / `for_each` over a known collection: one module instance per key.
      for (const inst of instances) {
        const instanceScope: Scope = { ...scope, literals: { ...scope.literals, ...inst.names } };
        const args = { ...call };
        delete args.count;
        delete args.for_each;
        readCalledModule(child, {
          name,
          args,
          callerAddress: scope.address,
          callerPattern: null,
          callerProviders: scope.providers,
          resolve: (v) => resolveLiterals(v, instanceScope),
          evaluation: scope.env.evaluation,
          instance: inst.index,
        }, parts);
      }
    } else if (child) {
      readCalledModule(child, {
        name,
        args: call,
        callerAddress: scope.address,
        callerPattern: scope.pattern,
        callerProviders: scope.providers,
        resolve: (v) => resolveLiterals(v, scope),
        evaluation: scope.env.evaluation,
      }, parts);
    }
  }
}

/** Line of each `resource "t" "n"`, `data "t" "n"` and `module "n"` block header in HCL text. */
export function blockLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  // Labels are identifiers, which HCL takes from Unicode (UAX #31: `sg_é`, `桶` are names too).
  const label = '"?([\\p{ID_Continue}-]+)"?';
  const header = new RegExp(`^[ \\t]*(?:(resource|data)[ \\t]+${label}[ \\t]+${label}|(module)[ \\t]+${label})[ \\t]*\\{`, 'gmu');
  const lines = new LineIndex(text);
  for (const m of text.matchAll(header)) {
    const key = m[1] ? `${m[1]}.${m[2]}.${m[3]}` : `module.${m[5]}`;
    if (!out.has(key)) out.set(key, lines.lineOf(m.index));
  }
  return out;
}
