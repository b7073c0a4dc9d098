/** Regenerates docs/rules.md from bundle/catalog.json and the examples (`npm run docs`). */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderRulesDoc } from '../src/docs/rules-doc';
import { defaultBundleDir, packageRoot } from '../src/engine/bundle';
import type { Catalog } from '../src/engine/catalog';

const root = packageRoot();
const catalog = JSON.parse(readFileSync(path.join(defaultBundleDir(), 'catalog.json'), 'utf8')) as Catalog;
const file = path.join(root, 'docs', 'rules.md');
writeFileSync(file, renderRulesDoc(catalog, root));
console.log(`docs/rules.md: ${catalog.rules.length} rules`);
