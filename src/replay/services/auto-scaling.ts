/** Auto Scaling (awsQuery): MaxRecords pages (default 50, at most 100), NextToken in and out. */
import { AwsError } from "../aws-error.js";
import type { CallContext, Operation, ServiceHandlers } from "../operation.js";
import type { Item, ResourceKind } from "../fixture-format.js";
import { paginate, type PageRule } from "../pagination.js";
import { byNames } from "./common.js";

const RECORDS: PageRule = { sizeMember: "MaxRecords", tokenMember: "NextToken", min: 1, max: 100, defaultSize: 50, aboveMax: "error" };

function requireGroup(ctx: CallContext, name: unknown): void {
  if (!ctx.fixtures.list("autoScalingGroups").some((g) => g.AutoScalingGroupName === name)) {
    throw new AwsError("ValidationError", `AutoScalingGroup name not found - AutoScalingGroup ${String(name)} not found`);
  }
}

/** A paginated listing narrowed by name lists (`input member` → item member). */
function listing(kind: ResourceKind, outputKey: string, names: Record<string, string>, scalarGroupName = false): Operation {
  return {
    accepts: [...Object.keys(names), ...(scalarGroupName ? ["AutoScalingGroupName"] : []), "MaxRecords", "NextToken"],
    handle(input, ctx) {
      let rows: readonly Item[] = ctx.fixtures.list(kind);
      for (const [inputMember, itemMember] of Object.entries(names)) rows = byNames(rows, input[inputMember], itemMember);
      if (scalarGroupName && input.AutoScalingGroupName !== undefined) {
        requireGroup(ctx, input.AutoScalingGroupName);
        rows = rows.filter((r) => r.AutoScalingGroupName === input.AutoScalingGroupName);
      }
      const { items, next } = paginate(rows, input, RECORDS, ctx);
      return { [outputKey]: items, NextToken: next };
    },
  };
}

const describeLifecycleHooks: Operation = {
  accepts: ["AutoScalingGroupName", "LifecycleHookNames"],
  handle(input, ctx) {
    if (input.AutoScalingGroupName === undefined)
      throw new AwsError(
        "ValidationError",
        "1 validation error detected: Value null at 'autoScalingGroupName' failed to satisfy constraint: Member must not be null",
      );
    requireGroup(ctx, input.AutoScalingGroupName);
    const hooks = ctx.fixtures.list("lifecycleHooks").filter((h) => h.AutoScalingGroupName === input.AutoScalingGroupName);
    return { LifecycleHooks: byNames(hooks, input.LifecycleHookNames, "LifecycleHookName") };
  },
};

export const autoScalingHandlers: ServiceHandlers = {
  DescribeAutoScalingGroups: listing("autoScalingGroups", "AutoScalingGroups", { AutoScalingGroupNames: "AutoScalingGroupName" }),
  DescribeLaunchConfigurations: listing("launchConfigurations", "LaunchConfigurations", { LaunchConfigurationNames: "LaunchConfigurationName" }),
  DescribePolicies: listing("policies", "ScalingPolicies", { PolicyNames: "PolicyName", PolicyTypes: "PolicyType" }, true),
  DescribeNotificationConfigurations: listing("notificationConfigurations", "NotificationConfigurations", { AutoScalingGroupNames: "AutoScalingGroupName" }),
  DescribeScheduledActions: listing("scheduledActions", "ScheduledUpdateGroupActions", { ScheduledActionNames: "ScheduledActionName" }, true),
  DescribeLifecycleHooks: describeLifecycleHooks,
};
