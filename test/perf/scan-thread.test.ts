/**
 * The scan of a large JSON text runs on a helper thread while JSON.parse reads the text
 * (src/input/scan-thread.ts): the reading is the one of a scan on the calling thread, errors
 * included, whether the helper answers or not.
 */
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeCdktf } from '../../bench/generate';
import { assertNoRepeatedNames, MAX_JSON_DEPTH, scanJsonText, type JsonTextScan } from '../../src/input/json-keys';
import { parseJsonScanned, parseTerraformJsonScanned } from '../../src/input/read-json';
import { OFF_THREAD_SCAN_MIN_CHARS, offThreadScans, prestartScanThreadFor, scanThreadReady, setScanThreadModule, stopScanThread } from '../../src/input/scan-thread';
import { tempDir } from '../helpers';

/** Starts the helper for `file` and waits until it has booted. */
async function readyHelper(file: string): Promise<void> {
  prestartScanThreadFor([file]);
  for (let i = 0; i < 400 && !scanThreadReady(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(scanThreadReady()).toBe(true);
}

function plain(scan: JsonTextScan): unknown {
  return { names: scan.names, blockLines: [...scan.blockLines], planLines: [...scan.planLines] };
}

/** The error a parse throws, as a user reads it. */
function errorOf(read: () => unknown): string | undefined {
  try {
    read();
  } catch (e) {
    return (e as { describe?: () => string }).describe?.() ?? (e as Error).message;
  }
  return undefined;
}

describe('the scan of a large JSON text on a helper thread', () => {
  const dir = tempDir();
  const file = path.join(dir, 'cdk.tf.json');
  writeCdktf(2000, file);
  const text = readFileSync(file, 'utf8');
  // The helper is plain Node: it loads the build of the scan (npm test builds first).
  beforeAll(() => setScanThreadModule(path.join(__dirname, '..', '..', 'dist', 'src', 'input', 'json-keys.js')));
  afterAll(() => setScanThreadModule(undefined));
  afterEach(() => stopScanThread());

  it('is the scan of the calling thread, and the helper answers it', async () => {
    expect(text.length).toBeGreaterThan(OFF_THREAD_SCAN_MIN_CHARS);
    await readyHelper(file);
    const before = offThreadScans();
    const { doc, scan } = parseJsonScanned(text, file);
    expect(offThreadScans()).toBe(before + 1);
    expect(plain(scan)).toEqual(plain(scanJsonText(text, file)));
    expect(doc).toEqual(JSON.parse(text));
    // A plan's address lines too.
    const plan = JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources: Array.from({ length: 9000 }, (_, i) => ({ address: `aws_s3_bucket.b${i}`, values: { bucket: `b${i}`, tags: { Team: 'crm', Pad: 'x'.repeat(60) } } })) } } }, null, 2);
    expect(plan.length).toBeGreaterThan(OFF_THREAD_SCAN_MIN_CHARS);
    // The same helper, whose idle time restarts (it ends after two idle seconds).
    await readyHelper(file);
    const scanned = parseJsonScanned(plan, 'plan.json').scan;
    expect(offThreadScans()).toBe(before + 2);
    expect(plain(scanned)).toEqual(plain(scanJsonText(plan, 'plan.json')));
    expect(scanned.planLines.get('aws_s3_bucket.b8999')).toBeGreaterThan(1);
  });

  it('reads the text\'s UTF-8 on the helper, names in any script decoded as the text has them', async () => {
    // Names of several UTF-8 lengths and an escaped one, at the depths whose lines are recorded.
    const names = ['é', '東京', '😀', 'a\u00e9'];
    const many = JSON.parse(text) as { resource: Record<string, Record<string, unknown>> };
    for (const [i, n] of names.entries()) many.resource.aws_s3_bucket[`b-${JSON.parse(`"${n}"`) as string}-${i}`] = { bucket: `b${i}` };
    // The last one written with an escape, as a JSON writer may.
    const big = JSON.stringify(many, null, 2).replace('"b-aé-3"', '"b-a\\u00e9-3"');
    expect(big).toContain('"b-a\\u00e9-3"');
    await readyHelper(file);
    const before = offThreadScans();
    const { scan } = parseJsonScanned(big, 'unicode.tf.json');
    expect(offThreadScans()).toBe(before + 1);
    expect(plain(scan)).toEqual(plain(scanJsonText(big, 'unicode.tf.json')));
    for (const [i, n] of names.entries()) expect(scan.blockLines.get(`aws_s3_bucket.b-${JSON.parse(`"${n}"`) as string}-${i}`)).toBeGreaterThan(1);
    // Without a helper, the calling thread reads the same bytes.
    stopScanThread();
    expect(plain(parseJsonScanned(big, 'unicode.tf.json').scan)).toEqual(plain(scan));
  });

  it('is the same without a helper that has booted (the text is scanned on the calling thread)', () => {
    stopScanThread();
    const { scan } = parseJsonScanned(text, file);
    expect(plain(scan)).toEqual(plain(scanJsonText(text, file)));
  });

  it('refuses too deep a document with the error of the calling thread, before a syntax error', async () => {
    await readyHelper(file);
    // Valid JSON nested too deep, at the end of a large text.
    const deep = `{"a": ${JSON.stringify('x'.repeat(OFF_THREAD_SCAN_MIN_CHARS))}, "b": ${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}}`;
    const expected = errorOf(() => scanJsonText(deep, 'deep.json'));
    expect(expected).toMatch(/deep\.json: line 1: JSON nested more than 512 levels deep/);
    expect(errorOf(() => parseJsonScanned(deep, 'deep.json'))).toBe(expected);
    // Invalid and too deep: the depth error, as when the scan ran first.
    expect(errorOf(() => parseJsonScanned(`${deep.slice(0, -3)},,`, 'deep.json'))).toBe(expected);
    // Invalid and not too deep: JSON.parse's error, with its line where JSON.parse tells the position.
    expect(errorOf(() => parseJsonScanned(`${text}\n,,`, file))).toMatch(/cdk\.tf\.json: invalid JSON at line \d+, column 1: Unexpected non-whitespace character after JSON/);
  });

  it('finds a repeated name in a large text', async () => {
    await readyHelper(file);
    const repeated = text.replace(/^\{/, '{\n  "resource": {"aws_s3_bucket": {"extra": {"bucket": "extra"}}},');
    const { doc } = parseTerraformJsonScanned(repeated, file);
    // Both `resource` blocks are read (HCL-JSON merges repeated blocks), not only the last.
    const buckets = (doc as { resource: { aws_s3_bucket: Record<string, unknown> } }).resource.aws_s3_bucket;
    expect(buckets.extra).toEqual({ bucket: 'extra' });
    expect(Object.keys(buckets).length).toBeGreaterThan(10);
    // Where repeated names are refused (plans, manifests), they are.
    expect(errorOf(() => assertNoRepeatedNames(repeated, file, parseJsonScanned(repeated, file)))).toMatch(/property "resource" appears twice in one object/);
  });

  it('ends by itself when started and never given a scan (a run that failed before reading)', async () => {
    await readyHelper(file);
    for (let i = 0; i < 400 && scanThreadReady(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(scanThreadReady()).toBe(false);
  });

  it('never keeps the process alive: a process that scanned a large file on it ends by itself', () => {
    const dist = path.join(__dirname, '..', '..', 'dist', 'src', 'input');
    const script = `
      const scan = require(${JSON.stringify(path.join(dist, 'scan-thread.js'))});
      const { loadInputs } = require(${JSON.stringify(path.join(dist, 'load.js'))});
      scan.prestartScanThreadFor([${JSON.stringify(file)}]);
      const wait = () => (scan.scanThreadReady() ? Promise.resolve() : new Promise((r) => setTimeout(r, 10)).then(wait));
      wait()
        .then(() => loadInputs([${JSON.stringify(file)}]))
        .then((models) => console.log(scan.offThreadScans(), Object.keys(models[0].resources).length));
    `;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    const [scans, resources] = run.stdout.trim().split(' ').map(Number);
    expect(scans).toBe(1);
    expect(resources).toBeGreaterThan(1000);
  });
});
