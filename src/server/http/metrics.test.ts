import { describe, expect, it } from "vitest";
import { Collector } from "../../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { histogramBuckets } from "../../../test/support/prometheus-text.js";
import { createRpcMetrics, HANDLING_SECONDS_BUCKETS } from "./metrics.js";

const collect = Collector.method.collect;
const labels = 'grpc_type="server_stream",grpc_service="spaceone.api.inventory.plugin.Collector",grpc_method="collect"';
const gauges = { inFlight: () => 2, ready: () => true };

describe("rpc metrics", () => {
  it("puts each handling time in its bucket: Prometheus' defaults, then longer ones up to an hour", async () => {
    const metrics = createRpcMetrics(gauges);
    for (const seconds of [0.003, 0.3, 45, 2_000, 5_000]) metrics.handled(collect, "OK", seconds, 1);
    const text = await metrics.registry.metrics();
    expect([...histogramBuckets(text, "grpc_server_handling_seconds", labels)]).toEqual([
      ...HANDLING_SECONDS_BUCKETS.map((le) => [String(le), le < 0.3 ? 1 : le < 45 ? 2 : le < 2_000 ? 3 : 4]),
      ["+Inf", 5],
    ]);
    expect(HANDLING_SECONDS_BUCKETS.slice(0, 11)).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
    expect(text).toContain(`grpc_server_handling_seconds_count{${labels}} 5`);
    expect(text).toContain(`grpc_server_handling_seconds_sum{${labels}} 7045.303`);
    expect(text).toContain(`grpc_server_msg_sent_total{${labels}} 5`);
    expect(text).toContain("grpc_server_in_flight 2");
    expect(text).toContain("collector_ready 1");
  });

  it("keeps each server's counts apart, with the process metrics in every registry", async () => {
    const servers = Array.from({ length: 20 }, () => createRpcMetrics(gauges));
    servers[0]!.started(collect);
    const [first, second] = await Promise.all([servers[0]!.registry.metrics(), servers[1]!.registry.metrics()]);
    expect(first).toContain(`grpc_server_started_total{${labels}} 1`);
    expect(second).not.toContain("grpc_server_started_total{");
    for (const text of [first, second]) {
      expect(text).toContain("# TYPE process_cpu_seconds_total counter");
      expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+$/m);
    }
  });
});
