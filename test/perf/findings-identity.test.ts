/**
 * Performance work must not change a verdict: the findings on the generated 1k/10k inputs, the
 * reference app (clean and with a broken stack), the realistic HCL corpus and the format-parity
 * corpus are byte-identical to the ones recorded before the engine was optimised
 * (test/perf/golden/, written from the pre-optimisation engine), with one worker and with several.
 *
 * A golden file holds one JSON line per finding in report order; the 10k one is recorded as its
 * sha256 and per-rule counts (its lines would be 1.5 MB). Regenerate only after a deliberate
 * change of rule behaviour: CRM_GUARD_WRITE_GOLDEN=1 npx jest test/perf/findings-identity.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeCdktf } from '../../bench/generate';
import { check, type CheckOptions } from '../../src/check/check';
import { PolicyEngine } from '../../src/engine/engine';
import { primaryStackJson, referenceOut, tempDir, writeApp } from '../helpers';

const GOLDEN = path.join(__dirname, 'golden');
const WRITE = process.env.CRM_GUARD_WRITE_GOLDEN === '1';

/** One line per finding: everything a report says of it, with the input file relative to its root. */
async function findingLines(input: string, root: string, options: CheckOptions = {}): Promise<string[]> {
  const { report } = await check([input], { today: '2026-12-01', waiversSearchDir: root, ...options });
  return report.findings.map((f) =>
    JSON.stringify([f.stack, f.ruleId, f.resource, f.severity, f.enforcement, f.unverifiable, f.message, path.relative(root, f.origin.file), f.origin.constructPath ?? null, f.origin.line ?? null, f.origin.address ?? null]),
  );
}

function digestOf(lines: readonly string[]): { findings: number; sha256: string; byRule: Record<string, number> } {
  const byRule: Record<string, number> = {};
  for (const l of lines) {
    const id = (JSON.parse(l) as string[])[1];
    byRule[id] = (byRule[id] ?? 0) + 1;
  }
  return { findings: lines.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex'), byRule: Object.fromEntries(Object.entries(byRule).sort()) };
}

function golden(name: string, actual: string): string {
  const file = path.join(GOLDEN, name);
  if (WRITE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
  }
  return readFileSync(file, 'utf8');
}

function generated(size: number): { file: string; root: string } {
  const root = tempDir('crm-guard-golden-');
  const file = path.join(root, `cdk-${size}.tf.json`);
  writeCdktf(size, file);
  return { file, root };
}

/** The reference app with its primary stack broken: no CMK on anything, no deletion protection, public databases. */
async function brokenReferenceApp(): Promise<string> {
  const doc = await primaryStackJson();
  for (const bodies of Object.values(doc.resource)) {
    for (const body of Object.values(bodies)) {
      delete body.kms_key_id;
      delete body.deletion_protection;
      if ('publicly_accessible' in body) body.publicly_accessible = true;
    }
  }
  return writeApp(doc);
}

const JOBS = [1, 2] as const;

describe('findings are byte-identical to the recorded ones', () => {
  let engine: PolicyEngine;
  beforeAll(async () => {
    engine = await PolicyEngine.load();
  });
  afterAll(() => engine.close());

  it.each(JOBS)('generated 1,000 resources (jobs %i)', async (jobs) => {
    const { file, root } = generated(1000);
    const lines = await findingLines(file, root, { engine, jobs });
    expect(lines.length).toBeGreaterThan(500);
    expect(`${lines.join('\n')}\n`).toBe(golden('generated-1000.jsonl', `${lines.join('\n')}\n`));
  });

  it.each(JOBS)('generated 10,000 resources (jobs %i)', async (jobs) => {
    const { file, root } = generated(10000);
    const digest = digestOf(await findingLines(file, root, { engine, jobs }));
    expect(digest.findings).toBeGreaterThan(5000);
    expect(JSON.parse(JSON.stringify(digest))).toEqual(JSON.parse(golden('generated-10000.json', `${JSON.stringify(digest, null, 2)}\n`)));
  });

  it.each(JOBS)('the reference app, clean and with its primary stack broken (jobs %i)', async (jobs) => {
    const out = await referenceOut();
    const clean = await findingLines(out, path.dirname(out), { engine, jobs });
    expect(clean).toEqual([]);
    const broken = await brokenReferenceApp();
    const lines = await findingLines(broken, path.dirname(broken), { engine, jobs });
    expect(lines.length).toBeGreaterThan(10);
    expect(`${lines.join('\n')}\n`).toBe(golden('reference-broken.jsonl', `${lines.join('\n')}\n`));
  });

  it.each(JOBS)('the realistic HCL and the parity corpora (jobs %i)', async (jobs) => {
    const test = path.join(__dirname, '..');
    const lines: string[] = [];
    for (const input of ['realistic/hcl', 'parity/cdktf', 'parity/plan/plan.json', 'parity/hcl']) {
      lines.push(`# ${input}`, ...(await findingLines(path.join(test, input), test, { engine, jobs })));
    }
    expect(lines.length).toBeGreaterThan(20);
    expect(`${lines.join('\n')}\n`).toBe(golden('corpora.jsonl', `${lines.join('\n')}\n`));
  });
});
