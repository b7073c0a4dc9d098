/**
 * The GitHub Action (action.yml) and the workflow that dogfoods it, checked as data: what GitHub
 * would reject or silently ignore (an undeclared input, an output no step writes, a run step
 * without a shell), the pinned majors the issue asks for, and that the CLI options and formats it
 * passes exist. (actionlint, where installed, checks the same files: see docs/gate.md.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { FORMAT_NAMES } from '../src/report/registry';

const root = path.join(__dirname, '..');
type Step = { name?: string; id?: string; uses?: string; run?: string; shell?: string; with?: Record<string, unknown>; if?: string };
const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
};
const actionText = readFileSync(path.join(root, 'action.yml'), 'utf8');
const workflows = readdirSync(path.join(root, '.github', 'workflows')).filter((f) => /\.ya?ml$/.test(f));

describe('action.yml', () => {
  it('is a composite action whose steps are all runnable', () => {
    expect(action.name).toBe('crm-guard');
    expect(action.description.length).toBeGreaterThan(0);
    expect(action.runs.using).toBe('composite');
    for (const s of action.runs.steps) {
      expect([s.name, Boolean(s.uses) !== Boolean(s.run)]).toEqual([s.name, true]);
      if (s.run) expect([s.name, s.shell]).toEqual([s.name, 'bash']);
    }
  });

  it('uses Node 24 and upload-sarif v4', () => {
    const uses = action.runs.steps.map((s) => s.uses).filter(Boolean);
    expect(uses).toContain('github/codeql-action/upload-sarif@v4');
    expect(action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(24);
  });

  it('every input it reads is declared and every declared input is read', () => {
    const read = new Set([...actionText.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]));
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, i] of Object.entries(action.inputs)) expect([name, i.description.length > 0]).toEqual([name, true]);
  });

  it('every step output it reads is written by the gate step', () => {
    const gate = action.runs.steps.find((s) => s.id === 'gate');
    const written = new Set([...(gate?.run ?? '').matchAll(/echo "([a-z-]+)=/g)].map((m) => m[1]));
    const read = new Set([...actionText.matchAll(/steps\.gate\.outputs\.([a-z-]+)/g)].map((m) => m[1]));
    for (const r of read) expect([r, written.has(r)]).toEqual([r, true]);
  });

  it('runs check once with formats the registry has, SARIF and Markdown to files', () => {
    const gate = action.runs.steps.find((s) => s.id === 'gate')?.run ?? '';
    const formats = [...gate.matchAll(/--format (\w+)/g)].map((m) => m[1]);
    expect(formats).toEqual(['sarif', 'markdown', 'github']);
    for (const f of formats) expect(FORMAT_NAMES).toContain(f);
    expect(gate.match(/\$CRM_GUARD check /g)).toHaveLength(1);
  });

  it('comments once per pull request: finds its own comment by a marker and updates it', () => {
    const script = String(action.runs.steps.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script ?? '');
    expect(script).toContain('updateComment');
    expect(script).toContain('createComment');
    expect(script).toMatch(/startsWith\(marker\)/);
  });
});

describe('.github/workflows', () => {
  it('a workflow runs the action on the reference app with only declared inputs and the permissions it needs', () => {
    const using = workflows
      .map((f) => parse(readFileSync(path.join(root, '.github', 'workflows', f), 'utf8')) as { permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> })
      .filter((w) => Object.values(w.jobs).some((j) => j.steps.some((s) => s.uses === './')));
    expect(using).toHaveLength(1);
    const [wf] = using;
    expect(wf.permissions).toMatchObject({ 'security-events': 'write', 'pull-requests': 'write', contents: 'read' });
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const gate = steps.find((s) => s.uses === './');
    for (const k of Object.keys(gate?.with ?? {})) expect(Object.keys(action.inputs)).toContain(k);
    expect(gate?.with?.paths).toBe('cdktf.out');
    const synth = steps.findIndex((s) => s.run?.includes('synth'));
    expect(synth).toBeGreaterThanOrEqual(0);
    expect(synth).toBeLessThan(steps.indexOf(gate as Step));
  });
});
