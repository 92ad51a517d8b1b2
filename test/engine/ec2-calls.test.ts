/**
 * What one region's full collect costs in AWS calls, and how one type's API failure
 * stays contained: the real server and engine against the replay's demo set, counting
 * on the replay side what actually arrived.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/common/json.js";
import { FIXTURES_DIR } from "../replay/harness.js";
import { collectRegion, dataOf, ofType, replayStats, resetReplayStats, startCollecting, type Collecting, type WireRecord } from "./harness.js";
import { collectedInstances, fixtureItems, listingCalls, pages } from "./expected-calls.js";

const ACCOUNT = "111111111111";
const REGION = "us-east-1";

const items = fixtureItems(`${FIXTURES_DIR}/demo/${ACCOUNT}/${REGION}`);
const ownedImages = () => items("images.json", "Images").filter((i) => i.OwnerId === ACCOUNT);

/** Every call one us-east-1 collect should make: region-wide listings once per page, per-item calls once per item. */
function expectedCalls(): Record<string, number> {
  const instances = collectedInstances(items);
  const groups = items("security-groups.json", "SecurityGroups");
  const rules = groups.reduce((n, g) => n + [...(g.IpPermissions as JsonObject[]), ...(g.IpPermissionsEgress as JsonObject[])].length, 0);
  return {
    ...listingCalls(items, ACCOUNT),
    // two listings: the account's own images (AMI) and the instances' images by id (Instance)
    "ec2:DescribeImages": pages(ownedImages().length, 1000) + 1,
    "ec2:DescribeInstanceTypes": pages(new Set(instances.map((i) => i.InstanceType)).size, 100),
    "ec2:DescribeSecurityGroupRules": pages(rules, 1000),
    "ec2:DescribeVpcs": pages(items("vpcs.json", "Vpcs").length, 1000),
    "ec2:DescribeSubnets": pages(items("subnets.json", "Subnets").length, 1000),
    "ec2:DescribeNetworkInterfaces": 1,
    "autoscaling:DescribeLaunchConfigurations": pages(items("launch-configurations.json", "LaunchConfigurations").length, 100),
    "ssm:DescribeInstanceInformation": pages(instances.length, 50),
    "sts:GetCallerIdentity": 1,
    // per-item calls (no batch form in AWS): once per item, never repeated
    "ec2:DescribeImageAttribute": ownedImages().length,
    "ec2:DescribeInstanceAttribute": instances.length,
    "ec2:DescribeVolumeAttribute": items("volumes.json", "Volumes").length,
    "ec2:DescribeLaunchTemplateVersions": items("launch-templates.json", "LaunchTemplates").length,
    "autoscaling:DescribeLifecycleHooks": items("auto-scaling-groups.json", "AutoScalingGroups").length,
    "elasticloadbalancing:DescribeListeners": items("load-balancers.json", "LoadBalancers").length,
    "elasticloadbalancing:DescribeTargetHealth": items("target-groups.json", "TargetGroups").length,
  };
}

describe("AWS calls of one region's full collect", () => {
  let plugin: Collecting;
  beforeEach(async () => {
    plugin = await startCollecting();
  });
  afterEach(async () => {
    await plugin.stop();
  });

  it("calls each region-wide listing once per page and each per-item API once per item", async () => {
    await resetReplayStats(plugin);
    const records = await collectRegion(plugin, REGION);
    expect(records.every((r) => r.state === "SUCCESS")).toBe(true);
    const { scopes } = await replayStats(plugin);
    const prefix = `${ACCOUNT}/${REGION}/`;
    // Requests, not attempts: an SDK retry of the same request (a timeout on a loaded machine) is not a second call.
    const actual = Object.fromEntries(
      Object.entries(scopes)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => [k.slice(prefix.length), v.calls - v.retries]),
    );
    const expected = Object.fromEntries(Object.entries(expectedCalls()).filter(([, n]) => n > 0));
    expect(actual).toEqual(expected);
  });
});

describe("a failure in one type's API", () => {
  let plugin: Collecting;
  let baseline: WireRecord[];
  const TYPES = ["Instance", "AMI", "LaunchTemplate", "AutoScalingGroup", "EIP", "SecurityGroup", "Volume", "Snapshot"];
  const counts = (records: WireRecord[]) => Object.fromEntries(TYPES.map((t) => [t, ofType(records, t).filter((r) => r.state === "SUCCESS").length]));

  beforeAll(async () => {
    const fresh = await startCollecting();
    try {
      baseline = await collectRegion(fresh, REGION);
    } finally {
      await fresh.stop();
    }
  });
  beforeEach(async () => {
    plugin = await startCollecting();
  });
  afterEach(async () => {
    await plugin.stop();
  });

  it.each([
    ["ec2:DescribeSnapshots", ["Snapshot"]],
    ["autoscaling:DescribePolicies", ["AutoScalingGroup"]],
    ["ec2:DescribeNatGateways", ["EIP"]],
    ["ec2:DescribeSecurityGroupRules", ["SecurityGroup"]],
    ["ec2:DescribeImages", ["Instance", "AMI"]],
    // The template listing also feeds the AutoScalingGroup embed; the instance pass feeds SecurityGroup and ASG lifecycles.
    ["ec2:DescribeLaunchTemplates", ["LaunchTemplate", "AutoScalingGroup"]],
    ["ec2:DescribeInstances", ["Instance", "AutoScalingGroup", "SecurityGroup"]],
  ] as const)(
    "a denied %s gives one ErrorResource per dependent type, naming type, region and API; every other type's records arrive",
    async (api, failedTypes) => {
      await plugin.setFaults({ rules: [{ effect: "deny", api, region: REGION }] });
      const records = await collectRegion(plugin, REGION);
      const failures = records.filter((r) => r.state === "FAILURE");
      expect(failures.map((f) => f.resource.cloud_service_type)).toEqual(failedTypes);
      for (const failure of failures) {
        expect(failure.resource_type).toBe("inventory.ErrorResource");
        expect(failure.match_rules).toEqual({});
        expect(failure.resource).toMatchObject({
          provider: "aws",
          cloud_service_group: "EC2",
          region_code: REGION,
          api,
          aws_error_code: expect.any(String) as string,
        });
        expect(failure.resource).not.toHaveProperty("resource_id");
        expect(failure.message).toMatch(new RegExp(`^ERROR_AWS_API: ${api} failed\\. \\(reason = \\w+: .*region = ${REGION}`));
      }
      const expected = counts(baseline);
      for (const t of failedTypes) expected[t] = 0;
      expect(counts(records)).toEqual(expected);
    },
  );

  it("a failed per-item call fails only its resource", async () => {
    const volumes = items("volumes.json", "Volumes");
    await plugin.setFaults({ rules: [{ effect: "deny", api: "ec2:DescribeVolumeAttribute", region: REGION, after: 2, count: 1 }] });
    const records = ofType(await collectRegion(plugin, REGION), "Volume");
    const failures = records.filter((r) => r.state === "FAILURE");
    expect(failures).toHaveLength(1);
    const failedArn = failures[0]!.resource.resource_id as string;
    // The ErrorResource names the resource as its record would (`reference.resource_id`).
    const failedId = failedArn.replace(`arn:aws:ec2:${REGION}:${ACCOUNT}:volume/`, "");
    expect(failedArn).toBe(`arn:aws:ec2:${REGION}:${ACCOUNT}:volume/${failedId}`);
    expect(volumes.map((v) => v.VolumeId)).toContain(failedId);
    expect(failures[0]!.resource).toMatchObject({ cloud_service_type: "Volume", region_code: REGION, api: "ec2:DescribeVolumeAttribute" });
    const succeeded = records.filter((r) => r.state === "SUCCESS").map((r) => dataOf(r).VolumeId);
    expect(succeeded.sort()).toEqual(
      volumes
        .map((v) => v.VolumeId as string)
        .filter((id) => id !== failedId)
        .sort(),
    );
  });

  it("denied launch permissions are logged, not an ErrorResource: launch_permissions is null", async () => {
    await plugin.setFaults({ rules: [{ effect: "deny", api: "ec2:DescribeImageAttribute", region: REGION }] });
    const records = await collectRegion(plugin, REGION);
    expect(records.filter((r) => r.state === "FAILURE")).toEqual([]);
    const amis = ofType(records, "AMI");
    expect(amis.length).toBe(ownedImages().length);
    expect(amis.every((r) => dataOf(r).launch_permissions === null)).toBe(true);
    const warnings = plugin.engineLogs.filter((l) => l.msg === "launch permissions unavailable");
    expect(warnings).toHaveLength(amis.length);
    expect(warnings[0]).toMatchObject({
      level: "warn",
      region: REGION,
      err: { code: "UnauthorizedOperation", message: expect.stringContaining("request_id = ") as string },
    });
  });
});
