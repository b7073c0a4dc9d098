/**
 * Issue 12 §3: the literal-expression evaluator, one table per function, with the results
 * Terraform documents (developer.hashicorp.com/terraform/language/functions/<name>). Expressions
 * are parsed by HCL's own parser (hcl2json) exactly as the HCL loader does.
 */
import * as path from 'node:path';
import { HclExpressionParser } from '../../src/input/hcl-expressions';
import { EVALUATED_FUNCTIONS, evaluateString, namesObjects, type EvalContext } from '../../src/model/hcl-expr';
import type { Json } from '../../src/model/types';
import { writeTree } from './harness';

const dir = writeTree({
  'hello.txt': 'Hello World',
  'bin.dat': '\u00ff',
  'backends.tftpl': '%{ for addr in ip_addrs ~}\nbackend ${addr}:${port}\n%{ endfor ~}\n',
  'greeting.tftpl': 'Hello, ${name}! port=${port}',
  'cond.tftpl': 'mode=%{ if admin }admin%{ else }user%{ endif }',
  'hosts.tftpl': 'hosts: %{ for a in ip_addrs }${a},%{ endfor }',
  'modules/app/policy.json': '{"Version":"2012-10-17"}',
});
const outside = writeTree({ 'secret.txt': 'outside' });

const UNKNOWN = Symbol('unknown');

async function evaluate(expression: string, names: Record<string, Json> = {}): Promise<Json | typeof UNKNOWN> {
  const parser = new HclExpressionParser();
  const ctx: EvalContext = {
    parser,
    names: { var: { region: 'eu-central-1', tags: { Team: 'crm' }, empty: '' }, local: { n: 3 }, ...names },
    paths: { module: 'modules/app', root: '.', cwd: dir },
    baseDir: dir,
    readableDirs: [dir],
  };
  for (;;) {
    const r = evaluateString(`\${${expression}}`, ctx);
    if (r.known) return r.value;
    if (!(await parser.parsePending())) return UNKNOWN;
  }
}

type Row = [string, Json | typeof UNKNOWN];
const tables: Record<string, Row[]> = {
  jsonencode: [
    ['jsonencode({"hello"="world"})', '{"hello":"world"}'],
    ['jsonencode({b = 1, a = [true, null, "x"]})', '{"a":[true,null,"x"],"b":1}'],
    ['jsonencode("<a&b>")', '"\\u003ca\\u0026b\\u003e"'],
    ['jsonencode({Statement = [{Effect = "Allow", Action = "*", Resource = "*"}]})', '{"Statement":[{"Action":"*","Effect":"Allow","Resource":"*"}]}'],
  ],
  jsondecode: [
    ['jsondecode("{\\"hello\\": \\"world\\"}")', { hello: 'world' }],
    ['jsondecode("true")', true],
    ['jsondecode("{")', UNKNOWN],
  ],
  merge: [
    ['merge({a="b", c="d"}, {e="f", c="z"})', { a: 'b', c: 'z', e: 'f' }],
    ['merge({a="b"}, {a=[1,2], c="z"}, {d=3})', { a: [1, 2], c: 'z', d: 3 }],
    ['merge(var.tags, {Name = "crm"})', { Team: 'crm', Name: 'crm' }],
  ],
  concat: [
    ['concat(["a", ""], ["b", "c"])', ['a', '', 'b', 'c']],
  ],
  format: [
    ['format("Hello, %s!", "Ander")', 'Hello, Ander!'],
    ['format("There are %d lights", 4)', 'There are 4 lights'],
    ['format("%#v", "hello")', '"hello"'],
    ['format("%#v", {a = 1})', '{"a":1}'],
    ['format("%#v", null)', 'null'],
    ['format("%.2f%%", 12.3456)', '12.35%'],
    // A tie at the cut: Terraform (cty, 512-bit floats) writes 12.34, a double's toFixed 12.35.
    ['format("%.2f%%", 12.345)', UNKNOWN],
    ['format("%q", "x")', '"x"'],
    ['format("%d", 1.5)', UNKNOWN],
    ['format("%s %s", "a")', UNKNOWN],
    // Flags, widths and precisions as cty's format (Go's fmt for numbers) writes them.
    ['format("web-%02d", 3)', 'web-03'],
    ['format("%03d", 42)', '042'],
    ['format("%05d", -42)', '-0042'],
    ['format("%+d", 5)', '+5'],
    ['format("% d", 5)', ' 5'],
    ['format("%-4d|", 7)', '7   |'],
    ['format("%-04d|", 7)', '7   |'],
    ['format("%4d", 7)', '   7'],
    ['format("%.3d", 7)', '007'],
    ['format("%6.3d", -7)', '  -007'],
    ['format("%08.3f", -3.14159)', '-003.142'],
    ['format("%+.1f", 2.26)', '+2.3'],
    ['format("%.1f", 2.25)', UNKNOWN],
    ['format("%f", 1e21)', UNKNOWN],
    ['format("%5s|%-5s|", "ab", "cd")', '   ab|cd   |'],
    ['format("%05s", "ab")', '000ab'],
    ['format("%.2s", "héllo")', 'hé'],
    ['format("%3s", "👾")', '  👾'],
    ['format("%q", "<a&b>")', '"\\u003ca\\u0026b\\u003e"'],
    ['format("%6v", 1.5)', '   1.5'],
    ['format("%t", "true")', 'true'],
    ['format("%[1]s", "a")', UNKNOWN],
    ['format("%x", 255)', UNKNOWN],
    ['format("100%")', UNKNOWN],
  ],
  lower: [['lower("HELLO")', 'hello'], ['lower("АЛЛО!")', 'алло!']],
  upper: [['upper("hello")', 'HELLO'], ['upper("алло!")', 'АЛЛО!']],
  trimspace: [['trimspace("  hello\\n\\n")', 'hello']],
  join: [['join("-", ["foo", "bar", "baz"])', 'foo-bar-baz'], ['join(", ", ["foo"])', 'foo']],
  split: [
    ['split(",", "foo,bar,baz")', ['foo', 'bar', 'baz']],
    ['split(",", "")', ['']],
    // An empty separator splits between characters (Go's strings.Split), an emoji whole.
    ['split("", "a👾b")', ['a', '👾', 'b']],
  ],
  replace: [
    ['replace("1 + 2 + 3", "+", "-")', '1 - 2 - 3'],
    ['replace("hello world", "/w.*d/", "everybody")', UNKNOWN],
    // Go's strings.Replace: an empty search matches at the start and after each character.
    ['replace("a👾", "", "-")', '-a-👾-'],
    ['replace("", "", "-")', '-'],
  ],
  tolist: [['tolist(["a", "b", "c"])', ['a', 'b', 'c']]],
  toset: [['toset(["c", "b", "b"])', ['b', 'c']], ['toset(["a", "b", 3])', ['3', 'a', 'b']], ['toset([10, 2])', [2, 10]]],
  tomap: [['tomap({"a" = 1, "b" = 2})', { a: 1, b: 2 }]],
  tostring: [['tostring("hello")', 'hello'], ['tostring(1)', '1'], ['tostring(true)', 'true'], ['tostring(null)', null], ['tostring([])', UNKNOWN]],
  tonumber: [['tonumber(1)', 1], ['tonumber("1")', 1], ['tonumber(null)', null], ['tonumber("no")', UNKNOWN]],
  tobool: [['tobool(true)', true], ['tobool("true")', true], ['tobool(null)', null], ['tobool("no")', UNKNOWN], ['tobool(1)', UNKNOWN]],
  lookup: [['lookup({a="ay", b="bee"}, "a", "what?")', 'ay'], ['lookup({a="ay", b="bee"}, "c", "what?")', 'what?'], ['lookup({a="ay"}, "c")', UNKNOWN]],
  coalesce: [['coalesce("a", "b")', 'a'], ['coalesce("", "b")', 'b'], ['coalesce(1, 2)', 1], ['coalesce(null, var.empty, "x")', 'x'], ['coalesce(null, "")', UNKNOWN]],
  try: [
    ['try(var.tags.Team, "none")', 'crm'],
    ['try(var.tags.Missing, "none")', 'none'],
    ['try(aws_s3_bucket.b.id, "none")', UNKNOWN],
    // A variable or local the evaluation does not know (no value given, built from a resource)
    // is declared and known only later: Terraform would not fall back, so neither does this.
    ['try(var.encrypted, true)', UNKNOWN],
    ['try(local.key_arn, null)', UNKNOWN],
    ['try(var.tags, {})', { Team: 'crm' }],
  ],
  can: [['can(var.tags.Team)', true], ['can(var.tags.Missing)', false], ['can(var.encrypted)', UNKNOWN], ['can(local.key_arn)', UNKNOWN]],
  base64encode: [['base64encode("Hello World")', 'SGVsbG8gV29ybGQ=']],
  base64decode: [['base64decode("SGVsbG8gV29ybGQ=")', 'Hello World'], ['base64decode("/w==")', UNKNOWN], ['base64decode("not base64!")', UNKNOWN]],
  file: [
    ['file("hello.txt")', 'Hello World'],
    ['file("${path.module}/policy.json")', '{"Version":"2012-10-17"}'],
    ['file("missing.txt")', UNKNOWN],
    ['file("bin.dat")', '\u00ff'],
    [`file("${path.join(outside, 'secret.txt').replace(/\\/g, '/')}")`, UNKNOWN],
    ['file("../" )', UNKNOWN],
  ],
  filebase64: [['filebase64("hello.txt")', 'SGVsbG8gV29ybGQ=']],
  templatefile: [
    ['templatefile("greeting.tftpl", {name = "Ander", port = 8080})', 'Hello, Ander! port=8080'],
    // Terraform's documented example: the strip markers drop the line breaks after the directives.
    ['templatefile("backends.tftpl", {port = 8080, ip_addrs = ["10.0.0.1", "10.0.0.2"]})', 'backend 10.0.0.1:8080\nbackend 10.0.0.2:8080\n'],
    ['templatefile("hosts.tftpl", {ip_addrs = ["10.0.0.1", "10.0.0.2"]})', 'hosts: 10.0.0.1,10.0.0.2,'],
    ['templatefile("cond.tftpl", {admin = true})', 'mode=admin'],
    ['templatefile("cond.tftpl", {admin = false})', 'mode=user'],
    ['templatefile("greeting.tftpl", {name = "Ander"})', UNKNOWN],
  ],
  length: [['length([])', 0], ['length(["a", "b"])', 2], ['length({"a" = "b"})', 1], ['length("hello")', 5], ['length("👾🕹️")', 2]],
  keys: [['keys({a=1, c=2, d=3})', ['a', 'c', 'd']]],
  // Terraform's documented examples, its limits, and what is left unknown rather than approximated.
  range: [
    ['range(3)', [0, 1, 2]],
    ['range(1, 4)', [1, 2, 3]],
    ['range(1, 8, 2)', [1, 3, 5, 7]],
    ['range(4, 1)', [4, 3, 2]],
    ['range(10, 5, -2)', [10, 8, 6]],
    ['range(0)', []],
    ['range(-3)', [0, -1, -2]],
    ['range(1, 4, -1)', []],
    ['range("3")', [0, 1, 2]],
    ['length(range(1024))', 1024],
    ['range(1025)', UNKNOWN],
    ['range(1, 5, 0)', UNKNOWN],
    ['range(1, 2, 0.5)', UNKNOWN],
    ['range()', UNKNOWN],
    ['{ for i in range(3) : format("c%02d", i) => i }', { c00: 0, c01: 1, c02: 2 }],
  ],
  values: [['values({a=3, c=2, d=1})', [3, 2, 1]]],
  element: [['element(["a", "b", "c"], 1)', 'b'], ['element(["a", "b", "c"], 3)', 'a'], ['element([], 0)', UNKNOWN]],
  contains: [['contains(["a", "b", "c"], "a")', true], ['contains(["a", "b", "c"], "d")', false]],
  flatten: [['flatten([["a", "b"], [], ["c"]])', ['a', 'b', 'c']], ['flatten([[["a", "b"], []], ["c"]])', ['a', 'b', 'c']]],
  compact: [['compact(["a", "", "b", null, "c"])', ['a', 'b', 'c']]],
  distinct: [['distinct(["a", "b", "a", "c", "d", "b"])', ['a', 'b', 'c', 'd']]],
  zipmap: [['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }]],
};

describe('Terraform functions over literal arguments', () => {
  it('every evaluated function has a table', () => {
    expect(Object.keys(tables).sort()).toEqual(EVALUATED_FUNCTIONS);
  });

  for (const [fn, rows] of Object.entries(tables)) {
    it.each(rows)(`${fn}: %s`, async (expression, expected) => {
      expect(await evaluate(expression)).toEqual(expected);
    });
  }
});

describe('the rest of the literal language', () => {
  it.each<Row>([
    ['1 + 2 * 3', 7],
    ['10 % 4 == 2 && !false', true],
    ['-5 < 0 ? "neg" : "pos"', 'neg'],
    ['var.region', 'eu-central-1'],
    ['"${var.region}-a"', 'eu-central-1-a'],
    ['local.n * 2', 6],
    ['var.tags["Team"]', 'crm'],
    ['[for s in ["a", "b"] : upper(s)]', ['A', 'B']],
    ['[for i, s in ["a", "b"] : "${i}=${s}"]', ['0=a', '1=b']],
    ['{for k, v in var.tags : lower(k) => v}', { team: 'crm' }],
    ['{for k, v in {b = 2, a = 1, c = 0} : k => v if v > 0}', { a: 1, b: 2 }],
    ['{for s in ["x", "y", "x"] : s => s...}', { x: ['x', 'x'], y: ['y'] }],
    ['{for s in ["x", "x"] : s => 1}', UNKNOWN],
    ['[for s in aws_subnet.a : s.id]', UNKNOWN],
    ['[for s in ["a"] : s if "yes"]', UNKNOWN],
    ['var.missing', UNKNOWN],
    ['aws_kms_key.k.arn', UNKNOWN],
    ['"line\\n\\u00e9 $${literal}"', 'line\n\u00e9 ${literal}'],
    ['unknownfn(1)', UNKNOWN],
    ['1 / 0', UNKNOWN],
    ['path.module', 'modules/app'],
  ])('%s', async (expression, expected) => {
    expect(await evaluate(expression)).toEqual(expected);
  });

  it('keeps a template with an unknown part unknown', async () => {
    const parser = new HclExpressionParser();
    const ctx: EvalContext = { parser, names: { var: { a: 'x' } }, baseDir: dir, readableDirs: [dir] };
    evaluateString('${var.a}-${aws_s3_bucket.b.id}', ctx);
    await parser.parsePending();
    expect(evaluateString('${var.a}-${aws_s3_bucket.b.id}', ctx)).toEqual({ known: false });
    expect(evaluateString('${var.a}-$${literal}', ctx)).toEqual({ known: true, value: 'x-${literal}' });
  });
});

describe('a conditional whose taken branch names no object known only after apply', () => {
  it.each<Row>([
    ['local.n > 5 ? [aws_vpc.v.cidr_block] : ["0.0.0.0/0"]', ['0.0.0.0/0']],
    ['local.n < 5 ? [aws_vpc.v.cidr_block] : ["0.0.0.0/0"]', UNKNOWN],
    ['aws_vpc.v.id != "" ? "a" : "b"', UNKNOWN],
    ['try(local.n > 5 ? aws_kms_key.k.arn : "alias/aws/sqs", "fallback")', 'alias/aws/sqs'],
    ['try(local.n < 5 ? aws_kms_key.k.arn : "alias/aws/sqs", "fallback")', UNKNOWN],
  ])('%s', async (expression, expected) => {
    expect(await evaluate(expression)).toEqual(expected);
  });
});

describe('values known in part (a local whose collection holds parts known only after apply)', () => {
  // As the loader keeps such a local: the parts known later written as `${...}` text.
  const partial = { p: { port: 5432, note: 'from ${data.aws_vpc.main.id}', list: ['a', '${aws_s3_bucket.b.arn}'] } };
  it.each<Row>([
    // Traversal, indexing, constructors and functions that only move values read the known parts.
    ['local.p.port', 5432],
    ['lookup(local.p, "port", 0)', 5432],
    ['length(local.p.list)', 2],
    ['element(local.p.list, 0)', 'a'],
    ['{ for k, v in local.p : k => k }', { list: 'list', note: 'note', port: 'port' }],
    ['merge(local.p, { x = 1 }).port', 5432],
    ['local.p.note', 'from ${data.aws_vpc.main.id}'],
    // Anything that reads a part known later is known later, never a fallback of try / can.
    ['upper(local.p.note)', UNKNOWN],
    ['join(",", local.p.list)', UNKNOWN],
    ['local.p.note == "x"', UNKNOWN],
    ['local.p.note != "" ? 1 : 2', UNKNOWN],
    ['try(upper(local.p.note), "fallback")', UNKNOWN],
    ['can(local.p.note)', UNKNOWN],
    ['length(local.p.note)', UNKNOWN],
    ['{ (local.p.note) = 1 }', UNKNOWN],
    ['[for s in local.p.list : s if s != "a"]', UNKNOWN],
    ['local.p.list[local.p.note]', UNKNOWN],
    ['jsonencode(local.p)', UNKNOWN],
    // A part known later may itself be a list: flattening around it has no known length.
    ['length(flatten([local.p.list, [local.p.note]]))', UNKNOWN],
    ['length(concat([local.p.note], ["b"]))', 2],
  ])('%s', async (expression, expected) => {
    expect(await evaluate(expression, { local: partial })).toEqual(expected);
  });
});

describe('expressions naming objects known only after apply are not parsed', () => {
  it.each([
    ['jsonencode({ Resource = aws_s3_bucket.b.arn })', true],
    ['data.aws_caller_identity.me.account_id', true],
    ['module.net.vpc_id', true],
    ['merge(local.tags, { Name = var.name, Path = path.module, Key = each.key })', false],
    ['"arn:aws:s3:::my_bucket.logs/*"', false],
    ['[for s in ["a"] : s.x]', false],
  ])('%s → %s', (expression, expected) => {
    expect(namesObjects(expression)).toBe(expected);
  });
});
