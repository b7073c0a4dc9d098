/**
 * `jsonencode({...})` around values known only after apply (a resource's ARN): the HCL loader
 * writes the JSON with those parts as interpolations, the form CDKTF's `JSON.stringify` around
 * tokens gives, so the policy rules read the statements instead of calling the whole policy
 * unverifiable; anything that cannot be written that way faithfully stays unknown.
 */
import { check } from '../../src/check/check';
import { HclExpressionParser } from '../../src/input/hcl-expressions';
import { loadInputs } from '../../src/input/load';
import { partialJsonencode, type EvalContext } from '../../src/model/hcl-expr';
import type { Json } from '../../src/model/types';
import { writeTree } from './harness';

async function partial(expression: string, names: Record<string, Json> = {}, rewrite?: (s: string) => string): Promise<string | undefined> {
  const parser = new HclExpressionParser();
  const ctx: EvalContext = { parser, names: { var: { env: 'prod' }, local: { tags: { Team: 'crm' } }, ...names }, baseDir: '/', readableDirs: [] };
  for (;;) {
    const r = partialJsonencode(`\${${expression}}`, ctx, rewrite);
    if (r !== undefined || !(await parser.parsePending())) return r;
  }
}

describe('partialJsonencode', () => {
  it.each([
    ['a bare reference is a string holding its interpolation', 'jsonencode({ Resource = aws_s3_bucket.b.arn })', '{"Resource":"${aws_s3_bucket.b.arn}"}'],
    [
      'known parts encoded as jsonencode does (keys sorted, <>& escaped), unknown ones interpolated',
      'jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "<a&b>", Resource = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"], N = 1, Tags = local.tags }] })',
      '{"Statement":[{"N":1,"Resource":["${aws_s3_bucket.b.arn}","${aws_s3_bucket.b.arn}/*"],"Sid":"\\u003ca\\u0026b\\u003e","Tags":{"Team":"crm"}}],"Version":"2012-10-17"}',
    ],
    ['a template mixing known and unknown parts', 'jsonencode(["arn:aws:s3:::${var.env}-${aws_s3_bucket.b.id}/*"])', '["arn:aws:s3:::prod-${aws_s3_bucket.b.id}/*"]'],
    ['a function of unknowns is one unknown part', 'jsonencode({ R = concat([aws_s3_bucket.b.arn], []) })', '{"R":"${concat([aws_s3_bucket.b.arn], [])}"}'],
  ])('%s', async (_, expression, expected) => {
    const text = await partial(expression);
    expect(text).toBe(expected);
    // With the interpolations read as strings, the text is the JSON a policy rule parses.
    expect(() => JSON.parse(text as string)).not.toThrow();
  });

  it.each([
    ['everything is known (the full evaluation answers)', 'jsonencode({ a = var.env })'],
    ['not a jsonencode', 'merge({ a = aws_s3_bucket.b.arn }, {})'],
    ['an unknown object key', 'jsonencode({ (aws_s3_bucket.b.id) = 1 })'],
    ['an unknown part whose source holds a quote', 'jsonencode({ a = aws_s3_bucket.b["x"].arn })'],
    ['an unknown part whose source holds a tab', 'jsonencode({ a = concat(\t[aws_s3_bucket.b.arn], []) })'],
    ['known text that would read as an interpolation', 'jsonencode({ a = "$${x}", b = aws_s3_bucket.b.arn })'],
    ['a heredoc around an unknown part', 'jsonencode({ a = <<EOT\n${aws_s3_bucket.b.arn}\nEOT\n })'],
    ['an expression Terraform rejects', 'jsonencode({ a = 1 / 0, b = aws_s3_bucket.b.arn })'],
  ])('stays unknown: %s', async (_, expression) => {
    expect(await partial(expression)).toBeUndefined();
  });

  it('stays unknown: jsonencode inside a larger template', async () => {
    const ctx: EvalContext = { parser: new HclExpressionParser(), names: {}, baseDir: '/', readableDirs: [] };
    for (const text of ['x-${jsonencode({ a = aws_s3_bucket.b.arn })}', '${jsonencode({ a = aws_s3_bucket.b.arn })}${jsonencode({ a = aws_s3_bucket.b.arn })}']) {
      expect(partialJsonencode(text, ctx)).toBeUndefined();
      await (ctx.parser as HclExpressionParser).parsePending();
      expect(partialJsonencode(text, ctx)).toBeUndefined();
    }
  });

  it('writes an unknown part as the rewrite gives it (count.index filled in), and refuses one that gains a quote', async () => {
    const countIndex = (s: string) => s.replace(/count\.index/g, '1');
    expect(await partial('jsonencode({ a = aws_subnet.s[count.index].id })', {}, countIndex)).toBe('{"a":"${aws_subnet.s[1].id}"}');
    expect(await partial('jsonencode({ a = aws_s3_bucket.b[each.key].arn })', {}, (s) => s.replace('each.key', '"x"'))).toBeUndefined();
  });
});

/** A provider and the bucket the policies below are about. */
const BUCKET = `
provider "aws" {
  region = "eu-west-1"
}
resource "aws_s3_bucket" "b" {
  bucket = "acme-crm-files"
}
`;

describe('HCL policies built with jsonencode around resource attributes', () => {
  const dir = writeTree({
    'main.tf': `${BUCKET}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecure"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.b.arn, "\${aws_s3_bucket.b.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
resource "aws_iam_role_policy" "p" {
  role = "crm-app"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }, { Effect = "Allow", Action = ["s3:GetObject"], Resource = "\${aws_s3_bucket.b.arn}/*" }]
  })
}
`,
  });

  it('model: the policy is the JSON with its references as interpolations, its references found', async () => {
    const [model] = await loadInputs([dir]);
    const policy = model.resources['aws_s3_bucket_policy.b'];
    expect(JSON.parse(policy.values.policy as string)).toEqual({
      Statement: [
        {
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Effect: 'Deny',
          Principal: '*',
          Resource: ['${aws_s3_bucket.b.arn}', '${aws_s3_bucket.b.arn}/*'],
          Sid: 'DenyInsecure',
        },
      ],
      Version: '2012-10-17',
    });
    expect(policy.refs).toEqual({ bucket: ['aws_s3_bucket.b'], policy: ['aws_s3_bucket.b'] });
  });

  it('check: the TLS-only policy is proven and the wildcard is a finding, neither unverifiable', async () => {
    const { report } = await check([dir], { rules: { include: ['CRM-ENC-008', 'CRM-IAM-001', 'CRM-IAM-002', 'CRM-IAM-012'] } });
    expect(report.findings.map((f) => [f.ruleId, f.resource, f.unverifiable])).toEqual([['CRM-IAM-002', 'aws_iam_role_policy.p', false]]);
  });

  it('check: a statement whose Effect or Principal is an opaque expression stays unverifiable, never a pass', async () => {
    const opaque = writeTree({
      'main.tf': `${BUCKET}
variable "reader" {
  type = string
}
resource "aws_ssm_parameter" "effect" {
  name  = "effect"
  type  = "String"
  value = "Allow"
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = var.reader }, Action = "s3:GetObject", Resource = "\${aws_s3_bucket.b.arn}/*" }]
  })
}
resource "aws_iam_role_policy" "p" {
  role   = "crm-app"
  policy = jsonencode({ Statement = [{ Effect = aws_ssm_parameter.effect.value, Action = "*", Resource = "*" }] })
}
`,
    });
    const { report } = await check([opaque], { rules: { include: ['CRM-IAM-001', 'CRM-IAM-012'] } });
    expect(report.findings.map((f) => [f.ruleId, f.resource, f.unverifiable])).toEqual([
      ['CRM-IAM-001', 'aws_iam_role_policy.p', true],
      ['CRM-IAM-012', 'aws_s3_bucket.b', true],
    ]);
  });
});

describe("CDKTF's Fn.jsonencode (`${jsonencode({...})}` in Terraform JSON)", () => {
  const stack = (resources: Record<string, unknown>): string => {
    const dir = writeTree({
      'cdk.tf.json': JSON.stringify({
        provider: { aws: [{ region: 'eu-west-1' }] },
        variable: { admin_action: { type: 'string', default: '*' }, reader: { type: 'string' } },
        resource: { aws_s3_bucket: { b: { bucket: 'acme-crm-files' } }, ...resources },
      }),
    });
    return `${dir}/cdk.tf.json`;
  };

  it('a literal document is evaluated as Terraform evaluates it: an admin statement is a finding, not unverifiable', async () => {
    const file = stack({
      aws_iam_role_policy: {
        p: { role: 'r', policy: '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Effect" = "Allow", "Action" = var.admin_action, "Resource" = "*"}]})}' },
      },
    });
    const [model] = await loadInputs([file]);
    expect(model.resources['aws_iam_role_policy.p'].values.policy).toBe('{"Statement":[{"Action":"*","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}');
    expect(model.resources['aws_iam_role_policy.p'].unknown).toEqual({});
    const { report } = await check([file], { rules: { include: ['CRM-IAM-001'] } });
    expect(report.findings.map((f) => [f.ruleId, f.resource, f.unverifiable])).toEqual([['CRM-IAM-001', 'aws_iam_role_policy.p', false]]);
  });

  it('a document around resource attributes is read with them as interpolations; an opaque principal stays unverifiable', async () => {
    const tlsOnly =
      '${jsonencode({"Statement" = [{"Sid" = "DenyInsecure", "Effect" = "Deny", "Principal" = "*", "Action" = "s3:*", "Resource" = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"], "Condition" = {"Bool" = {"aws:SecureTransport" = "false"}}}]})}';
    const file = stack({ aws_s3_bucket_policy: { b: { bucket: '${aws_s3_bucket.b.id}', policy: tlsOnly } } });
    const [model] = await loadInputs([file]);
    expect(model.resources['aws_s3_bucket_policy.b'].refs.policy).toEqual(['aws_s3_bucket.b']);
    const { report } = await check([file], { rules: { include: ['CRM-ENC-008', 'CRM-IAM-012'] } });
    expect(report.findings).toEqual([]);

    const opaque = stack({
      aws_s3_bucket_policy: {
        b: {
          bucket: '${aws_s3_bucket.b.id}',
          policy: '${jsonencode({"Statement" = [{"Effect" = "Allow", "Principal" = {"AWS" = var.reader}, "Action" = "s3:GetObject", "Resource" = "${aws_s3_bucket.b.arn}/*"}]})}',
        },
      },
    });
    const { report: r2 } = await check([opaque], { rules: { include: ['CRM-IAM-012'] } });
    expect(r2.findings.map((f) => [f.ruleId, f.resource, f.unverifiable])).toEqual([['CRM-IAM-012', 'aws_s3_bucket.b', true]]);
  });
});
