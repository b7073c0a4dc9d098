/**
 * Issue 12 §3: the same name twice in one region (two accounts through two provider aliases is
 * normal) never aborts a run. Every rule runs over every example with each resource doubled
 * under a second provider alias in the same region, with the same values (so every name collides).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../../src/engine/bundle';
import { normalizeCdktf } from '../../src/model/normalize-cdktf';
import { findingMessages, findings, loadHcl, loadPlan, planDoc, policyEngine } from './harness';

interface Example {
  name: string;
  fires_on?: string[];
  /** Terraform JSON; absent on the change-safety examples, which are plans (`plan:`). */
  tf?: Record<string, Record<string, Record<string, Record<string, unknown>>>>;
}

const policies = path.join(packageRoot(), 'policies');
function exampleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? exampleFiles(path.join(dir, e.name)) : e.name.endsWith('.examples.yaml') ? [path.join(dir, e.name)] : [],
  );
}
const allCases = exampleFiles(policies)
  .sort()
  .flatMap((f) => {
    const doc = parseYaml(readFileSync(f, 'utf8')) as { rule: string; bad: Example[]; good: Example[] };
    return [...doc.bad, ...doc.good].map((e) => ({ rule: doc.rule, example: e }));
  });
const cases = allCases.flatMap((c) => (c.example.tf ? [{ rule: c.rule, example: { ...c.example, tf: c.example.tf } }] : []));

it('only the change-safety (CHG) examples have no Terraform JSON to double (they are plans)', () => {
  const planOnly = new Set(allCases.filter((c) => !c.example.tf).map((c) => c.rule.replace(/-\d+$/, '')));
  expect([...planOnly]).toEqual(['CRM-CHG']);
});

/**
 * Every resource and data source gets a twin `<name>_twin` with the same values under `aws.twin`;
 * a twin's references name the other twins, so each copy is a complete deployment of its own.
 */
function twinned(tf: NonNullable<Example['tf']>): Record<string, unknown> {
  const addresses: string[] = [];
  for (const [type, byName] of Object.entries(tf.resource ?? {})) for (const name of Object.keys(byName)) addresses.push(`${type}.${name}`);
  for (const [type, byName] of Object.entries(tf.data ?? {})) for (const name of Object.keys(byName)) addresses.push(`data.${type}.${name}`);
  const retarget = (body: Record<string, unknown>): Record<string, unknown> => {
    let text = JSON.stringify(body);
    for (const a of addresses) text = text.replace(new RegExp(`(?<![\\w.])${a.replace(/\./g, '\\.')}(?![\\w-])`, 'g'), `${a}_twin`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const out: Record<string, unknown> = {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } }, required_version: '~> 1.9' },
    provider: { aws: [{ region: 'eu-west-1' }, { alias: 'twin', region: 'eu-west-1' }] },
    ...tf,
  };
  for (const section of ['resource', 'data'] as const) {
    const byType = tf[section];
    if (!byType) continue;
    const doubled: Record<string, Record<string, unknown>> = {};
    for (const [type, byName] of Object.entries(byType)) {
      doubled[type] = { ...byName };
      for (const [name, body] of Object.entries(byName)) doubled[type][`${name}_twin`] = { ...retarget(body), provider: body.provider === undefined ? 'aws.twin' : body.provider };
    }
    out[section] = doubled;
  }
  return out;
}

describe('same-name resources in one region never abort a rule', () => {
  it.each(cases.map((c) => [c.rule, c.example.name, c]))('%s: %s', async (_rule, _name, c) => {
    const engine = await policyEngine();
    const model = normalizeCdktf(twinned(c.example.tf), 'twins.tf.json', 'twins');
    const fired = new Set(engine.evaluate(model).filter((f) => f.rule.id === c.rule).map((f) => f.resource));
    // The doubled input still finds what the single one finds (a twin never masks the original).
    for (const a of c.example.fires_on ?? []) expect([a, fired.has(a)]).toEqual([a, true]);
  });
});

describe('two accounts in one region through provider aliases (HCL and plan)', () => {
  const hcl = `
provider "aws" {
  region = "eu-central-1"
}
provider "aws" {
  alias  = "audit"
  region = "eu-central-1"
}
resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = "arn:aws:iam::111111111111:role/config"
}
resource "aws_config_configuration_recorder" "audit" {
  provider = aws.audit
  name     = "default"
  role_arn = "arn:aws:iam::222222222222:role/config"
}
resource "aws_config_configuration_recorder_status" "main" {
  name       = "default"
  is_enabled = true
}
resource "aws_db_parameter_group" "main" {
  name   = "crm"
  family = "postgres16"
}
resource "aws_db_parameter_group" "audit" {
  provider = aws.audit
  name     = "crm"
  family   = "postgres16"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}
resource "aws_db_instance" "main" {
  engine               = "postgres"
  parameter_group_name = "crm"
}
resource "aws_db_instance" "audit" {
  provider             = aws.audit
  engine               = "postgres"
  parameter_group_name = "crm"
}
`;
  const plan = () =>
    planDoc(
      [
        { address: 'aws_config_configuration_recorder.main', values: { name: 'default', role_arn: 'arn:aws:iam::111111111111:role/config' } },
        { address: 'aws_config_configuration_recorder.audit', values: { name: 'default', role_arn: 'arn:aws:iam::222222222222:role/config' }, provider: 'aws.audit' },
        { address: 'aws_config_configuration_recorder_status.main', values: { name: 'default', is_enabled: true } },
        { address: 'aws_db_parameter_group.main', values: { name: 'crm', family: 'postgres16' } },
        { address: 'aws_db_parameter_group.audit', values: { name: 'crm', family: 'postgres16', parameter: [{ name: 'rds.force_ssl', value: '1' }] }, provider: 'aws.audit' },
        { address: 'aws_db_instance.main', values: { engine: 'postgres', parameter_group_name: 'crm' } },
        { address: 'aws_db_instance.audit', values: { engine: 'postgres', parameter_group_name: 'crm' }, provider: 'aws.audit' },
      ],
      {
        providers: {
          aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', expressions: { region: { constant_value: 'eu-central-1' } } },
          'aws.audit': { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws', alias: 'audit', expressions: { region: { constant_value: 'eu-central-1' } } },
        },
      },
    );

  it.each([
    ['HCL', () => loadHcl({ 'main.tf': hcl })],
    ['plan', () => loadPlan(plan())],
  ] as const)('%s: every rule runs; bindings by name stay within their account', async (_f, load) => {
    const m = await load();
    const found = await findings(m);
    // The audit account's recorder has no status of its own: the main account's does not count.
    const noStatus = (await findingMessages(m, 'CRM-LOG-013')).filter((msg) => msg.includes('has no aws_config_configuration_recorder_status'));
    expect(noStatus).toEqual([expect.stringMatching(/^`aws_config_configuration_recorder\.audit`/)]);
    // Each database is judged by its own account's parameter group.
    expect(found.filter((f) => f.startsWith('CRM-ENC-006'))).toEqual(['CRM-ENC-006 aws_db_instance.main']);
  });
});
