/**
 * Fail closed: no input shape can turn into a pass without being evaluated (issue 16).
 * Each case here was an exit 0 (or a hang, or an untyped crash) before.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../src/errors';
import { loadInputs } from '../src/input/load';
import { at, PRIMARY_DB, primaryStackJson, runCli, teamLoggingRule, tempDir, writeStack, type CliRun, type TfJson } from './helpers';

const planFile = path.join(__dirname, 'parity', 'plan', 'plan.json');

function write(rel: string, text: string, dir = tempDir()): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Rule id and resource of every finding of a JSON report. */
function findings(run: CliRun): string[] {
  const report = JSON.parse(run.stdout) as { findings: { ruleId: string; resource: string }[] };
  return report.findings.map((f) => `${f.ruleId} ${f.resource}`).sort();
}

const check = (file: string) => runCli(['check', file, '--format', 'json']);

/** A database body that fails several baseline rules (no encryption, public, single AZ). */
const BAD_DB = { engine: 'postgres', instance_class: 'db.t3.micro', allocated_storage: 20, publicly_accessible: true, storage_encrypted: false };

describe('duplicate JSON keys follow HCL-JSON semantics (1)', () => {
  it('a second "resource" key placed before the real one is evaluated too', async () => {
    const doc = await primaryStackJson();
    const text = JSON.stringify(doc);
    const hidden = `{"resource":{"aws_db_instance":{"hidden":${JSON.stringify(BAD_DB)}}},${text.slice(1)}`;
    const run = await check(writeStack(hidden));
    expect(run.code).toBe(1);
    expect(findings(run).some((f) => f.endsWith(' aws_db_instance.hidden'))).toBe(true);
  });

  it('a repeated resource-type key merges with the other definitions of that type', async () => {
    const doc = await primaryStackJson();
    const [dbName] = at(doc, 'aws_db_instance', PRIMARY_DB);
    const text = JSON.stringify(doc).replace('"resource":{', `"resource":{"aws_db_instance":{"hidden":${JSON.stringify(BAD_DB)}},`);
    const run = await check(writeStack(text));
    expect(run.code).toBe(1);
    const [model] = await loadInputs([writeStack(text)]);
    expect(Object.keys(model.resources)).toEqual(expect.arrayContaining(['aws_db_instance.hidden', `aws_db_instance.${dbName}`]));
    expect(findings(run).some((f) => f.endsWith(' aws_db_instance.hidden'))).toBe(true);
  });

  it('a repeated argument is an input error naming the file and line', async () => {
    const doc = await primaryStackJson();
    const [dbName] = at(doc, 'aws_db_instance', PRIMARY_DB);
    const pretty = JSON.stringify(doc, null, 2);
    const key = `"${dbName}": {`;
    const text = pretty.replace(key, `${key}\n"storage_encrypted": false,`);
    const file = writeStack(text);
    const run = await check(file);
    expect(run.code).toBe(2);
    const line = text.slice(0, text.indexOf('"storage_encrypted": false')).split('\n').length;
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(/duplicate argument "storage_encrypted"/);
    expect(run.stderr).toContain(`line ${line}`);
  });

  it('the same resource defined twice (in two "resource" keys) is an input error', async () => {
    const text = `{"resource":{"aws_s3_bucket":{"b":{"bucket":"x"}}},"resource":{"aws_s3_bucket":{"b":{"bucket":"y"}}}}`;
    const run = await check(writeStack(text));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/duplicate resource configuration "aws_s3_bucket\.b"/);
  });

  it('reads the HCL-JSON array form of repeated bodies', async () => {
    const text = JSON.stringify({ resource: [{ aws_db_instance: { a: BAD_DB } }, { aws_db_instance: { b: BAD_DB } }], provider: { aws: [{ region: 'eu-west-1' }] } });
    const [model] = await loadInputs([writeStack(text)]);
    expect(Object.keys(model.resources).sort()).toEqual(['aws_db_instance.a', 'aws_db_instance.b']);
  });

  it('repeated "provider" and "terraform" keys all count', async () => {
    const text = `{"provider":{"aws":{"region":"eu-west-1"}},"provider":{"aws":{"alias":"dr","region":"us-east-1"}},"terraform":{"required_providers":{"aws":{"source":"hashicorp/aws","version":"~> 6.0"}}},"terraform":{"required_providers":{"random":{"source":"hashicorp/random","version":"~> 3.0"}}},"resource":{"aws_s3_bucket":{"b":{"bucket":"x"}}}}`;
    const [model] = await loadInputs([writeStack(text)]);
    expect(Object.keys(model.providers).sort()).toEqual(['aws', 'aws.dr']);
    expect(model.providers['aws.dr'].region).toBe('us-east-1');
    expect(Object.keys(model.terraform.required_providers).sort()).toEqual(['aws', 'random']);
  });

  it('a repeated name in a plan is an input error', async () => {
    const text = readFileSync(planFile, 'utf8').replace('{', '{"planned_values":{},');
    const run = await check(write('plan.json', text));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/property "planned_values" appears twice/);
  });

  it('names are compared decoded: an escaped repeat is still a repeat', async () => {
    const hidden = `{"resourc\\u0065":{"aws_db_instance":{"hidden":${JSON.stringify(BAD_DB)}}},"resource":{"aws_s3_bucket":{"b":{"bucket":"x"}}}}`;
    const [model] = await loadInputs([writeStack(hidden)]);
    expect(Object.keys(model.resources).sort()).toEqual(['aws_db_instance.hidden', 'aws_s3_bucket.b']);
    const text = readFileSync(planFile, 'utf8').replace('{', '{"planned_v\\u0061lues":{},');
    expect((await check(write('plan.json', text))).stderr).toMatch(/property "planned_values" appears twice/);
  });

  it('input names such as __proto__ stay plain keys', async () => {
    const text = `{"resource":{"aws_s3_bucket":{"__proto__":{"bucket":"x"},"constructor":{"__proto__":"y"}}}}`;
    const [model] = await loadInputs([writeStack(text)]);
    expect(Object.keys(model.resources).sort()).toEqual(['aws_s3_bucket.__proto__', 'aws_s3_bucket.constructor']);
    expect(Object.keys(model.resources['aws_s3_bucket.constructor'].values)).toEqual(['__proto__']);
  });
});

describe('explicit null is unset in CDKTF JSON (2)', () => {
  it('an argument set to null is judged like a missing one', async () => {
    const doc = await primaryStackJson();
    const [name, body] = at(doc, 'aws_db_instance', PRIMARY_DB);
    const withNull: TfJson = JSON.parse(JSON.stringify(doc)) as TfJson;
    withNull.resource.aws_db_instance[name] = { ...body, storage_encrypted: null, kms_key_id: null, db_subnet_group_name: null };
    const without: TfJson = JSON.parse(JSON.stringify(doc)) as TfJson;
    const { storage_encrypted: _a, kms_key_id: _b, db_subnet_group_name: _c, ...rest } = body;
    without.resource.aws_db_instance[name] = rest;
    const a = await check(writeStack(withNull));
    const b = await check(writeStack(without));
    expect(b.code).toBe(1);
    expect(a.code).toBe(1);
    expect(findings(a)).toEqual(findings(b));
    const [model] = await loadInputs([writeStack(withNull)]);
    expect('storage_encrypted' in model.resources[`aws_db_instance.${name}`].values).toBe(false);
  });
});

describe('implied providers are modelled (3)', () => {
  it('no default provider block is judged like an explicit empty one', async () => {
    const doc = await primaryStackJson();
    const implied: TfJson = JSON.parse(JSON.stringify(doc)) as TfJson;
    implied.provider.aws = implied.provider.aws.filter((p) => p.alias !== undefined);
    const empty: TfJson = JSON.parse(JSON.stringify(implied)) as TfJson;
    empty.provider.aws.push({});
    const a = await check(writeStack(implied));
    const b = await check(writeStack(empty));
    expect(b.code).toBe(1);
    expect(a.code).toBe(1);
    expect(findings(a)).toEqual(findings(b));
    expect(findings(a).some((f) => f.includes(' provider.aws'))).toBe(true);
  });

  it('an argument-less plan provider has empty values, aliased or not', async () => {
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { configuration: { provider_config: Record<string, Record<string, unknown>> } };
    delete plan.configuration.provider_config.aws.expressions;
    delete plan.configuration.provider_config['aws.dr'].expressions;
    const [model] = await loadInputs([write('plan.json', JSON.stringify(plan))]);
    expect(model.providers.aws.values).toEqual({});
    expect(model.providers['aws.dr'].values).toEqual({ alias: 'dr' });
    const run = await check(write('plan.json', JSON.stringify(plan)));
    expect(run.code).toBe(1);
    expect(findings(run).some((f) => f.includes(' provider.aws'))).toBe(true);
  });
});

describe('things that never finished (4)', () => {
  it('a provider_config_key with ":" but no module path is an input error, not a loop', async () => {
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { configuration: { root_module: { resources: Record<string, unknown>[] } } };
    plan.configuration.root_module.resources[0].provider_config_key = 'x:aws';
    const run = await check(write('plan.json', JSON.stringify(plan)));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/provider_config_key "x:aws"/);
  });

  it('an event pattern of `false` (LOG-015) is evaluated, not looped on', async () => {
    const doc = await primaryStackJson();
    const rules = doc.resource.aws_cloudwatch_event_rule;
    for (const name of Object.keys(rules)) rules[name] = { ...rules[name], event_pattern: 'false' };
    const run = await check(writeStack(doc));
    expect(run.code).toBe(1);
    expect(findings(run).some((f) => f.startsWith('CRM-LOG-015 '))).toBe(true);
  });

  it('an IAM policy document of `true` is evaluated, not looped on', async () => {
    const doc = await primaryStackJson();
    const policies = doc.resource.aws_iam_role_policy;
    const [name] = Object.keys(policies);
    policies[name] = { ...policies[name], policy: ' true' };
    const run = await check(writeStack(doc));
    expect([0, 1]).toContain(run.code);
    expect(run.stderr).toBe('');
  });
});

describe('inputs are bounded regular files (4)', () => {
  it('a device is refused, not read until memory runs out', async () => {
    const run = await check('/dev/zero');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\/dev\/zero: not a regular file \(a device\)/);
  });

  it('a FIFO is refused, not waited on', async () => {
    const fifo = path.join(tempDir(), 'main.tf');
    execFileSync('mkfifo', [fifo]);
    const run = await check(fifo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a regular file \(a FIFO\)/);
    // Inside a directory of .tf files too: listed, then refused, never skipped.
    const dir = path.dirname(fifo);
    writeFileSync(path.join(dir, 'a.tf'), 'resource "aws_s3_bucket" "b" {}\n');
    const inDir = await check(dir);
    expect(inDir.code).toBe(2);
    expect(inDir.stderr).toMatch(/main\.tf: not a regular file \(a FIFO\)/);
  });

  it('a manifest entry pointing at a device is refused', async () => {
    const out = tempDir();
    write('manifest.json', JSON.stringify({ stacks: { s: { synthesizedStackPath: 'stacks/s/cdk.tf.json' } } }), out);
    mkdirSync(path.join(out, 'stacks', 's'), { recursive: true });
    symlinkSync('/dev/zero', path.join(out, 'stacks', 's', 'cdk.tf.json'));
    const run = await check(out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a regular file|outside the output directory/);
  });

  it('a file over the size limit is an input error with the limit; the limit is configurable', async () => {
    const file = writeStack({ resource: { aws_s3_bucket: { b: { bucket: 'x'.repeat(200) } } } });
    const small = await runCli(['check', file, '--max-input-bytes', '100']);
    expect(small.code).toBe(2);
    expect(small.stderr).toMatch(/larger than the input size limit of 100 bytes/);
    expect((await runCli(['check', file, '--max-input-bytes', '100000'])).code).toBe(1);
    expect((await runCli(['check', file, '--max-input-bytes', 'lots'])).code).toBe(2);
    await expect(loadInputs([file], { maxInputBytes: -1 })).rejects.toThrow(/invalid input size limit/);
  });
});

describe('manifest paths are confined to the output directory (8)', () => {
  async function outWithStackPath(rel: string): Promise<string> {
    const out = tempDir();
    write('manifest.json', JSON.stringify({ stacks: { s: { synthesizedStackPath: rel } } }), out);
    return out;
  }

  it('a path leading out of the directory is refused, not read', async () => {
    const out = await outWithStackPath('../clean.tf.json');
    writeFileSync(path.join(out, '..', 'clean.tf.json'), JSON.stringify({ resource: { aws_s3_bucket: { b: {} } } }));
    const run = await check(out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/leads outside the output directory/);
  });

  it('an absolute path and a symlink out of the directory are refused', async () => {
    const abs = await check(await outWithStackPath('/etc/passwd'));
    expect(abs.code).toBe(2);
    expect(abs.stderr).toMatch(/must be relative/);
    expect(abs.stderr).not.toMatch(/root:/);
    const out = await outWithStackPath('stacks/s/cdk.tf.json');
    mkdirSync(path.join(out, 'stacks', 's'), { recursive: true });
    symlinkSync('/etc/passwd', path.join(out, 'stacks', 's', 'cdk.tf.json'));
    const link = await check(out);
    expect(link.code).toBe(2);
    expect(link.stderr).toMatch(/leads outside the output directory/);
    expect(link.stderr).not.toMatch(/root:/);
  });
});

describe('module cycles are found by real path (9)', () => {
  it('a module that calls itself through a symlink is a cycle error', async () => {
    const dir = tempDir();
    write('main.tf', 'module "m" {\n  source = "./m"\n}\n', dir);
    write('m/main.tf', 'module "again" {\n  source = "./loop"\n}\nresource "aws_s3_bucket" "b" {}\n', dir);
    symlinkSync(path.join(dir, 'm'), path.join(dir, 'm', 'loop'));
    const run = await check(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/a module cycle/);
  });
});

describe('evaluation runs under a time budget (4)', () => {
  /** A team rule that never finishes in practice: a billion-element range per bucket. */
  function unboundedTeamPolicy(): string {
    const dir = tempDir();
    write(
      'logging/acme_unbounded.rego',
      teamLoggingRule({
        name: 'acme_unbounded',
        id: 'ACME-LOG-001',
        title: 'Unbounded team rule',
        description: 'Counts to a billion for every bucket, which never finishes in practice.',
        remediation: 'Bound the iteration by the size of the input.',
        control: 'A.8.15?',
        body: `deny contains tf.finding(b, "never") if {
	some b in tf.resources("aws_s3_bucket")
	count(numbers.range(1, 1000000000)) == 0
}
`,
      }),
      dir,
    );
    return dir;
  }

  it('a team policy that does not finish is an engine error naming its rule and family, exit 2', async () => {
    const file = writeStack({ resource: { aws_s3_bucket: { b: { bucket: 'x' } } } });
    const run = await runCli(['check', file, '--policy', unboundedTeamPolicy(), '--time-budget', '2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/did not finish within its time budget of 2000 ms: crm\/entry\/rule_logging_acme_unbounded \(rule ACME-LOG-001, family logging\)/);
  });

  it('the engine stays usable after a stopped evaluation, and the budget is validated', async () => {
    const { loadUserPolicies } = await import('../src/engine/user-policies');
    const engine = loadUserPolicies(unboundedTeamPolicy());
    const [withBucket] = await loadInputs([writeStack({ resource: { aws_s3_bucket: { b: { bucket: 'x' } } } })]);
    const [noBucket] = await loadInputs([writeStack({ resource: { aws_sqs_queue: { q: {} } } })]);
    expect(() => engine.evaluate(withBucket, { budgetMs: 1000 })).toThrow(/time budget of 1000 ms/);
    expect(engine.evaluate(noBucket)).toEqual([]);
    expect(() => engine.evaluate(noBucket, { budgetMs: 0 })).toThrow(/invalid evaluation time budget/);
    expect((await runCli(['check', writeStack({ resource: {} }), '--time-budget', 'soon'])).code).toBe(2);
    engine.close();
  });
});

describe('a rule result the engine cannot explain is an engine error', () => {
  /** Checks a stack with one bucket against one team rule of the LOG family. */
  async function checkWithTeamRule(rule: Parameters<typeof teamLoggingRule>[0]): Promise<CliRun> {
    const dir = tempDir();
    write(`logging/${rule.name}.rego`, teamLoggingRule(rule), dir);
    return runCli(['check', writeStack({ resource: { aws_s3_bucket: { b: { bucket: 'x' } } } }), '--policy', dir]);
  }

  it('a team rule whose deny yields a resource that is not a string: exit 2 naming the rule', async () => {
    const run = await checkWithTeamRule({
      name: 'acme_malformed',
      id: 'ACME-LOG-002',
      title: 'Malformed team rule',
      description: 'Reports a number where the resource address belongs.',
      remediation: 'Report the resource address.',
      body: `deny contains {"resource": 42, "message": "no address"} if {
	some _ in tf.resources("aws_s3_bucket")
}
`,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/malformed policy result \{"resource":42,"message":"no address"\} from ACME-LOG-002: expected \{resource, message\}/);
  });

  it('a team rule package without a deny set: exit 2 naming the rule, never a pass', async () => {
    const run = await checkWithTeamRule({
      name: 'acme_no_deny',
      id: 'ACME-LOG-003',
      title: 'Team rule that names its set otherwise',
      description: 'Reports into `violations` instead of `deny`, so nothing would ever be reported.',
      remediation: "Report the findings as the package's deny set.",
      body: `violations contains tf.finding(b, "unlogged") if {
	some b in tf.resources("aws_s3_bucket")
}
`,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/rule ACME-LOG-003 \(package crm\.rules\.logging\.acme_no_deny\) defines no `deny` set, so it cannot be evaluated/);
  });
});

describe('plan JSON is cross-checked (6)', () => {
  type Plan = {
    planned_values: { root_module: { resources: { address: string }[] } };
    resource_changes: { address: string; change: { actions: string[] } }[];
    [k: string]: unknown;
  };
  const basePlan = (): Plan => JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
  const checkPlan = (p: Plan) => check(write('plan.json', JSON.stringify(p)));

  it('a resource only in resource_changes is an input error, not "0 resources"', async () => {
    const p = basePlan();
    p.planned_values.root_module.resources = [];
    const run = await checkPlan(p);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/has a planned change \(.*\) but is missing from planned_values/);
  });

  it('a planned resource whose change deletes it is an input error', async () => {
    const p = basePlan();
    const address = p.planned_values.root_module.resources[0].address;
    p.resource_changes.find((c) => c.address === address)!.change.actions = ['delete'];
    const run = await checkPlan(p);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`resource ${address} is in planned_values, but its change (delete) removes it`);
  });

  it('duplicate addresses are input errors', async () => {
    const p = basePlan();
    p.planned_values.root_module.resources.push(p.planned_values.root_module.resources[0]);
    expect((await checkPlan(p)).stderr).toMatch(/is planned twice/);
    const q = basePlan();
    q.resource_changes.push(q.resource_changes[0]);
    expect((await checkPlan(q)).stderr).toMatch(/has two changes/);
  });

  it('a configured resource missing from planned_values and resource_changes is an input error', async () => {
    const p = basePlan();
    const address = p.planned_values.root_module.resources[0].address;
    p.planned_values.root_module.resources = p.planned_values.root_module.resources.filter((r) => r.address !== address);
    p.resource_changes = p.resource_changes.filter((c) => c.address !== address);
    const run = await checkPlan(p);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`resource ${address} is in the configuration but in neither planned_values nor resource_changes`);
  });

  it('complete: false and a non-boolean errored are input errors', async () => {
    const p = basePlan();
    p.complete = false;
    const incomplete = await checkPlan(p);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/"complete": false/);
    const q = basePlan();
    q.errored = 'yes';
    const errored = await checkPlan(q);
    expect(errored.code).toBe(2);
    expect(errored.stderr).toMatch(/expected "errored" to be true or false, found a string/);
  });
});

describe('override files are merged as Terraform merges them (7)', () => {
  const MAIN = `resource "aws_db_instance" "crm" {
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  storage_encrypted = true
  multi_az          = true

  lifecycle {
    prevent_destroy = true
  }
}
`;

  async function dbValues(files: Record<string, string>): Promise<Record<string, unknown>> {
    const dir = tempDir();
    for (const [name, text] of Object.entries(files)) write(name, text, dir);
    const [model] = await loadInputs([dir]);
    return model.resources['aws_db_instance.crm'].values;
  }

  it('an override argument replaces the original (HCL and JSON override files)', async () => {
    const hcl = await dbValues({ 'main.tf': MAIN, 'db_override.tf': 'resource "aws_db_instance" "crm" {\n  storage_encrypted = false\n}\n' });
    expect(hcl.storage_encrypted).toBe(false);
    expect(hcl.multi_az).toBe(true);
    const json = await dbValues({ 'main.tf': MAIN, 'override.tf.json': JSON.stringify({ resource: { aws_db_instance: { crm: { multi_az: false } } } }) });
    expect(json.multi_az).toBe(false);
    expect(json.storage_encrypted).toBe(true);
  });

  it('the override changes the verdict', async () => {
    const dir = tempDir();
    write('main.tf', MAIN, dir);
    const before = await check(dir);
    write('override.tf', 'resource "aws_db_instance" "crm" {\n  storage_encrypted = false\n}\n', dir);
    const after = await check(dir);
    const messages = (r: CliRun) => (JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] }).findings.filter((f) => f.ruleId === 'CRM-ENC-004').map((f) => f.message);
    expect(messages(before).join('\n')).toMatch(/AWS-managed key/);
    expect(messages(after).join('\n')).toMatch(/has `storage_encrypted = false`|has storage_encrypted/);
  });

  it('lifecycle merges argument by argument; later override files win', async () => {
    const v = await dbValues({
      'main.tf': MAIN,
      'a_override.tf': 'resource "aws_db_instance" "crm" {\n  lifecycle {\n    ignore_changes = [tags]\n  }\n}\n',
      'b_override.tf': 'resource "aws_db_instance" "crm" {\n  multi_az = false\n}\n',
      'override.tf': 'resource "aws_db_instance" "crm" {\n  multi_az = true\n}\n',
    });
    const lifecycle = (v.lifecycle as Record<string, unknown>[])[0];
    expect(lifecycle.prevent_destroy).toBe(true);
    expect(lifecycle.ignore_changes).toBeDefined();
    expect(v.multi_az).toBe(true);
  });

  it('an override of a block that does not exist is an input error', async () => {
    const dir = tempDir();
    write('main.tf', MAIN, dir);
    write('override.tf', 'resource "aws_s3_bucket" "other" {\n  bucket = "x"\n}\n', dir);
    const run = await check(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/override\.tf: the override file defines resource "aws_s3_bucket" "other", which no other file of the module defines/);
  });
});

describe('the policy bundle is signed and self-describing (5)', () => {
  const bundleDir = path.join(__dirname, '..', 'bundle');

  /** A copy of the shipped bundle with one file changed, checked as a prebuilt team bundle and as the engine's bundle. */
  async function loadTampered(change: (files: { catalog: Record<string, unknown>; wasm: Buffer }) => void): Promise<unknown> {
    const dir = tempDir();
    const catalog = JSON.parse(readFileSync(path.join(bundleDir, 'catalog.json'), 'utf8')) as Record<string, unknown>;
    const files = { catalog, wasm: readFileSync(path.join(bundleDir, 'policy.wasm')) };
    change(files);
    writeFileSync(path.join(dir, 'catalog.json'), `${JSON.stringify(files.catalog, null, 2)}\n`);
    writeFileSync(path.join(dir, 'policy.wasm'), files.wasm);
    writeFileSync(path.join(dir, '.signatures.json'), readFileSync(path.join(bundleDir, '.signatures.json')));
    const { PolicyEngine } = await import('../src/engine/engine');
    return PolicyEngine.load(dir).then(
      () => 'loaded',
      (e: Error) => e,
    );
  }

  type Rule = { id: string; severity: string; enforcement: string };
  const tampers: [string, (f: { catalog: Record<string, unknown>; wasm: Buffer }) => void][] = [
    ['an entrypoint dropped', (f) => (f.catalog.entrypoints as string[]).pop()],
    ['a severity lowered', (f) => ((f.catalog.rules as Rule[])[0].severity = 'low')],
    ['an enforcement lowered', (f) => ((f.catalog.rules as Rule[])[0].enforcement = 'advisory')],
    ['no rules', (f) => (f.catalog.rules = [])],
    ['a flipped wasm byte with a recomputed digest', (f) => {
      f.wasm[f.wasm.length - 1] ^= 0xff;
      f.catalog.wasmSha256 = createHash('sha256').update(f.wasm).digest('hex');
    }],
  ];

  it.each(tampers)('refuses a bundle with %s before any evaluation', async (_name, change) => {
    const e = await loadTampered(change);
    expect(e).toBeInstanceOf(EngineError);
    expect((e as Error).message).toMatch(/signature does not verify: (catalog\.json|policy\.wasm) was changed after signing/);
  });

  it('refuses an unsigned prebuilt team bundle, exit 2, before evaluating anything', async () => {
    const dir = tempDir();
    for (const f of ['catalog.json', 'policy.wasm']) writeFileSync(path.join(dir, f), readFileSync(path.join(bundleDir, f)));
    const run = await runCli(['check', writeStack({ resource: { aws_s3_bucket: { b: { bucket: 'x' } } } }), '--policy', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\.signatures\.json is missing \(the bundle is unsigned\)/);
  });

  it('every report format names the bundle digest and its signature status', async () => {
    const { wasmSha256 } = JSON.parse(readFileSync(path.join(bundleDir, 'catalog.json'), 'utf8')) as { wasmSha256: string };
    const file = writeStack({ resource: { aws_s3_bucket: { b: { bucket: 'x' } } } });
    for (const format of ['json', 'sarif', 'junit', 'markdown']) {
      const run = await runCli(['check', file, '--format', format]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(wasmSha256);
      expect(run.stdout).toMatch(/signature verified \(key crm-guard-bundle-2026\)|"verified": true/);
    }
    const json = JSON.parse((await runCli(['check', file, '--format', 'json'])).stdout) as { bundles: { wasmSha256: string; signature: { verified: boolean } }[] };
    expect(json.bundles).toEqual([expect.objectContaining({ wasmSha256, signature: { verified: true, keyid: 'crm-guard-bundle-2026' } })]);
  });
});

describe('the engine checks that catalog and wasm agree, whatever the signer (5)', () => {
  const bundleDir = path.join(__dirname, '..', 'bundle');

  async function loadResigned(change: (catalog: Record<string, unknown>) => void): Promise<string> {
    const { generateKeyPairSync } = await import('node:crypto');
    const { bundleSignatures } = await import('../src/policy-build/build');
    const { PolicyEngine } = await import('../src/engine/engine');
    const dir = tempDir();
    const catalog = JSON.parse(readFileSync(path.join(bundleDir, 'catalog.json'), 'utf8')) as Record<string, unknown>;
    change(catalog);
    const catalogJson = JSON.stringify(catalog);
    const wasm = readFileSync(path.join(bundleDir, 'policy.wasm'));
    writeFileSync(path.join(dir, 'catalog.json'), catalogJson);
    writeFileSync(path.join(dir, 'policy.wasm'), wasm);
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path.join(dir, 'key.pem'), keys.publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(path.join(dir, '.signatures.json'), bundleSignatures(wasm, catalogJson, { pem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), keyid: 'team' }));
    return PolicyEngine.load(dir, { bundleKeyFile: path.join(dir, 'key.pem') }).then(
      () => 'loaded',
      (e: Error) => e.message,
    );
  }

  it('refuses an empty catalog, a rule no entrypoint reaches, and an unknown severity', async () => {
    expect(await loadResigned((c) => (c.rules = []))).toMatch(/lists no rules/);
    expect(await loadResigned((c) => (c.entrypoints = (c.entrypoints as string[]).filter((e) => !e.endsWith('/logging'))))).toMatch(/family LOG, which no entrypoint evaluates/);
    expect(await loadResigned((c) => ((c.rules as { severity: string }[])[0].severity = 'none'))).toMatch(/unknown severity/);
    expect(await loadResigned(() => undefined)).toBe('loaded');
  });
});

describe('input names never become prototype keys (9)', () => {
  it('Object.prototype names as types, providers and attributes load as plain names', async () => {
    // Written as text: in an object literal, `__proto__` would set the prototype instead of a key.
    const text =
      '{"provider":{"constructor":[{"region":"eu-west-1"}]},' +
      '"data":{"toString":{"current":{}},"valueOf":{"x":{"provider":"constructor"}}},' +
      '"resource":{"aws_s3_bucket":{"b":{"bucket":"x","__proto__":"${aws_kms_key.k.arn}"}},"hasOwnProperty":{"h":{}}}}';
    const [model] = await loadInputs([writeStack(text)]);
    expect(Object.keys(model.by_type).sort()).toEqual(['aws_s3_bucket', 'data.toString', 'data.valueOf', 'hasOwnProperty']);
    expect(model.by_provider.constructor).toEqual(['data.valueOf.x']);
    expect(Object.keys(model.providers)).toContain('constructor');
    expect(Object.keys(model.resources['aws_s3_bucket.b'].unknown)).toEqual(['__proto__']);
    expect((await check(writeStack(text))).code).toBe(1);
  });
});

describe('the CLI process fails cleanly (9)', () => {
  /** Runs the CLI's real entry (`run()`, real process streams) from the TypeScript sources in a child process. */
  function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}, stdin: 'ignore' | number = 'ignore'): ChildProcess {
    const runner = path.join(tempDir(), 'run-cli.js');
    writeFileSync(
      runner,
      `const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
const fs = require('node:fs');
require.extensions['.ts'] = (m, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { filename, jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } });
  m._compile(code, filename);
};
require(${JSON.stringify(path.join(__dirname, '..', 'src', 'cli', 'main.ts'))}).run();
`,
    );
    return spawn(process.execPath, [runner, ...args], { env: { ...process.env, ...env }, stdio: [stdin, 'pipe', 'pipe'] });
  }

  function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  }

  it('a closed stdout (EPIPE) is exit 2 with one line, not a stack trace', async () => {
    const child = spawnCli(['check', writeStack({ resource: { aws_s3_bucket: { b: { bucket: 'x' } } } }), '--format', 'json']);
    child.stdout?.destroy();
    const { code, stderr } = await exited(child);
    expect(code).toBe(2);
    expect(stderr).toMatch(/standard output was closed before the report was written \(EPIPE\)/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('standard input is read only up to the size limit (- < /dev/zero)', async () => {
    const zero = openSync('/dev/zero', 'r');
    const child = spawnCli(['check', '-', '--max-input-bytes', '1000000'], {}, zero);
    closeSync(zero);
    const { code, stderr } = await exited(child);
    expect(code).toBe(2);
    expect(stderr).toMatch(/standard input is larger than the input size limit of 1000000 bytes/);
  });

  it('SIGINT during a team-policy compile removes its temporary directory', async () => {
    const tmp = tempDir();
    const team = path.join(__dirname, 'fixtures', 'team-policies');
    const child = spawnCli(['check', writeStack({ resource: { aws_s3_bucket: { b: { bucket: 'x' } } } }), '--policy', team], { TMPDIR: tmp });
    const done = exited(child);
    // Interrupt once the compile's temporary directory exists (event-driven, no fixed delay).
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (readdirSync(tmp).some((d) => d.startsWith('crm-guard-team-'))) {
          clearInterval(poll);
          child.kill('SIGINT');
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error('the CLI ended before compiling'));
        }
      }, 20);
    });
    const { code } = await done;
    expect(code).toBe(130);
    expect(readdirSync(tmp).filter((d) => d.startsWith('crm-guard-team-'))).toEqual([]);
  });

  it('reports are written atomically: a failed write leaves nothing behind, a good one replaces the whole file', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'r.sarif');
    writeFileSync(out, 'previous');
    const file = writeStack({ resource: { aws_s3_bucket: { b: { bucket: 'x' } } } });
    const bad = await runCli(['check', file, '--format', 'sarif', '--output', path.join(dir, 'missing', 'r.sarif')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot write the report/);
    const good = await runCli(['check', file, '--format', 'sarif', '--output', out]);
    expect(good.code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('runs');
    expect(readdirSync(dir).sort()).toEqual(['r.sarif']);
  });
});

describe('gate hardening options (9)', () => {
  /** A bucket without encryption that waives its own finding through a construct waiver. */
  function selfWaivingStack(expires: string): string {
    const waiver = { rule: 'CRM-ENC-007', reason: 'legacy bucket', owner: 'team-a', expires };
    return writeStack({ resource: { aws_s3_bucket: { b: { bucket: 'x', '//': { crm_guard: { waivers: [waiver] } } } } } });
  }

  function configFile(yaml: string): string {
    return write('gate.yaml', yaml);
  }

  const enc007 = (run: CliRun) => (JSON.parse(run.stdout) as { findings: { ruleId: string; waived: boolean }[] }).findings.filter((f) => f.ruleId === 'CRM-ENC-007');

  it('inline_waivers: false ignores waivers recorded in the checked artifact, and says so', async () => {
    const file = selfWaivingStack('2099-01-01');
    const allowed = await runCli(['check', file, '--format', 'json']);
    expect(enc007(allowed)).toEqual([expect.objectContaining({ waived: true })]);
    const gate = configFile('inline_waivers: false\n');
    const refused = await runCli(['check', file, '--format', 'json', '--config', gate]);
    expect(enc007(refused)).toEqual([expect.objectContaining({ waived: false })]);
    expect((JSON.parse(refused.stdout) as { summary: { ignoredInlineWaivers: number } }).summary.ignoredInlineWaivers).toBe(1);
    const text = await runCli(['check', file, '--config', gate]);
    expect(text.stdout).toMatch(/Inline waivers ignored \(inline_waivers: false\): 1 recorded/);
  });

  it('max_waiver_days rejects a waiver that expires too far ahead', async () => {
    const gate = configFile('max_waiver_days: 90\n');
    const far = await runCli(['check', selfWaivingStack('2099-01-01'), '--config', gate]);
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/expires 2099-01-01, more than max_waiver_days \(90\) after/);
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect((await runCli(['check', selfWaivingStack(soon), '--config', gate])).code).not.toBe(2);
    expect((await runCli(['check', selfWaivingStack(soon), '--config', configFile('max_waiver_days: -1\n')])).code).toBe(2);
  });
});

describe('text the engine cannot read is an input error (9)', () => {
  it('a lone UTF-16 surrogate names the resource and attribute, before evaluation', async () => {
    const run = await check(writeStack('{"resource":{"aws_s3_bucket":{"b":{"tags":{"Owner":"x\\ud800"}}}}}'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/aws_s3_bucket\.b: attribute tags\.Owner holds a lone UTF-16 surrogate/);
    expect(run.stderr).not.toMatch(/policy engine/);
  });

  it('outside resources too: a provider block, a variable or an output, named by its path', async () => {
    const provider = await check(writeStack('{"provider":{"aws":[{"region":"eu-west-1","default_tags":[{"tags":{"Team":"x\\udc00"}}]}]},"resource":{"aws_s3_bucket":{"b":{}}}}'));
    expect(provider.code).toBe(2);
    expect(provider.stderr).toMatch(/provider\.aws\.[\w.]*Team holds a lone UTF-16 surrogate/);
    expect(provider.stderr).not.toMatch(/policy engine/);
    const output = await check(writeStack('{"output":{"o":{"value":"x\\ud800"}},"resource":{"aws_s3_bucket":{"b":{}}}}'));
    expect(output.code).toBe(2);
    expect(output.stderr).toMatch(/output\.o[\w.]* holds a lone UTF-16 surrogate/);
  });
});

describe('digit strings of 2^31 and more are evaluated, not an engine abort (9)', () => {
  it('ports, rule numbers, retention and lifecycle days beyond 32 and 64 bits reach a verdict', async () => {
    const big = {
      provider: { aws: [{ region: 'eu-west-1' }] },
      resource: {
        aws_security_group: { sg: { ingress: [{ from_port: '2147483648', to_port: '99999999999999999999', protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] } },
        aws_network_acl_rule: { r: { network_acl_id: 'acl-1', rule_number: '4294967296', egress: false, protocol: 'tcp', rule_action: 'allow', cidr_block: '0.0.0.0/0', from_port: '2147483648', to_port: '2147483650' } },
        aws_db_instance: { db: { engine: 'postgres', backup_retention_period: '99999999999999999999', allocated_storage: '2147483648' } },
        aws_cloudwatch_log_group: { lg: { retention_in_days: '18446744073709551616' } },
        aws_backup_plan: { p: { name: 'p', rule: [{ rule_name: 'r', target_vault_name: 'v', schedule: 'cron(0 5 * * ? *)', lifecycle: [{ delete_after: '9999999999999999999999' }] }] } },
      },
    };
    const run = await check(writeStack(big));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(findings(run).length).toBeGreaterThan(0);
  });
});

describe('nesting is bounded with a typed error (9)', () => {
  it('JSON and HCL nested thousands of levels deep are input errors', async () => {
    const json = await check(writeStack(`{"resource":{"aws_s3_bucket":{"b":{"tags":${'['.repeat(4000)}1${']'.repeat(4000)}}}}}`));
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/JSON nested more than 512 levels deep/);
    for (const n of [600, 4000]) {
      const dir = tempDir();
      write('main.tf', `resource "aws_s3_bucket" "b" {\n  tags = ${'['.repeat(n)}1${']'.repeat(n)}\n}\n`, dir);
      const hcl = await check(dir);
      expect(hcl.code).toBe(2);
      expect(hcl.stderr).toMatch(/HCL nested more than 512 levels deep/);
    }
  });
});

describe('every provider configuration is kept (conservation)', () => {
  it('two configurations with the same name and alias are an input error, not last-wins', async () => {
    const run = await check(writeStack({ provider: { aws: [{ region: 'eu-west-1' }, { region: 'us-east-1' }] }, resource: { aws_s3_bucket: { b: { bucket: 'x' } } } }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/provider configuration "aws" is defined twice/);
    const dir = tempDir();
    write('main.tf', 'provider "aws" {\n  region = "eu-west-1"\n}\nprovider "aws" {\n  region = "us-east-1"\n}\nresource "aws_s3_bucket" "b" {}\n', dir);
    expect((await check(dir)).stderr).toMatch(/provider configuration "aws" is defined twice/);
  });
});

describe('HCL names never become prototype keys (9)', () => {
  it('modules, variables and attributes named like Object.prototype members are kept', async () => {
    const dir = tempDir();
    write(
      'main.tf',
      'variable "constructor" {\n  default = "eu-west-1"\n}\nmodule "__proto__" {\n  source = "./m"\n}\nmodule "constructor" {\n  source = "./m"\n}\n' +
        'resource "aws_s3_bucket" "b" {\n  bucket = var.constructor\n}\n',
      dir,
    );
    write('m/main.tf', 'resource "aws_s3_bucket" "inner" {\n  bucket = "x"\n}\n', dir);
    const [model] = await loadInputs([dir]);
    expect(Object.keys(model.resources).sort()).toEqual(['aws_s3_bucket.b', 'module.__proto__.aws_s3_bucket.inner', 'module.constructor.aws_s3_bucket.inner']);
    expect(model.resources['aws_s3_bucket.b'].values.bucket).toBe('eu-west-1');
  });
});
