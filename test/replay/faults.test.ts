import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeVolumesCommand, DescribeVpcsCommand, EC2Client, paginateDescribeInstances } from "@aws-sdk/client-ec2";
import { DescribeInstanceInformationCommand, SSMClient } from "@aws-sdk/client-ssm";
import type { ResourceKind } from "../../src/replay/fixture-format.js";
import { FixtureStore } from "../../src/replay/fixture-store.js";
import type { StatsSnapshot } from "../../src/replay/stats.js";
import { clientConfig, FIXTURES_DIR, startReplay, type RunningReplay } from "./harness.js";

let replay: RunningReplay;
const clients: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  replay = await startReplay();
});
afterEach(async () => {
  while (clients.length > 0) clients.pop()!.destroy();
  await fetch(`${replay.baseUrl}/replay/demo/_faults`, { method: "DELETE" });
  await fetch(`${replay.baseUrl}/replay/demo/_stats/reset`, { method: "POST" });
});
afterAll(() => replay.close());

function ec2(region = "us-east-1", maxAttempts = 5, extra: Record<string, unknown> = {}, profile?: string): EC2Client {
  const client = new EC2Client({ ...clientConfig(replay.endpoint("demo", profile), region, undefined, maxAttempts), ...extra });
  clients.push(client);
  return client;
}

async function setFaults(config: unknown): Promise<void> {
  const res = await fetch(`${replay.baseUrl}/replay/demo/_faults`, {
    method: "PUT",
    body: JSON.stringify(config),
    headers: { "content-type": "application/json" },
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** The ids a listing of the demo's account 111111111111 must return, read from the fixture files (never none). */
function demoIds(region: string, kind: ResourceKind, idKey: string): unknown[] {
  const ids = new FixtureStore(FIXTURES_DIR)
    .get("demo")!
    .region("111111111111", region)
    .list(kind)
    .map((item) => item[idKey]);
  expect(ids.length).toBeGreaterThan(0);
  return ids;
}

const stats = async (): Promise<StatsSnapshot> => (await fetch(`${replay.baseUrl}/replay/demo/_stats`)).json() as Promise<StatsSnapshot>;

describe("fault injection", () => {
  it("a throttled call is retried by the SDK and succeeds; the stats route counts the throttles", async () => {
    await setFaults({ rules: [{ effect: "throttle", api: "ec2:DescribeVpcs", count: 2 }] });
    const out = await ec2().send(new DescribeVpcsCommand({}));
    expect(out.Vpcs).toHaveLength(2);
    expect(out.$metadata.attempts).toBe(3);
    const s = await stats();
    expect(s.apis["ec2:DescribeVpcs"]).toEqual({ calls: 3, retries: 2, throttles: 2, errors: { RequestLimitExceeded: 2 } });
    expect(s.scopes["111111111111/us-east-1/ec2:DescribeVpcs"]!.throttles).toBe(2);
  });

  it("UnauthorizedOperation for one region and API is not retried; other regions and APIs work", async () => {
    await setFaults({ rules: [{ effect: "deny", api: "ec2:DescribeVolumes", region: "eu-west-1" }] });
    await expect(ec2("eu-west-1").send(new DescribeVolumesCommand({}))).rejects.toMatchObject({
      name: "UnauthorizedOperation",
      $metadata: { httpStatusCode: 403, attempts: 1 },
    });
    const volumes = await ec2("us-east-1").send(new DescribeVolumesCommand({}));
    expect(volumes.Volumes!.map((v) => v.VolumeId)).toEqual(demoIds("us-east-1", "volumes", "VolumeId"));
    const vpcs = await ec2("eu-west-1").send(new DescribeVpcsCommand({}));
    expect(vpcs.Vpcs!.map((v) => v.VpcId)).toEqual(demoIds("eu-west-1", "vpcs", "VpcId"));
    expect((await stats()).apis["ec2:DescribeVolumes"]).toMatchObject({ calls: 2, throttles: 0, errors: { UnauthorizedOperation: 1 } });
  });

  it("token buckets per account × region × API throttle once the bucket is empty", async () => {
    await setFaults({ tokenBuckets: { capacity: 3, refillPerSecond: 0.001 } });
    const client = ec2("us-east-1", 1);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.send(new DescribeVpcsCommand({}))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r.reason as Error).name)).toEqual(["RequestLimitExceeded", "RequestLimitExceeded"]);
    // Another API and another region have their own buckets.
    const volumes = await client.send(new DescribeVolumesCommand({}));
    expect(volumes.Volumes!.map((v) => v.VolumeId)).toEqual(demoIds("us-east-1", "volumes", "VolumeId"));
    const vpcs = await ec2("eu-west-1", 1).send(new DescribeVpcsCommand({}));
    expect(vpcs.Vpcs!.map((v) => v.VpcId)).toEqual(demoIds("eu-west-1", "vpcs", "VpcId"));
    expect((await stats()).apis["ec2:DescribeVpcs"]!.throttles).toBe(2);
  });

  it("a 5xx burst is retried through", async () => {
    await setFaults({ rules: [{ effect: "error", code: "InternalError", status: 500, after: 1, count: 2 }] });
    const client = ec2();
    expect((await client.send(new DescribeVpcsCommand({}))).$metadata.attempts).toBe(1);
    expect((await client.send(new DescribeVpcsCommand({}))).$metadata.attempts).toBe(3);
    expect((await stats()).totals.errors).toEqual({ InternalError: 2 });
  });

  it("added latency delays each call", async () => {
    await setFaults({ rules: [{ effect: "latency", ms: 120 }] });
    const started = performance.now();
    await ec2().send(new DescribeVpcsCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it("a hang holds the call until the client gives up", async () => {
    await setFaults({ rules: [{ effect: "hang", api: "ec2:DescribeVpcs" }] });
    const client = ec2("us-east-1", 1, { requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true } });
    await expect(client.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ name: "TimeoutError" });
    // A bounded hang ends in a 503 of its own.
    await setFaults({ rules: [{ effect: "hang", api: "ec2:DescribeVpcs", ms: 50 }] });
    await expect(ec2("us-east-1", 1).send(new DescribeVpcsCommand({}))).rejects.toMatchObject({
      name: "ServiceUnavailable",
      $metadata: { httpStatusCode: 503 },
    });
  });

  it("a repeated page token trips the paginator's stopOnSameToken; a truncated body fails to parse", async () => {
    await setFaults({ rules: [{ effect: "repeat-token", api: "ec2:DescribeInstances" }] });
    let pages = 0;
    for await (const _ of paginateDescribeInstances({ client: ec2(), pageSize: 5, stopOnSameToken: true }, {})) pages++;
    expect(pages).toBe(2);
    await setFaults({ rules: [{ effect: "truncate", api: "ec2:DescribeVpcs" }] });
    // Not an AWS error: a 200 whose XML ends half-way, which the SDK's parser refuses.
    await expect(ec2("us-east-1", 1).send(new DescribeVpcsCommand({}))).rejects.toMatchObject({
      message: expect.stringContaining("XML parse error") as string,
      $metadata: { httpStatusCode: 200, attempts: 1 },
    });
  });

  it("a malformed answer is a 200 page the SDK alone parses into an output without members", async () => {
    await setFaults({ rules: [{ effect: "malformed", api: "ec2:DescribeVpcs" }] });
    // Why the engine checks every 2xx body (src/engine/aws/response-check.ts): this reads as "no VPCs".
    const out = await ec2("us-east-1", 1).send(new DescribeVpcsCommand({}));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.Vpcs).toBeUndefined();
  });

  it("credential and region faults answer each service's own codes", async () => {
    const asg = new AutoScalingClient(clientConfig(replay.endpoint("demo"), "us-east-1", undefined, 1));
    const ssm = new SSMClient(clientConfig(replay.endpoint("demo"), "us-east-1", undefined, 1));
    clients.push(asg, ssm);
    const cases = [
      ["auth-failure", "AuthFailure", "InvalidClientTokenId", "UnrecognizedClientException"],
      ["expire", "ExpiredToken", "ExpiredToken", "ExpiredTokenException"],
      ["region-disabled", "OptInRequired", "InvalidClientTokenId", "UnrecognizedClientException"],
    ] as const;
    for (const [effect, ec2Code, asgCode, ssmCode] of cases) {
      await setFaults({ rules: [{ effect }] });
      await expect(ec2("us-east-1", 1).send(new DescribeVpcsCommand({})), effect).rejects.toMatchObject({ name: ec2Code });
      await expect(asg.send(new DescribeAutoScalingGroupsCommand({})), effect).rejects.toMatchObject({ name: asgCode });
      await expect(ssm.send(new DescribeInstanceInformationCommand({})), effect).rejects.toMatchObject({ name: ssmCode });
    }
  });

  it("Auto Scaling throttling is 400 Throttling and retried", async () => {
    await setFaults({ rules: [{ effect: "throttle", api: "autoscaling:*", count: 1 }] });
    const asg = new AutoScalingClient(clientConfig(replay.endpoint("demo")));
    clients.push(asg);
    const out = await asg.send(new DescribeAutoScalingGroupsCommand({}));
    expect(out.AutoScalingGroups).toHaveLength(2);
    expect(out.$metadata.attempts).toBe(2);
    expect((await stats()).apis["autoscaling:DescribeAutoScalingGroups"]!.errors).toEqual({ Throttling: 1 });
  });

  it("fault profiles from set.json are selected by the endpoint path", async () => {
    const ssm = new SSMClient(clientConfig(replay.endpoint("demo", "no-ssm")));
    clients.push(ssm);
    await expect(ssm.send(new DescribeInstanceInformationCommand({}))).rejects.toMatchObject({ name: "AccessDeniedException", $metadata: { attempts: 1 } });
    const plain = new SSMClient(clientConfig(replay.endpoint("demo")));
    clients.push(plain);
    expect((await plain.send(new DescribeInstanceInformationCommand({}))).InstanceInformationList).toHaveLength(3);
    const res = await fetch(`${replay.endpoint("demo", "no-such-profile")}/`, { method: "POST" });
    expect(res.status).toBe(404);
  });

  it("bad fault configurations are refused with the path of the problem; the active one stays", async () => {
    const active = { rules: [{ effect: "latency", ms: 1 }] };
    await setFaults(active);
    const put = (config: unknown) => fetch(`${replay.baseUrl}/replay/demo/_faults`, { method: "PUT", body: JSON.stringify(config) });
    for (const [config, error] of [
      [
        { rules: [{ effect: "explode" }] },
        "_faults: $.rules[0].effect: expected one of throttle, deny, error, latency, hang, repeat-token, truncate, malformed, auth-failure, expire, region-disabled",
      ],
      [
        { rules: [{ effect: "deny", api: "ec2.DescribeVolumes" }] },
        "_faults: $.rules[0].api: expected *, service:* or service:Action (services: sts, ec2, autoscaling, elasticloadbalancing, ssm)",
      ],
      [{ tokenBuckets: { capacity: -1 } }, "_faults: $.tokenBuckets.capacity: expected positive number"],
    ] as const) {
      const res = await put(config);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error });
    }
    expect(await (await fetch(`${replay.baseUrl}/replay/demo/_faults`)).json()).toEqual(active);
  });
});
