/**
 * The one scan of JSON input text (src/input/json-keys.ts scanJsonText) agrees with the readings it
 * replaces: jsonc-parser's visitor for the lines of the blocks (check/locate.ts indexCdktf), and the
 * name-by-name search for a repeated property name (assertNoRepeatedNames without the scan).
 */
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { indexCdktf, indexPlan, locateFindings } from '../src/check/locate';
import type { Finding } from '../src/check/report';
import { loadInputs } from '../src/input/load';
import type { InputError } from '../src/errors';
import { assertNoRepeatedNames, hasRepeatedNames, MAX_JSON_DEPTH, scanJsonText } from '../src/input/json-keys';
import { sourceLinesOf } from '../src/model/source-lines';
import { tempDir } from './helpers';

/** A JSON value whose objects may repeat names (JSON.stringify cannot write one). */
type Value = { obj: [string, Value][] } | { arr: Value[] } | string | number | boolean | null;

const NAMES = ['resource', 'data', 'provider', 'terraform', 'planned_values', 'address', 'aws_s3_bucket', 'a', 'b', 'é', '__proto__', 'x"y', '\u2028'];
const name = fc.constantFrom(...NAMES);
const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.constantFrom('aws_s3_bucket.a', 'module.m.x.y', 'q"r'), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.record({ obj: fc.array(fc.tuple(name, tie('v')), { maxLength: 4 }) }),
    fc.record({ arr: fc.array(tie('v'), { maxLength: 3 }) }),
  ),
})).v;
/** A document shaped like Terraform JSON at the top, anything below. */
const document: fc.Arbitrary<Value> = fc
  .array(fc.tuple(fc.constantFrom('resource', 'data', 'provider', 'terraform', 'module', 'planned_values', 'prior_state', 'address'), value), { maxLength: 5 })
  .map((entries) => ({ obj: entries }));

/** Writes the value with `nl` between tokens (`''`: minified) and a quoted name escaped at random. */
function write(v: Value, nl: string, escape: boolean): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const quote = (k: string): string => (escape && k.length > 0 ? `"\\u${k.charCodeAt(0).toString(16).padStart(4, '0')}${JSON.stringify(k).slice(2)}` : JSON.stringify(k));
  if ('arr' in v) return `[${nl}${v.arr.map((x) => write(x, nl, escape)).join(`,${nl}`)}${nl}]`;
  return `{${nl}${v.obj.map(([k, x]) => `${quote(k)}: ${write(x, nl, escape)}`).join(`,${nl}`)}${nl}}`;
}

const layout = fc.record({ nl: fc.constantFrom('', '\n', '\r\n', '\r', '\n  '), escape: fc.boolean() });

it('records the same block and plan address lines as jsonc-parser reads from the text', () => {
  fc.assert(
    fc.property(document, layout, (doc, { nl, escape }) => {
      const text = write(doc, nl, escape);
      const scan = scanJsonText(text, 'f');
      expect([...scan.blockLines]).toEqual([...indexCdktf(text)]);
      expect([...scan.planLines]).toEqual([...indexPlan(text)]);
    }),
    { numRuns: 400 },
  );
});

it('finds a repeated property name exactly when the name-by-name search does', () => {
  fc.assert(
    fc.property(fc.oneof(document, value), layout, (doc, { nl, escape }) => {
      const text = write(doc, nl, escape);
      const parsed = { doc: JSON.parse(text) as unknown, scan: scanJsonText(text, 'f') };
      let searched = false;
      try {
        assertNoRepeatedNames(text, 'f');
      } catch {
        searched = true;
      }
      expect(hasRepeatedNames(parsed.doc, parsed.scan)).toBe(searched);
      // With the scan, the same error (or none) as without it.
      let withScan: string | undefined;
      let without: string | undefined;
      try {
        assertNoRepeatedNames(text, 'f', parsed);
      } catch (e) {
        withScan = (e as Error).message;
      }
      try {
        assertNoRepeatedNames(text, 'f');
      } catch (e) {
        without = (e as Error).message;
      }
      expect(withScan).toBe(without);
    }),
    { numRuns: 400 },
  );
});

it('locates findings from the lines recorded at load exactly as from the file read again', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'app.tf.json');
  writeFileSync(
    file,
    '{\r\n "terraform": {"backend": {"local": {}}},\n "provider": {"aws": [{"region": "eu-west-1"}]},\n "resource": {"aws_s3_bucket": {\n  "a": {"bucket": "a"},\n\n  "b": {"bucket": "b"}}},\n "data": {"aws_caller_identity": {"me": {}}}\n}\n',
  );
  const [model] = await loadInputs([file]);
  expect(sourceLinesOf(model)).toBeDefined();
  const findings = ['aws_s3_bucket.a', 'aws_s3_bucket.b', 'data.aws_caller_identity.me', 'provider.aws', 'terraform.backend', 'aws_s3_bucket.none'].map(
    (resource) => ({ stack: model.stack, resource, origin: { file } }) as Finding,
  );
  const recorded = locateFindings(findings, [model]).map((f) => f.origin.line);
  // A copy of the model has no recorded lines: locate reads and parses the file.
  const reread = locateFindings(findings, [{ ...model }]).map((f) => f.origin.line);
  expect(recorded).toEqual(reread);
  expect(recorded).toEqual([5, 7, 8, 3, 2, undefined]);
});

/** The depth scan as first written: strings skipped character by character. */
function depthReference(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (++depth > max) return i;
    } else if (c === '}' || c === ']') depth--;
  }
  return undefined;
}

it('refuses nesting at the same bracket as the character-by-character scan, on any text', () => {
  const deep = '['.repeat(MAX_JSON_DEPTH - 2);
  fc.assert(
    fc.property(fc.array(fc.constantFrom('{', '[', '}', ']', '"', '\\', 'a', '\n', '\r\n', ','), { maxLength: 40 }), (tokens) => {
      const text = deep + tokens.join('');
      const at = depthReference(text, MAX_JSON_DEPTH);
      let message: string | undefined;
      try {
        scanJsonText(text, 'f');
      } catch (e) {
        message = (e as InputError).describe();
      }
      expect(message).toBe(at === undefined ? undefined : `f: line ${text.slice(0, at).split('\n').length}: JSON nested more than ${MAX_JSON_DEPTH} levels deep (no Terraform document nests this deep; is the file generated correctly?)`);
    }),
    { numRuns: 1000 },
  );
});

it('locates plan findings from the addresses recorded at load exactly as from the file read again', async () => {
  const file = path.join(tempDir(), 'plan.json');
  const resource = (address: string, type: string, name: string): unknown => ({ address, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', values: { bucket: name } });
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.0',
    planned_values: {
      root_module: {
        resources: [resource('aws_s3_bucket.a', 'aws_s3_bucket', 'a')],
        child_modules: [{ address: 'module.m', resources: [resource('module.m.aws_s3_bucket.b', 'aws_s3_bucket', 'b')] }],
      },
    },
    configuration: { root_module: {} },
  };
  writeFileSync(file, JSON.stringify(plan, null, 2));
  const [model] = await loadInputs([file]);
  expect(sourceLinesOf(model)).toBeDefined();
  const findings = ['aws_s3_bucket.a', 'module.m.aws_s3_bucket.b', 'aws_s3_bucket.none'].map((r) => ({ stack: model.stack, resource: r, origin: { file } }) as Finding);
  const recorded = locateFindings(findings, [model]).map((f) => f.origin.line);
  expect(recorded).toEqual(locateFindings(findings, [{ ...model }]).map((f) => f.origin.line));
  const text = JSON.stringify(plan, null, 2).split('\n');
  expect(recorded).toEqual([text.findIndex((l) => l.includes('"aws_s3_bucket.a"')) + 1, text.findIndex((l) => l.includes('"module.m.aws_s3_bucket.b"')) + 1, undefined]);
});
