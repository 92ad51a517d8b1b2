/**
 * Scale under AWS's token buckets (docs/decisions.md#throttling-buckets). The replay enforces AWS's
 * per account × region × API buckets, scaled up 40× so the test stays short; the
 * engine's client-side limiter is told the same buckets (and paces a little under
 * them). A generated region of thousands of instances must arrive complete, with no
 * ErrorResource: the limiter keeps the engine within the buckets, and the few
 * throttles that scheduling on a busy machine may still cause are answered by the
 * limiter, which sends the call again. That the limiter never overruns an AWS-sized
 * bucket is proven exactly, on a fake clock, in `src/engine/aws/rate-limiter.test.ts`.
 * A second collect in the same process must make no per-item calls for unchanged
 * resources (asserted through the replay's stats).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/common/json.js";
import { generateFixtureSet } from "../../src/fixture-tools/generator.js";
import { collectAll, instanceDataOf, regionTask, replayStats, resetReplayStats, startCollecting, type Collecting } from "./harness.js";

const INSTANCES = 2000;
const REGION = "us-east-1";
/** AWS's Describe bucket (100 burst, 20/s) with the refill scaled 40×. */
const BUCKET = { capacity: 100, refillPerSecond: 20, refillScale: 40 };

let dir: string;
let c: Collecting;
let secret: JsonObject;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "engine-scale-"));
  const set = generateFixtureSet({ outDir: join(dir, "scale"), name: "scale", instances: INSTANCES, regions: 1, seed: 7 });
  const user = set.accounts[0]!.users[0]!;
  secret = { aws_access_key_id: user.accessKeyId, aws_secret_access_key: user.secretAccessKey };
  c = await startCollecting({
    set: "scale",
    fixturesDir: dir,
    engine: { rateLimit: { capacity: BUCKET.capacity, refillPerSecond: BUCKET.refillPerSecond * BUCKET.refillScale } },
  });
  await c.setFaults({ tokenBuckets: BUCKET });
}, 300_000);

afterAll(async () => {
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe(`a generated region of ${INSTANCES} instances under AWS's token buckets`, () => {
  let firstProtection: Map<string, unknown>;

  it("arrives complete, with no ErrorResource, every throttle absorbed by sending the call again", async () => {
    const records = await collectAll(c, { secretData: secret, taskOptions: regionTask(REGION) });
    expect(records.filter((r) => r.resourceType === "inventory.ErrorResource").map((r) => r.message)).toEqual([]);
    const instances = records.filter((r) => r.resource?.cloud_service_type === "Instance");
    const ids = new Set(instances.map((r) => (r.resource!.reference as { resource_id: string }).resource_id));
    expect(ids.size).toBe(INSTANCES);
    expect(instances).toHaveLength(INSTANCES);
    firstProtection = new Map(
      instances.map((r) => [(r.resource!.reference as { resource_id: string }).resource_id, instanceDataOf(r).aws.termination_protection]),
    );

    const stats = await replayStats(c);
    // One answered request per instance: a throttled one was sent again (by the limiter, not the SDK) until it succeeded.
    const attributes = stats.apis["ec2:DescribeInstanceAttribute"]!;
    expect(attributes.calls - attributes.throttles).toBe(INSTANCES);
    expect(stats.totals.retries).toBe(0);
  }, 300_000);

  it("a second collect makes no per-item calls for unchanged resources and gives the same values", async () => {
    await resetReplayStats(c);
    const records = await collectAll(c, { secretData: secret, taskOptions: regionTask(REGION) });
    expect(records.filter((r) => r.resourceType === "inventory.ErrorResource").map((r) => r.message)).toEqual([]);
    const instances = records.filter((r) => r.resource?.cloud_service_type === "Instance");
    expect(instances).toHaveLength(INSTANCES);
    for (const r of instances)
      expect(instanceDataOf(r).aws.termination_protection).toBe(firstProtection.get((r.resource!.reference as { resource_id: string }).resource_id));

    const stats = await replayStats(c);
    expect(stats.apis["ec2:DescribeInstanceAttribute"]?.calls ?? 0).toBe(0);
    expect(stats.apis["ec2:DescribeVolumeAttribute"]?.calls ?? 0).toBe(0);
    expect(stats.apis["ec2:DescribeInstances"]?.calls).toBeGreaterThan(0);
    expect(stats.totals.retries).toBe(0);
  }, 300_000);
});
