/**
 * The misconfiguration corpus: every rule's `<rule>.examples.yaml` beside its Rego source.
 * Each bad example must make its rule fire on exactly the listed resources; each good example
 * must not make it fire at all. Runs through the real wasm engine, like users do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../src/config/load';
import { packageRoot } from '../src/engine/bundle';
import { PolicyEngine } from '../src/engine/engine';
import { normalizeCdktf } from '../src/model/normalize-cdktf';
import { normalizePlan } from '../src/model/normalize-plan';
import { planDoc, type ExampleChange } from './plan-doc';

interface Example {
  name: string;
  fires_on?: string[];
  /** Terraform JSON (the cdk.tf.json shape) ... */
  tf?: Record<string, unknown>;
  /** ... or, for the change-safety rules, the planned changes of a `terraform show -json` plan. */
  plan_changes?: ExampleChange[];
}
interface ExampleFile {
  rule: string;
  bad: Example[];
  good: Example[];
}

const policies = path.join(packageRoot(), 'policies');

function exampleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? exampleFiles(path.join(dir, e.name)) : e.name.endsWith('.examples.yaml') ? [path.join(dir, e.name)] : [],
  );
}

/** Examples may omit the envelope; a pinned, in-region one is added so only the rule's subject varies. */
function withEnvelope(tf: Record<string, unknown>): Record<string, unknown> {
  return {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, required_version: '~> 1.9' },
    provider: { aws: [{ region: 'eu-west-1' }] },
    ...tf,
  };
}

const files = exampleFiles(policies).sort();
const corpus = files.map((f) => ({ file: path.relative(policies, f), ...(parseYaml(readFileSync(f, 'utf8')) as ExampleFile) }));

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await PolicyEngine.load();
  engine.setConfig(loadConfig());
});

function firedBy(rule: string, ex: Example, name: string): string[] {
  const model = ex.plan_changes ? normalizePlan(planDoc(ex.plan_changes), `${name}.plan.json`, 'corpus') : normalizeCdktf(withEnvelope(ex.tf ?? {}), `${name}.tf.json`, 'corpus');
  return [...new Set(engine.evaluate(model).filter((f) => f.rule.id === rule).map((f) => f.resource))].sort();
}

describe('misconfiguration corpus', () => {
  it('has an examples file for every rule in the catalog, each with a bad and a good example', async () => {
    const e = await PolicyEngine.load();
    expect(corpus.map((c) => c.rule).sort()).toEqual(e.catalog.rules.map((r) => r.id).sort());
    for (const c of corpus) {
      expect(c.bad.length).toBeGreaterThan(0);
      expect(c.good.length).toBeGreaterThan(0);
      const rule = e.catalog.rules.find((r) => r.id === c.rule);
      expect(`${rule?.file.replace(/\.rego$/, '')}.examples.yaml`).toBe(`policies/${c.file}`);
    }
  });

  const bad = corpus.flatMap((c) => c.bad.map((ex) => ({ rule: c.rule, file: c.file, ...ex })));
  const good = corpus.flatMap((c) => c.good.map((ex) => ({ rule: c.rule, file: c.file, ...ex })));

  it.each(bad)('$rule fires on exactly its resources: $name', (ex) => {
    expect(ex.fires_on?.length).toBeGreaterThan(0);
    expect(firedBy(ex.rule, ex, ex.name)).toEqual([...(ex.fires_on ?? [])].sort());
  });

  it.each(good)('$rule stays silent: $name', (ex) => {
    expect(firedBy(ex.rule, ex, ex.name)).toEqual([]);
  });

  it('every example is either Terraform JSON or plan changes', () => {
    for (const ex of [...bad, ...good]) expect([ex.tf, ex.plan_changes].filter((x) => x !== undefined)).toHaveLength(1);
  });
});
