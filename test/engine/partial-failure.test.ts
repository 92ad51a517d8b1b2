/**
 * Partial failure is never silent, and never loses what was collected: a region
 * that denies everything and an opt-in region that is not enabled each give one
 * ErrorResource with context, a single denied API gives one ErrorResource for its
 * type, and the other regions' resources all arrive. Rejected credentials end the
 * stream with an error, also on the path without task_options.
 */
import { readFileSync } from "node:fs";
import { ConnectError } from "@connectrpc/connect";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ResourceInfo } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { DEMO_SECRET, collectAll, instanceDataOf, regionTask, startCollecting, type Collecting } from "./harness.js";

let c: Collecting;

beforeAll(async () => {
  c = await startCollecting();
});
afterAll(async () => {
  await c.stop();
});
afterEach(() => c.clearFaults());

const setFaults = (rules: unknown[]) => c.setFaults({ rules });

/** Resource ids of the committed golden output of one region of account 111111111111. */
function goldenIds(region: string): string[] {
  return readFileSync(new URL(`../golden/demo/111111111111/${region}.jsonl`, import.meta.url), "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { resource: { reference: { resource_id: string } } }).resource.reference.resource_id)
    .sort();
}

const idsOf = (records: ResourceInfo[], region: string) =>
  records
    .filter((r) => r.resourceType === "inventory.CloudService" && r.resource?.region_code === region)
    .map((r) => (r.resource!.reference as { resource_id: string }).resource_id)
    .sort();

const errorsOf = (records: ResourceInfo[]) => records.filter((r) => r.resourceType === "inventory.ErrorResource");

describe("partial failure", () => {
  it("a region that denies every call and an opt-in region that is not enabled: one ErrorResource each, every other resource arrives", async () => {
    await setFaults([{ effect: "deny", account: "111111111111", region: "eu-west-1" }]);
    // The whole planned collection (collect without task_options) plus a queued task for the disabled opt-in region.
    const records = [...(await collectAll(c, {})), ...(await collectAll(c, { taskOptions: regionTask("af-south-1") }))];

    const errors = errorsOf(records);
    expect(errors).toHaveLength(2);
    const [denied, optIn] = [errors.find((e) => e.resource?.region_code === "eu-west-1")!, errors.find((e) => e.resource?.region_code === "af-south-1")!];
    expect(denied.state).toBe(5); // FAILURE
    expect(denied.message).toMatch(
      /^ERROR_AWS_API: every listing of the region was denied\. \(reason = UnauthorizedOperation: .*region = eu-west-1, apis = .*ec2:DescribeInstances/,
    );
    expect(denied.resource).toMatchObject({ provider: "aws", cloud_service_group: "EC2", region_code: "eu-west-1", aws_error_code: "UnauthorizedOperation" });
    expect(optIn.message).toMatch(/^ERROR_AWS_API: ec2:DescribeInstances failed\. \(reason = OptInRequired: .*region = af-south-1, request_id = /);
    expect(optIn.resource).toMatchObject({
      cloud_service_type: "Instance",
      region_code: "af-south-1",
      api: "ec2:DescribeInstances",
      aws_error_code: "OptInRequired",
    });

    expect(idsOf(records, "us-east-1")).toEqual(goldenIds("us-east-1"));
    expect(idsOf(records, "ap-northeast-2")).toEqual(goldenIds("ap-northeast-2"));
    expect(idsOf(records, "eu-west-1")).toEqual([]);
    // Types, regions and metrics still arrive.
    expect(records.filter((r) => r.resourceType === "inventory.CloudServiceType")).toHaveLength(8);
    expect(records.filter((r) => r.resourceType === "inventory.Region")).toHaveLength(3);
  });

  it("one denied API: one ErrorResource naming type, region and API; the other types are complete", async () => {
    await setFaults([{ effect: "deny", api: "ec2:DescribeSnapshots" }]);
    const records = await collectAll(c, { taskOptions: regionTask("us-east-1") });
    const errors = errorsOf(records);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.resource).toMatchObject({
      cloud_service_type: "Snapshot",
      region_code: "us-east-1",
      api: "ec2:DescribeSnapshots",
      aws_error_code: "UnauthorizedOperation",
    });
    expect(errors[0]!.message).toMatch(/^ERROR_AWS_API: ec2:DescribeSnapshots failed\. \(reason = UnauthorizedOperation: /);
    expect(idsOf(records, "us-east-1")).toEqual(goldenIds("us-east-1").filter((id) => !id.includes(":snapshot/")));
  });

  it("a region-level failure after a denied type still reports the denied type", async () => {
    await setFaults([
      { effect: "deny", api: "ec2:DescribeAddresses" },
      { effect: "error", api: "ec2:DescribeSnapshots", code: "OptInRequired", status: 401 },
    ]);
    const records = await collectAll(c, { taskOptions: regionTask("us-east-1") });
    const errors = errorsOf(records).map((e) => [e.resource?.cloud_service_type, e.resource?.api, e.resource?.aws_error_code]);
    expect(errors.sort()).toEqual([
      ["EIP", "ec2:DescribeAddresses", "UnauthorizedOperation"],
      ["Snapshot", "ec2:DescribeSnapshots", "OptInRequired"],
    ]);
  });

  it("a per-item call that fails for one instance: an ErrorResource for that instance only", async () => {
    await setFaults([{ effect: "error", api: "ec2:DescribeInstanceAttribute", code: "InvalidInstanceID.NotFound", status: 400, count: 1 }]);
    c.engine.itemCache.clear();
    const records = await collectAll(c, { taskOptions: regionTask("us-east-1") });
    const errors = errorsOf(records);
    expect(errors).toHaveLength(1);
    const failed = errors[0]!.resource!.resource_id as string;
    expect(errors[0]!.message).toMatch(/^ERROR_AWS_API: ec2:DescribeInstanceAttribute failed\. \(reason = InvalidInstanceID\.NotFound: /);
    expect(idsOf(records, "us-east-1")).toEqual(goldenIds("us-east-1").filter((id) => id !== failed));
    expect(failed).toMatch(/^i-/);
  });

  it("a per-item call that keeps failing for every instance: one ErrorResource naming the API and how many instances it failed", async () => {
    await setFaults([{ effect: "error", api: "ec2:DescribeInstanceAttribute", code: "InternalError", status: 500 }]);
    c.engine.itemCache.clear();
    const records = await collectAll(c, { taskOptions: regionTask("us-east-1") });
    const instances = goldenIds("us-east-1").filter((id) => id.startsWith("i-"));
    const errors = errorsOf(records);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(
      new RegExp(
        `^ERROR_AWS_API: ec2:DescribeInstanceAttribute failed the same way for ${instances.length} Instance resources(; the calls were stopped)?\\. \\(reason = InternalError: .*region = us-east-1, resources = ${instances.length}`,
      ),
    );
    expect(errors[0]!.resource).toMatchObject({
      cloud_service_type: "Instance",
      region_code: "us-east-1",
      api: "ec2:DescribeInstanceAttribute",
      aws_error_code: "InternalError",
      affected_resources: instances.length,
    });
    expect(errors[0]!.resource).not.toHaveProperty("resource_id");
    expect(idsOf(records, "us-east-1")).toEqual(goldenIds("us-east-1").filter((id) => !id.startsWith("i-")));
  });

  it("optional SSM denied: no ErrorResource, os.details falls back to PlatformDetails", async () => {
    await setFaults([{ effect: "deny", api: "ssm:*" }]);
    const records = await collectAll(c, { taskOptions: regionTask("us-east-1") });
    expect(errorsOf(records)).toEqual([]);
    const windows = records.find((r) => (r.resource?.reference as { resource_id?: string } | undefined)?.resource_id === "i-00000000000000003")!;
    expect(instanceDataOf(windows).os.details).toBe("Windows");
  });

  it("rejected credentials end the stream with ERROR_INVALID_CREDENTIALS, with or without task_options", async () => {
    const bad = { ...DEMO_SECRET, aws_secret_access_key: "wrong-secret-value" };
    for (const taskOptions of [regionTask("us-east-1"), undefined]) {
      const err = await collectAll(c, { secretData: bad, taskOptions }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ConnectError);
      expect((err as ConnectError).rawMessage).toMatch(/^ERROR_INVALID_CREDENTIALS: AWS rejected the credentials\. \(reason = SignatureDoesNotMatch: /);
      expect((err as ConnectError).rawMessage).not.toContain("wrong-secret-value");
    }
  });

  it("credentials rejected in a per-item call of another type end the stream with ERROR_INVALID_CREDENTIALS", async () => {
    for (const api of ["ec2:DescribeVolumeAttribute", "ec2:DescribeImageAttribute"]) {
      await setFaults([{ effect: "error", api, code: "AuthFailure", status: 401 }]);
      c.engine.itemCache.clear();
      const err = await collectAll(c, { taskOptions: regionTask("us-east-1") }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, api).toBeInstanceOf(ConnectError);
      expect((err as ConnectError).rawMessage).toMatch(/^ERROR_INVALID_CREDENTIALS: AWS rejected the credentials\. \(reason = AuthFailure: /);
    }
  });

  it("a failed DescribeTargetHealth: one ErrorResource for Instance, every instance still arrives", async () => {
    await setFaults([{ effect: "deny", api: "elasticloadbalancing:DescribeTargetHealth" }]);
    const records = await collectAll(c, { taskOptions: regionTask("us-east-1") });
    const errors = errorsOf(records);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.resource).toMatchObject({
      cloud_service_type: "Instance",
      region_code: "us-east-1",
      api: "elasticloadbalancing:DescribeTargetHealth",
      aws_error_code: "AccessDenied",
    });
    expect(errors[0]!.resource).not.toHaveProperty("resource_id");
    expect(errors[0]!.message).toMatch(
      /^ERROR_AWS_API: elasticloadbalancing:DescribeTargetHealth failed\. \(reason = AccessDenied: .*region = us-east-1, request_id = /,
    );
    expect(idsOf(records, "us-east-1")).toEqual(goldenIds("us-east-1"));
    expect(c.engineLogs.some((l) => l.msg === "load balancer call failed; instances are sent without it" && l.code === "AccessDenied" && l.request_id)).toBe(
      true,
    );
  });

  it("a target group that vanished before DescribeTargetHealth is no failure", async () => {
    await setFaults([{ effect: "error", api: "elasticloadbalancing:DescribeTargetHealth", code: "TargetGroupNotFound", status: 400 }]);
    const records = await collectAll(c, { taskOptions: regionTask("us-east-1") });
    expect(errorsOf(records)).toEqual([]);
    expect(idsOf(records, "us-east-1")).toEqual(goldenIds("us-east-1"));
  });

  it("an unknown task shape is ERROR_INVALID_PARAMETER, never an empty success", async () => {
    const err = await collectAll(c, { taskOptions: { resource_type: "inventory.Foo" } }).catch((e: unknown) => e);
    expect((err as ConnectError).rawMessage).toBe(
      'ERROR_INVALID_PARAMETER: Parameter is invalid. (key = task_options.resource_type, reason = unsupported task "inventory.Foo")',
    );
  });
});
