/** What every log line about one RPC carries: its name and the caller's trace id. */
import type { StreamRequest, UnaryRequest } from "@connectrpc/connect";

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/** The trace id of a W3C `traceparent` header (the platform always sends one), if well-formed. */
export function traceIdOf(header: Headers): string | undefined {
  const match = TRACEPARENT.exec(header.get("traceparent")?.trim().toLowerCase() ?? "");
  return match?.[1];
}

/** `Service/method` with the short service name, as Cloudforet dispatches (`Collector/collect`). */
export function rpcName(req: UnaryRequest | StreamRequest): string {
  return `${req.service.name}/${req.method.name}`;
}

export function callFields(req: UnaryRequest | StreamRequest): { rpc: string; trace_id?: string } {
  const traceId = traceIdOf(req.header);
  return traceId ? { rpc: rpcName(req), trace_id: traceId } : { rpc: rpcName(req) };
}
