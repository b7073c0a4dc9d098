import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { check } from '../../src/check/check';
import { isBlocking } from '../../src/check/report';
import { packageRoot } from '../../src/engine/bundle';
import { defaultEnforcement, ENFORCEMENT_LEVELS, SEVERITIES } from '../../src/engine/catalog';
import { extractCatalogRules } from '../../src/policy-build/build';
import { tempDir } from '../helpers';
import { legacyDoc, runCliIn, sharedEngine, writeDoc, writeYaml } from './fixture';

describe('enforcement levels', () => {
  it('default from severity: critical → hard-mandatory, high/medium → soft-mandatory, low → advisory', async () => {
    expect(SEVERITIES.map(defaultEnforcement)).toEqual(['hard-mandatory', 'soft-mandatory', 'soft-mandatory', 'advisory']);
    const { catalog } = await sharedEngine();
    for (const r of catalog.rules) expect(ENFORCEMENT_LEVELS).toContain(r.enforcement);
    expect(catalog.rules.find((r) => r.id === 'CRM-NET-009')?.enforcement).toBe('hard-mandatory');
  });

  it('advisory findings never fail, whatever --fail-on says', () => {
    for (const severity of SEVERITIES) {
      expect(isBlocking({ severity, enforcement: 'advisory', waived: false }, { failOn: 'low', allowHardMandatoryWaivers: false })).toBe(false);
      expect(isBlocking({ severity, enforcement: 'soft-mandatory', waived: false }, { failOn: 'low', allowHardMandatoryWaivers: false })).toBe(true);
    }
  });

  it('config overrides enforcement and severity per rule; --fail-on works on the effective severity', async () => {
    const engine = await sharedEngine();
    const doc = legacyDoc();
    const stack = writeDoc(doc);
    const base = await check([stack], { engine });
    const everyRule = [...new Set(base.report.findings.map((f) => f.ruleId))];
    const allAdvisory = Object.fromEntries(everyRule.map((id) => [id, 'advisory']));
    const advisory = await check([stack], { engine, config: { enforcement: allAdvisory } });
    expect(advisory.report.findings.length).toBe(base.report.findings.length);
    expect(advisory.report.findings.every((f) => f.enforcement === 'advisory' && !f.blocking)).toBe(true);
    expect(advisory.report.summary.byEnforcement.advisory).toBe(base.report.findings.length);
    expect(advisory.exitCode).toBe(0);

    const blockingIds = (r: typeof base) => [...new Set(r.report.findings.filter((f) => f.blocking).map((f) => f.ruleId))].sort();
    const critical = await check([stack], { engine, failOn: 'critical' });
    expect(blockingIds(critical)).not.toContain('CRM-ENC-004');
    const raised = await check([stack], { engine, failOn: 'critical', config: { severity: { 'CRM-ENC-004': 'critical' } } });
    expect(blockingIds(raised)).toEqual([...blockingIds(critical), 'CRM-ENC-004'].sort());
    expect(raised.report.findings.find((f) => f.ruleId === 'CRM-ENC-004')?.severity).toBe('critical');
    expect(raised.report.rules.find((r) => r.id === 'CRM-ENC-004')?.severity).toBe('critical');
  });

  it('config keys are validated: unknown levels and unknown rule ids are exit 2, all named', async () => {
    const bad = writeYaml('enforcement:\n  CRM-ENC-004: optional\n  crm-enc-004: advisory\nseverity:\n  CRM-ENC-999: high\nallow_hard_mandatory_waivers: "yes"\n', 'bad.yaml');
    const r = await runCliIn(tempDir(), ['check', writeDoc(legacyDoc()), '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('enforcement.CRM-ENC-004: must be equal to one of the allowed values');
    expect(r.stderr).toContain('allow_hard_mandatory_waivers: must be boolean');
    expect(r.stderr).toContain('enforcement: "crm-enc-004" is not a rule id');
    const unknown = writeYaml('severity:\n  CRM-ENC-999: high\nenforcement:\n  CRM-NET-998: advisory\n', 'unknown.yaml');
    const u = await runCliIn(tempDir(), ['check', writeDoc(legacyDoc()), '--config', unknown]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('severity.CRM-ENC-999: no such rule');
    expect(u.stderr).toContain('enforcement.CRM-NET-998: no such rule');
  });

  const opa = process.env.OPA ?? path.join(packageRoot(), '.tools', 'bin', 'opa');
  it('METADATA `enforcement` is extracted into the catalog, else derived from severity', () => {
    const root = tempDir();
    const dir = path.join(root, 'policies', 'encryption');
    mkdirSync(dir, { recursive: true });
    const rule = (name: string, id: string, severity: string, enforcement?: string) =>
      [
        '# METADATA',
        `# title: Test rule ${name} for enforcement`,
        '# description: A rule used to test how enforcement is read from METADATA.',
        '# scope: package',
        '# custom:',
        `#   id: ${id}`,
        `#   severity: ${severity}`,
        ...(enforcement ? [`#   enforcement: ${enforcement}`] : []),
        '#   family: ENC',
        '#   controls: {}',
        '#   remediation: Do the right thing in CDKTF and in Terraform.',
        `package crm.rules.encryption.${name}`,
        '',
        'deny contains f if {',
        '\tsome f in []',
        '}',
        '',
      ].join('\n');
    writeFileSync(path.join(dir, 'explicit.rego'), rule('explicit', 'CRM-ENC-901', 'critical', 'advisory'));
    writeFileSync(path.join(dir, 'derived.rego'), rule('derived', 'CRM-ENC-902', 'medium'));
    execFileSync(opa, ['version'], { stdio: 'ignore' });
    const rules = extractCatalogRules(opa, { opa, policiesDir: path.join(root, 'policies'), rootDir: root });
    expect(rules.map((r) => [r.id, r.severity, r.enforcement])).toEqual([
      ['CRM-ENC-901', 'critical', 'advisory'],
      ['CRM-ENC-902', 'medium', 'soft-mandatory'],
    ]);
    writeFileSync(path.join(dir, 'explicit.rego'), rule('explicit', 'CRM-ENC-901', 'critical', 'mandatory'));
    expect(() => extractCatalogRules(opa, { opa, policiesDir: path.join(root, 'policies'), rootDir: root })).toThrow(/enforcement/);
  });
});

it('the run shows the hard-mandatory waiver flag in every format', async () => {
  const dir = tempDir();
  const allow = writeYaml('allow_hard_mandatory_waivers: true\n', 'allow.yaml', dir);
  const stack = writeDoc(legacyDoc());
  const args = ['check', stack, '--config', allow];
  expect((await runCliIn(dir, [...args, '--format', 'text'])).stdout).toContain('hard-mandatory waivers ALLOWED');
  expect(JSON.parse((await runCliIn(dir, [...args, '--format', 'json'])).stdout).summary.allowHardMandatoryWaivers).toBe(true);
  expect(JSON.parse((await runCliIn(dir, [...args, '--format', 'sarif'])).stdout).runs[0].properties.allowHardMandatoryWaivers).toBe(true);
  expect((await runCliIn(dir, [...args, '--format', 'junit'])).stdout).toContain('<property name="allow-hard-mandatory-waivers" value="true"/>');
  expect((await runCliIn(dir, [...args, '--format', 'markdown'])).stdout).toContain('hard-mandatory waivers **allowed**');
});
