import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { SecurityGroupLink } from './sg-chain';
import { ServiceRole } from './service-role';
import { at, json, ref, synthConstruct, TEST_ACCOUNT } from './test-kit';

describe('SecurityGroupLink', () => {
  it('opens one port from one group to another, by reference on both sides', () => {
    const doc = synthConstruct((s) => {
      const from = new SecurityGroup(s, 'app', { name: 'app', vpcId: 'vpc-1' });
      const to = new SecurityGroup(s, 'db', { name: 'db', vpcId: 'vpc-1' });
      new SecurityGroupLink(s, 'link', { from, to, port: 5432, description: 'app to db' });
    });
    const app = `${ref(doc, 'aws_security_group', 'app')}id}`;
    const db = `${ref(doc, 'aws_security_group', 'db')}id}`;
    expect(at(doc, 'aws_vpc_security_group_egress_rule', 'link/egress')).toMatchObject({ security_group_id: app, referenced_security_group_id: db, ip_protocol: 'tcp', from_port: 5432, to_port: 5432 });
    expect(at(doc, 'aws_vpc_security_group_ingress_rule', 'link/ingress')).toMatchObject({ security_group_id: db, referenced_security_group_id: app, from_port: 5432, to_port: 5432 });
  });
});

describe('ServiceRole', () => {
  it('trusts one service principal, pinned to the account when asked', () => {
    const doc = synthConstruct((s) => {
      new ServiceRole(s, 'role', {
        name: 'r',
        service: 'ecs-tasks.amazonaws.com',
        sourceAccount: TEST_ACCOUNT,
        description: 'd',
        statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
      });
    });
    expect(json(at(doc, 'aws_iam_role', 'role/role').assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT } } }],
    });
    expect(json(at(doc, 'aws_iam_role_policy', 'role/policy').policy)).toMatchObject({ Statement: [{ Action: 's3:GetObject' }] });
  });
});
