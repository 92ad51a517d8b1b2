/** `GET /metrics` counts what really went over the wire, and every plugin call leaves one "rpc finished" line. */
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { HANDLING_SECONDS_BUCKETS } from "../../src/server/http/metrics.js";
import { histogramBuckets } from "../support/prometheus-text.js";
import { unimplementedEngine } from "../support/unimplemented-engine.js";
import { startServer, type Running } from "./harness.js";
import { regionRecord } from "../../src/engine/records/region.js";

/** Any well-formed record: the engine's own record of a region. */
const record = regionRecord("us-east-1");
let running: Running;

beforeAll(async () => {
  running = await startServer({
    engine: {
      ...unimplementedEngine,
      async *collect() {
        // At least 50 ms: a lower bound on the stream's handling time that a busy machine can only lengthen.
        await sleep(50);
        yield record;
        yield record;
        yield record;
      },
    },
  });
});
afterAll(async () => {
  await running.stop();
});

describe("metrics", () => {
  it("reports started, handled by code, messages sent, handling time and in-flight calls in Prometheus text", async () => {
    const collector = createClient(Collector, createGrpcTransport({ baseUrl: running.baseUrl }));
    await collector.init({ options: {} });
    await collector.init({ options: {} });
    await collector.init({}).catch(() => undefined);
    for await (const _ of collector.collect({ options: {}, secretData: {}, filter: {} })) void _;

    const res = await fetch(`${running.baseUrl}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const init = 'grpc_type="unary",grpc_service="spaceone.api.inventory.plugin.Collector",grpc_method="init"';
    const collect = 'grpc_type="server_stream",grpc_service="spaceone.api.inventory.plugin.Collector",grpc_method="collect"';
    expect(text).toContain(`grpc_server_started_total{${init}} 3`);
    expect(text).toContain(`grpc_server_handled_total{${init},grpc_code="OK"} 2`);
    expect(text).toContain(`grpc_server_handled_total{${init},grpc_code="InvalidArgument"} 1`);
    expect(text).toContain(`grpc_server_msg_sent_total{${collect}} 3`);
    expect(text).toContain("# TYPE grpc_server_handling_seconds histogram");
    expect(text).toContain(`grpc_server_handling_seconds_count{${collect}} 1`);
    expect(text).toContain(`grpc_server_handling_seconds_count{${init}} 3`);
    // Every bucket, cumulative; the collect stream took 50 ms or more, so it is not in the 25 ms bucket.
    const initBuckets = histogramBuckets(text, "grpc_server_handling_seconds", init);
    expect([...initBuckets.keys()]).toEqual([...HANDLING_SECONDS_BUCKETS.map(String), "+Inf"]);
    expect([...initBuckets.values()]).toEqual([...initBuckets.values()].sort((a, b) => a - b));
    expect(initBuckets.get("+Inf")).toBe(3);
    const collectBuckets = histogramBuckets(text, "grpc_server_handling_seconds", collect);
    expect([collectBuckets.get("0.025"), collectBuckets.get("3600"), collectBuckets.get("+Inf")]).toEqual([0, 1, 1]);
    expect(text).toContain("grpc_server_in_flight 0");
    expect(text).toContain("collector_ready 1");
    expect(text).toContain("# TYPE grpc_server_handled_total counter");
    // Node's process metrics on the same registry.
    expect(text).toMatch(/^process_cpu_seconds_total [\d.]+$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+$/m);

    const finished = running.logs.filter((l) => l.msg === "rpc finished" && l.rpc === "Collector/collect");
    expect(finished).toEqual([expect.objectContaining({ level: "info", code: "OK", messages: 3 })]);
    expect(running.logs.filter((l) => l.msg === "rpc finished" && l.rpc === "Collector/init").map((l) => l.code)).toEqual(["OK", "OK", "InvalidArgument"]);
  });
});
