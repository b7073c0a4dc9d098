/** candidateTargets finds the names by position; it agrees with reading them part by part. */
import fc from 'fast-check';
import { candidateTargets } from '../src/model/refs';

/** The reading by parts (split on `.`), as the scanner was first written. */
function byParts(s: string): { base: string; index?: string }[] {
  const out: { base: string; index?: string }[] = [];
  for (const m of s.matchAll(/\$\{([^}]*)\}/g)) {
    const expr = m[1];
    for (const c of expr.matchAll(/[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)+/g)) {
      const parts = c[0].split('.');
      const nameParts = parts[0] === 'data' ? 3 : 2;
      if (parts.length < nameParts) continue;
      const base = parts.slice(0, nameParts).join('.');
      const after = parts.length === nameParts ? /^\[(?:\d+|"(?:[^"\\]|\\.)*")\]/.exec(expr.slice(c.index + c[0].length))?.[0] : undefined;
      out.push(after ? { base, index: after } : { base });
      // `module.m[.module.n].<type>.<name>[.…]`: also the object inside the module.
      if (parts[0] === 'module' && parts.length > nameParts) {
        let i = 0;
        while (parts[i] === 'module' && i + 1 < parts.length) i += 2;
        const size = parts[i] === 'data' ? 3 : 2;
        if (parts.length >= i + size) out.push({ base: parts.slice(0, i + size).join('.') });
      }
    }
  }
  return out;
}

const part = fc.constantFrom('data', 'aws_s3_bucket', 'b', 'module', 'x', 'arn', 'datax', 'dat', 'a-b', '_');
const chain = fc.array(part, { minLength: 1, maxLength: 5 }).map((p) => p.join('.'));
const key = fc.constantFrom('', '[0]', '["a"]', '["a\\"b"]', '[*]', '.id', ' ');
const expression = fc.array(fc.tuple(chain, key, fc.constantFrom(' ', ', ', '(', ')', ' + ')), { maxLength: 4 }).map((xs) => xs.map(([c, k, sep]) => `${c}${k}${sep}`).join(''));

it('finds the same names and instance keys as the reading by parts', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom('', 'text ', '"q"'), expression), { minLength: 1, maxLength: 3 }), (pieces) => {
      // No braces (and only balanced quotes) inside the interpolations: both agree on where each ends.
      const s = pieces.map(([lit, e]) => `${lit}\${${e}}`).join('');
      expect(candidateTargets(s)).toEqual(byParts(s));
    }),
    { numRuns: 500 },
  );
  expect(candidateTargets('${aws_s3_bucket.b[0].id} ${data.aws_iam_policy_document.p.json} ${data.x} ${module.m.out} ${module.m.module.n.data.aws_x.y.id}')).toEqual([
    { base: 'aws_s3_bucket.b', index: '[0]' },
    { base: 'data.aws_iam_policy_document.p' },
    { base: 'module.m' },
    { base: 'module.m' },
    { base: 'module.m.module.n.data.aws_x.y' },
  ]);
});
