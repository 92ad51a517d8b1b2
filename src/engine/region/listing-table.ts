/**
 * The region's listings as data: which API each reads, from which input, and where its
 * items are in a page. Pagination and page sizes come from the API table; the fetch
 * plan (`fetch-plan.ts`) reads each listing to the end at most once per region task.
 */
import type { _InstanceType } from "@aws-sdk/client-ec2";
import { chunks } from "../../common/async.js";
import type { ApiInput, ApiName, ApiOutput } from "../aws/api-table.js";
import { collectAll } from "../aws/paginate.js";
import type { AwsSession } from "../aws/session.js";

export interface Listing<A extends ApiName, Item> {
  readonly api: A;
  readonly input: ApiInput<A>;
  /** The items of one page. */
  readonly items: (page: ApiOutput<A>) => Item[] | undefined;
  /** Every item, read to the end through `session`. */
  readonly read: (session: AwsSession, region: string) => Promise<Item[]>;
}

function listing<A extends ApiName, Item>(api: A, input: NoInfer<ApiInput<A>>, items: (page: ApiOutput<A>) => Item[] | undefined): Listing<A, Item> {
  return { api, input, items, read: (session, region) => collectAll(session, api, region, input, items) };
}

/** The region-wide listings, in the order `prefetch` starts them. */
export const REGION_WIDE_LISTINGS = {
  volumes: listing("ec2:DescribeVolumes", {}, (o) => o.Volumes),
  ownedImages: listing("ec2:DescribeImages", { Owners: ["self"] }, (o) => o.Images),
  launchTemplates: listing("ec2:DescribeLaunchTemplates", {}, (o) => o.LaunchTemplates),
  securityGroups: listing("ec2:DescribeSecurityGroups", {}, (o) => o.SecurityGroups),
  vpcs: listing("ec2:DescribeVpcs", {}, (o) => o.Vpcs),
  subnets: listing("ec2:DescribeSubnets", {}, (o) => o.Subnets),
  autoScalingGroups: listing("autoscaling:DescribeAutoScalingGroups", {}, (o) => o.AutoScalingGroups),
  launchConfigurations: listing("autoscaling:DescribeLaunchConfigurations", {}, (o) => o.LaunchConfigurations),
  loadBalancers: listing("elasticloadbalancing:DescribeLoadBalancers", {}, (o) => o.LoadBalancers),
  targetGroups: listing("elasticloadbalancing:DescribeTargetGroups", {}, (o) => o.TargetGroups),
  snapshots: listing("ec2:DescribeSnapshots", { OwnerIds: ["self"] }, (o) => o.Snapshots),
  addresses: listing("ec2:DescribeAddresses", {}, (o) => o.Addresses),
  natGateways: listing("ec2:DescribeNatGateways", {}, (o) => o.NatGateways),
  securityGroupRules: listing("ec2:DescribeSecurityGroupRules", {}, (o) => o.SecurityGroupRules),
  scalingPolicies: listing("autoscaling:DescribePolicies", {}, (o) => o.ScalingPolicies),
  notificationConfigurations: listing("autoscaling:DescribeNotificationConfigurations", {}, (o) => o.NotificationConfigurations),
  scheduledActions: listing("autoscaling:DescribeScheduledActions", {}, (o) => o.ScheduledUpdateGroupActions),
};

export type RegionWideListing = keyof typeof REGION_WIDE_LISTINGS;

/** The region-wide listings as methods resolving to their items (the fetch plan's `RegionListings` type checks each). */
export type RegionWideMethods = {
  [K in RegionWideListing]: (typeof REGION_WIDE_LISTINGS)[K] extends Listing<ApiName, infer Item> ? () => Promise<Item[]> : never;
};

/** Ids per call of a listing by ids (AWS's filter limit); chunks are asked one after another. */
const IDS_PER_CALL = 100;

export interface ByIdsListing<A extends ApiName, Item> extends Omit<Listing<A, Item>, "input" | "read"> {
  /** Memo key prefix of the region task. */
  readonly memo: string;
  /** The input asking for one chunk of ids. */
  readonly input: (ids: string[]) => ApiInput<A>;
  /** The items of `ids` (deduplicated); no call for no ids. */
  readonly read: (session: AwsSession, region: string, ids: readonly string[]) => Promise<Item[]>;
}

function byIds<A extends ApiName, Item>(
  memo: string,
  api: A,
  input: (ids: string[]) => NoInfer<ApiInput<A>>,
  items: (page: ApiOutput<A>) => Item[] | undefined,
): ByIdsListing<A, Item> {
  return {
    memo,
    api,
    input,
    items,
    read: async (session, region, ids) => {
      const out: Item[] = [];
      for (const chunk of chunks([...new Set(ids)], IDS_PER_CALL)) out.push(...(await collectAll(session, api, region, input(chunk), items)));
      return out;
    },
  };
}

export const BY_IDS_LISTINGS = {
  imagesById: byIds(
    "images",
    "ec2:DescribeImages",
    (ids) => ({ Filters: [{ Name: "image-id", Values: ids }] }),
    (o) => o.Images,
  ),
  instanceTypes: byIds(
    "types",
    "ec2:DescribeInstanceTypes",
    (types) => ({ InstanceTypes: types as _InstanceType[] }),
    (o) => o.InstanceTypes,
  ),
  networkInterfaces: byIds(
    "enis",
    "ec2:DescribeNetworkInterfaces",
    (ids) => ({ Filters: [{ Name: "network-interface-id", Values: ids }] }),
    (o) => o.NetworkInterfaces,
  ),
};
