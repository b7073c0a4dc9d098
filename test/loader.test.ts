import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../src/errors';
import { loadInputs } from '../src/input/load';
import type { NormalizedModel } from '../src/model/types';
import { primaryStackFile, referenceOut, runCli, tempDir, writeStack } from './helpers';

describe('loader errors: exit 2 with a message naming the file', () => {
  it('a truncated JSON file', async () => {
    const text = readFileSync(await primaryStackFile(), 'utf8');
    const file = writeStack(text.slice(0, Math.floor(text.length / 2)));
    const r = await runCli(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/invalid JSON/);
    expect(r.stderr).toMatch(/truncated/);
  });

  it('a JSON document of the wrong top-level type', async () => {
    const file = writeStack('[1, 2, 3]');
    const r = await runCli(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: $: expected a Terraform JSON document (a JSON object), found an array`);
  });

  it('a JSON object that is not Terraform JSON names the unexpected key', async () => {
    const file = writeStack({ resources: [] });
    const r = await runCli(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('unexpected top-level key "resources"');
  });

  it('a resource section of the wrong shape names the JSON path', async () => {
    const file = writeStack({ resource: { aws_s3_bucket: { b: 'oops' } } });
    const r = await runCli(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('$.resource.aws_s3_bucket.b');
  });

  it('a manifest whose stack file is missing', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ version: '0.21.0', stacks: { gone: { name: 'gone', synthesizedStackPath: 'stacks/gone/cdk.tf.json' } } }),
    );
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(path.join(dir, 'manifest.json'));
    expect(r.stderr).toContain('stack "gone" is listed in the manifest but its file stacks/gone/cdk.tf.json is missing');
  });

  it('a path that does not exist', async () => {
    const r = await runCli(['check', '/nonexistent/cdk.tf.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/cdk.tf.json: no such file or directory');
  });

  it('a directory that is neither a cdktf.out nor holds a cdk.tf.json', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'x'));
    const r = await runCli(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a CDKTF output');
  });

  it('the same stack given twice is rejected instead of double-counted', async () => {
    await expect(loadInputs([writeStack({ terraform: {} }, 's'), writeStack({ terraform: {} }, 's')])).rejects.toThrow(InputError);
  });
});

describe('loader inputs', () => {
  it('reads a cdktf.out directory, a single cdk.tf.json and stdin alike', async () => {
    const out = await referenceOut();
    const file = await primaryStackFile();
    const fromDir = (await loadInputs([out])).find((m) => m.stack === 'crm-primary');
    const [fromFile] = await loadInputs([file]);
    const [fromStdin] = await loadInputs(['-'], { readStdin: () => readFileSync(file, 'utf8') });
    expect(fromFile.stack).toBe('crm-primary');
    // The same resources and values; only the directory joins the app's stacks (peers, cross-stack refs).
    const values = (m: NormalizedModel) => Object.fromEntries(Object.entries(m.resources).map(([a, r]) => [a, r.values]));
    expect(values(fromDir as NormalizedModel)).toEqual(values(fromFile));
    expect(Object.keys(fromDir?.peers ?? {}).length).toBeGreaterThan(0);
    expect(fromFile.peers).toBeUndefined();
    expect(Object.keys(fromStdin.resources)).toEqual(Object.keys(fromFile.resources));
  });

  it('the CLI reads JSON from stdin with -', async () => {
    // The global stack stands alone (it reads no other stack), so alone it passes.
    const r = await runCli(['check', '-'], readFileSync(path.join(await referenceOut(), 'stacks', 'crm-global', 'cdk.tf.json'), 'utf8'));
    expect(r.code).toBe(0);
  });

  it('a stack checked without the rest of its app: what it reads from other stacks stays unknown (fail closed)', async () => {
    const r = await runCli(['check', await primaryStackFile(), '--format', 'json']);
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { unverifiable: boolean; message: string }[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.some((f) => f.unverifiable && f.message.includes('data.terraform_remote_state.cross-stack-reference-input-crm-dr'))).toBe(true);
  });
});
