import type { SecurityGroup, SecurityGroupRule } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { collectAll, dataOf, fakeRegion } from "../../../test/support/fake-region.js";
import { exposedPorts, indexRules, portDisplay, protocolDisplay, ruleRows, securityGroupType } from "./security-group.js";

const GROUP = "sg-0000000000000000a";
const noRules = indexRules([]);

describe("protocolDisplay / portDisplay", () => {
  it("maps protocols as upstream and passes others through", () => {
    expect(["-1", "tcp", "udp", "icmp", "58", "icmpv6"].map(protocolDisplay)).toEqual(["ALL", "TCP", "UDP", "ICMP", "58", "icmpv6"]);
  });

  it("follows upstream's order of checks", () => {
    expect(portDisplay({ IpProtocol: "-1" })).toBe("ALL");
    expect(portDisplay({ IpProtocol: "tcp", FromPort: 0, ToPort: 65535 })).toBe("ALL");
    expect(portDisplay({ IpProtocol: "udp", FromPort: 0, ToPort: 65535 })).toBe("ALL");
    expect(portDisplay({ IpProtocol: "tcp", FromPort: 22, ToPort: 22 })).toBe("22");
    expect(portDisplay({ IpProtocol: "tcp", FromPort: 8000, ToPort: 8080 })).toBe("8000 - 8080");
    expect(portDisplay({ IpProtocol: "icmp", FromPort: 8, ToPort: -1 })).toBe("8 - -1");
    expect(portDisplay({ IpProtocol: "icmp" })).toBe("ALL");
    expect(portDisplay({ IpProtocol: "58" })).toBe("");
  });
});

describe("exposedPorts", () => {
  const ports = ["22", " 3306", "8080"];
  it("lists every entry for protocol ALL", () => expect(exposedPorts({ IpProtocol: "-1" }, ports)).toBe("22, 3306,8080"));
  it("keeps entries within the range as written (leading space included)", () => {
    expect(exposedPorts({ IpProtocol: "tcp", FromPort: 3306, ToPort: 3306 }, ports)).toBe(" 3306");
    expect(exposedPorts({ IpProtocol: "tcp", FromPort: 0, ToPort: 65535 }, ports)).toBe("22, 3306,8080");
  });
  it("is empty when nothing matches and null for a rule without ports", () => {
    expect(exposedPorts({ IpProtocol: "tcp", FromPort: 443, ToPort: 443 }, ports)).toBe("");
    expect(exposedPorts({ IpProtocol: "58" }, ports)).toBeNull();
  });
});

describe("ruleRows", () => {
  const permission = {
    IpProtocol: "tcp",
    FromPort: 443,
    ToPort: 443,
    IpRanges: [{ CidrIp: "10.0.0.0/8", Description: "internal" }],
    UserIdGroupPairs: [{ GroupId: "sg-0000000000000000b", UserId: "123456789012" }],
    Ipv6Ranges: [{ CidrIpv6: "::/0" }],
    PrefixListIds: [{ PrefixListId: "pl-12345678", Description: "s3" }],
  };

  it("gives one row per remote, in upstream's remote order, with the raw remote under its key", () => {
    const rows = ruleRows([permission], { groupId: GROUP, egress: false, rules: noRules, vulnerablePorts: null });
    expect(rows).toEqual([
      {
        rule_id: null,
        protocol_display: "TCP",
        port_display: "443",
        source_display: "10.0.0.0/8",
        description_display: "internal",
        ip_ranges: permission.IpRanges[0],
      },
      {
        rule_id: null,
        protocol_display: "TCP",
        port_display: "443",
        source_display: "sg-0000000000000000b",
        description_display: "",
        user_id_group_pairs: permission.UserIdGroupPairs[0],
      },
      { rule_id: null, protocol_display: "TCP", port_display: "443", source_display: "::/0", description_display: "", ipv6_ranges: permission.Ipv6Ranges[0] },
      {
        rule_id: null,
        protocol_display: "TCP",
        port_display: "443",
        source_display: "pl-12345678",
        description_display: "s3",
        prefix_list_ids: permission.PrefixListIds[0],
      },
    ]);
  });

  it("finds each remote's rule id by group, direction, protocol, ports and remote", () => {
    const base = { GroupId: GROUP, IsEgress: false, IpProtocol: "tcp", FromPort: 443, ToPort: 443 };
    const rules: SecurityGroupRule[] = [
      { ...base, SecurityGroupRuleId: "sgr-egress", IsEgress: true, CidrIpv4: "10.0.0.0/8" },
      { ...base, SecurityGroupRuleId: "sgr-other-group", GroupId: "sg-other", CidrIpv4: "10.0.0.0/8" },
      { ...base, SecurityGroupRuleId: "sgr-other-port", FromPort: 80, ToPort: 80, CidrIpv4: "10.0.0.0/8" },
      { ...base, SecurityGroupRuleId: "sgr-v4", CidrIpv4: "10.0.0.0/8" },
      { ...base, SecurityGroupRuleId: "sgr-pair", ReferencedGroupInfo: { GroupId: "sg-0000000000000000b" } },
      { ...base, SecurityGroupRuleId: "sgr-v6", CidrIpv6: "::/0" },
      { ...base, SecurityGroupRuleId: "sgr-pl", PrefixListId: "pl-12345678" },
    ];
    const rows = ruleRows([permission], { groupId: GROUP, egress: false, rules: indexRules(rules), vulnerablePorts: null });
    expect(rows.map((r) => r.rule_id)).toEqual(["sgr-v4", "sgr-pair", "sgr-v6", "sgr-pl"]);
  });

  it("does not compare a port of 0 (upstream compares truthy ports only)", () => {
    const rules: SecurityGroupRule[] = [
      { SecurityGroupRuleId: "sgr-any", GroupId: GROUP, IsEgress: false, IpProtocol: "udp", FromPort: 53, ToPort: 53, CidrIpv4: "0.0.0.0/0" },
    ];
    const rows = ruleRows([{ IpProtocol: "udp", FromPort: 0, ToPort: 0, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }], {
      groupId: GROUP,
      egress: false,
      rules: indexRules(rules),
      vulnerablePorts: null,
    });
    expect(rows[0]!.rule_id).toBe("sgr-any");
  });

  it("flags vulnerable ports on inbound rows only", () => {
    const all = { IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] };
    const https = { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] };
    const inbound = ruleRows([all, https], { groupId: GROUP, egress: false, rules: noRules, vulnerablePorts: ["22", "3389"] });
    expect(inbound.map((r) => [r.vulnerable_ports, r.detected_vulnerable_ports])).toEqual([
      ["22,3389", true],
      ["", false],
    ]);
    const outbound = ruleRows([all], { groupId: GROUP, egress: true, rules: noRules, vulnerablePorts: ["22"] });
    expect(outbound[0]).not.toHaveProperty("vulnerable_ports");
    const unset = ruleRows([all], { groupId: GROUP, egress: false, rules: noRules, vulnerablePorts: null });
    expect(unset[0]).not.toHaveProperty("detected_vulnerable_ports");
  });
});

describe("securityGroupType", () => {
  const defaultGroup: SecurityGroup = { GroupId: "sg-default", GroupName: "default", VpcId: "vpc-default", IpPermissions: [], IpPermissionsEgress: [] };
  const appGroup: SecurityGroup = {
    GroupId: GROUP,
    GroupName: "app",
    VpcId: "vpc-app",
    IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
    IpPermissionsEgress: [],
    Tags: [{ Key: "team", Value: "web" }],
  };

  it("emits every group, default-VPC groups included (fix #7), with their instances in listing order", async () => {
    const { ctx, calls } = fakeRegion(
      {
        securityGroups: () => [defaultGroup, appGroup],
        securityGroupRules: () => [],
        instanceSummaries: () => [
          { InstanceId: "i-1", SecurityGroups: [{ GroupId: GROUP, GroupName: "app" }] },
          { InstanceId: "i-2", SecurityGroups: [{ GroupId: "sg-default" }, { GroupId: GROUP }], PublicIpAddress: "198.51.100.1" },
        ],
      },
      { vulnerablePorts: ["22"] },
    );
    const records = await collectAll(securityGroupType.collect(ctx));
    expect(records.map((r) => r.resource.name)).toEqual(["default", "app"]);
    const app = dataOf(records[1]!);
    expect(app.stats).toEqual({ instances_count: 2 });
    expect((app.instances as { InstanceId: string }[]).map((i) => i.InstanceId)).toEqual(["i-1", "i-2"]);
    expect((app.instances as Record<string, unknown>[])[0]).toEqual({
      InstanceId: "i-1",
      instance_name: "",
      State: null,
      SubnetId: null,
      VpcId: null,
      PrivateIpAddress: null,
      PrivateDnsName: null,
      PublicIpAddress: null,
      PublicDnsName: null,
      Architecture: null,
      SecurityGroups: [{ GroupId: GROUP, GroupName: "app" }],
      Tags: null,
    });
    expect((app.ip_permissions as Record<string, unknown>[])[0]!.detected_vulnerable_ports).toBe(true);
    expect(records[1]!.resource.tags).toEqual({ team: "web" });
    expect(dataOf(records[0]!).stats).toEqual({ instances_count: 1 });
    expect(Object.fromEntries(calls)).toEqual({ securityGroups: 1, securityGroupRules: 1, instanceSummaries: 1 });
  });

  it("lets a failed region-wide listing throw (one type-level error)", async () => {
    const { ctx } = fakeRegion({
      securityGroups: () => [appGroup],
      securityGroupRules: () => {
        throw new Error("denied");
      },
      instanceSummaries: () => [],
    });
    await expect(collectAll(securityGroupType.collect(ctx))).rejects.toThrow("denied");
  });
});
