/**
 * CDKTF output: a `cdktf.out` directory (every stack in its manifest), a directory holding a
 * `cdk.tf.json`, or one Terraform JSON document (file or stdin). Local modules the document calls
 * (`./x`, `../x`, relative to the document) are read as HCL and added under `module.<name>`.
 */
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors';
import { buildModel, resolveLiteral } from '../model/build';
import { joinStacks } from '../model/join';
import { cdktfRawModel, isObject, looksLikeTerraformJson } from '../model/normalize-cdktf';
import { readCalledModule } from '../model/normalize-hcl';
import type { Json, NormalizedModel } from '../model/types';
import { evaluateTerraformJson } from './cdktf-expressions';
import { givenVariableValues, readCalledModuleSource, readModuleManifest, realDirectory } from './hcl-files';
import { recordSourceLines } from '../model/source-lines';
import { readJson, readTerraformJsonScanned } from './read-json';
import { baseDirectory, jsonOf, namedFile, sourceName, terraformJsonDocument, timedNormalize, type FormatLoader, type ModuleOptions } from './source';

export const cdktfFormat: FormatLoader = {
  name: 'cdktf',
  describes: 'a cdktf.out directory, a cdk.tf.json (or any Terraform JSON configuration) file',
  detect(source) {
    if (source.kind === 'directory') return existsSync(path.join(source.path, 'manifest.json')) || existsSync(path.join(source.path, 'cdk.tf.json'));
    const r = jsonOf(source);
    return 'doc' in r && looksLikeTerraformJson(r.doc);
  },
  async load(source, moduleOptions = {}) {
    const options: ModuleOptions = { ...moduleOptions, maxBytes: source.maxBytes };
    if (source.kind !== 'directory') {
      const doc = terraformJsonDocument(source);
      checkVariablesGiven([doc], options, sourceName(source));
      const named = namedFile(source);
      const model = await timedNormalize(options, () => terraformJsonModel(doc, sourceName(source), named === undefined ? 'stdin' : stackNameForFile(named), baseDirectory(source), options));
      // Standard input has no file to point at (unless named: --stdin-filename): its findings carry no line.
      const r = jsonOf(source);
      if (named !== undefined && 'scan' in r) recordSourceLines(model, r.scan.blockLines);
      return [model];
    }
    const manifest = path.join(source.path, 'manifest.json');
    if (existsSync(manifest)) return loadCdktfOut(source.path, manifest, options);
    const single = path.join(source.path, 'cdk.tf.json');
    if (existsSync(single)) {
      const { doc, scan } = readTerraformJsonScanned(single, source.maxBytes);
      checkVariablesGiven([doc], options, single);
      const model = await timedNormalize(options, () => terraformJsonModel(doc, single, stackNameForFile(single), source.path, options));
      recordSourceLines(model, scan.blockLines);
      return [model];
    }
    throw new InputError('directory is not a CDKTF output (no manifest.json) and holds no cdk.tf.json', {
      file: source.path,
      hint: 'pass the cdktf.out directory written by `crm-guard synth`, or a cdk.tf.json file',
    });
  },
};

/** A `cdktf.out` directory: every stack listed in its manifest, joined through cross-stack references. */
async function loadCdktfOut(dir: string, manifestFile: string, options: ModuleOptions): Promise<NormalizedModel[]> {
  const manifest = readJson(manifestFile, options.maxBytes);
  if (!isObject(manifest) || !isObject(manifest.stacks)) {
    throw new InputError('not a CDKTF manifest: expected an object with a "stacks" object', { file: manifestFile, path: '$.stacks' });
  }
  const names = Object.keys(manifest.stacks).sort();
  if (names.length === 0) throw new InputError('the manifest lists no stacks', { file: manifestFile, path: '$.stacks' });
  const models: NormalizedModel[] = [];
  const docs: unknown[] = [];
  const lines = new Map<string, ReadonlyMap<string, number>>();
  for (const name of names) {
    const entry = (manifest.stacks as Record<string, unknown>)[name];
    const rel = isObject(entry) ? entry.synthesizedStackPath : undefined;
    if (typeof rel !== 'string') {
      throw new InputError(`stack "${name}" has no synthesizedStackPath`, { file: manifestFile, path: `$.stacks.${name}.synthesizedStackPath` });
    }
    const file = path.join(dir, rel);
    const where = { file: manifestFile, path: `$.stacks.${name}.synthesizedStackPath` };
    if (path.isAbsolute(rel)) throw new InputError(`stack "${name}": synthesizedStackPath ${JSON.stringify(rel)} must be relative to the output directory`, where);
    if (!existsSync(file)) {
      throw new InputError(`stack "${name}" is listed in the manifest but its file ${rel} is missing`, {
        file: manifestFile,
        path: `$.stacks.${name}.synthesizedStackPath`,
        hint: 're-run `crm-guard synth`',
      });
    }
    // The real path (symlinks resolved) must stay inside the output directory: a manifest must
    // not swap the stack for a file elsewhere (`../clean.tf.json`) or read arbitrary files.
    const realRoot = realpathSync(dir);
    const real = realpathSync(file);
    if (real !== realRoot && !real.startsWith(`${realRoot}${path.sep}`)) {
      throw new InputError(`stack "${name}": synthesizedStackPath ${JSON.stringify(rel)} leads outside the output directory (to ${real})`, {
        ...where,
        hint: 'every stack file must be inside the cdktf.out directory; re-run `crm-guard synth`',
      });
    }
    const { doc, scan } = readTerraformJsonScanned(file, options.maxBytes);
    docs.push(doc);
    models.push(await timedNormalize(options, () => terraformJsonModel(doc, file, name, path.dirname(file), options)));
    lines.set(name, scan.blockLines);
  }
  checkVariablesGiven(docs, options, manifestFile);
  // The stacks of one app are one workload: cross-stack references resolve (src/model/join.ts).
  const joined = await timedNormalize(options, () => joinStacks(models));
  for (const m of joined) {
    const recorded = lines.get(m.stack);
    if (recorded) recordSourceLines(m, recorded);
  }
  return joined;
}

/**
 * One Terraform JSON document, with the modules it calls: local ones relative to `baseDir`,
 * registry and git ones where `terraform init` installed them in the stack directory; one not
 * installed is an error, or with `unavailableModules: 'finding'` a CRM-SUP-003 finding.
 */
async function terraformJsonModel(doc: unknown, file: string, stack: string, baseDir: string, options: ModuleOptions): Promise<NormalizedModel> {
  const raw = cdktfRawModel(doc, file, stack, true);
  // Defaults, overridden by TF_VAR_*, --var-file and --var (a --var this stack does not declare is
  // another stack's: checkVariablesGiven refuses one no stack declares).
  Object.assign(raw.variables, await givenVariableValues(declaredVariables(doc), options, { dir: baseDir, undeclared: 'skip' }));
  // Templates known at plan time (variables, functions, `for`, jsonencode) evaluated and `dynamic`
  // blocks generated as Terraform would (cdktf-expressions.ts).
  evaluateTerraformJson(raw, baseDir);
  const calls = isObject(doc) && isObject(doc.module) ? doc.module : {};
  const manifest = readModuleManifest(baseDir, options.maxBytes);
  for (const name of Object.keys(calls).sort()) {
    const call = calls[name];
    if (!isObject(call)) continue;
    const mod = await readCalledModuleSource(baseDir, call.source, { file, name }, [realDirectory(baseDir)], { manifest, key: name, options });
    if (!mod) {
      raw.modules[name] = { ...raw.modules[name], unavailable: true };
      continue;
    }
    readCalledModule(mod, {
      name,
      args: call,
      callerAddress: null,
      callerPattern: null,
      callerProviders: (k) => k,
      resolve: (v) => resolveLiteral(v, raw.variables) ?? v,
    }, raw);
  }
  return buildModel(raw);
}

/** The variables a Terraform JSON document declares: name → type as written (undefined: untyped). */
function declaredVariables(doc: unknown): Map<string, Json | undefined> {
  const declared = new Map<string, Json | undefined>();
  for (const [name, v] of Object.entries(isObject(doc) && isObject(doc.variable) ? doc.variable : {})) declared.set(name, isObject(v) ? v.type : undefined);
  return declared;
}

/** A `--var` value for a variable no stack of the input declares is refused, as Terraform refuses it. */
function checkVariablesGiven(docs: readonly unknown[], options: ModuleOptions, file: string): void {
  const declared = new Set(docs.flatMap((d) => [...declaredVariables(d).keys()]));
  const undeclared = Object.keys(options.variables ?? {}).find((k) => !declared.has(k));
  if (undeclared !== undefined) throw new InputError(`a value is given for undeclared variable "${undeclared}"`, { file, hint: 'no stack of the input declares it: fix the name, or remove the value' });
}

/** `cdktf.out/stacks/<name>/cdk.tf.json` → `<name>`; otherwise the file name without extensions. */
export function stackNameForFile(file: string): string {
  const base = path.basename(file);
  if (base === 'cdk.tf.json') return path.basename(path.dirname(path.resolve(file)));
  return base.replace(/\.tf\.json$|\.json$/, '');
}
