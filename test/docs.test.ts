import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderRulesDoc } from '../src/docs/rules-doc';
import { defaultBundleDir, packageRoot } from '../src/engine/bundle';
import type { Catalog } from '../src/engine/catalog';

const root = packageRoot();
const catalog = JSON.parse(readFileSync(path.join(defaultBundleDir(), 'catalog.json'), 'utf8')) as Catalog;

it('docs/rules.md is generated from the current catalog and examples (run `npm run docs`)', () => {
  expect(readFileSync(path.join(root, 'docs', 'rules.md'), 'utf8')).toBe(renderRulesDoc(catalog, root));
});

it('documents every rule with its fix and mappings', () => {
  const doc = renderRulesDoc(catalog, root);
  for (const r of catalog.rules) {
    expect(doc).toContain(`### ${r.id}`);
    expect(doc).toContain(r.remediation);
  }
});
