/**
 * Evaluates Terraform expressions whose value is fully known before apply: literals, `var.` /
 * `local.` values already known, `path.*`, operators, conditionals and the pure functions listed
 * in FUNCTIONS (Terraform's semantics, see test/terraform/functions.test.ts). Parsing is HCL's
 * own (hcl2json's `getExpressionAst`, done by the input layer, which hands the ASTs in through an
 * ExpressionParser); this module only walks the syntax tree.
 *
 * Anything not fully known (a resource attribute, a data source, an unsupported function or
 * construct) makes the whole expression unknown: the caller keeps the original text, exactly as
 * before, so it stays "known only after apply".
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Json, JsonObject } from './types';
import { someString } from './values';

/** The subset of hcl2json's expression AST this evaluator reads. */
export interface ExprNode {
  type: string;
  meta?: {
    value?: string;
    type?: string;
    name?: string;
    operator?: string;
    expandedFinalArgument?: boolean;
    traversal?: { type: string; segment: string }[];
    keyVar?: string;
    valVar?: string;
    openRangeValue?: string;
    conditionalExpression?: string;
    groupedValue?: boolean;
  };
  children: ExprNode[];
  range?: { start: { byte: number }; end: { byte: number } };
}

/**
 * Source of parsed expressions. `parse` returns undefined for an expression not parsed yet (the
 * caller parses what was asked for and evaluates again), null for one HCL rejects.
 */
export interface ExpressionParser {
  parse(expression: string): ExprNode | null | undefined;
}

export interface EvalContext {
  parser: ExpressionParser;
  /** Root names: `var` / `local` objects of known values, or template variables. */
  names: Record<string, Json>;
  /**
   * Further roots among `names` whose attributes the configuration declares, like `var` and
   * `local`: an attribute the names lack is unknown, not missing (a `dynamic` block's iterator,
   * whose `key` is not known for a collection that may be a set).
   */
  declaredRoots?: readonly string[];
  /** `path.module` / `path.root` / `path.cwd` as Terraform gives them (relative module path). */
  paths?: { module: string; root: string; cwd: string };
  /** Absolute directory relative paths are read from (Terraform: the working directory, the root module). */
  baseDir: string;
  /** Files may only be read below one of these absolute directories (the modules being checked). */
  readableDirs: string[];
}

/** The value is not known before apply (or not fully literal): the expression stays as written. */
export class UnknownValue extends Error {
  constructor(why: string) {
    super(why);
  }
}

/** Terraform itself would reject the expression (an error `try` and `can` catch). */
export class EvalFailure extends Error {}

export type Evaluated = { known: true; value: Json } | { known: false };

/**
 * Values may hold parts known only after apply, as the model writes them: strings holding `${`
 * (a local `{ port = 5432, note = "from ${data.aws_vpc.main.id}" }` whose other attributes are
 * known). Only traversal, indexing, collection constructors and STRUCTURAL_FUNCTIONS pass such a
 * part along; an operator, a condition, a key or any other function given one is known only after
 * apply (UnknownValue), never an error `try` or `can` would take a fallback for.
 */
function known(v: Json, deep = true): Json {
  if (deep ? holdsLater(v) : typeof v === 'string' && readsAsTemplate(v)) throw new UnknownValue('a part is known only after apply');
  return v;
}

/** True when a key of `v` or of a map in it is a template (a key known only after apply: the whole map is). */
function holdsLaterKey(v: Json): boolean {
  if (Array.isArray(v)) return v.some(holdsLaterKey);
  if (v !== null && typeof v === 'object') return Object.keys(v).some(readsAsTemplate) || Object.values(v).some(holdsLaterKey);
  return false;
}

/** True when a string anywhere in `v` holds `${` or `%{` (a part known only after apply). */
export function holdsLater(v: Json): boolean {
  return someString(v, readsAsTemplate);
}

/**
 * Functions that move values without reading them: a part known later may pass through them inside
 * a collection. Not `flatten`: it descends into elements, and a part known later may be a list.
 */
const STRUCTURAL_FUNCTIONS = new Set(['concat', 'element', 'keys', 'length', 'lookup', 'merge', 'one', 'tolist', 'values']);

/** Evaluates a string value as Terraform JSON syntax writes it: a template with `${...}` parts. */
export function evaluateString(s: string, ctx: EvalContext): Evaluated {
  try {
    return { known: true, value: renderTemplate(s, ctx) };
  } catch (e) {
    if (e instanceof UnknownValue || e instanceof EvalFailure) return { known: false };
    throw e;
  }
}

/**
 * A template (`a-${x}-b`): literal parts stay text, `$${` / `%%{` are escapes, `%{` directives
 * are not evaluated. A template that is exactly one interpolation keeps the value's own type.
 */
export function renderTemplate(s: string, ctx: EvalContext): Json {
  const parts = splitTemplate(s);
  if (parts.length === 1 && parts[0].kind === 'expr') return evalSource(parts[0].text, ctx);
  if (parts.some((p) => p.kind === 'directive')) return renderDirectives(templateSource(parts), ctx);
  let out = '';
  for (const p of parts) {
    if (p.kind === 'directive') throw new UnknownValue('template directive');
    if (p.kind === 'text') out += p.text;
    else out += toTemplateString(evalSource(p.text, ctx));
  }
  return out;
}

/**
 * A template with `%{ if }` / `%{ for }` directives, parsed whole by HCL as a heredoc (whose
 * text, like the template's, takes no escapes but `$${` and `%%{`).
 */
function renderDirectives(s: string, ctx: EvalContext): string {
  let marker = 'CRM_GUARD_TEMPLATE';
  while (s.includes(marker)) marker += '_';
  const added = s.endsWith('\n') ? '' : '\n';
  const src = `<<${marker}\n${s}${added}${marker}\n`;
  const ast = ctx.parser.parse(src);
  if (ast === undefined) throw new UnknownValue('not parsed yet');
  if (ast === null) throw new EvalFailure('syntax error');
  const out = toTemplateString(evalNode(ast, src, ctx));
  return added && out.endsWith('\n') ? out.slice(0, -1) : out;
}

/**
 * `jsonencode(...)` of a value some parts of which are known only after apply (an ARN, an id): the
 * JSON text with each such part written as an interpolation inside a JSON string
 * (`{"Resource":["${aws_s3_bucket.b.arn}","${aws_s3_bucket.b.arn}/*"]}`), the form a CDKTF program
 * gets from `JSON.stringify` around tokens, so policies read its structure and its references the
 * same way. Undefined when `s` is not one `${jsonencode(x)}`, when nothing in it is unknown (the
 * full evaluation answers), or when it cannot be written that way faithfully: an unknown object key,
 * a known text holding `${` or `%{` (it would read as an interpolation), a heredoc, or an unknown
 * part whose source holds a quote, a backslash or a control character such as a line break or a
 * tab (the JSON would be invalid, or no longer say which resource it names).
 * `rewrite` turns an unknown part's source into what the model writes (instance keys filled in).
 * An unknown part stands for a string, as the attributes policies name (ARNs, ids, names) are.
 */
export function partialJsonencode(s: string, ctx: EvalContext, rewrite: (source: string) => string = (x) => x): string | undefined {
  if (!JSONENCODE_VALUE.test(s)) return undefined;
  const parts = splitTemplate(s);
  if (parts.length !== 1 || parts[0].kind !== 'expr' || !/^jsonencode\s*\(/.test(parts[0].text)) return undefined;
  const src = parts[0].text;
  const ast = ctx.parser.parse(src);
  if (!ast || ast.type !== 'function' || ast.meta?.name !== 'jsonencode' || ast.children.length !== 1 || ast.meta.expandedFinalArgument) return undefined;
  let unknowns = 0;
  const interpolation = (node: ExprNode): string => {
    const source = node.meta?.value;
    if (!source || !PARTIAL_SOURCE_TYPES.has(node.type)) throw new UnknownValue('no source for the part');
    const written = rewrite(source.trim());
    // A quote or a backslash (JSON escapes), or any control character (JSON refuses it raw).
    if (/["\\\u0000-\u001f]/.test(written)) throw new UnknownValue('the part cannot be written inside a JSON string');
    unknowns++;
    return `\${${written}}`;
  };
  const knownText = (text: string): string => {
    if (readsAsTemplate(text)) throw new UnknownValue('known text reads as a template');
    return text;
  };
  const encode = (node: ExprNode): string => {
    try {
      return knownText(jsonencode(evalNode(node, src, ctx)));
    } catch (e) {
      if (!(e instanceof UnknownValue)) throw e;
    }
    const c = node.children;
    switch (node.type) {
      case 'templateWrap':
        return encode(c[0]);
      case 'object': {
        const entries: [string, string][] = [];
        for (let i = 0; i + 1 < c.length; i += 2) {
          const keyNode = c[i];
          const key = keyNode.type === '' && keyNode.children.length === 0 ? sourceOf(keyNode, src) : evalNode(keyNode, src, ctx);
          if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') throw new EvalFailure('object key must be a string');
          entries.push([String(key), encode(c[i + 1])]);
        }
        entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        for (let i = 1; i < entries.length; i++) if (entries[i][0] === entries[i - 1][0]) throw new EvalFailure('duplicate object key');
        return `{${entries.map(([k, v]) => `${knownText(jsonencode(k))}:${v}`).join(',')}}`;
      }
      case 'tuple':
        return `[${c.map(encode).join(',')}]`;
      case 'template': {
        if ((node.meta?.value ?? '').startsWith('<<')) throw new UnknownValue('a heredoc around unknown parts');
        let out = '';
        for (const part of c) {
          if (part.type === 'literalValue') out += knownText(jsonencode(unescapeQuoted(part.meta?.value ?? '')).slice(1, -1));
          else {
            let text: string | undefined;
            try {
              text = knownText(jsonencode(toTemplateString(evalNode(part, src, ctx))).slice(1, -1));
            } catch (e) {
              if (!(e instanceof UnknownValue)) throw e;
            }
            out += text ?? interpolation(part);
          }
        }
        return `"${out}"`;
      }
      default:
        return `"${interpolation(node)}"`;
    }
  };
  try {
    const text = encode(ast.children[0]);
    return unknowns > 0 ? text : undefined;
  } catch (e) {
    if (e instanceof UnknownValue || e instanceof EvalFailure) return undefined;
    throw e;
  }
}

/**
 * `merge(...)` of maps whose keys are all known but some of whose values are known only after
 * apply (`tags = merge(local.tags, { Name = "${local.name}-db" })` with `local.name` built from a
 * data source): the merged map, each such value written as one interpolation of its source, the
 * form CDKTF gives a map holding tokens, so the rules read the keys and the known values. Terraform
 * knows such a map's keys at plan time. Undefined when `s` is not one `${merge(...)}`, when it is
 * fully known (the full evaluation answers), or when an argument's keys are not known (a variable
 * without a value, a resource attribute): then the whole map is unknown, as before.
 */
export function partialMerge(s: string, ctx: EvalContext, rewrite: (source: string) => string = (x) => x): JsonObject | undefined {
  if (!MERGE_VALUE.test(s)) return undefined;
  const parts = splitTemplate(s);
  if (parts.length !== 1 || parts[0].kind !== 'expr') return undefined;
  const src = parts[0].text;
  const ast = ctx.parser.parse(src);
  if (!ast || ast.type !== 'function' || ast.meta?.name !== 'merge' || ast.meta.expandedFinalArgument) return undefined;
  let unknowns = 0;
  const merged: JsonObject = {};
  try {
    for (const arg of ast.children) {
      let known: Json | undefined;
      try {
        known = evalNode(arg, src, ctx);
      } catch (e) {
        if (!(e instanceof UnknownValue)) throw e;
      }
      if (known !== undefined) {
        if (known === null) continue; // merge skips a null argument
        if (!isObject(known)) return undefined; // Terraform refuses it
        Object.assign(merged, known);
        continue;
      }
      // Only an object written in place has keys known without its values.
      if (arg.type !== 'object') return undefined;
      const c = arg.children;
      for (let i = 0; i + 1 < c.length; i += 2) {
        const keyNode = c[i];
        const key = keyNode.type === '' && keyNode.children.length === 0 ? sourceOf(keyNode, src) : evalNode(keyNode, src, ctx);
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') return undefined;
        let value: Json;
        try {
          value = evalNode(c[i + 1], src, ctx);
        } catch (e) {
          if (!(e instanceof UnknownValue)) throw e;
          const later = laterPart(c[i + 1], rewrite);
          if (later === undefined) return undefined;
          value = later;
          unknowns++;
        }
        merged[String(key)] = value;
      }
    }
  } catch (e) {
    if (e instanceof UnknownValue || e instanceof EvalFailure) return undefined;
    throw e;
  }
  if (unknowns === 0) return undefined;
  const out: JsonObject = {};
  for (const k of Object.keys(merged).sort()) out[k] = merged[k];
  return out;
}

/**
 * A part known only after apply as the model writes it: a quoted template without escapes as its
 * text (`db-${local.x}`), as hcl2json writes a template attribute; a traversal, call, condition or
 * operation as one interpolation of its source. Undefined for anything else.
 */
function laterPart(node: ExprNode, rewrite: (source: string) => string): string | undefined {
  const source = node.meta?.value?.trim();
  if (!source || !PARTIAL_SOURCE_TYPES.has(node.type)) return undefined;
  return node.type === 'template' && /^"[^"\\]*"$/.test(source) ? rewrite(source.slice(1, -1)) : `\${${rewrite(source)}}`;
}

const LIST_VALUE = /^\$\{[\s(]*(?:\[|concat\s*\()/;

/**
 * A list written in place (`[aws_vpc.v.cidr_block, "0.0.0.0/0"]`, also in parentheses) or a
 * `concat(...)` of such lists and known lists, some elements of which are known only after apply:
 * the list, each such element written as one part (laterPart), as hcl2json writes a tuple
 * attribute. Terraform knows such a list's length and its other elements at plan time. Undefined
 * when `s` is not one such expression, when it is fully known, or when an argument is neither.
 */
export function partialList(s: string, ctx: EvalContext, rewrite: (source: string) => string = (x) => x): Json[] | undefined {
  if (!LIST_VALUE.test(s)) return undefined;
  const parts = splitTemplate(s);
  if (parts.length !== 1 || parts[0].kind !== 'expr') return undefined;
  const src = parts[0].text;
  const ast = ctx.parser.parse(src);
  if (!ast) return undefined;
  let unknowns = 0;
  const list = (node: ExprNode): Json[] => {
    const c = node.children;
    if ((node.type === '' || node.type === 'templateWrap') && c.length === 1) return list(c[0]);
    if (node.type === 'tuple') {
      return c.map((e) => {
        try {
          return evalNode(e, src, ctx);
        } catch (err) {
          if (!(err instanceof UnknownValue)) throw err;
          const later = laterPart(e, rewrite);
          if (later === undefined) throw err;
          unknowns++;
          return later;
        }
      });
    }
    if (node.type === 'function' && node.meta?.name === 'concat' && !node.meta.expandedFinalArgument) {
      return c.flatMap((arg) => {
        let value: Json;
        try {
          value = evalNode(arg, src, ctx);
        } catch (err) {
          if (!(err instanceof UnknownValue)) throw err;
          return list(arg);
        }
        if (!Array.isArray(value)) throw new EvalFailure('concat takes lists');
        return value;
      });
    }
    throw new UnknownValue('not a list written in place');
  };
  try {
    const value = list(ast);
    return unknowns > 0 ? value : undefined;
  } catch (e) {
    if (e instanceof UnknownValue || e instanceof EvalFailure) return undefined;
    throw e;
  }
}

/**
 * A variable's value converted to the variable's type as Terraform converts it before anything
 * reads it: `"22"` is the number 22 for `number`, `"true"` the bool for `bool`, 22 the string
 * "22" for `string`; a `set` holds each known value once, in Terraform's order; attributes declared
 * `optional(type, default)` in an `object({...})` type that the value omits or sets to null take
 * the default (null without one); at any depth (lists, sets, maps, tuples, objects). Parts known
 * only after apply are left as they are; a value the type cannot take is left for Terraform to
 * refuse. `typeSource` is the type expression (`object({ size = number, encrypted =
 * optional(bool, true) })`). Undefined while the type is not parsed yet.
 */
export function withTypeDefaults(value: Json, typeSource: string, ctx: EvalContext): Json | undefined {
  const ast = ctx.parser.parse(typeSource);
  if (!ast) return undefined;
  try {
    return convertByType(value, ast, typeSource, ctx);
  } catch (e) {
    if (e instanceof UnknownValue || e instanceof EvalFailure) return undefined;
    throw e;
  }
}

function convertByType(value: Json, type: ExprNode, src: string, ctx: EvalContext): Json {
  if (value === null || (typeof value === 'string' && readsAsTemplate(value))) return value;
  if (type.type === 'scopeTraversal') return convertPrimitive(value, type.meta?.traversal?.[0]?.segment ?? '');
  if (type.type !== 'function') return value;
  const args = type.children;
  switch (type.meta?.name) {
    case 'list':
      return Array.isArray(value) && args[0] ? value.map((v) => convertByType(v, args[0], src, ctx)) : value;
    case 'set':
      if (!Array.isArray(value) || !args[0]) return value;
      // Parts known only after apply may equal others: such a set is left as it is.
      return holdsLater(value) ? value.map((v) => convertByType(v, args[0], src, ctx)) : setOf(value.map((v) => convertByType(v, args[0], src, ctx)));
    case 'map':
      return isObject(value) && args[0] ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertByType(v, args[0], src, ctx)])) : value;
    case 'tuple': {
      const types = args[0]?.type === 'tuple' ? args[0].children : [];
      return Array.isArray(value) ? value.map((v, i) => (types[i] ? convertByType(v, types[i], src, ctx) : v)) : value;
    }
    case 'object': {
      const attrs = args[0];
      if (!isObject(value) || attrs?.type !== 'object') return value;
      const out: JsonObject = { ...value };
      const c = attrs.children;
      for (let i = 0; i + 1 < c.length; i += 2) {
        const name = c[i].type === '' && c[i].children.length === 0 ? sourceOf(c[i], src) : String(evalNode(c[i], src, ctx));
        const attrType = c[i + 1];
        if (attrType.type === 'function' && attrType.meta?.name === 'optional') {
          const [inner, fallback] = attrType.children;
          const given = Object.prototype.hasOwnProperty.call(out, name) ? out[name] : null;
          const v = given === null && fallback ? evalNode(fallback, src, ctx) : given;
          out[name] = inner ? convertByType(v, inner, src, ctx) : v;
        } else if (Object.prototype.hasOwnProperty.call(out, name)) out[name] = convertByType(out[name], attrType, src, ctx);
      }
      return out;
    }
    default:
      return value;
  }
}

export function convertPrimitive(value: Json, type: string): Json {
  switch (type) {
    case 'number':
      return typeof value === 'string' && /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(value.trim()) ? Number(value) : value;
    case 'bool':
      // cty converts "true"/"1" and "false"/"0".
      return value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    default:
      return value;
  }
}

/** A value that starts as one `${merge(...)}`. */
const MERGE_VALUE = /^\$\{\s*merge\s*\(/;

/** A value that starts as one `${jsonencode(...)}` (CDKTF's Fn.jsonencode writes these). */
export const JSONENCODE_VALUE = /^\$\{\s*jsonencode\s*\(/;

/**
 * An interpolation that is one reference to a resource, data source or module attribute: known
 * only after apply (`var.`, `local.`, `each.`, `count.` ... are not: they may be known).
 */
const OBJECT_REFERENCE = /\$\{\s*(?!(?:var|local|each|count|path|terraform|self)\.)[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\]|\["[^"\\]*"\])*\s*\}/g;

/** A template that may be known before apply: some part of it is more than a reference to an object. */
export function mayBeKnownBeforeApply(s: string): boolean {
  if (!readsAsTemplate(s)) return false;
  return readsAsTemplate(s.includes('${') ? s.replace(OBJECT_REFERENCE, '') : s);
}

/** Known text holding `${` or `%{`: written into a value, it would read as a template again. */
export function readsAsTemplate(text: string): boolean {
  return text.includes('${') || text.includes('%{');
}

/** Expressions whose source the parser records (`meta.value`), written back as interpolations. */
const PARTIAL_SOURCE_TYPES = new Set(['scopeTraversal', 'relativeTraversal', 'index', 'function', 'splat', 'conditional', 'binaryOp', 'template']);

export type TemplatePart = { kind: 'text' | 'expr' | 'directive'; text: string };

/**
 * Splits `a${x}b%{ if }c` into literal text and interpolations (brace nesting and strings
 * respected). Strip markers are applied as HCL applies them to template text, which it scans one
 * line at a time: `${~ x}` / `%{~ if }` drop the whitespace at the end of the line-piece before the
 * sequence (its line break included when nothing else is on it), `~}` the whitespace after the
 * sequence up to and including the next line break.
 */
export function splitTemplate(s: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let stripNext = false;
  let i = 0;
  while (i < s.length) {
    if ((s.startsWith('$${', i) || s.startsWith('%%{', i))) {
      stripNext = false;
      text += s.slice(i + 1, i + 3);
      i += 3;
    } else if (s.startsWith('${', i) || s.startsWith('%{', i)) {
      const end = closingBrace(s, i + 2);
      if (end === -1) throw new EvalFailure('unterminated template sequence');
      let inner = s.slice(i + 2, end);
      if (inner.startsWith('~')) {
        // The last line-piece of the text: after the line break before its own final one.
        const searchEnd = text.endsWith('\n') ? text.length - 2 : text.length - 1;
        const start = searchEnd < 0 ? 0 : text.lastIndexOf('\n', searchEnd) + 1;
        text = text.slice(0, start) + text.slice(start).replace(/\s+$/, '');
        inner = inner.slice(1);
      }
      stripNext = inner.endsWith('~');
      if (stripNext) inner = inner.slice(0, -1);
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: s[i] === '$' ? 'expr' : 'directive', text: inner.trim() });
      i = end + 1;
    } else {
      if (stripNext && /\s/.test(s[i])) {
        // Stripping ends with the line-piece: after its line break.
        if (s[i] === '\n') stripNext = false;
      } else {
        stripNext = false;
        text += s[i];
      }
      i++;
    }
  }
  if (text || parts.length === 0) parts.push({ kind: 'text', text });
  return parts;
}

/** A template written back from its parts (escapes restored, strip markers already applied). */
export function templateSource(parts: readonly TemplatePart[]): string {
  return parts.map((p) => (p.kind === 'text' ? p.text.replaceAll('${', '$${').replaceAll('%{', '%%{') : `${p.kind === 'expr' ? '$' : '%'}{${p.text}}`)).join('');
}

function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      // A quoted string inside the interpolation may hold braces and its own `${...}`.
      for (i++; i < s.length && s[i] !== '"'; i++) {
        if (s[i] === '\\') i++;
        else if (s.startsWith('${', i)) {
          const end = closingBrace(s, i + 2);
          if (end === -1) return -1;
          i = end;
        }
      }
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Roots whose attributes the configuration declares: one the names lack is unknown, not missing. */
const DECLARED_ROOTS = new Set(['var', 'local', 'each', 'count']);

/** Roots of references that are not objects of the configuration. */
const NOT_OBJECTS = new Set(['var', 'local', 'each', 'count', 'path', 'terraform']);

/**
 * True when the expression names a resource, data source or module output (`aws_kms_key.k.arn`,
 * `data.x.y`, `module.m.o`) outside string literals: its value is known only after apply, so it
 * is not parsed at all (parsing is the costly part of evaluation).
 */
export function namesObjects(expression: string, names?: Record<string, Json>, declaredRoots?: readonly string[]): boolean {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const m of code.matchAll(/(?<![\w.])([A-Za-z_][\w-]*)\.[A-Za-z_][\w-]*/g)) {
    const root = m[1];
    if (NOT_OBJECTS.has(root) || (names !== undefined && Object.prototype.hasOwnProperty.call(names, root)) || declaredRoots?.includes(root)) continue;
    if (root === 'data' || root === 'module' || root.includes('_')) return true;
  }
  return false;
}

function evalSource(expression: string, ctx: EvalContext): Json {
  // A conditional may take a branch that names no such object (`var.internal ? [aws_vpc.v.cidr_block] :
  // ["0.0.0.0/0"]`): it is parsed; the object itself stays unknown wherever it is read.
  if (namesObjects(expression, ctx.names, ctx.declaredRoots) && !expression.includes('?')) throw new UnknownValue('names an object known only after apply');
  const ast = ctx.parser.parse(expression);
  if (ast === undefined) throw new UnknownValue('not parsed yet');
  if (ast === null) throw new EvalFailure('syntax error');
  return evalNode(ast, expression, ctx);
}

function sourceOf(node: ExprNode, expression: string): string {
  if (!node.range) throw new UnknownValue('no source range');
  return Buffer.from(expression, 'utf8').subarray(node.range.start.byte, node.range.end.byte).toString('utf8');
}

export function evalNode(node: ExprNode, src: string, ctx: EvalContext): Json {
  const c = node.children;
  switch (node.type) {
    case 'literalValue':
      return literal(node);
    case '':
      if (c.length === 1) return evalNode(c[0], src, ctx); // parentheses
      throw new UnknownValue('unsupported expression');
    case 'templateWrap':
      return evalNode(c[0], src, ctx);
    case 'template': {
      const heredoc = (node.meta?.value ?? '').startsWith('<<');
      if (c.length === 1 && c[0].type !== 'literalValue') return toTemplateString(evalNode(c[0], src, ctx));
      let out = '';
      for (const part of c) {
        if (part.type === 'literalValue') out += heredoc ? unescapeTemplateText(part.meta?.value ?? '') : unescapeQuoted(part.meta?.value ?? '');
        else out += toTemplateString(evalNode(part, src, ctx));
      }
      return out;
    }
    case 'tuple':
      return c.map((x) => evalNode(x, src, ctx));
    case 'object': {
      const out: JsonObject = {};
      for (let i = 0; i + 1 < c.length; i += 2) {
        const keyNode = c[i];
        const key = keyNode.type === '' && keyNode.children.length === 0 ? sourceOf(keyNode, src) : known(evalNode(keyNode, src, ctx));
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') throw new EvalFailure('object key must be a string');
        out[String(key)] = evalNode(c[i + 1], src, ctx);
      }
      return out;
    }
    case 'scopeTraversal': {
      const t = node.meta?.traversal ?? [];
      const root = t[0]?.segment;
      if (root === undefined) throw new UnknownValue('empty traversal');
      let v: Json;
      let rest = t.slice(1);
      if (root === 'path' && ctx.paths && t[1] && t[1].segment in ctx.paths) {
        v = ctx.paths[t[1].segment as 'module' | 'root' | 'cwd'];
        rest = t.slice(2);
      } else if (root in ctx.names) {
        v = ctx.names[root];
        // `var.x` / `local.y` / `each.value` that the names do not hold is declared but not known
        // before apply (a variable without a value, a local built from a resource, another
        // resource's instance): unknown, never an error `try` / `can` would take a fallback for.
        const first = rest[0];
        if ((DECLARED_ROOTS.has(root) || ctx.declaredRoots?.includes(root)) && first?.type === 'nameTraversal' && !(isObject(v) && Object.prototype.hasOwnProperty.call(v, first.segment))) {
          throw new UnknownValue(`${root}.${first.segment} is not known before apply`);
        }
        // `module.<call>.<output>`: an output the names do not hold is not known here either.
        const second = rest[1];
        if (root === 'module' && second?.type === 'nameTraversal' && isObject(v) && isObject(v[first.segment]) && !Object.prototype.hasOwnProperty.call(v[first.segment], second.segment)) {
          throw new UnknownValue(`module.${first.segment}.${second.segment} is not known before apply`);
        }
      } else throw new UnknownValue(`${root} is not known before apply`);
      return traverse(v, rest);
    }
    case 'relativeTraversal':
      return traverse(evalNode(c[0], src, ctx), node.meta?.traversal ?? []);
    case 'index':
      return index(evalNode(c[0], src, ctx), known(evalNode(c[1], src, ctx)));
    case 'conditional': {
      // A string "true" / "false" converts to the bool, as Terraform converts a condition.
      const cond = convertPrimitive(known(evalNode(c[0], src, ctx)), 'bool');
      if (typeof cond !== 'boolean') throw new EvalFailure('condition must be a bool');
      return evalNode(cond ? c[1] : c[2], src, ctx);
    }
    case 'unaryOp': {
      const v = known(evalNode(c[0], src, ctx));
      if (node.meta?.operator === 'logicalNot' && typeof v === 'boolean') return !v;
      if (node.meta?.operator === 'negate') return -toNumber(v);
      throw new EvalFailure('bad operand');
    }
    case 'binaryOp':
      return binary(node.meta?.operator ?? '', c, src, ctx);
    case 'function':
      return callFunction(node, src, ctx);
    case 'for':
      return forExpression(node, src, ctx);
    case 'templateJoin': {
      // `%{ for x in xs }...%{ endfor }`: the rendered parts, joined.
      const parts = evalNode(c[0], src, ctx);
      return toList(parts).map(toTemplateString).join('');
    }
    default:
      throw new UnknownValue(`${node.type} expressions are not evaluated`);
  }
}

/**
 * `[for k, v in coll : value if cond]` / `{for k, v in coll : key => value... if cond}`: a map is
 * iterated in key order, a list in element order (k is the index); the condition must be a bool;
 * an object result needs string keys, each once unless grouped with `...`.
 */
function forExpression(node: ExprNode, src: string, ctx: EvalContext): Json {
  const m = node.meta ?? {};
  const c = node.children;
  const isObjectFor = m.openRangeValue === '{';
  const [keyNode, valueNode] = isObjectFor ? [c[1], c[2]] : [undefined, c[1]];
  const condNode = m.conditionalExpression ? c[isObjectFor ? 3 : 2] : undefined;
  if (!valueNode || (isObjectFor && !keyNode)) throw new UnknownValue('unexpected for expression');
  const coll = known(evalNode(c[0], src, ctx), false);
  const pairs: [Json, Json][] = Array.isArray(coll)
    ? coll.map((v, i) => [i, v])
    : isObject(coll)
      ? Object.keys(coll).sort().map((k) => [k, coll[k]])
      : (() => {
          throw new EvalFailure('a for expression needs a collection');
        })();
  const list: Json[] = [];
  const obj: Record<string, Json[]> = {};
  for (const [k, v] of pairs) {
    const names = { ...ctx.names, [m.valVar ?? '']: v, ...(m.keyVar ? { [m.keyVar]: k } : {}) };
    const inner: EvalContext = { ...ctx, names };
    if (condNode) {
      const ok = known(evalNode(condNode, src, inner));
      if (typeof ok !== 'boolean') throw new EvalFailure('a for condition must be a bool');
      if (!ok) continue;
    }
    if (!isObjectFor) {
      list.push(evalNode(valueNode, src, inner));
      continue;
    }
    const key = toStr(known(evalNode(keyNode!, src, inner)));
    if (key in obj && !m.groupedValue) throw new EvalFailure(`duplicate object key ${JSON.stringify(key)}`);
    (obj[key] ??= []).push(evalNode(valueNode, src, inner));
  }
  if (!isObjectFor) return list;
  return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, m.groupedValue ? obj[k] : obj[k][0]]));
}

function literal(node: ExprNode): Json {
  const v = node.meta?.value ?? '';
  switch (node.meta?.type) {
    case 'number':
      return Number(v);
    case 'bool':
      return v === 'true';
    case 'string':
      return v;
    default:
      if (v === 'null') return null;
      throw new UnknownValue('unsupported literal');
  }
}

/** Quoted-string escapes: `\n \r \t \" \\ \uNNNN \UNNNNNNNN`, plus the template escapes. */
function unescapeQuoted(raw: string): string {
  return unescapeTemplateText(
    raw.replace(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))/g, (_m, u4: string | undefined, u8: string | undefined, ch: string | undefined) => {
      if (u4 || u8) return String.fromCodePoint(parseInt((u4 ?? u8)!, 16));
      const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      if (ch !== undefined && ch in map) return map[ch];
      throw new EvalFailure(`invalid escape \\${ch}`);
    }),
  );
}

function unescapeTemplateText(raw: string): string {
  return raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

function traverse(v: Json, steps: { type: string; segment: string }[]): Json {
  let cur = v;
  for (const s of steps) {
    const key: Json = s.type === 'indexTraversal' ? (s.segment.startsWith('"') ? (JSON.parse(s.segment) as string) : Number(s.segment)) : s.segment;
    cur = index(cur, key);
  }
  return cur;
}

function index(collection: Json, key: Json): Json {
  known(collection, false);
  if (Array.isArray(collection)) {
    const i = typeof key === 'number' ? key : Number(key);
    if (!Number.isInteger(i) || i < 0 || i >= collection.length) throw new EvalFailure('invalid index');
    return collection[i];
  }
  if (isObject(collection)) {
    const k = typeof key === 'string' ? key : String(key);
    if (!(k in collection)) throw new EvalFailure(`no attribute or key ${JSON.stringify(k)}`);
    return collection[k];
  }
  throw new EvalFailure('value cannot be indexed');
}

function binary(op: string, c: ExprNode[], src: string, ctx: EvalContext): Json {
  // `&&` / `||` evaluate both operands in Terraform too (no short circuit before 1.12).
  const left = evalNode(c[0], src, ctx);
  const right = evalNode(c[1], src, ctx);
  // A collection is not null even when parts of it are known only after apply (`local.rules != null`).
  if ((op === 'equal' || op === 'notEqual') && (left === null || right === null)) {
    const other = left === null ? right : left;
    if (other === null || Array.isArray(other) || (typeof other === 'object' && !holdsLaterKey(other))) return (other === null) === (op === 'equal');
  }
  const a = known(left);
  const b = known(right);
  switch (op) {
    case 'equal':
      return deepEqual(a, b);
    case 'notEqual':
      return !deepEqual(a, b);
    case 'logicalAnd':
    case 'logicalOr':
      if (typeof a !== 'boolean' || typeof b !== 'boolean') throw new EvalFailure('a bool is required');
      return op === 'logicalAnd' ? a && b : a || b;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  switch (op) {
    case 'add':
      return x + y;
    case 'subtract':
      return x - y;
    case 'multiply':
      return x * y;
    case 'divide':
      if (y === 0) throw new EvalFailure('divide by zero');
      return x / y;
    case 'modulo':
      if (y === 0) throw new EvalFailure('divide by zero');
      return x % y;
    case 'greaterThan':
      return x > y;
    case 'greaterThanOrEqual':
      return x >= y;
    case 'lessThan':
      return x < y;
    case 'lessThanOrEqual':
      return x <= y;
    default:
      throw new UnknownValue(`operator ${op}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Conversions, as Terraform's automatic type conversion does them

/**
 * `text` split at each `sep`, as Go's strings.Split (Terraform's split): an empty separator splits
 * between characters (code points), never inside a surrogate pair, which would leave text that is
 * not Unicode.
 */
function splitText(text: string, sep: string): string[] {
  return sep === '' ? Array.from(text) : text.split(sep);
}

/** Terraform's cap on the numbers `range` generates (more is an error there too). */
const RANGE_MAX = 1024;

/**
 * `range(max)`, `range(start, limit)`, `range(start, limit, step)` as Terraform (cty) builds it:
 * the step defaults to 1, or -1 when the limit is below the start; from the start, add the step
 * while below the limit (above it for a negative step). A zero step and more than RANGE_MAX numbers
 * are errors. Integers only: cty adds fractional steps in arbitrary precision, where doubles
 * would drift (`0.1 + 0.2`), so such a range stays unknown rather than approximated.
 */
function numberRange(args: Json[]): number[] {
  if (args.length < 1 || args.length > 3) throw new EvalFailure('range takes 1 to 3 arguments');
  const nums = args.map(toNumber);
  if (!nums.every(Number.isSafeInteger)) throw new UnknownValue('a range of fractional numbers is not evaluated');
  const [start, limit] = nums.length === 1 ? [0, nums[0]] : [nums[0], nums[1]];
  const step = nums.length === 3 ? nums[2] : limit < start ? -1 : 1;
  if (step === 0) throw new EvalFailure('step must not be zero');
  const out: number[] = [];
  for (let n = start; step > 0 ? n < limit : n > limit; n += step) {
    if (out.length === RANGE_MAX) throw new EvalFailure(`more than ${RANGE_MAX} values were generated`);
    out.push(n);
  }
  return out;
}

function toNumber(v: Json): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(v)) return Number(v);
  throw new EvalFailure('a number is required');
}

export function toTemplateString(v: Json): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) throw new EvalFailure('cannot include a null value in a string template');
  throw new EvalFailure('cannot include a collection in a string template');
}

/** Terraform prints numbers in decimal without an exponent (`1e3` → `1000`). */
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

function toStr(v: Json): string {
  if (v === null || typeof v === 'object') throw new EvalFailure('a string is required');
  return toTemplateString(v);
}

function toList(v: Json): Json[] {
  if (Array.isArray(v)) return v;
  throw new EvalFailure('a list is required');
}

function toMap(v: Json): JsonObject {
  if (isObject(v)) return v;
  throw new EvalFailure('a map is required');
}

function deepEqual(a: Json, b: Json): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: Json): Json {
  if (Array.isArray(v)) return v.map(canonical);
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Set element order as Terraform (cty) keeps it: numbers by value, strings lexically, after unifying to one type. */
function setOf(items: Json[]): Json[] {
  const kinds = new Set(items.map((x) => (x === null ? 'null' : Array.isArray(x) ? 'list' : typeof x)));
  let unified = items;
  if (kinds.size > 1 && [...kinds].every((k) => k === 'string' || k === 'number' || k === 'boolean')) unified = items.map(toTemplateString);
  const seen = new Map<string, Json>();
  for (const x of unified) {
    if (x === null) throw new EvalFailure('sets cannot contain null');
    seen.set(JSON.stringify(canonical(x)), x);
  }
  const out = [...seen.values()];
  if (out.every((x) => typeof x === 'number')) return (out as number[]).sort((p, q) => p - q);
  if (out.every((x) => typeof x === 'string')) return (out as string[]).sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Functions

/** Go's json.Marshal (Terraform's jsonencode): keys sorted, `<`, `>`, `&`, U+2028/2029 escaped. */
export function jsonencode(v: Json): string {
  return JSON.stringify(canonical(v)).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Fn = (args: Json[], ctx: EvalContext) => Json;

const FUNCTIONS: Record<string, Fn> = {
  jsonencode: ([v]) => jsonencode(v),
  jsondecode: ([s]) => {
    try {
      return JSON.parse(toStr(s)) as Json;
    } catch {
      throw new EvalFailure('invalid JSON');
    }
  },
  merge: (args) => {
    const out: JsonObject = {};
    for (const a of args) if (a !== null) Object.assign(out, toMap(a));
    return out;
  },
  concat: (args) => args.flatMap((a) => toList(a)),
  format: ([f, ...rest]) => format(toStr(f), rest),
  lower: ([s]) => toStr(s).toLowerCase(),
  upper: ([s]) => toStr(s).toUpperCase(),
  trimspace: ([s]) => toStr(s).replace(/^\s+|\s+$/gu, ''),
  join: ([sep, ...lists]) => lists.flatMap((l) => toList(l)).map(toStr).join(toStr(sep)),
  split: ([sep, s]) => splitText(toStr(s), toStr(sep)),
  replace: ([s, search, rep]) => {
    const needle = toStr(search);
    if (needle.length > 1 && needle.startsWith('/') && needle.endsWith('/')) throw new UnknownValue('regular-expression replace');
    const text = toStr(s);
    const by = toStr(rep);
    // Go's strings.Replace: an empty search matches at the start and after each character.
    if (needle === '') return by + Array.from(text).join(by) + (text === '' ? '' : by);
    return text.split(needle).join(by);
  },
  tostring: ([v]) => (v === null ? null : toStr(v)),
  tonumber: ([v]) => (v === null ? null : toNumber(v)),
  tobool: ([v]) => {
    if (v === null || typeof v === 'boolean') return v;
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw new EvalFailure('a bool is required');
  },
  tolist: ([v]) => (v === null ? null : toList(v)),
  toset: ([v]) => (v === null ? null : setOf(toList(v))),
  tomap: ([v]) => (v === null ? null : toMap(v)),
  lookup: (args) => {
    if (args.length < 2 || args.length > 3) throw new EvalFailure('lookup takes 2 or 3 arguments');
    const m = toMap(args[0]);
    const k = toStr(args[1]);
    if (k in m) return m[k];
    if (args.length === 3) return args[2];
    throw new EvalFailure(`the given key ${JSON.stringify(k)} does not exist`);
  },
  coalesce: (args) => {
    for (const a of args) if (a !== null && a !== '') return a;
    throw new EvalFailure('no non-null, non-empty-string arguments');
  },
  length: ([v]) => {
    // A "character" is a grapheme cluster (Unicode UAX #29) of the NFC-normalized string.
    if (typeof v === 'string') return graphemes(v.normalize('NFC')).length;
    if (Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    throw new EvalFailure('length of a number or bool');
  },
  keys: ([m]) => Object.keys(toMap(m)).sort(),
  range: (args) => numberRange(args),
  values: ([m]) => {
    const map = toMap(m);
    return Object.keys(map).sort().map((k) => map[k]);
  },
  element: ([l, i]) => {
    const list = toList(l);
    if (list.length === 0) throw new EvalFailure('cannot use element function with an empty list');
    const n = toNumber(i);
    if (n < 0) throw new EvalFailure('cannot use element function with a negative index');
    return list[Math.floor(n) % list.length];
  },
  contains: ([l, v]) => toList(l).some((x) => deepEqual(x, v)),
  flatten: ([l]) => {
    const flat = (xs: Json[]): Json[] => xs.flatMap((x) => (Array.isArray(x) ? flat(x) : [x]));
    return flat(toList(l));
  },
  compact: ([l]) => toList(l).filter((x) => x !== null && x !== ''),
  distinct: ([l]) => {
    const seen = new Set<string>();
    return toList(l).filter((x) => {
      const k = JSON.stringify(canonical(x));
      return seen.has(k) ? false : (seen.add(k), true);
    });
  },
  zipmap: ([k, v]) => {
    const keys = toList(k).map(toStr);
    const vals = toList(v);
    if (keys.length !== vals.length) throw new EvalFailure('number of keys and values must match');
    return Object.fromEntries(keys.map((key, i) => [key, vals[i]]));
  },
  base64encode: ([s]) => Buffer.from(toStr(s), 'utf8').toString('base64'),
  base64decode: ([s]) => {
    const text = toStr(s);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new EvalFailure('invalid base64');
    const bytes = Buffer.from(text, 'base64');
    const out = bytes.toString('utf8');
    if (!Buffer.from(out, 'utf8').equals(bytes)) throw new EvalFailure('the result of decoding is not valid UTF-8');
    return out;
  },
  file: ([p], ctx) => {
    const bytes = readConfined(toStr(p), ctx);
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) throw new EvalFailure('contents are not valid UTF-8; use filebase64');
    return text;
  },
  filebase64: ([p], ctx) => readConfined(toStr(p), ctx).toString('base64'),
  templatefile: ([p, vars], ctx) => {
    const text = readConfined(toStr(p), ctx).toString('utf8');
    return renderTemplate(text, { ...ctx, names: toMap(vars), paths: undefined });
  },
};

/** Functions the evaluator implements (reported by the docs and the closing note). */
export const EVALUATED_FUNCTIONS = [...Object.keys(FUNCTIONS), 'try', 'can'].sort();

function callFunction(node: ExprNode, src: string, ctx: EvalContext): Json {
  const name = node.meta?.name ?? '';
  const argNodes = node.children;
  if (name === 'try') {
    for (const a of argNodes) {
      try {
        return evalNode(a, src, ctx);
      } catch (e) {
        if (!(e instanceof EvalFailure)) throw e;
      }
    }
    throw new EvalFailure('no expression succeeded');
  }
  if (name === 'can') {
    try {
      // A value known only in part: whether it would fail is not known either.
      known(evalNode(argNodes[0], src, ctx));
      return true;
    } catch (e) {
      if (e instanceof EvalFailure) return false;
      throw e;
    }
  }
  const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!fn) throw new UnknownValue(`function ${name} is not evaluated`);
  let args = argNodes.map((a) => evalNode(a, src, ctx));
  if (node.meta?.expandedFinalArgument && args.length > 0) args = [...args.slice(0, -1), ...toList(args[args.length - 1])];
  // Functions that only move values may carry parts known later inside collections; any other
  // function of such a part, or of a part passed directly, is itself known only later.
  for (const a of args) known(a, !STRUCTURAL_FUNCTIONS.has(name));
  return fn(args, ctx);
}

/** Reads a file named relative to the base directory, only inside the directories being checked. */
function readConfined(p: string, ctx: EvalContext): Buffer {
  const abs = path.resolve(ctx.baseDir, p);
  if (!existsSync(abs) || !statSync(abs).isFile()) throw new EvalFailure(`no file ${p}`);
  const real = realpathSync(abs);
  const inside = ctx.readableDirs.some((d) => {
    const rel = path.relative(realpathSync(d), real);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
  if (!inside) throw new UnknownValue(`${p} is outside the configuration being checked`);
  return readFileSync(real);
}

/**
 * One format sequence: `%%`, or flags (`-`, `+`, space, `#`, `0`), a width, a precision and a verb.
 * An explicit argument index (`%[2]s`) is not read here: it does not match, so the format stays
 * unknown.
 */
const FORMAT_SEQUENCE = /%(?:(%)|([-+ #0]*)(\d+)?(?:\.(\d*))?([a-zA-Z]))/y;

/**
 * Terraform's `format` (cty's stdlib Format) for the verbs %v, %#v, %s, %q, %t, %d and %f, with the
 * flags `-` (pad on the right), `0` (pad with zeros), `+` and space (a number's sign), `#` (%#v:
 * JSON), a width and a precision. Widths of strings count grapheme clusters and `0` pads them with
 * zeros too, as cty does; a number's zeros go after its sign, as Go's fmt puts them. Any other verb
 * or sequence stays unknown rather than guessed.
 */
function format(f: string, args: Json[]): string {
  let next = 0;
  let out = '';
  for (let i = 0; i < f.length; ) {
    const at = f.indexOf('%', i);
    if (at < 0) {
      out += f.slice(i);
      break;
    }
    out += f.slice(i, at);
    FORMAT_SEQUENCE.lastIndex = at;
    const m = FORMAT_SEQUENCE.exec(f);
    if (!m) throw new UnknownValue('a format sequence that is not evaluated');
    i = FORMAT_SEQUENCE.lastIndex;
    if (m[1]) {
      out += '%';
      continue;
    }
    const flags = m[2];
    const spec: FormatSpec = {
      minus: flags.includes('-'),
      zero: flags.includes('0'),
      plus: flags.includes('+'),
      space: flags.includes(' '),
      sharp: flags.includes('#'),
      width: m[3] === undefined ? undefined : Number(m[3]),
      prec: m[4] === undefined ? undefined : Number(m[4] || '0'),
    };
    if (next >= args.length) throw new EvalFailure('not enough arguments for format');
    out += formatOne(m[5], spec, args[next++]);
  }
  if (next < args.length) throw new EvalFailure('too many arguments for format');
  return out;
}

interface FormatSpec {
  minus: boolean;
  zero: boolean;
  plus: boolean;
  space: boolean;
  sharp: boolean;
  width: number | undefined;
  prec: number | undefined;
}

function formatOne(verb: string, spec: FormatSpec, a: Json): string {
  if (verb !== 'v' && a === null) throw new EvalFailure('null value cannot be formatted');
  switch (verb) {
    case 'v': {
      const text = !spec.sharp && typeof a === 'string' ? a : !spec.sharp && typeof a === 'number' ? numberText(a) : jsonencode(a);
      return padText(text, spec);
    }
    case 's':
    case 'q': {
      let text = toStr(a);
      // A precision limits the characters taken from the string (cty: only a positive one).
      if (spec.prec !== undefined && spec.prec > 0) text = graphemes(text).slice(0, spec.prec).join('');
      return padText(verb === 'q' ? jsonencode(text) : text, spec);
    }
    case 't': {
      const b = a === 'true' ? true : a === 'false' ? false : a;
      if (typeof b !== 'boolean') throw new EvalFailure('%t requires a bool');
      return String(b);
    }
    case 'd': {
      const n = toNumber(a);
      if (!Number.isInteger(n)) throw new EvalFailure('%d requires a whole number');
      if (!Number.isSafeInteger(n)) throw new UnknownValue('%d of a number beyond 2^53');
      let digits = String(Math.abs(n));
      // Go: a precision is the minimum number of digits (and %.0d of 0 prints nothing).
      if (spec.prec !== undefined) digits = spec.prec === 0 && n === 0 ? '' : digits.padStart(spec.prec, '0');
      return padNumber(n < 0 ? '-' : signOf(spec), digits, spec, spec.prec === undefined);
    }
    case 'f': {
      const n = toNumber(a);
      const prec = spec.prec ?? 6;
      // The number as written (shortest form): a tie at the cut (`2.25` to one place) is rounded
      // to even by cty and away from zero by toFixed, and exponent forms (1e21 and beyond, 1e-7)
      // are left to cty: both stay unknown.
      const written = String(Math.abs(n));
      if (/e/i.test(written) || written.split('.')[1]?.slice(prec) === '5') throw new UnknownValue('%f of a number cty may round otherwise');
      const fixed = Math.abs(n).toFixed(prec);
      return padNumber(n < 0 ? '-' : signOf(spec), fixed, spec, true);
    }
    default:
      throw new UnknownValue(`format verb %${verb}`);
  }
}

/** The sign a non-negative number gets from the `+` and space flags. */
function signOf(spec: FormatSpec): string {
  return spec.plus ? '+' : spec.space ? ' ' : '';
}

/** Go's padding of a number: spaces on the left (right with `-`), or zeros after the sign with `0`. */
function padNumber(sign: string, digits: string, spec: FormatSpec, zeroAllowed: boolean): string {
  const body = sign + digits;
  if (spec.width === undefined || body.length >= spec.width) return body;
  if (spec.minus) return body.padEnd(spec.width);
  if (spec.zero && zeroAllowed) return sign + digits.padStart(spec.width - sign.length, '0');
  return body.padStart(spec.width);
}

/** cty's padding of text to a width in grapheme clusters: spaces or (`0`) zeros, on the left or (`-`) the right. */
function padText(text: string, spec: FormatSpec): string {
  if (spec.width === undefined) return text;
  const missing = spec.width - graphemes(text).length;
  if (missing <= 0) return text;
  const pad = (spec.zero ? '0' : ' ').repeat(missing);
  return spec.minus ? text + pad : pad + text;
}

/** Made on first use: creating a segmenter loads ICU's break rules (~10 ms), a cost every run paid at start. */
let graphemeSegmenter: Intl.Segmenter | undefined;

/** The grapheme clusters of a string (what Terraform counts as characters). */
function graphemes(s: string): string[] {
  graphemeSegmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return Array.from(graphemeSegmenter.segment(s), (g) => g.segment);
}
