/**
 * `merge(...)` of maps whose keys are known and some of whose values are known only after apply:
 * the HCL loader writes the merged map with those values as interpolations (the form CDKTF gives a
 * map holding tokens), so rules read its keys and known values; a map whose keys are not all known
 * stays wholly unknown.
 */
import { HclExpressionParser } from '../../src/input/hcl-expressions';
import { partialMerge, type EvalContext } from '../../src/model/hcl-expr';
import type { Json, JsonObject } from '../../src/model/types';
import { loadHcl, policyEngine } from './harness';

async function partial(expression: string, rewrite?: (s: string) => string): Promise<JsonObject | undefined> {
  const parser = new HclExpressionParser();
  const ctx: EvalContext = { parser, names: { var: { env: 'prod' }, local: { tags: { Team: 'crm', Env: 'dev' } } as Json }, baseDir: '/', readableDirs: [] };
  for (;;) {
    const r = partialMerge(`\${${expression}}`, ctx, rewrite);
    if (r !== undefined || !(await parser.parsePending())) return r;
  }
}

describe('partialMerge', () => {
  it.each([
    ['known maps and an object written in place, later keys winning', 'merge(local.tags, { Env = var.env, Name = "db-${data.aws_caller_identity.c.account_id}" })', { Env: 'prod', Name: 'db-${data.aws_caller_identity.c.account_id}', Team: 'crm' }],
    ['a template with escapes is one interpolation', 'merge({ Name = "a\\"b-${aws_s3_bucket.b.id}" })', { Name: '${"a\\"b-${aws_s3_bucket.b.id}"}' }],
    ['a null argument is skipped', 'merge(null, { Arn = aws_s3_bucket.b.arn })', { Arn: '${aws_s3_bucket.b.arn}' }],
    ['an unknown value later replaced by a known one', 'merge({ Owner = aws_iam_role.r.name, X = aws_s3_bucket.b.id }, { Owner = "platform" })', { Owner: 'platform', X: '${aws_s3_bucket.b.id}' }],
  ])('%s', async (_, expression, expected) => {
    expect(await partial(expression)).toEqual(expected);
  });

  it('writes unknown parts through the rewrite (instance keys filled in)', async () => {
    expect(await partial('merge({ B = aws_s3_bucket.b[each.key].id })', (s) => s.replace('each.key', '"a"'))).toEqual({ B: '${aws_s3_bucket.b["a"].id}' });
  });

  it.each([
    ['everything is known (the full evaluation answers)', 'merge(local.tags, { a = var.env })'],
    ['an argument whose keys are not known', 'merge(var.unknown_tags, { a = aws_s3_bucket.b.arn })'],
    ['a resource attribute as an argument', 'merge(aws_s3_bucket.b.tags, { a = "x" })'],
    ['an unknown key', 'merge({ (aws_s3_bucket.b.id) = 1 })'],
    ['an argument that is not a map', 'merge(["a"], { a = aws_s3_bucket.b.arn })'],
    ['not a merge', 'concat([aws_s3_bucket.b.arn], [])'],
  ])('stays unknown: %s', async (_, expression) => {
    expect(await partial(expression)).toBeUndefined();
  });
});

describe('merge() in HCL tags', () => {
  it('reads the known tags of a merged map and marks only the unknown value', async () => {
    const m = await loadHcl({
      'main.tf': `
data "aws_caller_identity" "current" {}
variable "default_tags" {
  default = { Owner = "platform", DataClassification = "confidential" }
}
locals {
  name = "logs-\${data.aws_caller_identity.current.account_id}"
}
resource "aws_s3_bucket" "b" {
  bucket = local.name
  tags   = merge(var.default_tags, { Name = local.name })
}
`,
    });
    const b = m.resources['aws_s3_bucket.b'];
    expect(b.values.tags).toEqual({ DataClassification: 'confidential', Name: '${local.name}', Owner: 'platform' });
    expect(b.unknown).toEqual({ bucket: true, 'tags.Name': true });
    // The required-tags rule sees the known tags: no finding for them.
    const findings = (await policyEngine()).evaluate(m).filter((f) => f.rule.id === 'CRM-CMP-003');
    expect(findings).toEqual([]);
  });
});
