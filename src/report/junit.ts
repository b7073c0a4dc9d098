/**
 * JUnit XML for CI test-report views. One <testsuite> per checked stack and one <testcase> per rule
 * evaluated on it (every rule runs on every stack), so a clean stack shows all its rules passing and
 * the case count never depends on how many findings there are. A case fails when the rule has at
 * least one blocking finding in the stack; the <failure> carries the message(s), the affected
 * resources and the fix. Findings that do not block (waived, advisory, baselined, below --fail-on)
 * are listed in the case's <system-out>. A case with findings carries `file` and `line` (the first
 * blocking finding's, else the first finding's repository place) for reporters that annotate them.
 * `time` is always present (reporters that parse it otherwise get NaN) and 0: all rules run in one
 * WebAssembly evaluation, so no per-rule duration exists, and the same report gives the same bytes.
 */
import { bundleLine } from './bundle-identity';
import type { Finding, Report } from '../check/report';
import type { RuleMeta } from '../engine/catalog';
import { statusTags, whereOf } from './finding-status';
import { repoPlace } from './location';
import type { Formatter } from './types';

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes and keep newlines/tabs (which attribute normalization would eat). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

function findingBlock(f: Finding): string {
  const tags = statusTags(f);
  return [
    `${f.resource}${f.origin.constructPath ? ` (${f.origin.constructPath})` : ''}${tags.length ? ` [${tags.join(', ')}]` : ''}`,
    `  ${f.message}`,
    `  at: ${whereOf(f)}`,
    `  fix: ${f.remediation}`,
  ].join('\n');
}

function testcase(rule: RuleMeta, stack: string, findings: Finding[], lines: string[]): number {
  const blocking = findings.filter((f) => f.blocking);
  const at = findings.length > 0 ? repoPlace(blocking[0] ?? findings[0]) : undefined;
  const head = `    <testcase${attrs({ name: `${rule.id} ${rule.title}`, classname: `crm-guard.${stack}.${rule.family}`, time: 0, ...(at ? { file: at.file, line: at.line } : {}) })}`;
  if (findings.length === 0) {
    lines.push(`${head}/>`);
    return 0;
  }
  lines.push(`${head}>`);
  if (blocking.length > 0) {
    const first = `${blocking[0].resource}: ${blocking[0].message}`;
    const message = blocking.length === 1 ? first : `${blocking.length} blocking findings; first: ${first}`;
    lines.push(`      <failure${attrs({ message, type: `${rule.severity}/${rule.enforcement}` })}>${xmlText(blocking.map(findingBlock).join('\n\n'))}</failure>`);
  }
  const other = findings.filter((f) => !f.blocking);
  if (other.length > 0) lines.push(`      <system-out>${xmlText(`Not blocking:\n\n${other.map(findingBlock).join('\n\n')}`)}</system-out>`);
  lines.push('    </testcase>');
  return blocking.length > 0 ? 1 : 0;
}

export function toJunit(report: Report): string {
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  const rules = [...report.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const stack of report.stacks) {
    const cases: string[] = [];
    let failures = 0;
    for (const rule of rules) {
      failures += testcase(rule, stack.name, report.findings.filter((f) => f.stack === stack.name && f.ruleId === rule.id), cases);
    }
    totalTests += rules.length;
    totalFailures += failures;
    suites.push(
      `  <testsuite${attrs({ name: stack.name, tests: rules.length, failures, errors: 0, skipped: 0, time: 0 })}>`,
      '    <properties>',
      `      <property${attrs({ name: 'source', value: stack.source })}/>`,
      `      <property${attrs({ name: 'format', value: stack.format })}/>`,
      `      <property${attrs({ name: 'resources', value: stack.resources })}/>`,
      `      <property${attrs({ name: 'fail-on', value: report.summary.failOn })}/>`,
      `      <property${attrs({ name: 'allow-hard-mandatory-waivers', value: String(report.summary.allowHardMandatoryWaivers) })}/>`,
      ...report.bundles.map((b) => `      <property${attrs({ name: 'policy-bundle', value: bundleLine(b) })}/>`),
      '    </properties>',
      ...cases,
      '  </testsuite>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'crm-guard', tests: totalTests, failures: totalFailures, errors: 0, skipped: 0, time: 0 })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

export const junitFormatter: Formatter = {
  name: 'junit',
  format: toJunit,
};
