import { DefaultNetworkAcl } from '@cdktn/provider-aws/lib/default-network-acl';
import { DefaultSecurityGroup } from '@cdktn/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktn/provider-aws/lib/flow-log';
import { InternetGateway } from '@cdktn/provider-aws/lib/internet-gateway';
import type { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { NetworkAcl } from '@cdktn/provider-aws/lib/network-acl';
import { RouteTable } from '@cdktn/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktn/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { Subnet } from '@cdktn/provider-aws/lib/subnet';
import { Vpc } from '@cdktn/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktn/provider-aws/lib/vpc-endpoint';
import type { TerraformProvider } from 'cdktn';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from './log-group';
import { s3EndpointPolicy } from './s3-endpoint-policy';
import { ServiceRole } from './service-role';

/** Interface endpoints every CRM VPC gets (S3 is a gateway endpoint on top of these). */
export const DEFAULT_INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'kms', 'logs', 'secretsmanager', 'sqs', 'sts'];

export interface IsolatedNetworkProps {
  /** Name prefix, e.g. `crm-prod`. */
  name: string;
  /** VPC CIDR (/16 to /20): split into 16 equal blocks, public 0-3, app 4-7, data 8-11. */
  cidr: string;
  /** Availability zones (2 to 4). */
  azs: string[];
  region: string;
  accountId: string;
  /** Key for the flow-log group (its policy must admit CloudWatch Logs of this region). */
  logKey: KmsKey;
  logRetentionDays: number;
  /** TCP ports the data tier serves to the VPC (NACL allow-list). */
  dataPorts?: number[];
  interfaceEndpoints?: string[];
  provider?: TerraformProvider;
}

/**
 * A VPC with three tiers over ≥ 2 AZs: public (load balancers only, the only route to the internet
 * gateway), private app (no internet route: AWS APIs through VPC endpoints) and isolated data (no
 * route beyond the VPC, its own network ACL). The default security group admits nothing, the
 * default network ACL denies admin ports from the internet, and all traffic is flow-logged to a
 * KMS-encrypted log group.
 */
export class IsolatedNetwork extends Construct {
  readonly vpc: Vpc;
  readonly cidr: string;
  readonly publicSubnets: Subnet[];
  readonly appSubnets: Subnet[];
  readonly dataSubnets: Subnet[];
  /** Security group of the interface endpoints: admits 443 from the VPC. */
  readonly endpointSecurityGroup: SecurityGroup;
  /** The S3 gateway endpoint (its prefix list lets app-tier groups reach S3 without the internet). */
  readonly s3Endpoint: VpcEndpoint;
  readonly flowLogGroup: EncryptedLogGroup;

  constructor(scope: Construct, id: string, props: IsolatedNetworkProps) {
    super(scope, id);
    if (props.azs.length < 2 || props.azs.length > 4) throw new Error(`IsolatedNetwork ${props.name}: needs 2 to 4 availability zones, got ${props.azs.length}`);
    const provider = props.provider;
    this.cidr = props.cidr;
    const blocks = splitCidr(props.cidr, 16);

    this.vpc = new Vpc(this, 'vpc', { provider, cidrBlock: props.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: props.name } });
    new DefaultSecurityGroup(this, 'default-sg', { provider, vpcId: this.vpc.id, ingress: [], egress: [], tags: { Name: `${props.name}-default-deny-all` } });

    const subnets = (tier: 'public' | 'app' | 'data', offset: number) =>
      props.azs.map(
        (az, i) =>
          new Subnet(this, `${tier}-${i}`, {
            provider,
            vpcId: this.vpc.id,
            availabilityZone: az,
            cidrBlock: blocks[offset + i],
            mapPublicIpOnLaunch: false,
            assignIpv6AddressOnCreation: false,
            tags: { Name: `${props.name}-${tier}-${az}`, Tier: tier },
          }),
      );
    this.publicSubnets = subnets('public', 0);
    this.appSubnets = subnets('app', 4);
    this.dataSubnets = subnets('data', 8);

    // Public tier: the only route to the internet gateway (the load balancer lives here).
    const igw = new InternetGateway(this, 'igw', { provider, vpcId: this.vpc.id, tags: { Name: props.name } });
    const publicRoutes = new RouteTable(this, 'public-routes', {
      provider,
      vpcId: this.vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }],
      tags: { Name: `${props.name}-public`, Tier: 'public' },
    });
    // App and data tiers: local route only; AWS APIs are reached through endpoints.
    const appRoutes = new RouteTable(this, 'app-routes', { provider, vpcId: this.vpc.id, route: [], tags: { Name: `${props.name}-app`, Tier: 'app' } });
    const dataRoutes = new RouteTable(this, 'data-routes', { provider, vpcId: this.vpc.id, route: [], tags: { Name: `${props.name}-data`, Tier: 'data' } });
    const associate = (tier: string, list: Subnet[], table: RouteTable) =>
      list.forEach((subnet, i) => new RouteTableAssociation(this, `${tier}-${i}-routes`, { provider, subnetId: subnet.id, routeTableId: table.id }));
    associate('public', this.publicSubnets, publicRoutes);
    associate('app', this.appSubnets, appRoutes);
    associate('data', this.dataSubnets, dataRoutes);

    // Default NACL (public and app tiers): admin ports from the internet are denied before the allow.
    new DefaultNetworkAcl(this, 'default-nacl', {
      provider,
      defaultNetworkAclId: this.vpc.defaultNetworkAclId,
      subnetIds: [...this.publicSubnets, ...this.appSubnets].map((s) => s.id),
      ingress: [
        ...denyAdminPorts(),
        { ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0', fromPort: 0, toPort: 0 },
      ],
      egress: [{ ruleNo: 100, action: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0', fromPort: 0, toPort: 0 }],
      tags: { Name: `${props.name}-default` },
    });
    // Data tier NACL: only the data ports and return traffic, and only from inside the VPC.
    const dataPorts = props.dataPorts ?? [5432, 6379];
    new NetworkAcl(this, 'data-nacl', {
      provider,
      vpcId: this.vpc.id,
      subnetIds: this.dataSubnets.map((s) => s.id),
      ingress: [
        ...denyAdminPorts(),
        ...dataPorts.map((port, i) => ({ ruleNo: 100 + i * 10, action: 'allow', protocol: 'tcp', cidrBlock: props.cidr, fromPort: port, toPort: port })),
        { ruleNo: 200, action: 'allow', protocol: 'tcp', cidrBlock: props.cidr, fromPort: 1024, toPort: 65535 },
      ],
      egress: [{ ruleNo: 100, action: 'allow', protocol: 'tcp', cidrBlock: props.cidr, fromPort: 1024, toPort: 65535 }],
      tags: { Name: `${props.name}-data`, Tier: 'data' },
    });

    // VPC endpoints: S3 (gateway on the app and data tables), the rest as private-DNS interfaces.
    const endpointPolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'OnlyThisAccount', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': props.accountId } } }],
    });
    this.s3Endpoint = new VpcEndpoint(this, 'endpoint-s3', {
      provider,
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [appRoutes.id, dataRoutes.id],
      policy: s3EndpointPolicy(props.accountId, props.region),
      tags: { Name: `${props.name}-s3` },
    });
    this.endpointSecurityGroup = new SecurityGroup(this, 'endpoints-sg', {
      provider,
      name: `${props.name}-vpc-endpoints`,
      description: 'Interface VPC endpoints: HTTPS from inside the VPC only',
      vpcId: this.vpc.id,
      ingress: [{ description: 'HTTPS from the VPC', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: [props.cidr] }],
      egress: [],
      tags: { Name: `${props.name}-vpc-endpoints` },
    });
    for (const service of props.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS) {
      new VpcEndpoint(this, `endpoint-${service.replace(/\./g, '-')}`, {
        provider,
        vpcId: this.vpc.id,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: this.appSubnets.map((s) => s.id),
        securityGroupIds: [this.endpointSecurityGroup.id],
        policy: endpointPolicy,
        tags: { Name: `${props.name}-${service}` },
      });
    }

    // Flow logs: all traffic, to an encrypted group with bounded retention.
    this.flowLogGroup = new EncryptedLogGroup(this, 'flow-logs', {
      name: `/crm/${props.name}/${props.region}/vpc-flow-logs`,
      key: props.logKey,
      retentionDays: props.logRetentionDays,
      provider,
    });
    const role = new ServiceRole(this, 'flow-logs-role', {
      name: `${props.name}-flow-logs-${props.region}`,
      service: 'vpc-flow-logs.amazonaws.com',
      sourceAccount: props.accountId,
      description: `VPC flow logs of ${props.name} deliver to their log group`,
      statements: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [this.flowLogGroup.group.arn, `${this.flowLogGroup.group.arn}:*`],
        },
      ],
      provider,
    });
    new FlowLog(this, 'flow-log', {
      provider,
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.flowLogGroup.group.arn,
      iamRoleArn: role.role.arn,
      maxAggregationInterval: 60,
      tags: { Name: props.name },
    });
  }
}

function denyAdminPorts() {
  return [22, 3389].map((port, i) => ({ ruleNo: 10 + i * 10, action: 'deny', protocol: 'tcp', cidrBlock: '0.0.0.0/0', fromPort: port, toPort: port }));
}

/** Splits an IPv4 CIDR into `parts` equal sub-blocks (a power of two), as literal CIDRs. */
export function splitCidr(cidr: string, parts: number): string[] {
  const [addr, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  const bits = Math.log2(parts);
  if (!Number.isInteger(bits) || prefix + bits > 28) throw new Error(`cannot split ${cidr} into ${parts} blocks`);
  const base = addr.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const size = 2 ** (32 - prefix - bits);
  return Array.from({ length: parts }, (_, i) => {
    const ip = base + i * size;
    return `${[24, 16, 8, 0].map((s) => Math.floor(ip / 2 ** s) % 256).join('.')}/${prefix + bits}`;
  });
}
