/**
 * Terraform JSON (CDKTF output) holds expressions as `${...}` templates. A value that is one
 * `${jsonencode({...})}` (what CDKTF's `Fn.jsonencode` writes, the usual way to build a policy
 * besides `JSON.stringify` and a policy-document data source) is evaluated as Terraform evaluates
 * it when it is known before apply (the JSON text), and written with the parts known only after
 * apply as interpolations otherwise (hcl-expr.ts partialJsonencode: the form `JSON.stringify`
 * around tokens gives), so the policy rules read it either way. Every other value stays as written.
 *
 * Synchronous (HCL's parser runs on a thread of its own: HclExpressionParser.parsePendingSync), so `check` and the
 * synth-time guard, which validates inside `app.synth()`, read a stack the same way. Only the
 * document's own resources are evaluated: resources of modules it calls are read from HCL with
 * their own variables.
 */
import * as path from 'node:path';
import { buildModel, type RawModel } from '../model/build';
import { evaluateString, partialJsonencode, readsAsTemplate, type EvalContext } from '../model/hcl-expr';
import { setKey } from '../model/indexes';
import { cdktfRawModel } from '../model/normalize-cdktf';
import type { Json, JsonObject, NormalizedModel } from '../model/types';
import { realDirectory } from './hcl-files';
import { HclExpressionParser } from './hcl-expressions';

/** The model of one Terraform JSON document (no module calls followed), its jsonencode values evaluated. */
export function normalizeTerraformJson(doc: unknown, file: string, stack: string): NormalizedModel {
  const raw = cdktfRawModel(doc, file, stack);
  evaluateJsonencodeValues(raw, path.dirname(file));
  return buildModel(raw);
}

/**
 * Replaces, in the root resources of `raw`, every `${jsonencode(...)}` value (`raw.jsonencodeValues`,
 * found by normalize-cdktf.ts) by its evaluation (see above). `baseDir`: where `file()` reads from.
 */
export function evaluateJsonencodeValues(raw: RawModel, baseDir: string): void {
  const found = [...new Set(raw.jsonencodeValues ?? [])];
  if (found.length === 0) return;
  const parser = new HclExpressionParser();
  const dir = realDirectory(baseDir);
  const ctx: EvalContext = { parser, names: { var: raw.variables, local: {} }, baseDir: dir, readableDirs: [dir] };
  const evaluate = (s: string): string | undefined => {
    const r = evaluateString(s, ctx);
    // A known text holding `${` would read as an expression again: it stays as written.
    if (r.known) return typeof r.value === 'string' && !readsAsTemplate(r.value) ? r.value : undefined;
    return partialJsonencode(s, ctx);
  };
  // The first pass finds what to parse; the second evaluates.
  for (const s of found) evaluate(s);
  try {
    parser.parsePendingSync();
  } catch {
    return; // the parser thread did not answer: the values stay as written (known only after apply)
  }
  const evaluated = new Map<string, string>();
  for (const s of found) {
    const v = evaluate(s);
    if (v !== undefined) evaluated.set(s, v);
  }
  if (evaluated.size === 0) return;
  for (const r of raw.resources) if (r.module === null) r.values = replaced(r.values, evaluated) as JsonObject;
}

function replaced(v: Json, evaluated: ReadonlyMap<string, string>): Json {
  if (typeof v === 'string') return evaluated.get(v) ?? v;
  if (Array.isArray(v)) return v.map((x) => replaced(x, evaluated));
  if (v !== null && typeof v === 'object') {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) setKey(out, k, replaced(v[k], evaluated));
    return out;
  }
  return v;
}
