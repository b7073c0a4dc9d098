import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { locateFindings } from '../../src/check/locate';
import type { Finding } from '../../src/check/report';
import type { InputFormat, NormalizedModel } from '../../src/model/types';
import { tempDir } from '../helpers';

function fileWith(doc: unknown): string {
  const file = path.join(tempDir(), 'doc.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

function lineOf(file: string, format: InputFormat, resource: string, origin: Finding['origin'] = { file }): number | undefined {
  const model = { stack: 's', source: file, format } as NormalizedModel;
  const finding = { stack: 's', resource, origin } as Finding;
  return locateFindings([finding], [model])[0].origin.line;
}

/** 1-based number of the first line of the file containing `needle`. */
function expected(file: string, needle: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
}

it('finds resources, data sources, providers and the terraform block in CDKTF JSON', () => {
  const file = fileWith({
    terraform: { backend: { local: {} } },
    provider: { aws: [{ region: 'eu-west-1' }] },
    data: { aws_iam_policy_document: { p: { statement: [] } } },
    resource: { aws_s3_bucket: { a: { bucket: 'a' }, b: { bucket: 'b' } } },
  });
  expect(lineOf(file, 'cdktf', 'aws_s3_bucket.b')).toBe(expected(file, '"b": {'));
  expect(lineOf(file, 'cdktf', 'data.aws_iam_policy_document.p')).toBe(expected(file, '"p": {'));
  expect(lineOf(file, 'cdktf', 'provider.aws')).toBe(expected(file, '"aws": ['));
  expect(lineOf(file, 'cdktf', 'terraform.backend')).toBe(expected(file, '"terraform": {'));
  expect(lineOf(file, 'cdktf', 'aws_s3_bucket.c')).toBeUndefined();
});

it('finds plan resources by address, in child modules too', () => {
  const file = fileWith({
    format_version: '1.2',
    planned_values: {
      root_module: {
        resources: [{ address: 'aws_s3_bucket.a', type: 'aws_s3_bucket' }],
        child_modules: [{ address: 'module.m', resources: [{ address: 'module.m.aws_kms_key.k', type: 'aws_kms_key' }] }],
      },
    },
    resource_changes: [{ address: 'module.m.aws_kms_key.k' }],
  });
  expect(lineOf(file, 'plan', 'aws_s3_bucket.a')).toBe(expected(file, '"address": "aws_s3_bucket.a"'));
  expect(lineOf(file, 'plan', 'module.m.aws_kms_key.k')).toBe(expected(file, '"address": "module.m.aws_kms_key.k"'));
});

it('keeps a line the origin already has, and leaves other files and unreadable sources alone', () => {
  const file = fileWith({ resource: { aws_s3_bucket: { a: {} } } });
  expect(lineOf(file, 'cdktf', 'aws_s3_bucket.a', { file, line: 99 })).toBe(99);
  expect(lineOf(file, 'cdktf', 'aws_s3_bucket.a', { file: 'main.tf' })).toBeUndefined();
  expect(lineOf(file, 'hcl', 'aws_s3_bucket.a')).toBeUndefined();
  expect(lineOf('<stdin>', 'cdktf', 'aws_s3_bucket.a')).toBeUndefined();
});
