/**
 * What the region's fetch plan (`fetch-plan.ts`) offers the per-type record builders
 * (`engine/resources/<type>.ts`).
 *
 * Every region-wide listing is fetched at most once per region task, on first
 * use, and shared by all types. Per-item calls (no batch form in AWS) go through
 * a bounded, rate-limited, cached path and take the whole object so the cache can
 * tell when the resource changed.
 */
import type {
  Address,
  Image,
  Instance,
  InstanceTypeInfo,
  LaunchPermission,
  LaunchTemplate,
  LaunchTemplateVersion,
  NatGateway,
  NetworkInterface,
  ProductCode,
  SecurityGroup,
  SecurityGroupRule,
  Snapshot,
  Subnet,
  Volume,
  Vpc,
} from "@aws-sdk/client-ec2";
import type {
  AutoScalingGroup,
  LaunchConfiguration,
  LifecycleHook,
  NotificationConfiguration,
  ScalingPolicy,
  ScheduledUpdateGroupAction,
} from "@aws-sdk/client-auto-scaling";
import type { Listener, LoadBalancer, TargetGroup, TargetHealthDescription } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { PagedListing } from "./parked-pages.js";

export type { PagedListing } from "./parked-pages.js";

/** What a SecurityGroup record shows of each of its instances; kept, parked, for every instance of the region. */
export type InstanceSummary = Pick<
  Instance,
  | "InstanceId"
  | "State"
  | "SubnetId"
  | "VpcId"
  | "PrivateIpAddress"
  | "PrivateDnsName"
  | "PublicIpAddress"
  | "PublicDnsName"
  | "Architecture"
  | "SecurityGroups"
  | "Tags"
>;

/** What an Instance record shows of one of its volumes (docs/records.md#instance-disks); kept for every volume of the region. */
export interface VolumeDisk {
  /** The device of the volume's first attachment. */
  Device: string | undefined;
  Size: number | undefined;
  VolumeType: string | undefined;
  Encrypted: boolean | undefined;
  Iops: number | undefined;
}

export interface RegionListings {
  // --- EC2 ---
  /**
   * The region's DescribeInstances pass, page by page (for the Instance type, which streams).
   * The first pass also fills `instanceSummaries()` and `instanceLifecycles()`, so the region is listed once.
   * A page's array is emptied when the next page is asked for: build from it, do not keep it.
   */
  instancePages(): AsyncIterable<Instance[]>;
  /**
   * Summaries of every instance in the states collected (pending, running, shutting-down,
   * stopping, stopped), in DescribeInstances order. Resolves once the region's single
   * DescribeInstances pass is complete.
   */
  instanceSummaries(): Promise<PagedListing<InstanceSummary>>;
  /** `InstanceLifecycle` of every instance of `instanceSummaries()` by id (`undefined`: AWS gave none). */
  instanceLifecycles(): Promise<ReadonlyMap<string, string | undefined>>;
  /** `DescribeImages(Owners=[self])`. */
  ownedImages(): Promise<Image[]>;
  /** Images of the given ids (filter `image-id`, chunks of 100; deregistered ids are simply absent). */
  imagesById(imageIds: readonly string[]): Promise<Map<string, Image>>;
  /** `DescribeInstanceTypes` for the given types. */
  instanceTypes(types: readonly string[]): Promise<Map<string, InstanceTypeInfo>>;
  volumes(): Promise<PagedListing<Volume>>;
  /** `VolumeDisk` by volume id, from the same DescribeVolumes pass as `volumes()`. */
  volumeDisks(): Promise<ReadonlyMap<string, VolumeDisk>>;
  snapshots(): Promise<PagedListing<Snapshot>>;
  securityGroups(): Promise<SecurityGroup[]>;
  securityGroupRules(): Promise<SecurityGroupRule[]>;
  vpcs(): Promise<Vpc[]>;
  subnets(): Promise<Subnet[]>;
  addresses(): Promise<Address[]>;
  natGateways(): Promise<NatGateway[]>;
  /** ENIs of the given ids (filter `network-interface-id`); no call when the list is empty. */
  networkInterfaces(ids: readonly string[]): Promise<NetworkInterface[]>;
  launchTemplates(): Promise<LaunchTemplate[]>;

  // --- Auto Scaling ---
  autoScalingGroups(): Promise<AutoScalingGroup[]>;
  launchConfigurations(): Promise<LaunchConfiguration[]>;
  /** Region-wide, all pages. */
  scalingPolicies(): Promise<ScalingPolicy[]>;
  notificationConfigurations(): Promise<NotificationConfiguration[]>;
  scheduledActions(): Promise<ScheduledUpdateGroupAction[]>;
  /** Per group (the API requires a group name). */
  lifecycleHooks(groupName: string): Promise<LifecycleHook[]>;

  // --- ELBv2 ---
  loadBalancers(): Promise<LoadBalancer[]>;
  targetGroups(): Promise<TargetGroup[]>;
  /** Per load balancer, all pages. */
  listeners(loadBalancerArn: string): Promise<Listener[]>;
  /** Per target group. */
  targetHealth(targetGroupArn: string): Promise<TargetHealthDescription[]>;

  // --- SSM (optional enrichment) ---
  /** `PlatformName PlatformVersion` per managed instance id; an empty map when SSM is denied or fails (logged). */
  ssmPlatformDetails(instanceIds: readonly string[]): Promise<Map<string, string>>;

  // --- per-item enrichment (cached across collects; `undefined` when enrichment is switched off) ---
  /** `DescribeInstanceAttribute(disableApiTermination)`. */
  terminationProtection(instance: Instance): Promise<boolean | undefined>;
  /** `DescribeImageAttribute(launchPermission)`. */
  launchPermissions(image: Image): Promise<LaunchPermission[] | undefined>;
  /** `DescribeVolumeAttribute(productCodes)`. */
  volumeProductCodes(volume: Volume): Promise<ProductCode[] | undefined>;
  /** `DescribeLaunchTemplateVersions` for one template; the version upstream shows (docs/records.md#which-launch-template-version). */
  launchTemplateVersion(template: LaunchTemplate): Promise<LaunchTemplateVersion | undefined>;
}
