/** The parameters the collector sends to each service, and AWS's error shapes for what the replay does not serve. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeLaunchConfigurationsCommand,
  DescribeLifecycleHooksCommand,
  DescribePoliciesCommand,
} from "@aws-sdk/client-auto-scaling";
import {
  DescribeImageAttributeCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstanceTypesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSnapshotsCommand,
  DescribeVolumeAttributeCommand,
  DescribeAddressesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeListeners,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeInstanceInformationCommand, GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { clientConfig, startReplay, type RunningReplay } from "./harness.js";

let replay: RunningReplay;
let ec2: EC2Client;
let asg: AutoScalingClient;
let elb: ElasticLoadBalancingV2Client;
let ssm: SSMClient;

beforeAll(async () => {
  replay = await startReplay();
  const config = clientConfig(replay.endpoint("demo"), "us-east-1", undefined, 2);
  ec2 = new EC2Client(config);
  asg = new AutoScalingClient(config);
  elb = new ElasticLoadBalancingV2Client(config);
  ssm = new SSMClient(config);
});
afterAll(async () => {
  for (const c of [ec2, asg, elb, ssm]) c.destroy();
  await replay.close();
});

const LB = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/demo-web-alb/50dc6c495c0c9188";
const TG_IP = "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/demo-windows-ip/9683b2d02a6cabee";

describe("EC2 per-item and filtered calls", () => {
  it("attributes: launch permissions, termination protection, volume product codes", async () => {
    const image = await ec2.send(new DescribeImageAttributeCommand({ ImageId: "ami-00000000000000003", Attribute: "launchPermission" }));
    expect(image.LaunchPermissions).toEqual([{ UserId: "222222222222" }]);
    await expect(ec2.send(new DescribeImageAttributeCommand({ ImageId: "ami-00000000000000001", Attribute: "launchPermission" }))).rejects.toMatchObject({
      name: "InvalidAMIID.NotFound",
    });
    const protectedInstance = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: "i-00000000000000001", Attribute: "disableApiTermination" }));
    expect(protectedInstance.DisableApiTermination).toEqual({ Value: true });
    const plain = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: "i-00000000000000002", Attribute: "disableApiTermination" }));
    expect(plain.DisableApiTermination).toEqual({ Value: false });
    const volume = await ec2.send(new DescribeVolumeAttributeCommand({ VolumeId: "vol-00000000000000006", Attribute: "productCodes" }));
    expect(volume.ProductCodes).toEqual([{ ProductCodeId: "8fjdlqurv7clzevcywc1bmhk4", ProductCodeType: "marketplace" }]);
  });

  it("owners, ids and filters the collector sends", async () => {
    const snapshots = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ["self"], MaxResults: 1000 }));
    expect(snapshots.Snapshots).toHaveLength(4);
    const types = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: ["t3.medium", "m5.large"] }));
    expect(types.InstanceTypes!.map((t) => [t.InstanceType, t.VCpuInfo!.DefaultVCpus, t.MemoryInfo!.SizeInMiB])).toEqual([
      ["t3.medium", 2, 4096],
      ["m5.large", 2, 8192],
    ]);
    const enis = await ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: "network-interface-id", Values: ["eni-00000000000000001", "eni-00000000000000008"] }] }),
    );
    expect(enis.NetworkInterfaces!.map((e) => e.Association?.PublicDnsName)).toEqual([
      "ec2-203-0-113-10.compute-1.amazonaws.com",
      "ec2-203-0-113-100.compute-1.amazonaws.com",
    ]);
    const addresses = await ec2.send(new DescribeAddressesCommand({}));
    expect(addresses.Addresses!.filter((a) => !a.AssociationId).map((a) => a.PublicIp)).toEqual(["203.0.113.200"]);
    const rules = await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: ["sg-00000000000000001"] }] }));
    expect(rules.SecurityGroupRules!.map((r) => [r.IsEgress, r.CidrIpv4 ?? r.CidrIpv6, r.FromPort])).toEqual([
      [false, "0.0.0.0/0", 80],
      [false, "::/0", 80],
      [false, "0.0.0.0/0", 443],
      [false, "::/0", 443],
      [true, "0.0.0.0/0", -1],
      [true, "::/0", -1],
    ]);
    expect(rules.SecurityGroupRules![0]!.SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);
    // Derived rule ids are part of the collector's golden outputs: they must never change.
    const golden = readFileSync(new URL("../golden/demo/111111111111/us-east-1.jsonl", import.meta.url), "utf8");
    for (const rule of rules.SecurityGroupRules!) expect(golden).toContain(`"rule_id":"${rule.SecurityGroupRuleId}"`);
  });

  it("launch template versions: per template, and account-wide $Latest", async () => {
    const perTemplate = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: "lt-00000000000000001" }));
    expect(perTemplate.LaunchTemplateVersions!.map((v) => v.VersionNumber)).toEqual([2, 1]);
    const latest = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ Versions: ["$Latest"] }));
    expect(latest.LaunchTemplateVersions!.map((v) => [v.LaunchTemplateName, v.VersionNumber])).toEqual([
      ["demo-web-template", 2],
      ["demo-batch-spot-template", 1],
    ]);
    await expect(ec2.send(new DescribeLaunchTemplateVersionsCommand({}))).rejects.toMatchObject({ name: "MissingParameter" });
  });

  it("DryRun answers DryRunOperation", async () => {
    await expect(ec2.send(new DescribeInstancesCommand({ DryRun: true }))).rejects.toMatchObject({
      name: "DryRunOperation",
      $metadata: { httpStatusCode: 412 },
    });
  });
});

describe("Auto Scaling, ELBv2 and SSM", () => {
  it("Auto Scaling: groups, region-wide policies, hooks per group", async () => {
    const groups = await asg.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 100 }));
    expect(groups.AutoScalingGroups!.map((g) => [g.AutoScalingGroupName, g.Instances!.length])).toEqual([
      ["demo-web-asg", 2],
      ["demo-legacy-asg", 0],
    ]);
    expect((await asg.send(new DescribePoliciesCommand({}))).ScalingPolicies![0]!.TargetTrackingConfiguration!.TargetValue).toBe(50);
    expect((await asg.send(new DescribePoliciesCommand({ AutoScalingGroupName: "demo-legacy-asg" }))).ScalingPolicies).toEqual([]);
    const named = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["demo-legacy-asg", "no-such-group"] }));
    expect(named.AutoScalingGroups!.map((g) => g.AutoScalingGroupName)).toEqual(["demo-legacy-asg"]);
    const configs = await asg.send(new DescribeLaunchConfigurationsCommand({ MaxRecords: 1 }));
    expect([configs.LaunchConfigurations!.map((c) => c.LaunchConfigurationName), configs.NextToken]).toEqual([["demo-legacy-lc"], undefined]);
    expect((await asg.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: "demo-web-asg" }))).LifecycleHooks).toHaveLength(1);
    await expect(asg.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: "nope" }))).rejects.toMatchObject({ name: "ValidationError" });
    await expect(asg.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 101 }))).rejects.toMatchObject({ name: "ValidationError" });
  });

  it("ELBv2: listeners per load balancer, target health with instance and ip targets", async () => {
    const lbs = await elb.send(new DescribeLoadBalancersCommand({ Names: ["demo-web-alb"] }));
    expect(lbs.LoadBalancers![0]!.DNSName).toBe("demo-web-alb-1234567890.us-east-1.elb.amazonaws.com");
    await expect(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [LB, `${LB}0`] }))).rejects.toMatchObject({
      name: "LoadBalancerNotFoundException",
    });
    const groups = await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [TG_IP], LoadBalancerArn: LB }));
    expect(groups.TargetGroups!.map((g) => g.TargetType)).toEqual(["ip"]);
    const listeners = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: LB }));
    expect(listeners.Listeners!.map((l) => [l.Protocol, l.Port])).toEqual([
      ["HTTP", 80],
      ["HTTPS", 443],
    ]);
    const pages = [];
    for await (const page of paginateDescribeListeners({ client: elb }, { LoadBalancerArn: LB, PageSize: 1 })) pages.push(page.Listeners!.map((l) => l.Port));
    expect(pages).toEqual([[80], [443]]);
    const instanceTargets = await elb.send(
      new DescribeTargetHealthCommand({
        TargetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/demo-web-instances/73e2d6bc24d8a067",
      }),
    );
    expect(instanceTargets.TargetHealthDescriptions!.map((d) => [d.Target!.Id, d.TargetHealth!.State])).toEqual([
      ["i-00000000000000001", "healthy"],
      ["i-00000000000000002", "unhealthy"],
    ]);
    const ipTargets = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/demo-windows-ip/9683b2d02a6cabee" }),
    );
    expect(ipTargets.TargetHealthDescriptions![0]!.Target).toEqual({ Id: "10.0.2.30", Port: 443, AvailabilityZone: "us-east-1b" });
    await expect(elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: `${LB}x` }))).rejects.toMatchObject({ name: "TargetGroupNotFoundException" });
  });

  it("SSM: DescribeInstanceInformation with the InstanceIds filter", async () => {
    const out = await ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: "InstanceIds", Values: ["i-00000000000000003", "i-00000000000000005"] }], MaxResults: 50 }),
    );
    expect(out.InstanceInformationList!.map((i) => [i.InstanceId, i.PlatformType])).toEqual([["i-00000000000000003", "Windows"]]);
    expect(out.InstanceInformationList![0]!.LastPingDateTime).toEqual(new Date("2024-11-27T23:57:30.000Z"));
    await expect(ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 51 }))).rejects.toMatchObject({ name: "ValidationException" });
  });
});

describe("what the replay does not serve gets AWS's error shape, never a fake success", () => {
  it("unknown or unimplemented actions", async () => {
    await expect(ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: "ami-00000000000000001" }))).rejects.toMatchObject({
      name: "InvalidAction",
      $metadata: { httpStatusCode: 400, requestId: expect.any(String) as string },
    });
    await expect(elb.send(new DescribeTagsCommand({ ResourceArns: [LB] }))).rejects.toMatchObject({ name: "InvalidAction" });
    await expect(ssm.send(new GetParameterCommand({ Name: "x" }))).rejects.toMatchObject({ name: "UnknownOperationException" });
    const res = await fetch(`${replay.endpoint("demo")}/`, { method: "POST", body: "Action=DescribeInstances&Version=2016-11-15" });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.text()).toContain("<Code>MissingAuthenticationToken</Code>");
  });

  it("parameters the replay does not implement are refused, not ignored", async () => {
    await expect(ec2.send(new DescribeSnapshotsCommand({ RestorableByUserIds: ["123456789012"] }))).rejects.toMatchObject({
      name: "UnsupportedOperation",
      message: "The replay does not support parameter RestorableByUserIds of DescribeSnapshots",
    });
  });
});
