/** Network: DescribeVpcs, DescribeSubnets, DescribeAddresses, DescribeNatGateways, DescribeNetworkInterfaces. */
import { AwsError } from "../../aws-error.js";
import { applyFilters, get } from "../../filters.js";
import type { Operation } from "../../operation.js";
import { paginate } from "../../pagination.js";
import { notFound, selectByIds } from "../common.js";
import { page } from "./common.js";

export const describeVpcs: Operation = {
  accepts: ["VpcIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const vpcs = selectByIds(ctx.fixtures.list("vpcs"), input.VpcIds, "VpcId", notFound("InvalidVpcID.NotFound", "vpc ID"));
    const filtered = applyFilters(vpcs, input.Filters, {
      "vpc-id": (v) => v.VpcId,
      "is-default": (v) => v.IsDefault,
      state: (v) => v.State,
      "cidr-block": (v) => v.CidrBlock,
    });
    const { items, next } = paginate(filtered, input, page(5, 1000), ctx);
    return { Vpcs: items, NextToken: next };
  },
};

export const describeSubnets: Operation = {
  accepts: ["SubnetIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const subnets = selectByIds(ctx.fixtures.list("subnets"), input.SubnetIds, "SubnetId", notFound("InvalidSubnetID.NotFound", "subnet ID"));
    const filtered = applyFilters(subnets, input.Filters, {
      "subnet-id": (s) => s.SubnetId,
      "vpc-id": (s) => s.VpcId,
      "availability-zone": (s) => s.AvailabilityZone,
      "default-for-az": (s) => s.DefaultForAz,
    });
    const { items, next } = paginate(filtered, input, page(5, 1000), ctx);
    return { Subnets: items, NextToken: next };
  },
};

export const describeAddresses: Operation = {
  accepts: ["PublicIps", "AllocationIds", "Filters"],
  handle(input, ctx) {
    let addresses = selectByIds(ctx.fixtures.list("addresses"), input.AllocationIds, "AllocationId", notFound("InvalidAllocationID.NotFound", "allocation ID"));
    addresses = selectByIds(addresses, input.PublicIps, "PublicIp", (missing) => new AwsError("InvalidAddress.NotFound", `Address '${missing[0]}' not found.`));
    const filtered = applyFilters(addresses, input.Filters, {
      "allocation-id": (a) => a.AllocationId,
      "association-id": (a) => a.AssociationId,
      "public-ip": (a) => a.PublicIp,
      "instance-id": (a) => a.InstanceId,
      "network-interface-id": (a) => a.NetworkInterfaceId,
      "private-ip-address": (a) => a.PrivateIpAddress,
      domain: (a) => a.Domain,
    });
    return { Addresses: filtered };
  },
};

export const describeNatGateways: Operation = {
  accepts: ["NatGatewayIds", "Filter", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const gateways = selectByIds(
      ctx.fixtures.list("natGateways"),
      input.NatGatewayIds,
      "NatGatewayId",
      (missing) => new AwsError("NatGatewayNotFound", `NAT gateway ${missing[0]} was not found`),
    );
    const filtered = applyFilters(gateways, input.Filter, {
      "nat-gateway-id": (n) => n.NatGatewayId,
      state: (n) => n.State,
      "subnet-id": (n) => n.SubnetId,
      "vpc-id": (n) => n.VpcId,
    });
    const { items, next } = paginate(filtered, input, page(5, 1000), ctx);
    return { NatGateways: items, NextToken: next };
  },
};

export const describeNetworkInterfaces: Operation = {
  accepts: ["NetworkInterfaceIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    if (Array.isArray(input.NetworkInterfaceIds) && input.NetworkInterfaceIds.length > 0 && input.MaxResults !== undefined) {
      throw new AwsError("InvalidParameterCombination", "The parameter NetworkInterfaceIds cannot be used with the parameter MaxResults");
    }
    const enis = selectByIds(
      ctx.fixtures.list("networkInterfaces"),
      input.NetworkInterfaceIds,
      "NetworkInterfaceId",
      notFound("InvalidNetworkInterfaceID.NotFound", "network interface"),
    );
    const filtered = applyFilters(enis, input.Filters, {
      "network-interface-id": (n) => n.NetworkInterfaceId,
      "vpc-id": (n) => n.VpcId,
      "subnet-id": (n) => n.SubnetId,
      "attachment.instance-id": (n) => get(n, "Attachment", "InstanceId"),
      "association.public-ip": (n) => get(n, "Association", "PublicIp"),
      status: (n) => n.Status,
    });
    const { items, next } = paginate(filtered, input, page(5, 1000), ctx);
    return { NetworkInterfaces: items, NextToken: next };
  },
};
