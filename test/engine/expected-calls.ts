/**
 * What one region's collect should cost in AWS calls, computed from the fixture files
 * alone (never from the engine): each region-wide listing once per page, at the page
 * size the engine asks for, capped where AWS caps it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { JsonObject } from "../../src/common/json.js";

/** The list under `key` of one fixture file of a region (`volumes.json`, `Volumes`). */
export type FixtureItems = (file: string, key: string) => JsonObject[];

export function fixtureItems(regionDir: string): FixtureItems {
  return (file, key) => (JSON.parse(readFileSync(join(regionDir, file), "utf8")) as JsonObject)[key] as JsonObject[];
}

/** Calls a paginated listing of `count` items takes; an empty listing still takes one. */
export const pages = (count: number, pageSize: number) => Math.max(1, Math.ceil(count / pageSize));

/** The instances the collector asks for (every state but terminated). */
export function collectedInstances(items: FixtureItems): JsonObject[] {
  return items("instances.json", "Reservations")
    .flatMap((r) => r.Instances as JsonObject[])
    .filter((i) => (i.State as JsonObject).Name !== "terminated");
}

/** The region-wide listings every full collect reads, with the calls each should take. */
export function listingCalls(items: FixtureItems, account: string): Record<string, number> {
  const count = (file: string, key: string) => items(file, key).length;
  return {
    "ec2:DescribeInstances": pages(collectedInstances(items).length, 1000),
    // AWS answers at most 500 volumes per page whatever MaxResults says (the replay models this)
    "ec2:DescribeVolumes": pages(count("volumes.json", "Volumes"), 500),
    "ec2:DescribeSnapshots": pages(items("snapshots.json", "Snapshots").filter((s) => s.OwnerId === account).length, 1000),
    "ec2:DescribeSecurityGroups": pages(count("security-groups.json", "SecurityGroups"), 1000),
    "ec2:DescribeLaunchTemplates": pages(count("launch-templates.json", "LaunchTemplates"), 200),
    "ec2:DescribeAddresses": 1,
    "ec2:DescribeNatGateways": pages(count("nat-gateways.json", "NatGateways"), 1000),
    "autoscaling:DescribeAutoScalingGroups": pages(count("auto-scaling-groups.json", "AutoScalingGroups"), 100),
    "autoscaling:DescribePolicies": pages(count("policies.json", "ScalingPolicies"), 100),
    "autoscaling:DescribeNotificationConfigurations": pages(count("notification-configurations.json", "NotificationConfigurations"), 100),
    "autoscaling:DescribeScheduledActions": pages(count("scheduled-actions.json", "ScheduledUpdateGroupActions"), 100),
    "elasticloadbalancing:DescribeLoadBalancers": pages(count("load-balancers.json", "LoadBalancers"), 400),
    "elasticloadbalancing:DescribeTargetGroups": pages(count("target-groups.json", "TargetGroups"), 400),
  };
}
