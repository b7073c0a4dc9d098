/** Format detection from content, --input-format, and the exit-2 errors of every input format. */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../src/errors';
import { detectFormat, INPUT_FORMAT_CHOICES, readSource } from '../src/input/formats';
import { loadInputs } from '../src/input/load';
import { readText } from '../src/input/read-json';
import { runCli, tempDir } from './helpers';

const parity = path.join(__dirname, 'parity');
const planFile = path.join(parity, 'plan', 'plan.json');
const cdktfFile = path.join(parity, 'cdktf', 'cdk.tf.json');
const hclDir = path.join(parity, 'hcl');

function write(rel: string, text: string, dir = tempDir()): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const detected = (p: string, stdin?: string) => detectFormat(readSource(p, stdin === undefined ? undefined : () => stdin)).name;

describe('format detection from content', () => {
  it('knows every format by its content', () => {
    const out = tempDir();
    write('manifest.json', JSON.stringify({ version: '0.21.0', stacks: { s: { name: 's', synthesizedStackPath: 'stacks/s/cdk.tf.json' } } }), out);
    write('stacks/s/cdk.tf.json', JSON.stringify({ terraform: {} }), out);
    expect(detected(out)).toBe('cdktf');
    expect(detected(path.join(parity, 'cdktf'))).toBe('cdktf');
    expect(detected(cdktfFile)).toBe('cdktf');
    expect(detected(planFile)).toBe('plan');
    expect(detected(hclDir)).toBe('hcl');
    expect(detected(path.join(hclDir, 'main.tf'))).toBe('hcl');
    expect(detected('-', readFileSync(planFile, 'utf8'))).toBe('plan');
    expect(detected('-', readFileSync(cdktfFile, 'utf8'))).toBe('cdktf');
  });

  it('goes by content, not by name', () => {
    expect(detected(write('plan.tf.json', readFileSync(planFile, 'utf8')))).toBe('plan');
    expect(detected(write('config.tf', JSON.stringify({ resource: { aws_s3_bucket: { b: {} } } })))).toBe('cdktf');
    expect(detected(write('anything.txt', readFileSync(cdktfFile, 'utf8')))).toBe('cdktf');
  });

  it('lists auto and the three formats as --input-format choices', () => {
    expect([...INPUT_FORMAT_CHOICES]).toEqual(['auto', 'cdktf', 'plan', 'hcl']);
  });
});

describe('loadInputs across formats', () => {
  it('loads several formats in one call, one model per stack', async () => {
    const models = await loadInputs([planFile, hclDir, cdktfFile]);
    expect(models.map((m) => [m.stack, m.format])).toEqual([
      ['plan', 'plan'],
      ['hcl', 'hcl'],
      ['cdktf', 'cdktf'],
    ]);
  });

  it('reads HCL from stdin when the format is forced', async () => {
    const [m] = await loadInputs(['-'], { inputFormat: 'hcl', readStdin: () => 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n' });
    expect(m).toMatchObject({ format: 'hcl', stack: 'stdin', source: '<stdin>' });
    expect(m.resources['aws_s3_bucket.b'].origin).toEqual({ file: '<stdin>', line: 1 });
  });

  it('a single .tf file is a root module of its own', async () => {
    const file = write('one/main.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n');
    const [m] = await loadInputs([file]);
    expect(m).toMatchObject({ format: 'hcl', stack: 'main' });
    expect(Object.keys(m.resources)).toEqual(['aws_s3_bucket.b']);
  });

  it('follows local modules of a CDKTF document relative to the document', async () => {
    const [m] = await loadInputs([cdktfFile]);
    expect(m.resources['module.edge.aws_security_group.bastion'].origin.file).toBe(path.join(parity, 'modules', 'edge', 'main.tf'));
  });
});

describe('input errors: exit 2 with a precise message', () => {
  const fails = async (args: string[], stdin?: string) => {
    const r = await runCli(['check', ...args], stdin);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    return r.stderr;
  };

  it('a JSON file that is none of the formats', async () => {
    const file = write('x.json', JSON.stringify({ resources: [], outputs: {} }));
    expect(await fails([file])).toContain(
      `${file}: $.resources: not a recognized input: not Terraform JSON configuration (unexpected top-level key "resources") and not a Terraform plan (no "format_version")`,
    );
    expect(await fails([write('empty.json', '{}')])).toContain('a JSON object with no Terraform configuration section and no "format_version"');
  });

  it('a text file that is not JSON and not named .tf', async () => {
    const file = write('main.hcl', 'resource "aws_s3_bucket" "b" {}\n');
    const err = await fails([file]);
    expect(err).toContain(`${file}: invalid JSON`);
    expect(err).toContain('for HCL, pass a directory of .tf files');
  });

  it('HCL on stdin without --input-format hcl', async () => {
    expect(await fails(['-'], 'resource "a" "b" {}\n')).toContain('<stdin>: invalid JSON');
    expect(await fails(['-'], 'resource "a" "b" {}\n')).toContain('HCL on stdin needs --input-format hcl');
  });

  it('a plan with an unsupported format_version', async () => {
    const doc = JSON.parse(readFileSync(planFile, 'utf8'));
    const file = write('old.json', JSON.stringify({ ...doc, format_version: '0.2' }));
    expect(await fails([file])).toContain(`${file}: $.format_version: unsupported plan format_version "0.2": crm-guard reads format_version 1.x`);
  });

  it('Terraform state instead of a plan', async () => {
    const file = write('state.json', JSON.stringify({ format_version: '1.0', terraform_version: '1.9.8', values: { root_module: {} } }));
    expect(await fails([file])).toContain('this is Terraform state JSON');
  });

  it('an HCL syntax error, with file and line', async () => {
    const dir = tempDir();
    write('main.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n', dir);
    expect(await fails([dir])).toContain(`${path.join(dir, 'main.tf')}: line 1, column 30: HCL syntax error: Unclosed configuration block`);
  });

  it('an unreadable or missing file', async () => {
    const dir = tempDir();
    symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'dangling.json'));
    expect(await fails([path.join(dir, 'dangling.json')])).toContain(`${path.join(dir, 'dangling.json')}: no such file or directory`);
    expect(() => readText(dir)).toThrow(new InputError('cannot read file: is a directory', { file: dir }));
  });

  it('a forced format that the content does not fit', async () => {
    expect(await fails(['--input-format', 'plan', cdktfFile])).toContain(`${cdktfFile}: $: not a Terraform plan: no "format_version"`);
    expect(await fails(['--input-format', 'cdktf', planFile])).toContain('unexpected top-level key "format_version"');
    expect(await fails(['--input-format', 'plan', hclDir])).toContain(`${hclDir}: a plan is one JSON file, not a directory`);
    expect(await fails(['--input-format', 'hcl', path.join(parity, 'plan')])).toContain(`${path.join(parity, 'plan')}: directory holds no .tf files`);
    expect(await fails(['--input-format', 'yaml', planFile])).toMatch(/--input-format.*yaml.*invalid|Allowed choices/s);
  });

  it('a directory that is none of the formats', async () => {
    const dir = tempDir();
    write('notes.txt', 'x', dir);
    expect(await fails([dir])).toContain('directory is not a CDKTF output (no manifest.json), and holds no cdk.tf.json and no .tf files');
  });
});

describe('check end to end on every format', () => {
  it.each([
    ['a plan file', [planFile], ''],
    ['a plan on stdin', ['-'], readFileSync(planFile, 'utf8')],
    ['an HCL directory', [hclDir], ''],
    ['a forced format', ['--input-format', 'plan', planFile], ''],
  ])('%s: blocking findings exit 1, reported at the plan/HCL addresses', async (_, args, stdin) => {
    const r = await runCli(['check', '--format', 'json', ...args], stdin);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; resource: string }[] };
    expect(report.findings.map((f) => `${f.ruleId} ${f.resource}`)).toContain('CRM-NET-001 module.edge.aws_security_group.bastion');
  });
});
