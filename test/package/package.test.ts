/**
 * The package as a team installs it: `npm pack`, then a fresh project installs the tarball from the
 * registry's point of view (its dependencies resolved by npm, nothing from this checkout), and a
 * stock cdktn TypeScript app uses `crm-guard/cdktf`. Slow (real installs), so it runs once per suite.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../helpers';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '..', '..');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};
const MAX_INSTALLED_BYTES = 25 * 1024 * 1024;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...env } });
}

function npm(args: string[], cwd: string): string {
  const r = run('npm', args, cwd);
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

/** Bytes on disk under a directory (files' sizes, symlinks not followed). */
function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += diskBytes(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

let tarball: string;

beforeAll(() => {
  const dest = tempDir('crm-guard-pack-');
  // dist/ is built by `npm test` before jest runs; packing must not rebuild it (`prepack`).
  const out = npm(['pack', '--ignore-scripts', '--pack-destination', dest, '--json'], ROOT);
  const [{ filename }] = JSON.parse(out) as { filename: string }[];
  tarball = path.join(dest, filename);
});

describe('the published package', () => {
  let project: string;
  const cli = (args: string[]) => run('npx', ['--no-install', 'crm-guard', ...args], project);

  beforeAll(() => {
    project = tempDir('crm-guard-consumer-');
    npm(['init', '-y'], project);
    npm(['install', '--prefer-offline', tarball], project);
  });

  it(`installs within ${MAX_INSTALLED_BYTES / 1024 / 1024} MB and without the reference app's dependencies`, () => {
    const nm = path.join(project, 'node_modules');
    const bytes = diskBytes(nm);
    process.stdout.write(`installed node_modules: ${(bytes / 1024 / 1024).toFixed(1)} MB\n`);
    expect(bytes).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
    for (const heavy of ['cdktn', 'cdktf', 'constructs', '@cdktn/provider-aws', '@cdktf/provider-aws', 'typescript', 'jest']) {
      expect(existsSync(path.join(nm, heavy))).toBe(false);
    }
    const installed = path.join(nm, 'crm-guard');
    expect(existsSync(path.join(installed, 'LICENSE'))).toBe(true);
    expect(existsSync(path.join(installed, 'CHANGELOG.md'))).toBe(true);
    expect(existsSync(path.join(installed, 'stacks'))).toBe(false);
    expect(existsSync(path.join(installed, 'dist', 'stacks'))).toBe(false);
    expect(existsSync(path.join(installed, 'test'))).toBe(false);
  });

  it('declares no script that npm runs when a team installs it (npm 11 warns of those, npm 12 blocks them)', () => {
    const manifest = JSON.parse(readFileSync(path.join(project, 'node_modules', 'crm-guard', 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    const onInstall = ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare'];
    expect(Object.keys(manifest.scripts ?? {}).filter((s) => onInstall.includes(s))).toEqual([]);
  });

  it('npx crm-guard --version prints the package version', () => {
    const r = cli(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(PKG.version);
  });

  it('npx crm-guard check evaluates a cdk.tf.json with the shipped bundle', () => {
    const r = cli(['check', path.join(ROOT, 'test', 'parity', 'cdktf', 'cdk.tf.json'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { summary: { rules: number; findings: number } };
    expect(report.summary.rules).toBeGreaterThanOrEqual(111);
    expect(report.summary.findings).toBeGreaterThan(0);
  });

  it('npx crm-guard drill runs a region-loss drill', () => {
    const fixtures = path.join(ROOT, 'test', 'drill', 'fixtures', 'two-region');
    const r = cli(['drill', path.join(fixtures, 'crm-primary.tf.json'), path.join(fixtures, 'crm-dr.tf.json'), '--lose', 'region:eu-west-1', '--format', 'json']);
    expect([0, 1]).toContain(r.status);
    expect(JSON.parse(r.stdout)).toHaveProperty('components');
  });

  it('npx crm-guard rules and explain read the shipped catalog and examples', () => {
    expect(cli(['rules']).status).toBe(0);
    const r = cli(['explain', 'CRM-ENC-004']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('CRM-ENC-004');
  });

  it('the library entry loads without cdktn installed', () => {
    const r = run(process.execPath, ['-e', "const g = require('crm-guard'); require('crm-guard/cdktf'); console.log(typeof g.check)"], project);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('function');
  });
});

describe('a stock cdktn TypeScript app using crm-guard/cdktf', () => {
  let app: string;
  const CONSTRUCTS_SKEW = '10.6.0'; // deliberately another minor than this repository's constructs

  beforeAll(() => {
    app = tempDir('crm-guard-app-');
    // The files `cdktn init --template=typescript` writes (tsconfig verbatim: CommonJS, node10 resolution).
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'acme-crm', version: '1.0.0', main: 'main.js', types: 'main.ts', license: 'MPL-2.0', private: true, scripts: { build: 'tsc', synth: 'cdktn synth' } }, null, 2),
    );
    writeFileSync(path.join(app, 'tsconfig.json'), STOCK_TSCONFIG);
    writeFileSync(path.join(app, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'npx ts-node main.ts', projectId: 'acme', sendCrashReports: 'false', terraformProviders: [], terraformModules: [], context: {} }, null, 2));
    writeFileSync(path.join(app, 'main.ts'), APP_MAIN);
    npm(
      [
        'install',
        '--prefer-offline',
        `cdktn@${PKG.devDependencies.cdktn}`,
        `@cdktn/provider-aws@${PKG.devDependencies['@cdktn/provider-aws']}`,
        `constructs@${CONSTRUCTS_SKEW}`,
        tarball,
        `typescript@${PKG.devDependencies.typescript}`,
        'ts-node@10.9.2',
        `@types/node@${PKG.devDependencies['@types/node']}`,
        `@types/jest@${PKG.devDependencies['@types/jest']}`,
      ],
      app,
    );
  });

  it('has one copy of cdktn and constructs (peers, never bundled)', () => {
    const ls = JSON.parse(run('npm', ['ls', '--all', '--json', 'cdktn', 'constructs'], app).stdout) as unknown;
    const versions = new Set<string>();
    const walk = (node: unknown, name: string) => {
      const deps = (node as { dependencies?: Record<string, { version: string }> }).dependencies ?? {};
      for (const [n, d] of Object.entries(deps)) {
        if (n === name) versions.add(`${n}@${d.version}`);
        walk(d, name);
      }
    };
    walk(ls, 'constructs');
    walk(ls, 'cdktn');
    expect([...versions].sort()).toEqual([`cdktn@${PKG.devDependencies.cdktn}`, `constructs@${CONSTRUCTS_SKEW}`]);
    expect(run('npm', ['ls'], app).status).toBe(0);
  });

  it('type-checks under the stock tsconfig (CommonJS, node10 resolution) and under node16 and bundler resolution', () => {
    expect(execFileSync('npx', ['--no-install', 'tsc', '--noEmit', '-p', '.'], { cwd: app, encoding: 'utf8' })).toBe('');
    for (const [module, moduleResolution] of [
      ['node16', 'node16'],
      ['esnext', 'bundler'],
    ]) {
      const cfg = path.join(app, `tsconfig.${moduleResolution}.json`);
      writeFileSync(cfg, JSON.stringify({ extends: './tsconfig.json', compilerOptions: { module, moduleResolution, incremental: false } }));
      const r = run('npx', ['--no-install', 'tsc', '--noEmit', '-p', cfg], app);
      expect(`${r.stdout}${r.stderr}`).toBe('');
      expect(r.status).toBe(0);
    }
  });

  it('synthesizing on its own: PolicyGuard fails synthesis naming the rule, construct and main.ts line', () => {
    const r = run('npx', ['--no-install', 'ts-node', 'main.ts'], app, { CDKTF_OUTDIR: path.join(tempDir(), 'out') });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/crm-guard: CRM-ENC-007 \(high\) acme-exports\/bucket \[main\.ts:11\]/);
    // The construct waiver was honoured: its finding does not block.
    expect(r.stderr).not.toMatch(/crm-guard: CRM-ENC-008/);
  });

  it('crm-guard synth runs the app, records the construct waiver and reports findings (exit 1)', () => {
    const r = run('npx', ['--no-install', 'crm-guard', 'synth', '--format', 'json'], app);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; waived: boolean; waiver?: { owner: string; origin?: unknown } }[] };
    const tls = report.findings.filter((f) => f.ruleId === 'CRM-ENC-008');
    expect(tls).toHaveLength(1);
    expect(tls[0].waived).toBe(true);
    expect(tls[0].waiver).toMatchObject({ owner: 'team-web' });
    expect(report.findings.some((f) => f.ruleId === 'CRM-ENC-007' && !f.waived)).toBe(true);
  });
});

const STOCK_TSCONFIG = `{
  "compilerOptions": {
    "alwaysStrict": true,
    "declaration": true,
    "experimentalDecorators": true,
    "inlineSourceMap": true,
    "inlineSources": true,
    "isolatedModules": true,
    "lib": ["es2018"],
    "module": "CommonJS",
    "noEmitOnError": true,
    "noFallthroughCasesInSwitch": true,
    "noImplicitAny": true,
    "noImplicitReturns": true,
    "noImplicitThis": true,
    "noUnusedLocals": true,
    "noUnusedParameters": true,
    "resolveJsonModule": true,
    "strict": true,
    "strictNullChecks": true,
    "strictPropertyInitialization": true,
    "stripInternal": true,
    "target": "ES2018",
    "types": ["node", "jest"],
    "incremental": true,
    "skipLibCheck": true
  },
  "include": ["**/*.ts"],
  "exclude": ["node_modules", "cdktf.out"]
}
`;

const APP_MAIN = `import { Construct } from "constructs";
import { App, TerraformStack } from "cdktn";
import { AwsProvider } from "@cdktn/provider-aws/lib/provider";
import { S3Bucket } from "@cdktn/provider-aws/lib/s3-bucket";
import { PolicyGuard, Waivers } from "crm-guard/cdktf";

class ExportsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    const bucket = new S3Bucket(this, "bucket", { bucket: "acme-crm-exports" });
    Waivers.of(bucket).add({ rule: "CRM-ENC-008", reason: "read by a legacy HTTP client until Q3", owner: "team-web", expires: "2099-12-31" });
  }
}

const app = new App();
new ExportsStack(app, "acme-exports");
PolicyGuard.of(app, { rules: ["CRM-ENC-007", "CRM-ENC-008"] });
app.synth();
`;
