/**
 * `Collector.verify` that verifies (ec2-records.md 11.2, upstream checks nothing):
 * the credentials (and the assumed role) work, DescribeRegions answers, and every
 * API of the catalogue is tried once, cheaply; all denied required actions are
 * named in one error. Denied optional actions are only logged.
 */
import { PluginError } from "../common/errors.js";
import type { VerifyParams } from "./api.js";
import { API_CATALOG } from "./aws/api-catalog.js";
import type { AwsSession } from "./aws/clients.js";
import { AwsApiError, isDenied, toAwsApiError } from "./aws/errors.js";
import { isCredentialFailure, credentialsError } from "./aws/credentials.js";
import { sdk } from "./aws/sdk.js";
import { HOME_REGION, callerAccount, openTask, type EngineContext } from "./context.js";
import { enabledRegions } from "./tasks.js";

const NO_SUCH = "00000000000000000";

/** One cheap call per API (small pages, made-up ids where an id is required: a permitted call then fails with NotFound, a denied one with UnauthorizedOperation). */
export function permissionProbes(account: string, region: string): Record<string, () => { readonly input: object }> {
  const ec2 = sdk.ec2;
  const as = sdk.autoScaling;
  const elb = sdk.elbv2;
  const elbArn = (kind: string) => `arn:aws:elasticloadbalancing:${region}:${account}:${kind}/cloudforet-verify/${NO_SUCH.slice(0, 16)}`;
  return {
    "sts:GetCallerIdentity": () => new (sdk.sts().GetCallerIdentityCommand)({}),
    "ec2:DescribeRegions": () => new (ec2().DescribeRegionsCommand)({}),
    "ec2:DescribeInstances": () => new (ec2().DescribeInstancesCommand)({ MaxResults: 5 }),
    "ec2:DescribeInstanceTypes": () => new (ec2().DescribeInstanceTypesCommand)({ MaxResults: 5 }),
    "ec2:DescribeImages": () => new (ec2().DescribeImagesCommand)({ Owners: ["self"], MaxResults: 5 }),
    "ec2:DescribeImageAttribute": () => new (ec2().DescribeImageAttributeCommand)({ ImageId: `ami-${NO_SUCH}`, Attribute: "launchPermission" }),
    "ec2:DescribeInstanceAttribute": () => new (ec2().DescribeInstanceAttributeCommand)({ InstanceId: `i-${NO_SUCH}`, Attribute: "disableApiTermination" }),
    "ec2:DescribeVolumes": () => new (ec2().DescribeVolumesCommand)({ MaxResults: 5 }),
    "ec2:DescribeVolumeAttribute": () => new (ec2().DescribeVolumeAttributeCommand)({ VolumeId: `vol-${NO_SUCH}`, Attribute: "productCodes" }),
    "ec2:DescribeSnapshots": () => new (ec2().DescribeSnapshotsCommand)({ OwnerIds: ["self"], MaxResults: 5 }),
    "ec2:DescribeSecurityGroups": () => new (ec2().DescribeSecurityGroupsCommand)({ MaxResults: 5 }),
    "ec2:DescribeSecurityGroupRules": () => new (ec2().DescribeSecurityGroupRulesCommand)({ MaxResults: 5 }),
    "ec2:DescribeVpcs": () => new (ec2().DescribeVpcsCommand)({ MaxResults: 5 }),
    "ec2:DescribeSubnets": () => new (ec2().DescribeSubnetsCommand)({ MaxResults: 5 }),
    "ec2:DescribeAddresses": () => new (ec2().DescribeAddressesCommand)({}),
    "ec2:DescribeNatGateways": () => new (ec2().DescribeNatGatewaysCommand)({ MaxResults: 5 }),
    "ec2:DescribeNetworkInterfaces": () => new (ec2().DescribeNetworkInterfacesCommand)({ MaxResults: 5 }),
    "ec2:DescribeLaunchTemplates": () => new (ec2().DescribeLaunchTemplatesCommand)({ MaxResults: 5 }),
    "ec2:DescribeLaunchTemplateVersions": () => new (ec2().DescribeLaunchTemplateVersionsCommand)({ LaunchTemplateId: `lt-${NO_SUCH}` }),
    "autoscaling:DescribeAutoScalingGroups": () => new (as().DescribeAutoScalingGroupsCommand)({ MaxRecords: 5 }),
    "autoscaling:DescribeLaunchConfigurations": () => new (as().DescribeLaunchConfigurationsCommand)({ MaxRecords: 5 }),
    "autoscaling:DescribePolicies": () => new (as().DescribePoliciesCommand)({ MaxRecords: 5 }),
    "autoscaling:DescribeNotificationConfigurations": () => new (as().DescribeNotificationConfigurationsCommand)({ MaxRecords: 5 }),
    "autoscaling:DescribeScheduledActions": () => new (as().DescribeScheduledActionsCommand)({ MaxRecords: 5 }),
    "autoscaling:DescribeLifecycleHooks": () => new (as().DescribeLifecycleHooksCommand)({ AutoScalingGroupName: "cloudforet-verify-probe" }),
    "elasticloadbalancing:DescribeLoadBalancers": () => new (elb().DescribeLoadBalancersCommand)({ PageSize: 5 }),
    "elasticloadbalancing:DescribeTargetGroups": () => new (elb().DescribeTargetGroupsCommand)({ PageSize: 5 }),
    "elasticloadbalancing:DescribeListeners": () => new (elb().DescribeListenersCommand)({ LoadBalancerArn: elbArn("loadbalancer/app") }),
    "elasticloadbalancing:DescribeTargetHealth": () => new (elb().DescribeTargetHealthCommand)({ TargetGroupArn: elbArn("targetgroup") }),
    "ssm:DescribeInstanceInformation": () => new (sdk.ssm().DescribeInstanceInformationCommand)({ MaxResults: 5 }),
  };
}

/** Tries every catalogue API; resolves to the denied ones. Credential failures and cancellation throw. */
export async function deniedActions(session: AwsSession, account: string, region: string): Promise<AwsApiError[]> {
  const probes = permissionProbes(account, region);
  const results = await Promise.all(
    API_CATALOG.map(async (entry): Promise<AwsApiError | undefined> => {
      const probe = probes[entry.api];
      if (!probe) throw new Error(`no verify probe for ${entry.api}`);
      try {
        await session.send(entry.api, region, probe());
        return undefined;
      } catch (err) {
        session.signal.throwIfAborted();
        const e = toAwsApiError(err, entry.api, region);
        if (isCredentialFailure(e)) throw credentialsError(e, entry.api, region);
        // Anything but a denial (NotFound for a made-up id, validation) proves the action is allowed.
        return isDenied(e) ? e : undefined;
      }
    }),
  );
  return results.filter((e): e is AwsApiError => e !== undefined);
}

export async function verify(ctx: EngineContext, params: VerifyParams, signal: AbortSignal): Promise<void> {
  const { session } = openTask(ctx, params, signal);
  try {
    const account = await callerAccount(session, HOME_REGION);
    await enabledRegions(session);
    const denied = await deniedActions(session, account, HOME_REGION);
    const optional = new Set(API_CATALOG.filter((e) => !e.required).map((e) => e.api));
    const missingOptional = denied.filter((e) => optional.has(e.api));
    const missing = denied.filter((e) => !optional.has(e.api));
    if (missingOptional.length) {
      ctx.log.warn("verify: optional actions denied; the fields they fill fall back", { actions: missingOptional.map((e) => e.api) });
    }
    if (missing.length) {
      throw new PluginError(
        "ERROR_INSUFFICIENT_PERMISSIONS",
        `The credentials lack IAM actions the collector needs. (missing = ${missing.map((e) => e.api).join(", ")})`,
        "INVALID_ARGUMENT",
      );
    }
    ctx.log.info("verify passed", { account, aws_calls: session.callCount() });
  } finally {
    session.destroy();
  }
}
