/**
 * RPC metrics in the Prometheus text format at `GET /metrics`, named like
 * go-grpc-prometheus so existing gRPC dashboards work: calls started, calls
 * handled by status code, messages sent, handling time, calls in flight.
 */
import type { DescMethod } from "@bufbuild/protobuf";

interface MethodLabels {
  grpc_type: string;
  grpc_service: string;
  grpc_method: string;
}

interface MethodStats {
  labels: MethodLabels;
  started: number;
  handled: Map<string, number>;
  messagesSent: number;
  secondsSum: number;
  secondsCount: number;
}

export interface RpcMetrics {
  started(method: DescMethod): void;
  /** `code` is "OK" or a Connect code name ("InvalidArgument", …). */
  handled(method: DescMethod, code: string, seconds: number, messagesSent: number): void;
  /** The exposition text; `inFlight` and `ready` are read at scrape time. */
  render(gauges: { inFlight: number; ready: boolean }): string;
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

const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

function labelText(labels: Record<string, string>): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(",")}}`;
}

export function createRpcMetrics(): RpcMetrics {
  const methods = new Map<string, MethodStats>();
  const stats = (method: DescMethod): MethodStats => {
    const key = `${method.parent.typeName}/${method.name}`;
    let s = methods.get(key);
    if (!s) {
      s = {
        labels: { grpc_type: grpcType(method.methodKind), grpc_service: method.parent.typeName, grpc_method: method.name },
        started: 0,
        handled: new Map(),
        messagesSent: 0,
        secondsSum: 0,
        secondsCount: 0,
      };
      methods.set(key, s);
    }
    return s;
  };
  return {
    started(method) {
      stats(method).started++;
    },
    handled(method, code, seconds, messagesSent) {
      const s = stats(method);
      s.handled.set(code, (s.handled.get(code) ?? 0) + 1);
      s.messagesSent += messagesSent;
      s.secondsSum += seconds;
      s.secondsCount++;
    },
    render({ inFlight, ready }) {
      const all = [...methods.values()];
      const lines: string[] = [];
      const family = (name: string, type: string, help: string, samples: string[]) => {
        lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
      };
      family("grpc_server_started_total", "counter", "RPCs started on the server.", all.map((s) => `grpc_server_started_total${labelText({ ...s.labels })} ${s.started}`));
      family(
        "grpc_server_handled_total",
        "counter",
        "RPCs completed on the server, by status code.",
        all.flatMap((s) => [...s.handled].map(([code, n]) => `grpc_server_handled_total${labelText({ ...s.labels, grpc_code: code })} ${n}`)),
      );
      family("grpc_server_msg_sent_total", "counter", "Response messages sent by the server.", all.map((s) => `grpc_server_msg_sent_total${labelText({ ...s.labels })} ${s.messagesSent}`));
      family(
        "grpc_server_handling_seconds",
        "summary",
        "Time from the start of an RPC to its end.",
        all.flatMap((s) => [`grpc_server_handling_seconds_sum${labelText({ ...s.labels })} ${s.secondsSum}`, `grpc_server_handling_seconds_count${labelText({ ...s.labels })} ${s.secondsCount}`]),
      );
      family("grpc_server_in_flight", "gauge", "RPCs running now.", [`grpc_server_in_flight ${inFlight}`]);
      family("collector_ready", "gauge", "1 while serving, 0 while starting or draining.", [`collector_ready ${ready ? 1 : 0}`]);
      return lines.join("\n") + "\n";
    },
  };
}
