/**
 * The one list of every AWS API the collector calls. Verify's permission checks,
 * the README's IAM policy, the rate-limiter buckets and the replay coverage test
 * all derive from it: adding a call means adding a row here.
 */

import type { AwsService } from "../../common/aws-services.js";

export interface ApiEntry {
  /** `service:Operation`; also the IAM action. */
  readonly api: string;
  readonly service: AwsService;
  readonly operation: string;
  /** A denied required API fails verify; a denied optional one only degrades a field. */
  readonly required: boolean;
  /** One call per resource (no batch form in AWS): bounded, rate limited, cached. */
  readonly perItem: boolean;
  /** What the call feeds, for humans (README, verify messages). */
  readonly purpose: string;
}

const entry = (api: string, required: boolean, perItem: boolean, purpose: string): ApiEntry => {
  const [service, operation] = api.split(":") as [AwsService, string];
  return { api, service, operation, required, perItem, purpose };
};

export const API_CATALOG: readonly ApiEntry[] = [
  entry("sts:GetCallerIdentity", true, false, "account id of every record"),
  entry("ec2:DescribeRegions", true, false, "task planning (enabled regions)"),
  entry("ec2:DescribeInstances", true, false, "Instance; SecurityGroup and AutoScalingGroup instance lists"),
  entry("ec2:DescribeInstanceTypes", true, false, "Instance hardware"),
  entry("ec2:DescribeImages", true, false, "AMI; Instance os and image name"),
  entry("ec2:DescribeImageAttribute", false, true, "AMI launch_permissions"),
  entry("ec2:DescribeInstanceAttribute", true, true, "Instance termination_protection"),
  entry("ec2:DescribeVolumes", true, false, "Volume; Instance disks"),
  entry("ec2:DescribeVolumeAttribute", true, true, "Volume attribute (product codes)"),
  entry("ec2:DescribeSnapshots", true, false, "Snapshot"),
  entry("ec2:DescribeSecurityGroups", true, false, "SecurityGroup; Instance security_group"),
  entry("ec2:DescribeSecurityGroupRules", true, false, "SecurityGroup rule ids"),
  entry("ec2:DescribeVpcs", true, false, "Instance vpc"),
  entry("ec2:DescribeSubnets", true, false, "Instance subnet, NIC cidr"),
  entry("ec2:DescribeAddresses", true, false, "EIP"),
  entry("ec2:DescribeNatGateways", true, false, "EIP nat_gateway_id"),
  entry("ec2:DescribeNetworkInterfaces", true, false, "EIP public_dns"),
  entry("ec2:DescribeLaunchTemplates", true, false, "LaunchTemplate"),
  entry("ec2:DescribeLaunchTemplateVersions", true, true, "LaunchTemplate version data"),
  entry("autoscaling:DescribeAutoScalingGroups", true, false, "AutoScalingGroup; Instance auto_scaling_group"),
  entry("autoscaling:DescribeLaunchConfigurations", true, false, "Instance auto_scaling_group.launch_configuration"),
  entry("autoscaling:DescribePolicies", true, false, "AutoScalingGroup policies"),
  entry("autoscaling:DescribeNotificationConfigurations", true, false, "AutoScalingGroup notification_configurations"),
  entry("autoscaling:DescribeScheduledActions", true, false, "AutoScalingGroup scheduled_actions"),
  entry("autoscaling:DescribeLifecycleHooks", true, true, "AutoScalingGroup lifecycle_hooks"),
  entry("elasticloadbalancing:DescribeLoadBalancers", true, false, "Instance and AutoScalingGroup load balancers"),
  entry("elasticloadbalancing:DescribeTargetGroups", true, false, "Instance and AutoScalingGroup load balancers"),
  entry("elasticloadbalancing:DescribeListeners", true, true, "load balancer protocols and ports"),
  entry("elasticloadbalancing:DescribeTargetHealth", true, true, "Instance load_balancer (targets)"),
  entry("ssm:DescribeInstanceInformation", false, false, "Instance os.details (optional)"),
];

const BY_API = new Map(API_CATALOG.map((e) => [e.api, e]));

/** The catalogue entry of `api`; throws for an API missing from the catalogue (a programming error). */
export function apiEntry(api: string): ApiEntry {
  const found = BY_API.get(api);
  if (!found) throw new Error(`AWS API ${api} is not in the API catalogue`);
  return found;
}

/** The IAM policy document the collector needs (optional actions included; `sts:AssumeRole` is granted on the role's trust side). */
export function iamPolicy(): { Version: string; Statement: Array<{ Effect: string; Action: string[]; Resource: string }> } {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: API_CATALOG.map((e) => e.api), Resource: "*" }],
  };
}
