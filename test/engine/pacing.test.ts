/**
 * Pacing end to end (docs/decisions.md#pacing): the real engine and SDK against the replay's token
 * buckets, modelling a bucket that other callers share (20 tokens, 8 a second left for us, while the
 * engine believes it has AWS's 100 / 20 to itself) and a rate that drops and recovers mid-collect. The
 * assertions hold on a busy machine: every resource arrives, no ErrorResource, every throttled call was
 * sent again by the rate limiter (not by the SDK) until it succeeded, and the limiter backed off. Throttles
 * in a row are no systemic failure: they open no circuit breaker and exhaust no SDK attempts. The
 * ratios to the ideal schedule are the benchmark's (`npm run bench`), proven exactly on a fake clock
 * in src/engine/aws/rate-limiter.test.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/common/json.js";
import { BREAKER_THRESHOLD } from "../../src/engine/aws/breaker.js";
import type { EngineOptions } from "../../src/engine/context.js";
import type { FaultConfig } from "../../src/replay/faults.js";
import { generateFixtureSet } from "../../src/fixture-tools/generator.js";
import { collectAll, regionTask, replayStats, resetReplayStats, startCollecting, type Collecting } from "./harness.js";

const INSTANCES = 60;
const REGION = "us-east-1";
const PER_ITEM = ["ec2:DescribeInstanceAttribute", "ec2:DescribeVolumeAttribute"] as const;

let dir: string;
let secret: JsonObject;
let volumes: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "engine-pacing-"));
  const set = generateFixtureSet({ outDir: join(dir, "pacing"), name: "pacing", instances: INSTANCES, regions: 1, seed: 5 });
  const user = set.accounts[0]!.users[0]!;
  secret = { aws_access_key_id: user.accessKeyId, aws_secret_access_key: user.secretAccessKey };
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const AWS_LATENCY = { effect: "latency", ms: 30, maxMs: 50 } as const;

/** A collect under `faults` (with AWS's 30–50 ms per call); the per-item cache off so every call is made. */
async function collectUnder(faults: FaultConfig, engine: EngineOptions = {}) {
  const c: Collecting = await startCollecting({ set: "pacing", fixturesDir: dir, engine: { perItemCacheTtlMs: 0, ...engine } });
  try {
    await c.setFaults({ ...faults, rules: [AWS_LATENCY, ...(faults.rules ?? [])] });
    await resetReplayStats(c);
    const records = await collectAll(c, { secretData: secret, taskOptions: regionTask(REGION) });
    return { records, stats: await replayStats(c), buckets: c.engine.rateLimiter.stats() };
  } finally {
    await c.stop();
  }
}

function expectComplete(result: Awaited<ReturnType<typeof collectUnder>>) {
  const { records, stats, buckets } = result;
  expect(records.filter((r) => r.resourceType === "inventory.ErrorResource").map((r) => r.message)).toEqual([]);
  const ofType = (type: string) => records.filter((r) => r.resource?.cloud_service_type === type);
  expect(ofType("Instance")).toHaveLength(INSTANCES);
  volumes ??= ofType("Volume").length;
  expect(ofType("Volume")).toHaveLength(volumes);
  const items = { "ec2:DescribeInstanceAttribute": INSTANCES, "ec2:DescribeVolumeAttribute": volumes };
  for (const api of PER_ITEM) {
    const counters = stats.apis[api]!;
    // Exactly one answered call per item: each throttled call was sent again until it succeeded...
    expect(counters.calls - counters.throttles, api).toBe(items[api]);
    // ...by the rate limiter, through its bucket: the SDK retried none of them.
    expect(counters.retries, api).toBe(0);
  }
  expect(stats.totals.throttles).toBeGreaterThan(0);
  // The buckets that were throttled backed off.
  for (const b of buckets.filter((b) => b.throttles > 0)) expect(b.decreases, b.key).toBeGreaterThan(0);
}

describe("pacing against AWS's token buckets, end to end", () => {
  it("a bucket shared with other callers (20, 8 a second left for us): every resource arrives, throttles absorbed by the limiter", async () => {
    expectComplete(await collectUnder({ tokenBuckets: { capacity: 20, refillPerSecond: 8 } }));
  }, 180_000);

  it("a rate that drops and recovers mid-collect: every resource arrives", async () => {
    expectComplete(
      await collectUnder({
        tokenBuckets: {
          capacity: 20,
          refillPerSecond: 20,
          rateChanges: [
            { afterMs: 1_000, refillPerSecond: 5 },
            { afterMs: 4_000, refillPerSecond: 20 },
          ],
        },
      }),
    );
  }, 180_000);

  it("throttles in a row answer a busy bucket, not a broken API: no circuit opens, no retry budget runs out", async () => {
    // Three times the breaker's threshold of throttles in a row for one API, with 2 SDK attempts per call.
    const throttles = 3 * BREAKER_THRESHOLD;
    const result = await collectUnder({ rules: [{ effect: "throttle", api: "ec2:DescribeInstanceAttribute", count: throttles }] }, { awsMaxAttempts: 2 });
    expectComplete(result);
    expect(result.stats.apis["ec2:DescribeInstanceAttribute"]!.throttles).toBe(throttles);
  }, 180_000);
});
