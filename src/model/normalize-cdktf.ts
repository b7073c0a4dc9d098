/** Terraform JSON as CDKTF synthesizes it (`cdk.tf.json`) → raw model. */
import { InputError } from '../errors';
import { readInlineWaivers } from '../waivers/construct';
import { dict } from './indexes';
import { buildModel, providerConfig, type RawModel, type RawResource } from './build';
import type { Json, JsonObject, NormalizedModel, ProviderConfig, TerraformSettings } from './types';
import { mayBeKnownBeforeApply } from './hcl-expr';
import { blockBodies, unwrapInterpolation, withoutNulls, type TemplateVisitor } from './values';

/** Top-level keys of the Terraform JSON configuration syntax. */
const TOP_LEVEL = new Set(['//', 'resource', 'data', 'provider', 'terraform', 'variable', 'output', 'locals', 'module', 'moved', 'import', 'check', 'removed']);
/**
 * Meta-arguments that are not resource attributes. `provisioner` is kept in `values` (as written)
 * because CRM-SUP-002 must see local-exec / remote-exec; `connection` may hold credentials and is dropped.
 */
export const META = new Set(['//', 'provider', 'depends_on', 'connection']);

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function expectObject(v: unknown, file: string, path: string, what: string): JsonObject {
  if (!isObject(v)) {
    throw new InputError(`expected ${what} (a JSON object), found ${describeJson(v)}`, { file, path });
  }
  return v;
}

export function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** True when `doc` looks like Terraform JSON configuration (used by format detection). */
export function looksLikeTerraformJson(doc: unknown): boolean {
  if (!isObject(doc)) return false;
  const keys = Object.keys(doc);
  return keys.length > 0 && keys.every((k) => TOP_LEVEL.has(k)) && keys.some((k) => k !== '//');
}

export function normalizeCdktf(doc: unknown, file: string, stack: string): NormalizedModel {
  return buildModel(cdktfRawModel(doc, file, stack));
}

/**
 * One resource or data source of a Terraform JSON document, as written (nulls dropped); `templated`
 * when it holds what the loader evaluates (a template, a dynamic block, count/for_each). A function
 * of its own so V8 optimizes it alone, not all of cdktfRawModel once per loop.
 */
function rawResource(mode: 'resource' | 'data', type: string, name: string, body: Json, file: string, keepDynamic: boolean): { resource: RawResource; templated: boolean } {
  const block = expectObject(body, file, `$.${mode}.${type}.${name}`, `the ${mode} body`);
  // A null argument is unset in Terraform (the plan and HCL paths drop nulls the same way).
  let templated = false;
  const seen: TemplateVisitor | undefined = keepDynamic
    ? {
        template: (s) => {
          templated ||= mayBeKnownBeforeApply(s);
        },
        dynamic: () => {
          templated = true;
        },
      }
    : undefined;
  // Shared with the parsed document where nothing is dropped: the values are only read from here on
  // (the template evaluation, typed-values.ts and the model copy on write).
  const values = withoutNulls(block, META, seen, !keepDynamic, true) as JsonObject;
  // `count` / `for_each` (even literal) expand into instances (cdktf-expressions.ts).
  if (block.count !== undefined || block.for_each !== undefined) templated = true;
  const meta = isObject(block['//']) && isObject(block['//'].metadata) ? block['//'].metadata : {};
  const providerKey = typeof block.provider === 'string' ? block.provider : type.split('_')[0];
  const resource: RawResource = {
    address: mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`,
    mode: mode === 'data' ? 'data' : 'managed',
    type: mode === 'data' ? `data.${type}` : type,
    name,
    module: null,
    provider: providerKey,
    values,
    origin: { file, ...(typeof meta.path === 'string' ? { constructPath: meta.path } : {}) },
    waivers: readInlineWaivers(block['//'], file, `$.${mode}.${type}.${name}`),
  };
  return { resource, templated };
}

/** The raw model of a Terraform JSON document (the loader adds followed local modules before building). */
/**
 * `keepDynamic`: `dynamic` blocks stay as written and `templated` lists the resources the caller
 * must evaluate (src/input/cdktf-expressions.ts evaluateTerraformJson); else each dynamic block is
 * read as a value known only after apply (values.ts dynamicAsUnknown) and templates as written.
 */
export function cdktfRawModel(doc: unknown, file: string, stack: string, keepDynamic = false): RawModel {
  const root = expectObject(doc, file, '$', 'a Terraform JSON document');
  const unknownKeys = Object.keys(root).filter((k) => !TOP_LEVEL.has(k));
  if (unknownKeys.length > 0 || !looksLikeTerraformJson(root)) {
    throw new InputError(
      unknownKeys.length > 0
        ? `not Terraform JSON: unexpected top-level key ${JSON.stringify(unknownKeys[0])}`
        : 'not Terraform JSON: no resource, data, provider, terraform or module section',
      { file, path: unknownKeys.length > 0 ? `$.${unknownKeys[0]}` : '$', hint: `expected only ${[...TOP_LEVEL].filter((k) => k !== '//').join(', ')}` },
    );
  }

  const variables: Record<string, Json> = dict();
  const variableTypes: Record<string, string> = dict();
  for (const [name, v] of Object.entries(expectObject(root.variable ?? {}, file, '$.variable', 'variable declarations'))) {
    if (isObject(v) && v.default !== undefined) variables[name] = v.default;
    if (isObject(v) && typeof v.type === 'string') variableTypes[name] = unwrapInterpolation(v.type).trim();
  }

  // Locals as written (`TerraformLocal`), for the loader to evaluate (cdktf-expressions.ts).
  const locals: Record<string, Json> = dict();
  for (const body of blockBodies(root.locals)) for (const [name, v] of Object.entries(body)) if (v !== null) locals[name] = withoutNulls(v);

  const providers: ProviderConfig[] = [];
  const providerBodies: Array<[string, JsonObject]> = [];
  for (const [name, cfgs] of Object.entries(expectObject(root.provider ?? {}, file, '$.provider', 'provider configurations'))) {
    const list = Array.isArray(cfgs) ? cfgs : [cfgs];
    // A null argument is unset in Terraform, on every path.
    list.forEach((cfg, i) => {
      const body = expectObject(cfg, file, `$.provider.${name}[${i}]`, 'a provider configuration');
      providers.push(providerConfig(name, withoutNulls(body, undefined, undefined, true) as JsonObject, variables));
      providerBodies.push([name, withoutNulls(body) as JsonObject]);
    });
  }

  const resources: RawResource[] = [];
  const templatedResources: RawResource[] = [];
  for (const mode of ['resource', 'data'] as const) {
    const section = expectObject(root[mode] ?? {}, file, `$.${mode}`, `the ${mode} section`);
    for (const [type, byName] of Object.entries(section)) {
      for (const [name, body] of Object.entries(expectObject(byName, file, `$.${mode}.${type}`, `${type} ${mode}s by name`))) {
        const { resource, templated } = rawResource(mode, type, name, body, file, keepDynamic);
        resources.push(resource);
        if (templated) templatedResources.push(resource);
      }
    }
  }

  const modules: NormalizedModel['modules'] = dict();
  for (const [name, m] of Object.entries(expectObject(root.module ?? {}, file, '$.module', 'module calls'))) {
    const call = expectObject(m, file, `$.module.${name}`, 'a module call');
    modules[name] = { source: typeof call.source === 'string' ? call.source : null, version: typeof call.version === 'string' ? call.version : null };
  }

  const outputs: Record<string, Json> = {};
  for (const [name, o] of Object.entries(expectObject(root.output ?? {}, file, '$.output', 'output declarations'))) {
    const block = expectObject(o, file, `$.output.${name}`, 'an output');
    if (block.value !== undefined) outputs[name] = block.value;
  }

  return {
    format: 'cdktf',
    stack,
    source: file,
    resources,
    providers,
    terraform: terraformSettings(expectObject(root.terraform ?? {}, file, '$.terraform', 'the terraform block')),
    modules,
    variables,
    outputs,
    ...(keepDynamic ? { templated: templatedResources, locals, variableTypes, providerBodies } : {}),
  };
}

export function terraformSettings(t: JsonObject): TerraformSettings {
  const required: TerraformSettings['required_providers'] = dict();
  const rp = t.required_providers;
  for (const block of Array.isArray(rp) ? rp : [rp]) {
    if (!isObject(block)) continue;
    for (const [name, spec] of Object.entries(block)) {
      if (typeof spec === 'string') required[name] = { source: null, version: spec };
      else if (isObject(spec)) {
        required[name] = {
          source: typeof spec.source === 'string' ? spec.source : null,
          version: typeof spec.version === 'string' ? spec.version : null,
        };
      }
    }
  }
  let backend: TerraformSettings['backend'] = null;
  if (isObject(t.backend)) {
    const [type] = Object.keys(t.backend);
    if (type) backend = { type, config: isObject(t.backend[type]) ? t.backend[type] : {} };
  }
  // `terraform { cloud { ... } }` (HCP Terraform) is the successor of the `remote` backend: same role.
  const cloud = Array.isArray(t.cloud) ? t.cloud[0] : t.cloud;
  if (backend === null && isObject(cloud)) backend = { type: 'cloud', config: cloud };
  return {
    required_version: typeof t.required_version === 'string' ? t.required_version : null,
    required_providers: required,
    backend,
  };
}
