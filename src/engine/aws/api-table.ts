/**
 * The one list of every AWS API the collector calls, as data: per API its SDK command,
 * pagination, kind, whether verify requires it, verify's probe and what it feeds.
 * The session's typed `send`, pagination, verify's probes, the IAM policy, the rate
 * limiter's buckets and the region's listings all derive from it; consumers name rows
 * by their literal key, so removing a row the collector still calls fails the type-check.
 * Adding a call means adding a row here.
 */
import type { AwsService } from "../../common/aws-services.js";
import { api, type ApiSpec, type CommandClass, type CommandInput, type CommandOutput, type ProbeTarget } from "./api-spec.js";
import { sdk } from "./sdk.js";

export type { ApiKind, ProbeTarget } from "./api-spec.js";

const ec2 = sdk.ec2;
const autoScaling = sdk.autoScaling;
const elbv2 = sdk.elbv2;

/** Id digits no real resource has. */
const NO_SUCH = "00000000000000000";
const noSuchElbArn = ({ account, region }: ProbeTarget, kind: string) =>
  `arn:aws:elasticloadbalancing:${region}:${account}:${kind}/cloudforet-verify/${NO_SUCH.slice(0, 16)}`;

const NONE = { style: "none" } as const;
/** EC2's largest page. */
const EC2_PAGES = { style: "NextToken", pageSize: { member: "MaxResults", size: 1000 } } as const;
/** Auto Scaling's largest page. */
const AUTO_SCALING_PAGES = { style: "NextToken", pageSize: { member: "MaxRecords", size: 100 } } as const;
/** ELBv2's largest page. */
const ELB_PAGES = { style: "Marker", pageSize: { member: "PageSize", size: 400 } } as const;

const TABLE = {
  "sts:GetCallerIdentity": api(() => sdk.sts().GetCallerIdentityCommand, {
    kind: "account",
    required: true,
    paging: NONE,
    probe: () => ({}),
    purpose: "account id of every record",
  }),
  "ec2:DescribeRegions": api(() => ec2().DescribeRegionsCommand, {
    kind: "account",
    required: true,
    paging: NONE,
    probe: () => ({}),
    purpose: "task planning (enabled regions)",
  }),
  "ec2:DescribeInstances": api(() => ec2().DescribeInstancesCommand, {
    kind: "listing",
    required: true,
    paging: EC2_PAGES,
    probe: () => ({ MaxResults: 5 }),
    purpose: "Instance; SecurityGroup and AutoScalingGroup instance lists",
  }),
  // Asked by type name (at most 100 names a call) at AWS's default page size.
  "ec2:DescribeInstanceTypes": api(() => ec2().DescribeInstanceTypesCommand, {
    kind: "listing",
    required: true,
    paging: { style: "NextToken" },
    probe: () => ({ MaxResults: 5 }),
    purpose: "Instance hardware",
  }),
  "ec2:DescribeImages": api(() => ec2().DescribeImagesCommand, {
    kind: "listing",
    required: true,
    paging: EC2_PAGES,
    probe: () => ({ Owners: ["self"], MaxResults: 5 }),
    purpose: "AMI; Instance os and image name",
  }),
  "ec2:DescribeImageAttribute": api(() => ec2().DescribeImageAttributeCommand, {
    kind: "per-item",
    required: false,
    paging: NONE,
    probe: () => ({ ImageId: `ami-${NO_SUCH}`, Attribute: "launchPermission" }),
    purpose: "AMI launch_permissions",
  }),
  "ec2:DescribeInstanceAttribute": api(() => ec2().DescribeInstanceAttributeCommand, {
    kind: "per-item",
    required: true,
    paging: NONE,
    probe: () => ({ InstanceId: `i-${NO_SUCH}`, Attribute: "disableApiTermination" }),
    purpose: "Instance termination_protection",
  }),
  "ec2:DescribeVolumes": api(() => ec2().DescribeVolumesCommand, {
    kind: "listing",
    required: true,
    paging: EC2_PAGES,
    probe: () => ({ MaxResults: 5 }),
    purpose: "Volume; Instance disks",
  }),
  "ec2:DescribeVolumeAttribute": api(() => ec2().DescribeVolumeAttributeCommand, {
    kind: "per-item",
    required: true,
    paging: NONE,
    probe: () => ({ VolumeId: `vol-${NO_SUCH}`, Attribute: "productCodes" }),
    purpose: "Volume attribute (product codes)",
  }),
  "ec2:DescribeSnapshots": api(() => ec2().DescribeSnapshotsCommand, {
    kind: "listing",
    required: true,
    paging: EC2_PAGES,
    probe: () => ({ OwnerIds: ["self"], MaxResults: 5 }),
    purpose: "Snapshot",
  }),
  "ec2:DescribeSecurityGroups": api(() => ec2().DescribeSecurityGroupsCommand, {
    kind: "listing",
    required: true,
    paging: EC2_PAGES,
    probe: () => ({ MaxResults: 5 }),
    purpose: "SecurityGroup; Instance security_group",
  }),
  "ec2:DescribeSecurityGroupRules": api(() => ec2().DescribeSecurityGroupRulesCommand, {
    kind: "listing",
    required: true,
    paging: EC2_PAGES,
    probe: () => ({ MaxResults: 5 }),
    purpose: "SecurityGroup rule ids",
  }),
  "ec2:DescribeVpcs": api(() => ec2().DescribeVpcsCommand, {
    kind: "listing",
    required: true,
    paging: EC2_PAGES,
    probe: () => ({ MaxResults: 5 }),
    purpose: "Instance vpc",
  }),
  "ec2:DescribeSubnets": api(() => ec2().DescribeSubnetsCommand, {
    kind: "listing",
    required: true,
    paging: EC2_PAGES,
    probe: () => ({ MaxResults: 5 }),
    purpose: "Instance subnet, NIC cidr",
  }),
  // Not paginated by the collector: AWS answers every address of the region at once.
  "ec2:DescribeAddresses": api(() => ec2().DescribeAddressesCommand, { kind: "listing", required: true, paging: NONE, probe: () => ({}), purpose: "EIP" }),
  "ec2:DescribeNatGateways": api(() => ec2().DescribeNatGatewaysCommand, {
    kind: "listing",
    required: true,
    paging: EC2_PAGES,
    probe: () => ({ MaxResults: 5 }),
    purpose: "EIP nat_gateway_id",
  }),
  "ec2:DescribeNetworkInterfaces": api(() => ec2().DescribeNetworkInterfacesCommand, {
    kind: "listing",
    required: true,
    paging: EC2_PAGES,
    probe: () => ({ MaxResults: 5 }),
    purpose: "EIP public_dns",
  }),
  "ec2:DescribeLaunchTemplates": api(() => ec2().DescribeLaunchTemplatesCommand, {
    kind: "listing",
    required: true,
    paging: { style: "NextToken", pageSize: { member: "MaxResults", size: 200 } },
    probe: () => ({ MaxResults: 5 }),
    purpose: "LaunchTemplate",
  }),
  // Paginated by AWS; the collector reads only the first page of one template (the version upstream shows).
  "ec2:DescribeLaunchTemplateVersions": api(() => ec2().DescribeLaunchTemplateVersionsCommand, {
    kind: "per-item",
    required: true,
    paging: { style: "NextToken", pageSize: { member: "MaxResults", size: 200 } },
    probe: () => ({ LaunchTemplateId: `lt-${NO_SUCH}` }),
    purpose: "LaunchTemplate version data",
  }),
  "autoscaling:DescribeAutoScalingGroups": api(() => autoScaling().DescribeAutoScalingGroupsCommand, {
    kind: "listing",
    required: true,
    paging: AUTO_SCALING_PAGES,
    probe: () => ({ MaxRecords: 5 }),
    purpose: "AutoScalingGroup; Instance auto_scaling_group",
  }),
  "autoscaling:DescribeLaunchConfigurations": api(() => autoScaling().DescribeLaunchConfigurationsCommand, {
    kind: "listing",
    required: true,
    paging: AUTO_SCALING_PAGES,
    probe: () => ({ MaxRecords: 5 }),
    purpose: "Instance auto_scaling_group.launch_configuration",
  }),
  "autoscaling:DescribePolicies": api(() => autoScaling().DescribePoliciesCommand, {
    kind: "listing",
    required: true,
    paging: AUTO_SCALING_PAGES,
    probe: () => ({ MaxRecords: 5 }),
    purpose: "AutoScalingGroup policies",
  }),
  "autoscaling:DescribeNotificationConfigurations": api(() => autoScaling().DescribeNotificationConfigurationsCommand, {
    kind: "listing",
    required: true,
    paging: AUTO_SCALING_PAGES,
    probe: () => ({ MaxRecords: 5 }),
    purpose: "AutoScalingGroup notification_configurations",
  }),
  "autoscaling:DescribeScheduledActions": api(() => autoScaling().DescribeScheduledActionsCommand, {
    kind: "listing",
    required: true,
    paging: AUTO_SCALING_PAGES,
    probe: () => ({ MaxRecords: 5 }),
    purpose: "AutoScalingGroup scheduled_actions",
  }),
  "autoscaling:DescribeLifecycleHooks": api(() => autoScaling().DescribeLifecycleHooksCommand, {
    kind: "per-item",
    required: true,
    paging: NONE,
    probe: () => ({ AutoScalingGroupName: "cloudforet-verify-probe" }),
    purpose: "AutoScalingGroup lifecycle_hooks",
  }),
  "elasticloadbalancing:DescribeLoadBalancers": api(() => elbv2().DescribeLoadBalancersCommand, {
    kind: "listing",
    required: true,
    paging: ELB_PAGES,
    probe: () => ({ PageSize: 5 }),
    purpose: "Instance and AutoScalingGroup load balancers",
  }),
  "elasticloadbalancing:DescribeTargetGroups": api(() => elbv2().DescribeTargetGroupsCommand, {
    kind: "listing",
    required: true,
    paging: ELB_PAGES,
    probe: () => ({ PageSize: 5 }),
    purpose: "Instance and AutoScalingGroup load balancers",
  }),
  "elasticloadbalancing:DescribeListeners": api(() => elbv2().DescribeListenersCommand, {
    kind: "per-item",
    required: true,
    paging: ELB_PAGES,
    probe: (target) => ({ LoadBalancerArn: noSuchElbArn(target, "loadbalancer/app") }),
    purpose: "load balancer protocols and ports",
  }),
  "elasticloadbalancing:DescribeTargetHealth": api(() => elbv2().DescribeTargetHealthCommand, {
    kind: "per-item",
    required: true,
    paging: NONE,
    probe: (target) => ({ TargetGroupArn: noSuchElbArn(target, "targetgroup") }),
    purpose: "Instance load_balancer (targets)",
  }),
  "ssm:DescribeInstanceInformation": api(() => sdk.ssm().DescribeInstanceInformationCommand, {
    kind: "listing",
    required: false,
    paging: { style: "NextToken", pageSize: { member: "MaxResults", size: 50 } },
    probe: () => ({ MaxResults: 5 }),
    purpose: "Instance os.details (optional)",
  }),
} as const satisfies Record<`${AwsService}:${string}`, unknown>;

type Rows = typeof TABLE;

/** `service:Operation`, also the IAM action, of every API the collector calls. */
export type ApiName = keyof Rows;
type CommandOf<A extends ApiName> = Rows[A]["command"] extends () => infer C ? (C extends CommandClass ? C : never) : never;
/** The typed input of `api`'s command. */
export type ApiInput<A extends ApiName> = CommandInput<CommandOf<A>>;
/** The typed output of `api`'s command. */
export type ApiOutput<A extends ApiName> = CommandOutput<CommandOf<A>>;
/** The IAM action prefix (SigV4 signing name) of `api`. */
export type ServiceOf<A extends ApiName> = A extends `${infer S extends AwsService}:${string}` ? S : never;

/**
 * The table, each row typed by its own command: indexing it with a generic `A` keeps `A`'s
 * input and output together (a mapped type TypeScript can correlate).
 */
export const AWS_API_TABLE: { readonly [A in ApiName]: ApiSpec<CommandOf<A>, ApiInput<A>, ApiOutput<A>> } = TABLE;

/** Every API, in table order. */
export const API_NAMES = Object.keys(AWS_API_TABLE) as ApiName[];

/** The service of `api` (`ec2:DescribeInstances` → `ec2`). */
export function serviceOf<A extends ApiName>(api: A): ServiceOf<A> {
  return api.slice(0, api.indexOf(":")) as ServiceOf<A>;
}

/** The SDK command object for `api` with `input` (loads the SDK package on first use). */
export function commandFor<A extends ApiName>(api: A, input: ApiInput<A>): object {
  // Each row's class takes its own command's input; the mapped type cannot say so of the constructor.
  const Command = AWS_API_TABLE[api].command() as unknown as new (input: ApiInput<A>) => object;
  return new Command(input);
}

/** The IAM policy document the collector needs (optional actions included; `sts:AssumeRole` is granted on the role's trust side). */
export function iamPolicy(): { Version: string; Statement: Array<{ Effect: string; Action: string[]; Resource: string }> } {
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: [...API_NAMES], Resource: "*" }] };
}
