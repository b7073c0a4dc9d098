/** Users get README.md and docs/ in the package: every relative link must resolve inside them. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DOCS = ['README.md', 'CHANGELOG.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const LINK = /\]\(([^)\s]+)\)/g;

describe.each(DOCS)('%s', (doc) => {
  const text = readFileSync(path.join(ROOT, doc), 'utf8');
  const links = [...text.matchAll(LINK)].map((m) => m[1]).filter((l) => !/^(https?:|mailto:|#)/.test(l));

  it('never points outside the repository or at the team-internal shared/ folder', () => {
    expect(text).not.toMatch(/\.\.\/shared\b|\bshared\/docs\//);
    for (const link of links) {
      const target = path.resolve(path.dirname(path.join(ROOT, doc)), link.split('#')[0]);
      expect(path.relative(ROOT, target).startsWith('..')).toBe(false);
    }
  });

  it('links only to files that exist', () => {
    for (const link of links) {
      const target = path.resolve(path.dirname(path.join(ROOT, doc)), link.split('#')[0]);
      expect(existsSync(target) ? link : `${link} (missing)`).toBe(link);
    }
  });
});
