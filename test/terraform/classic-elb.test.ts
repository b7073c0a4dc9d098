/** Issue 12 §6: classic load balancers (aws_elb) are checked for TLS, logging, desync, exposure and SG ingress. */
import { findings, loadHcl, loadPlan, planDoc, PROVIDER_TF } from './harness';

const hcl = `${PROVIDER_TF}
resource "aws_security_group" "elb" {
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_elb" "legacy" {
  subnets                = ["subnet-a", "subnet-b"]
  security_groups        = [aws_security_group.elb.id]
  desync_mitigation_mode = "monitor"
  listener {
    lb_port           = 80
    lb_protocol       = "http"
    instance_port     = "8080"
    instance_protocol = "http"
  }
}
`;

const plan = () =>
  planDoc([
    { address: 'aws_security_group.elb', values: { ingress: [{ from_port: 80, to_port: 80, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: '' }] } },
    {
      address: 'aws_elb.legacy',
      values: { subnets: ['subnet-a', 'subnet-b'], internal: false, desync_mitigation_mode: 'monitor', access_logs: [], listener: [{ lb_port: 80, lb_protocol: 'http', instance_port: 8080, instance_protocol: 'http', ssl_certificate_id: '' }] },
      expressions: { subnets: { constant_value: ['subnet-a', 'subnet-b'] }, security_groups: { references: ['aws_security_group.elb.id', 'aws_security_group.elb'] }, desync_mitigation_mode: { constant_value: 'monitor' } },
      afterUnknown: { security_groups: true },
    },
  ]);

describe('an internet-facing, HTTP-only, unlogged classic load balancer', () => {
  it.each([
    ['HCL', () => loadHcl({ 'main.tf': hcl })],
    ['plan', () => loadPlan(plan())],
  ] as const)('%s: is found by the TLS, logging, desync and exposure rules; its SG admits the internet on 80', async (_f, load) => {
    const m = await load();
    const found = (await findings(m)).filter((f) => /^CRM-(ENC|INT|LOG|NET)-/.test(f) && (f.includes('aws_elb.legacy') || f.includes('aws_security_group.elb')));
    expect(found).toEqual(['CRM-ENC-011 aws_elb.legacy', 'CRM-INT-011 aws_elb.legacy', 'CRM-LOG-011 aws_elb.legacy', 'CRM-NET-013 aws_elb.legacy'].sort());
    // Port 80 from the internet is allowed on an internet-facing load balancer's group (CRM-NET-003 stays silent).
    expect(m.resources['aws_elb.legacy'].refs.security_groups).toEqual(['aws_security_group.elb']);
  });
});
