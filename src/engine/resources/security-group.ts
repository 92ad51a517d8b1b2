/** EC2 / SecurityGroup: every group, including default-VPC groups (fix #7), one row per rule × remote (docs/records.md#securitygroup). */
import type { IpPermission, SecurityGroup, SecurityGroupRule } from "@aws-sdk/client-ec2";
import { cloudServiceRecord, nameTag, tagMap } from "../records/cloud-service.js";
import type { CollectedRecord } from "../records/record.js";
import { cloudtrailPointer } from "./aws-pointers.js";
import { groupBy } from "./index-by.js";
import { perResource } from "./per-resource.js";
import type { InstanceSummary } from "../region/listings.js";
import type { RegionContext, ResourceTypeModule } from "./types.js";

type RemoteKey = "ip_ranges" | "user_id_group_pairs" | "ipv6_ranges" | "prefix_list_ids";

/** One remote of a permission, normalised for display and rule-id matching. */
interface Remote {
  key: RemoteKey;
  raw: object;
  /** The remote's CIDR, group id or prefix list id as AWS sent it. */
  source: string | undefined;
  description: string | undefined;
  /** What DescribeSecurityGroupRules calls this remote. */
  match: Pick<SecurityGroupRule, "CidrIpv4" | "CidrIpv6" | "PrefixListId"> & { referencedGroupId?: string };
}

/** Remotes in upstream order: IpRanges, UserIdGroupPairs, Ipv6Ranges, PrefixListIds. */
export function remotesOf(permission: IpPermission): Remote[] {
  return [
    ...(permission.IpRanges ?? []).map((r): Remote => ({
      key: "ip_ranges",
      raw: r,
      source: r.CidrIp,
      description: r.Description,
      match: { CidrIpv4: r.CidrIp },
    })),
    ...(permission.UserIdGroupPairs ?? []).map((p): Remote => ({
      key: "user_id_group_pairs",
      raw: p,
      source: p.GroupId,
      description: p.Description,
      match: { referencedGroupId: p.GroupId },
    })),
    ...(permission.Ipv6Ranges ?? []).map((r): Remote => ({
      key: "ipv6_ranges",
      raw: r,
      source: r.CidrIpv6,
      description: r.Description,
      match: { CidrIpv6: r.CidrIpv6 },
    })),
    ...(permission.PrefixListIds ?? []).map((p): Remote => ({
      key: "prefix_list_ids",
      raw: p,
      source: p.PrefixListId,
      description: p.Description,
      match: { PrefixListId: p.PrefixListId },
    })),
  ];
}

export function protocolDisplay(protocol: string | undefined): string {
  switch (protocol) {
    case "-1":
      return "ALL";
    case "tcp":
    case "udp":
    case "icmp":
      return protocol.toUpperCase();
    default:
      return protocol ?? "";
  }
}

/** Upstream's port column, in its order of checks. */
export function portDisplay(permission: Pick<IpPermission, "IpProtocol" | "FromPort" | "ToPort">): string {
  const { IpProtocol: protocol, FromPort: from, ToPort: to } = permission;
  if (protocol === "-1") return "ALL";
  if ((protocol === "tcp" || protocol === "udp") && from === 0 && to === 65535) return "ALL";
  if (from !== undefined && from === to) return String(from);
  if (from !== undefined && to !== undefined) return `${from} - ${to}`;
  if (protocol === "icmp") return "ALL";
  return "";
}

/**
 * The listed vulnerable ports this inbound rule exposes, comma-joined as the user wrote them:
 * all of them for protocol ALL, those within FromPort..ToPort otherwise, null for a rule without ports.
 */
export function exposedPorts(permission: Pick<IpPermission, "IpProtocol" | "FromPort" | "ToPort">, vulnerablePorts: readonly string[]): string | null {
  if (permission.IpProtocol === "-1") return vulnerablePorts.join(",");
  const { FromPort: from, ToPort: to } = permission;
  if (from === undefined || to === undefined) return null;
  return vulnerablePorts
    .filter((entry) => {
      const port = Number(entry.trim());
      return port >= from && port <= to;
    })
    .join(",");
}

/** Rules of the region grouped by group and direction, in DescribeSecurityGroupRules order. */
export type RuleIndex = Map<string, SecurityGroupRule[]>;

const ruleKey = (groupId: string | undefined, egress: boolean) => `${groupId}|${egress}`;

export function indexRules(rules: readonly SecurityGroupRule[]): RuleIndex {
  return groupBy(rules, (rule) => ruleKey(rule.GroupId, rule.IsEgress === true));
}

/** Upstream compares a port only when the permission's value is truthy, so port 0 matches any rule port. */
function findRuleId(rules: readonly SecurityGroupRule[] | undefined, permission: IpPermission, remote: Remote): string | null {
  const found = rules?.find(
    (rule) =>
      rule.IpProtocol === permission.IpProtocol &&
      (!permission.FromPort || rule.FromPort === permission.FromPort) &&
      (!permission.ToPort || rule.ToPort === permission.ToPort) &&
      (remote.match.CidrIpv4 === undefined || rule.CidrIpv4 === remote.match.CidrIpv4) &&
      (remote.match.CidrIpv6 === undefined || rule.CidrIpv6 === remote.match.CidrIpv6) &&
      (remote.match.PrefixListId === undefined || rule.PrefixListId === remote.match.PrefixListId) &&
      (remote.match.referencedGroupId === undefined || rule.ReferencedGroupInfo?.GroupId === remote.match.referencedGroupId),
  );
  return found?.SecurityGroupRuleId ?? null;
}

export interface RuleRowOptions {
  groupId: string | undefined;
  egress: boolean;
  rules: RuleIndex;
  /** `options.vulnerable_ports` entries; only inbound rows are flagged, and only when set. */
  vulnerablePorts: readonly string[] | null;
}

/** `ip_permissions[]` / `ip_permissions_egress[]`: one row per (permission × remote). */
export function ruleRows(permissions: readonly IpPermission[] | undefined, options: RuleRowOptions): Record<string, unknown>[] {
  const rules = options.rules.get(ruleKey(options.groupId, options.egress));
  const rows: Record<string, unknown>[] = [];
  for (const permission of permissions ?? []) {
    const protocol = protocolDisplay(permission.IpProtocol);
    const port = portDisplay(permission);
    const exposed = !options.egress && options.vulnerablePorts ? exposedPorts(permission, options.vulnerablePorts) : undefined;
    for (const remote of remotesOf(permission)) {
      rows.push({
        rule_id: findRuleId(rules, permission, remote),
        protocol_display: protocol,
        port_display: port,
        source_display: remote.source ?? "",
        description_display: remote.description ?? "",
        [remote.key]: remote.raw,
        ...(exposed === undefined ? {} : { vulnerable_ports: exposed, detected_vulnerable_ports: Boolean(exposed) }),
      });
    }
  }
  return rows;
}

/** The `instances[]` entry: exactly these keys, null when AWS omits one. */
export function instanceEntry(instance: InstanceSummary): Record<string, unknown> {
  return {
    InstanceId: instance.InstanceId ?? null,
    instance_name: nameTag(instance.Tags),
    State: instance.State ?? null,
    SubnetId: instance.SubnetId ?? null,
    VpcId: instance.VpcId ?? null,
    PrivateIpAddress: instance.PrivateIpAddress ?? null,
    PrivateDnsName: instance.PrivateDnsName ?? null,
    PublicIpAddress: instance.PublicIpAddress ?? null,
    PublicDnsName: instance.PublicDnsName ?? null,
    Architecture: instance.Architecture ?? null,
    SecurityGroups: instance.SecurityGroups ?? null,
    Tags: instance.Tags ?? null,
  };
}

/** Instances per group id, each list in DescribeInstances order. */
export function instancesByGroup(instances: readonly InstanceSummary[]): Map<string, InstanceSummary[]> {
  const byGroup = new Map<string, InstanceSummary[]>();
  for (const instance of instances) {
    for (const groupId of new Set((instance.SecurityGroups ?? []).map((g) => g.GroupId))) {
      if (!groupId) continue;
      const list = byGroup.get(groupId);
      if (list) list.push(instance);
      else byGroup.set(groupId, [instance]);
    }
  }
  return byGroup;
}

export interface SecurityGroupJoins {
  rules: RuleIndex;
  instances: Map<string, InstanceSummary[]>;
  vulnerablePorts: readonly string[] | null;
}

export function securityGroupData(group: SecurityGroup, joins: SecurityGroupJoins, region: string): Record<string, unknown> {
  const common = { groupId: group.GroupId, rules: joins.rules, vulnerablePorts: joins.vulnerablePorts };
  const instances = (group.GroupId && joins.instances.get(group.GroupId)) || [];
  return {
    ...group,
    ip_permissions: ruleRows(group.IpPermissions, { ...common, egress: false }),
    ip_permissions_egress: ruleRows(group.IpPermissionsEgress, { ...common, egress: true }),
    instances: instances.map(instanceEntry),
    cloudtrail: cloudtrailPointer(region, "AWS::EC2::SecurityGroup", group.GroupId ?? ""),
    stats: { instances_count: instances.length },
  };
}

export function securityGroupRecord(group: SecurityGroup, joins: SecurityGroupJoins, ctx: Pick<RegionContext, "region" | "account">): CollectedRecord {
  const id = group.GroupId ?? "";
  return cloudServiceRecord({
    type: "SecurityGroup",
    name: group.GroupName ?? "",
    account: ctx.account,
    region: ctx.region,
    resourceId: id,
    externalLink: `https://console.aws.amazon.com/ec2/v2/home?region=${ctx.region}#SecurityGroups:group-id=${id}`,
    data: securityGroupData(group, joins, ctx.region),
    tags: tagMap(group.Tags),
  });
}

export const securityGroupType: ResourceTypeModule = {
  type: "SecurityGroup",
  async *collect(ctx) {
    const [groups, rules, instances] = await Promise.all([ctx.listings.securityGroups(), ctx.listings.securityGroupRules(), ctx.listings.instanceSummaries()]);
    const joins: SecurityGroupJoins = {
      rules: indexRules(rules),
      instances: instancesByGroup(instances),
      vulnerablePorts: ctx.settings.vulnerablePorts,
    };
    yield* perResource(ctx, groups, { type: "SecurityGroup", idOf: (g) => g.GroupId, build: (g) => securityGroupRecord(g, joins, ctx) });
  },
};
