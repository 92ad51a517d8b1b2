/** Security groups and their rules (derived from the groups when the fixture has no rule file). */
import { createHash } from "node:crypto";
import { applyFilters, type FilterTable } from "../../filters.js";
import type { Item } from "../../fixture-format.js";
import type { CallContext, Operation } from "../../operation.js";
import { paginate } from "../../pagination.js";
import { notFound, selectByIds } from "../common.js";
import { page } from "./common.js";

const GROUP_FILTERS: FilterTable = {
  "group-id": (g) => g.GroupId,
  "group-name": (g) => g.GroupName,
  "vpc-id": (g) => g.VpcId,
  "owner-id": (g) => g.OwnerId,
};

export const describeSecurityGroups: Operation = {
  accepts: ["GroupIds", "GroupNames", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    let groups = selectByIds(ctx.fixtures.list("securityGroups"), input.GroupIds, "GroupId", notFound("InvalidGroup.NotFound", "security group"));
    groups = selectByIds(groups, input.GroupNames, "GroupName", notFound("InvalidGroup.NotFound", "security group"));
    const { items, next } = paginate(applyFilters(groups, input.Filters, GROUP_FILTERS), input, page(5, 1000), ctx);
    return { SecurityGroups: items, NextToken: next };
  },
};

/** One rule per (permission × remote) in AWS's order; ids are stable hashes when the fixture has no rule file. */
function deriveRules(ctx: CallContext): Item[] {
  const rules: Item[] = [];
  for (const group of ctx.fixtures.list("securityGroups")) {
    for (const [member, egress] of [
      ["IpPermissions", false],
      ["IpPermissionsEgress", true],
    ] as const) {
      for (const permission of (group[member] as Item[] | undefined) ?? []) {
        // AWS reports -1 for the ports of rules that have none (protocol -1).
        const base = {
          GroupId: group.GroupId,
          GroupOwnerId: group.OwnerId,
          IsEgress: egress,
          IpProtocol: permission.IpProtocol,
          FromPort: permission.FromPort ?? -1,
          ToPort: permission.ToPort ?? -1,
        };
        const remotes: Item[] = [
          ...((permission.IpRanges as Item[] | undefined) ?? []).map((r) => ({ CidrIpv4: r.CidrIp, Description: r.Description })),
          ...((permission.UserIdGroupPairs as Item[] | undefined) ?? []).map((p) => ({
            ReferencedGroupInfo: { GroupId: p.GroupId, UserId: p.UserId, VpcId: p.VpcId },
            Description: p.Description,
          })),
          ...((permission.Ipv6Ranges as Item[] | undefined) ?? []).map((r) => ({ CidrIpv6: r.CidrIpv6, Description: r.Description })),
          ...((permission.PrefixListIds as Item[] | undefined) ?? []).map((p) => ({ PrefixListId: p.PrefixListId, Description: p.Description })),
        ];
        for (const remote of remotes) {
          const rule: Item = { ...base, ...remote, Tags: [] };
          // The collector's golden outputs hold these ids (since main's e157756): never change what is hashed.
          const id = createHash("sha256").update(JSON.stringify(rule)).digest("hex").slice(0, 17);
          rules.push(Object.fromEntries(Object.entries({ SecurityGroupRuleId: `sgr-${id}`, ...rule }).filter(([, v]) => v !== undefined)));
        }
      }
    }
  }
  return rules;
}

const RULE_FILTERS: FilterTable = {
  "group-id": (r) => r.GroupId,
  "security-group-rule-id": (r) => r.SecurityGroupRuleId,
};

export const describeSecurityGroupRules: Operation = {
  accepts: ["SecurityGroupRuleIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const all = ctx.fixtures.has("securityGroupRules") ? ctx.fixtures.list("securityGroupRules") : ctx.fixtures.memo("derivedRules", () => deriveRules(ctx));
    const rules = selectByIds(all, input.SecurityGroupRuleIds, "SecurityGroupRuleId", notFound("InvalidSecurityGroupRuleId.NotFound", "security group rule"));
    const { items, next } = paginate(applyFilters(rules, input.Filters, RULE_FILTERS), input, page(5, 1000), ctx);
    return { SecurityGroupRules: items, NextToken: next };
  },
};
