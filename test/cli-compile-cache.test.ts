/**
 * bin/crm-guard.js turns on Node's compile cache in `<tmpdir>/node-compile-cache`, best effort: a
 * temporary directory that cannot hold it costs the speed-up, never the run. Runs the real entry
 * (dist/, built by `npm test` before jest).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './helpers';

const BIN = path.join(__dirname, '..', 'bin', 'crm-guard.js');
const VERSION = (require('../package.json') as { version: string }).version;

function version(env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  expect(existsSync(path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js'))).toBe(true); // npm run build
  const { NODE_COMPILE_CACHE: _unset, ...rest } = process.env;
  // A hang (Node's own recursive mkdir on some unusable parents) would be killed: status null.
  const r = spawnSync(process.execPath, [BIN, '--version'], { env: { ...rest, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('keeps the cache in the temporary directory', () => {
  const tmp = tempDir();
  const r = version({ TMPDIR: tmp });
  expect(r).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
  expect(existsSync(path.join(tmp, 'node-compile-cache'))).toBe(true);
});

it('is the evaluation workers\' cache too: they load the OPA SDK, the calling thread does not', () => {
  const tmp = tempDir();
  const input = path.join(tempDir(), 'cdk.tf.json');
  writeFileSync(input, JSON.stringify({ provider: { aws: [{ region: 'eu-west-1' }] }, resource: { aws_s3_bucket: { files: { bucket: 'crm-files' } } } }));
  const { NODE_COMPILE_CACHE: _unset, ...rest } = process.env;
  const r = spawnSync(process.execPath, [BIN, 'check', input, '--format', 'json', '--jobs', '1'], { env: { ...rest, TMPDIR: tmp }, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1); // a bare bucket has findings
  // The compiled code of the SDK's opa.js carries its function names.
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const cached = files(path.join(tmp, 'node-compile-cache'));
  expect(cached.some((f) => readFileSync(f).includes('_dumpJSONRaw'))).toBe(true);
});

it('runs when the temporary directory is a file', () => {
  const file = path.join(tempDir(), 'not-a-dir');
  writeFileSync(file, '');
  expect(version({ TMPDIR: file })).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
});

it('runs when the temporary directory cannot be created at all', () => {
  // Under /proc a directory can never be made (and Node's recursive mkdir never returns there).
  const where = existsSync('/proc/self') ? '/proc/crm-guard-no-such-dir' : path.join(tempDir(), 'missing', 'deeper');
  expect(version({ TMPDIR: where })).toEqual({ status: 0, stdout: `${VERSION}\n`, stderr: '' });
});
