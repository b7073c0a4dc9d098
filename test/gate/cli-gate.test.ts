import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { resolveTargets } from '../../src/cli/report-targets';
import { PolicyEngine } from '../../src/engine/engine';
import { UsageError } from '../../src/errors';
import { tempDir } from '../helpers';
import { legacyDoc, runCliIn, writeDoc } from './fixture';

const f = (value: string) => ({ kind: 'format' as const, value });
const o = (value: string) => ({ kind: 'output' as const, value });

describe('report targets', () => {
  it('pairs each --format with the --output after it; a lone --format goes to stdout', () => {
    expect(resolveTargets([])).toEqual([{ format: 'text' }]);
    expect(resolveTargets([o('r.txt')])).toEqual([{ format: 'text', output: 'r.txt' }]);
    expect(resolveTargets([o('r.json'), f('json')])).toEqual([{ format: 'json', output: 'r.json' }]);
    expect(resolveTargets([f('sarif'), o('r.sarif'), f('markdown'), o('pr.md'), f('text')])).toEqual([
      { format: 'sarif', output: 'r.sarif' },
      { format: 'markdown', output: 'pr.md' },
      { format: 'text' },
    ]);
    expect(resolveTargets([f('text'), f('sarif'), o('r.sarif')])).toEqual([{ format: 'text' }, { format: 'sarif', output: 'r.sarif' }]);
  });

  it('rejects two reports on stdout, an --output without its --format, one file twice, and unknown formats', () => {
    expect(() => resolveTargets([f('json'), f('sarif')])).toThrow('2 reports would go to standard output (json, sarif)');
    expect(() => resolveTargets([o('a'), f('json'), f('sarif'), o('b')])).toThrow('--output a does not follow a --format');
    expect(() => resolveTargets([f('json'), o('a'), o('b'), f('sarif')])).toThrow('--output b does not follow a --format');
    expect(() => resolveTargets([f('json'), o('same'), f('sarif'), o('./same')])).toThrow('two reports are written to ./same');
    expect(() => resolveTargets([f('json'), o('a'), f('xml'), o('b')])).toThrow(UsageError);
  });
});

describe('crm-guard check with several formats', () => {
  afterEach(() => jest.restoreAllMocks());

  it('writes every report from one evaluation', async () => {
    const evaluate = jest.spyOn(PolicyEngine.prototype, 'evaluate');
    const dir = tempDir();
    const stack = writeDoc(legacyDoc());
    const out = (n: string) => path.join(dir, n);
    const r = await runCliIn(dir, ['check', stack, '--format', 'sarif', '--output', out('r.sarif'), '--format', 'markdown', '--output', out('pr.md'), '--format', 'junit', '--output', out('junit.xml'), '--format', 'json']);
    expect(r.code).toBe(1);
    expect(evaluate).toHaveBeenCalledTimes(1); // one stack, evaluated once for all four reports
    const json = JSON.parse(r.stdout) as { summary: { findings: number; blocking: number } };
    const sarif = JSON.parse(readFileSync(out('r.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0].results).toHaveLength(json.summary.findings);
    expect(readFileSync(out('pr.md'), 'utf8')).toMatch(new RegExp(`^## ❌ crm-guard: ${json.summary.blocking} blocking findings`));
    expect(XMLValidator.validate(readFileSync(out('junit.xml'), 'utf8'))).toBe(true);
    expect(readFileSync(out('r.sarif'), 'utf8')).not.toMatch(/\u001b\[/);
  });

  it('usage errors are exit 2 before anything is evaluated or written', async () => {
    const evaluate = jest.spyOn(PolicyEngine.prototype, 'evaluate');
    const dir = tempDir();
    const stack = writeDoc(legacyDoc());
    const unknown = await runCliIn(dir, ['check', stack, '--format', 'sarif', '--output', path.join(dir, 'r.sarif'), '--format', 'html']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown format "html" (expected one of text, json, sarif, junit, markdown, github, gitlab)');
    const twice = await runCliIn(dir, ['check', stack, '--format', 'json', '--format', 'markdown']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('2 reports would go to standard output');
    expect(evaluate).not.toHaveBeenCalled();
    expect(existsSync(path.join(dir, 'r.sarif'))).toBe(false);
  });

  it('--write-baseline, --baseline and --waivers are listed in --help', async () => {
    const r = await runCliIn(tempDir(), ['check', '--help']);
    expect(r.code).toBe(0);
    for (const opt of ['--waivers <file>', '--baseline <file>', '--write-baseline <file>', '--format <format>', '--output <file>']) expect(r.stdout).toContain(opt);
  });
});
