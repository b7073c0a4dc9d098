/**
 * `crm-guard synth` runs any CDKTF app named by cdktf.json (here a small violating app) and checks
 * its output like `check`: violations are findings (exit 1), waivers apply, a broken app is exit 2.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { stringify } from 'yaml';
import { readCdktfConfig, synthApp } from '../src/synth/synth';
import { runCli, tempDir } from './helpers';

const APP_DIR = path.join(__dirname, 'fixtures', 'synth-app');

interface JsonReport {
  summary: { findings: number; waived: number; blocking: number };
  findings: { ruleId: string; resource: string; stack: string; waived: unknown }[];
}

describe('crm-guard synth on a CDKTF app that violates the baseline', () => {
  let out: string;
  let first: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    out = path.join(tempDir(), 'cdktf.out');
    first = await runCli(['synth', '--dir', APP_DIR, '--out', out, '--format', 'json']);
  });

  it('exits 1 with the normal findings report, not an internal error', () => {
    expect(first.stderr).not.toMatch(/internal error|Validation failed/);
    expect(first.stderr).toContain('synthesized 1 stack (archive)');
    expect(first.code).toBe(1);
    const report = JSON.parse(first.stdout) as JsonReport;
    expect(report.summary.blocking).toBeGreaterThan(0);
    expect(report.findings.map((f) => f.ruleId)).toContain('CRM-IAM-010');
  });

  it('the same app run on its own fails synthesis through its PolicyGuard (the guard deferred only under crm-guard synth)', () => {
    const r = spawnSync(process.execPath, ['main.js'], { cwd: APP_DIR, env: { ...process.env, CDKTF_OUTDIR: path.join(tempDir(), 'direct') }, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/CRM-IAM-010 \(critical\)/);
  });

  it('honours a waivers file covering every finding and the config: exit 0, all shown as waived', async () => {
    const report = JSON.parse(first.stdout) as JsonReport;
    const waivers = report.findings.map((f) => ({ rule: f.ruleId, resource: f.resource, reason: 'legacy archive, migration ticket ARC-12', owner: 'team-data', expires: '2099-12-31' }));
    const file = path.join(tempDir(), 'waivers.yaml');
    writeFileSync(file, stringify({ waivers }));
    // One finding is hard-mandatory: without the config's consent its waiver is refused, as in check.
    const refused = await runCli(['synth', '--dir', APP_DIR, '--out', path.join(tempDir(), 'o'), '--waivers', file, '--format', 'json']);
    expect(refused.code).toBe(1);
    const config = path.join(tempDir(), 'crm-guard.yaml');
    writeFileSync(config, 'allow_hard_mandatory_waivers: true\n');
    const r = await runCli(['synth', '--dir', APP_DIR, '--out', path.join(tempDir(), 'o'), '--waivers', file, '--config', config, '--format', 'json']);
    expect(r.code).toBe(0);
    const waived = JSON.parse(r.stdout) as JsonReport;
    expect(waived.summary.findings).toBe(report.summary.findings);
    expect(waived.summary.waived).toBe(report.summary.findings);
  });

  it('honours the fail-on threshold like check, and profiles the synthesis as its own phase', async () => {
    const profile = path.join(tempDir(), 'profile.json');
    const r = await runCli(['synth', '--dir', APP_DIR, '--out', path.join(tempDir(), 'o'), '--fail-on', 'none', '--jobs', '1', '--profile-output', profile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('CRM-IAM-010');
    const p = JSON.parse(readFileSync(profile, 'utf8')) as { jobs: number; phases: Record<string, number> };
    expect(p.jobs).toBe(1);
    expect(p.phases.synth).toBeGreaterThan(0);
    expect(p.phases.total).toBeGreaterThanOrEqual(p.phases.synth + p.phases.evaluate);
  });

  it('--no-check only synthesizes', async () => {
    const dir = path.join(tempDir(), 'o');
    const r = await runCli(['synth', '--dir', APP_DIR, '--out', dir, '--no-check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).stacks).toHaveProperty('archive');
  });
});

describe('crm-guard synth input errors (exit 2)', () => {
  function appDir(config: unknown): string {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'cdktf.json'), typeof config === 'string' ? config : JSON.stringify(config));
    return dir;
  }

  it('no cdktf.json: names the file and says what to do', async () => {
    const r = await runCli(['synth', '--dir', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cdktf\.json: no cdktf\.json in .*crm-guard check cdktf\.out/);
  });

  it('cdktf.json without an app command', async () => {
    const r = await runCli(['synth', '--dir', appDir({ language: 'typescript' })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"app" must be a non-empty command string');
  });

  it('an app that fails: exit 2 with its exit code and the tail of its output', async () => {
    const r = await runCli(['synth', '--dir', appDir({ app: `"${process.execPath}" -e "console.error('boom in main.ts'); process.exit(3)"` })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the CDKTF app failed \(exit 3\).*last output: boom in main\.ts/s);
  });

  it('an app that writes no manifest', async () => {
    const r = await runCli(['synth', '--dir', appDir({ app: `"${process.execPath}" -e "0"` })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exited without writing');
  });

  it('passes CDKTF_OUTDIR and the context of cdktf.json, never TF_VAR_*', async () => {
    const dir = appDir({ app: `"${process.execPath}" probe.js`, context: { team: 'crm' } });
    writeFileSync(
      path.join(dir, 'probe.js'),
      `const fs = require('fs'); const p = require('path'); const o = process.env.CDKTF_OUTDIR; fs.mkdirSync(o, { recursive: true });
       fs.writeFileSync(p.join(o, 'manifest.json'), JSON.stringify({ stacks: { s: {} }, env: { ctx: JSON.parse(process.env.CDKTF_CONTEXT_JSON), tfvar: process.env.TF_VAR_secret ?? null, synth: process.env.CRM_GUARD_SYNTH } }));`,
    );
    mkdirSync(path.join(dir, 'x'));
    const r = await synthApp({ dir, env: { ...process.env, TF_VAR_secret: 'nope' } });
    expect(r.stacks).toEqual(['s']);
    expect(r.outdir).toBe(path.join(dir, 'cdktf.out'));
    const written = JSON.parse(readFileSync(path.join(r.outdir, 'manifest.json'), 'utf8')) as { env: unknown };
    expect(written.env).toEqual({ ctx: { team: 'crm' }, tfvar: null, synth: '1' });
  });

  it("hands the app cdktf.json's local terraformModules as the cdktfRelativeModules context, as the CDKTF CLI does", async () => {
    const dir = appDir({ app: `"${process.execPath}" probe.js`, terraformModules: ['./modules/sg', 'terraform-aws-modules/vpc/aws@~> 5.0', { name: 'shared', source: '../shared/kms' }] });
    writeFileSync(
      path.join(dir, 'probe.js'),
      `const fs = require('fs'); const p = require('path'); const o = process.env.CDKTF_OUTDIR; fs.mkdirSync(o, { recursive: true });
       fs.writeFileSync(p.join(o, 'manifest.json'), JSON.stringify({ stacks: { s: {} }, ctx: JSON.parse(process.env.CDKTF_CONTEXT_JSON) }));`,
    );
    const r = await synthApp({ dir, env: { PATH: process.env.PATH } });
    const written = JSON.parse(readFileSync(path.join(r.outdir, 'manifest.json'), 'utf8')) as { ctx: unknown };
    expect(written.ctx).toEqual({ cdktfRelativeModules: ['./modules/sg', '../shared/kms'] });
    expect(() => readCdktfConfig(appDir({ app: 'x', terraformModules: 'nope' }))).toThrow('"terraformModules" must be a list');
    expect(() => readCdktfConfig(appDir({ app: 'x', terraformModules: [3] }))).toThrow('"terraformModules"[0] must be a module source');
  });

  it('readCdktfConfig rejects a non-object', () => {
    expect(() => readCdktfConfig(appDir('[1]'))).toThrow('expected a JSON object');
  });
});
