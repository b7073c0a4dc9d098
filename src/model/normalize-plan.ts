/**
 * Terraform plan JSON (`terraform show -json plan.out`, format_version 1.x) → raw model.
 *
 * Where each part of the model comes from:
 * - resources and their values: `planned_values.root_module` (and nested `child_modules`), plus
 *   data sources read during planning, which Terraform records in `prior_state` only;
 * - unknowns: `resource_changes[].change.after_unknown`, kept where the configuration sets the
 *   attribute (computed-only attributes such as `arn` stay absent, as in the CDKTF and HCL forms);
 *   the value gets an expression placeholder (`${aws_kms_key.k.arn}`) so rules see the same shape;
 * - references: `configuration.*.resources[].expressions.*.references` (nested blocks too), made
 *   relative to the module instance;
 * - providers: `configuration.provider_config` (region from `constant_value` or a root variable);
 * - planned action: a resource whose only action is `delete` (or `forget`) is not checked;
 * - changes: every delete, replace and update of a managed resource (actions, `replace_paths`,
 *   before/after values) goes to `changes`, for the change-safety (CHG) rules.
 */
import { InputError } from '../errors';
import { dict } from './indexes';
import { buildModel, providerConfig, type RawModel, type RawResource } from './build';
import { describeJson, isObject, META } from './normalize-cdktf';
import type { ChangeSet, Json, JsonObject, NormalizedModel, ProviderConfig, ResourceChange, TerraformSettings } from './types';
import { stripInstanceKeys } from './refs';
import { withoutNulls } from './values';

/** Plan format majors this normalizer reads (Terraform 1.1 and later write format_version 1.x). */
const SUPPORTED_MAJOR = 1;
/** Terraform's placeholder wording for a value with no reference to show. */
const UNKNOWN_VALUE = '${(known after apply)}';
/** Roots of references that name no resource. */
const NOT_OBJECTS = new Set(['var', 'local', 'each', 'count', 'path', 'self', 'terraform']);

export function normalizePlan(doc: unknown, file: string, stack: string): NormalizedModel {
  return buildModel(planRawModel(doc, file, stack));
}

interface PlannedResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Module instance address (`module.a["x"].module.b`) or null. */
  module: string | null;
  values: JsonObject;
  path: string;
}

interface ConfigResource {
  expressions: JsonObject;
  providerConfigKey: string | null;
  provisioners: Json[];
}

interface Change {
  actions: string[];
  afterUnknown: Json;
}

export function planRawModel(doc: unknown, file: string, stack: string): RawModel {
  const ctx = new PlanReader(file);
  const root = ctx.object(doc, '$', 'a Terraform plan (a JSON object)');
  checkFormatVersion(root, file);
  if (root.errored !== undefined && typeof root.errored !== 'boolean') {
    throw new InputError(`expected "errored" to be true or false, found ${describeJson(root.errored)}`, { file, path: '$.errored' });
  }
  if (root.complete !== undefined && typeof root.complete !== 'boolean') {
    throw new InputError(`expected "complete" to be true or false, found ${describeJson(root.complete)}`, { file, path: '$.complete' });
  }
  if (root.complete === false) {
    throw new InputError('the plan is marked "complete": false: Terraform deferred part of it, so it does not describe everything apply will do', {
      file,
      path: '$.complete',
      hint: 'plan without -target and without deferred changes, then re-create the plan JSON',
    });
  }
  if (root.errored === true) {
    throw new InputError('the plan is marked "errored": terraform plan failed, so its planned values are incomplete', {
      file,
      path: '$.errored',
      hint: 'fix the errors terraform reported, then re-create the plan',
    });
  }

  const variables: Record<string, Json> = dict();
  for (const [name, v] of Object.entries(ctx.object(root.variables ?? {}, '$.variables', 'the plan variables'))) {
    if (isObject(v) && 'value' in v) variables[name] = v.value;
  }

  const changes = new Map<string, Change & { path: string; managed: boolean }>();
  const resourceChanges: Record<string, ResourceChange> = dict();
  (ctx.array(root.resource_changes ?? [], '$.resource_changes', 'the resource changes')).forEach((c, i) => {
    const p = `$.resource_changes[${i}]`;
    const rc = ctx.object(c, p, 'a resource change');
    if (rc.deposed !== undefined) return; // a deposed object is being destroyed; its replacement is checked
    const address = ctx.string(rc.address, `${p}.address`, 'the resource address');
    const change = ctx.object(rc.change, `${p}.change`, 'the change');
    const actions = ctx.array(change.actions, `${p}.change.actions`, 'the planned actions').map((a, j) => ctx.string(a, `${p}.change.actions[${j}]`, 'an action'));
    const prev = changes.get(address);
    if (prev) throw new InputError(`resource ${address} has two changes (also ${prev.path})`, { file, path: `${p}.address`, hint: 'each resource instance appears once in resource_changes' });
    const managed = rc.mode === undefined ? !/(^|\.)data\./.test(address) : rc.mode === 'managed';
    changes.set(address, { actions, afterUnknown: change.after_unknown ?? false, path: p, managed });
    if (rc.mode !== 'data' && (actions.includes('delete') || actions.includes('update'))) {
      resourceChanges[address] = {
        address,
        type: ctx.string(rc.type, `${p}.type`, 'the resource type'),
        name: ctx.string(rc.name, `${p}.name`, 'the resource name'),
        module: typeof rc.module_address === 'string' ? rc.module_address : null,
        actions,
        replace_paths: replacePaths(ctx, change.replace_paths, `${p}.change.replace_paths`),
        before: isObject(change.before) ? (withoutNulls(change.before) as JsonObject) : null,
        after: isObject(change.after) ? (withoutNulls(change.after) as JsonObject) : null,
      };
    }
  });

  const configuration = ctx.object(root.configuration ?? {}, '$.configuration', 'the configuration');
  const configResources = new Map<string, ConfigResource>();
  const modules: NormalizedModel['modules'] = dict();
  readConfigModule(ctx, configuration.root_module ?? {}, '$.configuration.root_module', '', configResources, modules);

  const planned: PlannedResource[] = [];
  const plannedValues = ctx.object(root.planned_values ?? {}, '$.planned_values', 'the planned values');
  if (plannedValues.root_module !== undefined) readStateModule(ctx, plannedValues.root_module, '$.planned_values.root_module', null, planned, () => true);
  // Data sources read while planning are recorded in the refreshed prior state, not in planned_values.
  const prior = isObject(root.prior_state) && isObject(root.prior_state.values) ? root.prior_state.values : undefined;
  if (prior?.root_module !== undefined) {
    const seen = new Set(planned.map((r) => r.address));
    readStateModule(ctx, prior.root_module, '$.prior_state.values.root_module', null, planned, (r) => r.mode === 'data' && !seen.has(r.address));
  }

  crossCheck(planned, changes, file);
  checkConfiguredInstances(configuration.root_module, '$.configuration.root_module', '', planned, changes, file);

  const providerConfigs = ctx.object(configuration.provider_config ?? {}, '$.configuration.provider_config', 'the provider configurations');
  const checked = planned.filter((r) => !isRemoval(changes.get(r.address)?.actions));
  const instances = new Map<string, string[]>();
  for (const r of checked) {
    const base = `${r.module ? `${r.module}.` : ''}${relativeAddress(r)}`;
    (instances.get(base) ?? instances.set(base, []).get(base)!).push(r.address);
  }

  const usedProviderKeys = new Set<string>();
  const resources: RawResource[] = checked.map((r) => {
    const config = configResources.get(`${stripInstanceKeys(r.module ?? '')}\u0000${relativeAddress(r)}`);
    const values = withoutNulls(r.values, META) as JsonObject;
    if (config && config.provisioners.length > 0) values.provisioner = config.provisioners;
    const unknown = new Set<string>();
    const change = changes.get(r.address);
    const ownKey = /(\[(?:\d+|"(?:[^"\\]|\\.)*")\])$/.exec(r.address)?.[1] ?? null;
    const expressions = config ? (withOwnKeyDeep(config.expressions, ownKey) as JsonObject) : undefined;
    if (change) markUnknownAttributes(change.afterUnknown, values, expressions, unknown);
    const provider = providerKey(config?.providerConfigKey ?? r.type.split('_')[0], providerConfigs, file);
    usedProviderKeys.add(provider);
    return {
      address: r.address,
      mode: r.mode,
      type: r.mode === 'data' ? `data.${r.type}` : r.type,
      name: r.name,
      module: r.module,
      provider,
      values,
      origin: { file, address: r.address },
      unknown: [...unknown].sort(),
      refs: expressions ? expressionRefs(expressions, r.module, instances) : {},
      // A replace destroys the existing object (the DR drill's U6); other actions are not recorded.
      ...(change && change.actions.includes('delete') ? { actions: change.actions } : {}),
    };
  });

  const { providers, terraform } = readProviders(ctx, providerConfigs, variables, usedProviderKeys);
  const planned_changes: ChangeSet = { basis: 'plan', resources: resourceChanges };
  return { format: 'plan', stack, source: file, resources, providers, terraform, modules, variables: {}, changes: planned_changes };
}

/**
 * `replace_paths`: a list of attribute paths, each a list of steps (names and list indices).
 * Kept as dotted attribute paths without indices (`ebs_block_device.volume_size`), as in `unknown`.
 */
function replacePaths(ctx: PlanReader, v: Json | undefined, path: string): string[] {
  if (v === undefined || v === null) return [];
  const out = new Set<string>();
  ctx.array(v, path, 'the attribute paths that force replacement').forEach((steps, i) => {
    const names = ctx.array(steps, `${path}[${i}]`, 'an attribute path (a list of steps)').filter((step): step is string => typeof step === 'string');
    if (names.length > 0) out.add(names.join('.'));
  });
  return [...out].sort();
}

/**
 * planned_values and resource_changes describe the same plan: an instance listed twice, a managed
 * change that leaves a resource but is missing from planned_values, or a planned resource whose
 * only change removes it are inconsistencies, and an input error rather than a partial check.
 */
function crossCheck(planned: readonly PlannedResource[], changes: Map<string, Change & { path: string; managed: boolean }>, file: string): void {
  const seen = new Map<string, string>();
  for (const r of planned) {
    const prev = seen.get(r.address);
    if (prev !== undefined) throw new InputError(`resource ${r.address} is planned twice (also ${prev})`, { file, path: r.path, hint: 'each resource instance appears once in planned_values' });
    seen.set(r.address, r.path);
    const change = changes.get(r.address);
    if (r.mode === 'managed' && change && isRemoval(change.actions)) {
      throw new InputError(`resource ${r.address} is in planned_values, but its change (${change.actions.join(', ')}) removes it`, {
        file,
        path: change.path,
        hint: 'planned_values and resource_changes disagree: the plan JSON was edited or is not one `terraform show -json` wrote',
      });
    }
  }
  for (const [address, change] of changes) {
    if (!change.managed || isRemoval(change.actions) || seen.has(address)) continue;
    throw new InputError(`resource ${address} has a planned change (${change.actions.join(', ')}) but is missing from planned_values`, {
      file,
      path: `${change.path}.address`,
      hint: 'planned_values and resource_changes disagree: the plan JSON was edited or is not one `terraform show -json` wrote',
    });
  }
}

/**
 * A managed resource the configuration declares without `count`/`for_each` (in modules called
 * without them) has exactly one instance: if neither planned_values nor resource_changes has it,
 * the plan JSON lost it, and that is an input error rather than a resource silently unchecked.
 */
function checkConfiguredInstances(
  m: Json | undefined,
  p: string,
  modulePath: string,
  planned: readonly PlannedResource[],
  changes: Map<string, unknown>,
  file: string,
): void {
  if (!isObject(m)) return;
  const known = new Set(planned.map((r) => r.address));
  (Array.isArray(m.resources) ? m.resources : []).forEach((raw, i) => {
    if (!isObject(raw) || raw.mode !== 'managed' || typeof raw.address !== 'string') return;
    if (raw.count_expression !== undefined || raw.for_each_expression !== undefined) return;
    const address = `${modulePath ? `${modulePath}.` : ''}${raw.address}`;
    if (known.has(address) || changes.has(address)) return;
    throw new InputError(`resource ${address} is in the configuration but in neither planned_values nor resource_changes`, {
      file,
      path: `${p}.resources[${i}]`,
      hint: 'the plan JSON is incomplete or edited: re-create it with `terraform show -json plan.out`',
    });
  });
  for (const [name, call] of Object.entries(isObject(m.module_calls) ? m.module_calls : {})) {
    if (!isObject(call) || call.count_expression !== undefined || call.for_each_expression !== undefined) continue;
    checkConfiguredInstances(call.module, `${p}.module_calls.${name}.module`, `${modulePath ? `${modulePath}.` : ''}module.${name}`, planned, changes, file);
  }
}

function checkFormatVersion(root: JsonObject, file: string): void {
  const v = root.format_version;
  if (v === undefined) {
    throw new InputError('not a Terraform plan: no "format_version"', { file, path: '$', hint: 'create it with `terraform show -json plan.out > plan.json`' });
  }
  const major = typeof v === 'string' ? /^(\d+)\./.exec(v)?.[1] : undefined;
  if (major === undefined || Number(major) !== SUPPORTED_MAJOR) {
    throw new InputError(`unsupported plan format_version ${JSON.stringify(v)}: crm-guard reads format_version ${SUPPORTED_MAJOR}.x`, {
      file,
      path: '$.format_version',
      hint: 'Terraform 1.1 and later write 1.x; re-create the plan JSON with such a Terraform',
    });
  }
  if (!('planned_values' in root) && !('resource_changes' in root)) {
    throw new InputError(
      'values' in root ? 'this is Terraform state JSON (`terraform show -json` without a plan file), not a plan' : 'not a Terraform plan: no "planned_values" or "resource_changes"',
      { file, path: '$', hint: 'create the plan JSON with `terraform plan -out plan.out && terraform show -json plan.out > plan.json`' },
    );
  }
}

/** Only-delete (and forget) changes leave nothing to check; replace = delete+create is checked. */
function isRemoval(actions: string[] | undefined): boolean {
  return actions !== undefined && actions.length > 0 && actions.every((a) => a === 'delete' || a === 'forget');
}

function relativeAddress(r: Pick<PlannedResource, 'mode' | 'type' | 'name'>): string {
  return r.mode === 'data' ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`;
}

/** Walks a values module (`planned_values.root_module` or the prior state's) and its child modules. */
function readStateModule(ctx: PlanReader, m: unknown, p: string, moduleAddress: string | null, out: PlannedResource[], keep: (r: PlannedResource) => boolean): void {
  const mod = ctx.object(m, p, 'a module');
  ctx.array(mod.resources ?? [], `${p}.resources`, 'the resources').forEach((raw, i) => {
    const rp = `${p}.resources[${i}]`;
    const r = ctx.object(raw, rp, 'a resource');
    const mode = ctx.string(r.mode, `${rp}.mode`, '"managed" or "data"');
    if (mode !== 'managed' && mode !== 'data') throw new InputError(`expected "managed" or "data", found ${JSON.stringify(mode)}`, { file: ctx.file, path: `${rp}.mode` });
    const resource: PlannedResource = {
      address: ctx.string(r.address, `${rp}.address`, 'the resource address'),
      mode,
      type: ctx.string(r.type, `${rp}.type`, 'the resource type'),
      name: ctx.string(r.name, `${rp}.name`, 'the resource name'),
      module: moduleAddress,
      values: ctx.object(r.values ?? {}, `${rp}.values`, 'the resource values'),
      path: rp,
    };
    if (keep(resource)) out.push(resource);
  });
  ctx.array(mod.child_modules ?? [], `${p}.child_modules`, 'the child modules').forEach((c, i) => {
    const cp = `${p}.child_modules[${i}]`;
    const child = ctx.object(c, cp, 'a child module');
    readStateModule(ctx, child, cp, ctx.string(child.address, `${cp}.address`, 'the module address'), out, keep);
  });
}

/** Walks `configuration.root_module` and its `module_calls`, indexing resources by module path. */
/** Marks a reference already made absolute (a caller's argument seen from inside the module). */
const ABSOLUTE = '::';

function readConfigModule(
  ctx: PlanReader,
  m: unknown,
  p: string,
  modulePath: string,
  out: Map<string, ConfigResource>,
  modules: NormalizedModel['modules'],
  inputs: Map<string, string[]> = new Map(),
): void {
  const mod = ctx.object(m, p, 'a configuration module');
  ctx.array(mod.resources ?? [], `${p}.resources`, 'the configured resources').forEach((raw, i) => {
    const rp = `${p}.resources[${i}]`;
    const r = ctx.object(raw, rp, 'a configured resource');
    const address = ctx.string(r.address, `${rp}.address`, 'the resource address');
    out.set(`${modulePath}\u0000${address}`, {
      expressions: withCallerReferences(ctx.object(r.expressions ?? {}, `${rp}.expressions`, 'the resource expressions'), inputs) as JsonObject,
      providerConfigKey: typeof r.provider_config_key === 'string' ? r.provider_config_key : null,
      provisioners: ctx.array(r.provisioners ?? [], `${rp}.provisioners`, 'the provisioners').flatMap((pv) =>
        isObject(pv) && typeof pv.type === 'string' ? [{ [pv.type]: expressionValues(isObject(pv.expressions) ? pv.expressions : {}, {}) }] : [],
      ),
    });
  });
  for (const [name, raw] of Object.entries(ctx.object(mod.module_calls ?? {}, `${p}.module_calls`, 'the module calls'))) {
    const cp = `${p}.module_calls.${name}`;
    const call = ctx.object(raw, cp, 'a module call');
    const address = `${modulePath ? `${modulePath}.` : ''}module.${name}`;
    modules[address.slice('module.'.length)] = {
      source: typeof call.source === 'string' ? call.source : null,
      version: typeof call.version_constraint === 'string' && call.version_constraint !== '' ? call.version_constraint : null,
    };
    // A variable set by the caller to an expression refers, from inside, to what the caller's refers to.
    const callInputs = new Map<string, string[]>();
    for (const [v, e] of Object.entries(isObject(call.expressions) ? call.expressions : {})) {
      const refs = isExpression(e) ? references(e) : [];
      const own = refs.flatMap((r) => (r.startsWith(ABSOLUTE) ? [r] : /^var\.([A-Za-z_][\w-]*)/.test(r) ? (inputs.get(/^var\.([A-Za-z_][\w-]*)/.exec(r)![1]) ?? []) : [`${ABSOLUTE}${modulePath ? `${modulePath}.` : ''}${r}`]));
      if (own.length > 0) callInputs.set(v, own);
    }
    if (call.module !== undefined) readConfigModule(ctx, call.module, `${cp}.module`, address, out, modules, callInputs);
  }
}

// ---------------------------------------------------------------------------------------------
// Expressions

/** An expression object: `{constant_value}` and/or `{references}` (or `{}` when neither applies). */
function isExpression(v: unknown): v is { constant_value?: Json; references?: Json } {
  return isObject(v) && Object.keys(v).every((k) => k === 'constant_value' || k === 'references');
}

function references(e: { references?: Json }): string[] {
  return Array.isArray(e.references) ? e.references.filter((r): r is string => typeof r === 'string') : [];
}

/**
 * Terraform lists each reference and its shorter prefixes (`aws_kms_key.k.arn`, `aws_kms_key.k`);
 * the placeholder shows only the longest of each.
 */
function placeholder(cfg: unknown): string {
  const refs = (isExpression(cfg) ? references(cfg) : []).map((r) => (r.startsWith(ABSOLUTE) ? r.slice(ABSOLUTE.length) : r));
  const longest = refs.filter((r) => !refs.some((o) => o !== r && (o.startsWith(`${r}.`) || o.startsWith(`${r}[`))));
  return longest.length > 0 ? `\${${longest.join(', ')}}` : UNKNOWN_VALUE;
}

/** Top level of `after_unknown`: the configuration is a block body here, never an expression. */
function markUnknownAttributes(afterUnknown: Json, values: JsonObject, expressions: JsonObject | undefined, out: Set<string>): void {
  if (!isObject(afterUnknown)) return;
  for (const [k, u] of Object.entries(afterUnknown)) {
    const cfg = expressions?.[k];
    const omitted = expressions !== undefined && cfg === undefined && nonEmptyBlocks(values[k]);
    markUnknown(u, values, k, cfg, expressions === undefined || omitted, k, out);
  }
}

/**
 * Walks `after_unknown` beside the planned value and the configuration expressions. A path is
 * unknown when the configuration sets it (or, for blocks the configuration JSON omits, such as
 * `dynamic` blocks, when the planned value has the block); its value becomes a placeholder.
 */
function markUnknown(u: Json, holder: Record<string | number, Json>, key: string | number, cfg: unknown, assume: boolean, path: string, out: Set<string>): void {
  const current = holder[key];
  const whole = u === true || ((Array.isArray(u) || isObject(u)) && (current === undefined || current === null) && containsTrue(u));
  if (whole) {
    if (assume || cfg !== undefined) {
      if (path !== '') out.add(path);
      if (current === undefined || current === null) holder[key] = placeholder(cfg);
    }
    return;
  }
  if (Array.isArray(u) && Array.isArray(current)) {
    u.forEach((item, i) => markUnknown(item, current as unknown as Record<number, Json>, i, cfgAt(cfg, i), assume, path, out));
  } else if (isObject(u) && isObject(current)) {
    for (const [k, item] of Object.entries(u)) {
      const next = cfgAt(cfg, k);
      const omitted = next === undefined && cfg !== undefined && !isExpression(cfg) && nonEmptyBlocks(current[k]);
      markUnknown(item, current, k, next, assume || omitted, path ? `${path}.${k}` : k, out);
    }
  }
}

function containsTrue(u: Json): boolean {
  if (u === true) return true;
  if (Array.isArray(u)) return u.some(containsTrue);
  return isObject(u) && Object.values(u).some(containsTrue);
}

function nonEmptyBlocks(v: Json | undefined): boolean {
  return (Array.isArray(v) && v.some(isObject)) || (isObject(v) && Object.keys(v).length > 0);
}

/** The configuration node beside a value position: an expression covers everything below it. */
function cfgAt(cfg: unknown, key: string | number): unknown {
  if (cfg === undefined || isExpression(cfg)) return cfg;
  if (Array.isArray(cfg)) return typeof key === 'number' ? cfg[key] : isObject(cfg[0]) ? cfg[0][key] : undefined;
  if (isObject(cfg)) return typeof key === 'number' ? cfg : cfg[key];
  return undefined;
}

/** Attribute path → referenced addresses, from a resource's configuration expressions. */
function expressionRefs(expressions: JsonObject, moduleAddress: string | null, instances: Map<string, string[]>): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  const walk = (node: unknown, path: string): void => {
    if (isExpression(node)) {
      const targets = referenceTargets(references(node), moduleAddress, instances);
      if (targets.length > 0 && path !== '') for (const t of targets) (out[path] ??= new Set()).add(t);
    } else if (Array.isArray(node)) {
      for (const item of node) walk(item, path);
    } else if (isObject(node)) {
      for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(expressions, '');
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
}

/**
 * `x[each.key]` / `x[count.index]` in an instance's expression name the instance of `x` with the
 * instance's own key (the common pairing of two resources expanded over the same collection).
 * Terraform lists such a reference as `x` plus `each.key` / `count.index`.
 */
function withOwnKey(refs: string[], ownKey: string | null): string[] {
  if (ownKey === null) return refs;
  const dynamic = refs.some((r) => r === 'each.key' || r === 'count.index' || /\[(each\.key|count\.index)\]/.test(r));
  if (!dynamic) return refs;
  return refs.map((r) => {
    const m = /^((?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*)(?:\[(?:each\.key|count\.index)\])?$/.exec(r);
    return m && !NOT_OBJECTS.has(r.split('.')[0]) ? `${m[1]}${ownKey}` : r;
  });
}

/** Configuration expressions of one instance, its `x[each.key]` references keyed (see withOwnKey). */
function withOwnKeyDeep(node: unknown, ownKey: string | null): Json {
  if (ownKey === null) return node as Json;
  if (isExpression(node)) {
    const refs = references(node);
    if (refs.length === 0) return node as Json;
    return { ...node, references: withOwnKey(refs, ownKey).filter((r) => r !== 'each.key' && r !== 'count.index') } as Json;
  }
  if (Array.isArray(node)) return node.map((n) => withOwnKeyDeep(n, ownKey));
  if (isObject(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withOwnKeyDeep(v, ownKey)]));
  return node as Json;
}

const REF = /^(?:(data)\.)?([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)(\[(?:\d+|"(?:[^"\\]|\\.)*")\])?/;

/**
 * Model addresses named by one expression's references, relative to the module instance:
 * `aws_subnet.data[0].id` → that instance; `aws_subnet.data` (whole, or a splat) → every instance.
 */
export function referenceTargets(refs: readonly string[], moduleAddress: string | null, instances: Map<string, string[]>): string[] {
  const prefix = moduleAddress ? `${moduleAddress}.` : '';
  const keyed = new Set<string>();
  const whole = new Set<string>();
  const out = new Set<string>();
  for (const raw of refs) {
    const absolute = raw.startsWith(ABSOLUTE);
    const ref = absolute ? raw.slice(ABSOLUTE.length) : raw;
    if (absolute) {
      // Already relative to the root: the caller's object (all its instances when not keyed).
      const m = /^(module\.[A-Za-z_][\w-]*\.)*(?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(\[(?:\d+|"(?:[^"\\]|\\.)*")\])?/.exec(ref);
      if (m && !NOT_OBJECTS.has(ref.split('.')[0])) for (const a of m[2] ? [m[0]] : (instances.get(m[0]) ?? [m[0]])) out.add(a);
      continue;
    }
    const mod = /^module\.([A-Za-z_][\w-]*)/.exec(ref);
    if (mod) {
      out.add(`${prefix}module.${mod[1]}`);
      continue;
    }
    const m = REF.exec(ref);
    if (!m || (m[1] === undefined && NOT_OBJECTS.has(m[2]))) continue;
    const base = `${prefix}${m[1] ? 'data.' : ''}${m[2]}.${m[3]}`;
    if (m[4]) {
      keyed.add(base);
      out.add(`${base}${m[4]}`);
    } else whole.add(base);
  }
  for (const base of whole) {
    if (keyed.has(base)) continue;
    for (const a of instances.get(base) ?? [base]) out.add(a);
  }
  return [...out].sort();
}

/** Expressions with each `var.x` reference replaced by the caller's references (absolute). */
function withCallerReferences(node: unknown, inputs: Map<string, string[]>): Json {
  if (inputs.size === 0) return node as Json;
  if (isExpression(node)) {
    const refs = references(node);
    if (refs.length === 0) return node as Json;
    const rewritten = refs.flatMap((r) => {
      const v = /^var\.([A-Za-z_][\w-]*)$/.exec(r)?.[1] ?? /^var\.([A-Za-z_][\w-]*)[.[]/.exec(r)?.[1];
      return v !== undefined && inputs.has(v) ? inputs.get(v)! : [r];
    });
    return { ...node, references: [...new Set(rewritten)] } as Json;
  }
  if (Array.isArray(node)) return node.map((n) => withCallerReferences(n, inputs));
  if (isObject(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withCallerReferences(v, inputs)]));
  return node as Json;
}


/** Expressions of a provider or provisioner block → values: constants, resolved variables, placeholders. */
function expressionValues(expressions: JsonObject, variables: Record<string, Json>): JsonObject {
  const convert = (node: unknown): Json => {
    if (isExpression(node)) {
      if (node.constant_value !== undefined) return node.constant_value;
      const refs = references(node);
      if (refs.length === 1 && refs[0].startsWith('var.') && refs[0].slice(4) in variables) return variables[refs[0].slice(4)];
      return placeholder(node);
    }
    if (Array.isArray(node)) return node.map(convert);
    if (isObject(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, convert(v)]));
    return null;
  };
  // The top level is always a block body (an argument-less block has `{}`, which is not an expression).
  return Object.fromEntries(Object.entries(expressions).map(([k, v]) => [k, convert(v)]));
}

// ---------------------------------------------------------------------------------------------
// Providers

/**
 * The model's provider key for a resource's `provider_config_key`: `aws`, `aws.dr`, or for a
 * provider block inside a module `module.m:aws`. A module key that only stands for an inherited
 * configuration (no expressions of its own) resolves to the parent's, as Terraform does.
 */
function providerKey(configKey: string, configs: JsonObject, file: string): string {
  let key = configKey;
  for (;;) {
    const colon = key.lastIndexOf(':');
    if (colon === -1) return key;
    const entry = Object.prototype.hasOwnProperty.call(configs, key) ? configs[key] : undefined;
    if (isObject(entry) && isObject(entry.expressions) && Object.keys(entry.expressions).length > 0) return key;
    const modulePath = key.slice(0, colon);
    const local = key.slice(colon + 1);
    // Each step drops one `module.<name>` from the path, so the walk ends; a key whose module part
    // is not a module path is not one Terraform writes.
    if (!/^module\.[A-Za-z_][\w-]*(\.module\.[A-Za-z_][\w-]*)*$/.test(modulePath)) {
      throw new InputError(`provider_config_key ${JSON.stringify(configKey)} is not "<provider>" or "module.<name>[.module.<name>…]:<provider>"`, {
        file,
        path: '$.configuration.root_module',
        hint: 'the plan JSON is not one `terraform show -json` wrote',
      });
    }
    const parent = modulePath.replace(/\.?module\.[A-Za-z_][\w-]*$/, '');
    key = parent ? `${parent}:${local}` : local;
  }
}

function readProviders(
  ctx: PlanReader,
  configs: JsonObject,
  variables: Record<string, Json>,
  used: Set<string>,
): { providers: ProviderConfig[]; terraform: TerraformSettings } {
  const providers: ProviderConfig[] = [];
  const required: TerraformSettings['required_providers'] = dict();
  for (const key of Object.keys(configs).sort()) {
    const p = `$.configuration.provider_config[${JSON.stringify(key)}]`;
    const entry = ctx.object(configs[key], p, 'a provider configuration');
    const name = typeof entry.name === 'string' ? entry.name : key.replace(/^.*:/, '').split('.')[0];
    const alias = typeof entry.alias === 'string' && entry.alias !== '' ? entry.alias : null;
    const expressions = ctx.object(entry.expressions ?? {}, `${p}.expressions`, 'the provider expressions');
    const inModule = typeof entry.module_address === 'string' && entry.module_address !== '';
    if (!inModule) {
      const version = typeof entry.version_constraint === 'string' && entry.version_constraint !== '' ? entry.version_constraint : null;
      const prev = required[name];
      required[name] = { source: shortSource(entry.full_name) ?? prev?.source ?? null, version: version ?? prev?.version ?? null };
    }
    // A module entry without expressions stands for an inherited configuration (see providerKey).
    if (inModule && Object.keys(expressions).length === 0) continue;
    if (!inModule && Object.keys(expressions).length === 0 && alias === null && !used.has(key)) continue;
    const values = expressionValues(expressions, inModule ? {} : variables);
    if (alias) values.alias = alias;
    providers.push({ ...providerConfig(name, values, {}), key });
  }
  return { providers, terraform: { required_version: null, required_providers: required, backend: null } };
}

/** `registry.terraform.io/hashicorp/aws` → `hashicorp/aws` (the form written in required_providers). */
function shortSource(fullName: Json | undefined): string | null {
  if (typeof fullName !== 'string' || fullName === '') return null;
  return fullName.replace(/^registry\.terraform\.io\//, '');
}

// ---------------------------------------------------------------------------------------------

function found(v: unknown): string {
  return v === undefined ? 'nothing (the key is missing)' : describeJson(v);
}

/** Shape checks that name the file and JSON path of what is wrong. */
class PlanReader {
  constructor(readonly file: string) {}

  object(v: unknown, path: string, what: string): JsonObject {
    if (!isObject(v)) throw new InputError(`expected ${what}, found ${found(v)}`, { file: this.file, path });
    return v;
  }

  array(v: unknown, path: string, what: string): Json[] {
    if (!Array.isArray(v)) throw new InputError(`expected ${what} (a JSON array), found ${found(v)}`, { file: this.file, path });
    return v as Json[];
  }

  string(v: unknown, path: string, what: string): string {
    if (typeof v !== 'string') throw new InputError(`expected ${what} (a string), found ${found(v)}`, { file: this.file, path });
    return v;
  }
}
