/** EC2 / EIP: Elastic IP addresses with their NAT gateway and ENI joins (docs/records.md#eip). */
import type { Address, NatGateway, NetworkInterface } from "@aws-sdk/client-ec2";
import { cloudServiceRecord, looseNameTag, tagMap } from "../records/cloud-service.js";
import type { CollectedRecord } from "../records/record.js";
import { cloudtrailPointer } from "./aws-pointers.js";
import { perResource } from "./per-resource.js";
import type { RegionContext, ResourceTypeModule } from "./types.js";

/** Joins keyed by public IP, built once per region. */
export interface EipJoins {
  natGatewayByPublicIp: Map<string, string>;
  publicDnsByPublicIp: Map<string, string>;
}

export function eipJoins(natGateways: readonly NatGateway[], interfaces: readonly NetworkInterface[]): EipJoins {
  const natGatewayByPublicIp = new Map<string, string>();
  for (const nat of natGateways) {
    for (const address of nat.NatGatewayAddresses ?? []) {
      if (address.PublicIp && nat.NatGatewayId && !natGatewayByPublicIp.has(address.PublicIp)) {
        natGatewayByPublicIp.set(address.PublicIp, nat.NatGatewayId);
      }
    }
  }
  const publicDnsByPublicIp = new Map<string, string>();
  for (const eni of interfaces) {
    const { PublicIp, PublicDnsName } = eni.Association ?? {};
    if (PublicIp && PublicDnsName !== undefined && !publicDnsByPublicIp.has(PublicIp)) publicDnsByPublicIp.set(PublicIp, PublicDnsName);
  }
  return { natGatewayByPublicIp, publicDnsByPublicIp };
}

/** In use iff associated (fix #3: upstream tested `AllocationId`, so every VPC address read "In-use"). */
export function allocationStatus(address: Address): "In-use" | "Unused" {
  return address.AssociationId ? "In-use" : "Unused";
}

export function eipData(address: Address, joins: EipJoins, region: string): Record<string, unknown> {
  const ip = address.PublicIp;
  return {
    // AWS omits the association members of an unassociated address; send them as null so a
    // shallow merge clears a former association.
    AssociationId: null,
    InstanceId: null,
    NetworkInterfaceId: null,
    NetworkInterfaceOwnerId: null,
    PrivateIpAddress: null,
    ...address,
    nat_gateway_id: (ip && joins.natGatewayByPublicIp.get(ip)) ?? null,
    public_dns: (ip && joins.publicDnsByPublicIp.get(ip)) ?? null,
    allocation_status: allocationStatus(address),
    name: looseNameTag(address.Tags),
    cloudtrail: cloudtrailPointer(region, "AWS::EC2::EIP", address.AllocationId ?? ""),
  };
}

export function eipRecord(address: Address, joins: EipJoins, ctx: Pick<RegionContext, "region" | "account">): CollectedRecord {
  const id = address.AllocationId ?? "";
  return cloudServiceRecord({
    type: "EIP",
    name: looseNameTag(address.Tags),
    account: ctx.account,
    region: ctx.region,
    resourceId: id,
    externalLink: `https://console.aws.amazon.com/ec2/v2/home?region=${ctx.region}#ElasticIpDetails:AllocationId=${id}`,
    data: eipData(address, joins, ctx.region),
    tags: tagMap(address.Tags),
  });
}

export const eipType: ResourceTypeModule = {
  type: "EIP",
  async *collect(ctx) {
    const addresses = await ctx.listings.addresses();
    if (addresses.length === 0) return;
    const eniIds = [...new Set(addresses.flatMap((a) => (a.NetworkInterfaceId ? [a.NetworkInterfaceId] : [])))];
    const [natGateways, interfaces] = await Promise.all([ctx.listings.natGateways(), ctx.listings.networkInterfaces(eniIds)]);
    const joins = eipJoins(natGateways, interfaces);
    yield* perResource(ctx, addresses, { type: "EIP", idOf: (a) => a.AllocationId, build: (a) => eipRecord(a, joins, ctx) });
  },
};
