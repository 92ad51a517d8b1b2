/**
 * Every AWS call is cancellable by the client's cancellation: a cancelled collect
 * stops calling AWS, and the engine logs the region task as aborted. Also: with no
 * endpoint configured, the SDK's standard `AWS_ENDPOINT_URL` is honoured.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { createLogger } from "../../src/common/log.js";
import { createEngine } from "../../src/engine/index.js";
import { DEMO_SECRET, regionTask, replayStats, startCollecting, type Collecting } from "./harness.js";

let c: Collecting;

beforeAll(async () => {
  c = await startCollecting();
});
afterAll(async () => {
  await c.stop();
});
afterEach(async () => {
  await c.clearFaults();
  delete process.env.AWS_ENDPOINT_URL;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("cancellation", () => {
  it("a cancelled collect stops calling AWS and is logged as aborted", async () => {
    await c.setFaults({ rules: [{ effect: "latency", ms: 300 }] });
    await fetch(`${c.replayUrl()}/_stats/reset`, { method: "POST" });
    const ac = new AbortController();
    const consumed = (async () => {
      for await (const _ of c.collector.collect({ options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: regionTask("us-east-1") }, { signal: ac.signal })) {
        // nothing arrives before the cancellation: every call takes 300 ms
      }
    })();
    await sleep(500);
    ac.abort();
    await expect(consumed).rejects.toThrow();
    await sleep(800); // calls already on the wire finish
    const settled = (await replayStats(c)).totals.calls;
    await sleep(1500);
    expect((await replayStats(c)).totals.calls).toBe(settled);
    const end = c.engineLogs.find((l) => l.msg === "region task finished");
    expect(end).toMatchObject({ region: "us-east-1", aborted: true });
  });
});

describe("AWS SDK environment", () => {
  it("honours AWS_ENDPOINT_URL when no endpoint is configured", async () => {
    process.env.AWS_ENDPOINT_URL = c.replayUrl();
    const engine = createEngine({ retryStrategy: new ConfiguredRetryStrategy(3, () => 10), log: createLogger({ write: () => {} }) });
    const tasks = await engine.getTasks({ options: {}, secretData: DEMO_SECRET }, new AbortController().signal);
    expect(tasks.filter((t) => t.resource_type === "inventory.CloudService").map((t) => t.region)).toEqual(["ap-northeast-2", "eu-west-1", "us-east-1"]);
  });
});
