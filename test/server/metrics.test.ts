/** `GET /metrics` counts what really went over the wire, and every plugin call leaves one "rpc finished" line. */
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import type { CollectedRecord } from "../../src/engine/api.js";
import { unimplementedEngine } from "../support/unimplemented-engine.js";
import { startServer, type Running } from "./harness.js";

const record: CollectedRecord = { state: "SUCCESS", resourceType: "inventory.Region", message: "", matchRules: { "1": ["provider", "region_code"] }, resource: { provider: "aws", region_code: "us-east-1", name: "", tags: {} } };
let running: Running;

beforeAll(async () => {
  running = await startServer({
    engine: {
      ...unimplementedEngine,
      async *collect() {
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
  it("reports started, handled by code, messages sent and in-flight calls in Prometheus text", async () => {
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
    expect(text).toContain(`grpc_server_handling_seconds_count{${collect}} 1`);
    expect(text).toContain("grpc_server_in_flight 0");
    expect(text).toContain("collector_ready 1");
    expect(text).toContain("# TYPE grpc_server_handled_total counter");

    const finished = running.logs.filter((l) => l.msg === "rpc finished" && l.rpc === "Collector/collect");
    expect(finished).toEqual([expect.objectContaining({ level: "info", code: "OK", messages: 3 })]);
    expect(running.logs.filter((l) => l.msg === "rpc finished" && l.rpc === "Collector/init").map((l) => l.code)).toEqual(["OK", "OK", "InvalidArgument"]);
  });
});
