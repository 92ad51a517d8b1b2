/** EC2 / AutoScalingGroup (docs/records.md#autoscalinggroup), with fixes #4 (load balancers) and #12 (every instance). */
import type { AutoScalingGroup, LifecycleHook, NotificationConfiguration, ScalingPolicy, ScheduledUpdateGroupAction } from "@aws-sdk/client-auto-scaling";
import type { LaunchTemplate } from "@aws-sdk/client-ec2";
import type { LoadBalancer, TargetGroup } from "@aws-sdk/client-elastic-load-balancing-v2";
import { cloudServiceRecord, tagMap } from "../records/cloud-service.js";
import { isoOrNull } from "../records/json-data.js";
import type { CollectedRecord } from "../records/record.js";
import { cloudtrailPointer, cloudwatchPointer } from "./aws-pointers.js";
import { launchTemplateData } from "./launch-template.js";
import { groupBy, indexBy } from "./index-by.js";
import { loadBalancerView, type LoadBalancerView } from "./load-balancer-view.js";
import { perResource } from "./per-resource.js";
import type { InstanceSummary } from "../region/listings.js";
import type { RegionContext, ResourceTypeModule } from "./types.js";

/** Region-wide Auto Scaling listings keyed by group name, built once per region. */
export interface AsgGroupings {
  policies: Map<string, ScalingPolicy[]>;
  notifications: Map<string, NotificationConfiguration[]>;
  scheduledActions: Map<string, ScheduledUpdateGroupAction[]>;
}

export function asgGroupings(
  policies: readonly ScalingPolicy[],
  notifications: readonly NotificationConfiguration[],
  scheduledActions: readonly ScheduledUpdateGroupAction[],
): AsgGroupings {
  const byGroup = <T extends { AutoScalingGroupName?: string }>(items: readonly T[]) => groupBy(items, (i) => i.AutoScalingGroupName);
  return { policies: byGroup(policies), notifications: byGroup(notifications), scheduledActions: byGroup(scheduledActions) };
}

/** `Time`, `StartTime` and `EndTime` always present (null when absent); the serialiser writes them in upstream's format. */
export function scheduledActionEntry(action: ScheduledUpdateGroupAction): Record<string, unknown> {
  return { ...action, Time: action.Time ?? null, StartTime: action.StartTime ?? null, EndTime: action.EndTime ?? null };
}

/**
 * The group's instances, each with `lifecycle` from the EC2 instance (`"on-demand"` when
 * AWS gives none; fix #2). Instances DescribeInstances did not return get no `lifecycle`.
 */
export function asgInstances(group: AutoScalingGroup, instancesById: ReadonlyMap<string, InstanceSummary>): Record<string, unknown>[] {
  return (group.Instances ?? []).map((entry) => {
    const instance = entry.InstanceId ? instancesById.get(entry.InstanceId) : undefined;
    return instance ? { ...entry, lifecycle: instance.InstanceLifecycle ?? "on-demand" } : { ...entry };
  });
}

export interface LaunchSource {
  display: string | null;
  /** The LaunchTemplate id whose record is embedded, if any. */
  launchTemplateId: string | null;
  /** Set when an instance's launch configuration decided (upstream adds a raw `LaunchConfigurationName`). */
  instanceLaunchConfigurationName?: string;
}

/** Upstream's rules for `display_launch_configuration_template` and `launch_template`, first that applies. */
export function launchSource(group: Pick<AutoScalingGroup, "LaunchConfigurationName" | "MixedInstancesPolicy" | "LaunchTemplate" | "Instances">): LaunchSource {
  if (group.LaunchConfigurationName) return { display: group.LaunchConfigurationName, launchTemplateId: null };
  const mixed = group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  if (mixed) return { display: mixed.LaunchTemplateName ?? null, launchTemplateId: mixed.LaunchTemplateId ?? null };
  if (group.LaunchTemplate)
    return { display: group.LaunchTemplate.LaunchTemplateName ?? null, launchTemplateId: group.LaunchTemplate.LaunchTemplateId ?? null };
  // Per instance, the last instance that has either wins the display; an instance launch
  // configuration leaves an earlier instance's template in place (upstream behaviour).
  const source: LaunchSource = { display: null, launchTemplateId: null };
  for (const instance of group.Instances ?? []) {
    if (instance.LaunchTemplate) {
      source.display = instance.LaunchTemplate.LaunchTemplateName ?? null;
      source.launchTemplateId = instance.LaunchTemplate.LaunchTemplateId ?? null;
    } else if (instance.LaunchConfigurationName) {
      source.display = instance.LaunchConfigurationName;
      source.instanceLaunchConfigurationName = instance.LaunchConfigurationName;
    }
  }
  return source;
}

/** `LoadBalancerArns` of the group's target groups, in target-group order, not de-duplicated (upstream). */
export function loadBalancerArnsOf(group: AutoScalingGroup, targetGroupsByArn: ReadonlyMap<string, TargetGroup>): string[] {
  return (group.TargetGroupARNs ?? []).flatMap((arn) => targetGroupsByArn.get(arn)?.LoadBalancerArns ?? []);
}

export interface AsgInputs {
  groupings: AsgGroupings;
  instancesById: ReadonlyMap<string, InstanceSummary>;
  lifecycleHooks: LifecycleHook[];
  /** The embedded LaunchTemplate record's `data`, or null (no template, or none found in the region). */
  launchTemplate: Record<string, unknown> | null;
  loadBalancerArns: string[];
  loadBalancers: LoadBalancerView[];
}

export function asgData(group: AutoScalingGroup, inputs: AsgInputs, region: string): Record<string, unknown> {
  const name = group.AutoScalingGroupName ?? "";
  const source = launchSource(group);
  // Upstream adds `lifecycle` to the raw entries themselves, so `Instances` and `instances` agree.
  const instances = asgInstances(group, inputs.instancesById);
  return {
    ...group,
    ...(source.instanceLaunchConfigurationName ? { LaunchConfigurationName: source.instanceLaunchConfigurationName } : {}),
    Instances: instances,
    CreatedTime: isoOrNull(group.CreatedTime),
    launch_configuration: "",
    policies: inputs.groupings.policies.get(name) ?? [],
    notification_configurations: inputs.groupings.notifications.get(name) ?? [],
    scheduled_actions: (inputs.groupings.scheduledActions.get(name) ?? []).map(scheduledActionEntry),
    lifecycle_hooks: inputs.lifecycleHooks,
    autoscaling_tags: group.Tags ?? [],
    instances,
    // An addition: the console's instance-count column needs a number to show and sort.
    instance_count: instances.length,
    cloudwatch: cloudwatchPointer(region, ["AWS/AutoScaling"], { name: "AutoScalingGroupName", value: name }),
    cloudtrail: cloudtrailPointer(region, "AWS::AutoScaling::AutoScalingGroup", name),
    display_launch_configuration_template: source.display,
    launch_template: inputs.launchTemplate,
    load_balancer_arns: inputs.loadBalancerArns,
    load_balancers: inputs.loadBalancers,
  };
}

export function asgRecord(group: AutoScalingGroup, inputs: AsgInputs, ctx: Pick<RegionContext, "region" | "account">): CollectedRecord {
  const name = group.AutoScalingGroupName ?? "";
  return cloudServiceRecord({
    type: "AutoScalingGroup",
    name,
    account: ctx.account,
    region: ctx.region,
    resourceId: group.AutoScalingGroupARN ?? "",
    externalLink: `https://console.aws.amazon.com/ec2/autoscaling/home?region=${ctx.region}#AutoScalingGroups:id=${name}`,
    data: asgData(group, inputs, ctx.region),
    tags: tagMap(group.Tags),
    launchedAt: isoOrNull(group.CreatedTime),
  });
}

/** Region-wide lists the groups need, keyed by ARN or id; fetched only when some group needs them. */
interface AsgLookups {
  templatesById: Map<string, LaunchTemplate>;
  targetGroupsByArn: Map<string, TargetGroup>;
  loadBalancersByArn: Map<string, LoadBalancer>;
}

/** Region-wide listings are awaited before any record is built, so their failure is one type-level error. */
async function asgLookups(ctx: RegionContext, groups: readonly AutoScalingGroup[]): Promise<AsgLookups> {
  const none = Promise.resolve([]);
  const needsTemplates = groups.some((g) => launchSource(g).launchTemplateId);
  const needsElb = groups.some((g) => g.TargetGroupARNs?.length);
  const [templates, targetGroups, loadBalancers] = await Promise.all([
    needsTemplates ? ctx.listings.launchTemplates() : none,
    needsElb ? ctx.listings.targetGroups() : none,
    needsElb ? ctx.listings.loadBalancers() : none,
  ]);
  return {
    templatesById: indexBy(templates, (t) => t.LaunchTemplateId),
    targetGroupsByArn: indexBy(targetGroups, (tg) => tg.TargetGroupArn),
    loadBalancersByArn: indexBy(loadBalancers, (lb) => lb.LoadBalancerArn),
  };
}

/**
 * The embedded LaunchTemplate `data`; its version call is shared (cached) with the LaunchTemplate
 * type's record. A failed version call fails this group's record too: `null` would overwrite a
 * correct stored template.
 */
async function embeddedLaunchTemplate(ctx: RegionContext, lookups: AsgLookups, templateId: string | null): Promise<Record<string, unknown> | null> {
  const template = templateId ? lookups.templatesById.get(templateId) : undefined;
  return template ? launchTemplateData(template, await ctx.listings.launchTemplateVersion(template), ctx.region, ctx.account) : null;
}

/** `load_balancer_arns` and one view per distinct load balancer, with listener ports as integers. */
async function groupLoadBalancers(ctx: RegionContext, lookups: AsgLookups, group: AutoScalingGroup): Promise<{ arns: string[]; views: LoadBalancerView[] }> {
  const arns = loadBalancerArnsOf(group, lookups.targetGroupsByArn);
  const found = [...new Set(arns)].flatMap((arn) => lookups.loadBalancersByArn.get(arn) ?? []);
  const views = await Promise.all(found.map(async (lb) => loadBalancerView(lb, await ctx.listings.listeners(lb.LoadBalancerArn!), "number")));
  return { arns, views };
}

export const autoScalingGroupType: ResourceTypeModule = {
  type: "AutoScalingGroup",
  async *collect(ctx) {
    const groups = await ctx.listings.autoScalingGroups();
    if (groups.length === 0) return;
    const [policies, notifications, scheduledActions, instances, lookups] = await Promise.all([
      ctx.listings.scalingPolicies(),
      ctx.listings.notificationConfigurations(),
      ctx.listings.scheduledActions(),
      ctx.listings.instanceSummaries(),
      asgLookups(ctx, groups),
    ]);
    const groupings = asgGroupings(policies, notifications, scheduledActions);
    const instancesById = indexBy(instances, (i) => i.InstanceId);
    yield* perResource(ctx, groups, {
      type: "AutoScalingGroup",
      idOf: (g) => g.AutoScalingGroupARN ?? g.AutoScalingGroupName,
      build: async (group) => {
        const [lifecycleHooks, launchTemplate, lbs] = await Promise.all([
          ctx.listings.lifecycleHooks(group.AutoScalingGroupName ?? ""),
          embeddedLaunchTemplate(ctx, lookups, launchSource(group).launchTemplateId),
          groupLoadBalancers(ctx, lookups, group),
        ]);
        return asgRecord(group, { groupings, instancesById, lifecycleHooks, launchTemplate, loadBalancerArns: lbs.arns, loadBalancers: lbs.views }, ctx);
      },
    });
  },
};
