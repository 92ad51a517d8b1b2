/**
 * A hung AWS endpoint ends the task, with an error, in bounded time
 * (docs/reliability.md#aws-faults-timeouts-and-systemic-failures). Issue 11's case: an endpoint that
 * accepts connections and never answers held a collect on its first call (`sts:GetCallerIdentity`)
 * for ever. Every attempt now has a response timeout, retried like any transient failure, so the call
 * ends after `attempts` × the timeout; a region task whose calls all time out ends after one such wave,
 * because its circuit breakers stop the calls that would follow. Proved with small timeouts by counting
 * attempts, never by the clock. Network failures are named by their cause.
 */
import { createServer, type Server, type Socket } from "node:net";
import { ConnectError } from "@connectrpc/connect";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { collectAll, collectRegion, regionTask, replayStats, resetReplayStats, startCollecting, type Collecting } from "./harness.js";

const ATTEMPTS = 3;
/** Short, but long enough that a loaded machine answers the calls that are not hung within it. */
const TIMEOUT_MS = 3_000;
const settings = { retryStrategy: new ConfiguredRetryStrategy(ATTEMPTS, () => 1), awsResponseTimeoutMs: TIMEOUT_MS };

/** A TCP server that accepts every connection, reads every request and never answers; counts both. */
async function silentEndpoint(): Promise<{ url: string; connections: () => number; requests: () => number; open: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let requests = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("data", (chunk) => (requests += chunk.toString("latin1").match(/^POST /gm)?.length ?? 0));
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    requests: () => requests,
    open: () => sockets.size,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The gRPC error a collect of one region ends with (undefined: it ended OK). */
async function collectError(c: Collecting, options = {}): Promise<ConnectError | undefined> {
  return collectAll(c, { options, taskOptions: regionTask("us-east-1") }).then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
}

let c: Collecting;
beforeAll(async () => {
  c = await startCollecting({ engine: { ...settings, allowEndpointOverride: true } });
});
afterAll(() => c.stop());
afterEach(() => c.clearFaults());

describe("a hung AWS endpoint", () => {
  it("that accepts connections and never answers ends the collect with ERROR_AWS_API naming the first call and TimeoutError, after each attempt timed out", async () => {
    const endpoint = await silentEndpoint();
    try {
      const err = await collectError(c, { endpoint_url: endpoint.url });
      expect(err?.rawMessage).toMatch(
        new RegExp(`^ERROR_AWS_API: sts:GetCallerIdentity failed\\. \\(reason = TimeoutError: .*${TIMEOUT_MS} ms.*, region = us-east-1\\)$`),
      );
      // Each attempt was sent, waited for, abandoned: nothing is left open, nothing more was tried.
      expect(endpoint.requests()).toBe(ATTEMPTS);
      await expect.poll(endpoint.open).toBe(0);
    } finally {
      await endpoint.close();
    }
  });

  it("for every call after the first: the region task ends after one wave of timeouts, each API tried once, every type an ErrorResource naming TimeoutError", async () => {
    await c.setFaults({
      rules: ["ec2", "autoscaling", "elasticloadbalancing", "ssm"].map((service) => ({ effect: "hang", api: `${service}:*`, ms: 600_000 })),
    });
    await resetReplayStats(c);
    const records = await collectRegion(c, "us-east-1");
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(r.state).toBe("FAILURE");
      expect(r.message).toMatch(/^ERROR_AWS_API: \S+ failed\. \(reason = TimeoutError: /);
    }
    // One wave: no API was called twice (each call's attempts aside); nothing waited for a second wave.
    const stats = await replayStats(c);
    for (const [api, counters] of Object.entries(stats.apis)) {
      expect(counters.calls - counters.retries, api).toBeLessThanOrEqual(1);
      expect(counters.calls, api).toBeLessThanOrEqual(ATTEMPTS);
    }
    expect(stats.inFlight).toBe(0);
    expect(c.engineLogs.findLast((l) => l.msg === "region task finished")).toMatchObject({
      calls_stopped: expect.arrayContaining([expect.objectContaining({ scope: "ec2", code: "TimeoutError" })]) as object[],
    });
  });
});

describe("network failures are named by their cause", () => {
  it.each([
    ["a closed port", "http://127.0.0.1:1", /reason = ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:1/],
    ["a host DNS does not know", "http://aws-endpoint.invalid", /reason = (ENOTFOUND|EAI_AGAIN): getaddrinfo (ENOTFOUND|EAI_AGAIN) aws-endpoint\.invalid/],
  ])("%s", async (_name, endpoint, reason) => {
    const err = await collectError(c, { endpoint_url: endpoint });
    expect(err?.rawMessage).toMatch(/^ERROR_AWS_API: sts:GetCallerIdentity failed\. /);
    expect(err?.rawMessage).toMatch(reason);
  });
});
