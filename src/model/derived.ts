/**
 * Facts derived once from a model's resources, so the policies look them up instead of
 * recomputing them in every evaluation (wasm memoizes no function call, and building sets of
 * resources or re-parsing JSON text there costs far more than doing it once here). The judgement
 * stays in Rego: these are joins and parses whose result does not depend on any rule.
 *
 * Both are derived from the same resource set the rules see (a stack's own resources, plus its
 * peers in a joined app), next to the indexes (src/model/indexes.ts).
 */
import { closingQuote, namesInDocument } from '../input/json-keys';
import { dict, setKey, sortKeys } from './indexes';
import { isExpression } from './refs';
import { attributeType } from './typed-values';
import type { Json, LiteralArn, ModelResource, NormalizedModel, RegionsInUse } from './types';

/**
 * Resource types of global services, which live in no region (as `global_resource` in
 * policies/lib/regions.rego): IAM, CloudFront, Route 53, Organizations, Shield, S3/account settings,
 * and WAF web ACLs of CLOUDFRONT scope.
 */
const GLOBAL_PREFIXES = ['aws_iam_', 'aws_cloudfront_', 'aws_route53_', 'aws_organizations_', 'aws_shield_', 'aws_s3_account_', 'aws_account_'];

export function isGlobalResource(r: ModelResource): boolean {
  let global = globalTypes.get(r.type);
  if (global === undefined) {
    global = GLOBAL_PREFIXES.some((p) => r.type.startsWith(p));
    globalTypes.set(r.type, global);
  }
  return global || (r.type.startsWith('aws_wafv2_') && r.values.scope === 'CLOUDFRONT');
}

/** Resource type → whether GLOBAL_PREFIXES make it global (a model has few types and many resources). */
const globalTypes = new Map<string, boolean>();

/** `aws` or `aws.<alias>`: a provider configuration of this stack (a peer's key is `<stack>:<key>`). */
function isAwsKey(key: string): boolean {
  return key === 'aws' || key.startsWith('aws.');
}

/**
 * The regions the stack deploys regional resources to: managed resources of its own AWS provider
 * configurations that are not global, by effective region. Peers (provider `<stack>:<key>`) never
 * count: which regions a stack uses is decided by its own resources.
 */
export function regionsInUse(resources: Record<string, ModelResource>): RegionsInUse {
  const byRegion: Record<string, Set<string>> = dict();
  const providers = new Set<string>();
  const unknownRegion = new Set<string>();
  for (const r of Object.values(resources)) {
    if (!isAwsKey(r.provider) || r.mode !== 'managed' || isGlobalResource(r)) continue;
    providers.add(r.provider);
    if (typeof r.region === 'string') (byRegion[r.region] ??= new Set()).add(r.provider);
    else unknownRegion.add(r.provider);
  }
  const inUse: Record<string, string[]> = dict();
  for (const region of Object.keys(byRegion)) setKey(inUse, region, [...byRegion[region]].sort());
  return { in_use: sortKeys(inUse), providers: [...providers].sort(), unknown_region_providers: [...unknownRegion].sort() };
}

/**
 * Every JSON object or array held as text in a resource value (at any depth: policies, container
 * definitions, event patterns, ...), parsed, keyed by the exact text. A text is listed only when
 * the value JSON.parse gives is provably the value OPA's wasm `json.unmarshal` gives for it, once
 * the table itself has been serialized and read into wasm:
 *  - JSON.parse accepts it (it is stricter than the wasm parser, which then accepts it too), and
 *    the document is an object or an array (never a bare `true`/`false`: see lib/jsondoc.rego);
 *  - every number is written exactly as JavaScript writes it back (`1`, `0.5`; not `1.0`, `1e2`,
 *    `-0` or an integer beyond 2^53): wasm keeps a number's text, so only then is it the same number;
 *  - no object repeats a key, and no `\u` escape names a UTF-16 surrogate (wasm decodes those
 *    pairwise and aborts on a lone one).
 * Any other text is absent and the policies parse it themselves (lib/jsondoc.rego `parse`), as before.
 */
export function jsonDocuments(resources: Record<string, ModelResource>): Record<string, Json> {
  return documentsAndArns(resources).json_documents;
}

/** JSON whitespace, then the start of an object or array. */
const DOCUMENT_START = /^[ \t\r\n]*[[{]/;
/** A `\u` escape of a UTF-16 surrogate (U+D800–U+DFFF). A `\\u…` (escaped backslash) matches too: such texts are only left out. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** The parsed document when JSON.parse's value is provably OPA's (see jsonDocuments), else undefined. */
export function sameAsOpa(text: string): Json | undefined {
  if (SURROGATE_ESCAPE.test(text)) return undefined;
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
  if (doc === null || typeof doc !== 'object') return undefined;
  return faithful(text, doc) ? doc : undefined;
}

/**
 * For a text JSON.parse accepted, and its document: true when no object repeats a key and every
 * number is written as JavaScript writes it back. One pass over the text: in valid JSON every `:`
 * outside strings follows exactly one property name, so the text repeats no key exactly when it
 * has as many as the document has properties (JSON.parse keeps one per distinct name; the test
 * every JSON input gets, json-keys.ts hasRepeatedNames, without decoding any name).
 */
function faithful(text: string, doc: Json): boolean {
  let names = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = closingQuote(text, i);
    else if (c === 0x3a) names++;
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (!((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d)) break;
      }
      const written = text.slice(i, j);
      if (String(Number(written)) !== written) return false;
      i = j - 1;
    }
  }
  return names === namesInDocument(doc);
}

/**
 * Managed resource address → every string value starting with `arn:` at any depth of its values,
 * with its path (object keys and list indices, as Rego's `walk` gives it). Resources without one
 * are absent. Rules that judge literal ARNs (their region, their service) read these instead of
 * walking every value of every resource.
 */
export function literalArns(resources: Record<string, ModelResource>): Record<string, LiteralArn[]> {
  return documentsAndArns(resources).literal_arns;
}

/**
 * jsonDocuments and literalArns in one walk over every value of every resource (each walk costs
 * ~15 ms at 10,000 resources). A string starting `arn:` is never a JSON document, so each string is
 * looked at for one of the two.
 */
function documentsAndArns(resources: Record<string, ModelResource>): Pick<NormalizedModel, 'json_documents' | 'literal_arns'> {
  const documents: Record<string, Json> = dict();
  const seen = new Set<string>();
  const arns: Record<string, LiteralArn[]> = dict();
  // One path stack for the walk, copied only for a value that is an ARN.
  const path: (string | number)[] = [];
  let found: LiteralArn[] = [];
  let managed = false;
  const visitValue = (v: Json): void => {
    if (typeof v === 'string') {
      const c = v.charCodeAt(0);
      // Most strings start with neither `a` nor what may open a document (whitespace, `{`, `[`):
      // they are passed over without hashing them or running a pattern.
      if (c === 0x61) {
        if (managed && v.startsWith('arn:')) found.push({ path: [...path], value: v });
      } else if ((c === 0x7b || c === 0x5b || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) && !seen.has(v) && DOCUMENT_START.test(v)) {
        seen.add(v);
        const doc = sameAsOpa(v);
        if (doc !== undefined) setKey(documents, v, doc);
      }
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        visitValue(v[i]);
        path.pop();
      }
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        path.push(k);
        visitValue(v[k]);
        path.pop();
      }
    }
  };
  for (const r of Object.values(resources)) {
    managed = r.mode === 'managed';
    found = [];
    visitValue(r.values);
    if (found.length > 0) setKey(arns, r.address, found);
  }
  return { json_documents: sortKeys(documents), literal_arns: sortKeys(arns) };
}

/**
 * Sorted addresses of the resources (managed or data) whose values set a `region` argument of
 * their own, whatever its value, so the residency rule reads these few instead of testing every
 * resource.
 */
export function ownRegion(resources: Record<string, ModelResource>): string[] {
  return settingOwn(resources).own_region;
}

/**
 * Sorted addresses of the resources (managed or data) whose values hold a `provisioner`, whatever
 * its value, so the provisioner rule (CRM-SUP-002) reads these few instead of every resource.
 */
export function provisioned(resources: Record<string, ModelResource>): string[] {
  return settingOwn(resources).provisioned;
}

/** ownRegion and provisioned in one pass over the resources. */
function settingOwn(resources: Record<string, ModelResource>): Pick<NormalizedModel, 'own_region' | 'provisioned'> {
  const region: string[] = [];
  const provisioner: string[] = [];
  for (const r of Object.values(resources)) {
    if (Object.hasOwn(r.values, 'region')) region.push(r.address);
    if (Object.hasOwn(r.values, 'provisioner')) provisioner.push(r.address);
  }
  return { own_region: region.sort(), provisioned: provisioner.sort() };
}

/**
 * Address → the unknown attribute paths that the provider schema types as nested blocks and whose
 * value is one expression (see NormalizedModel.opaque_blocks). Only the few unknown paths of each
 * resource are looked at.
 */
export function opaqueBlocks(resources: Record<string, ModelResource>): Record<string, string[]> {
  const out: Record<string, string[]> = dict();
  for (const address of Object.keys(resources)) {
    const r = resources[address];
    let paths: string[] | undefined;
    for (const p of Object.keys(r.unknown)) {
      const t = attributeType(r.type, p);
      if (t === undefined || typeof t === 'string' || !expressionAt(r.values, p.split('.'))) continue;
      (paths ??= []).push(p);
    }
    if (paths) out[address] = paths.sort();
  }
  return sortKeys(out);
}

/** True when the value at `path` (through lists of blocks) is, somewhere, one expression string. */
function expressionAt(v: Json | undefined, path: readonly string[]): boolean {
  if (Array.isArray(v)) return v.some((x) => expressionAt(x, path));
  if (path.length === 0) return typeof v === 'string' && isExpression(v);
  if (v === null || typeof v !== 'object') return false;
  return expressionAt((v as Record<string, Json>)[path[0]], path.slice(1));
}

/** The derived fields of a model over `resources` (see NormalizedModel). */
export function derivedFacts(resources: Record<string, ModelResource>): Pick<NormalizedModel, 'regions' | 'json_documents' | 'literal_arns' | 'own_region' | 'provisioned' | 'opaque_blocks'> {
  return { regions: regionsInUse(resources), ...documentsAndArns(resources), ...settingOwn(resources), opaque_blocks: opaqueBlocks(resources) };
}
