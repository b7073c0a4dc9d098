/**
 * Reads HCL: a directory of `.tf` (and `.tf.json`) files parsed with @cdktn/hcl2json, with the
 * modules it calls read the same way, recursively: local ones (`./x`, `../x`) relative to the
 * caller, registry and git ones from where `terraform init` installed them (the module manifest
 * `.terraform/modules/modules.json` of the root module). Remote module sources are never fetched
 * (no network at run time): one that is not installed stops the run (exit 2), or with
 * `unavailableModules: 'finding'` is reported by CRM-SUP-003. A syntax error names the file and line.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors';
import { isObject } from '../model/normalize-cdktf';
import { blockLines, type HclFile, type HclModule } from '../model/normalize-hcl';
import type { Json, JsonObject } from '../model/types';
import { dict } from '../model/indexes';
import { blockBodies } from '../model/values';
import { MAX_JSON_DEPTH } from './json-keys';
import { applyOverrides, OVERRIDE_FILE } from './overrides';
import { parseJson, parseTerraformJson, readText } from './read-json';
import type { ModuleOptions } from './source';

interface Hcl2Json {
  parse(filename: string, contents: string): Promise<Record<string, unknown>>;
}

let hcl2json: Hcl2Json | undefined;

/** Loaded on first use: requiring the package starts its Go/wasm parser. */
function parser(): Hcl2Json {
  // A plain require keeps the package's DOM-typed declarations out of this compilation.
  hcl2json ??= require('@cdktn/hcl2json') as Hcl2Json;
  return hcl2json;
}

/** Parses HCL text; a syntax error becomes an InputError naming the file, line and column. */
export async function parseHcl(file: string, text: string): Promise<JsonObject> {
  // The Go parser overflows its stack on very deep nesting and then stays dead for the whole
  // process (every later parse fails or never settles), so such text never reaches it.
  if (bracketDepth(text) > MAX_JSON_DEPTH) throw tooDeep(file);
  let out: Record<string, unknown>;
  try {
    out = await parser().parse(file, text);
  } catch (e) {
    if (e instanceof RangeError) {
      // A crashed parser is not reused: the next parse loads a fresh instance.
      hcl2json = undefined;
      for (const k of Object.keys(require.cache)) if (k.includes(`${path.sep}hcl2json${path.sep}`)) delete require.cache[k];
      throw tooDeep(file);
    }
    throw hclSyntaxError(file, (e as Error).message);
  }
  if (!isObject(out)) throw new InputError('the HCL parser returned no document', { file });
  if (depthOf(out) > MAX_JSON_DEPTH) throw tooDeep(file);
  return out;
}

function tooDeep(file: string): InputError {
  return new InputError(`HCL nested more than ${MAX_JSON_DEPTH} levels deep`, { file, hint: 'no Terraform configuration nests this deep; is the file generated correctly?' });
}

/** Deepest nesting of `{ [ (` in the raw text (strings and comments counted too: an upper bound). */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b || c === 0x28) {
      if (++depth > max) max = depth;
    } else if ((c === 0x7d || c === 0x5d || c === 0x29) && depth > 0) depth--;
  }
  return max;
}

/** Nesting depth of a parsed document, walked without recursion. */
function depthOf(doc: Json): number {
  let max = 0;
  const stack: [Json, number][] = [[doc, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** `parse config: [f.tf:2,7-3,1: Summary; Detail. f.tf:4,1-2: ...]` → the first diagnostic. */
export function hclSyntaxError(file: string, message: string): InputError {
  const first = message.indexOf(`${file}:`);
  if (first !== -1) {
    const rest = message.slice(first + file.length + 1);
    const next = rest.indexOf(` ${file}:`);
    const diag = (next === -1 ? rest : rest.slice(0, next)).replace(/\]\s*$/, '');
    const m = /^(\d+),(\d+)(?:-[\d,]+)?: ([^;]*)(?:; ([\s\S]*))?$/.exec(diag);
    if (m) {
      const detail = m[4]?.trim();
      return new InputError(`HCL syntax error: ${m[3].trim()}${detail ? ` (${detail})` : ''}`, { file, path: `line ${m[1]}, column ${m[2]}` });
    }
  }
  return new InputError(`HCL syntax error: ${message}`, { file });
}

const TF_FILE = /\.tf(\.json)?$/;
const TFVARS_FILE = /^(terraform\.tfvars|.+\.auto\.tfvars)(\.json)?$/;

/**
 * The `.tf` / `.tf.json` files of a directory in Terraform's order (byteOrder: override files apply
 * in it), override files left out (`overrides`: only
 * those). Anything so named that is not a directory is listed: reading it refuses a FIFO or device
 * instead of skipping it. Hidden files (a name starting with `.`) are not configuration, as
 * Terraform's loader ignores them (editor swap files, a `.x_override.tf` someone left): one
 * counted would change the verdict on resources Terraform never sees. (Editor backups `x.tf~` and
 * `#x.tf#` do not end in `.tf`.)
 */
export function terraformFiles(dir: string, which: 'main' | 'overrides' = 'main'): string[] {
  return readdirSync(dir)
    .filter((f) => TF_FILE.test(f) && !f.startsWith('.') && OVERRIDE_FILE.test(f) === (which === 'overrides'))
    .filter((f) => !isDirectory(path.join(dir, f)))
    .sort(byteOrder);
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Reads the root module in `dir` (its tfvars too) and every module it calls. */
export async function readHclDirectory(dir: string, options: ModuleOptions = {}): Promise<HclModule> {
  const files = terraformFiles(dir);
  if (files.length === 0) throw new InputError('directory holds no .tf files', { file: dir });
  const mod = await readModuleFiles(dir, files.map((f) => path.join(dir, f)), options.maxBytes);
  mod.variableValues = await rootVariableValues(dir, await readTfvars(dir, options.maxBytes), options, mod);
  await followModules(mod, [realDirectory(dir)], { manifest: readModuleManifest(dir, options.maxBytes), key: '', options });
  return mod;
}

/** The real path of a directory (symlinks resolved), so a module cycle through a symlink is one path. */
export function realDirectory(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/**
 * Root variable values in Terraform's precedence (later wins): `TF_VAR_name` environment
 * variables, terraform.tfvars, *.auto.tfvars, then `-var-file` files and `-var` values in order.
 * Values given as text (environment, `-var`) are read as Terraform reads them: as the text itself
 * for a variable typed `string` or not typed, else as an HCL expression of the declared type.
 */
async function rootVariableValues(dir: string, tfvars: JsonObject, options: ModuleOptions, mod: HclModule): Promise<JsonObject> {
  const declared = new Map<string, Json | undefined>();
  for (const f of mod.files) for (const [name, v] of Object.entries(isObject(f.body.variable) ? f.body.variable : {})) declared.set(name, blockBodies(v)[0]?.type);
  return givenVariableValues(declared, options, { dir, tfvars, undeclared: 'error' });
}

/**
 * The values given to the variables `declared` (name → type as written, `${list(string)}` or
 * `list(string)`, undefined when untyped) in Terraform's precedence (later wins): `TF_VAR_name`,
 * `tfvars` (terraform.tfvars, *.auto.tfvars), `-var-file` files, `-var` values. A `-var` for an
 * undeclared variable is an InputError naming `dir`, or with `undeclared: 'skip'` (one stack of
 * a CDKTF app, which may declare it in another) left out.
 */
export async function givenVariableValues(
  declared: ReadonlyMap<string, Json | undefined>,
  options: ModuleOptions,
  where: { dir: string; tfvars?: JsonObject; undeclared: 'error' | 'skip' },
): Promise<JsonObject> {
  // Terraform reads a value given as text as that text for a variable typed `string` or not typed
  // at all, and as an HCL expression for any other type (`tags={Owner="me"}`, `ports=[22]`).
  const fromText = async (name: string, text: string, source: string): Promise<Json> => {
    const written = declared.get(name);
    const type = written === undefined ? undefined : unwrapType(written);
    if (type === undefined || type === 'string') return text;
    if (type === 'number' && /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return Number(text);
    if (type === 'bool' && (text === 'true' || text === 'false')) return text === 'true';
    let body: Json;
    try {
      body = (await parseFile(`${source}.tfvars`, `${name} = ${text}\n`, 'tfvars')).body;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new InputError(`the value given for variable "${name}" (${source}) is not a valid expression for its type ${type}: ${JSON.stringify(text)}`, {
        hint: 'write it as in a .tfvars file, e.g. ["a", "b"] or { key = "value" }',
      });
    }
    return isObject(body) && name in body ? body[name] : text;
  };
  const values: JsonObject = dict();
  const given = Object.entries(options.environment ?? {}).filter((e): e is [string, string] => e[0].startsWith('TF_VAR_') && e[1] !== undefined && declared.has(e[0].slice(7)));
  for (const [k, v] of given.sort(([a], [b]) => byteOrder(a, b))) values[k.slice(7)] = await fromText(k.slice(7), v, k);
  Object.assign(values, where.tfvars ?? {});
  for (const f of options.varFiles ?? []) {
    const file = path.resolve(f);
    if (!existsSync(file) || !statSync(file).isFile()) throw new InputError('variable file not found', { file: f, hint: 'pass an existing .tfvars or .tfvars.json file' });
    const doc = (await parseFile(file, readText(file, options.maxBytes), 'tfvars')).body;
    Object.assign(values, doc);
  }
  for (const [k, v] of Object.entries(options.variables ?? {})) {
    if (!declared.has(k)) {
      if (where.undeclared === 'skip') continue;
      throw new InputError(`a value is given for undeclared variable "${k}"`, { file: where.dir, hint: 'declare it in a variable block, or remove the value' });
    }
    values[k] = await fromText(k, v, '--var');
  }
  return values;
}

/** A declared type as written (`${list(string)}` → `list(string)`). */
function unwrapType(type: Json): string {
  return typeof type === 'string' ? type.replace(/^\$\{\s*([\s\S]*?)\s*\}$/, '$1') : JSON.stringify(type);
}

/** One HCL text (a single `.tf` file or stdin) as a root module; the modules it calls are followed. */
export async function readHclText(file: string, text: string, dir: string, options: ModuleOptions = {}): Promise<HclModule> {
  const mod: HclModule = { dir, files: [await parseFile(file, text)], children: dict() };
  await followModules(mod, [realDirectory(dir)], { manifest: readModuleManifest(dir, options.maxBytes), key: '', options });
  return mod;
}

/** An installed module: manifest key (`a.b` for module "b" called by module "a") → where it is. */
interface InstalledModule {
  source: string;
  dir: string;
}

const MANIFEST = path.join('.terraform', 'modules', 'modules.json');

/** `.terraform/modules/modules.json` as `terraform init` writes it; empty when there is none. */
export function readModuleManifest(rootDir: string, maxBytes?: number): Map<string, InstalledModule> {
  const file = path.join(rootDir, MANIFEST);
  const out = new Map<string, InstalledModule>();
  if (!existsSync(file)) return out;
  const doc = parseJson(readText(file, maxBytes), file);
  const list = isObject(doc) ? doc.Modules : undefined;
  if (!Array.isArray(list)) throw new InputError('expected a module manifest with a "Modules" list', { file, path: '$.Modules', hint: 'run `terraform init` again to rewrite it' });
  list.forEach((m, i) => {
    if (!isObject(m) || typeof m.Key !== 'string' || typeof m.Dir !== 'string') {
      throw new InputError('expected a module entry with "Key" and "Dir" strings', { file, path: `$.Modules[${i}]`, hint: 'run `terraform init` again to rewrite it' });
    }
    if (m.Key !== '') out.set(m.Key, { source: typeof m.Source === 'string' ? m.Source : '', dir: path.resolve(rootDir, m.Dir) });
  });
  return out;
}

export interface FollowContext {
  manifest: Map<string, InstalledModule>;
  /** Manifest key of the module being read (`` for the root). */
  key: string;
  options: ModuleOptions;
}

/** The module's files, with its override files merged into them as Terraform merges them. */
async function readModuleFiles(dir: string, files: string[], maxBytes: number | undefined): Promise<HclModule> {
  const parsed: HclFile[] = [];
  for (const f of files) parsed.push(await parseFile(f, readText(f, maxBytes)));
  const overrides: HclFile[] = [];
  for (const f of terraformFiles(dir, 'overrides')) overrides.push(await parseFile(path.join(dir, f), readText(path.join(dir, f), maxBytes)));
  if (overrides.length > 0 && parsed.length === 0) throw new InputError('the module holds only override files: there is nothing for them to override', { file: overrides[0].file });
  applyOverrides(parsed, overrides);
  return { dir, files: parsed, children: dict() };
}

async function parseFile(file: string, text: string, kind: 'config' | 'tfvars' = 'config'): Promise<HclFile> {
  const body = !file.endsWith('.json') ? await parseHcl(file, text) : kind === 'config' ? parseTerraformJson(text, file) : parseJson(text, file);
  if (!isObject(body)) throw new InputError('expected a Terraform JSON configuration object', { file, path: '$' });
  return { file, text, body };
}

async function readTfvars(dir: string, maxBytes: number | undefined): Promise<JsonObject> {
  const values: JsonObject = dict();
  // terraform.tfvars first, then *.auto.tfvars in lexical order: later files win, as in Terraform.
  const files = readdirSync(dir).filter((f) => TFVARS_FILE.test(f)).sort((a, b) => rank(a) - rank(b) || byteOrder(a, b));
  for (const f of files) {
    const file = path.join(dir, f);
    const doc = (await parseFile(file, readText(file, maxBytes), 'tfvars')).body;
    Object.assign(values, doc);
  }
  return values;
}

/**
 * Terraform's order of names: by their UTF-8 bytes, as Go lists a directory (configuration, override
 * and variable files), independent of any locale. (String#localeCompare also cost ~7 ms on its
 * first call, loading the collator.)
 */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function rank(f: string): number {
  return f.startsWith('terraform.tfvars') ? 0 : 1;
}

/** Local module source: Terraform treats only `./` and `../` prefixes as local paths. */
export function isLocalSource(source: Json | undefined): source is string {
  return typeof source === 'string' && (source.startsWith('./') || source.startsWith('../'));
}

async function followModules(mod: HclModule, chain: string[], ctx: FollowContext): Promise<void> {
  for (const file of mod.files) {
    for (const [name, v] of Object.entries(isObject(file.body.module) ? file.body.module : {})) {
      const call = blockBodies(v)[0];
      if (!call) continue;
      const key = ctx.key ? `${ctx.key}.${name}` : name;
      const where = { file: file.file, line: blockLines(file.text).get(`module.${name}`), name };
      const installed = ctx.manifest.get(key);
      // Local paths are read relative to the caller (inside an installed package too).
      if (isLocalSource(call.source)) {
        mod.children[name] = await readLocalModule(mod.dir, call.source, where, chain, { ...ctx, key });
      } else if (installed && existsSync(installed.dir) && statSync(installed.dir).isDirectory()) {
        mod.children[name] = await readModuleAt(installed.dir, where, chain, { ...ctx, key });
      } else {
        unavailableModule(mod, name, call.source, where, ctx);
      }
    }
  }
}

/**
 * Reads the module a call names: a local path relative to `callerDir`, else the directory
 * `terraform init` installed it in; undefined when it is not installed and
 * `unavailableModules: 'finding'` (the caller marks the call), else an InputError.
 */
export async function readCalledModuleSource(
  callerDir: string,
  source: Json | undefined,
  call: { file: string; line?: number; name: string },
  chain: string[],
  ctx: FollowContext,
): Promise<HclModule | undefined> {
  if (isLocalSource(source)) return readLocalModule(callerDir, source, call, chain, ctx);
  const installed = ctx.manifest.get(ctx.key);
  if (installed && existsSync(installed.dir) && statSync(installed.dir).isDirectory()) return readModuleAt(installed.dir, call, chain, ctx);
  const holder: HclModule = { dir: callerDir, files: [], children: dict() };
  unavailableModule(holder, call.name, source, call, ctx);
  return undefined;
}

/** A module call whose source is not installed: never a silent pass. */
function unavailableModule(mod: HclModule, name: string, source: Json | undefined, where: { file: string; line?: number }, ctx: FollowContext): void {
  const shown = typeof source === 'string' ? JSON.stringify(source) : 'with no source';
  if (ctx.options.unavailableModules === 'finding') {
    (mod.unavailable ??= {})[name] = typeof source === 'string' ? source : '';
    return;
  }
  throw new InputError(`module "${name}" (source ${shown}) is not installed, so its resources cannot be checked`, {
    file: where.file,
    path: `module "${name}"${where.line ? ` (line ${where.line})` : ''}: source`,
    hint: 'run `terraform init` in the root module (it installs modules under .terraform/modules), or check the plan JSON instead (`terraform show -json plan.out`); --unavailable-modules finding reports it as a finding',
  });
}

/** Reads a local module called from `callerDir` (also used for CDKTF stacks' local modules). */
export async function readLocalModule(
  callerDir: string,
  source: string,
  call: { file: string; line?: number; name: string },
  chain: string[],
  ctx: FollowContext = { manifest: new Map(), key: call.name, options: {} },
): Promise<HclModule> {
  const dir = path.join(callerDir, source);
  const where = { file: call.file, path: `module "${call.name}"${call.line ? ` (line ${call.line})` : ''}: source` };
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(`local module source ${JSON.stringify(source)} is not a directory (${dir})`, { ...where, hint: 'local module sources are read relative to the calling module' });
  }
  return readModuleAt(dir, call, chain, ctx);
}

async function readModuleAt(dir: string, call: { file: string; line?: number; name: string }, chain: string[], ctx: FollowContext): Promise<HclModule> {
  const where = { file: call.file, path: `module "${call.name}"${call.line ? ` (line ${call.line})` : ''}: source` };
  const abs = realDirectory(dir);
  if (chain.includes(abs)) throw new InputError(`module "${call.name}" calls a module that is already being read (${dir}): a module cycle`, where);
  const mod = await readModuleFiles(dir, terraformFiles(dir).map((f) => path.join(dir, f)), ctx.options.maxBytes);
  await followModules(mod, [...chain, abs], ctx);
  return mod;
}
