import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../src/errors';
import { hclSyntaxError, parseHcl } from '../src/input/hcl-files';
import { loadInputs, type LoadOptions } from '../src/input/load';
import { blockLines } from '../src/model/normalize-hcl';
import type { NormalizedModel } from '../src/model/types';
import { tempDir } from './helpers';

/** Writes `files` (relative path → text) under a fresh directory; returns it. */
function tree(files: Record<string, string>): string {
  const dir = tempDir('crm-guard-hcl-');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function load(files: Record<string, string>, root = 'root', options: LoadOptions = {}): Promise<NormalizedModel> {
  const dir = tree(files);
  const [model] = await loadInputs([path.join(dir, root)], options);
  return model;
}

async function loadError(files: Record<string, string>, root = 'root'): Promise<string> {
  const dir = tree(files);
  try {
    await loadInputs([path.join(dir, root)]);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).describe().replaceAll(dir, '<dir>');
  }
  throw new Error('expected an InputError');
}

describe('normalizeHcl: values, references and unknowns', () => {
  let model: NormalizedModel;
  beforeAll(async () => {
    model = await load({
      'root/variables.tf': `
variable "region" {
  default = "eu-central-1"
}
variable "env" {
  type = string
}
variable "retention" {
  default = 7
}
variable "rules" {
  type = list(object({ port = number }))
}
locals {
  prefix = "crm-\${var.env}"
  bucket = "\${local.prefix}-files"
  tags   = { Owner = "platform", Env = var.env }
  unknown = aws_kms_key.k.arn
}
`,
      'root/terraform.tfvars': 'env = "prod"\n',
      'root/main.tf': `
provider "aws" {
  region = var.region
}

resource "aws_kms_key" "k" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "files" {
  bucket = local.bucket
  tags   = local.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "files" {
  bucket = aws_s3_bucket.files.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = local.unknown
    }
  }
}

resource "aws_db_instance" "db" {
  backup_retention_period = var.retention
  kms_key_id              = aws_kms_key.k.arn
  vpc_security_group_ids  = [aws_security_group.a.id, aws_security_group.b.id]
  password                = null
  depends_on              = [aws_kms_key.k]
}

resource "aws_security_group" "a" {}
resource "aws_security_group" "b" {
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value.port
      cidr_blocks = ["10.0.0.0/8"]
    }
  }
}

resource "aws_iam_role_policy" "p" {
  policy = jsonencode({ Statement = [{ Resource = aws_s3_bucket.files.arn }] })
}
`,
    });
  });

  it('resolves variables (defaults, terraform.tfvars) and literal locals, templates included', () => {
    expect(model.resources['aws_s3_bucket.files'].values).toEqual({ bucket: 'crm-prod-files', tags: { Owner: 'platform', Env: 'prod' } });
    expect(model.resources['aws_db_instance.db'].values.backup_retention_period).toBe(7);
    expect(model.providers.aws).toMatchObject({ region: 'eu-central-1', region_unknown: false });
    expect(model.resources['aws_kms_key.k'].region).toBe('eu-central-1');
  });

  it('reads a non-literal local as the expression it is: unknown, with its references', () => {
    const sse = model.resources['aws_s3_bucket_server_side_encryption_configuration.files'];
    expect(sse.unknown).toEqual({ bucket: true, 'rule.apply_server_side_encryption_by_default.kms_master_key_id': true });
    expect(sse.refs).toEqual({ bucket: ['aws_s3_bucket.files'], 'rule.apply_server_side_encryption_by_default.kms_master_key_id': ['aws_kms_key.k'] });
    expect(sse.values.rule).toEqual([{ apply_server_side_encryption_by_default: [{ kms_master_key_id: '${aws_kms_key.k.arn}', sse_algorithm: 'aws:kms' }] }]);
  });

  it('extracts references from expressions, lists and jsonencode(); drops meta-arguments and nulls', () => {
    const db = model.resources['aws_db_instance.db'];
    expect(db.refs).toEqual({ kms_key_id: ['aws_kms_key.k'], vpc_security_group_ids: ['aws_security_group.a', 'aws_security_group.b'] });
    expect(db.values).not.toHaveProperty('depends_on');
    expect(db.values).not.toHaveProperty('password');
    expect(model.resources['aws_iam_role_policy.p'].refs).toEqual({ policy: ['aws_s3_bucket.files'] });
    expect(model.referrers['aws_s3_bucket.files']).toEqual({
      aws_iam_role_policy: ['aws_iam_role_policy.p'],
      aws_s3_bucket_server_side_encryption_configuration: ['aws_s3_bucket_server_side_encryption_configuration.files'],
    });
  });

  it('follows a local that is one expression known only after apply to the objects it names', async () => {
    const m = await load({
      'root/main.tf': `
resource "aws_kms_key" "logs" {}
resource "aws_s3_bucket" "site" {}
locals {
  key_arn   = aws_kms_key.logs.arn
  alias     = local.key_arn
  bucket_id = try(aws_s3_bucket.site.id, "")
}
resource "aws_cloudwatch_log_group" "g" {
  kms_key_id = local.alias
}
resource "aws_s3_bucket_policy" "p" {
  bucket = local.bucket_id
  policy = "{}"
}
`,
    });
    const g = m.resources['aws_cloudwatch_log_group.g'];
    expect(g.values.kms_key_id).toBe('${aws_kms_key.logs.arn}');
    expect(g.refs).toEqual({ kms_key_id: ['aws_kms_key.logs'] });
    const p = m.resources['aws_s3_bucket_policy.p'];
    expect(p.values.bucket).toBe('${(try(aws_s3_bucket.site.id, ""))}');
    expect(p.refs).toEqual({ bucket: ['aws_s3_bucket.site'] });
    expect(m.referrers['aws_s3_bucket.site']).toEqual({ aws_s3_bucket_policy: ['aws_s3_bucket_policy.p'] });
  });

  it('reads a dynamic block over a collection known only after apply as its content, every path of it unknown', () => {
    // How many `ingress` blocks Terraform generates is not known before apply.
    const sg = model.resources['aws_security_group.b'];
    expect(sg.values).toEqual({ ingress: [{ from_port: '${ingress.value.port}', cidr_blocks: ['10.0.0.0/8'] }] });
    expect(sg.unknown).toEqual({ ingress: true, 'ingress.cidr_blocks': true, 'ingress.from_port': true });
  });

  it('records file and line of each block', () => {
    expect(model.resources['aws_db_instance.db'].origin).toEqual({ file: expect.stringMatching(/root\/main\.tf$/), line: 25 });
    expect(model.format).toBe('hcl');
    expect(model.stack).toBe('root');
  });
});

describe('normalizeHcl: variable types', () => {
  it('gives optional object attributes their defaults, at any depth, when omitted or null', async () => {
    const m = await load({
      'root/main.tf': `
variable "volume" {
  type = object({
    size      = number
    encrypted = optional(bool, true)
    kms       = optional(string)
  })
  default = { size = 10 }
}
variable "rules" {
  type = list(object({
    port = number
    cidr = optional(string, "10.0.0.0/8")
    tags = optional(map(string), {})
  }))
  default = [{ port = 22 }, { port = 443, cidr = "0.0.0.0/0" }, { port = 5432, cidr = null }]
}
resource "aws_ebs_volume" "v" {
  size       = var.volume.size
  encrypted  = var.volume.encrypted
  kms_key_id = var.volume.kms
}
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = var.rules
    content {
      from_port   = ingress.value.port
      cidr_blocks = [ingress.value.cidr]
    }
  }
}
`,
    });
    expect(m.resources['aws_ebs_volume.v'].values).toEqual({ size: 10, encrypted: true });
    expect(m.resources['aws_security_group.g'].values.ingress).toEqual([
      { from_port: 22, cidr_blocks: ['10.0.0.0/8'] },
      { from_port: 443, cidr_blocks: ['0.0.0.0/0'] },
      { from_port: 5432, cidr_blocks: ['10.0.0.0/8'] },
    ]);
  });
});

describe('normalizeHcl: expressions shown on one line', () => {
  it('writes an unknown expression written over several lines on one line; heredocs and comments stay as written', async () => {
    const m = await load({
      'root/main.tf': `
variable "rules" {}
resource "aws_security_group_rule" "r" {
  protocol = lookup(
    var.rules[0],
    "protocol",
    "( tcp )",
  )
  description = lookup(
    var.rules[0], # the first rule
    "description",
  )
}
`,
    });
    const r = m.resources['aws_security_group_rule.r'];
    expect(r.values.protocol).toBe('${lookup(var.rules[0], "protocol", "( tcp )",)}');
    expect(String(r.values.description)).toContain('\n');
  });
});

describe('normalizeHcl: values converted to the variable type', () => {
  it('converts defaults, tfvars and module arguments to the declared type, as Terraform does', async () => {
    const m = await load({
      'root/main.tf': `
variable "admin_port" {
  type    = number
  default = "22"
}
variable "open" {
  type = bool
}
variable "label" {
  type    = string
  default = 5
}
variable "names" {
  type    = set(string)
  default = ["logs", "audit", "logs"]
}
variable "ports" {
  type    = list(number)
  default = ["443", 8443]
}
resource "aws_security_group" "g" {
  name = "\${var.label}"
  ingress {
    from_port   = var.admin_port
    cidr_blocks = [var.admin_port == 22 && var.open ? "0.0.0.0/0" : "10.0.0.0/8"]
  }
}
resource "aws_s3_bucket" "per" {
  for_each = var.names
}
resource "aws_s3_bucket" "counted" {
  count = length(var.names)
}
module "m" {
  source = "./m"
  public = "true"
}
output "ports" {
  value = var.ports
}
`,
      'root/terraform.tfvars': 'open = "true"\n',
      'root/m/main.tf': `
variable "public" {
  type = bool
}
resource "aws_security_group" "inner" {
  ingress {
    cidr_blocks = [var.public == true ? "0.0.0.0/0" : "10.0.0.0/8"]
  }
}
`,
    });
    expect(m.resources['aws_security_group.g'].values).toEqual({ name: '5', ingress: [{ from_port: 22, cidr_blocks: ['0.0.0.0/0'] }] });
    expect(Object.keys(m.resources).filter((a) => a.startsWith('aws_s3_bucket.'))).toEqual(['aws_s3_bucket.counted[0]', 'aws_s3_bucket.counted[1]', 'aws_s3_bucket.per["audit"]', 'aws_s3_bucket.per["logs"]']);
    expect(m.resources['module.m.aws_security_group.inner'].values).toEqual({ ingress: [{ cidr_blocks: ['0.0.0.0/0'] }] });
  });

  it('a map with a key known only after apply is unknown as a whole, its other keys included', async () => {
    const m = await load({
      'root/main.tf': `
data "aws_ssm_parameter" "team" {
  name = "/team"
}
locals {
  allowed = {
    (data.aws_ssm_parameter.team.value) = "0.0.0.0/0"
    ssh                                 = "10.0.0.0/8"
  }
}
resource "aws_security_group" "g" {
  ingress {
    cidr_blocks = [local.allowed["ssh"]]
  }
  dynamic "egress" {
    for_each = { (data.aws_ssm_parameter.team.value) = 443, https = 443 }
    content {
      from_port = egress.value
    }
  }
}
resource "aws_s3_bucket" "per" {
  for_each = local.allowed
}
`,
    });
    const g = m.resources['aws_security_group.g'];
    expect(g.values.ingress).toEqual([{ cidr_blocks: ['${local.allowed["ssh"]}'] }]);
    expect(g.unknown).toMatchObject({ 'ingress.cidr_blocks': true, egress: true, 'egress.from_port': true });
    expect(Object.keys(m.resources).filter((a) => a.startsWith('aws_s3_bucket.'))).toEqual(['aws_s3_bucket.per']);
  });
});

describe('normalizeHcl: locals known in part', () => {
  it('reads the known parts of a collection some values of which are known only after apply', async () => {
    const m = await load({
      'root/main.tf': `
data "aws_vpc" "main" {}
resource "aws_s3_bucket" "data" {}
locals {
  rule  = { port = 5432, cidr = "10.0.0.0/8", note = "from \${data.aws_vpc.main.id}" }
  rules = [{ name = "a", sg = data.aws_vpc.main.id }, { name = "b", sg = local.later }]
  later = aws_s3_bucket.data.id
  selectors = [{ type = "AWS::S3::Object", values = ["\${aws_s3_bucket.data.arn}/"] }]
}
resource "aws_security_group_rule" "pg" {
  from_port   = lookup(local.rule, "port", 0)
  to_port     = local.rule["port"]
  cidr_blocks = [local.rule.cidr]
  description = local.rule.note
}
resource "aws_security_group_rule" "each" {
  count                    = length(local.rules)
  source_security_group_id = local.rules[count.index].sg
}
resource "aws_cloudtrail" "t" {
  dynamic "event_selector" {
    for_each = local.selectors
    content {
      data_resource {
        type   = event_selector.value.type
        values = event_selector.value.values
      }
    }
  }
}
`,
    });
    const pg = m.resources['aws_security_group_rule.pg'];
    expect(pg.values).toEqual({ from_port: 5432, to_port: 5432, cidr_blocks: ['10.0.0.0/8'], description: 'from ${data.aws_vpc.main.id}' });
    expect(pg.unknown).toEqual({ description: true });
    // The count is the list's length; a local naming another local known later waits for it.
    expect(m.resources['aws_security_group_rule.each[0]'].refs).toEqual({ source_security_group_id: ['data.aws_vpc.main'] });
    expect(m.resources['aws_security_group_rule.each[1]'].values.source_security_group_id).toBe('${aws_s3_bucket.data.id}');
    const t = m.resources['aws_cloudtrail.t'];
    expect(t.values.event_selector).toEqual([{ data_resource: [{ type: 'AWS::S3::Object', values: ['${aws_s3_bucket.data.arn}/'] }] }]);
    expect(t.refs).toEqual({ 'event_selector.data_resource.values': ['aws_s3_bucket.data'] });
  });
});

describe('normalizeHcl: dynamic blocks', () => {
  const sg = (body: string, extra = ''): Record<string, string> => ({
    'root/main.tf': `${extra}
resource "aws_security_group" "g" {
${body}
}
`,
  });

  it('generates one block per element, the iterator known in the content', async () => {
    const model = await load(
      sg(`
  dynamic "ingress" {
    for_each = [22, 3389]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      description = "rule \${ingress.key}"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }`),
    );
    const g = model.resources['aws_security_group.g'];
    expect(g.values).toEqual({
      ingress: [
        { from_port: 22, to_port: 22, description: 'rule 0', cidr_blocks: ['0.0.0.0/0'] },
        { from_port: 3389, to_port: 3389, description: 'rule 1', cidr_blocks: ['0.0.0.0/0'] },
      ],
    });
    expect(g.unknown).toEqual({});
  });

  it('generates no block for an empty collection, and keeps static blocks of the same name', async () => {
    const model = await load(
      sg(`
  ingress {
    from_port = 443
  }
  dynamic "ingress" {
    for_each = var.open ? [1] : []
    content {
      from_port = 22
    }
  }
  dynamic "egress" {
    for_each = []
    content {
      from_port = 0
    }
  }`, 'variable "open" {\n  default = false\n}\n'),
    );
    expect(model.resources['aws_security_group.g'].values).toEqual({ ingress: [{ from_port: 443 }] });
  });

  it('iterates maps by key with a named iterator, nested dynamic blocks seeing the outer iterator', async () => {
    const model = await load({
      'root/main.tf': `
locals {
  rules = {
    b = { status = "Enabled", days = 30 }
    a = { status = "Disabled", days = 7 }
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "l" {
  bucket = "b"
  dynamic "rule" {
    for_each = local.rules
    iterator = r
    content {
      id     = r.key
      status = r.value["status"]
      dynamic "noncurrent_version_expiration" {
        for_each = r.value.days > 10 ? [r.value.days] : []
        content {
          noncurrent_days = noncurrent_version_expiration.value
        }
      }
    }
  }
}
`,
    });
    expect(model.resources['aws_s3_bucket_lifecycle_configuration.l'].values.rule).toEqual([
      { id: 'a', status: 'Disabled' },
      { id: 'b', status: 'Enabled', noncurrent_version_expiration: [{ noncurrent_days: 30 }] },
    ]);
  });

  it('gives a set element as its key, and no key where the text does not show list or set', async () => {
    const model = await load({
      'root/main.tf': `
variable "typed" {
  type    = set(string)
  default = ["x"]
}
variable "untyped" {
  default = ["y"]
}
variable "opaque" {
  type    = any
  default = ["z"]
}
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = toset(["a"])
    content {
      description = ingress.key
    }
  }
  dynamic "egress" {
    for_each = var.typed
    content {
      description = egress.key
    }
  }
}
resource "aws_security_group" "h" {
  dynamic "ingress" {
    for_each = var.untyped
    content {
      description = ingress.key
    }
  }
  dynamic "egress" {
    for_each = flatten([var.opaque])
    content {
      description = egress.key
      prefix_list_ids = [egress.value]
    }
  }
}
`,
    });
    expect(model.resources['aws_security_group.g'].values).toEqual({ ingress: [{ description: 'a' }], egress: [{ description: 'x' }] });
    const h = model.resources['aws_security_group.h'];
    expect(h.values).toEqual({ ingress: [{ description: '0' }], egress: [{ description: '${egress.key}', prefix_list_ids: ['z'] }] });
    expect(h.unknown).toEqual({ 'egress.description': true });
  });

  it('puts iterator values into expressions that stay unknown', async () => {
    const model = await load(
      sg(`
  dynamic "ingress" {
    for_each = { ssh = 22 }
    content {
      from_port       = ingress.value
      security_groups = [aws_security_group.src[ingress.key].id]
    }
  }`),
    );
    expect(model.resources['aws_security_group.g'].values.ingress).toEqual([{ from_port: 22, security_groups: ['${aws_security_group.src["ssh"].id}'] }]);
  });

  it('refuses a dynamic block over a value that is not a collection', async () => {
    const msg = await loadError(
      sg(`
  dynamic "ingress" {
    for_each = "22"
    content {
      from_port = 22
    }
  }`),
    );
    expect(msg).toContain('<dir>/root/main.tf: line 2');
    expect(msg).toContain('aws_security_group.g: dynamic "ingress" iterates over "22": expected for_each = a list, set or map');
  });
});

describe('normalizeHcl: count and for_each', () => {
  it('expands count / for_each over known collections into instances at Terraform addresses', async () => {
    const model = await load({
      'root/main.tf': `
resource "aws_subnet" "data" {
  count      = 2
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
  tags       = { Name = "data-\${count.index}" }
}
resource "aws_s3_bucket" "per_tenant" {
  for_each = toset(["b", "a"])
  bucket   = "crm-\${each.key}"
}
resource "aws_s3_bucket" "by_map" {
  for_each = { files = "crm-files", logs = "crm-logs" }
  bucket   = each.value
}
resource "aws_db_subnet_group" "g" {
  subnet_ids = aws_subnet.data[*].id
}
`,
    });
    expect(model.by_type.aws_subnet).toEqual(['aws_subnet.data[0]', 'aws_subnet.data[1]']);
    expect(model.resources['aws_subnet.data[1]'].origin).toMatchObject({ address: 'aws_subnet.data[1]', line: 2 });
    expect(model.resources['aws_subnet.data[1]'].values).toEqual({ cidr_block: expect.any(String), tags: { Name: 'data-1' } });
    // cidrsubnet is not evaluated: the value stays unknown, as before.
    expect(model.resources['aws_subnet.data[1]'].unknown).toEqual({ cidr_block: true });
    expect(model.by_type.aws_s3_bucket).toEqual(['aws_s3_bucket.by_map["files"]', 'aws_s3_bucket.by_map["logs"]', 'aws_s3_bucket.per_tenant["a"]', 'aws_s3_bucket.per_tenant["b"]']);
    expect(model.resources['aws_s3_bucket.per_tenant["a"]'].values).toEqual({ bucket: 'crm-a' });
    expect(model.resources['aws_s3_bucket.by_map["logs"]'].values).toEqual({ bucket: 'crm-logs' });
    expect(model.resources['aws_db_subnet_group.g'].refs).toEqual({ subnet_ids: ['aws_subnet.data[0]', 'aws_subnet.data[1]'] });
    expect(model.resources['aws_db_subnet_group.g'].origin).not.toHaveProperty('address');
  });

  it('expands for_each over another resource of the module into its instances: each.value is that instance', async () => {
    const model = await load({
      'root/main.tf': `
resource "aws_s3_bucket" "b" {
  for_each = toset(["exports", "attachments"])
  bucket   = "crm-\${each.key}"
}
resource "aws_s3_bucket_versioning" "b" {
  for_each = aws_s3_bucket.b
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_policy" "b" {
  for_each = aws_s3_bucket_versioning.b
  bucket   = aws_s3_bucket.b[each.key].id
  policy   = jsonencode({ Resource = ["\${each.value.bucket}/*"] })
}
resource "aws_s3_bucket" "counted" {
  count  = 2
  bucket = "crm-\${count.index}"
}
resource "aws_s3_bucket_versioning" "over_counted" {
  for_each = aws_s3_bucket.counted
  bucket   = each.value.id
}
`,
    });
    expect(model.by_type.aws_s3_bucket_versioning).toEqual(['aws_s3_bucket_versioning.b["attachments"]', 'aws_s3_bucket_versioning.b["exports"]', 'aws_s3_bucket_versioning.over_counted']);
    const v = model.resources['aws_s3_bucket_versioning.b["exports"]'];
    expect(v.values.bucket).toBe('\${aws_s3_bucket.b["exports"].id}');
    expect(v.refs).toEqual({ bucket: ['aws_s3_bucket.b["exports"]'] });
    expect(v.unknown).toEqual({ bucket: true });
    expect(v.origin.address).toBe('aws_s3_bucket_versioning.b["exports"]');
    // Chained: over the versioning resources' instances, whose keys are the buckets'.
    const p = model.resources['aws_s3_bucket_policy.b["attachments"]'];
    expect(p.refs).toEqual({ bucket: ['aws_s3_bucket.b["attachments"]'], policy: ['aws_s3_bucket_versioning.b["attachments"]'] });
    expect(model.referrers['aws_s3_bucket.b["attachments"]'].aws_s3_bucket_versioning).toEqual(['aws_s3_bucket_versioning.b["attachments"]']);
    // A resource expanded by count is a list of instances, which Terraform refuses as for_each:
    // the resource stays one, at its plain address, its for_each kept.
    expect(model.resources['aws_s3_bucket_versioning.over_counted'].origin.address).toBe('aws_s3_bucket_versioning.over_counted[*]');
    expect(model.resources['aws_s3_bucket_versioning.over_counted'].unknown).toMatchObject({ for_each: true });
  });

  it('keeps a resource whose count or for_each is not known as one resource at its plain address', async () => {
    const model = await load({
      'root/main.tf': `
variable "tenants" {
  type = set(string)
}
resource "aws_s3_bucket" "per_tenant" {
  for_each = var.tenants
  bucket   = "crm-\${each.key}"
}
`,
    });
    expect(model.resources['aws_s3_bucket.per_tenant'].origin.address).toBe('aws_s3_bucket.per_tenant[*]');
    expect(model.resources['aws_s3_bucket.per_tenant'].unknown).toEqual({ bucket: true, for_each: true });
  });
});

describe('normalizeHcl: modules', () => {
  let model: NormalizedModel;
  beforeAll(async () => {
    model = await load({
      'root/main.tf': `
provider "aws" {
  region = "eu-central-1"
}
provider "aws" {
  alias  = "dr"
  region = "eu-west-1"
}
resource "aws_kms_key" "k" {}

module "db" {
  source    = "../modules/db"
  name      = "crm"
  key_arn   = aws_kms_key.k.arn
  providers = {
    aws = aws.dr
  }
}
variable "zone_count" {
  type = number
}
module "zones" {
  source = "../modules/zone"
  count  = var.zone_count
}
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
}
resource "aws_route53_record" "r" {
  name = module.db.endpoint
}
`,
      'modules/db/main.tf': `
variable "name" {}
variable "key_arn" {
  default = "arn:aws:kms:eu-west-1:111122223333:key/not-used"
}
resource "aws_kms_key" "k" {}
resource "aws_db_instance" "this" {
  identifier = "\${var.name}-db"
  kms_key_id = aws_kms_key.k.arn
  tde_key    = var.key_arn
}
module "params" {
  source = "./params"
}
`,
      'modules/db/params/main.tf': `
resource "aws_db_parameter_group" "this" {
  name = "params"
}
`,
      'modules/zone/main.tf': `
provider "aws" {
  region = "eu-north-1"
}
resource "aws_route53_zone" "z" {
  name = "example.com"
}
`,
    }, 'root', { unavailableModules: 'finding' });
  });

  it('follows local modules (nested too) with module addresses and module-relative references', () => {
    expect(Object.keys(model.resources)).toEqual([
      'aws_kms_key.k',
      'aws_route53_record.r',
      'module.db.aws_db_instance.this',
      'module.db.aws_kms_key.k',
      'module.db.module.params.aws_db_parameter_group.this',
      'module.zones.aws_route53_zone.z',
    ]);
    const db = model.resources['module.db.aws_db_instance.this'];
    expect(db).toMatchObject({ module: 'module.db', values: { identifier: 'crm-db' } });
    expect(db.refs).toEqual({ kms_key_id: ['module.db.aws_kms_key.k'] });
    expect(db.origin.file).toMatch(/modules\/db\/main\.tf$/);
    expect(model.resources['aws_route53_record.r'].refs).toEqual({ name: ['module.db'] });
  });

  it("passes a caller's collection with parts known only after apply into the module, when they name only the caller's objects", async () => {
    const m = await load({
      'root/main.tf': `
resource "aws_s3_bucket" "data" {}
resource "aws_s3_bucket" "logs" {}
module "trail" {
  source    = "./trail"
  selectors = [{ type = "AWS::S3::Object", values = ["\${aws_s3_bucket.data.arn}/"] }]
  shadowed  = [aws_s3_bucket.logs.arn]
}
`,
      'root/trail/main.tf': `
variable "selectors" {}
variable "shadowed" {}
resource "aws_s3_bucket" "logs" {}
resource "aws_cloudtrail" "t" {
  dynamic "event_selector" {
    for_each = var.selectors
    content {
      data_resource {
        type   = event_selector.value.type
        values = event_selector.value.values
      }
    }
  }
  tags = { Arn = var.shadowed[0] }
}
`,
    });
    const t = m.resources['module.trail.aws_cloudtrail.t'];
    expect(t.values.event_selector).toEqual([{ data_resource: [{ type: 'AWS::S3::Object', values: ['${aws_s3_bucket.data.arn}/'] }] }]);
    expect(t.refs['event_selector.data_resource.values']).toEqual(['aws_s3_bucket.data']);
    // The module declares an aws_s3_bucket.logs of its own: the caller's text would name it, so that value stays unknown.
    expect(t.values.tags).toEqual({ Arn: '${var.shadowed[0]}' });
  });

  it('reads the outputs a called module knows at plan time (a label module: enabled, tags)', async () => {
    const m = await load({
      'root/main.tf': `
locals {
  team = "crm"
}
module "label" {
  source = "./label"
  owner  = local.team
}
locals {
  labelled = module.label.tags
}
resource "aws_sqs_queue" "q" {
  count = module.label.enabled ? 1 : 0
  tags  = local.labelled
  name  = module.label.id
}
resource "aws_sqs_queue" "off" {
  count = module.label.disabled ? 1 : 0
}
resource "aws_sqs_queue" "unknown" {
  count = module.label.later ? 1 : 0
  name  = try(module.label.missing_output, "fallback")
}
`,
      'root/label/main.tf': `
variable "owner" {}
variable "enabled" {
  default = true
}
resource "random_id" "r" {}
output "enabled" {
  value = var.enabled
}
output "disabled" {
  value = !var.enabled
}
output "tags" {
  value = { Owner = var.owner, DataClassification = "internal" }
}
output "id" {
  value = "\${var.owner}-\${random_id.r.hex}"
}
output "later" {
  value = random_id.r.hex != ""
}
`,
    });
    expect(m.resources['aws_sqs_queue.q[0]'].values).toEqual({ tags: { Owner: 'crm', DataClassification: 'internal' }, name: '${module.label.id}' });
    expect(Object.keys(m.resources).filter((a) => a.startsWith('aws_sqs_queue.off'))).toEqual([]);
    // An output known only after apply keeps the count unknown; so does an output the module does not declare.
    expect(m.resources['aws_sqs_queue.unknown'].values).toEqual({ count: '${module.label.later ? 1 : 0}', name: '${try(module.label.missing_output, "fallback")}' });
  });

  it("follows a module output that is one reference into the module to the object it names", async () => {
    const m = await load({
      'root/main.tf': `
module "profile" {
  source = "./profile"
}
resource "aws_instance" "app" {
  iam_instance_profile = module.profile.name
  user_data            = "\${module.profile.computed} and \${module.profile.name}"
}
`,
      'root/profile/main.tf': `
resource "aws_iam_role" "r" {
  name = "app"
}
resource "aws_iam_instance_profile" "p" {
  role = aws_iam_role.r.name
}
output "name" {
  value = aws_iam_instance_profile.p.name
}
output "computed" {
  value = "\${aws_iam_role.r.name}-x"
}
`,
    });
    const app = m.resources['aws_instance.app'];
    expect(app.values.iam_instance_profile).toBe('${module.profile.aws_iam_instance_profile.p.name}');
    expect(app.values.user_data).toBe('${module.profile.computed} and ${module.profile.aws_iam_instance_profile.p.name}');
    expect(app.refs).toEqual({ iam_instance_profile: ['module.profile', 'module.profile.aws_iam_instance_profile.p'], user_data: ['module.profile', 'module.profile.aws_iam_instance_profile.p'] });
    expect(app.unknown).toEqual({ iam_instance_profile: true, user_data: true });
  });

  it('an argument that is an expression hides the default: the variable stays unknown', () => {
    const db = model.resources['module.db.aws_db_instance.this'];
    expect(db.values.tde_key).toBe('${var.key_arn}');
    expect(db.unknown).toMatchObject({ tde_key: true });
  });

  it('passes provider configurations into modules; a module provider block gets its own key', () => {
    expect(model.resources['module.db.aws_db_instance.this']).toMatchObject({ provider: 'aws.dr', region: 'eu-west-1' });
    expect(model.resources['module.db.module.params.aws_db_parameter_group.this']).toMatchObject({ provider: 'aws.dr', region: 'eu-west-1' });
    expect(model.resources['module.zones.aws_route53_zone.z']).toMatchObject({ provider: 'module.zones:aws', region: 'eu-north-1' });
    expect(model.providers['module.zones:aws']).toMatchObject({ name: 'aws', region: 'eu-north-1' });
  });

  it('expands a module whose count / for_each is known into instances', async () => {
    const m = await load({
      'root/main.tf': `
module "tenant" {
  source   = "../modules/tenant"
  for_each = { a = "crm-a", b = "crm-b" }
  bucket   = each.value
}
resource "aws_s3_bucket_policy" "p" {
  bucket = module.tenant["a"].id
  policy = "{}"
}
`,
      'modules/tenant/main.tf': `
variable "bucket" {}
resource "aws_s3_bucket" "this" {
  bucket = var.bucket
}
output "id" {
  value = aws_s3_bucket.this.id
}
`,
    });
    expect(Object.keys(m.resources)).toEqual(['aws_s3_bucket_policy.p', 'module.tenant["a"].aws_s3_bucket.this', 'module.tenant["b"].aws_s3_bucket.this']);
    expect(m.resources['module.tenant["b"].aws_s3_bucket.this']).toMatchObject({ module: 'module.tenant["b"]', values: { bucket: 'crm-b' } });
    expect(m.modules).toEqual({ tenant: { source: '../modules/tenant', version: null, origin: { file: expect.stringMatching(/root\/main\.tf$/), line: 2 } } });
  });

  it('records the pattern of resources in an expanded module', () => {
    expect(model.resources['module.zones.aws_route53_zone.z'].origin.address).toBe('module.zones[*].aws_route53_zone.z');
  });

  it('lists every module call, with where it is written; a remote source not installed is marked unavailable (with unavailableModules: finding)', () => {
    const at = (file: RegExp, line: number) => ({ file: expect.stringMatching(file), line });
    expect(model.modules).toEqual({
      db: { source: '../modules/db', version: null, origin: at(/root\/main\.tf$/, 11) },
      'db.module.params': { source: './params', version: null, origin: at(/modules\/db\/main\.tf$/, 12) },
      vpc: { source: 'terraform-aws-modules/vpc/aws', version: '5.8.1', unavailable: true, origin: at(/root\/main\.tf$/, 26) },
      zones: { source: '../modules/zone', version: null, origin: at(/root\/main\.tf$/, 22) },
    });
  });
});

describe('normalizeHcl: terraform settings and .tf.json files', () => {
  it('reads required_version, required_providers and the backend; .tf.json files count too', async () => {
    const model = await load({
      'root/versions.tf': `
terraform {
  required_version = "~> 1.9"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }
  backend "s3" {
    bucket  = "state"
    encrypt = true
  }
}
`,
      'root/extra.tf.json': JSON.stringify({ resource: { aws_s3_bucket: { json_bucket: { bucket: 'crm-json' } } } }),
      'root/override.tf': 'resource "aws_s3_bucket" "json_bucket" {\n  bucket = "overridden"\n}\n',
    });
    expect(model.terraform).toEqual({
      required_version: '~> 1.9',
      required_providers: { aws: { source: 'hashicorp/aws', version: '~> 6.25' } },
      backend: { type: 's3', config: { bucket: 'state', encrypt: true } },
    });
    // override.tf is merged into the .tf.json definition, as Terraform merges override files.
    expect(model.resources['aws_s3_bucket.json_bucket'].values).toEqual({ bucket: 'overridden' });
  });

  it('reads a cloud block as the backend of type "cloud" (its token is checked by CRM-SUP-004)', async () => {
    const model = await load({
      'root/versions.tf': 'terraform {\n  cloud {\n    organization = "crm"\n    token        = "abc.atlasv1.def"\n  }\n}\n',
    });
    expect(model.terraform.backend).toEqual({ type: 'cloud', config: { organization: 'crm', token: 'abc.atlasv1.def' } });
  });
});

describe('normalizeHcl: errors name the file and line', () => {
  it('a reference to an input variable the module does not declare', async () => {
    const msg = await loadError({
      'root/variables.tf': 'variable "known" {}\n',
      'root/main.tf': 'resource "aws_kms_key" "k" {\n  description         = var.known\n  enable_key_rotation = var.rotate\n}\n',
    });
    expect(msg).toBe('<dir>/root/main.tf: line 3: reference to undeclared input variable "rotate" (declare it in the module (variable "rotate" {}) or fix the name; Terraform rejects the reference)');
  });

  it('an escaped interpolation is text, not a reference to a variable', async () => {
    const model = await load({
      'root/main.tf': 'resource "aws_instance" "i" {\n  user_data = "echo $${var.x}"\n  tags = {\n    Script = <<-EOT\n      echo $${var.y}\n    EOT\n  }\n}\n',
    });
    expect(Object.keys(model.resources)).toEqual(['aws_instance.i']);
  });

  it('a reference to an undeclared input variable inside a local module', async () => {
    const msg = await loadError({
      'root/main.tf': 'module "m" {\n  source = "./m"\n}\n',
      'root/m/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x-${var.env}"\n}\n',
    });
    expect(msg).toContain('<dir>/root/m/main.tf: line 2: reference to undeclared input variable "env"');
  });

  it('a syntax error', async () => {
    expect(await loadError({ 'root/main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n' })).toBe(
      '<dir>/root/main.tf: line 2, column 12: HCL syntax error: Invalid expression (Expected the start of an expression, but found an invalid expression token.)',
    );
  });

  it('a syntax error in a local module names the module file', async () => {
    const msg = await loadError({ 'root/main.tf': 'module "m" {\n  source = "../m"\n}\n', 'm/main.tf': '\n\nresource "a" "b" {\n' });
    expect(msg).toMatch(/^<dir>\/m\/main\.tf: line 3, column \d+: HCL syntax error: Unclosed configuration block/);
  });

  it('a missing local module', async () => {
    expect(await loadError({ 'root/main.tf': '\nmodule "net" {\n  source = "./net"\n}\n' })).toBe(
      '<dir>/root/main.tf: module "net" (line 2): source: local module source "./net" is not a directory (<dir>/root/net) (local module sources are read relative to the calling module)',
    );
  });

  it('a module cycle', async () => {
    expect(await loadError({ 'root/main.tf': 'module "self" {\n  source = "../root"\n}\n' })).toContain('a module cycle');
  });

  it('a resource declared twice, an unknown block type, a resource with one label', async () => {
    expect(await loadError({ 'root/a.tf': 'resource "aws_s3_bucket" "b" {}\n', 'root/b.tf': 'resource "aws_s3_bucket" "b" {}\n' })).toBe(
      '<dir>/root/b.tf: duplicate resource "aws_s3_bucket" "b": also declared in <dir>/root/a.tf (Terraform requires each name once per module)',
    );
    expect(await loadError({ 'root/main.tf': '\nresouce "aws_s3_bucket" "b" {}\n' })).toMatch(/^<dir>\/root\/main\.tf: line 2: unsupported block type "resouce"/);
    expect(await loadError({ 'root/main.tf': 'resource "aws_s3_bucket" {}\n' })).toBe(
      '<dir>/root/main.tf: line 1: resource "aws_s3_bucket" has one label; a resource block needs a type and a name label',
    );
  });
});

describe('hcl helpers', () => {
  it('parseHcl keeps expressions as ${...} strings and blocks as lists', async () => {
    expect(await parseHcl('x.tf', 'resource "t" "n" {\n  a = b.c.d\n  blk {\n    x = 1\n  }\n}\n')).toEqual({ resource: { t: { n: [{ a: '${b.c.d}', blk: [{ x: 1 }] }] } } });
  });

  it('hclSyntaxError keeps the first of several diagnostics', () => {
    const e = hclSyntaxError('f.tf', 'parse config: [f.tf:2,8-3,1: Invalid multi-line string; Quoted strings may not be split. f.tf:3,2-4,1: Other; Detail.]');
    expect(e.describe()).toBe('f.tf: line 2, column 8: HCL syntax error: Invalid multi-line string (Quoted strings may not be split.)');
  });

  it('blockLines finds quoted and bare labels, not commented-out blocks', () => {
    const lines = blockLines('# resource "a" "x" {\nresource "a" "x" {\n}\n  data aws_b y {\n}\nmodule "m" {\n}\n');
    expect(Object.fromEntries(lines)).toEqual({ 'resource.a.x': 2, 'data.aws_b.y': 4, 'module.m': 6 });
  });
});
