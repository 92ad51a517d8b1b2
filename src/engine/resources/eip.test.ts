import { describe, expect, it } from "vitest";
import { collectAll, dataOf, fakeRegion } from "../../../test/support/fake-region.js";
import { allocationStatus, eipJoins, eipType } from "./eip.js";

const associated = {
  PublicIp: "203.0.113.10",
  AllocationId: "eipalloc-1",
  AssociationId: "eipassoc-1",
  Domain: "vpc" as const,
  InstanceId: "i-1",
  NetworkInterfaceId: "eni-1",
  NetworkInterfaceOwnerId: "123456789012",
  PrivateIpAddress: "10.0.1.10",
  Tags: [{ Key: "ProjectName", Value: "web-eip" }],
};
const unassociated = { PublicIp: "203.0.113.20", AllocationId: "eipalloc-2", Domain: "vpc" as const };
const natAddress = { PublicIp: "203.0.113.30", AllocationId: "eipalloc-3", AssociationId: "eipassoc-3", Domain: "vpc" as const, NetworkInterfaceId: "eni-nat" };

describe("allocationStatus (fix #3)", () => {
  it("is In-use only with an association", () => {
    expect(allocationStatus(associated)).toBe("In-use");
    expect(allocationStatus(unassociated)).toBe("Unused");
  });
});

describe("eipJoins", () => {
  it("joins NAT gateways on any of their public IPs and ENIs on their association", () => {
    const joins = eipJoins(
      [{ NatGatewayId: "nat-1", NatGatewayAddresses: [{ PublicIp: "198.51.100.1" }, { PublicIp: "203.0.113.30" }] }],
      [{ NetworkInterfaceId: "eni-1", Association: { PublicIp: "203.0.113.10", PublicDnsName: "ec2-203-0-113-10.compute-1.amazonaws.com" } }],
    );
    expect(joins.natGatewayByPublicIp.get("203.0.113.30")).toBe("nat-1");
    expect(joins.publicDnsByPublicIp.get("203.0.113.10")).toBe("ec2-203-0-113-10.compute-1.amazonaws.com");
  });
});

describe("eipType", () => {
  it("fills the joins, names by a tag key containing Name, and sends absent association members as null", async () => {
    const { ctx, calls } = fakeRegion({
      addresses: () => [associated, unassociated, natAddress],
      natGateways: () => [{ NatGatewayId: "nat-1", NatGatewayAddresses: [{ PublicIp: "203.0.113.30", AllocationId: "eipalloc-3" }] }],
      networkInterfaces: (ids) => {
        expect(ids).toEqual(["eni-1", "eni-nat"]);
        return [{ NetworkInterfaceId: "eni-1", Association: { PublicIp: "203.0.113.10", PublicDnsName: "ec2.example" } }];
      },
    });
    const [a, u, n] = await collectAll(eipType.collect(ctx));
    expect(a!.resource.name).toBe("web-eip");
    expect(dataOf(a!)).toMatchObject({ allocation_status: "In-use", public_dns: "ec2.example", nat_gateway_id: null, name: "web-eip", InstanceId: "i-1" });
    expect(dataOf(u!)).toMatchObject({
      allocation_status: "Unused",
      AssociationId: null,
      InstanceId: null,
      NetworkInterfaceId: null,
      NetworkInterfaceOwnerId: null,
      PrivateIpAddress: null,
      nat_gateway_id: null,
      public_dns: null,
      name: "",
    });
    expect(u!.resource.name).toBe("");
    expect(dataOf(n!)).toMatchObject({ nat_gateway_id: "nat-1", allocation_status: "In-use" });
    expect(Object.fromEntries(calls)).toEqual({ addresses: 1, natGateways: 1, networkInterfaces: 1 });
  });

  it("makes no further call when the region has no address", async () => {
    const { ctx, calls } = fakeRegion({ addresses: () => [] });
    expect(await collectAll(eipType.collect(ctx))).toEqual([]);
    expect(Object.fromEntries(calls)).toEqual({ addresses: 1 });
  });
});
