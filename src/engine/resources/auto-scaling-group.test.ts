import type { AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import { describe, expect, it } from "vitest";
import { collectAll, dataOf, fakeRegion, type FakeListings } from "../../../test/support/fake-region.js";
import { autoScalingGroupType, launchSource } from "./auto-scaling-group.js";

const created = new Date("2024-08-01T02:03:04Z");
const ARN = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/web-asg";
const LB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/abc";
const TG1 = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-a/1";
const TG2 = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-b/2";

const memberIds = Array.from({ length: 25 }, (_, i) => `i-${String(i).padStart(17, "0")}`);
const required = {
  MinSize: 1,
  MaxSize: 30,
  DesiredCapacity: 25,
  DefaultCooldown: 300,
  AvailabilityZones: ["us-east-1a"],
  HealthCheckType: "ELB",
  CreatedTime: created,
};
const group: AutoScalingGroup = {
  AutoScalingGroupName: "web-asg",
  AutoScalingGroupARN: ARN,
  ...required,
  LaunchTemplate: { LaunchTemplateId: "lt-1", LaunchTemplateName: "web-lt", Version: "$Latest" },
  TargetGroupARNs: [TG1, TG2],
  Instances: memberIds.map((InstanceId) => ({
    InstanceId,
    AvailabilityZone: "us-east-1a",
    LifecycleState: "InService" as const,
    HealthStatus: "Healthy",
    ProtectedFromScaleIn: false,
  })),
  Tags: [{ Key: "env", Value: "prod", PropagateAtLaunch: true, ResourceId: "web-asg", ResourceType: "auto-scaling-group" }],
};

function listings(overrides: FakeListings = {}): FakeListings {
  return {
    autoScalingGroups: () => [group],
    scalingPolicies: () => [
      { AutoScalingGroupName: "web-asg", PolicyName: "cpu" },
      { AutoScalingGroupName: "other", PolicyName: "x" },
    ],
    notificationConfigurations: () => [{ AutoScalingGroupName: "web-asg", TopicARN: "arn:aws:sns:us-east-1:123456789012:t", NotificationType: "launch" }],
    scheduledActions: () => [{ AutoScalingGroupName: "web-asg", ScheduledActionName: "night", StartTime: created }],
    lifecycleHooks: (name) => [{ AutoScalingGroupName: name, LifecycleHookName: "drain" }],
    // The last member is not in DescribeInstances (e.g. terminated meanwhile): no lifecycle for it.
    instanceSummaries: () => memberIds.slice(0, 24).map((InstanceId, i) => ({ InstanceId, ...(i === 0 ? { InstanceLifecycle: "spot" as const } : {}) })),
    launchTemplates: () => [{ LaunchTemplateId: "lt-1", LaunchTemplateName: "web-lt", CreateTime: created, LatestVersionNumber: 2 }],
    launchTemplateVersion: () => ({ VersionNumber: 2, DefaultVersion: true, LaunchTemplateData: { ImageId: "ami-1" } }),
    targetGroups: () => [
      { TargetGroupArn: TG1, LoadBalancerArns: [LB] },
      { TargetGroupArn: TG2, LoadBalancerArns: [LB] },
    ],
    loadBalancers: () => [
      { LoadBalancerArn: LB, DNSName: "web-alb.example", Type: "application" as const, Scheme: "internet-facing" as const, LoadBalancerName: "web-alb" },
    ],
    listeners: () => [
      { Protocol: "HTTPS" as const, Port: 443 },
      { Protocol: "HTTP" as const, Port: 80 },
    ],
    ...overrides,
  };
}

describe("launchSource", () => {
  it("applies upstream's rules in order", () => {
    expect(launchSource({ LaunchConfigurationName: "lc", LaunchTemplate: { LaunchTemplateId: "lt-x" } })).toEqual({ display: "lc", launchTemplateId: null });
    expect(
      launchSource({
        MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: "lt-m", LaunchTemplateName: "mixed" } } },
        LaunchTemplate: { LaunchTemplateId: "lt-x", LaunchTemplateName: "plain" },
      }),
    ).toEqual({ display: "mixed", launchTemplateId: "lt-m" });
    expect(launchSource({})).toEqual({ display: null, launchTemplateId: null });
    expect(
      launchSource({
        Instances: [
          { InstanceId: "i-1", LaunchTemplate: { LaunchTemplateId: "lt-i", LaunchTemplateName: "inst" } },
          { InstanceId: "i-2", LaunchConfigurationName: "old-lc" },
        ],
      } as Pick<AutoScalingGroup, "Instances">),
    ).toEqual({ display: "old-lc", launchTemplateId: "lt-i", instanceLaunchConfigurationName: "old-lc" });
  });
});

describe("autoScalingGroupType", () => {
  it("lists every instance with its lifecycle (fixes #2 and #12) and fills load balancers (fix #4)", async () => {
    const { ctx, calls } = fakeRegion(listings());
    const [record] = await collectAll(autoScalingGroupType.collect(ctx));
    expect(record!.resource).toMatchObject({ name: "web-asg", launched_at: "2024-08-01T02:03:04", reference: { resource_id: ARN }, tags: { env: "prod" } });
    const data = dataOf(record!);
    const instances = data.instances as Record<string, unknown>[];
    expect(instances).toHaveLength(25);
    expect(instances[0]!.lifecycle).toBe("spot");
    expect(instances.slice(1, 24).every((i) => i.lifecycle === "on-demand")).toBe(true);
    expect(instances[24]).not.toHaveProperty("lifecycle");
    expect(data.Instances).toEqual(instances);
    expect(data).toMatchObject({
      CreatedTime: "2024-08-01T02:03:04",
      launch_configuration: "",
      instance_count: 25,
      policies: [{ PolicyName: "cpu" }],
      notification_configurations: [{ NotificationType: "launch" }],
      scheduled_actions: [{ ScheduledActionName: "night", StartTime: "2024-08-01T02:03:04", Time: null, EndTime: null }],
      lifecycle_hooks: [{ LifecycleHookName: "drain" }],
      autoscaling_tags: group.Tags,
      display_launch_configuration_template: "web-lt",
      launch_template: { LaunchTemplateId: "lt-1", CreateTime: "2024-08-01T02:03:04", version: 2, ami_id: "ami-1" },
      load_balancer_arns: [LB, LB],
      load_balancers: [
        {
          endpoint: "web-alb.example",
          type: "application",
          scheme: "internet-facing",
          name: "web-alb",
          protocol: ["HTTPS", "HTTP"],
          port: [443, 80],
          tags: { arn: LB },
        },
      ],
      cloudwatch: { metrics_info: [{ Namespace: "AWS/AutoScaling", Dimensions: [{ Name: "AutoScalingGroupName", Value: "web-asg" }] }] },
      cloudtrail: { resource_type: "AWS::AutoScaling::AutoScalingGroup" },
    });
    expect(calls.get("listeners")).toBe(1);
  });

  it("sends empty load-balancer lists and null launch keys without touching ELB or templates", async () => {
    const bare: AutoScalingGroup = { AutoScalingGroupName: "bare", AutoScalingGroupARN: "arn:bare", ...required, Instances: [] };
    const { ctx, calls } = fakeRegion(listings({ autoScalingGroups: () => [bare] }));
    const data = dataOf((await collectAll(autoScalingGroupType.collect(ctx)))[0]!);
    expect(data).toMatchObject({
      load_balancer_arns: [],
      load_balancers: [],
      display_launch_configuration_template: null,
      launch_template: null,
      instances: [],
    });
    for (const api of ["targetGroups", "loadBalancers", "listeners", "launchTemplates"]) expect(calls.has(api)).toBe(false);
  });

  it("fails the group whose template version cannot be read", async () => {
    const { ctx } = fakeRegion(
      listings({
        launchTemplateVersion: () => {
          throw new Error("versions denied");
        },
      }),
    );
    const [record] = await collectAll(autoScalingGroupType.collect(ctx));
    expect(record).toMatchObject({ state: "FAILURE", resource: { cloud_service_type: "AutoScalingGroup", resource_id: ARN } });
  });

  it("embeds null for a template that no longer exists", async () => {
    const { ctx } = fakeRegion(listings({ launchTemplates: () => [] }));
    expect(dataOf((await collectAll(autoScalingGroupType.collect(ctx)))[0]!).launch_template).toBeNull();
  });

  it("lets a failed region-wide listing throw and fails one group on a failed lifecycle-hook call", async () => {
    const failing = fakeRegion(
      listings({
        targetGroups: () => {
          throw new Error("elb denied");
        },
      }),
    );
    await expect(collectAll(autoScalingGroupType.collect(failing.ctx))).rejects.toThrow("elb denied");

    const second = { ...group, AutoScalingGroupName: "second", AutoScalingGroupARN: "arn:second" };
    const hooks = fakeRegion(
      listings({
        autoScalingGroups: () => [group, second],
        lifecycleHooks: (name) => {
          if (name === "second") throw new Error("hooks failed");
          return [];
        },
      }),
    );
    const records = await collectAll(autoScalingGroupType.collect(hooks.ctx));
    expect(records.map((r) => r.state)).toEqual(["SUCCESS", "FAILURE"]);
    expect(records[1]!.resource).toMatchObject({ cloud_service_type: "AutoScalingGroup", resource_id: "arn:second" });
  });

  it("makes no further call when the region has no group", async () => {
    const { ctx, calls } = fakeRegion({ autoScalingGroups: () => [] });
    expect(await collectAll(autoScalingGroupType.collect(ctx))).toEqual([]);
    expect([...calls.keys()]).toEqual(["autoScalingGroups"]);
  });
});
