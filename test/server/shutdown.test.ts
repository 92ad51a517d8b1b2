/**
 * Graceful shutdown (docs/decisions.md#graceful-shutdown), in-process: graceful shutdown drains (readiness and health
 * flip), lets a stream finish within the grace period, and ends a stream that
 * outlives it with an error status, never OK. Also client cancellation and the
 * worker limit.
 */
import { once } from "node:events";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterEach, describe, expect, it } from "vitest";
import { Health, HealthCheckResponse_ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import type { EngineApi } from "../../src/engine/api.js";
import { unimplementedEngine } from "../support/unimplemented-engine.js";
import { startServer, type Running } from "./harness.js";
import { regionRecord } from "../../src/engine/records/region.js";

/** Any well-formed record: the engine's own record of a region. */
const record = regionRecord("us-east-1");

/** Yields `count` records `everyMs` apart; `obedient: false` returns quietly on abort (a buggy engine). */
function slowEngine(count: number, everyMs: number, obedient = true): EngineApi & { aborted: boolean; running: number; maxRunning: number } {
  const engine = {
    ...unimplementedEngine,
    aborted: false,
    running: 0,
    maxRunning: 0,
    async *collect(_params: unknown, signal: AbortSignal) {
      engine.running++;
      engine.maxRunning = Math.max(engine.maxRunning, engine.running);
      try {
        for (let i = 0; i < count; i++) {
          try {
            await sleep(everyMs, undefined, { signal });
          } catch (e) {
            engine.aborted = true;
            if (obedient) throw e;
            return;
          }
          yield record;
        }
      } finally {
        engine.running--;
      }
    },
  };
  return engine;
}

const params = { options: {}, secretData: {}, filter: {} };
let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function consume(stream: AsyncIterable<unknown>, onItem?: (n: number) => void): Promise<{ items: number; error?: ConnectError }> {
  let items = 0;
  try {
    for await (const _ of stream) {
      void _;
      items++;
      onItem?.(items);
    }
    return { items };
  } catch (e) {
    return { items, error: ConnectError.from(e) };
  }
}

describe("graceful shutdown", () => {
  it("flips readiness and health, lets a short stream finish OK, then stops", async () => {
    running = await startServer({ engine: slowEngine(5, 100), args: ["--shutdown-grace-ms", "5000"] });
    const transport = createGrpcTransport({ baseUrl: running.baseUrl });
    const health = createClient(Health, transport);
    const statuses: HealthCheckResponse_ServingStatus[] = [];
    const watchIt = (async () => {
      for await (const res of health.watch({ service: "" })) statuses.push(res.status);
    })();
    let shutdown: Promise<void> | undefined;
    const server = running.server;
    const collected = consume(createClient(Collector, transport).collect(params), (n) => {
      if (n === 1) shutdown = server.shutdown();
    });
    const result = await collected;
    expect(result).toEqual({ items: 5 });
    expect(server.lifecycle.ready).toBe(false);
    await watchIt;
    expect(statuses).toEqual([HealthCheckResponse_ServingStatus.SERVING, HealthCheckResponse_ServingStatus.NOT_SERVING]);
    await shutdown;
    expect(server.lifecycle.phase).toBe("stopped");
    expect(running.logs.find((l) => l.msg === "stopped")).toMatchObject({ clean: true });
    // The listener is closed: new connections are refused.
    const refused = await consume(createClient(Collector, createGrpcTransport({ baseUrl: running.baseUrl })).collect(params));
    expect(refused.error?.code).toBe(Code.Unavailable);
  });

  it.each([
    ["gRPC h2c, an engine that throws on abort", true, "grpc"],
    ["gRPC h2c, an engine that returns quietly on abort", false, "grpc"],
    ["Connect JSON over HTTP/1.1", true, "connect"],
  ] as const)("ends a stream that outlives the grace period with UNAVAILABLE, never OK (%s)", async (_name, obedient, protocol) => {
    const engine = slowEngine(1000, 50, obedient);
    running = await startServer({ engine, args: ["--shutdown-grace-ms", "300"] });
    const server = running.server;
    let shutdown: Promise<void> | undefined;
    const transport =
      protocol === "grpc"
        ? createGrpcTransport({ baseUrl: running.baseUrl })
        : createConnectTransport({ baseUrl: running.baseUrl, httpVersion: "1.1", useBinaryFormat: false });
    const result = await consume(createClient(Collector, transport).collect(params), (n) => {
      if (n === 2) shutdown = server.shutdown();
    });
    expect(result.items).toBeGreaterThanOrEqual(2);
    expect(result.error?.code).toBe(Code.Unavailable);
    expect(result.error?.rawMessage).toBe("ERROR_UNAVAILAVBLE: Server is unavailable. (reason = shutting down)");
    expect(engine.aborted).toBe(true);
    await shutdown;
  });
});

describe("per-call bookkeeping", () => {
  it("logs a client cancellation with the trace id and aborts the engine", async () => {
    const engine = slowEngine(1000, 30);
    running = await startServer({ engine });
    const abort = new AbortController();
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    await consume(
      createClient(Collector, createGrpcTransport({ baseUrl: running.baseUrl })).collect(params, {
        signal: abort.signal,
        headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
      }),
      (n) => n === 2 && abort.abort(),
    );
    await expect.poll(() => engine.aborted, { timeout: 10_000 }).toBe(true);
    await expect
      .poll(() => running!.logs.find((l) => l.msg === "rpc cancelled by client"), { timeout: 10_000 })
      .toMatchObject({ rpc: "Collector/collect", trace_id: traceId });
  });

  /** A Connect JSON `collect` over a raw HTTP/1.1 socket that is closed once the first record arrived (curl --max-time). */
  async function curlLikeCollect(port: number): Promise<void> {
    const json = Buffer.from(JSON.stringify(params));
    const frame = Buffer.alloc(5 + json.length);
    frame.writeUInt32BE(json.length, 1);
    json.copy(frame, 5);
    const socket = connect(port, "127.0.0.1");
    socket.write(
      `POST /spaceone.api.inventory.plugin.Collector/collect HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/connect+json\r\nContent-Length: ${frame.length}\r\n\r\n`,
    );
    socket.write(frame);
    await once(socket, "data");
    socket.destroy();
  }

  it.each([
    ["gRPC h2c", "grpc"],
    ["Connect JSON over HTTP/1.1", "connect"],
    ["gRPC-Web over HTTP/1.1", "grpc-web"],
    ["a raw HTTP/1.1 client that closes its socket (curl --max-time)", "socket"],
  ] as const)("a client that goes away mid-stream ends the call as Canceled, logged at info, never as an internal error (%s)", async (_name, protocol) => {
    const engine = slowEngine(1000, 30);
    running = await startServer({ engine });
    if (protocol === "socket") {
      await curlLikeCollect(running.port);
    } else {
      const transport =
        protocol === "grpc"
          ? createGrpcTransport({ baseUrl: running.baseUrl })
          : protocol === "connect"
            ? createConnectTransport({ baseUrl: running.baseUrl, httpVersion: "1.1", useBinaryFormat: false })
            : createGrpcWebTransport({ baseUrl: running.baseUrl, httpVersion: "1.1" });
      const abort = new AbortController();
      await consume(createClient(Collector, transport).collect(params, { signal: abort.signal }), (n) => n === 2 && abort.abort());
    }
    await expect.poll(() => engine.aborted, { timeout: 10_000 }).toBe(true);
    const finished = () => running!.logs.find((l) => l.msg === "rpc finished" && l.rpc === "Collector/collect");
    await expect.poll(finished, { timeout: 10_000 }).toBeDefined();
    expect(finished()).toMatchObject({ level: "info", code: "Canceled" });
    expect(running.logs.find((l) => l.msg === "rpc cancelled by client")).toMatchObject({ level: "info", rpc: "Collector/collect" });
    expect(running.logs.filter((l) => l.level === "error" || l.level === "warn")).toEqual([]);
  });

  it("runs at most SPACEONE_WORKER plugin calls at once; health is never queued behind them", async () => {
    // Each collect holds its worker slot until Health has answered: a Health call queued behind the
    // slot would never be answered, and this test would time out.
    let healthAnswered!: () => void;
    const latch = new Promise<void>((resolve) => (healthAnswered = resolve));
    const engine = {
      ...unimplementedEngine,
      running: 0,
      maxRunning: 0,
      async *collect() {
        engine.running++;
        engine.maxRunning = Math.max(engine.maxRunning, engine.running);
        try {
          await latch;
          for (let i = 0; i < 3; i++) yield record;
        } finally {
          engine.running--;
        }
      },
    };
    running = await startServer({ engine, args: ["--workers", "1"] });
    const server = running.server;
    const transport = createGrpcTransport({ baseUrl: running.baseUrl });
    const collector = createClient(Collector, transport);
    const both = Promise.all([consume(collector.collect(params)), consume(collector.collect(params))]);
    // One collect holds the only slot, the other waits for it.
    await expect.poll(() => [engine.running, server.lifecycle.inFlight], { timeout: 10_000 }).toEqual([1, 2]);
    const health = await createClient(Health, transport).check({ service: "" });
    expect(health.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    expect(engine.running).toBe(1);
    healthAnswered();
    expect(await both).toEqual([{ items: 3 }, { items: 3 }]);
    expect(engine.maxRunning).toBe(1);
  });
});
