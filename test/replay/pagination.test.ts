/**
 * Real pagination: the SDK's own paginators with small pages walk a generated
 * set and must see every item exactly once, for every paginated call.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AutoScalingClient,
  paginateDescribeAutoScalingGroups,
  paginateDescribeNotificationConfigurations,
  paginateDescribePolicies,
  paginateDescribeScheduledActions,
} from "@aws-sdk/client-auto-scaling";
import {
  DescribeInstancesCommand,
  EC2Client,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeInstanceTypes,
  paginateDescribeLaunchTemplates,
  paginateDescribeLaunchTemplateVersions,
  paginateDescribeNatGateways,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
  paginateDescribeSubnets,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
} from "@aws-sdk/client-ec2";
import { ElasticLoadBalancingV2Client, paginateDescribeTargetGroups, DescribeTargetGroupsCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { paginateDescribeInstanceInformation, SSMClient } from "@aws-sdk/client-ssm";
import { generateFixtureSet } from "../../src/fixture-tools/generator.js";
import { toFixtureValue } from "../../src/fixture-tools/recorder.js";
import { FixtureStore, type RegionFixtures } from "../../src/replay/fixture-store.js";
import type { ResourceKind } from "../../src/replay/fixture-format.js";
import { clientConfig, startReplay, type RunningReplay } from "./harness.js";

let tmp: string;
let replay: RunningReplay;
let fixtures: RegionFixtures;
let config: ReturnType<typeof clientConfig>;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "replay-pages-"));
  const definition = generateFixtureSet({ outDir: join(tmp, "pages"), name: "pages", instances: 600, regions: 2, seed: 5 });
  const account = definition.accounts[0]!;
  fixtures = new FixtureStore(tmp).get("pages")!.region(account.accountId, "us-east-2");
  replay = await startReplay({ fixturesDir: tmp });
  config = clientConfig(replay.endpoint("pages"), "us-east-2", account.users[0]);
});
afterAll(async () => {
  await replay.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function walk<P>(pages: AsyncIterable<P>, key: keyof P): Promise<{ items: Array<Record<string, unknown>>; pages: number }> {
  const items: Array<Record<string, unknown>> = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    items.push(...((toFixtureValue(page[key]) as Array<Record<string, unknown>> | undefined) ?? []));
  }
  return { items, pages: count };
}

function expectExactlyOnce(items: Array<Record<string, unknown>>, kind: ResourceKind, id: string, pageSize: number, pages: number) {
  const expected = fixtures.list(kind).map((i) => i[id]);
  expect(expected.length, `${kind} fixture size`).toBeGreaterThan(pageSize);
  expect(items.map((i) => i[id])).toEqual(expected);
  expect(new Set(items.map((i) => i[id])).size).toBe(items.length);
  expect(pages).toBe(Math.ceil(expected.length / pageSize));
}

describe("pagination over a generated set", () => {
  it("paginateDescribeInstances with page size 7 sees every instance exactly once", async () => {
    const ec2 = new EC2Client(config);
    const { items, pages } = await walk(paginateDescribeInstances({ client: ec2, pageSize: 7, stopOnSameToken: true }, {}), "Reservations");
    const instances = items.flatMap((r) => r.Instances as Array<Record<string, unknown>>);
    const expected = fixtures.list("instances").flatMap((r) => (r.Instances as Array<Record<string, unknown>>).map((i) => i.InstanceId));
    expect(expected.length).toBe(300);
    expect(instances.map((i) => i.InstanceId)).toEqual(expected);
    expect(pages).toBe(Math.ceil(300 / 7));
    ec2.destroy();
  });

  it("EC2 listings page through every item once", async () => {
    const ec2 = new EC2Client(config);
    const p = (pageSize: number) => ({ client: ec2, pageSize, stopOnSameToken: true });
    const cases: Array<[ResourceKind, string, number, () => AsyncIterable<Record<string, unknown>>, string]> = [
      ["volumes", "VolumeId", 9, () => paginateDescribeVolumes(p(9), {}) as never, "Volumes"],
      ["securityGroups", "GroupId", 5, () => paginateDescribeSecurityGroups(p(5), {}) as never, "SecurityGroups"],
      ["subnets", "SubnetId", 5, () => paginateDescribeSubnets(p(5), {}) as never, "Subnets"],
      ["snapshots", "SnapshotId", 5, () => paginateDescribeSnapshots(p(5), { OwnerIds: ["self"] }) as never, "Snapshots"],
      [
        "launchTemplateVersions",
        "VersionNumber",
        1,
        () => paginateDescribeLaunchTemplateVersions(p(1), { LaunchTemplateId: fixtures.list("launchTemplates")[0]!.LaunchTemplateId as string }) as never,
        "LaunchTemplateVersions",
      ],
    ];
    for (const [kind, id, size, pages, key] of cases) {
      const walked = await walk(pages(), key);
      if (kind === "launchTemplateVersions") {
        const template = fixtures.list("launchTemplates")[0]!;
        expect(walked.items.map((v) => v.VersionNumber)).toEqual(
          fixtures
            .list(kind)
            .filter((v) => v.LaunchTemplateId === template.LaunchTemplateId)
            .map((v) => v.VersionNumber),
        );
      } else {
        expectExactlyOnce(walked.items, kind, id, size, walked.pages);
      }
    }
    const rules = await walk(paginateDescribeSecurityGroupRules(p(5), {}), "SecurityGroupRules");
    expect(rules.items.length).toBeGreaterThan(5);
    expect(new Set(rules.items.map((r) => r.SecurityGroupRuleId)).size).toBe(rules.items.length);
    for (const [pages, key, kind] of [
      [paginateDescribeVpcs(p(5), {}), "Vpcs", "vpcs"],
      [paginateDescribeImages(p(5), {}), "Images", "images"],
      [paginateDescribeNetworkInterfaces(p(5), {}), "NetworkInterfaces", "networkInterfaces"],
      [paginateDescribeNatGateways(p(5), {}), "NatGateways", "natGateways"],
      [paginateDescribeInstanceTypes(p(5), {}), "InstanceTypes", "instanceTypes"],
      [paginateDescribeLaunchTemplates(p(1), {}), "LaunchTemplates", "launchTemplates"],
    ] as const) {
      const walked = await walk(pages as AsyncIterable<Record<string, unknown>>, key);
      expect(walked.items, kind).toEqual(fixtures.list(kind));
    }
    ec2.destroy();
  });

  it("Auto Scaling, ELBv2 and SSM listings page through every item once", async () => {
    const asg = new AutoScalingClient(config);
    const groups = await walk(paginateDescribeAutoScalingGroups({ client: asg, pageSize: 2 }, {}), "AutoScalingGroups");
    expectExactlyOnce(groups.items, "autoScalingGroups", "AutoScalingGroupName", 2, groups.pages);
    for (const [pages, key, kind] of [
      [paginateDescribePolicies({ client: asg, pageSize: 1 }, {}), "ScalingPolicies", "policies"],
      [paginateDescribeScheduledActions({ client: asg, pageSize: 1 }, {}), "ScheduledUpdateGroupActions", "scheduledActions"],
      [paginateDescribeNotificationConfigurations({ client: asg, pageSize: 1 }, {}), "NotificationConfigurations", "notificationConfigurations"],
    ] as const) {
      const walked = await walk(pages as AsyncIterable<Record<string, unknown>>, key);
      expect(walked.items.length, kind).toBe(fixtures.list(kind).length);
    }
    asg.destroy();
    const elb = new ElasticLoadBalancingV2Client(config);
    const tgs = await walk(paginateDescribeTargetGroups({ client: elb }, { PageSize: 1 }), "TargetGroups");
    expectExactlyOnce(tgs.items, "targetGroups", "TargetGroupArn", 1, tgs.pages);
    await expect(elb.send(new DescribeTargetGroupsCommand({ PageSize: 401 }))).rejects.toMatchObject({ name: "ValidationError" });
    elb.destroy();
    const ssm = new SSMClient(config);
    const info = await walk(paginateDescribeInstanceInformation({ client: ssm, pageSize: 5 }, {}), "InstanceInformationList");
    expectExactlyOnce(info.items, "instanceInformation", "InstanceId", 5, info.pages);
    expect(info.items[0]!.LastPingDateTime).toBe(fixtures.list("instanceInformation")[0]!.LastPingDateTime);
    ssm.destroy();
  });

  it("AWS's limits: MaxResults out of range, and tokens from another call, are rejected", async () => {
    const ec2 = new EC2Client(config);
    await expect(ec2.send(new DescribeInstancesCommand({ MaxResults: 1001 }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Value ( 1001 ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.",
    });
    await expect(ec2.send(new DescribeInstancesCommand({ MaxResults: 4 }))).rejects.toMatchObject({ name: "InvalidParameterValue" });
    const first = await ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    expect(first.NextToken).toBeTruthy();
    await expect(ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: "bm90LWEtdG9rZW4" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
    });
    // The same token with different filters is a different call.
    await expect(
      ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: first.NextToken, Filters: [{ Name: "instance-state-name", Values: ["running"] }] })),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" });
    ec2.destroy();
  });
});
