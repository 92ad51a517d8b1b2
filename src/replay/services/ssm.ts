/** SSM (awsJson1_1): DescribeInstanceInformation with the `InstanceIds` filter the collector sends. */
import { AwsError } from "../aws-error.js";
import type { Operation, ServiceHandlers } from "../operation.js";
import type { Item } from "../fixture-format.js";
import { paginate } from "../pagination.js";

/** `Filters` keys → the member compared. */
const FILTER_KEYS: Record<string, string> = {
  InstanceIds: "InstanceId",
  PingStatus: "PingStatus",
  PlatformTypes: "PlatformType",
  ResourceType: "ResourceType",
  AgentVersion: "AgentVersion",
};

const describeInstanceInformation: Operation = {
  accepts: ["Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    let rows: readonly Item[] = ctx.fixtures.list("instanceInformation");
    for (const filter of (input.Filters as Array<{ Key?: string; Values?: string[] }> | undefined) ?? []) {
      const member = FILTER_KEYS[filter.Key ?? ""];
      if (!member) throw new AwsError("InvalidFilterKey", `The filter key ${String(filter.Key)} is not valid.`);
      const values = new Set(filter.Values ?? []);
      rows = rows.filter((r) => values.has(String(r[member])));
    }
    const { items, next } = paginate(
      rows,
      input,
      { sizeMember: "MaxResults", tokenMember: "NextToken", min: 5, max: 50, defaultSize: 50, aboveMax: "error" },
      ctx,
    );
    return { InstanceInformationList: items, NextToken: next };
  },
};

export const ssmHandlers: ServiceHandlers = {
  DescribeInstanceInformation: describeInstanceInformation,
};
