/**
 * Terraform JSON (CDKTF output) holds expressions as `${...}` templates. A value that is one
 * `${jsonencode({...})}` (what CDKTF's `Fn.jsonencode` writes, the usual way to build a policy
 * besides `JSON.stringify` and a policy-document data source) is evaluated as Terraform evaluates
 * it when it is known before apply (the JSON text), and written with the parts known only after
 * apply as interpolations otherwise (hcl-expr.ts partialJsonencode: the form `JSON.stringify`
 * around tokens gives), so the policy rules read it either way. Every other value stays as written.
 *
 * Only the document's own resources are evaluated: resources of modules it calls are read from
 * HCL with their own variables.
 */
import { realDirectory } from './hcl-files';
import { HclExpressionParser } from './hcl-expressions';
import type { RawModel } from '../model/build';
import { evaluateString, partialJsonencode, type EvalContext } from '../model/hcl-expr';
import { setKey } from '../model/indexes';
import type { Json, JsonObject } from '../model/types';

/**
 * Replaces, in the root resources of `raw`, every `${jsonencode(...)}` value (`raw.jsonencodeValues`,
 * found by normalize-cdktf.ts) by its evaluation (see above).
 */
export async function evaluateJsonencodeValues(raw: RawModel, baseDir: string): Promise<void> {
  const found = raw.jsonencodeValues ?? [];
  if (found.length === 0) return;
  const roots = raw.resources.filter((r) => r.module === null);
  const parser = new HclExpressionParser();
  const dir = realDirectory(baseDir);
  const ctx: EvalContext = { parser, names: { var: raw.variables, local: {} }, baseDir: dir, readableDirs: [dir] };
  const evaluated = new Map<string, string>();
  const evaluate = (s: string): string | undefined => {
    const r = evaluateString(s, ctx);
    // A known text holding `${` would read as an expression again: it stays as written.
    if (r.known) return typeof r.value === 'string' && !r.value.includes('${') && !r.value.includes('%{') ? r.value : undefined;
    return partialJsonencode(s, ctx);
  };
  // The first pass asks for the expressions to be parsed (HCL's parser is async); the second evaluates.
  for (const s of found) evaluate(s);
  await parser.parsePending();
  for (const s of new Set(found)) {
    const v = evaluate(s);
    if (v !== undefined) evaluated.set(s, v);
  }
  if (evaluated.size === 0) return;
  for (const r of roots) r.values = replaced(r.values, evaluated) as JsonObject;
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
