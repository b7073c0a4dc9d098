import { Lb } from '@cdktn/provider-aws/lib/lb';
import { DnsFailover } from './dns-failover';
import { at, ref, synthConstruct } from './test-kit';

const doc = synthConstruct((s, dr) => {
  const primary = new Lb(s, 'primary-lb', { name: 'crm', subnets: ['subnet-a', 'subnet-b'] });
  const secondary = new Lb(s, 'dr-lb', { name: 'crm', subnets: ['subnet-c', 'subnet-d'], provider: dr });
  new DnsFailover(s, 'dns', { zoneId: 'Z123', recordName: 'crm.example.com', primary, secondary, healthCheckPath: '/health' });
});

describe('DnsFailover', () => {
  it('health-checks the primary load balancer over HTTPS', () => {
    expect(at(doc, 'aws_route53_health_check', 'dns/primary-health')).toMatchObject({
      type: 'HTTPS',
      fqdn: `${ref(doc, 'aws_lb', 'primary-lb')}dns_name}`,
      port: 443,
      resource_path: '/health',
      request_interval: 10,
      failure_threshold: 3,
    });
  });

  it('pairs a PRIMARY record gated by the health check with a SECONDARY alias to the DR load balancer', () => {
    expect(at(doc, 'aws_route53_record', 'dns/primary')).toMatchObject({
      name: 'crm.example.com',
      type: 'A',
      failover_routing_policy: { type: 'PRIMARY' },
      health_check_id: `${ref(doc, 'aws_route53_health_check', 'dns/primary-health')}id}`,
      alias: { name: `${ref(doc, 'aws_lb', 'primary-lb')}dns_name}`, evaluate_target_health: true },
    });
    const secondary = at(doc, 'aws_route53_record', 'dns/secondary');
    expect(secondary).toMatchObject({ name: 'crm.example.com', type: 'A', failover_routing_policy: { type: 'SECONDARY' }, alias: { name: `${ref(doc, 'aws_lb', 'dr-lb')}dns_name}` } });
    expect(secondary.set_identifier).not.toBe(at(doc, 'aws_route53_record', 'dns/primary').set_identifier);
  });
});
