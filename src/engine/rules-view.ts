/** Catalog views for `rules` and `explain`: formatting only; the data comes from METADATA. */
import { createColors } from 'picocolors';
import { UsageError } from '../errors';
import { exampleDocument, type RuleExamples } from '../docs/rules-doc';
import { FAMILIES, type Catalog, type RuleMeta } from './catalog';

export function findRule(catalog: Catalog, id: string): RuleMeta {
  const wanted = id.toUpperCase();
  const rule = catalog.rules.find((r) => r.id === wanted);
  if (!rule) {
    const near = catalog.rules.filter((r) => r.id.startsWith(wanted.slice(0, 7))).map((r) => r.id);
    throw new UsageError(`unknown rule "${id}"`, { hint: near.length ? `did you mean ${near.slice(0, 5).join(', ')}?` : 'list the rules with `crm-guard rules`' });
  }
  return rule;
}

export function formatRulesText(catalog: Catalog, color: boolean): string {
  const c = createColors(color);
  const idW = Math.max(...catalog.rules.map((r) => r.id.length), 2);
  const lines = [c.bold(`${'ID'.padEnd(idW)}  SEVERITY  FAMILY  TITLE`)];
  for (const r of catalog.rules) lines.push(`${r.id.padEnd(idW)}  ${r.severity.padEnd(8)}  ${r.family.padEnd(6)}  ${r.title}`);
  lines.push('', c.dim(`${catalog.rules.length} rules · bundle built by OPA ${catalog.opa}`));
  return `${lines.join('\n')}\n`;
}

export function formatRuleExplain(rule: RuleMeta, color: boolean, examples: RuleExamples | null = null): string {
  const c = createColors(color);
  const controls = Object.entries(rule.controls).map(
    ([fw, ids]) => `  ${fw}: ${ids.map((x) => (x.verified ? x.id : `${x.id} (unverified)`)).join(', ')}`,
  );
  return [
    `${c.bold(rule.id)} · ${rule.title}`,
    `severity: ${rule.severity} · enforcement: ${rule.enforcement}${rule.waivable ? ' (waivable: a waiver approves the change)' : ''} · family: ${rule.family} (${FAMILIES[rule.family].title})`,
    '',
    rule.description,
    '',
    c.bold('How to fix'),
    rule.remediation,
    '',
    c.bold('Mappings'),
    ...(controls.length ? controls : ['  (none)']),
    '',
    ...exampleLines(examples, c),
    c.dim(`source: ${rule.file}`),
    '',
  ].join('\n');
}

function exampleLines(examples: RuleExamples | null, c: ReturnType<typeof createColors>): string[] {
  if (!examples) return [];
  const show = (label: string, ex: RuleExamples['bad'][number] | undefined): string[] =>
    ex ? [c.bold(`${label}: ${ex.name}`), ...JSON.stringify(exampleDocument(ex), null, 2).split('\n').map((l) => `  ${l}`), ''] : [];
  return [...show('Non-compliant example', examples.bad[0]), ...show('Compliant example', examples.good[0])];
}
