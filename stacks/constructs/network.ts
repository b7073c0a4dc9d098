import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';

export interface IsolatedNetworkProps {
  name: string;
  cidr: string;
  azs: string[];
}

/**
 * A VPC whose data tier has no route to the internet: isolated subnets (one per AZ) on a route
 * table with only the local route, and a default security group that admits nothing.
 */
export class IsolatedNetwork extends Construct {
  readonly vpc: Vpc;
  readonly dataSubnets: Subnet[];

  constructor(scope: Construct, id: string, props: IsolatedNetworkProps) {
    super(scope, id);
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpc.id, ingress: [], egress: [] });
    const dataRoutes = new RouteTable(this, 'data-routes', { vpcId: this.vpc.id, tags: { Name: `${props.name}-data`, Tier: 'data' } });
    const [a, b] = props.cidr.split('.').map(Number);
    this.dataSubnets = props.azs.map((az, i) => {
      const subnet = new Subnet(this, `data-${i}`, {
        vpcId: this.vpc.id,
        availabilityZone: az,
        // /24s from the top of the VPC range: 10.10.0.0/16 → 10.10.200.0/24, 10.10.201.0/24, ...
        cidrBlock: `${a}.${b}.${200 + i}.0/24`,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-data-${az}`, Tier: 'data' },
      });
      new RouteTableAssociation(this, `data-${i}-routes`, { subnetId: subnet.id, routeTableId: dataRoutes.id });
      return subnet;
    });
  }
}
