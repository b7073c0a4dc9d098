/**
 * SARIF that GitHub code scanning accepts: the vendored SARIF 2.1.0 schema AND GitHub's documented
 * ingestion limits (src/report/github-limits.ts), for the reference app (clean, and with findings
 * in a checkout copy), the parity corpus (CDKTF JSON, plan, HCL) and a 10k-resource generated input.
 * Every result is located in a file that exists in the checkout, by a repository-relative URI.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as sarif from 'sarif';
import { writeCdktf } from '../../bench/generate';
import { check } from '../../src/check/check';
import { assembleReport, partsOf, type Report } from '../../src/check/report';
import { findRepoRoot } from '../../src/check/repo-location';
import { getFormatter } from '../../src/report/registry';
import { renderMarkdown } from '../../src/report/markdown';
import {
  GITHUB_COMMENT_MAX_CHARS,
  MARKDOWN_DEFAULT_BUDGET,
  SARIF_MAX_DESCRIPTION_CHARS,
  SARIF_MAX_GZIP_BYTES,
  SARIF_MAX_RESULTS_PER_RUN,
  SARIF_MAX_TAGS_PER_RULE,
  sarifLimitBreaches,
} from '../../src/report/github-limits';
import { at, PRIMARY_DB, referenceOut, tempDir, type TfJson } from '../helpers';
import { sharedEngine } from './fixture';

const schema = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);
const repo = findRepoRoot(__dirname);
const lineCounts = new Map<string, number>();
const lineCount = (file: string): number => {
  if (!lineCounts.has(file)) lineCounts.set(file, readFileSync(file, 'utf8').split('\n').length);
  return lineCounts.get(file) ?? 0;
};

/** Every <details> closed, every table line a whole row, nothing cut mid-line. */
function expectWholeMarkdown(text: string): void {
  expect(text.endsWith('\n')).toBe(true);
  expect((text.match(/<details>/g) ?? []).length).toBe((text.match(/<\/details>/g) ?? []).length);
  for (const line of text.split('\n')) if (line.startsWith('|')) expect(line).toMatch(/\|$/);
  expect((text.match(/<code>/g) ?? []).length).toBe((text.match(/<\/code>/g) ?? []).length);
}

function sarifOf(report: Report): { log: sarif.Log; text: string } {
  const text = getFormatter('sarif').format(report, { color: false });
  return { log: JSON.parse(text) as sarif.Log, text };
}

/** Schema-valid, inside every limit, and every result on a repository file that exists under `root`. */
function expectAccepted(report: Report, root: string): sarif.Log {
  const { log, text } = sarifOf(report);
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  expect(sarifLimitBreaches(log, text)).toEqual([]);
  const run = log.runs[0];
  expect(run.originalUriBaseIds?.['%SRCROOT%']).toBeDefined();
  const referenced = new Set((run.results ?? []).map((r) => r.ruleId));
  expect((run.tool.driver.rules ?? []).map((r) => r.id)).toEqual([...referenced].sort());
  for (const r of run.results ?? []) {
    const loc = r.locations?.[0].physicalLocation;
    expect(loc?.artifactLocation?.uriBaseId).toBe('%SRCROOT%');
    const uri = loc?.artifactLocation?.uri ?? '';
    expect(uri).not.toMatch(/^(file:|\/|\.\.?(\/|$))/);
    const file = path.join(root, ...uri.split('/').map(decodeURIComponent));
    expect([uri, existsSync(file) && statSync(file).isFile()]).toEqual([uri, true]);
    expect(loc?.region?.startLine).toBeGreaterThanOrEqual(1);
    expect(loc?.region?.startLine).toBeLessThanOrEqual(lineCount(file));
    expect(r.partialFingerprints?.['crmGuardFinding/v1']).toMatch(/^[0-9a-f]{64}(:[0-9a-f]{16})?$/);
  }
  for (const rule of run.tool.driver.rules ?? []) expect(rule.properties?.['security-severity']).toMatch(/^\d+\.\d$/);
  return log;
}

describe('the limit check is not vacuous', () => {
  it('names each breach', () => {
    const rule = (tags: number, desc: number): sarif.ReportingDescriptor => ({
      id: 'X',
      shortDescription: { text: 'x' },
      fullDescription: { text: 'y'.repeat(desc) },
      properties: { tags: Array.from({ length: tags }, (_, i) => `t${i}`) },
    });
    const log: sarif.Log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x', rules: [rule(SARIF_MAX_TAGS_PER_RULE + 1, SARIF_MAX_DESCRIPTION_CHARS + 1)] } },
          results: [{ message: { text: 'm' }, locations: Array.from({ length: 1001 }, () => ({})) }],
        },
      ],
    };
    expect(sarifLimitBreaches(log)).toEqual(['rule X: 21 tags > 20', 'rule X: fullDescription 1025 chars > 1024', 'run 0 result 0: 1001 locations > 1000']);
    expect(sarifLimitBreaches({ version: '2.1.0', runs: Array.from({ length: 21 }, () => ({ tool: { driver: { name: 'x' } } })) })).toEqual(['21 runs > 20']);
  });
});

describe('every rule descriptor fits', () => {
  it('all rules: ≤ 20 tags, descriptions ≤ 1,024 characters, controls as properties', async () => {
    const engine = await sharedEngine();
    const { report } = await check([path.join(repo, 'test', 'parity', 'cdktf')], { engine, repoRoot: repo });
    // Every catalog rule gets a result, so every descriptor is emitted and measured.
    const all = assembleReport({
      ...partsOf(report),
      rules: engine.catalog.rules,
      findings: engine.catalog.rules.map((rule) => ({ ...report.findings[0], ruleId: rule.id, severity: rule.severity, enforcement: rule.enforcement, fingerprint: rule.id.padEnd(64, '0') })),
    });
    const { log, text } = sarifOf(all);
    const rules = log.runs[0].tool.driver.rules ?? [];
    expect(rules).toHaveLength(engine.catalog.rules.length);
    expect(sarifLimitBreaches(log, text)).toEqual([]);
    expect(validateSarif(log)).toBe(true);
    const long = engine.catalog.rules.filter((r) => r.description.length > SARIF_MAX_DESCRIPTION_CHARS);
    for (const r of long) {
      const d = rules.find((x) => x.id === r.id);
      expect(d?.fullDescription?.text.endsWith('…')).toBe(true);
      expect(d?.help?.text).toContain(r.description); // help keeps the whole text
    }
    const log014 = rules.find((r) => r.id === 'CRM-LOG-014');
    expect(Object.keys(log014?.properties?.controls ?? {}).length).toBeGreaterThan(0);
    expect(log014?.properties?.tags).toEqual(['security', 'terraform', 'logging']);
  });
});

describe('reference app', () => {
  it('the clean synthesis gives an accepted, empty SARIF', async () => {
    const { report } = await check([await referenceOut()], { engine: await sharedEngine() });
    const log = expectAccepted(report, repo);
    expect(log.runs[0].results).toEqual([]);
  });

  it('findings in a checkout are located at the construct’s TypeScript line; stack-level ones at the app entry', async () => {
    // A checkout: cdktf.json, the app's sources and its (git-ignored) synthesized output.
    const root = tempDir();
    writeFileSync(path.join(root, 'cdktf.json'), readFileSync(path.join(repo, 'cdktf.json')));
    cpSync(path.join(repo, 'stacks'), path.join(root, 'stacks'), { recursive: true });
    cpSync(await referenceOut(), path.join(root, 'cdktf.out'), { recursive: true });
    const file = path.join(root, 'cdktf.out', 'stacks', 'crm-primary', 'cdk.tf.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as TfJson;
    const [, db] = at(doc, 'aws_db_instance', PRIMARY_DB);
    db.storage_encrypted = false;
    db.publicly_accessible = true;
    delete doc.terraform.backend;
    writeFileSync(file, JSON.stringify(doc, null, 2));

    const { report } = await check([path.join(root, 'cdktf.out')], { engine: await sharedEngine(), repoRoot: root });
    expect(report.findings.length).toBeGreaterThanOrEqual(3);
    const log = expectAccepted(report, root);
    const results = log.runs[0].results ?? [];
    const uris = results.map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri ?? '');
    expect(uris.filter((u) => u.includes('cdktf.out'))).toEqual([]);
    const enc = results.find((r) => r.ruleId === 'CRM-ENC-004');
    const where = enc?.locations?.[0].physicalLocation;
    // database.ts creates an `instance` in two classes; the one in the parent construct's class is chosen.
    expect(where?.artifactLocation?.uri).toBe('stacks/constructs/database.ts');
    const line = readFileSync(path.join(root, 'stacks', 'constructs', 'database.ts'), 'utf8').split('\n')[(where?.region?.startLine ?? 0) - 1];
    expect(line).toMatch(/new DbInstance\(this, 'instance'/);
    const backend = results.find((r) => (r.properties?.resource as string).startsWith('terraform.backend'));
    expect(backend?.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe('stacks/main.ts');
  });
});

describe('parity corpus', () => {
  it.each(['cdktf', 'plan/plan.json', 'hcl'])('%s: accepted, every result on a committed file (never a directory)', async (input) => {
    const { report } = await check([path.join(repo, 'test', 'parity', input)], { engine: await sharedEngine(), repoRoot: repo });
    expect(report.findings.length).toBeGreaterThan(0);
    const log = expectAccepted(report, repo);
    for (const r of log.runs[0].results ?? []) expect(r.locations?.[0].physicalLocation?.artifactLocation?.uri).toMatch(/^test\/parity\//);
  });
});

describe('10k-resource generated input', () => {
  let report: Report;
  let root: string;
  beforeAll(async () => {
    root = tempDir();
    mkdirSync(path.join(root, 'big'));
    writeCdktf(10_000, path.join(root, 'big', 'cdk.tf.json'));
    ({ report } = await check([path.join(root, 'big', 'cdk.tf.json')], { engine: await sharedEngine(), repoRoot: root }));
  }, 120_000);

  it('is accepted: schema, limits, locations', () => {
    expect(report.summary.resources).toBeGreaterThanOrEqual(10_000);
    const log = expectAccepted(report, root);
    expect(log.runs[0].results).toHaveLength(report.findings.length);
    const gz = gzipSync(sarifOf(report).text).length;
    expect(gz).toBeLessThan(SARIF_MAX_GZIP_BYTES);
  });

  it('Markdown stays under 60,000 characters, names the blocking count and top rules, and counts the rest', () => {
    const text = getFormatter('markdown').format(report, { color: false });
    expect(text.length).toBeLessThan(MARKDOWN_DEFAULT_BUDGET);
    expect(text.length).toBeLessThan(GITHUB_COMMENT_MAX_CHARS);
    expect(text).toContain(`## ❌ crm-guard: ${report.summary.blocking} blocking findings`);
    expect(text).toContain('### Top rules');
    const counts = new Map<string, number>();
    for (const f of report.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    expect(text).toMatch(new RegExp(`^\\| ${top[0]} \\| .* \\| ${top[1]} \\|`, 'm'));
    const listed = text.split('\n').filter((l) => /^\| .* \| <code>[^|]*:\d+<\/code> \|/.test(l)).length;
    expect(listed).toBeGreaterThan(0);
    expect(text).toContain(`_${report.findings.length - listed} more findings in the SARIF/JSON artifact`);
    expectWholeMarkdown(text);
  });

  it('a small budget still gives whole Markdown with the verdict', () => {
    const text = renderMarkdown(report, 5_000);
    expect(text.length).toBeLessThanOrEqual(5_000);
    expect(text).toContain('blocking findings');
    expectWholeMarkdown(text);
  });

  it('past 25,000 results the most severe are kept and the rest counted', () => {
    const many = assembleReport({ ...partsOf(report), findings: Array.from({ length: 5 }, (_, k) => report.findings.map((f) => ({ ...f, resource: `${f.resource}_${k}`, fingerprint: `${k}${f.fingerprint.slice(1)}` }))).flat() });
    expect(many.findings.length).toBeGreaterThan(SARIF_MAX_RESULTS_PER_RUN);
    const { log, text } = sarifOf(many);
    expect(sarifLimitBreaches(log, text)).toEqual([]);
    expect(log.runs[0].results).toHaveLength(SARIF_MAX_RESULTS_PER_RUN);
    expect(log.runs[0].properties?.omittedResults).toBe(many.findings.length - SARIF_MAX_RESULTS_PER_RUN);
    const kept = new Set((log.runs[0].results ?? []).map((r) => String(r.properties?.severity)));
    if (many.summary.bySeverity.critical > 0) expect(kept.has('critical')).toBe(true);
  });
});
