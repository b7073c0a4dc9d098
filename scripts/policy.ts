/**
 * Policy tooling over the pinned OPA CLI (installed by scripts/install-opa.sh):
 *   caps | fmt | check | test [--threshold N] | build | verify | gates
 * Run through npm scripts (`npm run policy:<verb>`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../src/engine/bundle';
import { buildBundle, bundleDrift, shippedSigningKey, writeBundle, writeCapabilities, type PolicyPaths } from '../src/policy-build/build';
import { CONFIG_DEFAULTS_FILE, configDefaultsJson } from '../src/policy-build/config-defaults';

const root = packageRoot();
const opa = process.env.OPA ?? path.join(root, '.tools', 'bin', 'opa');
const paths: PolicyPaths = { opa, policiesDir: path.join(root, 'policies'), rootDir: root, signingKey: shippedSigningKey(root) };
const bundleDir = path.join(root, 'bundle');
const capsFile = path.join(root, '.tools', 'wasm-capabilities.json');
const DEFAULT_COVERAGE = 95;
/** Rule example files (`<rule>.examples.yaml`) sit beside the Rego sources but are not policy data. */
const IGNORE_EXAMPLES = ['--ignore', '*.examples.yaml'];

function opaRun(args: string[]): void {
  execFileSync(opa, args, { stdio: 'inherit', cwd: root });
}

function coverage(threshold: number): void {
  const out = execFileSync(opa, ['test', ...IGNORE_EXAMPLES, '--coverage', 'policies'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const report = JSON.parse(out) as { coverage: number; files: Record<string, { coverage: number; not_covered?: { start: { row: number } }[] }> };
  const low = Object.entries(report.files)
    .filter(([f, c]) => !f.endsWith('_test.rego') && c.coverage < 100)
    .map(([f, c]) => `  ${f}: ${c.coverage.toFixed(1)}% (uncovered rows ${(c.not_covered ?? []).map((n) => n.start.row).join(', ')})`);
  console.log(`Rego coverage: ${report.coverage.toFixed(2)}% (threshold ${threshold}%)`);
  if (low.length) console.log(low.join('\n'));
  if (report.coverage < threshold) {
    console.error(`error: Rego coverage ${report.coverage.toFixed(2)}% is below the ${threshold}% gate`);
    process.exit(1);
  }
}

const verbs: Record<string, (args: string[]) => void> = {
  caps: () => writeCapabilities(opa, capsFile),
  fmt: () => opaRun(['fmt', '--list', '--fail', 'policies']),
  check: () => {
    writeCapabilities(opa, capsFile);
    opaRun(['check', '--strict', '--capabilities', capsFile, 'policies']);
  },
  test: (args) => {
    const i = args.indexOf('--threshold');
    opaRun(['test', ...IGNORE_EXAMPLES, 'policies']);
    coverage(i >= 0 ? Number(args[i + 1]) : DEFAULT_COVERAGE);
  },
  build: () => {
    const b = buildBundle(paths);
    writeBundle(b, bundleDir);
    writeFileSync(path.join(bundleDir, CONFIG_DEFAULTS_FILE), configDefaultsJson(paths.policiesDir));
    console.log(`bundle/: ${b.catalog.rules.length} rules, policy.wasm ${b.wasm.length} bytes, sha256 ${b.catalog.wasmSha256.slice(0, 16)}…, OPA ${b.catalog.opa}`);
  },
  verify: () => {
    const drift = bundleDrift(paths, bundleDir);
    const defaults = path.join(bundleDir, CONFIG_DEFAULTS_FILE);
    if (!existsSync(defaults) || readFileSync(defaults, 'utf8') !== configDefaultsJson(paths.policiesDir)) drift.push(`${CONFIG_DEFAULTS_FILE} differs from policies/config/data.yaml`);
    if (drift.length > 0) {
      console.error(`error: the committed bundle is stale:\n  ${drift.join('\n  ')}\nrun \`npm run policy:build\` and commit bundle/`);
      process.exit(1);
    }
    console.log('bundle/ is current: a fresh build of policies/ gives identical policy.wasm, catalog.json and .signatures.json, and config-defaults.json matches policies/config/data.yaml');
  },
};
verbs.gates = () => {
  for (const v of ['fmt', 'check']) verbs[v]([]);
  verbs.test([]);
  verbs.verify([]);
};

const [verb, ...rest] = process.argv.slice(2);
if (!verb || !(verb in verbs)) {
  console.error(`usage: policy <${Object.keys(verbs).join('|')}>`);
  process.exit(2);
}
if (!existsSync(opa)) {
  console.error(`error: OPA CLI not found at ${opa}; run \`npm run opa:install\` (needs Go) or set OPA=/path/to/opa`);
  process.exit(2);
}
try {
  verbs[verb](rest);
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}
