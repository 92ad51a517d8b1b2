/**
 * The AWS access layer end to end (real SDK against the replay, through the
 * running server): one AssumeRole per process for every task and region, the
 * per-item enrichment switch, and the refused endpoint override.
 */
import type { ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_ROLE_SECRET,
  DEMO_SECRET,
  collectAll,
  instanceDataOf,
  regionTask,
  replayStats,
  resetReplayStats,
  startCollecting,
  type Collecting,
} from "./harness.js";

let c: Collecting;

beforeAll(async () => {
  c = await startCollecting();
});
afterAll(async () => {
  await c.stop();
});

describe("AWS access layer", () => {
  it("assumes the role once for get_tasks and every region task, all sharing the credentials", async () => {
    await resetReplayStats(c);
    const { tasks } = await c.job.get_tasks({ options: {}, secretData: DEMO_ROLE_SECRET });
    const regions = tasks.map((t) => t.taskOptions!).filter((t) => t.resource_type === "inventory.CloudService");
    expect(regions.length).toBe(3);
    const records = (await Promise.all(regions.map((task) => collectAll(c, { secretData: DEMO_ROLE_SECRET, taskOptions: task })))).flat();
    expect(new Set(records.map((r) => r.resource?.account))).toEqual(new Set(["222222222222"]));
    const stats = await replayStats(c);
    expect(stats.apis["sts:AssumeRole"]?.calls).toBe(1);
  });

  it("per-item enrichment off: no per-item calls, the fields they fill are null", async () => {
    await resetReplayStats(c);
    const records = await collectAll(c, { options: { per_item_enrichment: false }, taskOptions: regionTask("us-east-1") });
    expect(records.filter((r) => r.resourceType === "inventory.ErrorResource")).toEqual([]);
    const instances = records.filter((r) => r.resource?.cloud_service_type === "Instance");
    expect(instances.length).toBe(6);
    for (const r of instances) expect(instanceDataOf(r).aws.termination_protection).toBeNull();
    const stats = await replayStats(c);
    for (const api of ["ec2:DescribeInstanceAttribute", "ec2:DescribeVolumeAttribute", "ec2:DescribeImageAttribute"])
      expect(stats.apis[api]?.calls ?? 0, api).toBe(0);
  });

  it("per-item results are cached: a second collect skips them", async () => {
    await collectAll(c, { taskOptions: regionTask("eu-west-1") });
    await resetReplayStats(c);
    await collectAll(c, { taskOptions: regionTask("eu-west-1") });
    const stats = await replayStats(c);
    expect(stats.apis["ec2:DescribeInstanceAttribute"]?.calls ?? 0).toBe(0);
    expect(stats.apis["ec2:DescribeInstances"]?.calls).toBe(1);
  });

  it("refuses an endpoint override unless the server allows it", async () => {
    const err = await collectAll(c, { options: { endpoint_url: "http://169.254.169.254" }, taskOptions: regionTask("us-east-1") }).catch(
      (e: unknown) => e as ConnectError,
    );
    expect((err as ConnectError).rawMessage).toBe(
      "ERROR_INVALID_PARAMETER: Parameter is invalid. (key = options.endpoint_url, reason = endpoint override is disabled by the server configuration)",
    );
  });

  it("get_tasks honours the region filter and rejects a region the account has not enabled", async () => {
    const { tasks } = await c.job.get_tasks({ options: { region_filter: ["eu-west-1"] }, secretData: DEMO_SECRET });
    expect(tasks.map((t) => t.taskOptions)).toEqual([
      { resource_type: "inventory.CloudServiceType", services: ["EC2"] },
      { resource_type: "inventory.Region", regions: ["eu-west-1"] },
      { resource_type: "inventory.Metric", services: ["EC2"] },
      { resource_type: "inventory.CloudService", service: "EC2", region: "eu-west-1" },
    ]);
    const err = await c.job.get_tasks({ options: { region_filter: ["af-south-1"] }, secretData: DEMO_SECRET }).catch((e: unknown) => e as ConnectError);
    expect((err as ConnectError).rawMessage).toBe(
      "ERROR_INVALID_PARAMETER: Parameter is invalid. (key = options.region_filter, reason = not enabled for the account or unknown: af-south-1)",
    );
  });
});
