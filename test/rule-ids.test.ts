/** Pins the rule list: adding or removing a rule is a deliberate diff here. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../src/engine/catalog';
import { defaultBundleDir } from '../src/engine/bundle';

const catalog = JSON.parse(readFileSync(path.join(defaultBundleDir(), 'catalog.json'), 'utf8')) as Catalog;

it('the shipped catalog has exactly these rule ids', () => {
  expect(catalog.rules.map((r) => r.id)).toEqual([
    'CRM-BDR-002',
    'CRM-CMP-001',
    'CRM-ENC-004',
    'CRM-IAM-010',
    'CRM-INT-001',
    'CRM-LOG-012',
    'CRM-NET-009',
    'CRM-SUP-001',
  ]);
});

it('every family has at least one rule', () => {
  expect(new Set(catalog.rules.map((r) => r.family))).toEqual(new Set(['ENC', 'NET', 'IAM', 'LOG', 'BDR', 'INT', 'CMP', 'SUP']));
});
