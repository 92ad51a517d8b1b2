import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { clientConfig, DEMO_KEYS, startReplay, type RunningReplay } from "./harness.js";

let replay: RunningReplay;
let ec2: EC2Client;

beforeAll(async () => {
  replay = await startReplay();
  ec2 = new EC2Client(clientConfig(replay.endpoint("demo")));
});
afterAll(async () => {
  ec2.destroy();
  await replay.close();
});

const ACTIVE = ["pending", "running", "shutting-down", "stopping", "stopped"];

describe("EC2 against the demo set", () => {
  it("DescribeInstances with the collector's state filter skips terminated instances", async () => {
    const out = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "instance-state-name", Values: ACTIVE }], MaxResults: 1000 }));
    const instances = out.Reservations!.flatMap((r) => r.Instances!);
    expect(instances.map((i) => i.Tags?.find((t) => t.Key === "Name")?.Value)).toEqual([
      "demo-web-1",
      "demo-web-2",
      "demo-windows-ad",
      "demo-batch-spot",
      "demo-legacy-stopped",
      "demo-worker-pending",
    ]);
    const web1 = instances[0]!;
    expect(web1.State).toEqual({ Code: 16, Name: "running" });
    expect(web1.LaunchTime).toEqual(new Date("2024-11-03T08:15:00.000Z"));
    expect(web1.NetworkInterfaces).toHaveLength(2);
    expect(web1.NetworkInterfaces![0]!.Ipv6Addresses![0]!.Ipv6Address).toBe("2600:1f18:1234:5601::10");
    expect(web1.Tags).toContainEqual({ Key: "Owner", Value: "Zoë Ångström / 山田太郎" });
    expect(web1.PublicIpAddress).toBe("203.0.113.10");
    expect(instances.find((i) => String(i.Platform) === "windows")?.InstanceType).toBe("m5.large");
    expect(instances.find((i) => i.InstanceLifecycle === "spot")?.SpotInstanceRequestId).toBe("sir-demo0001");
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("InstanceIds select instances and unknown ids fail as in AWS", async () => {
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-00000000000000003"] }));
    expect(out.Reservations![0]!.Instances![0]!.Platform).toBe("windows");
    await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0ffffffffffffffff"] }))).rejects.toMatchObject({
      name: "InvalidInstanceID.NotFound",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-00000000000000003"], MaxResults: 5 }))).rejects.toMatchObject({
      name: "InvalidParameterCombination",
    });
  });

  it("serves volumes, security groups, VPCs, subnets and images with their filters", async () => {
    const volumes = await ec2.send(new DescribeVolumesCommand({ MaxResults: 1000 }));
    expect(volumes.Volumes!.find((v) => v.State === "available")?.Attachments).toEqual([]);
    const sgs = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ["sg-00000000000000002"] }));
    const app = sgs.SecurityGroups![0]!;
    expect(app.IpPermissions![0]!.UserIdGroupPairs![0]).toEqual({ GroupId: "sg-00000000000000001", UserId: "111111111111", Description: "from web tier" });
    expect(app.IpPermissions![1]!.PrefixListIds![0]!.PrefixListId).toBe("pl-0a1b2c3d4e5f60001");
    const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }));
    expect(vpcs.Vpcs!.map((v) => v.CidrBlock)).toEqual(["172.31.0.0/16"]);
    const subnets = await ec2.send(new DescribeSubnetsCommand({}));
    expect(subnets.Subnets).toHaveLength(3);
    const own = await ec2.send(new DescribeImagesCommand({ Owners: ["self"], MaxResults: 1000 }));
    expect(own.Images!.map((i) => i.Name)).toEqual(["demo-web-golden-2024-11", "demo-web-golden-2023-01"]);
    const byFilter = await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: "image-id", Values: ["ami-00000000000000005", "ami-00000000000000002"] }] }));
    expect(byFilter.Images!.map((i) => i.Platform)).toEqual(["windows"]);
    await expect(ec2.send(new DescribeImagesCommand({ ImageIds: ["ami-00000000000000005"] }))).rejects.toMatchObject({ name: "InvalidAMIID.NotFound" });
  });

  it("rejects a filter it does not implement instead of ignoring it", async () => {
    await expect(ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "hibernation-options.configured", Values: ["true"] }] }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "The filter 'hibernation-options.configured' is invalid",
    });
  });

  it("DescribeRegions lists enabled regions, and the opt-in region only with AllRegions", async () => {
    const enabled = await ec2.send(new DescribeRegionsCommand({}));
    expect(enabled.Regions!.map((r) => r.RegionName)).toEqual(["ap-northeast-2", "eu-west-1", "us-east-1"]);
    const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions!.find((r) => r.RegionName === "af-south-1")?.OptInStatus).toBe("not-opted-in");
  });

  it("a region the account has not enabled answers OptInRequired, not retried", async () => {
    const client = new EC2Client(clientConfig(replay.endpoint("demo"), "af-south-1"));
    await expect(client.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
      name: "OptInRequired",
      $metadata: { httpStatusCode: 401, attempts: 1 },
    });
    client.destroy();
  });

  it("unknown keys and wrong secrets fail authentication", async () => {
    const unknown = new EC2Client(clientConfig(replay.endpoint("demo"), "us-east-1", { accessKeyId: "AKIANOTAKEY000000000", secretAccessKey: "x" }));
    await expect(unknown.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: "AuthFailure" });
    const wrongSecret = new EC2Client(clientConfig(replay.endpoint("demo"), "us-east-1", { ...DEMO_KEYS.account1, secretAccessKey: "wrong" }));
    await expect(wrongSecret.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
    unknown.destroy();
    wrongSecret.destroy();
  });

  it("AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> reach the replay without any endpoint option", async () => {
    const saved = { all: process.env.AWS_ENDPOINT_URL, ec2: process.env.AWS_ENDPOINT_URL_EC2 };
    process.env.AWS_ENDPOINT_URL = replay.endpoint("demo");
    process.env.AWS_ENDPOINT_URL_EC2 = replay.endpoint("demo", "slow");
    try {
      const { endpoint: _unused, ...withoutEndpoint } = clientConfig(replay.endpoint("demo"));
      const sts = new STSClient(withoutEndpoint);
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe("111111111111");
      sts.destroy();
      const client = new EC2Client(withoutEndpoint);
      const started = performance.now();
      expect((await client.send(new DescribeVpcsCommand({}))).Vpcs).toHaveLength(2);
      // The per-service variable wins: its path selects the demo's "slow" profile (+200 ms).
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      client.destroy();
    } finally {
      for (const [key, value] of [
        ["AWS_ENDPOINT_URL", saved.all],
        ["AWS_ENDPOINT_URL_EC2", saved.ec2],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it("STS GetCallerIdentity names the account of the keys", async () => {
    const sts = new STSClient(clientConfig(replay.endpoint("demo")));
    const id = await sts.send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Account: "111111111111", Arn: "arn:aws:iam::111111111111:user/cloudforet-demo" });
    sts.destroy();
  });
});
