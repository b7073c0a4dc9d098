/** Issue 12 §3: root variable values from TF_VAR_*, tfvars, -var-file and -var, in Terraform's precedence. */
import { InputError } from '../../src/errors';
import { runCli } from '../helpers';
import { findingMessages, loadHcl, PROVIDER_TF, writeTree } from './harness';

const main = `${PROVIDER_TF}
variable "public" {
  type    = bool
  default = false
}
variable "retention" {
  type    = number
  default = 7
}
resource "aws_db_instance" "db" {
  engine                  = "postgres"
  publicly_accessible     = var.public
  backup_retention_period = var.retention
}
`;

describe('root variable values', () => {
  it('TF_VAR_ < terraform.tfvars < *.auto.tfvars < -var-file < -var, converted to the declared type', async () => {
    const dir = writeTree({ 'main.tf': main, 'terraform.tfvars': 'retention = 3\n', 'b.auto.tfvars': 'retention = 2\n', 'extra.tfvars': 'retention = 1\n' });
    const load = async (options: Parameters<typeof loadHcl>[1]) => (await loadHcl({ 'main.tf': main }, options)).resources['aws_db_instance.db'].values;
    expect(await load({ environment: { TF_VAR_public: 'true', TF_VAR_retention: '5' } })).toMatchObject({ publicly_accessible: true, backup_retention_period: 5 });
    const [m] = await (await import('../../src/input/load')).loadInputs([dir], { environment: { TF_VAR_retention: '5' }, varFiles: [`${dir}/extra.tfvars`] });
    expect(m.resources['aws_db_instance.db'].values.backup_retention_period).toBe(1);
    const [m2] = await (await import('../../src/input/load')).loadInputs([dir], { varFiles: [`${dir}/extra.tfvars`], variables: { retention: '14' } });
    expect(m2.resources['aws_db_instance.db'].values.backup_retention_period).toBe(14);
    const [m3] = await (await import('../../src/input/load')).loadInputs([dir]);
    expect(m3.resources['aws_db_instance.db'].values.backup_retention_period).toBe(2);
  });

  it('*.auto.tfvars load in the byte order of their names, as Terraform lists a directory: later files win', async () => {
    // Byte order puts upper case first ("B" 0x42 < "a" 0x61); a locale's collation would put a before B.
    const dir = writeTree({ 'main.tf': main, 'a.auto.tfvars': 'retention = 11\n', 'B.auto.tfvars': 'retention = 22\n', 'b.auto.tfvars.json': '{"public": true}\n' });
    const [m] = await (await import('../../src/input/load')).loadInputs([dir]);
    expect(m.resources['aws_db_instance.db'].values).toMatchObject({ backup_retention_period: 11, publicly_accessible: true });
    const { byteOrder } = await import('../../src/input/hcl-files');
    expect(['b', 'é', 'B', 'a', 'Z', 'ab'].sort(byteOrder)).toEqual(['B', 'Z', 'a', 'ab', 'b', 'é']);
  });

  it('a text value is an HCL expression for a variable of a complex type, the text itself for string or untyped', async () => {
    const typed = `${PROVIDER_TF}
variable "tags" {
  type = map(string)
}
variable "ports" {
  type = list(number)
}
variable "label" {
  type = string
}
variable "loose" {}
resource "aws_sqs_queue" "q" {
  tags = var.tags
  name = "\${var.label}-\${var.loose}"
}
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port = ingress.value
    }
  }
}
`;
    const m = await loadHcl({ 'main.tf': typed }, { environment: { TF_VAR_ports: '[22, 3389]' }, variables: { tags: '{ Owner = "me", Team = "crm" }', label: '[x]', loose: '{y}' } });
    expect(m.resources['aws_sqs_queue.q'].values).toEqual({ tags: { Owner: 'me', Team: 'crm' }, name: '[x]-{y}' });
    expect(m.resources['aws_security_group.g'].values.ingress).toEqual([{ from_port: 22 }, { from_port: 3389 }]);
    await expect(loadHcl({ 'main.tf': typed }, { variables: { ports: '[22', tags: '{}', label: 'a', loose: 'b' } })).rejects.toThrow(
      'the value given for variable "ports" (--var) is not a valid expression for its type list(number): "[22"',
    );
  });

  it('a -var for an undeclared variable, or a missing -var-file, is an input error', async () => {
    await expect(loadHcl({ 'main.tf': main }, { variables: { nope: '1' } })).rejects.toThrow(InputError);
    await expect(loadHcl({ 'main.tf': main }, { varFiles: ['/nonexistent/x.tfvars'] })).rejects.toThrow(/variable file not found/);
  });

  it('CLI: --var makes a database public (wasm engine finds it)', async () => {
    const dir = writeTree({ 'main.tf': main });
    const r = await runCli(['check', dir, '--var', 'public=true', '--format', 'json']);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; resource: string; message: string }[] };
    const isPublic = (f: { message: string }) => f.message.includes('`publicly_accessible = true`');
    expect(report.findings.filter(isPublic).map((f) => `${f.ruleId} ${f.resource}`)).toEqual(['CRM-NET-009 aws_db_instance.db']);
    expect((await runCli(['check', dir, '--var', 'public'])).code).toBe(2);
    expect((await findingMessages(await loadHcl({ 'main.tf': main }), 'CRM-NET-009')).filter((m) => isPublic({ message: m }))).toEqual([]);
  });
});
