/**
 * RPC metrics through prom-client, served at `GET /metrics` and named like
 * go-grpc-prometheus so existing gRPC dashboards work: calls started, calls
 * handled by status code, messages sent, a handling-time histogram, calls in
 * flight; plus `collector_ready` and Node's process metrics.
 *
 * Each server has a registry of its own (tests run many servers in one
 * process); Node's process metrics are one set per process, shared by every
 * server's registry.
 */
import type { DescMethod } from "@bufbuild/protobuf";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Buckets of `grpc_server_handling_seconds`, in seconds: go-grpc-prometheus's
 * (Prometheus' defaults, 5 ms to 10 s), then 30 s to 1 h, because a `collect`
 * stream of a large account runs for minutes.
 */
export const HANDLING_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

const METHOD_LABELS = ["grpc_type", "grpc_service", "grpc_method"] as const;

export interface RpcMetrics {
  started(method: DescMethod): void;
  /** `code` is "OK" or a Connect code name ("InvalidArgument", …). */
  handled(method: DescMethod, code: string, seconds: number, messagesSent: number): void;
  /** Everything `GET /metrics` serves. */
  readonly registry: Registry;
}

export interface RpcMetricsOptions {
  /** Calls running now, read at scrape time. */
  inFlight: () => number;
  /** Whether the server is ready (`/readyz` 200), read at scrape time. */
  ready: () => boolean;
  /** Further metrics served with these (e.g. a shadow comparison's), registered before this is called. */
  extra?: readonly Registry[];
}

function grpcType(kind: DescMethod["methodKind"]): string {
  switch (kind) {
    case "unary":
      return "unary";
    case "server_streaming":
      return "server_stream";
    case "client_streaming":
      return "client_stream";
    case "bidi_streaming":
      return "bidi_stream";
  }
}

function methodLabels(method: DescMethod): Record<(typeof METHOD_LABELS)[number], string> {
  return { grpc_type: grpcType(method.methodKind), grpc_service: method.parent.typeName, grpc_method: method.name };
}

let processMetrics: Registry | undefined;

/** Node's default metrics (CPU, memory, handles, event loop lag, GC), collected once per process. */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

export function createRpcMetrics({ inFlight, ready, extra = [] }: RpcMetricsOptions): RpcMetrics {
  const rpc = new Registry();
  const registers = [rpc];
  const startedTotal = new Counter({ name: "grpc_server_started_total", help: "RPCs started on the server.", labelNames: METHOD_LABELS, registers });
  const handledTotal = new Counter({
    name: "grpc_server_handled_total",
    help: "RPCs completed on the server, by status code.",
    labelNames: [...METHOD_LABELS, "grpc_code"],
    registers,
  });
  const msgSentTotal = new Counter({ name: "grpc_server_msg_sent_total", help: "Response messages sent by the server.", labelNames: METHOD_LABELS, registers });
  const handlingSeconds = new Histogram({
    name: "grpc_server_handling_seconds",
    help: "Time from the start of an RPC to its end (a stream's last message), in seconds.",
    labelNames: METHOD_LABELS,
    buckets: HANDLING_SECONDS_BUCKETS,
    registers,
  });
  new Gauge({
    name: "grpc_server_in_flight",
    help: "RPCs running now.",
    registers,
    collect() {
      this.set(inFlight());
    },
  });
  new Gauge({
    name: "collector_ready",
    help: "1 while ready (/readyz answers 200), 0 while starting, waiting for the engine, or draining.",
    registers,
    collect() {
      this.set(ready() ? 1 : 0);
    },
  });
  return {
    started(method) {
      startedTotal.inc(methodLabels(method));
    },
    handled(method, code, seconds, messagesSent) {
      const labels = methodLabels(method);
      handledTotal.inc({ ...labels, grpc_code: code });
      msgSentTotal.inc(labels, messagesSent);
      handlingSeconds.observe(labels, seconds);
    },
    registry: Registry.merge([rpc, ...extra, processRegistry()]),
  };
}
