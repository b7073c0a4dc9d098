/**
 * JSON with every property name counted. `JSON.parse` keeps only the last of repeated names, which
 * would let a document hide content (a second `"resource"` key replaces the first). Two readings:
 *
 * - `parseStrictJson`: any repeated name is an InputError naming both lines (plans, manifests,
 *   tfvars: Terraform never writes repeated names there).
 * - `parseTerraformJson`: HCL-JSON semantics for Terraform JSON configuration. Every property is
 *   a block or an argument; repeated block keys (`resource`, a resource type, `provider` names,
 *   `locals`, `terraform`) all count and merge as Terraform merges them, arrays of bodies are read
 *   as repeated bodies, and what Terraform rejects (a repeated argument, the same resource twice)
 *   is an InputError naming the file and line.
 *
 * Every text gets one scan first (scanJsonText: nesting bound, names counted, block lines); the
 * syntax is checked by `JSON.parse` (its messages carry the position). A text whose names all
 * made it into JSON.parse's document repeats none; only a text that does repeat one (or uses
 * array-of-bodies forms) is read again, into jsonc-parser's tree, which keeps repeated properties.
 */
import type { Node } from 'jsonc-parser';
import { jsonc } from '../lazy-modules';
import { InputError } from '../errors';
import { lineAt } from '../source/line-index';
import type { Json, JsonObject } from '../model/types';

/** Deeper nesting than any Terraform document needs; deeper input is refused, not walked. */
export const MAX_JSON_DEPTH = 512;

/** What one pass over JSON text finds besides the document JSON.parse reads from it. */
export interface JsonTextScan {
  /** Property names in the text, each occurrence counted (see hasRepeatedNames). */
  names: number;
  /**
   * Terraform JSON: the 1-based line of each block a finding can name, as check/locate.ts keys
   * them: `<type>.<name>` (resource), `data.<type>.<name>`, `provider.<name>`, `terraform`. A name
   * written twice keeps its last line. Meaningful only when the text is valid JSON.
   */
  blockLines: Map<string, number>;
  /**
   * Plan JSON: the 1-based line of each `address` under `planned_values` (child modules included),
   * the first one of an address kept, as check/locate.ts keys them.
   */
  planLines: Map<string, number>;
}

const OBJECT = 1;
const ARRAY = 2;

/**
 * The one pass over JSON text every JSON input gets, before JSON.parse: nesting beyond
 * MAX_JSON_DEPTH is refused (the same error, at the same bracket, on any text, valid or not),
 * property names are counted, and the lines of the Terraform blocks are recorded. The text is
 * read as JSON.parse will read it: a name is the first string after `{` or after a `,` inside an
 * object; strings are skipped with their escapes. Lines are counted as jsonc-parser counts them
 * (LF, CR and CRLF each end one line), so they match what check/locate.ts reads from a file.
 * The pass reads the text's UTF-8 (scanJsonBytes): a loop over bytes runs several times faster
 * than one over a string's characters, and a large text's UTF-8 in shared memory is what the
 * helper thread that scans it reads (scan-thread.ts).
 */
export function scanJsonText(text: string, file: string): JsonTextScan {
  return scanJsonBytes(Buffer.from(text, 'utf8'), file);
}

/**
 * scanJsonText over the UTF-8 of the text. Every byte that matters to the scan (quotes,
 * backslashes, brackets, commas, line ends) is ASCII, and no byte of a multi-byte character is
 * below 0x80, so the bytes are read exactly as the characters are; the names kept are decoded.
 */
export function scanJsonBytes(bytes: Uint8Array, file: string): JsonTextScan {
  const utf8 = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blockLines = new Map<string, number>();
  const planLines = new Map<string, number>();
  // The name read last (jsonc-parser's `property` when it reports a value); names are read at
  // depth 1-3 and below `planned_values`, where a value after `address` is a plan address.
  let lastName = '';
  // Container kind per depth, and for depth 1-2 the path segment below it (jsonc-parser's path):
  // the last name of an object, or the element index of an array.
  const kinds = new Uint8Array(MAX_JSON_DEPTH + 2);
  const segs: (string | number)[] = ['', '', ''];
  let depth = 0;
  let names = 0;
  let line = 1;
  let expectName = false;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    // Spaces first: most of an indented document's bytes outside strings.
    if (c === 0x20) continue;
    if (c === 0x22) {
      const start = i;
      // The closing quote: the next one not escaped (a backslash escapes the byte after it).
      let escaped = false;
      for (i++; i < n; i++) {
        const d = bytes[i];
        if (d === 0x22) break;
        if (d === 0x5c) {
          escaped = true;
          i++;
        }
      }
      if (expectName) {
        expectName = false;
        names++;
        const shallow = depth <= 3 && depth > 0;
        if (shallow || (depth > 1 && segs[1] === 'planned_values')) {
          const name = stringAtBytes(utf8, start, i, escaped);
          lastName = name;
          if (shallow) {
            if (depth <= 2) segs[depth] = name;
            if (depth === 1) {
              if (name === 'terraform') blockLines.set('terraform', line);
            } else if (depth === 2) {
              if (segs[1] === 'provider') blockLines.set(`provider.${name}`, line);
            } else if (segs[1] === 'resource') blockLines.set(`${String(segs[2])}.${name}`, line);
            else if (segs[1] === 'data') blockLines.set(`data.${String(segs[2])}.${name}`, line);
          }
        }
      } else if (lastName === 'address' && depth > 0 && segs[1] === 'planned_values') {
        const address = stringAtBytes(utf8, start, i, escaped);
        if (!planLines.has(address)) planLines.set(address, line);
      }
    } else if (c === 0x0a) {
      line++;
      // The next line's indentation, without a turn of the loop per space.
      while (bytes[i + 1] === 0x20) i++;
    } else if (c === 0x0d) {
      line++;
      if (bytes[i + 1] === 0x0a) i++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new InputError(`JSON nested more than ${MAX_JSON_DEPTH} levels deep`, { file, path: `line ${lineAt(utf8.toString('utf8', 0, i), i)}`, hint: 'no Terraform document nests this deep; is the file generated correctly?' });
      }
      if (depth > 0) kinds[depth] = c === 0x7b ? OBJECT : ARRAY;
      expectName = c === 0x7b;
      if (c === 0x5b && depth <= 2 && depth > 0) segs[depth] = 0;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      expectName = false;
    } else if (c === 0x2c && depth > 0) {
      expectName = kinds[depth] === OBJECT;
      if (!expectName && depth <= 2) segs[depth] = (segs[depth] as number) + 1;
    }
  }
  return { names, blockLines, planLines };
}

/** The string whose quotes are at byte offsets `start` and `end`, decoded (escapes too, when it holds one). */
function stringAtBytes(utf8: Buffer, start: number, end: number, escaped: boolean): string {
  return escaped ? decodedName(`"${utf8.toString('utf8', start + 1, end)}"`) : utf8.toString('utf8', start + 1, end);
}

/**
 * The index of the `"` that closes the string opened at `open`: the next one not escaped (an odd
 * run of backslashes before a quote escapes it); the text's length when the text ends first.
 */
export function closingQuote(text: string, open: number): number {
  for (let i = open; ; ) {
    i = text.indexOf('"', i + 1);
    if (i === -1) return text.length;
    let run = 0;
    while (text.charCodeAt(i - 1 - run) === 0x5c) run++;
    if (run % 2 === 0) return i;
  }
}

/** A string written with escapes, decoded (invalid text yields it raw: JSON.parse will refuse the text). */
function decodedName(quoted: string): string {
  try {
    return String(JSON.parse(quoted));
  } catch {
    return quoted.slice(1, -1);
  }
}

/**
 * Own property names in a parsed document, counted over every object in it; -1 when it nests
 * deeper than COUNT_DEPTH (the recursion stops there). `for…in` with an own check takes half the
 * time of Object.keys, which builds an array per object.
 */
function countNames(v: unknown, depth: number): number {
  if (v === null || typeof v !== 'object') return 0;
  if (depth > COUNT_DEPTH) return -1;
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const c = countNames(v[i], depth + 1);
      if (c < 0) return -1;
      n += c;
    }
    return n;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    const c = countNames(o[k], depth + 1);
    if (c < 0) return -1;
    n += 1 + c;
  }
  return n;
}

/** Beyond the nesting any scanned text may have (MAX_JSON_DEPTH), so a document the scan accepts is always counted. */
const COUNT_DEPTH = 2 * MAX_JSON_DEPTH;

const namesCounted = new WeakMap<object, number>();

/**
 * The property names of a parsed document (countNames), counted once per document: JSON readers
 * count them while a text's scan runs elsewhere (src/input/scan-thread.ts), and the repeated-name
 * test later reads the count. Undefined for a document nested deeper than any scanned text may be.
 */
export function namesInDocument(doc: unknown): number | undefined {
  if (doc === null || typeof doc !== 'object') return 0;
  let n = namesCounted.get(doc);
  if (n === undefined) {
    n = countNames(doc, 1);
    namesCounted.set(doc, n);
  }
  return n < 0 ? undefined : n;
}

/**
 * True when some object of the text repeats a property name (or the document cannot be counted,
 * which the caller then reads the slow, exact way). JSON.parse keeps one property per distinct
 * name, so the document holds fewer names than the text exactly when one is repeated: a count,
 * where finding which name it is (firstRepeat) is left to the rare text that has one.
 */
export function hasRepeatedNames(doc: unknown, scan: JsonTextScan): boolean {
  const n = namesInDocument(doc);
  return n === undefined || n !== scan.names;
}

export interface Repeat {
  key: string;
  line: number;
  firstLine: number;
}

/**
 * The first property name repeated within one object, or undefined. `text` is valid JSON (JSON.parse
 * accepted it), so a scan of strings and brackets is enough: the first string after `{` or after a
 * `,` inside an object is a name. Names are compared decoded (`"a"` and `"\u0061"` are the same).
 * This is the common path of every JSON input, so it is a plain character loop (jsonc-parser's
 * visitor was 40x slower than JSON.parse here); the tree is built only when a repeat is found.
 */
export function firstRepeat(text: string): Repeat | undefined {
  const stack: (Map<string, number> | null)[] = [];
  let expectName = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      const end = closingQuote(text, start);
      i = end + 1;
      const names = stack[stack.length - 1];
      if (expectName && names) {
        expectName = false;
        const raw = text.slice(start + 1, end);
        const name = raw.includes('\\') ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
        const prev = names.get(name);
        if (prev !== undefined) return { key: name, line: lineAt(text, start), firstLine: lineAt(text, prev) };
        names.set(name, start);
      }
      continue;
    }
    if (c === 0x7b) {
      stack.push(new Map());
      expectName = true;
    } else if (c === 0x5b) stack.push(null);
    else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      expectName = false;
    } else if (c === 0x2c) expectName = stack[stack.length - 1] !== null;
    i++;
  }
  return undefined;
}

/**
 * Refuses a repeated property name anywhere in (syntactically valid) JSON text. With the text's
 * scan and parsed document, a text without repeats is recognised by a count (hasRepeatedNames).
 */
export function assertNoRepeatedNames(text: string, file: string, parsed?: { doc: unknown; scan: JsonTextScan }): void {
  if (parsed && !hasRepeatedNames(parsed.doc, parsed.scan)) return;
  const repeat = firstRepeat(text);
  if (repeat) {
    throw new InputError(`property ${JSON.stringify(repeat.key)} appears twice in one object (also at line ${repeat.firstLine})`, {
      file,
      path: `line ${repeat.line}`,
      hint: 'JSON readers disagree on repeated names (most keep only the last); write each property once',
    });
  }
}

/**
 * Terraform JSON configuration read with HCL-JSON semantics (see the module comment). `doc` is the
 * same (syntactically valid, depth-checked) text as JSON.parse reads it; a non-object is returned as is.
 */
export function terraformJsonFromText(text: string, file: string, doc: unknown, scan?: JsonTextScan): unknown {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc;
  // The common case (no repeated names, no array-of-bodies forms) is exactly what JSON.parse read.
  const repeats = scan ? hasRepeatedNames(doc, scan) : firstRepeat(text) !== undefined;
  if (!repeats && !hasArrayBodies(doc as JsonObject)) return doc;
  const tree = jsonc().parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  if (!tree) return doc;
  return new TerraformJsonReader(text, file).document(tree);
}

/** True when a block level of the document uses HCL JSON's array-of-bodies form. */
function hasArrayBodies(doc: JsonObject): boolean {
  const objects = (v: Json | undefined): JsonObject[] => (v !== null && typeof v === 'object' && !Array.isArray(v) ? [v] : []);
  for (const [key, section] of Object.entries(doc)) {
    if (Array.isArray(section) && key !== '//') return true;
    for (const body of objects(section)) {
      if (key === 'provider') continue; // a list of provider bodies is the usual form, read as is
      if (!TWO_LABELS.has(key) && !ONE_LABEL.has(key)) continue;
      for (const inner of Object.values(body)) {
        if (Array.isArray(inner)) return true;
        if (TWO_LABELS.has(key)) for (const named of objects(inner)) if (Object.values(named).some(Array.isArray)) return true;
      }
    }
  }
  return false;
}

/** Block types whose bodies are labelled twice (`resource "type" "name"`). */
const TWO_LABELS = new Set(['resource', 'data', 'ephemeral']);
/** Block types labelled once, each label defined at most once in a module. */
const ONE_LABEL = new Set(['module', 'variable', 'output']);

interface Property {
  key: string;
  value: Node;
  /** The property node (its line is computed only for a message). */
  node: Node;
}

class TerraformJsonReader {
  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  document(root: Node): JsonObject {
    const out = emptyObject();
    const repeated = new Map<string, Json[]>();
    for (const { key, value } of this.properties(root)) {
      if (TWO_LABELS.has(key)) {
        const section = ownObject(out, key);
        for (const body of this.bodies(value, key)) {
          for (const type of this.properties(body)) {
            const byName = ownObject(section, type.key);
            for (const typeBody of this.bodies(type.value, `${key} ${type.key}`)) this.labelled(byName, typeBody, `${key === 'resource' ? '' : `${key}.`}${type.key}`, key);
          }
        }
      } else if (ONE_LABEL.has(key)) {
        const section = ownObject(out, key);
        for (const body of this.bodies(value, key)) this.labelled(section, body, key, key);
      } else if (key === 'provider') {
        // Several bodies under one provider name are several configurations (aliases).
        const section = ownObject(out, key);
        for (const body of this.bodies(value, key)) {
          for (const p of this.properties(body)) {
            for (const cfg of this.bodies(p.value, `provider ${p.key}`)) {
              const prev = Object.prototype.hasOwnProperty.call(section, p.key) ? section[p.key] : undefined;
              const next = this.body(cfg);
              setKey(section, p.key, prev === undefined ? next : [...(Array.isArray(prev) ? prev : [prev]), next]);
            }
          }
        }
      } else if (key === 'locals' || key === 'terraform') {
        const section = ownObject(out, key);
        for (const body of this.bodies(value, key)) this.mergeArguments(section, body, key);
      } else if (key === '//') {
        setKey(out, key, this.value(value));
      } else {
        // moved, import, check, removed (and unknown keys, which the normalizer rejects): bodies kept in order.
        const list = repeated.get(key) ?? [];
        if (!repeated.has(key)) repeated.set(key, list);
        list.push(this.value(value));
        setKey(out, key, list.length === 1 ? list[0] : list.flatMap((v) => (Array.isArray(v) ? v : [v])));
      }
    }
    return out;
  }

  /** `name: body` entries of a labelled block; a label defined twice is Terraform's "Duplicate ... configuration". */
  private labelled(target: JsonObject, node: Node, what: string, blockType: string): void {
    for (const { key, value, node: prop } of this.properties(node)) {
      const bodies = this.bodies(value, `${what} ${key}`);
      if (Object.prototype.hasOwnProperty.call(target, key) || bodies.length > 1) {
        throw new InputError(`duplicate ${blockType} configuration ${JSON.stringify(`${what}.${key}`)}: Terraform requires each to be defined once`, {
          file: this.file,
          path: this.where(bodies.length > 1 ? bodies[1] : prop),
          hint: 'remove or rename one of the definitions',
        });
      }
      if (bodies.length === 0) {
        throw new InputError(`${blockType} ${JSON.stringify(`${what}.${key}`)} has no body (expected a JSON object)`, { file: this.file, path: this.where(prop) });
      }
      setKey(target, key, this.body(bodies[0]));
    }
  }

  /** Arguments of repeated `locals` / `terraform` blocks merged; `required_providers` maps merged too. */
  private mergeArguments(target: JsonObject, node: Node, blockType: string): void {
    for (const { key, value, node: prop } of this.properties(node)) {
      if (blockType === 'terraform' && key === 'required_providers') {
        const section = ownObject(target, key);
        for (const body of this.bodies(value, key)) this.mergeArguments(section, body, key);
        continue;
      }
      if (Object.prototype.hasOwnProperty.call(target, key)) {
        throw new InputError(`${blockType} ${JSON.stringify(key)} is defined twice`, { file: this.file, path: this.where(prop), hint: 'Terraform requires each to be defined once' });
      }
      setKey(target, key, this.value(value));
    }
  }

  /** A block's value: one object, or an array of objects (HCL JSON's repeated-block form). */
  private bodies(node: Node, what: string): Node[] {
    if (node.type === 'object') return [node];
    if (node.type === 'array') {
      const items = node.children ?? [];
      for (const item of items) {
        if (item.type !== 'object') throw new InputError(`expected ${what} bodies (JSON objects) in the array, found ${item.type}`, { file: this.file, path: this.where(item) });
      }
      return items;
    }
    throw new InputError(`expected ${what} (a JSON object), found ${node.type === 'null' ? 'null' : `a ${node.type}`}`, { file: this.file, path: this.where(node) });
  }

  /** A block body: a repeated argument is Terraform's "Duplicate argument". */
  private body(node: Node): JsonObject {
    return this.value(node) as JsonObject;
  }

  /** Any value below the block structure: repeated names are refused. */
  private value(node: Node): Json {
    switch (node.type) {
      case 'object': {
        const out = emptyObject();
        const first = new Map<string, Node>();
        for (const { key, value, node: prop } of this.properties(node)) {
          const prev = first.get(key);
          if (prev !== undefined) {
            throw new InputError(`duplicate argument ${JSON.stringify(key)} (also at line ${this.lineOf(prev)})`, {
              file: this.file,
              path: this.where(prop),
              hint: 'Terraform rejects a repeated argument; write repeated nested blocks as a JSON array of objects',
            });
          }
          first.set(key, prop);
          setKey(out, key, this.value(value));
        }
        return out;
      }
      case 'array':
        return (node.children ?? []).map((c) => this.value(c));
      default:
        return node.value as Json;
    }
  }

  private properties(node: Node): Property[] {
    if (node.type !== 'object') return [];
    return (node.children ?? []).map((p) => {
      const [k, v] = p.children ?? [];
      return { key: String(k.value), value: v, node: p };
    });
  }

  private lineOf(node: Node): number {
    return lineAt(this.text, node.offset);
  }

  /** `$.resource.aws_s3_bucket.b (line 4)`: the JSON path in the text as written, and its line. */
  private where(node: Node): string {
    const target = node.type === 'property' && node.children?.[1] ? node.children[1] : node;
    const segs = jsonc().getNodePath(target).map((k) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_][\w-]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`));
    return `$${segs.join('')} (line ${this.lineOf(node)})`;
  }
}

function emptyObject(): JsonObject {
  return {};
}

/** The object under an own key of `o`, created when absent (never an inherited one). */
function ownObject(o: JsonObject, key: string): JsonObject {
  if (!Object.prototype.hasOwnProperty.call(o, key)) setKey(o, key, emptyObject());
  const v = o[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`ownObject: ${key} is not an object`);
  return v;
}

/** Own data property, as JSON.parse defines it (`__proto__` is a name like any other). */
function setKey(o: JsonObject, key: string, value: Json): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}
