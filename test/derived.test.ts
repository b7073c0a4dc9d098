import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import { jsonDocuments, literalArns, ownRegion, provisioned, regionsInUse, sameAsOpa } from '../src/model/derived';
import { buildIndexes } from '../src/model/indexes';
import { joinStacks } from '../src/model/join';
import { normalizeCdktf } from '../src/model/normalize-cdktf';
import type { JsonObject, ModelResource } from '../src/model/types';

function resource(address: string, provider: string, region: string | null, values: JsonObject = {}, mode: 'managed' | 'data' = 'managed'): ModelResource {
  const [type, name] = address.replace(/^data\./, '').split('.');
  return { address, mode, type: mode === 'data' ? `data.${type}` : type, name, module: null, provider, region, values, unknown: {}, refs: {}, origin: { file: 't.tf.json' } };
}

function byAddress(...rs: ModelResource[]): Record<string, ModelResource> {
  return Object.fromEntries(rs.map((r) => [r.address, r]));
}

describe('regions in use', () => {
  it('lists the effective regions of regional resources with the providers deploying there', () => {
    const facts = regionsInUse(
      byAddress(
        resource('aws_s3_bucket.a', 'aws', 'eu-west-1'),
        resource('aws_s3_bucket.b', 'aws.dr', 'eu-central-1'),
        resource('aws_sqs_queue.c', 'aws.zz', 'eu-west-1'),
        resource('aws_sqs_queue.d', 'aws.env', null),
        resource('aws_s3_bucket.e', 'aws.dr', 'eu-west-1'),
      ),
    );
    expect(facts).toEqual({
      in_use: { 'eu-central-1': ['aws.dr'], 'eu-west-1': ['aws', 'aws.dr', 'aws.zz'] },
      providers: ['aws', 'aws.dr', 'aws.env', 'aws.zz'],
      unknown_region_providers: ['aws.env'],
    });
    expect(Object.keys(facts.in_use)).toEqual(['eu-central-1', 'eu-west-1']);
  });

  it('leaves out global services, data sources, other providers and peers', () => {
    const facts = regionsInUse(
      byAddress(
        resource('aws_iam_role.r', 'aws', 'eu-west-1'),
        resource('aws_cloudfront_distribution.d', 'aws', 'us-east-1'),
        resource('aws_route53_zone.z', 'aws', 'eu-west-1'),
        resource('aws_organizations_policy.p', 'aws', 'eu-west-1'),
        resource('aws_shield_protection.s', 'aws', 'eu-west-1'),
        resource('aws_s3_account_public_access_block.b', 'aws', 'eu-west-1'),
        resource('aws_account_alternate_contact.c', 'aws', 'eu-west-1'),
        resource('aws_wafv2_web_acl.global', 'aws.us', 'us-east-1', { scope: 'CLOUDFRONT' }),
        resource('data.aws_region.current', 'aws', 'eu-north-1', {}, 'data'),
        resource('random_id.x', 'random', null),
        resource('awsx_thing.y', 'awsx', 'eu-south-1'),
        resource('other:aws_s3_bucket.peer', 'other:aws', 'eu-south-2'),
      ),
    );
    expect(facts).toEqual({ in_use: {}, providers: [], unknown_region_providers: [] });
    const regional = regionsInUse(byAddress(resource('aws_wafv2_web_acl.regional', 'aws', 'eu-west-1', { scope: 'REGIONAL' })));
    expect(regional.in_use).toEqual({ 'eu-west-1': ['aws'] });
  });

  it('is derived into every model, and a joined stack counts only its own resources', () => {
    const stack = (region: string, bucket: string) =>
      normalizeCdktf(
        {
          terraform: { backend: { s3: { bucket: 'state', key: `${bucket}.tfstate`, region: 'eu-west-1' } } },
          provider: { aws: [{ region }] },
          resource: { aws_s3_bucket: { [bucket]: { bucket } } },
        },
        `${bucket}.tf.json`,
        bucket,
      );
    const [a, b] = [stack('eu-west-1', 'a'), stack('eu-central-1', 'b')];
    expect(a.regions.in_use).toEqual({ 'eu-west-1': ['aws'] });
    const [ja, jb] = joinStacks([a, b]);
    expect(ja.peers?.['b:aws_s3_bucket.b']).toBeDefined();
    expect(ja.regions).toEqual(a.regions);
    expect(jb.regions).toEqual(b.regions);
  });
});

/** A `\\u` escape of a surrogate: texts sameAsOpa leaves out whatever their keys and numbers. */
const SURROGATE = /\\u[dD][89a-fA-F]/;

describe('JSON documents', () => {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

  it('parses object and array texts at any depth, keyed by the exact text, each once', () => {
    const containers = ' [{"name":"app","cpu":256,"memory":0.5,"essential":true,"env":null}]';
    const docs = jsonDocuments(
      byAddress(
        resource('aws_iam_policy.p', 'aws', 'eu-west-1', { policy }),
        resource('aws_iam_role.r', 'aws', 'eu-west-1', { inline_policy: [{ name: 'x', policy }] }),
        resource('aws_ecs_task_definition.t', 'aws', 'eu-west-1', { container_definitions: containers }),
        resource('aws_s3_bucket.b', 'aws', 'eu-west-1', { bucket: 'crm', tags: { Note: '{not json' } }),
      ),
    );
    expect(docs).toEqual({ [policy]: JSON.parse(policy), [containers]: [{ name: 'app', cpu: 256, memory: 0.5, essential: true, env: null }] });
    expect(Object.keys(docs)).toEqual([...Object.keys(docs)].sort());
  });

  it('lists a text only when JSON.parse provably gives what OPA parses', () => {
    // Numbers OPA keeps as written, which JavaScript would write back differently.
    for (const text of ['[1.0]', '[1e2]', '[-0]', '[9007199254740993]', '{"a":[0.10]}', '[1E+2]']) expect([text, sameAsOpa(text)]).toEqual([text, undefined]);
    // Repeated keys, surrogate escapes (paired or not), invalid JSON, scalars and bare booleans.
    for (const text of ['{"a":1,"a":2}', '{"o":{"k":1,"k":1}}', '["\\ud83d\\ude00"]', '["\\udc00"]', '["\\\\ud800"]', '[1 2]', '{', '{"a":1,}', '[1] //', 'true', '"x"', '1', 'null'])
      expect([text, sameAsOpa(text)]).toEqual([text, undefined]);
    // Same key in sibling objects, escapes OPA decodes alike, numbers written canonically, raw non-ASCII.
    expect(sameAsOpa('[{"k":1},{"k":2}]')).toEqual([{ k: 1 }, { k: 2 }]);
    expect(sameAsOpa('{"s":"a\\"b\\\\c\\/d\\n\\t\\u00e9\\u0000"}')).toEqual({ s: 'a"b\\c/d\n\t\u00e9\u0000' });
    expect(sameAsOpa('[0, -1, 1.5, 1e+21, 123456789012]')).toEqual([0, -1, 1.5, 1e21, 123456789012]);
    expect(sameAsOpa('{"emoji":"😀","é":"ü"}')).toEqual({ emoji: '😀', é: 'ü' });
    expect(sameAsOpa(' \n{"__proto__":{"x":1}}\t')).toEqual(JSON.parse('{"__proto__":{"x":1}}'));
  });

  it('agrees with a general JSON visitor on which texts are faithful (keys decoded, numbers as written)', () => {
    // The reference: jsonc-parser's visitor, as the check was first written.
    const reference = (text: string): boolean => {
      let ok = true;
      const keys: Set<string>[] = [];
      visit(text, {
        onObjectBegin: () => void keys.push(new Set()),
        onObjectEnd: () => void keys.pop(),
        onObjectProperty: (name) => {
          const own = keys[keys.length - 1];
          if (own.has(name)) ok = false;
          own.add(name);
        },
        onLiteralValue: (value: unknown, offset, length) => {
          if (typeof value === 'number' && String(value) !== text.slice(offset, offset + length)) ok = false;
        },
      });
      return ok;
    };
    const texts = [
      '{"a":1,"\\u0061":2}', '{"a\\"b":1,"a\\"b":2}', '{"a\\\\":1,"b":"\\\\"}', '[{"a":{"a":1},"b":{"a":2}}]', '{"a":[{"b":1},{"b":1}],"c":{"a":0}}',
      '{"":1,"":2}', '[-1.25e-7, 1e21, 1E21, 0.000001, 1e-7, 100, -0.0, 5e-324, 1.7976931348623157e308]', '{"n":-12,"m":[3.14,2.5e3]}',
      '{"s":"1.0","t":"-0"}', '[ 1 , 2 ,{ "x" : [ ] , "y" : { } } ]', '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}],"Version":"2012-10-17"}',
      '{"a":"\\"","a":1}', '{"k":"v,{\\"k\\":1}","k2":1}',
      // Colons inside names and values (names are counted by the colons outside strings).
      '{"a:b":"c:d","a:b":1}', '{"a:b":"c:d","e":"f:g:h"}', '{"__proto__":1,"__proto__":2}', '[{"__proto__":{"x":":"}},{"y":[":",1]}]',
    ];
    for (const text of texts) {
      expect(JSON.parse(text)).toBeDefined();
      expect([text, sameAsOpa(text) !== undefined]).toEqual([text, reference(text)]);
    }
    // Documents as JSON.stringify writes them, and the same with a member written twice (the
    // repeat JSON.parse drops) or a number written another way.
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 })), fc.nat(3), (doc, edit) => {
        let text = JSON.stringify(doc);
        if (edit === 1) text = text.replace(/^\{("(?:[^"\\]|\\.)*":)/, '{$1 0, $1');
        if (edit === 2) text = text.replace(/(\d)(?=[,\]}])/, '$1.0');
        try {
          JSON.parse(text);
        } catch {
          return;
        }
        if (SURROGATE.test(text)) return;
        expect([text, sameAsOpa(text) !== undefined]).toEqual([text, reference(text)]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('literal ARNs', () => {
  it('lists every arn: string of a managed resource with its walk path; data sources and ARN-free resources are absent', () => {
    const key = 'arn:aws:kms:eu-central-1:123456789012:key/abc';
    const arns = literalArns(
      byAddress(
        resource('aws_db_instance.db', 'aws', 'eu-west-1', { kms_key_id: key, note: 'see arn:aws:x', tags: { Ref: 'arn:aws:sns:eu-west-1:1:t' } }),
        resource('aws_s3_bucket_replication_configuration.r', 'aws', 'eu-west-1', {
          rule: [{ destination: { bucket: 'arn:aws:s3:::copy', encryption_configuration: { replica_kms_key_id: key } } }],
        }),
        resource('aws_s3_bucket.plain', 'aws', 'eu-west-1', { bucket: 'crm' }),
        resource('data.aws_kms_key.k', 'aws', 'eu-west-1', { key_id: key }, 'data'),
      ),
    );
    expect(arns).toEqual({
      'aws_db_instance.db': [
        { path: ['kms_key_id'], value: key },
        { path: ['tags', 'Ref'], value: 'arn:aws:sns:eu-west-1:1:t' },
      ],
      'aws_s3_bucket_replication_configuration.r': [
        { path: ['rule', 0, 'destination', 'bucket'], value: 'arn:aws:s3:::copy' },
        { path: ['rule', 0, 'destination', 'encryption_configuration', 'replica_kms_key_id'], value: key },
      ],
    });
  });
});

describe('own region', () => {
  it('lists, sorted, the resources whose values set `region` (any value, managed or data), and no other', () => {
    const own = ownRegion(
      byAddress(
        resource('aws_s3_bucket.z', 'aws', 'us-east-1', { region: 'us-east-1' }),
        resource('aws_s3_bucket.a', 'aws', null, { region: '${var.r}' }),
        resource('aws_sns_topic.n', 'aws', 'eu-west-1', { region: null }),
        resource('data.aws_region.r', 'aws', 'eu-west-1', { region: 'eu-west-1' }, 'data'),
        resource('aws_s3_bucket.plain', 'aws', 'eu-west-1', { bucket: 'crm', tags: { region: 'eu-west-1' } }),
      ),
    );
    expect(own).toEqual(['aws_s3_bucket.a', 'aws_s3_bucket.z', 'aws_sns_topic.n', 'data.aws_region.r']);
  });
});

describe('provisioned', () => {
  it('lists, sorted, the resources whose values hold a `provisioner` (any value, managed or data), and no other', () => {
    const listed = provisioned(
      byAddress(
        resource('terraform_data.z', 'terraform', null, { provisioner: [{ 'local-exec': { command: 'echo' } }] }),
        resource('aws_instance.a', 'aws', 'eu-west-1', { provisioner: { file: { source: 'a', destination: '/tmp/a' } } }),
        resource('data.external.e', 'external', null, { program: ['x'], provisioner: '${var.p}' }, 'data'),
        resource('aws_instance.plain', 'aws', 'eu-west-1', { tags: { provisioner: 'team-a' }, user_data: 'provisioner' }),
      ),
    );
    expect(listed).toEqual(['aws_instance.a', 'data.external.e', 'terraform_data.z']);
  });
});

describe('the normalizer\'s walk passes over resources without fact text', () => {
  // Strings a derived fact reads (ARNs, document texts, whitespace first) or nearly does, in resources
  // of types without a provider schema (their values are kept as written).
  const text = fc.oneof(
    fc.constantFrom('arn:aws:kms:eu-west-1:1:key/k', 'arn', 'aws', 'a{', '{"a":1}', ' [1, 2]', '\t{"b":[true]}', '\n[]', '[1.0]', '{x', 'x{"a":1}', ''),
    fc.string({ maxLength: 6 }),
  );
  const leaf: fc.Arbitrary<unknown> = fc.oneof(text, fc.integer(), fc.boolean());
  const values = fc.dictionary(
    fc.constantFrom('policy', 'kms_key_id', 'tags', 'rule', 'region', 'provisioner', 'name'),
    fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(leaf, fc.array(leaf, { maxLength: 2 })), { maxKeys: 3 })),
    { maxKeys: 4 },
  );

  it('derives the facts a full walk of every resource derives', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('aws_x_one', 'aws_x_two', 'aws_iam_x'), values), { minLength: 1, maxLength: 6 }), (resources) => {
        const model = normalizeCdktf(
          {
            provider: { aws: [{ region: 'eu-west-1' }] },
            resource: Object.fromEntries(
              ['aws_x_one', 'aws_x_two', 'aws_iam_x'].map((type) => [type, Object.fromEntries(resources.map(([t, v], i) => [t === type ? `r${i}` : '', v]).filter(([k]) => k !== ''))]),
            ),
          },
          'p.tf.json',
          'p',
        );
        // A copy of the resources' values was never walked by the normalizer: every one is walked.
        const copy = structuredClone(model.resources) as Record<string, ModelResource>;
        const full = buildIndexes(copy);
        for (const f of ['json_documents', 'literal_arns', 'regions', 'own_region', 'provisioned'] as const) expect([f, model[f]]).toEqual([f, full[f]]);
      }),
      { numRuns: 300 },
    );
  });
});
