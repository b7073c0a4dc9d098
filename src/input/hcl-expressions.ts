/**
 * Parses Terraform expressions with HCL's own parser (hcl2json's `getExpressionAst`, the Go HCL
 * library compiled to wasm), for the evaluator in src/model/hcl-expr.ts. Parsing is async and
 * normalization is pure and sync, so the loader normalizes, parses what normalization asked
 * for, and normalizes again until nothing new is asked (see evaluatedHclModel).
 */
import * as path from 'node:path';
import type { ExpressionParser, ExprNode } from '../model/hcl-expr';
import { parseExpressionsSync } from './hcl-parse-sync';
import { normalizeHcl, type HclModule } from '../model/normalize-hcl';
import type { NormalizedModel } from '../model/types';

interface ExpressionAstApi {
  getExpressionAst(filename: string, expression: string): Promise<unknown>;
}

/** Each round resolves one more link of a `local` → `local` chain or a nested template file. */
const MAX_ROUNDS = 32;

/**
 * ASTs parsed in this process, shared by every parser (an AST depends on the text only): the
 * stacks of one CDKTF app, and the synth-time guard validating stack after stack, parse each
 * expression once. Bounded by the text parsed (an AST's size follows its text's), not by a count:
 * a long-lived host checking many inputs (a fuzzer, a server) would otherwise keep 100,000 large
 * ASTs. Past the bound, parsers keep their own ASTs only.
 */
const sharedAsts = new Map<string, ExprNode | null>();
const SHARED_AST_TEXT_MAX = 4 * 1024 * 1024;
let sharedAstText = 0;

export class HclExpressionParser implements ExpressionParser {
  private readonly parsed = new Map<string, ExprNode | null>();
  private readonly pending = new Set<string>();

  parse(expression: string): ExprNode | null | undefined {
    if (this.parsed.has(expression)) return this.parsed.get(expression);
    if (sharedAsts.has(expression)) return sharedAsts.get(expression);
    this.pending.add(expression);
    return undefined;
  }

  private record(expression: string, ast: ExprNode | null): void {
    this.parsed.set(expression, ast);
    if (sharedAstText + expression.length <= SHARED_AST_TEXT_MAX) {
      sharedAsts.set(expression, ast);
      sharedAstText += expression.length;
    }
  }

  /** Parses every expression asked for since the last call; false when there was none. */
  async parsePending(): Promise<boolean> {
    if (this.pending.size === 0) return false;
    // A plain require keeps the package's DOM-typed declarations out of this compilation.
    const api = require('@cdktn/hcl2json') as ExpressionAstApi;
    for (const e of [...this.pending].sort()) {
      let ast: ExprNode | null;
      try {
        ast = ((await api.getExpressionAst('expression.tf', e)) as ExprNode | null) ?? null;
      } catch {
        ast = null; // HCL rejects it: the value stays as written (unknown)
      }
      this.record(e, ast);
    }
    this.pending.clear();
    return true;
  }

  /**
   * parsePending for code that must stay synchronous (the synth-time guard validates inside
   * `app.synth()`): the same parser on a thread of its own (hcl-parse-sync.ts). Throws when that
   * thread does not answer.
   */
  parsePendingSync(): boolean {
    if (this.pending.size === 0) return false;
    for (const [e, ast] of parseExpressionsSync([...this.pending].sort())) this.record(e, ast);
    this.pending.clear();
    return true;
  }
}

function moduleDirs(mod: HclModule): string[] {
  return [path.resolve(mod.dir), ...Object.values(mod.children).flatMap(moduleDirs)];
}

/** The HCL model with every fully literal expression evaluated. */
export async function evaluatedHclModel(mod: HclModule, stack: string, source: string): Promise<NormalizedModel> {
  const parser = new HclExpressionParser();
  const evaluation = { parser, rootDir: path.resolve(mod.dir), readableDirs: [...new Set(moduleDirs(mod))] };
  for (let round = 0; ; round++) {
    const model = normalizeHcl(mod, stack, source, evaluation);
    // What is still unparsed after the last round stays unknown, as unevaluated expressions do.
    if (round === MAX_ROUNDS || !(await parser.parsePending())) return model;
  }
}
