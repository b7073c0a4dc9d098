/** The wasm path itself: opa test runs OPA's Go evaluator, so these prove what users actually run. */
import { generateKeyPairSync } from 'node:crypto';
import { bundleSignatures } from '../src/policy-build/build';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../src/config/load';
import { defaultBundleDir } from '../src/engine/bundle';
import { PolicyEngine } from '../src/engine/engine';
import { EngineError } from '../src/errors';
import { normalizeCdktf } from '../src/model/normalize-cdktf';
import { tempDir } from './helpers';

const tf = (resource: Record<string, unknown>) =>
  normalizeCdktf(
    {
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, required_version: '~> 1.9' },
      provider: { aws: [{ region: 'eu-west-1' }] },
      resource,
    },
    'mem.tf.json',
    'mem',
  );

describe('PolicyEngine (wasm)', () => {
  let engine: PolicyEngine;
  beforeAll(async () => {
    engine = await PolicyEngine.load();
    engine.setConfig(loadConfig());
  });

  it('exposes the catalog built from METADATA, one entry per rule package', () => {
    const ids = engine.catalog.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of engine.catalog.rules) {
      expect(r.title.length).toBeGreaterThan(8);
      expect(r.remediation).toMatch(/CDKTF/);
      expect(r.file).toMatch(new RegExp(`^policies/[a-z_]+/${r.package.split('.')[1]}\\.rego$`));
    }
  });

  it('evaluates every rule in one call and returns findings with rule, resource and message', () => {
    const db = { engine: 'postgres', storage_encrypted: false, publicly_accessible: true, backup_retention_period: 7, db_subnet_group_name: 'x', enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'] };
    const findings = engine.evaluate(tf({ aws_db_instance: { db } }));
    const onDb = new Set(findings.filter((f) => f.resource === 'aws_db_instance.db').map((f) => f.rule.id));
    expect(onDb).toContain('CRM-ENC-004');
    expect(onDb).toContain('CRM-NET-009');
    for (const f of findings) expect(f.message.length).toBeGreaterThan(20);
    // Fixing the two properties removes exactly those two findings and nothing else.
    const fixed = engine.evaluate(tf({ aws_db_instance: { db: { ...db, storage_encrypted: true, kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/k', publicly_accessible: false } } }));
    const key = (f: { rule: { id: string }; resource: string }) => `${f.rule.id} ${f.resource}`;
    expect(findings.map(key).filter((k) => !fixed.map(key).includes(k)).sort()).toEqual(['CRM-ENC-004 aws_db_instance.db', 'CRM-NET-009 aws_db_instance.db']);
  });

  it('marks findings on unknown-at-plan values as unverifiable', () => {
    const findings = engine.evaluate(tf({ aws_db_instance: { db: { storage_encrypted: '${var.enc}', kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/k', backup_retention_period: 7, db_subnet_group_name: 'x' } } }));
    const enc = findings.find((f) => f.rule.id === 'CRM-ENC-004');
    expect(enc).toMatchObject({ unverifiable: true });
    expect(enc?.message).toContain('known only after apply');
  });

  it('reads configuration from data.config (setConfig replaces it)', () => {
    const model = tf({ aws_db_instance: { db: { storage_encrypted: true, kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/k', backup_retention_period: 10, db_subnet_group_name: 'x' } } });
    expect(engine.evaluate(model).filter((f) => f.rule.id === 'CRM-BDR-002')).toEqual([]);
    engine.setConfig({ ...loadConfig(), min_backup_retention_days: 14 });
    expect(engine.evaluate(model).filter((f) => f.rule.id === 'CRM-BDR-002')).toHaveLength(1);
    engine.setConfig(loadConfig());
  });

  it('accepts the same resource name in two regions (names are unique per region, not per stack)', () => {
    const twoRegions = normalizeCdktf(
      {
        terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, required_version: '~> 1.9' },
        provider: { aws: [{ region: 'eu-west-1' }, { alias: 'dr', region: 'eu-central-1' }] },
        resource: {
          aws_config_configuration_recorder: { a: { name: 'default' }, b: { name: 'default', provider: 'aws.dr' } },
          aws_config_configuration_recorder_status: { a: { name: 'default', is_enabled: true }, b: { name: 'default', is_enabled: true, provider: 'aws.dr' } },
          aws_cloudwatch_log_group: { a: { name: 'trail' }, b: { name: 'trail', provider: 'aws.dr' } },
          aws_cloudwatch_log_metric_filter: { a: { name: 'f', log_group_name: 'trail', pattern: 'x' }, b: { name: 'f', log_group_name: 'trail', provider: 'aws.dr', pattern: 'x' } },
          aws_db_parameter_group: { a: { name: 'pg', family: 'postgres16' }, b: { name: 'pg', family: 'postgres16', provider: 'aws.dr' } },
          aws_db_instance: { a: { engine: 'postgres', parameter_group_name: 'pg' }, b: { engine: 'postgres', parameter_group_name: 'pg', provider: 'aws.dr' } },
        },
      },
      'two.tf.json',
      'two',
    );
    const tls = engine.evaluate(twoRegions).filter((f) => f.rule.id === 'CRM-ENC-006');
    expect(tls.map((f) => f.resource).sort()).toEqual(['aws_db_instance.a', 'aws_db_instance.b']);
  });

  it('stays warm: repeated evaluations of the same model give the same findings', () => {
    const model = tf({ aws_s3_bucket: { a: { bucket: 'a' }, b: { bucket: 'b' } } });
    const first = JSON.stringify(engine.evaluate(model));
    for (let i = 0; i < 5; i++) expect(JSON.stringify(engine.evaluate(model))).toBe(first);
  });
});

describe('PolicyEngine fails closed', () => {
  function bundleCopy(): string {
    const dir = tempDir();
    for (const f of ['policy.wasm', 'catalog.json', '.signatures.json']) copyFileSync(path.join(defaultBundleDir(), f), path.join(dir, f));
    return dir;
  }

  /**
   * Writes `catalog` into the bundle copy `dir` and re-signs it with a new key (as a team would,
   * given to crm-guard as --bundle-key): the catalog is then trusted as written. Returns a signer
   * for later versions of the catalog and the public key file.
   */
  function resigned(dir: string, catalog: unknown): { keyFile: string; sign: (c: unknown) => void } {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(dir, 'team.pub.pem');
    writeFileSync(keyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }));
    const pem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const sign = (c: unknown): void => {
      writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify(c));
      writeFileSync(path.join(dir, '.signatures.json'), bundleSignatures(readFileSync(path.join(dir, 'policy.wasm')), JSON.stringify(c), { pem, keyid: 'team' }));
    };
    sign(catalog);
    return { keyFile, sign };
  }

  it('rejects a policy.wasm that does not match its catalog', async () => {
    const dir = bundleCopy();
    const wasm = readFileSync(path.join(dir, 'policy.wasm'));
    wasm[wasm.length - 1] ^= 0xff;
    writeFileSync(path.join(dir, 'policy.wasm'), wasm);
    await expect(PolicyEngine.load(dir)).rejects.toThrow(/signature does not verify: policy.wasm was changed after signing/);
  });

  it('rejects a missing bundle', async () => {
    await expect(PolicyEngine.load(tempDir())).rejects.toBeInstanceOf(EngineError);
  });

  it('refuses a catalog that leaves out a rule the wasm evaluates', async () => {
    const dir = bundleCopy();
    const catalog = JSON.parse(readFileSync(path.join(dir, 'catalog.json'), 'utf8')) as { rules: { id: string }[] };
    catalog.rules = catalog.rules.filter((r) => r.id !== 'CRM-ENC-004');
    const { keyFile, sign } = resigned(dir, catalog);
    await expect(PolicyEngine.load(dir)).rejects.toThrow(/not made with the expected key/);
    // The wasm still evaluates that rule (its own entrypoint): refused at load, before any result could go unexplained.
    await expect(PolicyEngine.load(dir, { bundleKeyFile: keyFile })).rejects.toThrow(/evaluates rule package encryption\.rds_instance_encrypted, which the catalog does not list/);
    // A catalog without per-rule entrypoints (an older build) is refused with the fix.
    delete (catalog as { ruleEntrypoints?: unknown }).ruleEntrypoints;
    sign(catalog);
    await expect(PolicyEngine.load(dir, { bundleKeyFile: keyFile })).rejects.toThrow(/no "ruleEntrypoints" \(a bundle built by an older crm-guard: rebuild it/);
  });

  it('refuses, before any result, a wasm whose entrypoints are not the catalog\'s', async () => {
    const dir = bundleCopy();
    const catalog = JSON.parse(readFileSync(path.join(dir, 'catalog.json'), 'utf8')) as { entrypoints: string[] };
    catalog.entrypoints.push('crm/entry/not_in_the_wasm');
    const { keyFile } = resigned(dir, catalog);
    // The entrypoints are read from the workers' own instances (the calling thread never
    // instantiates the wasm): the first evaluation is refused, and every later one.
    const e = await PolicyEngine.load(dir, { bundleKeyFile: keyFile });
    e.setConfig(loadConfig());
    const model = tf({ aws_s3_bucket: { b: { bucket: 'b' } } });
    try {
      for (let i = 0; i < 2; i++) expect(() => e.evaluate(model)).toThrow(/policy\.wasm lacks the catalog's entrypoints crm\/entry\/not_in_the_wasm/);
    } finally {
      e.close();
    }
  });

  it('refuses a memory ceiling that is not a whole number of pages in the wasm32 range', async () => {
    for (const maxMemoryPages of [0, -1, 1.5, 65537, Number.NaN]) {
      await expect(PolicyEngine.load(defaultBundleDir(), { maxMemoryPages })).rejects.toThrow(/invalid maxMemoryPages/);
    }
  });

  it('raises an engine error (never a pass) when evaluation runs out of memory', async () => {
    const small = await PolicyEngine.load(defaultBundleDir(), { maxMemoryPages: 40 });
    small.setConfig(loadConfig());
    const buckets = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`b${i}`, { bucket: `bucket-${i}`, tags: { Owner: 'x'.repeat(200) } }]));
    expect(() => small.evaluate(tf({ aws_s3_bucket: buckets }))).toThrow(EngineError);
    expect(() => small.evaluate(tf({ aws_s3_bucket: buckets }))).toThrow(/opa_malloc: failed/);
  });
});
