/** Issue 12 §1: values are converted to their schema type, as Terraform does, before any rule reads them. */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../src/errors';
import { attributeType, convertPrimitive, PROVIDER_TYPES, typedValues, type ConversionError } from '../../src/model/typed-values';
import { findingMessages, findings, loadHcl, loadPlan, planDoc, PROVIDER_TF } from './harness';

describe('Terraform primitive conversions (cty)', () => {
  const conv = (v: string | number | boolean, t: 'bool' | 'number' | 'string') => {
    const errors: ConversionError[] = [];
    const out = convertPrimitive(v, t, 'a', errors);
    return errors.length > 0 ? `error: ${errors[0].message}` : out;
  };
  it.each([
    ['true', 'bool', true],
    ['1', 'bool', true],
    ['false', 'bool', false],
    ['0', 'bool', false],
    [true, 'bool', true],
    ['True', 'bool', 'error: a bool is required, found "True"'],
    ['yes', 'bool', 'error: a bool is required, found "yes"'],
    [1, 'bool', 'error: a bool is required, found 1'],
    ['22', 'number', 22],
    ['-1.5', 'number', -1.5],
    ['1e3', 'number', 1000],
    [' 22', 'number', 'error: a number is required, found " 22"'],
    ['22abc', 'number', 'error: a number is required, found "22abc"'],
    [true, 'number', 'error: a number is required, found true'],
    [443, 'string', '443'],
    [false, 'string', 'false'],
    ['${var.x}', 'bool', '${var.x}'],
    ['${var.x}', 'number', '${var.x}'],
  ] as const)('%j to %s → %j', (v, t, expected) => {
    expect(conv(v, t)).toEqual(expected);
  });

  it('converts list, set and map elements and nested blocks by the schema', () => {
    const { values, errors } = typedValues('aws_security_group', {
      ingress: [{ from_port: '22', to_port: '22', self: 'false', cidr_blocks: ['0.0.0.0/0'], protocol: 'tcp' }],
      tags: { Name: 'x' },
      revoke_rules_on_delete: 'true',
    });
    expect(errors).toEqual([]);
    expect(values).toEqual({ ingress: [{ from_port: 22, to_port: 22, self: false, cidr_blocks: ['0.0.0.0/0'], protocol: 'tcp' }], tags: { Name: 'x' }, revoke_rules_on_delete: true });
  });

  it('names the path of a value Terraform rejects', () => {
    expect(typedValues('aws_security_group', { ingress: [{ from_port: 'ssh' }] }).errors).toEqual([{ path: 'ingress[0].from_port', message: 'a number is required, found "ssh"' }]);
  });

  it('the table records where it came from and covers what the rules read', () => {
    expect(PROVIDER_TYPES.source).toMatch(/^@cdktn\/provider-aws@25\./);
    expect(PROVIDER_TYPES.provider).toMatch(/^registry\.terraform\.io\/hashicorp\/aws@6\./);
    expect(attributeType('aws_db_instance', 'multi_az')).toBe('bool');
    expect(attributeType('aws_db_instance', 'backup_retention_period')).toBe('number');
    expect(attributeType('aws_network_acl', 'ingress.from_port')).toBe('number');
    expect(attributeType('aws_elb', 'listener.lb_port')).toBe('number');
  });
});

describe('quoted scalars reach the rules converted (wasm engine)', () => {
  const hcl = `${PROVIDER_TF}
resource "aws_db_instance" "db" {
  engine                  = "postgres"
  instance_class          = "db.t3.micro"
  storage_encrypted       = "true"
  publicly_accessible     = "true"
  multi_az                = "true"
  backup_retention_period = "1"
}
resource "aws_cloudwatch_log_group" "app" {
  name              = "app"
  retention_in_days = "30"
}
resource "aws_network_acl" "edge" {
  vpc_id = "vpc-1"
  ingress {
    rule_no    = "100"
    action     = "allow"
    protocol   = "tcp"
    cidr_block = "0.0.0.0/0"
    from_port  = "22"
    to_port    = "22"
  }
}
`;
  const planValues = {
    'aws_db_instance.db': { engine: 'postgres', instance_class: 'db.t3.micro', storage_encrypted: true, publicly_accessible: true, multi_az: true, backup_retention_period: 1 },
    'aws_cloudwatch_log_group.app': { name: 'app', retention_in_days: 30 },
    'aws_network_acl.edge': { vpc_id: 'vpc-1', ingress: [{ rule_no: 100, action: 'allow', protocol: 'tcp', cidr_block: '0.0.0.0/0', from_port: 22, to_port: 22 }] },
  };
  const expected = ['CRM-BDR-002 aws_db_instance.db', 'CRM-LOG-008 aws_cloudwatch_log_group.app', 'CRM-NET-006 aws_network_acl.edge', 'CRM-NET-009 aws_db_instance.db'];

  it('HCL: publicly_accessible = "true", backup_retention_period = "1", retention_in_days = "30", from_port = "22" are found', async () => {
    const m = await loadHcl({ 'main.tf': hcl });
    expect(m.resources['aws_db_instance.db'].values).toMatchObject({ publicly_accessible: true, multi_az: true, backup_retention_period: 1 });
    const found = await findings(m);
    for (const f of expected) expect(found).toContain(f);
    expect(found).not.toContain('CRM-BDR-001 aws_db_instance.db');
  });

  it('plan: the same findings from the values Terraform planned', async () => {
    const found = await findings(await loadPlan(planDoc(Object.entries(planValues).map(([address, values]) => ({ address, values })))));
    for (const f of expected) expect(found).toContain(f);
    expect(found).not.toContain('CRM-BDR-001 aws_db_instance.db');
  });

  it('multi_az = "false" is reported with the converted value, never the quoted text', async () => {
    const m = await loadHcl({ 'main.tf': `${PROVIDER_TF}resource "aws_db_instance" "db" {\n  engine = "postgres"\n  multi_az = "false"\n}\n` });
    expect(await findingMessages(m, 'CRM-BDR-001')).toEqual([expect.stringContaining('(`multi_az = false`)')]);
  });

  it('a value Terraform cannot convert is an input error naming the file, line and attribute', async () => {
    const err = await loadHcl({ 'main.tf': `${PROVIDER_TF}resource "aws_db_instance" "db" {\n  multi_az = "yes"\n}\n` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    // The attribute's own line, as Terraform names it (the block's header is line 4).
    expect((err as InputError).describe()).toMatch(/main\.tf: line 5: multi_az: `aws_db_instance\.db` `multi_az`: a bool is required, found "yes"/);
  });

  it.each([
    ['nested blocks', '  ingress = "22 from 0.0.0.0/0"\n', /line 5: ingress: `aws_security_group\.s` `ingress`: a set of objects is required, found "22 from 0\.0\.0\.0\/0"/],
    ['a list', '  ingress {\n    from_port = 22\n    to_port = 22\n    protocol = "tcp"\n    cidr_blocks = "0.0.0.0/0"\n  }\n', /line 5: ingress\[0\]\.cidr_blocks: .*a list of string is required, found "0\.0\.0\.0\/0"/],
  ])('a known value where %s are required is an input error (read, it was "no rules"), not a silent pass', async (_, body, message) => {
    const err = await loadHcl({ 'main.tf': `${PROVIDER_TF}resource "aws_security_group" "s" {\n${body}}\n` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(message);
  });

  it('an expression where nested blocks are required is left to the rules (known only after apply)', async () => {
    const m = await loadHcl({ 'main.tf': `${PROVIDER_TF}resource "aws_security_group" "s" {\n  ingress = data.aws_security_group.t.ingress\n}\n` });
    expect(m.resources['aws_security_group.s'].unknown).toHaveProperty('ingress', true);
  });
});

/**
 * Lint: a rule that compares an attribute with a bool or number literal must read an attribute
 * the typed model converts (bool / number in the provider table), or it compares raw text.
 */
describe('no rule compares a raw attribute with a bool or number literal', () => {
  const policies = path.join(__dirname, '..', '..', 'policies');
  const typed = new Map<string, Set<string>>();
  const collect = (table: Record<string, unknown>): void => {
    for (const [k, t] of Object.entries(table)) {
      if (typeof t === 'string') (typed.get(k) ?? typed.set(k, new Set()).get(k)!).add(t.replace(/^(list|set|map)\((\w+)\)$/, '$2'));
      else collect((t as { attrs: Record<string, unknown> }).attrs);
    }
  };
  for (const t of Object.values(PROVIDER_TYPES.types)) collect(t);

  /** Comparisons `<attribute read> <op> <literal>` or reversed, with the attribute name they read. */
  function violations(source: string): string[] {
    const out: string[] = [];
    const literal = String.raw`(true|false|-?\d+(?:\.\d+)?)`;
    const op = String.raw`(==|!=|<=|>=|<|>)`;
    const reads = [
      String.raw`\.values\.([a-z0-9_]+)`,
      String.raw`tf\.value\([^,()]+,\s*"([a-z0-9_]+)"\s*,[^()]*\)`,
      String.raw`object\.get\([a-z_.]*values\s*,\s*"([a-z0-9_]+)"\s*,[^()]*\)`,
    ];
    source.split('\n').forEach((line, i) => {
      if (/^\s*#/.test(line)) return;
      for (const read of reads) {
        for (const re of [new RegExp(`${read}\\s*${op}\\s*${literal}(?![\\w.])`, 'g'), new RegExp(`(?<![\\w.])${literal}\\s*${op}\\s*[a-z_.]*${read}`, 'g')]) {
          for (const m of line.matchAll(re)) {
            const attr = m.slice(1).find((g) => g !== undefined && /^[a-z][a-z0-9_]*$/.test(g) && !['true', 'false'].includes(g))!;
            const lit = m.slice(1).find((g) => g !== undefined && /^(true|false|-?\d)/.test(g))!;
            const want = /^(true|false)$/.test(lit) ? 'bool' : 'number';
            if (!typed.get(attr)?.has(want)) out.push(`line ${i + 1}: \`${attr}\` compared with ${lit} but the typed model has no ${want} attribute \`${attr}\``);
          }
        }
      }
    });
    return out;
  }

  it('the lint catches a raw comparison', () => {
    expect(violations('\tr.values.bucket == true\n\ttf.value(r, "name", false) != true\n\t22 == object.get(r.values, "description", 0)\n')).toHaveLength(3);
    expect(violations('\tr.values.multi_az == true\n\ttf.value(r, "multi_az", false) != true\n\tr.values.backup_retention_period < 7\n')).toEqual([]);
  });

  it('every policy passes the lint', () => {
    const found: string[] = [];
    const walk = (d: string): void => {
      for (const f of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, f.name);
        if (f.isDirectory()) walk(p);
        else if (f.name.endsWith('.rego') && !f.name.endsWith('_test.rego')) found.push(...violations(readFileSync(p, 'utf8')).map((v) => `${path.relative(policies, p)} ${v}`));
      }
    };
    walk(policies);
    expect(found).toEqual([]);
  });
});
