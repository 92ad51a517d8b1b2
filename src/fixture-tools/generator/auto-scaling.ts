/** Auto Scaling: group names (drawn before the instances that join them), launch templates, then the groups with their members and extras. */
import type { Item } from "../../replay/fixture-format.js";
import type { Images } from "./images.js";
import type { SecurityGroups } from "./network.js";
import { APPS, BASE_TIME, DAY_MS, ENVS, iso, TYPES, type InstanceSummary, type Network, type RegionScope } from "./region-scope.js";

/** One group per 50 instances (at least one); about one instance in five joins one. */
export function autoScalingGroupNames({ count, rnd }: RegionScope): string[] {
  const groupsCount = Math.max(1, Math.floor(count / 50));
  return Array.from({ length: groupsCount }, (_, i) => `${rnd.pick(APPS)}-${rnd.pick(ENVS)}-asg-${i + 1}`);
}

export interface LaunchTemplates {
  launchTemplates: Item[];
  /** Newest version first within each template. */
  launchTemplateVersions: Item[];
}

/** One template per two groups (at least one), 1–3 versions each, launching owned images into application groups. */
export function generateLaunchTemplates(
  { account, rnd }: RegionScope,
  groupNames: readonly string[],
  { owned }: Images,
  { appGroups }: SecurityGroups,
): LaunchTemplates {
  const launchTemplates: Item[] = [];
  const launchTemplateVersions: Item[] = [];
  for (let t = 0; t < Math.max(1, Math.ceil(groupNames.length / 2)); t++) {
    const id = rnd.id("lt");
    const name = `${rnd.pick(APPS)}-template-${t + 1}`;
    const versions = rnd.int(1, 3);
    launchTemplates.push({
      CreateTime: iso(BASE_TIME - rnd.int(30, 300) * DAY_MS),
      CreatedBy: `arn:aws:iam::${account}:user/deployer`,
      DefaultVersionNumber: 1,
      LatestVersionNumber: versions,
      LaunchTemplateId: id,
      LaunchTemplateName: name,
      Tags: [],
    });
    for (let v = versions; v >= 1; v--) {
      launchTemplateVersions.push({
        CreateTime: iso(BASE_TIME - (30 - v) * DAY_MS),
        CreatedBy: `arn:aws:iam::${account}:user/deployer`,
        DefaultVersion: v === 1,
        LaunchTemplateId: id,
        LaunchTemplateName: name,
        VersionNumber: v,
        VersionDescription: `release ${v}`,
        LaunchTemplateData: { ImageId: rnd.pick(owned).ImageId, InstanceType: rnd.pick(TYPES)[0], SecurityGroupIds: [rnd.pick(appGroups).GroupId] },
      });
    }
  }
  return { launchTemplates, launchTemplateVersions };
}

export interface AutoScaling {
  autoScalingGroups: Item[];
  policies: Item[];
  scheduledActions: Item[];
  lifecycleHooks: Item[];
  notificationConfigurations: Item[];
  /** Group name → its member instances. */
  members: Map<string, InstanceSummary[]>;
}

export interface AutoScalingInputs {
  groupNames: readonly string[];
  launchTemplates: readonly Item[];
  instances: readonly InstanceSummary[];
  network: Network;
  /** The instance target group the first group registers with. */
  targetGroupArn: string;
}

/** The groups with their members (instances tagged with the group name), a target-tracking policy on about half, some extras. */
export function generateAutoScaling(
  { account, region, rnd, azs }: RegionScope,
  { groupNames, launchTemplates, instances, network, targetGroupArn }: AutoScalingInputs,
): AutoScaling {
  const members = new Map<string, InstanceSummary[]>(groupNames.map((n) => [n, []]));
  for (const s of instances) if (s.group) members.get(s.group)!.push(s);
  const autoScalingGroups: Item[] = groupNames.map((name, i) => {
    const template = launchTemplates[i % launchTemplates.length]!;
    const list = members.get(name)!;
    return {
      AutoScalingGroupName: name,
      AutoScalingGroupARN: `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:${rnd.hex(8)}-${rnd.hex(4)}-${rnd.hex(4)}-${rnd.hex(4)}-${rnd.hex(12)}:autoScalingGroupName/${name}`,
      LaunchTemplate: { LaunchTemplateId: template.LaunchTemplateId, LaunchTemplateName: template.LaunchTemplateName, Version: "$Latest" },
      MinSize: 0,
      MaxSize: Math.max(1, list.length * 2),
      DesiredCapacity: list.length,
      DefaultCooldown: 300,
      AvailabilityZones: azs,
      LoadBalancerNames: [],
      TargetGroupARNs: i === 0 ? [targetGroupArn] : [],
      HealthCheckType: i === 0 ? "ELB" : "EC2",
      HealthCheckGracePeriod: 300,
      CreatedTime: iso(BASE_TIME - 200 * DAY_MS),
      VPCZoneIdentifier: network.subnets
        .slice(0, azs.length)
        .map((s) => s.SubnetId)
        .join(","),
      Instances: list.map((s) => ({
        InstanceId: s.id,
        InstanceType: s.type,
        AvailabilityZone: s.az,
        LifecycleState: s.state === "running" ? "InService" : "Standby",
        HealthStatus: "Healthy",
        ProtectedFromScaleIn: false,
        LaunchTemplate: {
          LaunchTemplateId: template.LaunchTemplateId,
          LaunchTemplateName: template.LaunchTemplateName,
          Version: String(template.LatestVersionNumber),
        },
      })),
      SuspendedProcesses: [],
      EnabledMetrics: [],
      NewInstancesProtectedFromScaleIn: false,
      TerminationPolicies: ["Default"],
      Tags: [{ ResourceId: name, ResourceType: "auto-scaling-group", Key: "Environment", Value: rnd.pick(ENVS), PropagateAtLaunch: true }],
    };
  });
  const policies: Item[] = groupNames
    .filter(() => rnd.chance(0.5))
    .map((name) => ({
      AutoScalingGroupName: name,
      PolicyName: `${name}-cpu`,
      PolicyARN: `arn:aws:autoscaling:${region}:${account}:scalingPolicy:${rnd.hex(8)}:autoScalingGroupName/${name}:policyName/${name}-cpu`,
      PolicyType: "TargetTrackingScaling",
      StepAdjustments: [],
      Alarms: [],
      TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: "ASGAverageCPUUtilization" }, TargetValue: 60 },
      Enabled: true,
    }));
  const scheduledActions: Item[] = groupNames
    .filter(() => rnd.chance(0.2))
    .map((name) => ({
      AutoScalingGroupName: name,
      ScheduledActionName: `${name}-nightly`,
      ScheduledActionARN: `arn:aws:autoscaling:${region}:${account}:scheduledUpdateGroupAction:${rnd.hex(8)}:autoScalingGroupName/${name}:scheduledActionName/${name}-nightly`,
      Time: iso(BASE_TIME + DAY_MS),
      StartTime: iso(BASE_TIME + DAY_MS),
      Recurrence: "0 22 * * *",
      MinSize: 0,
      MaxSize: 4,
      DesiredCapacity: 1,
    }));
  const lifecycleHooks: Item[] = groupNames
    .filter(() => rnd.chance(0.2))
    .map((name) => ({
      LifecycleHookName: `${name}-drain`,
      AutoScalingGroupName: name,
      LifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING",
      HeartbeatTimeout: 300,
      GlobalTimeout: 30000,
      DefaultResult: "CONTINUE",
    }));
  const notificationConfigurations: Item[] = groupNames
    .filter(() => rnd.chance(0.2))
    .map((name) => ({
      AutoScalingGroupName: name,
      TopicARN: `arn:aws:sns:${region}:${account}:asg-events`,
      NotificationType: "autoscaling:EC2_INSTANCE_LAUNCH",
    }));
  return { autoScalingGroups, policies, scheduledActions, lifecycleHooks, notificationConfigurations, members };
}
