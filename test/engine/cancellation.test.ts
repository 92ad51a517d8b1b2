/**
 * Every AWS call is cancellable by the client's cancellation: a cancelled collect
 * abandons the calls it has on the wire and makes no more, and the engine logs the
 * region task as aborted. Also: with no endpoint configured, the SDK's standard
 * `AWS_ENDPOINT_URL` is honoured.
 *
 * Also mid-stream, over gRPC and over HTTP/1.1: once records have arrived, a cancel stops every call
 * of the stream (how long they outlived it is measured into test-artifacts/cancellation.json).
 *
 * No wall-clock sleeps: the test polls the replay's `inFlight` count and the engine's
 * log, so a slow machine only makes it wait longer.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { createLogger } from "../../src/common/log.js";
import { createEngine } from "../../src/engine/index.js";
import type { StatsSnapshot } from "../../src/replay/stats.js";
import { DEMO_SECRET, collectRegion, regionTask, replayStats, resetReplayStats, startCollecting, type Collecting } from "./harness.js";

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

/** The region cancelled (its calls hang until abandoned) and the one collected meanwhile. */
const CANCELLED = "eu-west-1";
const COLLECTED = "ap-northeast-2";
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts", import.meta.url));
/** Far longer than any poll below: a call still held when a poll gives up was not abandoned. */
const HANG_MS = 600_000;

/** Calls for `region` that reached the replay: answered (`calls`) plus those still held. */
const reached = (stats: StatsSnapshot, region: string) =>
  Object.entries(stats.scopes)
    .filter(([scope]) => scope.split("/")[1] === region)
    .reduce((n, [, counters]) => n + counters.calls, 0);

describe("cancellation", () => {
  it("a cancelled collect abandons its calls on the wire, makes no more, and is logged as aborted", async () => {
    await c.setFaults({ rules: [{ effect: "hang", region: CANCELLED, ms: HANG_MS }] });
    await resetReplayStats(c);
    const ac = new AbortController();
    const consumed = (async () => {
      for await (const _ of c.collector.collect(
        { options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: regionTask(CANCELLED) },
        { signal: ac.signal },
      )) {
        // nothing arrives: every call of the region hangs
      }
    })().then(
      () => undefined,
      (err: unknown) => err,
    );
    // The region's listings are on the wire, held by the replay.
    await expect.poll(async () => (await replayStats(c)).inFlight, { timeout: 20_000 }).toBeGreaterThanOrEqual(5);

    ac.abort();
    const err = await consumed;
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Canceled);
    // The engine ended the region task (its AWS session is closed: nothing can be sent on it any more)...
    await expect
      .poll(() => c.engineLogs.find((l) => l.msg === "region task finished" && l.region === CANCELLED), { timeout: 20_000 })
      .toMatchObject({ aborted: true });
    // ...and abandoned every call it had on the wire: each would otherwise be held for HANG_MS.
    await expect.poll(async () => (await replayStats(c)).inFlight, { timeout: 20_000 }).toBe(0);
    const afterCancel = reached(await replayStats(c), CANCELLED);
    expect(afterCancel).toBeGreaterThanOrEqual(5);

    // A whole collect of another region runs meanwhile; any call for the cancelled region
    // started since would still be held (in flight) or counted now.
    const records = await collectRegion(c, COLLECTED);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.state === "SUCCESS")).toBe(true);
    const final = await replayStats(c);
    expect(final.inFlight).toBe(0);
    expect(reached(final, CANCELLED)).toBe(afterCancel);
  }, 90_000);
});

describe("cancellation mid-stream", () => {
  const measured: Array<Record<string, unknown>> = [];
  afterAll(() => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, "cancellation.json"), JSON.stringify(measured, null, 2) + "\n");
  });

  it.each([
    ["gRPC", () => createGrpcTransport({ baseUrl: c.running.baseUrl })],
    ["Connect JSON over HTTP/1.1", () => createConnectTransport({ baseUrl: c.running.baseUrl, httpVersion: "1.1", useBinaryFormat: false })],
  ])(
    "a client that cancels after the first records (%s) stops every AWS call of its stream; none is made afterwards",
    async (protocol, transport) => {
      // Instances stream; the volume attributes (warmed up beside them) are held on the wire.
      await c.setFaults({ rules: [{ effect: "hang", api: "ec2:DescribeVolumeAttribute", region: CANCELLED, ms: HANG_MS }] });
      c.engine.itemCache.clear();
      c.engineLogs.length = 0;
      await resetReplayStats(c);
      const ac = new AbortController();
      let records = 0;
      const consumed = (async () => {
        for await (const _ of createClient(Collector, transport()).collect(
          { options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: regionTask(CANCELLED) },
          { signal: ac.signal },
        ))
          records++;
      })().then(
        () => undefined,
        (err: unknown) => err,
      );
      await expect.poll(async () => records > 0 && (await replayStats(c)).inFlight > 0, { timeout: 20_000 }).toBe(true);
      ac.abort();
      const cancelledAt = performance.now();
      expect(await consumed).toBeInstanceOf(ConnectError);
      await expect.poll(async () => (await replayStats(c)).inFlight, { timeout: 20_000, interval: 10 }).toBe(0);
      // Measured, not asserted (a loaded machine may be slower): how long the calls on the wire outlived the cancel.
      measured.push({ protocol, calls_ended_after_cancel_ms: Math.round(performance.now() - cancelledAt) });
      const afterCancel = reached(await replayStats(c), CANCELLED);
      await expect
        .poll(() => c.engineLogs.find((l) => l.msg === "region task finished" && l.region === CANCELLED && l.aborted === true), { timeout: 20_000 })
        .toBeDefined();
      // Another collect runs to its end meanwhile; the cancelled region gets no call since.
      expect((await collectRegion(c, COLLECTED)).every((r) => r.state === "SUCCESS")).toBe(true);
      expect(reached(await replayStats(c), CANCELLED)).toBe(afterCancel);
    },
    90_000,
  );
});

describe("AWS SDK environment", () => {
  it("honours AWS_ENDPOINT_URL when no endpoint is configured", async () => {
    process.env.AWS_ENDPOINT_URL = c.replayUrl();
    const engine = createEngine({ retryStrategy: new ConfiguredRetryStrategy(3, () => 10), log: createLogger({ write: () => {} }) });
    const tasks = await engine.getTasks({ options: {}, secretData: DEMO_SECRET }, new AbortController().signal);
    expect(tasks.filter((t) => t.resource_type === "inventory.CloudService").map((t) => t.region)).toEqual(["ap-northeast-2", "eu-west-1", "us-east-1"]);
  });
});
