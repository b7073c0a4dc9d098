/**
 * Property-based fuzzing of crm-guard's input path (fast-check): mutated CDKTF JSON (from the
 * reference stacks), mutated plan JSON (from the parity plan) and mutated HCL go through the same
 * library calls as `crm-guard check`. Properties, per case:
 *
 * 1. No untyped exception: the run ends in a result or a CrmGuardError (exit 2), nothing else.
 * 2. No hang: evaluation runs under a time budget; a budget expiry is counted as a hang.
 * 3. Conservation: when the input loads, every resource and data source it defines (counted by an
 *    independent walk of the JSON text that sees repeated keys) is in the model, and nothing else.
 *
 * Evaluation (wasm) is the slow part, so every case is loaded and normalized, and one case in
 * `evaluateEvery` is also evaluated with the full baseline.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseTree, type Node } from 'jsonc-parser';
import { checkModels } from '../src/check/check';
import { PolicyEngine } from '../src/engine/engine';
import { isCrmGuardError } from '../src/errors';
import { loadInputs } from '../src/input/load';
import type { NormalizedModel } from '../src/model/types';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface FuzzOptions {
  runs: number;
  seed?: number;
  /** Evaluate one case in this many (default 25). */
  evaluateEvery?: number;
  /** Budget of one evaluation, ms (default 20000). */
  budgetMs?: number;
  /** The reference CDKTF stack JSON texts to mutate. */
  cdktfSeeds: string[];
  /** Plan JSON texts to mutate. */
  planSeeds: string[];
  /** HCL texts to mutate. */
  hclSeeds: string[];
  /** Directory holding the local modules the seeds call (`../modules/x` from each input's folder). */
  modulesDir?: string;
}

export interface FuzzStats {
  cases: number;
  evaluated: number;
  loaded: number;
  inputErrors: number;
  untyped: { input: string; error: string }[];
  hangs: { input: string; error: string }[];
  conservation: { input: string; missing: string[]; extra: string[] }[];
}

const NASTY_STRINGS = ['\ud800', 'x\udfff', '99999999999999999999999', '2147483648', '${aws_s3_bucket.x.arn}', '${', 'false', 'true', ' true', '{}', '[]', 'null', '__proto__', 'constructor', '', 'module.a:aws', 'a:b'];
const NASTY_KEYS = ['__proto__', 'constructor', 'valueOf', 'toString', 'hasOwnProperty', 'resource', 'data', 'provider', 'module', 'terraform', '//', 'count', 'for_each', 'alias', 'region', 'event_pattern', 'policy', 'tags'];

const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...NASTY_KEYS));
const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
  fc.constantFrom(...NASTY_STRINGS),
);
const { value: jsonValue } = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }).map((o) => o as Json),
  ),
}));

/** One mutation of a JSON document, applied at a path chosen by `steps`. */
type Mutation =
  | { op: 'set'; steps: number[]; value: Json }
  | { op: 'delete'; steps: number[] }
  | { op: 'wrap'; steps: number[] }
  | { op: 'rename'; steps: number[]; key: string }
  | { op: 'repeat'; at: number; key: string; value: Json };

const steps = fc.array(fc.nat(), { minLength: 1, maxLength: 6 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), steps, value: jsonValue }),
  fc.record({ op: fc.constant('delete' as const), steps }),
  fc.record({ op: fc.constant('wrap' as const), steps }),
  fc.record({ op: fc.constant('rename' as const), steps, key }),
  fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), key, value: jsonValue }),
);

/** Applies object mutations to a parsed copy; `repeat` inserts a repeated name into the text. */
export function mutateJson(text: string, mutations: Mutation[]): string {
  let doc = JSON.parse(text) as Json;
  const textual: Extract<Mutation, { op: 'repeat' }>[] = [];
  for (const m of mutations) {
    if (m.op === 'repeat') textual.push(m);
    else doc = applyAt(doc, m);
  }
  let out = JSON.stringify(doc);
  for (const m of textual) {
    const braces = [...out.matchAll(/\{(?=")/g)].map((x) => x.index ?? 0);
    if (braces.length === 0) continue;
    const at = braces[m.at % braces.length] + 1;
    out = `${out.slice(0, at)}${JSON.stringify(m.key)}:${JSON.stringify(m.value)},${out.slice(at)}`;
  }
  return out;
}

function applyAt(doc: Json, m: Exclude<Mutation, { op: 'repeat' }>): Json {
  const parents: { holder: Json[] | { [k: string]: Json }; key: string | number }[] = [];
  let node: Json = doc;
  for (const s of m.steps) {
    if (Array.isArray(node) && node.length > 0) {
      const i = s % node.length;
      parents.push({ holder: node, key: i });
      node = node[i];
    } else if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length > 0) {
      const obj: { [k: string]: Json } = node;
      const keys = Object.keys(obj);
      const k = keys[s % keys.length];
      parents.push({ holder: obj, key: k });
      node = obj[k];
    } else break;
  }
  const last = parents[parents.length - 1];
  if (!last) return m.op === 'set' ? m.value : doc;
  const { holder, key: k } = last;
  const set = (v: Json): void => {
    if (Array.isArray(holder)) holder[k as number] = v;
    else Object.defineProperty(holder, k, { value: v, writable: true, enumerable: true, configurable: true });
  };
  if (m.op === 'set') set(m.value);
  else if (m.op === 'wrap') set([node]);
  else if (m.op === 'delete') {
    if (Array.isArray(holder)) holder.splice(k as number, 1);
    else delete holder[k as string];
  } else if (!Array.isArray(holder)) {
    const v = holder[k as string];
    delete holder[k as string];
    Object.defineProperty(holder, m.key, { value: v, writable: true, enumerable: true, configurable: true });
  }
  return doc;
}

/** Mutates HCL text: a line replaced, duplicated or cut, or an attribute inserted. */
const hclMutation = fc.record({ line: fc.nat(), op: fc.constantFrom('dup', 'cut', 'attr', 'block'), key: fc.constantFrom('tags', 'region', 'count', 'provider', 'source', 'bucket', '__proto__'), value: fc.constantFrom('null', '"x"', '1', 'true', '"${var.x}"', '[null]', '{}', '"\\ud800"') });

function mutateHcl(text: string, ms: { line: number; op: string; key: string; value: string }[]): string {
  const lines = text.split('\n');
  for (const m of ms) {
    const i = m.line % Math.max(lines.length, 1);
    if (m.op === 'dup') lines.splice(i, 0, lines[i] ?? '');
    else if (m.op === 'cut') lines.splice(i, 1);
    else if (m.op === 'attr') lines.splice(i, 0, `  ${m.key} = ${m.value}`);
    else lines.splice(i, 0, `resource "aws_s3_bucket" "${m.key}" {\n  bucket = ${m.value}\n}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The conservation oracle: an independent count over the JSON tree (repeated keys included).

function props(n: Node | undefined): [string, Node][] {
  if (!n || n.type !== 'object') return [];
  return (n.children ?? []).flatMap((p) => (p.children && p.children.length === 2 ? [[String(p.children[0].value), p.children[1]] as [string, Node]] : []));
}

function bodies(n: Node): Node[] {
  return n.type === 'array' ? (n.children ?? []).filter((c) => c.type === 'object') : n.type === 'object' ? [n] : [];
}

/**
 * Resource and data addresses a Terraform JSON text defines (every repeated key counts). With
 * `counted`, those whose body has `count` or `for_each` (Terraform may create none of them: a count
 * of 0, an empty collection) go there instead.
 */
export function definedAddresses(text: string, counted?: Set<string>): Set<string> {
  const out = new Set<string>();
  const root = parseTree(text);
  for (const [mode, section] of props(root)) {
    if (mode !== 'resource' && mode !== 'data') continue;
    for (const sb of bodies(section)) {
      for (const [type, byName] of props(sb)) {
        for (const nb of bodies(byName)) {
          for (const [name, body] of props(nb)) {
            const address = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
            const expanded = bodies(body).some((b) => props(b).some(([k]) => k === 'count' || k === 'for_each'));
            (counted && expanded ? counted : out).add(address);
          }
        }
      }
    }
  }
  return out;
}

function plannedAddresses(text: string): Set<string> {
  const out = new Set<string>();
  const doc = JSON.parse(text) as { planned_values?: { root_module?: unknown }; resource_changes?: unknown };
  const removed = new Set<string>();
  if (Array.isArray(doc.resource_changes)) {
    for (const c of doc.resource_changes as { address?: unknown; change?: { actions?: unknown } }[]) {
      const a = c?.change?.actions;
      if (typeof c?.address === 'string' && Array.isArray(a) && a.length > 0 && a.every((x) => x === 'delete' || x === 'forget')) removed.add(c.address);
    }
  }
  const walk = (m: unknown): void => {
    const mod = m as { resources?: unknown; child_modules?: unknown } | null;
    if (!mod || typeof mod !== 'object') return;
    if (Array.isArray(mod.resources)) for (const r of mod.resources as { address?: unknown }[]) if (typeof r?.address === 'string' && !removed.has(r.address)) out.add(r.address);
    if (Array.isArray(mod.child_modules)) for (const c of mod.child_modules) walk(c);
  };
  walk(doc.planned_values?.root_module);
  return out;
}

// ---------------------------------------------------------------------------------------------

type Input = { kind: 'cdktf' | 'plan' | 'hcl'; text: string };

export async function runFuzz(options: FuzzOptions): Promise<FuzzStats> {
  const engine = await PolicyEngine.load();
  // Each case is written as a file two levels down, so `../modules/x` sources resolve as in the corpus.
  const work = mkdtempSync(path.join(tmpdir(), 'crm-guard-fuzz-'));
  if (options.modulesDir) cpSync(options.modulesDir, path.join(work, 'modules'), { recursive: true });
  for (const d of ['cdktf', 'plan', 'hcl']) mkdirSync(path.join(work, d));
  const fileFor = (inp: Input): string => {
    const file = path.join(work, inp.kind, inp.kind === 'hcl' ? 'main.tf' : inp.kind === 'plan' ? 'plan.json' : 'cdk.tf.json');
    writeFileSync(file, inp.text);
    return file;
  };
  const stats: FuzzStats = { cases: 0, evaluated: 0, loaded: 0, inputErrors: 0, untyped: [], hangs: [], conservation: [] };
  const every = options.evaluateEvery ?? 25;
  const budgetMs = options.budgetMs ?? 20_000;
  const input: fc.Arbitrary<Input> = fc.oneof(
    fc.tuple(fc.constantFrom(...options.cdktfSeeds), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([t, ms]) => ({ kind: 'cdktf' as const, text: mutateJson(t, ms) })),
    fc.tuple(fc.constantFrom(...options.planSeeds), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([t, ms]) => ({ kind: 'plan' as const, text: mutateJson(t, ms) })),
    fc.tuple(fc.constantFrom(...options.hclSeeds), fc.array(hclMutation, { minLength: 1, maxLength: 3 })).map(([t, ms]) => ({ kind: 'hcl' as const, text: mutateHcl(t, ms) })),
  );
  try {
    await fc.assert(
      fc.asyncProperty(input, async (inp) => {
        const n = stats.cases++;
        let models: NormalizedModel[];
        try {
          models = await loadInputs([fileFor(inp)], { inputFormat: inp.kind });
        } catch (e) {
          record(e, inp, stats);
          return;
        }
        stats.loaded++;
        conserve(inp, models, stats);
        if (n % every !== 0) return;
        stats.evaluated++;
        try {
          await checkModels(models, { engine, evaluationBudgetMs: budgetMs });
        } catch (e) {
          record(e, inp, stats);
        }
      }),
      { numRuns: options.runs, ...(options.seed !== undefined ? { seed: options.seed } : {}), endOnFailure: true },
    );
  } finally {
    engine.close();
    rmSync(work, { recursive: true, force: true });
  }
  return stats;
}

function record(e: unknown, inp: Input, stats: FuzzStats): void {
  const text = inp.text.length > 400 ? `${inp.text.slice(0, 400)}…` : inp.text;
  if (!isCrmGuardError(e)) stats.untyped.push({ input: `${inp.kind}: ${text}`, error: (e as Error)?.stack ?? String(e) });
  else if (/time budget/.test(e.message)) stats.hangs.push({ input: `${inp.kind}: ${text}`, error: e.message });
  else stats.inputErrors++;
}

function conserve(inp: Input, models: NormalizedModel[], stats: FuzzStats): void {
  if (inp.kind === 'hcl') return;
  // Resources with count / for_each may rightly be absent (none created), never invented.
  const counted = new Set<string>();
  const expected = inp.kind === 'cdktf' ? definedAddresses(inp.text, counted) : plannedAddresses(inp.text);
  const got = new Set(models.flatMap((m) => Object.keys(m.resources)));
  const missing = [...expected].filter((a) => !got.has(a));
  // A CDKTF model holds exactly the defined resources; a plan also adds data sources from prior_state.
  // ...and expand into instances (`aws_x.y[0]`, `aws_x.y["k"]`).
  const base = (a: string): string => a.replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]$/, '');
  const extra = inp.kind === 'cdktf' ? [...got].filter((a) => !expected.has(a) && !counted.has(base(a)) && !a.startsWith('module.')) : [];
  if (missing.length > 0 || extra.length > 0) stats.conservation.push({ input: `${inp.kind}: ${inp.text.slice(0, 400)}`, missing, extra });
}

/** Seeds from the repository: the parity corpus (CDKTF, plan, HCL) and, when given, a synthesized cdktf.out. */
export function repositorySeeds(root: string, cdktfOut?: string): Pick<FuzzOptions, 'cdktfSeeds' | 'planSeeds' | 'hclSeeds' | 'modulesDir'> {
  const parity = path.join(root, 'test', 'parity');
  const cdktfSeeds = [readFileSync(path.join(parity, 'cdktf', 'cdk.tf.json'), 'utf8')];
  if (cdktfOut) cdktfSeeds.push(readFileSync(path.join(cdktfOut, 'stacks', 'crm-global', 'cdk.tf.json'), 'utf8'));
  return {
    cdktfSeeds,
    planSeeds: [readFileSync(path.join(parity, 'plan', 'plan.json'), 'utf8')],
    hclSeeds: [readFileSync(path.join(parity, 'hcl', 'main.tf'), 'utf8')],
    modulesDir: path.join(parity, 'modules'),
  };
}
