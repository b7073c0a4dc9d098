/**
 * `check - --stdin-filename FILE`: standard input stands for a repository file, so reports (SARIF
 * above all: GitHub code scanning needs a repository path) locate its findings there, on the lines
 * the same file given by path gets.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from '../helpers';
import { legacyDoc } from './fixture';

type Sarif = { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }> }> }> };

function repoWithStack(): { root: string; file: string; text: string } {
  const root = tempDir();
  mkdirSync(path.join(root, '.git'));
  mkdirSync(path.join(root, 'infra'));
  const file = path.join(root, 'infra', 'legacy.tf.json');
  const text = JSON.stringify(legacyDoc(), null, 2);
  writeFileSync(file, text);
  return { root, file, text };
}

const places = (out: string): string[] =>
  (JSON.parse(out) as Sarif).runs[0].results.map((r) => `${r.ruleId} ${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`).sort();

describe('--stdin-filename', () => {
  it('locates the findings of standard input in the named repository file, as the file given by path', async () => {
    const { root, file, text } = repoWithStack();
    const byPath = await runCli(['check', file, '--format', 'sarif'], '', root);
    const byStdin = await runCli(['check', '-', '--stdin-filename', file, '--format', 'sarif'], text, root);
    expect(byPath.code).toBe(1);
    expect(byStdin.code).toBe(byPath.code);
    expect(places(byStdin.stdout)).toEqual(places(byPath.stdout));
    expect(places(byStdin.stdout)).toContain(`CRM-ENC-004 infra/legacy.tf.json:${text.split('\n').findIndex((l) => l.includes('"crm": {')) + 1}`);
    // Without a name, standard input has no repository file to point at.
    const unnamed = await runCli(['check', '-', '--format', 'sarif'], text, root);
    expect(places(unnamed.stdout).every((p) => p.includes('%3Cstdin%3E:1'))).toBe(true);
    expect(readFileSync(path.join(root, 'infra', 'legacy.tf.json'), 'utf8')).toBe(text);
  });

  it('is a usage error (exit 2) when no input is read from standard input, or the name is empty', async () => {
    const { root } = repoWithStack();
    const notStdin = await runCli(['check', path.join(root, 'infra', 'legacy.tf.json'), '--stdin-filename', 'x.json'], '', root);
    expect(notStdin.code).toBe(2);
    expect(notStdin.stderr).toMatch(/a stdin file name is given, but no input is read from standard input/);
    const empty = await runCli(['check', '-', '--stdin-filename', ' '], '{}', root);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/invalid stdin file name/);
  });
});
