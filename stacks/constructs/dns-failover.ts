import type { Lb } from '@cdktn/provider-aws/lib/lb';
import { Route53HealthCheck } from '@cdktn/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';

export interface DnsFailoverProps {
  zoneId: string;
  /** The CRM's public name, e.g. `crm.example.com`. */
  recordName: string;
  /** Load balancer of the primary region (served while healthy). */
  primary: Lb;
  /** Load balancer of the DR region (served when the primary's health check fails). */
  secondary: Lb;
  healthCheckPath: string;
  /** Health check the SECONDARY waits for (e.g. DrWriteGate: the DR database is writable). */
  secondaryHealthCheckId?: string;
  provider?: TerraformProvider;
}

/**
 * Route 53 failover for the application endpoint: a PRIMARY alias to the primary region's load
 * balancer, gated by an HTTPS health check (detects in ~30 s: 10 s × 3), and a SECONDARY alias to
 * the DR region's load balancer. Failover happens on the Route 53 data plane, with no record edits.
 */
export class DnsFailover extends Construct {
  readonly healthCheck: Route53HealthCheck;

  constructor(scope: Construct, id: string, props: DnsFailoverProps) {
    super(scope, id);
    const provider = props.provider;
    this.healthCheck = new Route53HealthCheck(this, 'primary-health', {
      provider,
      type: 'HTTPS',
      fqdn: props.primary.dnsName,
      port: 443,
      resourcePath: props.healthCheckPath,
      enableSni: true,
      requestInterval: 10,
      failureThreshold: 3,
      measureLatency: true,
      tags: { Name: `${props.recordName}-primary` },
    });
    for (const [role, lb] of [
      ['PRIMARY', props.primary],
      ['SECONDARY', props.secondary],
    ] as const) {
      new Route53Record(this, role.toLowerCase(), {
        provider,
        zoneId: props.zoneId,
        name: props.recordName,
        type: 'A',
        setIdentifier: role.toLowerCase(),
        failoverRoutingPolicy: { type: role },
        healthCheckId: role === 'PRIMARY' ? this.healthCheck.id : props.secondaryHealthCheckId,
        alias: { name: lb.dnsName, zoneId: lb.zoneId, evaluateTargetHealth: true },
      });
    }
  }
}
