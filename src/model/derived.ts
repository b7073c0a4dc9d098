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
  return derivedFacts(resources).regions;
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
  return derivedFacts(resources).json_documents;
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
  // A text written as JSON.stringify writes the document (a policy a CDKTF app built with
  // JSON.stringify) is faithful: its tokens are the document's, one property per name and every
  // number as JavaScript writes it. Any other text is read character by character.
  return JSON.stringify(doc) === text || faithful(text, doc) ? doc : undefined;
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
  return derivedFacts(resources).literal_arns;
}

/**
 * Sorted addresses of the resources (managed or data) whose values set a `region` argument of
 * their own, whatever its value, so the residency rule reads these few instead of testing every
 * resource.
 */
export function ownRegion(resources: Record<string, ModelResource>): string[] {
  return derivedFacts(resources).own_region;
}

/**
 * Sorted addresses of the resources (managed or data) whose values hold a `provisioner`, whatever
 * its value, so the provisioner rule (CRM-SUP-002) reads these few instead of every resource.
 */
export function provisioned(resources: Record<string, ModelResource>): string[] {
  return derivedFacts(resources).provisioned;
}

/**
 * Address → the unknown attribute paths that the provider schema types as nested blocks and whose
 * value is one expression (see NormalizedModel.opaque_blocks). Only the few unknown paths of each
 * resource are looked at.
 */
export function opaqueBlocks(resources: Record<string, ModelResource>): Record<string, string[]> {
  return derivedFacts(resources).opaque_blocks;
}

/** True when the value at `path` (through lists of blocks) is, somewhere, one expression string. */
function expressionAt(v: Json | undefined, path: readonly string[]): boolean {
  if (Array.isArray(v)) return v.some((x) => expressionAt(x, path));
  if (path.length === 0) return typeof v === 'string' && isExpression(v);
  if (v === null || typeof v !== 'object') return false;
  return expressionAt((v as Record<string, Json>)[path[0]], path.slice(1));
}

export type DerivedFields = Pick<NormalizedModel, 'regions' | 'json_documents' | 'literal_arns' | 'own_region' | 'provisioned' | 'opaque_blocks'>;

/**
 * The derived fields of a model over `resources` (see NormalizedModel), in one pass over them;
 * `plainValues` as DerivedFacts takes it.
 */
export function derivedFacts(resources: Record<string, ModelResource>, plainValues?: ReadonlySet<object>): DerivedFields {
  const facts = new DerivedFacts(plainValues);
  for (const address of Object.keys(resources)) facts.add(address, resources[address]);
  return facts.result();
}

/**
 * True when a string may be what a derived fact reads: an `arn:` string (literal_arns) or text that
 * may open a JSON document (json_documents: whitespace, `{` or `[` first). Most strings start with
 * neither and are passed over without hashing them or running a pattern.
 */
export function mayHoldDerivedFact(s: string): boolean {
  const c = s.charCodeAt(0);
  return c === 0x61 ? s.startsWith('arn:') : c === 0x7b || c === 0x5b || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The derived facts, accumulated resource by resource: one loop over the resources instead of one per fact. */
export class DerivedFacts {
  /**
   * `plainValues`: values objects the normalizer has walked and found to hold no string
   * mayHoldDerivedFact accepts (build.ts): the walk for documents and ARNs passes them over (three
   * quarters of the generated 10,000-resource stack's resources hold neither). A normalized
   * resource never changes afterwards (indexes.ts appendDeferredIndexes), so the facts are those a
   * full walk finds.
   */
  constructor(private readonly plainValues?: ReadonlySet<object>) {}

  // regions: region → providers deploying there, every AWS provider with a regional resource, those of unknown region
  private readonly byRegion: Record<string, Set<string>> = dict();
  private readonly awsProviders = new Set<string>();
  private readonly unknownRegion = new Set<string>();
  // json_documents and literal_arns
  private readonly documents: Record<string, Json> = dict();
  private readonly seen = new Set<string>();
  private readonly arns: Record<string, LiteralArn[]> = dict();
  // own_region, provisioned, opaque_blocks
  private readonly ownRegion: string[] = [];
  private readonly provisioner: string[] = [];
  private readonly opaque: Record<string, string[]> = dict();

  /** Adds the resource at `address` (its key in the model's resources). */
  add(address: string, r: ModelResource): void {
    // Regions: managed resources of the stack's own AWS provider configurations that are not
    // global, by effective region. Peers (provider `<stack>:<key>`) never count: which regions a
    // stack uses is decided by its own resources.
    if (isAwsKey(r.provider) && r.mode === 'managed' && !isGlobalResource(r)) {
      this.awsProviders.add(r.provider);
      if (typeof r.region === 'string') (this.byRegion[r.region] ??= new Set()).add(r.provider);
      else this.unknownRegion.add(r.provider);
    }
    if (this.plainValues?.has(r.values) !== true) this.addTexts(r);
    if (Object.hasOwn(r.values, 'region')) this.ownRegion.push(r.address);
    if (Object.hasOwn(r.values, 'provisioner')) this.provisioner.push(r.address);
    // Opaque blocks: only the few unknown paths of each resource are looked at.
    let paths: string[] | undefined;
    for (const p in r.unknown) {
      if (!Object.hasOwn(r.unknown, p)) continue;
      const t = attributeType(r.type, p);
      if (t === undefined || typeof t === 'string' || !expressionAt(r.values, p.split('.'))) continue;
      (paths ??= []).push(p);
    }
    if (paths) this.opaque[address] = paths.sort();
  }

  /** json_documents and literal_arns of one resource: one walk over its values (an `arn:` string is never a JSON document). */
  private addTexts(r: ModelResource): void {
    const walk: TextWalk = { managed: r.mode === 'managed', path: [], found: [], documents: this.documents, seen: this.seen };
    visitTexts(r.values, walk);
    if (walk.found.length > 0) setKey(this.arns, r.address, walk.found);
  }

  result(): DerivedFields {
    const inUse: Record<string, string[]> = dict();
    for (const region of Object.keys(this.byRegion)) setKey(inUse, region, [...this.byRegion[region]].sort());
    return {
      regions: { in_use: sortKeys(inUse), providers: [...this.awsProviders].sort(), unknown_region_providers: [...this.unknownRegion].sort() },
      json_documents: sortKeys(this.documents),
      literal_arns: sortKeys(this.arns),
      own_region: this.ownRegion.sort(),
      provisioned: this.provisioner.sort(),
      opaque_blocks: sortKeys(this.opaque),
    };
  }
}

/** The state of one resource's walk for documents and ARNs: one path stack, copied only for a value that is an ARN. */
interface TextWalk {
  managed: boolean;
  path: (string | number)[];
  found: LiteralArn[];
  documents: Record<string, Json>;
  seen: Set<string>;
}

function visitTexts(v: Json, walk: TextWalk): void {
  if (typeof v === 'string') {
    if (!mayHoldDerivedFact(v)) return;
    if (v.charCodeAt(0) === 0x61) {
      if (walk.managed) walk.found.push({ path: [...walk.path], value: v });
    } else if (!walk.seen.has(v) && DOCUMENT_START.test(v)) {
      walk.seen.add(v);
      const doc = sameAsOpa(v);
      if (doc !== undefined) setKey(walk.documents, v, doc);
    }
  } else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      walk.path.push(i);
      visitTexts(v[i], walk);
      walk.path.pop();
    }
  } else if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      walk.path.push(k);
      visitTexts(v[k], walk);
      walk.path.pop();
    }
  }
}
