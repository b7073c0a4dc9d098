/**
 * A report written from its parts (writeFileAtomic with a list of strings) goes through one reused
 * buffer, written out whenever the next part may not fit: the file holds exactly the UTF-8 of the
 * parts joined, whatever falls on the buffer's boundaries (non-ASCII, surrogate pairs, a part
 * larger than the buffer, empty parts).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../src/process-safety';
import { tempDir } from '../helpers';

function written(parts: string[]): Buffer {
  const file = path.join(tempDir(), 'report.json');
  writeFileAtomic(file, parts, 'report');
  return readFileSync(file);
}

describe('writeFileAtomic with parts', () => {
  it('writes the UTF-8 of the joined parts across many buffer fills', () => {
    // ~6 MB of one-line findings, every 97th with non-ASCII text and an emoji (a surrogate pair).
    const parts: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const extra = i % 97 === 0 ? ' ≥ 7 days — “quoted” 🔑 é' : '';
      parts.push(`${i === 0 ? '' : ',\n    '}{"ruleId":"CRM-X-${i}","message":"${'m'.repeat(900 + (i % 211))}${extra}"}`);
      if (i % 1000 === 0) parts.push('');
    }
    const bytes = written(parts);
    expect(bytes.length).toBeGreaterThan(5 * (1 << 20));
    expect(bytes.equals(Buffer.from(parts.join(''), 'utf8'))).toBe(true);
  });

  it('writes a part larger than the buffer, between small ones, in order', () => {
    const big = `${'a'.repeat(400_000)}🔑${'ü'.repeat(300_000)}`;
    const parts = ['{', 'x'.repeat(700_000), big, '"é"', big, '}', '\n'];
    expect(written(parts).equals(Buffer.from(parts.join(''), 'utf8'))).toBe(true);
  });

  it('writes nothing for no parts or only empty ones', () => {
    expect(written([]).length).toBe(0);
    expect(written(['', '']).length).toBe(0);
  });
});
