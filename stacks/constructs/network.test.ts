import { DataKey } from './keys';
import { DEFAULT_INTERFACE_ENDPOINTS, IsolatedNetwork, splitCidr } from './network';
import { all, at, ref, synthConstruct, TEST_ACCOUNT, type Body, type Synthesized } from './test-kit';

function network(azs = ['eu-west-1a', 'eu-west-1b']): Synthesized {
  return synthConstruct((s) => {
    const key = new DataKey(s, 'k', { project: 'crm', domain: 'logs', accountId: TEST_ACCOUNT, region: 'eu-west-1', grants: ['logs'] });
    new IsolatedNetwork(s, 'n', { name: 'crm', cidr: '10.20.0.0/16', azs, region: 'eu-west-1', accountId: TEST_ACCOUNT, logKey: key.key, logRetentionDays: 365 });
  });
}

const tier = (doc: Synthesized, t: string) => all(doc, 'aws_subnet').filter((s) => (s.tags as Record<string, string>).Tier === t);

describe('IsolatedNetwork', () => {
  const doc = network();

  it('has three tiers over two AZs, none assigning public IPs', () => {
    for (const t of ['public', 'app', 'data']) {
      const subnets = tier(doc, t);
      expect(subnets.map((s) => s.availability_zone)).toEqual(['eu-west-1a', 'eu-west-1b']);
      for (const s of subnets) expect(s).toMatchObject({ map_public_ip_on_launch: false, assign_ipv6_address_on_creation: false });
    }
    expect(tier(doc, 'data').map((s) => s.cidr_block)).toEqual(['10.20.128.0/20', '10.20.144.0/20']);
  });

  it('routes only the public tier to the internet gateway; app and data tables have no routes', () => {
    const igw = ref(doc, 'aws_internet_gateway', 'n/igw');
    expect(at(doc, 'aws_route_table', 'n/public-routes').route).toEqual([expect.objectContaining({ cidr_block: '0.0.0.0/0', gateway_id: `${igw}id}` })]);
    expect(at(doc, 'aws_route_table', 'n/app-routes').route).toEqual([]);
    expect(at(doc, 'aws_route_table', 'n/data-routes').route).toEqual([]);
    expect(doc.resource.aws_nat_gateway).toBeUndefined();
  });

  it('restricts the default security group and denies admin ports from the internet in both NACLs', () => {
    expect(at(doc, 'aws_default_security_group', 'n/default-sg')).toMatchObject({ ingress: [], egress: [] });
    for (const nacl of [at(doc, 'aws_default_network_acl', 'n/default-nacl'), at(doc, 'aws_network_acl', 'n/data-nacl')]) {
      const ingress = (nacl.ingress as Body[]).slice().sort((a, b) => Number(a.rule_no) - Number(b.rule_no));
      expect(ingress.slice(0, 2)).toEqual([
        expect.objectContaining({ action: 'deny', from_port: 22, to_port: 22, cidr_block: '0.0.0.0/0' }),
        expect.objectContaining({ action: 'deny', from_port: 3389, to_port: 3389, cidr_block: '0.0.0.0/0' }),
      ]);
    }
    const data = at(doc, 'aws_network_acl', 'n/data-nacl');
    for (const rule of [...(data.ingress as Body[]), ...(data.egress as Body[])].filter((r) => r.action === 'allow')) expect(rule.cidr_block).toBe('10.20.0.0/16');
    expect(data.subnet_ids).toHaveLength(2);
  });

  it('keeps S3, KMS, Secrets Manager and CloudWatch Logs traffic on VPC endpoints', () => {
    const endpoints = all(doc, 'aws_vpc_endpoint');
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(['s3', ...DEFAULT_INTERFACE_ENDPOINTS].map((s) => `com.amazonaws.eu-west-1.${s}`).sort());
    for (const s of ['kms', 'secretsmanager', 'logs']) {
      expect(endpoints.find((e) => e.service_name === `com.amazonaws.eu-west-1.${s}`)).toMatchObject({ vpc_endpoint_type: 'Interface', private_dns_enabled: true });
    }
    const s3 = endpoints.find((e) => e.service_name === 'com.amazonaws.eu-west-1.s3');
    expect(s3).toMatchObject({ vpc_endpoint_type: 'Gateway', route_table_ids: [`${ref(doc, 'aws_route_table', 'n/app-routes')}id}`, `${ref(doc, 'aws_route_table', 'n/data-routes')}id}`] });
    expect(at(doc, 'aws_security_group', 'n/endpoints-sg').ingress).toEqual([expect.objectContaining({ from_port: 443, to_port: 443, cidr_blocks: ['10.20.0.0/16'] })]);
  });

  it('flow-logs all traffic to a KMS-encrypted log group with bounded retention', () => {
    expect(at(doc, 'aws_flow_log', 'n/flow-log')).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
    const group = at(doc, 'aws_cloudwatch_log_group', 'n/flow-logs/group');
    expect(group).toMatchObject({ retention_in_days: 365, kms_key_id: `${ref(doc, 'aws_kms_key', 'k/key')}arn}` });
  });

  it('refuses a single availability zone', () => {
    expect(() => network(['eu-west-1a'])).toThrow(/needs 2 to 4 availability zones/);
  });
});

describe('splitCidr', () => {
  it('splits a network into equal literal blocks', () => {
    expect(splitCidr('10.10.0.0/16', 4)).toEqual(['10.10.0.0/18', '10.10.64.0/18', '10.10.128.0/18', '10.10.192.0/18']);
    expect(splitCidr('172.16.16.0/20', 16)[15]).toBe('172.16.31.0/24');
  });
});
