/**
 * Line numbers of many offsets in one text (src/source/line-index.ts): the HCL block lines and the
 * CDKTF source locator ask for one per block or creation site, and once counted the newlines before
 * each (a 9,000-resource main.tf took 29 s to normalize). The answers are the ones counting gives.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { blockLines } from '../../src/model/normalize-hcl';
import { LineIndex } from '../../src/source/line-index';
import { SourceLocator } from '../../src/source/locator';
import { tempDir } from '../helpers';

/** The line of `offset` as counting the newlines before it gives. */
function counted(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('LineIndex', () => {
  it('gives the line counting gives for every offset, at and around newlines, CRLF and the end included', () => {
    for (const text of ['', 'x', '\n', '\n\n', 'a\nb', 'a\r\nb\r\n', 'abc\n\ndef\nghi\n', '\nresource "a" "b" {\n}\n']) {
      const index = new LineIndex(text);
      for (let offset = 0; offset <= text.length + 2; offset++) expect([text, offset, index.lineOf(offset)]).toEqual([text, offset, counted(text, offset)]);
    }
  });

  it('answers offsets in any order', () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const index = new LineIndex(text);
    const offsets = [text.length, 0, 200, 7, 100, 7, 333];
    expect(offsets.map((o) => index.lineOf(o))).toEqual(offsets.map((o) => counted(text, o)));
  });
});

describe('many blocks in one file', () => {
  it('blockLines gives each of 6,000 resource, data and module blocks its own line', () => {
    const parts: string[] = [];
    const expected = new Map<string, number>();
    let line = 1;
    for (let i = 0; i < 2000; i++) {
      for (const [header, key] of [
        [`resource "aws_s3_bucket" "b${i}" {`, `resource.aws_s3_bucket.b${i}`],
        [`data "aws_iam_policy_document" "d${i}" {`, `data.aws_iam_policy_document.d${i}`],
        [`module "m${i}" {`, `module.m${i}`],
      ]) {
        expected.set(key, line);
        parts.push(header, `  name = "x${i}"`, '}', '');
        line += 4;
      }
    }
    const lines = blockLines(parts.join('\n'));
    expect(lines.size).toBe(6000);
    expect([...lines]).toEqual([...expected]);
  });

  it('the source locator places each creation site on its line, in the class that creates it', () => {
    const dir = tempDir();
    const body: string[] = ["import { Construct } from 'constructs';", ''];
    const sites: Array<{ id: string; line: number }> = [];
    for (let c = 0; c < 300; c++) {
      body.push(`export class Cell${c} extends Construct {`, '  constructor(scope: Construct, id: string) {', '    super(scope, id);');
      for (let k = 0; k < 5; k++) {
        sites.push({ id: `bucket-${c}-${k}`, line: body.length + 1 });
        body.push(`    new S3Bucket(this, 'bucket-${c}-${k}', { bucket: 'b' });`);
      }
      body.push("    new S3Bucket(this, 'shared', {});", '  }', '}', '');
    }
    body.push('export class Cells extends Construct {', '  constructor(scope: Construct, id: string) {', '    super(scope, id);');
    for (let c = 0; c < 300; c++) body.push(`    new Cell${c}(this, 'cell-${c}');`);
    body.push('  }', '}', '');
    writeFileSync(path.join(dir, 'main.ts'), body.join('\n'));
    const locator = new SourceLocator(dir);
    for (const s of sites) expect([s.id, locator.locate(`stack/cell/${s.id}`, 'aws_s3_bucket')]).toEqual([s.id, { file: 'main.ts', line: s.line }]);
    // `shared` is created in every cell class: only its parent's class tells the sites apart.
    expect(locator.locate('stack/cell-7/shared', 'aws_s3_bucket')).toBeUndefined();
    for (const c of [0, 7, 299]) {
      const line = body.indexOf(`    new S3Bucket(this, 'bucket-${c}-4', { bucket: 'b' });`) + 2;
      expect(locator.locateNearest(`stack/cells/cell-${c}/shared`, 'aws_s3_bucket')).toEqual({ file: 'main.ts', line });
    }
  });
});
