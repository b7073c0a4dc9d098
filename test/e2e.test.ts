import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { check } from '../src/check/check';
import { primaryStackFile, referenceOut, runCli, tempDir } from './helpers';

const REPO_ROOT = path.resolve(__dirname, '..');

describe('synth → check on the reference deployment', () => {
  it('synthesizes every stack listed in the manifest', async () => {
    const out = await referenceOut();
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks)).toContain('crm-primary');
  });

  it('has zero findings and exit code 0 under the full baseline', async () => {
    const { report, exitCode, models } = await check([await referenceOut()]);
    expect(report.findings).toEqual([]);
    expect(exitCode).toBe(0);
    expect(report.summary.rules).toBeGreaterThanOrEqual(8);
    expect(report.summary.resources).toBe(models.reduce((n, m) => n + Object.keys(m.resources).length, 0));
    expect(report.summary.resources).toBeGreaterThan(15);
  });

  it('the CLI check verb passes with a readable summary', async () => {
    const r = await runCli(['check', await referenceOut()]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^PASS · 0 findings/m);
  });

  it('the CLI synth verb runs the app of cdktf.json, writes a cdktf.out and checks it clean', async () => {
    const out = path.join(tempDir(), 'out');
    const synth = await runCli(['synth', '--dir', REPO_ROOT, '--out', out]);
    expect(synth.code).toBe(0);
    expect(synth.stderr).toContain('crm-primary');
    expect(synth.stdout).toMatch(/^PASS · 0 findings/m);
    expect((await runCli(['check', out])).code).toBe(0);
  });

  it('synthesis is byte-stable (no absolute paths or timestamps in the output)', async () => {
    const a = readFileSync(await primaryStackFile(), 'utf8');
    const out = path.join(tempDir(), 'again');
    await runCli(['synth', '--dir', REPO_ROOT, '--out', out, '--no-check']);
    expect(readFileSync(path.join(out, 'stacks', 'crm-primary', 'cdk.tf.json'), 'utf8')).toBe(a);
    expect(a).not.toMatch(/\/tmp\/|\/work\//);
  });

  it('the JSON report is deterministic: same input, same bytes', async () => {
    const out = await referenceOut();
    const one = await runCli(['check', out, '--format', 'json']);
    const two = await runCli(['check', out, '--format', 'json']);
    expect(one.stdout).toBe(two.stdout);
    const report = JSON.parse(one.stdout) as { version: number; summary: Record<string, unknown>; findings: unknown[] };
    expect(report.version).toBe(1);
    expect(report.summary).toMatchObject({ findings: 0, waived: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0 } });
  });
});
