import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type * as sarif from 'sarif';
import { applyBaseline, baselineOf } from '../../src/baseline/baseline';
import { check } from '../../src/check/check';
import { assembleReport, partsOf, type Report } from '../../src/check/report';
import { FORMAT_NAMES, getFormatter } from '../../src/report/registry';
import { FINGERPRINT_KEY, SECURITY_SEVERITY } from '../../src/report/sarif';
import { UsageError } from '../../src/errors';
import { annotation } from '../../src/report/github';
import type { CodeQualityIssue } from '../../src/report/gitlab';
import { writeFileAtomic } from '../../src/process-safety';
import { tempDir } from '../helpers';
import { legacyDoc, sharedEngine, writeDoc, writeYaml } from './fixture';

/** The SARIF 2.1.0 schema (OASIS Standard, draft-04), vendored: see test/fixtures/sarif/README.md. */
const schema = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
// unicodeRegExp off: the schema's `language` pattern has a stray `]` that is only legal without the u flag.
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

/**
 * A report exercising every mark: one waived finding (CRM-ENC-004), one expired and one unused waiver,
 * and a baseline recorded before CRM-ENC-001 appeared and CRM-LOG-008 was fixed.
 */
async function gateReport(dir: string): Promise<Report> {
  const engine = await sharedEngine();
  const { report: old } = await check([writeDoc(legacyDoc(), 'legacy', path.join(dir, 'before'))], { engine });
  const doc = legacyDoc();
  doc.resource.aws_kms_key.db.enable_key_rotation = false;
  doc.resource.aws_cloudwatch_log_group.app.retention_in_days = 400;
  const waivers = writeYaml(
    [
      'waivers:',
      '  - { rule: CRM-ENC-004, resource: aws_db_instance.crm, reason: "migration <CHG-1> & co", owner: team-data, expires: 2025-12-31 }',
      '  - { rule: CRM-LOG-012, resource: aws_db_instance.crm, reason: old, owner: team-data, expires: 2024-01-01 }',
      '  - { rule: CRM-BDR-016, resource: aws_kms_key.other, reason: nothing, owner: team-sec, expires: 2025-12-31 }',
    ].join('\n'),
    'waivers.yaml',
    dir,
  );
  const { report } = await check([writeDoc(doc, 'legacy', dir)], { engine, waivers, today: '2025-06-01' });
  return applyBaseline(report, baselineOf(old), 'baseline.json');
}

const dir = tempDir();
let report: Report;
beforeAll(async () => {
  report = await gateReport(dir);
});

it('the registry lists every format once', () => {
  expect(FORMAT_NAMES).toEqual(['text', 'json', 'sarif', 'junit', 'markdown', 'github', 'gitlab']);
  expect(() => getFormatter('xml')).toThrow(UsageError);
  try {
    getFormatter('xml');
  } catch (e) {
    expect((e as UsageError).describe()).toBe('unknown format "xml" (expected one of text, json, sarif, junit, markdown, github, gitlab)');
  }
});

it('every format is deterministic: the same report gives the same bytes', async () => {
  const again = await gateReport(dir); // same files, evaluated again
  for (const name of FORMAT_NAMES) {
    expect(getFormatter(name).format(again, { color: false })).toBe(getFormatter(name).format(report, { color: false }));
  }
});

it('a format written part by part gives the bytes of its text, non-ASCII included', () => {
  const withNonAscii: Report = { ...report, findings: report.findings.map((f, i) => (i === 0 ? { ...f, message: `${f.message} ≥ 7 days — “quoted” 🔑` } : f)) };
  for (const name of FORMAT_NAMES) {
    const f = getFormatter(name);
    if (!f.formatParts) continue;
    const text = f.format(withNonAscii, { color: false });
    expect(text).toContain('≥ 7 days — “quoted” 🔑');
    expect(f.formatParts(withNonAscii, { color: false }).join('')).toBe(text);
    const file = path.join(tempDir(), `report.${name}`);
    writeFileAtomic(file, f.formatParts(withNonAscii, { color: false }), 'report');
    expect(readFileSync(file).equals(Buffer.from(text, 'utf8'))).toBe(true);
  }
  expect(getFormatter('json').formatParts).toBeDefined();
});

describe('sarif', () => {
  const log = (): sarif.Log => JSON.parse(getFormatter('sarif').format(report, { color: false })) as sarif.Log;

  it('validates against the SARIF 2.1.0 schema', () => {
    const valid = validateSarif(log());
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check is not vacuous: a broken log fails it', () => {
    const broken = log() as unknown as { runs: { results: Record<string, unknown>[] }[] };
    broken.runs[0].results[0].level = 'fatal';
    delete broken.runs[0].results[0].message;
    expect(validateSarif(broken)).toBe(false);
  });

  it('describes every rule with a result: help with remediation, security-severity, a few tags, controls as properties', () => {
    const rules = log().runs[0].tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual([...new Set(report.findings.map((f) => f.ruleId))].sort());
    const enc = rules.find((r) => r.id === 'CRM-ENC-004');
    const meta = report.rules.find((r) => r.id === 'CRM-ENC-004');
    expect(enc?.shortDescription?.text).toBe(meta?.title);
    expect(enc?.help?.text).toContain(meta?.remediation ?? 'x');
    expect(enc?.help?.markdown).toContain('**How to fix:**');
    expect(enc?.properties?.['security-severity']).toBe(SECURITY_SEVERITY.high);
    expect(enc?.properties?.tags).toEqual(['security', 'terraform', 'encryption']);
    expect(enc?.properties?.controls).toMatchObject({ 'aws-fsbp': expect.arrayContaining(['RDS.3']) });
    expect(rules.find((r) => r.id === 'CRM-NET-009')?.properties?.['security-severity']).toBe('9.5');
    for (const r of log().runs[0].results ?? []) expect(rules[r.ruleIndex ?? -1].id).toBe(r.ruleId);
  });

  it('locates results by file and line, names the construct path, and fingerprints them', () => {
    const results = log().runs[0].results ?? [];
    expect(results).toHaveLength(report.findings.length);
    const finding = report.findings.find((f) => f.ruleId === 'CRM-ENC-004');
    const r = results.find((x) => x.ruleId === 'CRM-ENC-004');
    expect(finding?.origin.line).toBeGreaterThan(1);
    // Outside any repository checkout (a temp dir): a file: URI, since no repository path exists.
    expect(r?.locations?.[0].physicalLocation?.artifactLocation?.uri).toMatch(/^file:\/\/\/.*\/stacks\/legacy\/cdk\.tf\.json$/);
    expect(r?.locations?.[0].physicalLocation?.region?.startLine).toBe(finding?.origin.line);
    expect(r?.locations?.[0].logicalLocations?.[0]).toEqual({ name: 'aws_db_instance.crm', fullyQualifiedName: 'legacy/database/instance', kind: 'resource' });
    expect(r?.partialFingerprints?.[FINGERPRINT_KEY]).toBe(finding?.fingerprint);
    const keys = results.map((x) => x.partialFingerprints?.[FINGERPRINT_KEY]);
    expect(new Set(keys).size).toBe(keys.length); // a rule reporting one resource twice still gives distinct alerts
    for (const x of results) expect(x.level).toBe({ critical: 'error', high: 'error', medium: 'warning', low: 'note' }[String(x.properties?.severity)]);
  });

  it('text, github and markdown show control characters from the input as U+FFFD; JSON keeps them', () => {
    const nasty = assembleReport({ ...partsOf(report), findings: report.findings.map((f) => ({ ...f, message: `${f.message} region x\u0001\u001b[31mred\u0000z\u007f\u009b`, resource: `${f.resource}\u0007` })) });
    for (const name of ['text', 'github', 'markdown'] as const) {
      const out = getFormatter(name).format(nasty, { color: false, compact: name === 'text' });
      expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
      expect(out).toContain('x\uFFFD\uFFFD[31mred\uFFFDz');
    }
    expect(getFormatter('json').format(nasty, { color: false })).toContain('x\\u0001\\u001b[31mred\\u0000z');
  });

  it('HCL origins map to a repository-relative file and line', () => {
    const hcl = assembleReport({ ...partsOf(report), findings: report.findings.map((f) => ({ ...f, origin: { file: 'infra/db.tf', line: 12 }, location: { file: 'infra/db.tf', line: 12 } })) });
    const first = (JSON.parse(getFormatter('sarif').format(hcl, { color: false })) as sarif.Log).runs[0].results?.[0];
    expect(first?.locations?.[0].physicalLocation).toEqual({ artifactLocation: { uri: 'infra/db.tf', uriBaseId: '%SRCROOT%' }, region: { startLine: 12 } });
    expect(validateSarif(JSON.parse(getFormatter('sarif').format(hcl, { color: false })))).toBe(true);
  });

  it('waived findings are results with an accepted suppression; baseline state is set', () => {
    const results = log().runs[0].results ?? [];
    const waived = results.filter((x) => x.suppressions);
    expect(waived.map((x) => x.ruleId)).toEqual(['CRM-ENC-004']);
    expect(waived[0].suppressions?.[0]).toMatchObject({ kind: 'external', status: 'accepted', justification: expect.stringContaining('owner team-data, expires 2025-12-31') });
    expect(results.find((x) => x.ruleId === 'CRM-ENC-001')?.baselineState).toBe('new');
    expect(results.find((x) => x.ruleId === 'CRM-BDR-001')?.baselineState).toBe('unchanged');
  });
});

describe('junit', () => {
  const xml = (r: Report = report): string => getFormatter('junit').format(r, { color: false });
  const parse = (text: string) =>
    new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(text) as {
      testsuites: {
        tests: string;
        failures: string;
        time: string;
        testsuite: { name: string; tests: string; failures: string; testcase: { name: string; classname: string; time: string; file?: string; line?: string; failure?: { message: string; '#text': string }; 'system-out'?: string }[] }[];
      };
    };

  it('is well-formed: one suite per stack, one case per rule, failures for blocking findings only', () => {
    expect(XMLValidator.validate(xml())).toBe(true);
    const doc = parse(xml());
    expect(doc.testsuites.testsuite.map((s) => s.name)).toEqual(['legacy']);
    const suite = doc.testsuites.testsuite[0];
    expect(suite.testcase).toHaveLength(report.rules.length);
    expect(Number(suite.tests)).toBe(report.rules.length);
    const failing = suite.testcase.filter((c) => c.failure).map((c) => c.name.split(' ')[0]);
    expect(failing).toEqual([...new Set(report.findings.filter((f) => f.blocking).map((f) => f.ruleId))].sort());
    expect(Number(suite.failures)).toBe(failing.length);
    const enc = suite.testcase.find((c) => c.name.startsWith('CRM-ENC-004 '));
    expect(enc?.failure).toBeUndefined();
    expect(enc?.['system-out']).toContain('waived until 2025-12-31');
    const rotation = suite.testcase.find((c) => c.name.startsWith('CRM-ENC-001 '));
    const finding = report.findings.find((f) => f.ruleId === 'CRM-ENC-001');
    expect(rotation?.failure?.message).toBe(`aws_kms_key.db: ${finding?.message}`);
    expect(rotation?.failure?.['#text']).toContain(finding?.remediation);
    expect(xml()).not.toMatch(/timestamp=/);
    expect(Number(doc.testsuites.time)).toBe(0);
    for (const c of suite.testcase) expect(Number(c.time)).toBe(0);
    expect(rotation?.file).toBe(finding?.origin.file);
    expect(Number(rotation?.line)).toBe(finding?.origin.line);
    expect(suite.testcase.filter((c) => c.file === undefined).length).toBe(report.rules.length - new Set(report.findings.map((f) => f.ruleId)).size);
  });

  it('escapes markup and strips characters XML cannot carry', () => {
    const nasty = 'bad <value> & "quotes" \'apos\' ]]> \u0001 end';
    const r = assembleReport({ ...partsOf(report), findings: report.findings.map((f) => (f.ruleId === 'CRM-ENC-001' ? { ...f, message: nasty } : f)) });
    const text = xml(r);
    expect(XMLValidator.validate(text)).toBe(true);
    const c = parse(text).testsuites.testsuite[0].testcase.find((x) => x.name.startsWith('CRM-ENC-001 '));
    expect(c?.failure?.message).toBe('aws_kms_key.db: bad <value> & "quotes" \'apos\' ]]> \uFFFD end');
  });
});

describe('markdown', () => {
  const md = (): string => getFormatter('markdown').format(report, { color: false });

  it('opens with the verdict and a summary table by severity', () => {
    const lines = md().split('\n');
    expect(lines[0]).toBe(`## ❌ crm-guard: ${report.summary.blocking} blocking findings`);
    expect(lines[2]).toBe('| Severity | Findings | Blocking | Waived | New |');
    for (const sev of ['critical', 'high', 'medium', 'low']) expect(md()).toMatch(new RegExp(`^\\| \\S+ ${sev} \\| ${report.summary.bySeverity[sev as 'high']} \\|`, 'm'));
    expect(md()).toContain(`| **total** | ${report.summary.findings} | ${report.summary.blocking} | 1 | 1 |`);
  });

  it('lists findings with collapsible details; waived and new are marked', () => {
    const text = md();
    expect(text).toContain('### Findings');
    expect(text).toContain('### Top rules');
    expect(text.match(/<details><summary>/g)?.length).toBe(report.findings.length + 1); // + the fixed list
    expect(text).toMatch(/^\| ✅ waived until 2025-12-31 \(team-data\) · existing \| .* \| CRM-ENC-004 \| <code>aws_db_instance\.crm<\/code> \|/m);
    expect(text).toMatch(/^\| 🚫 \*\*blocking\*\* · 🆕 \*\*new\*\* \| .* \| CRM-ENC-001 \|/m);
    // New findings lead the table, whatever their severity.
    const rows = text.split('\n').filter((l) => /^\| (🚫|✅|⚪)/.test(l));
    expect(rows[0]).toContain('🆕 **new**');
    expect(rows.filter((r) => r.includes('🆕'))).toHaveLength(1);
    expect(text).toContain('Waiver <code>');
    expect(text).toContain('migration &lt;CHG-1&gt; &amp; co');
    // code spans stay literal (GitHub shows entities inside backticks as typed); text outside is escaped
    expect(text).toContain('`kms_key_id = aws_kms_key.<name>.arn`');
    expect(text).toContain('allows logs.&lt;region&gt;.amazonaws.com');
  });

  it('lists waivers needing attention and what the baseline says is fixed', () => {
    const text = md();
    expect(text).toContain('### Waivers needing attention');
    expect(text).toMatch(/\| CRM-LOG-012 \| .* \| 2024-01-01 \| ⚠️ expired: waives nothing \|/);
    expect(text).toMatch(/\| CRM-BDR-016 \| .* \| ⚠️ unused: matches no finding, delete it \|/);
    expect(text).toContain('🎉 1 baseline finding fixed');
    expect(text).toContain('- CRM-LOG-008 <code>aws_cloudwatch_log_group.app</code> in <code>legacy</code>');
  });

  it('a clean run says so', () => {
    const clean = assembleReport({ ...partsOf(report), findings: [], waivers: [], baseline: null });
    expect(getFormatter('markdown').format(clean, { color: false })).toMatch(/^## ✅ crm-guard: no blocking findings\n/);
  });
});

describe('json and text', () => {
  it('json keeps the contract fields and adds the gate summary', () => {
    const doc = JSON.parse(getFormatter('json').format(report, { color: false })) as Record<string, unknown> & { summary: Record<string, unknown>; findings: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(['version', 'summary', 'findings', 'waivers', 'baseline', 'stacks', 'bundles']);
    expect(doc.summary).toMatchObject({ findings: report.findings.length, waived: 1, expired: 1, unusedWaivers: 1, new: 1, fixed: 1, allowHardMandatoryWaivers: false });
    for (const k of ['resources', 'rules', 'bySeverity']) expect(doc.summary).toHaveProperty(k);
    for (const k of ['ruleId', 'title', 'severity', 'family', 'resource', 'resourceType', 'stack', 'message', 'origin', 'controls', 'waived', 'enforcement', 'fingerprint', 'baseline']) {
      expect(doc.findings[0]).toHaveProperty(k);
    }
  });

  it('json puts each finding and each waiver on a line of its own, the rest indented by two spaces', () => {
    const text = getFormatter('json').format(report, { color: false });
    const doc = JSON.parse(text) as { version: unknown; findings: unknown[]; waivers: unknown[] };
    // A one-line item opens with its first key; the pretty-printed objects of other arrays open alone.
    const items = text.split('\n').filter((l) => l.startsWith('    {"'));
    expect(items.map((l) => l.trim().replace(/,$/, ''))).toEqual([...doc.findings, ...doc.waivers].map((x) => JSON.stringify(x)));
    expect(doc.findings.length).toBeGreaterThan(1);
    expect(doc.waivers.length).toBeGreaterThan(0);
    expect(text.startsWith(`{\n  "version": ${JSON.stringify(doc.version)},\n  "summary": {\n    "`)).toBe(true);
    expect(text.endsWith('\n}\n')).toBe(true);
  });

  it('text marks waived, expired and baseline state and lists waivers and fixed findings', () => {
    const text = getFormatter('text').format(report, { color: false });
    expect(text).toMatch(/CRM-ENC-004 {2}aws_db_instance\.crm \(legacy\/database\/instance\) \[waived until 2025-12-31 \(team-data\)\] \[existing\]/);
    expect(text).toMatch(/CRM-LOG-012 {2}aws_db_instance\.crm .*\[waiver expired 2024-01-01\] \[existing\]/);
    expect(text).toMatch(/^Waivers 1 used, 1 expired, 1 unused, 0 refused · hard-mandatory waivers not allowed$/m);
    expect(text).toMatch(/^ {2}FIXED CRM-LOG-008 {2}aws_cloudwatch_log_group\.app \(legacy\)$/m);
    expect(text).toMatch(/· baseline: 1 new, 1 fixed$/m);
  });
});

describe('github annotations', () => {
  const text = (): string => getFormatter('github').format(report, { color: false });

  it('one error per blocking finding with file, line and title; waived ones not annotated; a closing notice', () => {
    const lines = text().trimEnd().split('\n');
    const enc1 = report.findings.find((f) => f.ruleId === 'CRM-ENC-001');
    const line = lines.find((l) => l.includes('title=CRM-ENC-001'));
    expect(line).toBe(`::error file=${enc1?.origin.file.replace(/:/g, '%3A')},line=${enc1?.origin.line},title=CRM-ENC-001 (${enc1?.severity}) aws_kms_key.db::${enc1?.message.replace(/%/g, '%25')}%0AFix: ${enc1?.remediation.replace(/%/g, '%25')}`);
    expect(lines.filter((l) => l.includes('title=CRM-ENC-004'))).toEqual([]); // waived
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(Math.min(10, report.summary.blocking));
    expect(lines[lines.length - 1]).toMatch(/^::notice title=crm-guard::FAIL: \d+ blocking · /);
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice) [^:]*::[^\n\r]*$/);
  });

  it('escapes separators in properties and newlines in data', () => {
    expect(annotation('error', { file: 'a,b:c.tf', line: 3, title: '50% done' }, 'x\ny%')).toBe('::error file=a%2Cb%3Ac.tf,line=3,title=50%25 done::x%0Ay%25');
  });
});

describe('gitlab code quality', () => {
  it('one issue per unwaived finding with the required fields and unique fingerprints', () => {
    const issues = JSON.parse(getFormatter('gitlab').format(report, { color: false })) as CodeQualityIssue[];
    expect(issues).toHaveLength(report.findings.filter((f) => !f.waived).length);
    for (const i of issues) {
      expect(Object.keys(i).sort()).toEqual(['categories', 'check_name', 'description', 'fingerprint', 'location', 'severity', 'type']);
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(i.severity);
      expect(i.location.lines.begin).toBeGreaterThanOrEqual(1);
    }
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    const enc1 = issues.find((i) => i.check_name === 'CRM-ENC-001');
    expect(enc1?.severity).toBe('blocker');
    expect(issues.find((i) => i.check_name === 'CRM-ENC-004')).toBeUndefined();
  });
});
