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

/** A minimal but well-formed plan JSON holding `resources` (root module) and an `aws` provider. */
export function planDoc(resources: PlanResource[], extra: { providers?: JsonObject; variables?: JsonObject } = {}): JsonObject {
  const split = (a: string) => {
    const m = /^(?:(data)\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)(\[.*\])?$/.exec(a);
    if (!m) throw new Error(`bad address ${a}`);
    return { mode: m[1] ? 'data' : 'managed', type: m[2], name: m[3], index: m[4] };
  };
  const planned = resources.map((r) => ({ address: r.address, ...split(r.address), index: undefined, values: r.values }));
  const seen = new Set<string>();
  const config = resources.flatMap((r) => {
    const s = split(r.address);
    const address = `${s.mode === 'data' ? 'data.' : ''}${s.type}.${s.name}`;
    if (seen.has(address)) return [];
    seen.add(address);
    const expressions = r.expressions ?? Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, { constant_value: v }]));
    return [{ address, mode: s.mode, type: s.type, name: s.name, provider_config_key: r.provider ?? 'aws', expressions }];
  });
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    variables: extra.variables ?? {},
    planned_values: { root_module: { resources: planned as unknown as Json[] } },
    resource_changes: resources.map((r) => ({ address: r.address, ...split(r.address), index: undefined, change: { actions: ['create'], after_unknown: r.afterUnknown ?? {} } })) as unknown as Json[],
    configuration: {
      provider_config: extra.providers ?? { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: 'eu-central-1' } } } },
      root_module: { resources: config as unknown as Json[] },
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
