import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { record, writeRecording, type Recording } from "../../src/fixture-tools/recorder.js";
import { USER_DATA_PLACEHOLDER, redactRecording } from "../../src/fixture-tools/redact.js";
import { DEMO_KEYS, startReplay, type RunningReplay } from "./harness.js";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-2"];
const fast = { retryStrategy: new ConfiguredRetryStrategy(3, () => 1) };

let demo: RunningReplay;
let copy: RunningReplay;
let tmp: string;
let original: Recording;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "replay-record-"));
  demo = await startReplay();
  original = await record({
    accounts: [{ credentials: DEMO_KEYS.account1 }, { credentials: DEMO_KEYS.account2 }],
    regions: REGIONS,
    endpoint: demo.endpoint("demo"),
    clientConfig: fast,
  });
  writeRecording(original, join(tmp, "recorded"), "recorded", "demo recorded through the replay");
  copy = await startReplay({ fixturesDir: tmp });
});
afterAll(async () => {
  await demo?.close();
  await copy?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("recorder", () => {
  it("records every account and region with its resources", () => {
    expect(original.accounts.map((a) => a.accountId)).toEqual(["111111111111", "222222222222"]);
    expect(original.accounts[0]!.disabledRegions).toEqual(["af-south-1"]);
    expect([...original.regions.keys()]).toHaveLength(6);
    const main = original.regions.get("111111111111/us-east-1")!;
    expect((main.instances as unknown[]).length).toBe(6);
    expect(Object.keys(main.targetHealth as object)).toHaveLength(2);
    expect((main.securityGroupRules as unknown[]).length).toBeGreaterThan(10);
  });

  it("record → replay → record gives identical responses for every call", async () => {
    const again = await record({
      accounts: [
        { credentials: { accessKeyId: "AKIARECORDED00000001", secretAccessKey: "recorded-secret-1" } },
        { credentials: { accessKeyId: "AKIARECORDED00000002", secretAccessKey: "recorded-secret-2" } },
      ],
      regions: REGIONS,
      endpoint: copy.endpoint("recorded"),
      clientConfig: fast,
    });
    expect(again.accounts).toEqual(original.accounts);
    expect([...again.regions.keys()]).toEqual([...original.regions.keys()]);
    for (const [key, resources] of original.regions) expect(again.regions.get(key), key).toEqual(resources);
  });

  it("redaction replaces account ids, public IPs and names consistently", () => {
    const redacted = redactRecording(original);
    expect(redacted.accounts.map((a) => a.accountId)).toEqual(["900000000001", "900000000002"]);
    const text = JSON.stringify([...redacted.regions.values()]);
    for (const secret of ["111111111111", "222222222222", "203.0.113.10", "ec2-203-0-113-10", "demo-web-1", "demo-web-asg", "demo-web-alb", "2600:1f18"]) {
      expect(text, secret).not.toContain(secret);
    }
    const main = redacted.regions.get("900000000001/us-east-1")!;
    const instances = (main.instances as Array<{ Instances: Array<Record<string, unknown>> }>).flatMap((r) => r.Instances);
    const web1 = instances[0]!;
    // The same IP and the same names map to the same pseudonyms everywhere.
    const eip = (main.addresses as Array<Record<string, unknown>>).find((a) => a.InstanceId === web1.InstanceId)!;
    expect(eip.PublicIp).toBe(web1.PublicIpAddress);
    expect(web1.PublicDnsName).toBe(`ec2-${String(web1.PublicIpAddress).replace(/\./g, "-")}.compute-1.amazonaws.com`);
    const group = (main.autoScalingGroups as Array<Record<string, unknown>>)[0]!;
    expect(String(group.AutoScalingGroupARN)).toContain(`autoScalingGroupName/${String(group.AutoScalingGroupName)}`);
    expect((web1.Tags as Array<{ Key: string; Value: string }>).find((t) => t.Key === "aws:autoscaling:groupName")!.Value).toBe(group.AutoScalingGroupName);
    expect(Object.keys(main.targetHealth as object)).toEqual((main.targetGroups as Array<{ TargetGroupArn: string }>).map((t) => t.TargetGroupArn));
    // Private addresses stay: they identify nothing.
    expect(web1.PrivateIpAddress).toBe("10.0.1.10");
  });

  it("redaction replaces user data, where secrets often live", () => {
    const userData = (recording: Recording, account: string) =>
      ((recording.regions.get(`${account}/us-east-1`)!.launchTemplateVersions ?? []) as Array<{ LaunchTemplateData?: { UserData?: string } }>)
        .map((v) => v.LaunchTemplateData?.UserData)
        .filter((u): u is string => u !== undefined && u !== "");
    const before = userData(original, "111111111111");
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((u) => u !== USER_DATA_PLACEHOLDER)).toBe(true);
    const after = userData(redactRecording(original), "900000000001");
    expect(after).toEqual(before.map(() => USER_DATA_PLACEHOLDER));
    expect(JSON.stringify([...redactRecording(original).regions.values()])).not.toContain(before[0]);
  });

  it("optionally redacts every tag value but AWS's own", () => {
    const text = JSON.stringify([...redactRecording(original, { allTagValues: true }).regions.values()]);
    for (const secret of ["Zoë Ångström", "웹 서버", "production"]) expect(text, secret).not.toContain(secret);
    const main = redactRecording(original, { allTagValues: true }).regions.get("900000000001/us-east-1")!;
    const web1 = (main.instances as Array<{ Instances: Array<{ Tags: Array<{ Key: string; Value: string }> }> }>)[0]!.Instances[0]!;
    const group = (main.autoScalingGroups as Array<{ AutoScalingGroupName: string }>)[0]!;
    expect(web1.Tags.find((t) => t.Key === "aws:autoscaling:groupName")!.Value).toBe(group.AutoScalingGroupName);
  });

  it("a denied SSM listing or per-item call is left out with a warning, not fatal", async () => {
    const put = (config: unknown) => fetch(`${demo.baseUrl}/replay/demo/_faults`, { method: "PUT", body: JSON.stringify(config) });
    await put({
      rules: [
        { effect: "deny", api: "ssm:*" },
        { effect: "deny", api: "ec2:DescribeVolumeAttribute", count: 1 },
      ],
    });
    try {
      const partial = await record({
        accounts: [{ credentials: DEMO_KEYS.account1 }],
        regions: ["us-east-1"],
        endpoint: demo.endpoint("demo"),
        clientConfig: fast,
      });
      const region = partial.regions.get("111111111111/us-east-1")!;
      expect(region.instanceInformation).toEqual([]);
      expect((region.volumeAttributes as unknown[]).length).toBe((region.volumes as unknown[]).length - 1);
      expect(partial.warnings).toHaveLength(2);
      expect(partial.warnings[0]).toMatch(/^111111111111\/us-east-1: DescribeVolumeAttribute vol-\w+: UnauthorizedOperation/);
      expect(partial.warnings[1]).toMatch(/DescribeInstanceInformation: AccessDeniedException/);
    } finally {
      await fetch(`${demo.baseUrl}/replay/demo/_faults`, { method: "DELETE" });
    }
  });

  it("writes a set that loads as a fixture set", () => {
    const set: unknown = JSON.parse(readFileSync(join(tmp, "recorded", "set.json"), "utf8"));
    expect(set).toMatchObject({ formatVersion: 1, name: "recorded" });
  });
});
