/**
 * Two copies of cdktn in one process (a nested install, a linked package): construct waivers must be
 * recorded through the app's own copy, or fail loudly, never be dropped silently.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { aspectsOf, isResourceOrDataSource, isStack, libraryOf } from '../../src/cdktf/library';
import { tempDir } from '../helpers';

const ROOT = path.resolve(__dirname, '..', '..');

/** A second, separate copy of cdktn (with its bundled dependencies) and constructs in its own node_modules. */
function secondCopy(): string {
  const dir = tempDir('crm-guard-copy-');
  for (const pkg of ['cdktn', 'constructs']) {
    cpSync(path.join(ROOT, 'node_modules', pkg), path.join(dir, 'node_modules', pkg), { recursive: true });
  }
  return dir;
}

const waiver = { rule: 'CRM-IAM-010', reason: 'public website bucket, reviewed in SEC-88', owner: 'team-web', expires: '2099-12-31' };

describe('crm-guard/cdktf with a second copy of cdktn', () => {
  it('records the waiver through the copy that created the construct (plain node, as an app runs)', () => {
    const copy = secondCopy();
    const out = path.join(copy, 'out');
    const script = path.join(copy, 'app.js');
    writeFileSync(
      script,
      `const B = require(${JSON.stringify(path.join(copy, 'node_modules', 'cdktn'))});
       const A = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdktn'))});
       if (A === B) throw new Error('expected two copies');
       const { Waivers } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'cdktf'))});
       const app = new B.App({ outdir: ${JSON.stringify(out)}, stackTraces: false });
       const stack = new B.TerraformStack(app, 's');
       const bucket = new B.TerraformResource(stack, 'site', { terraformResourceType: 'aws_s3_bucket' });
       Waivers.of(bucket).add(${JSON.stringify(waiver)});
       app.synth();`,
    );
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(out, 'stacks', 's', 'cdk.tf.json'), 'utf8')) as { resource: { aws_s3_bucket: Record<string, { '//': { crm_guard: { waivers: unknown[] } } }> } };
    const body = Object.values(doc.resource.aws_s3_bucket)[0];
    expect(body['//'].crm_guard.waivers).toEqual([{ ...waiver, constructPath: 's/site' }]);
  });

  it('fails loudly when the copy that created the construct cannot be reached', () => {
    const copy = secondCopy();
    const script = path.join(copy, 'app.js');
    writeFileSync(
      script,
      `const B = require(${JSON.stringify(path.join(copy, 'node_modules', 'cdktn'))});
       // Out of reach: loaded, then dropped from the module cache (as a copy in another loader or realm).
       for (const id of Object.keys(require.cache)) if (id.startsWith(${JSON.stringify(copy)})) delete require.cache[id];
       const { Waivers } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'cdktf'))});
       const app = new B.App({ outdir: ${JSON.stringify(path.join(copy, 'out'))}, stackTraces: false });
       const bucket = new B.TerraformResource(new B.TerraformStack(app, 's'), 'site', { terraformResourceType: 'aws_s3_bucket' });
       try { Waivers.of(bucket).add(${JSON.stringify(waiver)}); } catch (e) { console.log(e.constructor.name + ': ' + e.describe()); process.exit(3); }
       app.synth();`,
    );
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^ConfigError: cannot record crm-guard waivers on s\/site: its constructs come from cdktn@0\.24\.0, a copy of cdktn\/cdktf that crm-guard\/cdktf cannot reach .*npm ls cdktn/);
  });

  it('recognises stacks and resources of any copy by their Symbol.for markers', () => {
    const copy = secondCopy();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const B = require(path.join(copy, 'node_modules', 'cdktn')) as typeof import('cdktn');
    const app = new B.App({ outdir: path.join(copy, 'out') });
    const stack = new B.TerraformStack(app, 's');
    const res = new B.TerraformResource(stack, 'r', { terraformResourceType: 'aws_s3_bucket' });
    expect(isStack(stack)).toBe(true);
    expect(isStack(res)).toBe(false);
    expect(isResourceOrDataSource(res)).toBe(true);
    expect(libraryOf(stack)).toBe('cdktn@0.24.0');
    mkdirSync(path.join(copy, 'unused'));
  });

  it('uses the reachable copy for constructs of this process', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const A = require('cdktn') as typeof import('cdktn');
    const app = new A.App({ outdir: tempDir() });
    const stack = new A.TerraformStack(app, 's');
    expect(aspectsOf(stack)).toBe(A.Aspects.of(stack));
  });
});
