/**
 * CLI conventions: crm-guard.yaml discovery (cwd up to the repository root, --config wins) holding
 * CLI options; --rule/--skip-rule/--severity; --compact/--quiet; file:line and wrapping in text;
 * FORCE_COLOR/NO_COLOR.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { colorEnabled, discoverConfigFile } from '../src/cli/conventions';
import { wrap } from '../src/report/text';
import { runCli, tempDir } from './helpers';
import { legacyDoc, runCliIn, writeDoc, writeYaml } from './gate/fixture';

/** A checkout: `.git`, a nested working directory and the legacy stack (ENC-004 high, NET-009 critical, ...). */
function checkout(): { root: string; sub: string; stack: string } {
  const root = tempDir();
  mkdirSync(path.join(root, '.git'));
  const sub = path.join(root, 'infra', 'app');
  mkdirSync(sub, { recursive: true });
  return { root, sub, stack: writeDoc(legacyDoc(), 'legacy', root) };
}

describe('crm-guard.yaml discovery', () => {
  it('is found in the working directory or a parent up to the repository root, not above it', () => {
    const { root, sub } = checkout();
    expect(discoverConfigFile(sub)).toBeUndefined();
    writeFileSync(path.join(root, 'crm-guard.yaml'), 'fail_on: none\n');
    expect(discoverConfigFile(sub)).toBe(path.join(root, 'crm-guard.yaml'));
    writeFileSync(path.join(sub, 'crm-guard.yaml'), 'fail_on: high\n');
    expect(discoverConfigFile(sub)).toBe(path.join(sub, 'crm-guard.yaml'));
    const outside = tempDir();
    writeFileSync(path.join(outside, 'crm-guard.yaml'), 'fail_on: none\n');
    const repo = path.join(outside, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    expect(discoverConfigFile(repo)).toBeUndefined();
  });

  it('holds fail_on, reports and rule selection next to the rule data; flags and --config win', async () => {
    const { root, sub, stack } = checkout();
    writeFileSync(path.join(root, 'crm-guard.yaml'), ['fail_on: none', 'reports:', '  - format: json', 'rules:', '  exclude: ["CRM-NET-*"]', 'min_log_retention_days: 30'].join('\n'));
    const r = await runCliIn(sub, ['check', stack]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { summary: { failOn: string }; findings: { ruleId: string }[] };
    expect(doc.summary.failOn).toBe('none');
    expect(doc.findings.length).toBeGreaterThan(0);
    expect(doc.findings.filter((f) => f.ruleId.startsWith('CRM-NET-'))).toEqual([]);
    const flags = await runCliIn(sub, ['check', stack, '--fail-on', 'critical', '--format', 'text', '--quiet']);
    expect(flags.stdout).toMatch(/^PASS · .* fail-on critical$/m); // NET-009 (the critical one) is excluded
    const explicit = writeYaml('fail_on: low\n', 'other.yaml', root);
    expect((await runCliIn(sub, ['check', stack, '--config', explicit, '--quiet'])).code).toBe(1);
  });

  it('an invalid crm-guard.yaml is exit 2 naming it', async () => {
    const { root, sub, stack } = checkout();
    writeFileSync(path.join(root, 'crm-guard.yaml'), 'fail_on: sometimes\n');
    const r = await runCliIn(sub, ['check', stack]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(root, 'crm-guard.yaml'));
    expect(r.stderr).toContain('fail_on');
  });
});

describe('rule selection', () => {
  it('--rule and --skip-rule take globs; --severity drops lower findings; a pattern matching nothing is exit 2', async () => {
    const stack = writeDoc(legacyDoc());
    const json = async (...args: string[]) => JSON.parse((await runCli(['check', stack, '--format', 'json', ...args])).stdout) as { findings: { ruleId: string; severity: string }[]; summary: { rules: number } };
    const enc = await json('--rule', 'CRM-ENC-*');
    expect(enc.findings.length).toBeGreaterThan(0);
    expect(enc.findings.every((f) => f.ruleId.startsWith('CRM-ENC-'))).toBe(true);
    const skipped = await json('--rule', 'crm-enc-*', '--skip-rule', 'CRM-ENC-004');
    expect(skipped.findings.map((f) => f.ruleId)).not.toContain('CRM-ENC-004');
    expect(skipped.summary.rules).toBe(enc.summary.rules - 1);
    const critical = await json('--severity', 'critical');
    expect(critical.findings.length).toBeGreaterThan(0);
    expect(critical.findings.every((f) => f.severity === 'critical')).toBe(true);
    const typo = await runCli(['check', stack, '--rule', 'CRM-NTE-*']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('rule pattern "CRM-NTE-*" matches no rule');
  });

  it('invalid library options are errors', async () => {
    const { check } = await import('../src/check/check');
    const stack = writeDoc(legacyDoc());
    await expect(check([stack], { rules: { minSeverity: 'severe' as 'low' } })).rejects.toThrow('invalid severity "severe"');
    await expect(check([stack], { repoRoot: path.join(tempDir(), 'missing') })).rejects.toThrow('is not a directory');
  });

  it('a waiver of a rule left out is neither used nor unused', async () => {
    const dir = tempDir();
    const stack = writeDoc(legacyDoc(), 'legacy', dir);
    const waivers = writeYaml('waivers:\n  - { rule: CRM-ENC-004, resource: aws_db_instance.crm, reason: r, owner: o, expires: 2999-01-01 }\n', 'w.yaml', dir);
    const doc = JSON.parse((await runCli(['check', stack, '--waivers', waivers, '--skip-rule', 'CRM-ENC-004', '--format', 'json'])).stdout) as { waivers: unknown[]; summary: { unusedWaivers: number } };
    expect(doc.waivers).toEqual([]);
    expect(doc.summary.unusedWaivers).toBe(0);
  });
});

describe('text output', () => {
  it('shows file:line; --compact is one line per finding; --quiet the verdict only', async () => {
    const stack = writeDoc(legacyDoc());
    const full = (await runCli(['check', stack])).stdout;
    expect(full).toMatch(/CRM-ENC-004 {2}aws_db_instance\.crm \(legacy\/database\/instance\) {2}\S+cdk\.tf\.json:\d+$/m);
    const compact = (await runCli(['check', stack, '--compact'])).stdout.trimEnd().split('\n');
    const json = JSON.parse((await runCli(['check', stack, '--format', 'json'])).stdout) as { findings: unknown[] };
    const findingLines = compact.filter((l) => /^\S+:\d+: (critical|high|medium|low) CRM-/.test(l));
    expect(findingLines).toHaveLength(json.findings.length);
    expect(compact[compact.length - 1]).toMatch(/^FAIL: \d+ blocking/);
    const quiet = (await runCli(['check', stack, '--quiet'])).stdout;
    expect(quiet.trimEnd().split('\n')).toHaveLength(1);
    expect(quiet).toMatch(/^FAIL: \d+ blocking · /);
  });

  it('wraps to the terminal width', () => {
    const text = 'word '.repeat(40).trim();
    const lines = wrap(text, '      ', 50);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) {
      expect(l.length).toBeLessThanOrEqual(50);
      expect(l.startsWith('      word')).toBe(true);
    }
    expect(lines.join(' ').replace(/\s+/g, ' ').trim()).toBe(text);
    expect(wrap(text, '  ')).toEqual([`  ${text}`]);
  });
});

describe('colour', () => {
  it('FORCE_COLOR forces it (0 turns it off), NO_COLOR turns it off, else only on a terminal', () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: 'false', NO_COLOR: '' }, true)).toBe(false);
  });

  it('--no-color turns colour off even when the caller allows it', async () => {
    const stack = writeDoc(legacyDoc());
    const { main } = await import('../src/cli/main');
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: () => undefined, readStdin: () => '', color: true };
    await main(['check', stack, '--quiet'], io);
    expect(out).toMatch(/\x1b\[/);
    out = '';
    await main(['check', stack, '--quiet', '--no-color'], io);
    expect(out).not.toMatch(/\x1b\[/);
  });
});

describe('runtime', () => {
  it('a Node.js older than the supported 22.11 gets a clear error and exit 2, not a crash', () => {
    const bin = path.resolve(__dirname, '..', 'bin', 'crm-guard.js');
    for (const version of ['20.20.2', '22.10.0']) {
      const script = `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} }); process.argv = [process.argv[0], ${JSON.stringify(bin)}, '--version']; require(${JSON.stringify(bin)});`;
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `crm-guard: error: Node.js 22.11 or later is required (this is v${version}); install a current Node.js LTS\n`]);
    }
  });
});
