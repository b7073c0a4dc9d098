/**
 * Typed values: attribute values converted the way Terraform converts them for the attribute's
 * schema type (cty's primitive conversions), driven by the generated provider type table
 * (provider-types.json, see scripts/provider-types.ts). Applied once in buildModel for every
 * input format, so no rule sees `"true"` where the schema says bool.
 *
 * - string → bool: `"true"`/`"1"` → true, `"false"`/`"0"` → false, anything else is an error;
 * - string → number: a decimal number (`"22"`, `"-1.5"`, `"1e3"`), anything else is an error;
 * - number / bool → string: their decimal / `true`/`false` text;
 * - bool ↔ number: no conversion (an error, as in Terraform);
 * - list/set/map of a primitive: element by element; nested blocks: attribute by attribute.
 * Expressions (`${...}`, `%{...}`) are left as they are: their values are not known here.
 */
import { dict } from './indexes';
import providerTypes from './provider-types.json';
import type { Json, JsonObject } from './types';

export type PrimitiveType = 'bool' | 'number' | 'string';
export type AttributeType = PrimitiveType | `${'list' | 'set' | 'map'}(${PrimitiveType})`;
/** A nested block (or nested object attribute): `list`/`set` of objects with typed attributes. */
export interface BlockType {
  block: 'list' | 'set';
  attrs: TypeTable;
}
export interface TypeTable {
  [attribute: string]: AttributeType | BlockType;
}
export interface ProviderTypes {
  /** The package the table was generated from (`@cdktn/provider-aws@25.7.0`). */
  source: string;
  /** The Terraform provider that package binds (`registry.terraform.io/hashicorp/aws@6.x`). */
  provider: string;
  generator: string;
  /** Resource type (`data.` prefix for data sources, as in the model) → attribute types. */
  types: Record<string, TypeTable>;
}

export const PROVIDER_TYPES = providerTypes as ProviderTypes;

export interface ConversionError {
  /** Attribute path with list positions (`ingress[0].from_port`). */
  path: string;
  message: string;
}

/** The schema type of an attribute path (`ingress.from_port`), when the table knows it. */
export function attributeType(resourceType: string, path: string): AttributeType | BlockType | undefined {
  let table: TypeTable | undefined = PROVIDER_TYPES.types[resourceType];
  let found: AttributeType | BlockType | undefined;
  for (const part of path.split('.')) {
    found = table?.[part];
    table = found !== undefined && typeof found !== 'string' ? found.attrs : undefined;
  }
  return found;
}

/** Converts a resource's values for its type; unknown types and attributes stay as written. */
export function typedValues(resourceType: string, values: JsonObject): { values: JsonObject; errors: ConversionError[] } {
  const table = Object.hasOwn(PROVIDER_TYPES.types, resourceType) ? PROVIDER_TYPES.types[resourceType] : undefined;
  const errors: ConversionError[] = [];
  if (!table) return { values, errors };
  return { values: convertBody(values, table, '', errors), errors };
}

/**
 * The body with its typed attributes converted. Copy on write: a body (or list) none of whose
 * values changes is returned as it is, so the common case (values already of their type) copies
 * nothing. A changed body is a new object without a prototype: input names (`__proto__`,
 * `constructor`) are plain keys, and lookups are own-property ones.
 */
function convertBody(body: JsonObject, table: TypeTable, prefix: string, errors: ConversionError[]): JsonObject {
  const keys = Object.keys(body);
  let out: JsonObject | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const v = body[k];
    const t = Object.hasOwn(table, k) ? table[k] : undefined;
    let converted = v;
    if (t !== undefined) {
      const path = `${prefix}${k}`;
      if (typeof t === 'string') converted = convertAttribute(v, t, path, errors);
      else if (Array.isArray(v)) converted = mapUnlessSame(v, (b, j) => (isObject(b) ? convertBody(b, t.attrs, `${path}[${j}].`, errors) : notAnObject(b, `${path}[${j}]`, errors)));
      else if (isObject(v)) converted = convertBody(v, t.attrs, `${path}.`, errors);
      else notACollection(v, `${t.block} of objects`, path, errors);
    }
    if (out === undefined && converted !== v) {
      out = dict();
      for (let j = 0; j < i; j++) out[keys[j]] = body[keys[j]];
    }
    if (out !== undefined) out[k] = converted;
  }
  return out ?? body;
}

/** `list.map(f)`, or `list` itself when `f` changes no element. */
function mapUnlessSame(list: Json[], f: (x: Json, i: number) => Json): Json[] {
  let out: Json[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const x = f(list[i], i);
    if (out === undefined && x !== list[i]) out = list.slice(0, i);
    if (out !== undefined) out.push(x);
  }
  return out ?? list;
}

/** `list(string)` → collection `list`, element `string`; a primitive type has no collection. */
const COLLECTIONS = new Map<AttributeType, { collection: 'list' | 'set' | 'map' | null; elem: PrimitiveType }>();

function parseType(t: AttributeType): { collection: 'list' | 'set' | 'map' | null; elem: PrimitiveType } {
  let parsed = COLLECTIONS.get(t);
  if (!parsed) {
    const m = /^(list|set|map)\((\w+)\)$/.exec(t);
    parsed = m ? { collection: m[1] as 'list' | 'set' | 'map', elem: m[2] as PrimitiveType } : { collection: null, elem: t as PrimitiveType };
    COLLECTIONS.set(t, parsed);
  }
  return parsed;
}

/**
 * A known string, number or bool where a collection (or nested blocks) is required: Terraform
 * refuses it ("Inappropriate value for attribute"); read, a rule would see no rules, no CIDRs.
 * An expression (known after apply) and null are left as they are.
 */
function notACollection(v: Json, required: string, path: string, errors: ConversionError[]): void {
  if (v === null || typeof v === 'object' || (typeof v === 'string' && isUnevaluated(v))) return;
  errors.push({ path, message: `a ${required} is required, found ${JSON.stringify(v)}` });
}

/** An element of a nested-block list that is not an object (nor an expression or null). */
function notAnObject(v: Json, path: string, errors: ConversionError[]): Json {
  notACollection(v, 'object', path, errors);
  return v;
}

function convertAttribute(v: Json, t: AttributeType, path: string, errors: ConversionError[]): Json {
  const { collection, elem } = parseType(t);
  if (collection === null) return convertPrimitive(v, elem, path, errors);
  notACollection(v, `${collection} of ${elem}`, path, errors);
  if (collection === 'map') {
    if (!isObject(v)) return v;
    const entries = Object.entries(v);
    const converted = entries.map(([k, x]) => convertPrimitive(x, elem, `${path}["${k}"]`, errors));
    return converted.every((x, i) => x === entries[i][1]) ? v : Object.fromEntries(entries.map(([k], i) => [k, converted[i]]));
  }
  return Array.isArray(v) ? mapUnlessSame(v, (x, i) => convertPrimitive(x, elem, `${path}[${i}]`, errors)) : v;
}

/** cty's decimal number syntax (big.Float.Parse, base 10, no infinities). */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function convertPrimitive(v: Json, t: PrimitiveType, path: string, errors: ConversionError[]): Json {
  if (v === null || (typeof v === 'string' && isUnevaluated(v))) return v;
  if (typeof v === 'object') return v; // a collection where a primitive is expected: left to the rules
  switch (t) {
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      errors.push({ path, message: `a bool is required, found ${JSON.stringify(v)}` });
      return v;
    case 'number':
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && NUMBER.test(v)) return Number(v);
      errors.push({ path, message: `a number is required, found ${JSON.stringify(v)}` });
      return v;
    case 'string':
      return typeof v === 'string' ? v : String(v);
  }
}

function isUnevaluated(s: string): boolean {
  return s.includes('${') || s.includes('%{');
}

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
