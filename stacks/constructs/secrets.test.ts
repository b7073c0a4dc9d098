import { RegionKeys } from './keys';
import { IsolatedNetwork } from './network';
import { RotatedSecret } from './secrets';
import { at, ref, statements, synthConstruct, TEST_ACCOUNT } from './test-kit';

const build = (everyDays: number) =>
  synthConstruct((s, dr) => {
    const keys = new RegionKeys(s, 'keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-west-1' });
    const drKeys = new RegionKeys(s, 'dr-keys', { project: 'crm', accountId: TEST_ACCOUNT, region: 'eu-central-1', provider: dr });
    const net = new IsolatedNetwork(s, 'net', { name: 'crm', cidr: '10.10.0.0/16', azs: ['eu-west-1a', 'eu-west-1b'], region: 'eu-west-1', accountId: TEST_ACCOUNT, logKey: keys.of('logs'), logRetentionDays: 365 });
    new RotatedSecret(s, 'secret', {
      name: 'crm/app/integration',
      description: 'test',
      region: 'eu-west-1',
      accountId: TEST_ACCOUNT,
      key: keys.of('secrets'),
      replica: { region: 'eu-central-1', key: drKeys.of('secrets') },
      rotation: {
        everyDays,
        artefact: { s3Bucket: 'artefacts', s3Key: 'rotation.zip', s3ObjectVersion: 'v1' },
        vpc: net.vpc,
        subnets: net.appSubnets,
        endpointSecurityGroup: net.endpointSecurityGroup,
        logKey: keys.of('logs'),
        logRetentionDays: 365,
      },
    });
  });

describe('RotatedSecret', () => {
  const doc = build(30);

  it('is encrypted with the secrets CMK and replicated to the DR region under the DR key', () => {
    expect(at(doc, 'aws_secretsmanager_secret', 'secret/secret')).toMatchObject({
      kms_key_id: `${ref(doc, 'aws_kms_key', 'keys/secrets/key')}arn}`,
      replica: [{ region: 'eu-central-1', kms_key_id: `${ref(doc, 'aws_kms_key', 'dr-keys/secrets/key')}arn}` }],
    });
    expect(Object.values(doc.locals ?? {})).toEqual([expect.stringContaining('":eu-west-1:", ":eu-central-1:"')]);
  });

  it('rotates every 30 days through a code-signed function inside the VPC', () => {
    const fnRef = ref(doc, 'aws_lambda_function', 'secret/function');
    expect(at(doc, 'aws_secretsmanager_secret_rotation', 'secret/rotation')).toMatchObject({ rotation_lambda_arn: `${fnRef}arn}`, rotation_rules: { automatically_after_days: 30 } });
    const fn = at(doc, 'aws_lambda_function', 'secret/function');
    expect(fn).toMatchObject({ runtime: 'python3.12', code_signing_config_arn: `${ref(doc, 'aws_lambda_code_signing_config', 'secret/code-signing')}arn}` });
    expect((fn.vpc_config as { subnet_ids: string[] }).subnet_ids).toHaveLength(2);
    expect(fn).not.toHaveProperty('environment');
    expect(at(doc, 'aws_lambda_code_signing_config', 'secret/code-signing').policies).toEqual({ untrusted_artifact_on_deployment: 'Enforce' });
  });

  it('lets only Secrets Manager invoke the function, for this secret and this account', () => {
    expect(at(doc, 'aws_lambda_permission', 'secret/invoke')).toMatchObject({
      principal: 'secretsmanager.amazonaws.com',
      source_arn: `${ref(doc, 'aws_secretsmanager_secret', 'secret/secret')}arn}`,
      source_account: TEST_ACCOUNT,
    });
  });

  it('gives the function a least-privilege role and egress only to the VPC endpoints', () => {
    const policy = statements(at(doc, 'aws_iam_role_policy', 'secret/role/policy').policy);
    for (const st of policy) for (const a of [st.Action].flat()) expect(a).not.toMatch(/:\*$|^\*$/);
    const secretOnly = policy.find((st) => st.Sid === 'RotateThisSecret');
    expect(secretOnly?.Resource).toBe(`${ref(doc, 'aws_secretsmanager_secret', 'secret/secret')}arn}`);
    expect(at(doc, 'aws_vpc_security_group_egress_rule', 'secret/to-endpoints/egress')).toMatchObject({
      from_port: 443,
      referenced_security_group_id: `${ref(doc, 'aws_security_group', 'net/endpoints-sg')}id}`,
    });
  });

  it('refuses rotation intervals beyond 90 days', () => {
    expect(() => build(120)).toThrow(/at least every 90 days/);
  });
});
