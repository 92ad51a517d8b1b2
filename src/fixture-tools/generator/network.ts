/** The region's network: VPCs and subnets, security groups, and the Elastic IPs of NAT gateways. */
import type { Item } from "../../replay/fixture-format.js";
import { APPS, BASE_TIME, DAY_MS, ENVS, iso, tags, type Network, type RegionScope } from "./region-scope.js";

/** One VPC per 2,000 instances (at least one) plus the default VPC; one subnet per VPC and AZ. */
export function generateNetwork({ account, region, count, rnd, azs, base }: RegionScope): Network {
  const vpcCount = Math.max(1, Math.ceil(count / 2000));
  const vpcs: Item[] = [];
  const subnets: Item[] = [];
  for (let v = 0; v <= vpcCount; v++) {
    const isDefault = v === vpcCount;
    const cidr = isDefault ? "172.31.0.0/16" : `10.${(base + v) % 256}.0.0/16`;
    const vpcId = rnd.id("vpc");
    vpcs.push({
      CidrBlock: cidr,
      DhcpOptionsId: rnd.id("dopt"),
      State: "available",
      VpcId: vpcId,
      OwnerId: account,
      InstanceTenancy: "default",
      IsDefault: isDefault,
      CidrBlockAssociationSet: [{ AssociationId: rnd.id("vpc-cidr-assoc"), CidrBlock: cidr, CidrBlockState: { State: "associated" } }],
      Tags: isDefault ? [] : tags([["Name", `${rnd.pick(ENVS)}-vpc-${v + 1}`]]),
    });
    azs.forEach((az, i) => {
      const subnetCidr = isDefault ? `172.31.${i * 16}.0/20` : `10.${(base + v) % 256}.${i * 16}.0/20`;
      const subnetId = rnd.id("subnet");
      subnets.push({
        AvailabilityZone: az,
        AvailableIpAddressCount: 4000 - rnd.int(0, 3000),
        CidrBlock: subnetCidr,
        DefaultForAz: isDefault,
        MapPublicIpOnLaunch: isDefault || i === 0,
        State: "available",
        SubnetId: subnetId,
        VpcId: vpcId,
        OwnerId: account,
        AssignIpv6AddressOnCreation: false,
        Ipv6CidrBlockAssociationSet: [],
        SubnetArn: `arn:aws:ec2:${region}:${account}:subnet/${subnetId}`,
        Tags: isDefault ? [] : tags([["Name", `subnet-${az}-${v + 1}`]]),
      });
    });
  }
  return { vpcs, subnets, vpcCount };
}

export interface SecurityGroups {
  /** Every group: the VPCs' default groups, then the application groups. */
  groups: Item[];
  /** The application groups (one per ~25 instances). */
  appGroups: Item[];
}

/** A default group per VPC plus one per ~25 instances, some referring to earlier ones or to a prefix list. */
export function generateSecurityGroups({ account, count, rnd, base }: RegionScope, { vpcs, vpcCount }: Network): SecurityGroups {
  const groups: Item[] = vpcs.map((vpc) => {
    const id = rnd.id("sg");
    return {
      Description: "default VPC security group",
      GroupName: "default",
      GroupId: id,
      OwnerId: account,
      VpcId: vpc.VpcId,
      Tags: [],
      IpPermissions: [{ IpProtocol: "-1", IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: id, UserId: account }] }],
      IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    };
  });
  const appGroups: Item[] = [];
  for (let g = 0; g < Math.max(2, Math.ceil(count / 25)); g++) {
    const vpc = vpcs[g % vpcCount]!;
    const app = rnd.pick(APPS);
    const port = rnd.pick([22, 80, 443, 3306, 5432, 6379, 8080, 9200]);
    const ingress: Item[] = [
      {
        IpProtocol: "tcp",
        FromPort: port,
        ToPort: port,
        IpRanges: [{ CidrIp: rnd.chance(0.3) ? "0.0.0.0/0" : `10.${base % 256}.0.0/16`, Description: `${app} clients` }],
        Ipv6Ranges: rnd.chance(0.2) ? [{ CidrIpv6: "::/0" }] : [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      },
    ];
    if (appGroups.length > 0 && rnd.chance(0.5)) {
      ingress.push({
        IpProtocol: "tcp",
        FromPort: 8080,
        ToPort: 8080,
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [{ GroupId: rnd.pick(appGroups).GroupId, UserId: account }],
      });
    }
    if (rnd.chance(0.15))
      ingress.push({
        IpProtocol: "tcp",
        FromPort: 22,
        ToPort: 22,
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [{ PrefixListId: `pl-0${rnd.hex(16)}`, Description: "office" }],
        UserIdGroupPairs: [],
      });
    const group = {
      Description: `${app} tier`,
      GroupName: `${app}-${g + 1}`,
      GroupId: rnd.id("sg"),
      OwnerId: account,
      VpcId: vpc.VpcId,
      Tags: tags([["Name", `${app}-sg-${g + 1}`]]),
      IpPermissions: ingress,
      IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }],
    };
    appGroups.push(group);
    groups.push(group);
  }
  return { groups, appGroups };
}

export interface ElasticIps {
  addresses: Item[];
  natGateways: Item[];
  /** Only the NAT gateways' ENIs: the collector looks them up; instance ENIs live in their instances. */
  networkInterfaces: Item[];
}

/** A NAT gateway per VPC (its Elastic IP and ENI), then one unassociated Elastic IP per 200 instances. */
export function generateElasticIps({ account, region, count, rnd, azs }: RegionScope, { vpcs, subnets, vpcCount }: Network): ElasticIps {
  const addresses: Item[] = [];
  const natGateways: Item[] = [];
  const networkInterfaces: Item[] = [];
  vpcs.slice(0, vpcCount).forEach((vpc, v) => {
    const subnet = subnets[v * azs.length]!;
    const allocationId = `eipalloc-0${rnd.hex(16)}`;
    const publicIp = `${rnd.pick([3, 44, 52])}.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`;
    const eniId = rnd.id("eni");
    const privateIp = `${String(subnet.CidrBlock).split(".").slice(0, 3).join(".")}.${rnd.int(4, 254)}`;
    const association = {
      AllocationId: allocationId,
      AssociationId: `eipassoc-0${rnd.hex(16)}`,
      IpOwnerId: account,
      PublicDnsName: `ec2-${publicIp.replace(/\./g, "-")}.compute.amazonaws.com`,
      PublicIp: publicIp,
    };
    addresses.push({
      AllocationId: allocationId,
      AssociationId: association.AssociationId,
      Domain: "vpc",
      NetworkInterfaceId: eniId,
      NetworkInterfaceOwnerId: account,
      PrivateIpAddress: privateIp,
      PublicIp: publicIp,
      PublicIpv4Pool: "amazon",
      NetworkBorderGroup: region,
      Tags: tags([["Name", `nat-eip-${v + 1}`]]),
    });
    const natId = `nat-0${rnd.hex(16)}`;
    natGateways.push({
      CreateTime: iso(BASE_TIME - 90 * DAY_MS),
      NatGatewayAddresses: [
        {
          AllocationId: allocationId,
          NetworkInterfaceId: eniId,
          PrivateIp: privateIp,
          PublicIp: publicIp,
          AssociationId: association.AssociationId,
          IsPrimary: true,
          Status: "succeeded",
        },
      ],
      NatGatewayId: natId,
      State: "available",
      SubnetId: subnet.SubnetId,
      VpcId: vpc.VpcId,
      Tags: tags([["Name", `nat-${v + 1}`]]),
      ConnectivityType: "public",
    });
    networkInterfaces.push({
      Association: association,
      AvailabilityZone: subnet.AvailabilityZone,
      Description: `Interface for NAT Gateway ${natId}`,
      Groups: [],
      InterfaceType: "nat_gateway",
      Ipv6Addresses: [],
      MacAddress: `0e:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}`,
      NetworkInterfaceId: eniId,
      OwnerId: account,
      PrivateDnsName: `ip-${privateIp.replace(/\./g, "-")}.ec2.internal`,
      PrivateIpAddress: privateIp,
      PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: privateIp }],
      RequesterManaged: true,
      SourceDestCheck: false,
      Status: "in-use",
      SubnetId: subnet.SubnetId,
      TagSet: [],
      VpcId: vpc.VpcId,
    });
  });
  for (let e = 0; e < Math.max(1, Math.ceil(count / 200)); e++) {
    addresses.push({
      AllocationId: `eipalloc-0${rnd.hex(16)}`,
      Domain: "vpc",
      PublicIp: `${rnd.pick([3, 44, 52])}.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`,
      PublicIpv4Pool: "amazon",
      NetworkBorderGroup: region,
      Tags: [],
    });
  }
  return { addresses, natGateways, networkInterfaces };
}
