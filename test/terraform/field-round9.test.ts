/** Field round 9: files Terraform does not read, and a security group's rules given by one expression. */
import * as path from 'node:path';
import { InputError } from '../../src/errors';
import { loadInputs } from '../../src/input/load';
import { findings, loadHcl, PROVIDER_TF, writeTree } from './harness';

const OPEN_SSH = `resource "aws_security_group" "s" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n`;

describe('hidden files are not configuration (Terraform ignores a name starting with ".")', () => {
  it('a hidden override file does not narrow an open rule', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}${OPEN_SSH}`,
      '.sg_override.tf': `resource "aws_security_group" "s" {\n  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]\n  }\n}\n`,
    });
    expect(m.resources['aws_security_group.s'].values.ingress).toEqual([expect.objectContaining({ cidr_blocks: ['0.0.0.0/0'] })]);
    expect((await findings(m)).filter((f) => f.startsWith('CRM-NET-001'))).toEqual(['CRM-NET-001 aws_security_group.s']);
  });

  it('a hidden file declares nothing (its resources and companions do not exist)', async () => {
    const m = await loadHcl({ 'main.tf': `${PROVIDER_TF}resource "aws_s3_bucket" "b" {}\n`, '.pab.tf': 'resource "aws_s3_bucket_public_access_block" "p" {\n  bucket = aws_s3_bucket.b.id\n}\n', '.x.tf.json': '{"resource": {"aws_sqs_queue": {"q": {}}}}' });
    expect(Object.keys(m.resources).sort()).toEqual(['aws_s3_bucket.b']);
  });
});

describe('a security group whose ingress is one expression known only after apply', () => {
  it.each([
    ['a data source', 'data.aws_security_group.tpl.ingress'],
    ['a `for` over a data source', '[for c in data.aws_ip_ranges.ec2.cidr_blocks : { from_port = 22, to_port = 22, protocol = "tcp", cidr_blocks = ["0.0.0.0/0"], description = "", ipv6_cidr_blocks = [], prefix_list_ids = [], security_groups = [], self = false }]'],
  ])('is unverifiable for the internet-exposure rules, never "no rules" (%s)', async (_, expr) => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}data "aws_security_group" "tpl" {\n  name = "template"\n}\ndata "aws_ip_ranges" "ec2" {\n  services = ["ec2"]\n}\nresource "aws_security_group" "s" {\n  name = "copy"\n  ingress = ${expr}\n}\n`,
    });
    expect((await findings(m)).filter((f) => /^CRM-NET-00[13] /.test(f))).toEqual(['CRM-NET-001 aws_security_group.s ?', 'CRM-NET-003 aws_security_group.s ?']);
  });
});

describe('nested blocks given as one expression known only after apply (CRM-INT-013)', () => {
  it('are unverifiable: no rule can see an unencrypted volume or a public grant inside them', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}variable "devices" {\n  type = list(any)\n}\nvariable "grants" {\n  type = list(any)\n}\nresource "aws_instance" "web" {\n  ami = "ami-12345678"\n  instance_type = "t3.small"\n  ebs_block_device = var.devices\n}\nresource "aws_s3_bucket_acl" "a" {\n  bucket = "b"\n  access_control_policy {\n    owner {\n      id = "abc"\n    }\n    grant = var.grants\n  }\n}\n`,
    });
    expect(m.opaque_blocks).toEqual({ 'aws_instance.web': ['ebs_block_device'], 'aws_s3_bucket_acl.a': ['access_control_policy.grant'] });
    expect((await findings(m)).filter((f) => f.startsWith('CRM-INT-013'))).toEqual(['CRM-INT-013 aws_instance.web ?', 'CRM-INT-013 aws_s3_bucket_acl.a ?']);
  });

  it('a dynamic block over a collection known at plan time is read, not opaque', async () => {
    const m = await loadHcl({
      'main.tf': `${PROVIDER_TF}locals {\n  devices = [{ name = "/dev/sdb", encrypted = true }]\n}\nresource "aws_instance" "web" {\n  ami = "ami-12345678"\n  instance_type = "t3.small"\n  root_block_device {\n    encrypted = true\n  }\n  dynamic "ebs_block_device" {\n    for_each = local.devices\n    content {\n      device_name = ebs_block_device.value.name\n      encrypted = ebs_block_device.value.encrypted\n    }\n  }\n}\n`,
    });
    expect(m.opaque_blocks).toEqual({});
    expect((await findings(m)).filter((f) => f.startsWith('CRM-INT-013') || f.startsWith('CRM-ENC-010'))).toEqual([]);
  });
});

describe('a count too large to expand is an input error, not an exhausted memory', () => {
  it('HCL: a resource or module count past 10,000 names the block, file and line', async () => {
    const err = await loadHcl({ 'main.tf': `${PROVIDER_TF}resource "aws_s3_bucket" "b" {\n  count = 1438896432\n}\n` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(/main\.tf: line 4: aws_s3_bucket\.b: `count` is 1438896432: crm-guard expands at most 10,000 instances/);
    const mod = await loadHcl({ 'main.tf': `${PROVIDER_TF}module "m" {\n  source = "./m"\n  count = 1e9\n}\n`, 'm/main.tf': 'resource "aws_sqs_queue" "q" {}\n' }).catch((e: unknown) => e);
    expect((mod as InputError).describe()).toMatch(/line 4: module\.m: `count` is 1000000000/);
    const ok = await loadHcl({ 'main.tf': `${PROVIDER_TF}resource "aws_sqs_queue" "q" {\n  count = 10000\n}\n` });
    expect(Object.keys(ok.resources)).toHaveLength(10000);
  });

  it('CDKTF: the same, naming the resource and the stack file', async () => {
    const dir = writeTree({ 'cdk.tf.json': JSON.stringify({ provider: { aws: [{ region: 'eu-west-1' }] }, resource: { aws_s3_bucket_versioning: { files: { count: 1438896432, bucket: 'b', versioning_configuration: { status: 'Enabled' } } } } }) });
    await expect(loadInputs([path.join(dir, 'cdk.tf.json')])).rejects.toThrow(/aws_s3_bucket_versioning\.files: `count` is 1438896432: crm-guard expands at most 10,000/);
  });
});
