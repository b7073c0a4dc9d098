/**
 * Runs Terraform written by hand through the real loaders and the real wasm engine, in HCL
 * (a directory of .tf files) and in plan form (`terraform show -json` shape), so each case of
 * issue 12 is checked end to end in both.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../src/config/load';
import { PolicyEngine } from '../../src/engine/engine';
import { loadInputs, type LoadOptions } from '../../src/input/load';
import type { Json, JsonObject, NormalizedModel } from '../../src/model/types';
import { tempDir } from '../helpers';

let engine: PolicyEngine | undefined;

export async function policyEngine(): Promise<PolicyEngine> {
  if (!engine) {
    engine = await PolicyEngine.load();
    engine.setConfig(loadConfig());
  }
  return engine;
}

/** Writes files (relative path → text) into a fresh directory and returns it. */
export function writeTree(files: Record<string, string>): string {
  const dir = tempDir('crm-guard-tf-');
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

export async function loadHcl(files: Record<string, string>, options: LoadOptions = {}): Promise<NormalizedModel> {
  const [m] = await loadInputs([writeTree(files)], options);
  return m;
}

export interface PlanResource {
  address: string;
  values: JsonObject;
  /** Configuration expressions; default: every value as a constant. */
  expressions?: JsonObject;
  provider?: string;
  afterUnknown?: JsonObject;
}

/**
 * A minimal but well-formed plan JSON holding `resources` and an `aws` provider. Addresses may
 * sit in one level of module (`module.m.aws_x.y`): the resource lands in `child_modules`, its
 * configuration in `module_calls` (`moduleSources` gives each call's source).
 */
export function planDoc(
  resources: PlanResource[],
  extra: { providers?: JsonObject; variables?: JsonObject; moduleSources?: Record<string, string> } = {},
): JsonObject {
  const split = (a: string) => {
    const m = /^(?:(module\.[A-Za-z0-9_-]+)\.)?(?:(data)\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)(\[.*\])?$/.exec(a);
    if (!m) throw new Error(`bad address ${a}`);
    return { module: m[1] ?? null, mode: m[2] ? 'data' : 'managed', type: m[3], name: m[4], index: m[5] };
  };
  const rootPlanned: Json[] = [];
  const childPlanned = new Map<string, Json[]>();
  const rootConfig: Json[] = [];
  const childConfig = new Map<string, Json[]>();
  const seen = new Set<string>();
  for (const r of resources) {
    const s = split(r.address);
    const index = s.index ? (JSON.parse(s.index.slice(1, -1)) as Json) : undefined;
    const planned = { address: r.address, mode: s.mode, type: s.type, name: s.name, ...(index !== undefined ? { index } : {}), values: r.values } as Json;
    if (s.module) childPlanned.set(s.module, [...(childPlanned.get(s.module) ?? []), planned]);
    else rootPlanned.push(planned);
    const rel = `${s.mode === 'data' ? 'data.' : ''}${s.type}.${s.name}`;
    if (seen.has(`${s.module}.${rel}`)) continue;
    seen.add(`${s.module}.${rel}`);
    const expressions = r.expressions ?? Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, { constant_value: v }]));
    // Instances come from count / for_each, which Terraform records on the configuration block.
    const expansion: JsonObject = index === undefined ? {} : typeof index === 'number' ? { count_expression: { references: [] } } : { for_each_expression: { references: [] } };
    const cfg = { address: rel, mode: s.mode, type: s.type, name: s.name, provider_config_key: r.provider ?? 'aws', expressions, ...expansion } as Json;
    if (s.module) childConfig.set(s.module, [...(childConfig.get(s.module) ?? []), cfg]);
    else rootConfig.push(cfg);
  }
  const moduleCalls: JsonObject = {};
  for (const [m, rs] of childConfig) moduleCalls[m.slice('module.'.length)] = { source: extra.moduleSources?.[m] ?? `./modules/${m.slice(7)}`, module: { resources: rs } };
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    variables: extra.variables ?? {},
    planned_values: { root_module: { resources: rootPlanned, child_modules: [...childPlanned].map(([address, rs]) => ({ address, resources: rs })) } },
    resource_changes: resources.map((r) => {
      const s = split(r.address);
      return { address: r.address, ...(s.module ? { module_address: s.module } : {}), mode: s.mode, type: s.type, name: s.name, change: { actions: ['create'], after_unknown: r.afterUnknown ?? {} } };
    }) as unknown as Json[],
    configuration: {
      provider_config: extra.providers ?? { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: 'eu-central-1' } } } },
      root_module: { resources: rootConfig, module_calls: moduleCalls },
    },
  };
}

export async function loadPlan(doc: JsonObject): Promise<NormalizedModel> {
  const dir = writeTree({ 'plan.json': JSON.stringify(doc) });
  const [m] = await loadInputs([path.join(dir, 'plan.json')]);
  return m;
}

/** `RULE address` per finding, `?` appended when unverifiable; sorted, unique. */
export async function findings(model: NormalizedModel): Promise<string[]> {
  const e = await policyEngine();
  return [...new Set(e.evaluate(model).map((f) => `${f.rule.id} ${f.resource}${f.unverifiable ? ' ?' : ''}`))].sort();
}

export async function findingMessages(model: NormalizedModel, rule: string): Promise<string[]> {
  const e = await policyEngine();
  return e.evaluate(model).filter((f) => f.rule.id === rule).map((f) => f.message).sort();
}

export const PROVIDER_TF = 'provider "aws" {\n  region = "eu-central-1"\n}\n';
