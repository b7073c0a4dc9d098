/**
 * Issue 12 §5: registry and git modules are read from where `terraform init` installed them
 * (`.terraform/modules/modules.json`); a module that is not installed is never a silent pass.
 */
import * as path from 'node:path';
import { InputError } from '../../src/errors';
import { runCli } from '../helpers';
import { findings, loadHcl, loadPlan, planDoc, PROVIDER_TF } from './harness';

const MODULE_TF = `
variable "bucket" {
  type = string
}
variable "acl" {
  default = "private"
}
resource "aws_s3_bucket" "this" {
  bucket = var.bucket
}
resource "aws_s3_bucket_acl" "this" {
  bucket = aws_s3_bucket.this.id
  acl    = var.acl
}
module "naming" {
  source = "./naming"
}
`;

const root = {
  'main.tf': `${PROVIDER_TF}
module "files" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "4.1.2"
  bucket  = "crm-public-files"
  acl     = "public-read"
}
module "network" {
  source = "git::https://github.com/acme/tf-network.git?ref=3f2c6a1b9d8e7f60514233c4b5a6978e1d2c3b4a"
}
`,
};

const installed = {
  ...root,
  '.terraform/modules/modules.json': JSON.stringify({
    Modules: [
      { Key: '', Source: '', Dir: '.' },
      { Key: 'files', Source: 'registry.terraform.io/terraform-aws-modules/s3-bucket/aws', Version: '4.1.2', Dir: '.terraform/modules/files' },
      { Key: 'files.naming', Source: './naming', Dir: '.terraform/modules/files/naming' },
      { Key: 'network', Source: 'git::https://github.com/acme/tf-network.git?ref=3f2c6a1b9d8e7f60514233c4b5a6978e1d2c3b4a', Dir: '.terraform/modules/network/modules/vpc' },
    ],
  }),
  '.terraform/modules/files/main.tf': MODULE_TF,
  '.terraform/modules/files/naming/main.tf': 'output "prefix" {\n  value = "crm"\n}\n',
  '.terraform/modules/network/modules/vpc/main.tf': 'resource "aws_vpc" "this" {\n  cidr_block = "10.0.0.0/16"\n}\n',
};

describe('registry and git modules', () => {
  it('HCL: installed modules are read with their arguments; the public-read bucket inside is found', async () => {
    const m = await loadHcl(installed);
    expect(Object.keys(m.resources)).toEqual(['module.files.aws_s3_bucket.this', 'module.files.aws_s3_bucket_acl.this', 'module.network.aws_vpc.this']);
    expect(m.resources['module.files.aws_s3_bucket_acl.this'].values.acl).toBe('public-read');
    expect(m.modules['files']).toEqual({ source: 'terraform-aws-modules/s3-bucket/aws', version: '4.1.2', origin: { file: expect.stringMatching(/main\.tf$/), line: 5 } });
    const found = await findings(m);
    expect(found).toContain('CRM-IAM-012 module.files.aws_s3_bucket.this');
    expect(found).toContain('CRM-IAM-010 module.files.aws_s3_bucket.this');
  });

  it('plan: the same module resources give the same findings', async () => {
    const doc = planDoc([]);
    const planned = doc.planned_values as { root_module: Record<string, unknown> };
    planned.root_module.child_modules = [
      {
        address: 'module.files',
        resources: [
          { address: 'module.files.aws_s3_bucket.this', mode: 'managed', type: 'aws_s3_bucket', name: 'this', values: { bucket: 'crm-public-files' } },
          { address: 'module.files.aws_s3_bucket_acl.this', mode: 'managed', type: 'aws_s3_bucket_acl', name: 'this', values: { acl: 'public-read' } },
        ],
      },
    ];
    (doc.configuration as { root_module: Record<string, unknown> }).root_module.module_calls = {
      files: {
        source: 'terraform-aws-modules/s3-bucket/aws',
        version_constraint: '4.1.2',
        module: {
          resources: [
            { address: 'aws_s3_bucket.this', mode: 'managed', type: 'aws_s3_bucket', name: 'this', provider_config_key: 'aws', expressions: { bucket: { references: ['var.bucket'] } } },
            { address: 'aws_s3_bucket_acl.this', mode: 'managed', type: 'aws_s3_bucket_acl', name: 'this', provider_config_key: 'aws', expressions: { bucket: { references: ['aws_s3_bucket.this.id', 'aws_s3_bucket.this'] }, acl: { references: ['var.acl'] } } },
          ],
        },
      },
    };
    doc.resource_changes = [
      { address: 'module.files.aws_s3_bucket.this', change: { actions: ['create'], after_unknown: {} } },
      { address: 'module.files.aws_s3_bucket_acl.this', change: { actions: ['create'], after_unknown: { bucket: true } } },
    ];
    const found = await findings(await loadPlan(doc));
    expect(found).toContain('CRM-IAM-012 module.files.aws_s3_bucket.this');
    expect(found).toContain('CRM-IAM-010 module.files.aws_s3_bucket.this');
  });

  it('a module that is not installed stops the run with exit 2 and says what to do', async () => {
    const err = await loadHcl(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(/main\.tf: module "files" \(line 5\): source: module "files" \(source "terraform-aws-modules\/s3-bucket\/aws"\) is not installed.*run `terraform init`.*plan JSON/);
  });

  it('an installed manifest entry whose directory is gone is not installed either', async () => {
    const { ['.terraform/modules/files/main.tf']: _gone, ['.terraform/modules/files/naming/main.tf']: _gone2, ...rest } = installed;
    const err = await loadHcl(rest).catch((e: unknown) => e);
    expect((err as InputError).message).toMatch(/module "files" .* is not installed/);
  });

  it('CLI: exit 2 by default; --unavailable-modules finding reports each call as CRM-SUP-003 and checks the rest', async () => {
    const dir = (await import('./harness')).writeTree(root);
    const strict = await runCli(['check', dir]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('terraform init');
    const lenient = await runCli(['check', dir, '--unavailable-modules', 'finding', '--format', 'json']);
    expect(lenient.code).toBe(1);
    const report = JSON.parse(lenient.stdout) as { findings: { ruleId: string; resource: string; message: string; origin: { file: string; line?: number } }[] };
    const calls = report.findings.filter((f) => f.message.includes('is not installed'));
    expect(calls.map((f) => `${f.ruleId} ${f.resource}`).sort()).toEqual(['CRM-SUP-003 module.files', 'CRM-SUP-003 module.network']);
    // Each finding points at its module block, not at the directory or a provider block.
    for (const f of calls) {
      const line = root['main.tf'].split('\n').findIndex((l) => l.startsWith(`module "${f.resource.slice('module.'.length)}"`)) + 1;
      expect([f.resource, f.origin]).toEqual([f.resource, { file: path.join(dir, 'main.tf'), line }]);
    }
  });

  it('rejects an invalid unavailableModules option', async () => {
    await expect(loadHcl(installed, { unavailableModules: 'ignore' as never })).rejects.toThrow(/unavailableModules must be "error" or "finding"/);
  });
});

describe('CDKTF stacks calling registry modules', () => {
  const stack = {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } } },
    provider: { aws: [{ region: 'eu-central-1' }] },
    module: { files: { source: 'terraform-aws-modules/s3-bucket/aws', version: '4.1.2', bucket: 'crm-public-files', acl: 'public-read' } },
  };

  it('reads the module installed in the stack directory', async () => {
    const m = await loadHcl({
      'cdk.tf.json': JSON.stringify(stack),
      '.terraform/modules/modules.json': JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'files', Source: 'registry.terraform.io/terraform-aws-modules/s3-bucket/aws', Version: '4.1.2', Dir: '.terraform/modules/files' }] }),
      '.terraform/modules/files/main.tf': MODULE_TF.replace(/module "naming" \{[^}]*\}/, ''),
    });
    expect(m.format).toBe('cdktf');
    expect(await findings(m)).toContain('CRM-IAM-012 module.files.aws_s3_bucket.this');
  });

  it('not installed: exit 2 by default, a CRM-SUP-003 finding with unavailableModules: finding', async () => {
    await expect(loadHcl({ 'cdk.tf.json': JSON.stringify(stack) })).rejects.toThrow(/module "files" .* is not installed/);
    const m = await loadHcl({ 'cdk.tf.json': JSON.stringify(stack) }, { unavailableModules: 'finding' });
    expect(m.modules.files).toMatchObject({ unavailable: true });
    expect((await findings(m)).filter((f) => f.startsWith('CRM-SUP-003'))).toEqual(['CRM-SUP-003 module.files']);
  });
});
