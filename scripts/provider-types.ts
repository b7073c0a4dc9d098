/**
 * Generates src/model/provider-types.json: the Terraform schema type of every attribute (and
 * nested block) of the AWS resource types the rules read, so the model converts values the way
 * Terraform does (`"true"` → true for a bool, `"22"` → 22 for a number).
 *
 * Source: the generated bindings of `@cdktn/provider-aws` (each resource's
 * `synthesizeHclAttributes()` and its structs' `*ToHclTerraform()` carry the schema type of every
 * attribute). The package is NOT a dependency: unpack it anywhere and pass its directory:
 *
 *   npm pack @cdktn/provider-aws@25.7.0 && tar xzf cdktn-provider-aws-25.7.0.tgz
 *   npm run build && node dist/scripts/provider-types.js ./package
 *
 * The resource types are those named in policies/ (plus EXTRA_TYPES); the table records the
 * package and Terraform provider versions it came from.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../src/engine/bundle';
import type { AttributeType, BlockType, ProviderTypes, TypeTable } from '../src/model/typed-values';

/** Types modelled although no rule names them in a string literal yet. */
const EXTRA_TYPES = ['aws_elb', 'aws_load_balancer_policy', 'aws_lb_ssl_negotiation_policy'];

const PRIMITIVE: Record<string, AttributeType> = { boolean: 'bool', number: 'number', string: 'string' };
const COLLECTION = /^(string|number|boolean)(List|Map)$/;

interface Entry {
  name: string;
  value: string;
  kind: string;
  storage: string;
}

/** The `const attrs = { ... }` entries after `from` in generated provider JS. */
function attrEntries(js: string, from: number): Entry[] {
  const start = js.indexOf('const attrs = {', from);
  const end = js.indexOf('// remove undefined attributes', start);
  const body = js.slice(start, end === -1 ? js.length : end);
  const out: Entry[] = [];
  const entry = /^\s+(\w+): \{\s*\n\s+value: ([^\n]*),\s*\n\s+isBlock: (?:true|false),\s*\n\s+type: "(\w+)",\s*\n\s+storageClassType: "(\w+)",/gm;
  for (const m of body.matchAll(entry)) out.push({ name: m[1], value: m[2], kind: m[3], storage: m[4] });
  return out;
}

function typeOf(e: Entry, structs: Map<string, number>, js: string, depth: number): AttributeType | BlockType | undefined {
  const primitive = PRIMITIVE[e.storage];
  if (primitive && e.kind === 'simple') return primitive;
  const coll = COLLECTION.exec(e.storage);
  if (coll) {
    const elem = PRIMITIVE[coll[1]];
    if (coll[2] === 'Map') return `map(${elem})` as AttributeType;
    return `${e.kind === 'set' ? 'set' : 'list'}(${elem})` as AttributeType;
  }
  // A nested block (or nested attribute object): its struct's own attributes, when it has any.
  const struct = /(?<!cdktn\.)\b(\w+)ToHclTerraform\b/.exec(e.value)?.[1];
  if (!struct || e.storage.endsWith('Timeouts') || depth > 8) return undefined;
  const at = structs.get(struct);
  if (at === undefined) return undefined;
  const inner = table(attrEntries(js, at), structs, js, depth + 1);
  return Object.keys(inner).length > 0 ? { block: e.kind === 'set' ? 'set' : 'list', attrs: inner } : undefined;
}

function table(entries: Entry[], structs: Map<string, number>, js: string, depth: number): TypeTable {
  const out: TypeTable = {};
  for (const e of entries) {
    const t = typeOf(e, structs, js, depth);
    if (t !== undefined) out[e.name] = t;
  }
  return out;
}

function main(): void {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: provider-types <unpacked @cdktn/provider-aws directory>');
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    cdktf?: { provider?: { name?: string; version?: string } };
  };
  const root = packageRoot();
  const wanted = new Set(EXTRA_TYPES);
  const walk = (d: string): void => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name.endsWith('.rego') && !f.name.endsWith('_test.rego')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/"((?:data\.)?aws_[a-z0-9_]+[a-z0-9])"/g)) wanted.add(m[1]);
      }
    }
  };
  walk(path.join(root, 'policies'));

  const types: Record<string, TypeTable> = {};
  const lib = path.join(dir, 'lib');
  for (const d of readdirSync(lib).sort()) {
    let js: string;
    try {
      js = readFileSync(path.join(lib, d, 'index.js'), 'utf8');
    } catch {
      continue;
    }
    const tf = /static tfResourceType = "([a-z0-9_]+)";/.exec(js)?.[1];
    if (!tf) continue;
    const key = d.startsWith('data-aws-') ? `data.${tf}` : tf;
    if (!wanted.has(key)) continue;
    const structs = new Map<string, number>();
    for (const m of js.matchAll(/function (\w+)ToHclTerraform\(struct\) \{/g)) structs.set(m[1], m.index);
    const synth = js.indexOf('synthesizeHclAttributes() {');
    types[key] = table(attrEntries(js, synth), structs, js, 0);
  }
  const missing = [...wanted].filter((t) => !(t in types)).sort();
  const out: ProviderTypes = {
    source: `${pkg.name}@${pkg.version}`,
    provider: `${pkg.cdktf?.provider?.name ?? 'registry.terraform.io/hashicorp/aws'}@${pkg.cdktf?.provider?.version ?? 'unknown'}`,
    generator: 'scripts/provider-types.ts',
    types: Object.fromEntries(Object.keys(types).sort().map((k) => [k, types[k]])),
  };
  const file = path.join(root, 'src', 'model', 'provider-types.json');
  writeFileSync(file, `${JSON.stringify(out)}\n`);
  console.log(`${path.relative(root, file)}: ${Object.keys(types).length} types from ${out.source} (${out.provider}); not in the provider: ${missing.join(', ') || 'none'}`);
}

main();
