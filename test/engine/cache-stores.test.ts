/**
 * The per-item cache across processes (`COLLECTOR_CACHE_URL`, docs/decisions.md#per-item-cache-stores),
 * end to end: the compiled server run as child processes, each collecting one generated region from the
 * test's replay over gRPC. A process restarted on the same file cache, and a second process sharing
 * Redis (a real `redis-server`), make no per-item calls for unchanged resources and send records
 * identical to the first collect. Redis stopped in the middle of a collect costs nothing but the calls
 * it would have saved: every record arrives, and the outage is logged once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "../../bench/support.js";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import type { JsonObject } from "../../src/common/json.js";
import { generateFixtureSet } from "../../src/fixture-tools/generator.js";
import type { StatsSnapshot } from "../../src/replay/stats.js";
import { ensureBuilt } from "../server/built.js";
import { startProcess, type Spawned } from "../server/spawn.js";
import { collectAll, platformView, regionTask, replayStats, resetReplayStats, startCollecting, type Collecting, type WireRecord } from "./harness.js";

const INSTANCES = 40;
const REGION = "us-east-1";
const PER_ITEM_APIS = ["ec2:DescribeInstanceAttribute", "ec2:DescribeVolumeAttribute", "ec2:DescribeImageAttribute", "ec2:DescribeLaunchTemplateVersions"];

let dir: string;
let secret: JsonObject;
let replay: Collecting;
let redis: RedisServer;
/** The region as a process without any cache store collects it. */
let reference: WireRecord[];
const processes: Spawned[] = [];

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "engine-cache-"));
  const set = generateFixtureSet({ outDir: join(dir, "fixtures", "cached"), name: "cached", instances: INSTANCES, regions: 1, seed: 9 });
  const user = set.accounts[0]!.users[0]!;
  secret = { aws_access_key_id: user.accessKeyId, aws_secret_access_key: user.secretAccessKey };
  replay = await startCollecting({ set: "cached", fixturesDir: join(dir, "fixtures") });
  reference = (await collectAll(replay, { secretData: secret, taskOptions: regionTask(REGION) })).map(platformView);
  redis = await startRedisServer();
}, 180_000);

afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill("SIGKILL");
  await redis?.stop();
  await replay?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The compiled server with `cacheUrl`, sending its AWS calls to the test's replay. */
async function serverWith(cacheUrl: string): Promise<{ spawned: Spawned; port: number }> {
  // A generous bound per store request: on a loaded machine the default 250 ms can pass before Redis is even scheduled.
  const spawned = startProcess([
    "--port",
    "0",
    "--host",
    "127.0.0.1",
    "--aws-endpoint-url",
    replay.replayUrl(),
    "--cache-url",
    cacheUrl,
    "--cache-timeout-ms",
    "2000",
  ]);
  processes.push(spawned);
  return { spawned, port: await spawned.listening };
}

async function stopServer(spawned: Spawned): Promise<void> {
  spawned.child.kill("SIGTERM");
  expect(await spawned.exited).toBe(0);
}

/** One region collected by the server on `port`, as the platform sees it, and what it cost in AWS calls. */
async function collectFrom(port: number): Promise<{ records: WireRecord[]; perItemCalls: number; stats: StatsSnapshot }> {
  await resetReplayStats(replay);
  const collector = createClient(Collector, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
  const records: WireRecord[] = [];
  for await (const info of collector.collect({ options: {}, secretData: secret, filter: {}, taskOptions: regionTask(REGION) }))
    records.push(platformView(info));
  const stats = await replayStats(replay);
  return { records, stats, perItemCalls: PER_ITEM_APIS.reduce((n, api) => n + (stats.apis[api]?.calls ?? 0), 0) };
}

function expectComplete(records: WireRecord[]): void {
  expect(records.filter((r) => r.resource_type === "inventory.ErrorResource").map((r) => r.message)).toEqual([]);
  expect(records.filter((r) => r.resource.cloud_service_type === "Instance")).toHaveLength(INSTANCES);
}

describe("a per-item cache that survives restarts and is shared by replicas", () => {
  it("file: a restarted process makes no per-item call for unchanged resources and sends identical records", async () => {
    const url = pathToFileURL(join(dir, "file-cache")).href;
    const first = await serverWith(url);
    const before = await collectFrom(first.port);
    expectComplete(before.records);
    expect(before.records).toEqual(reference);
    expect(before.perItemCalls).toBeGreaterThan(INSTANCES);
    await stopServer(first.spawned);

    const restarted = await serverWith(url);
    const after = await collectFrom(restarted.port);
    expect(after.perItemCalls).toBe(0);
    expect(after.stats.apis["ec2:DescribeInstances"]?.calls).toBeGreaterThan(0);
    expect(after.records).toEqual(reference);
    await stopServer(restarted.spawned);
  }, 180_000);

  it("redis: a second process makes no per-item call for unchanged resources and sends identical records", async () => {
    const first = await serverWith(redis.url);
    const before = await collectFrom(first.port);
    expect(before.perItemCalls).toBeGreaterThan(INSTANCES);
    expect(before.records).toEqual(reference);

    const second = await serverWith(redis.url);
    const after = await collectFrom(second.port);
    expect(after.perItemCalls).toBe(0);
    expect(after.records).toEqual(reference);
    await Promise.all([stopServer(first.spawned), stopServer(second.spawned)]);
  }, 180_000);

  it("redis stopped in the middle of a collect: every record arrives, the outage logged once", async () => {
    // A cold namespace (database 1), the engine in this process, every AWS call slowed so the collect is still running when Redis stops.
    // A generous bound per request, so that the only outage on a loaded machine is the one the test causes.
    const c = await startCollecting({
      set: "cached",
      fixturesDir: join(dir, "fixtures"),
      engine: { cacheUrl: `${redis.url}/1`, cacheStore: { opTimeoutMs: 2000 }, perItemConcurrency: 2 },
    });
    try {
      await c.setFaults({ rules: [{ effect: "latency", ms: 20, maxMs: 30 }] });
      const collecting = collectAll(c, { secretData: secret, taskOptions: regionTask(REGION) });
      await expect
        .poll(async () => (await replayStats(c)).apis["ec2:DescribeInstanceAttribute"]?.calls ?? 0, { timeout: 60_000, interval: 20 })
        .toBeGreaterThanOrEqual(4);
      await redis.stop();
      const records = (await collecting).map(platformView);
      expect(records).toEqual(reference);
      const stats = c.engine.itemCache.stats.store!;
      expect(stats).toMatchObject({ kind: "redis", outages: 1, healthy: false });
      expect(stats.skipped + stats.errors + stats.timeouts).toBeGreaterThan(0);
      const outageLines = c.engineLogs.filter((l) => l.level === "warn" && String(l.msg).startsWith("per-item cache store unavailable"));
      expect(outageLines).toHaveLength(1);
    } finally {
      await c.engine.close();
      await c.stop();
    }
  }, 180_000);
});
