/**
 * Which metadata crosses the gateway. Each hop speaks its own protocol
 * (Connect, gRPC-Web or gRPC towards the client; gRPC towards the upstream),
 * so the headers that describe one hop's framing, encoding, deadline or
 * connection stay on it, as do a browser's own headers; everything else —
 * Cloudforet's `token`, `traceparent`, custom metadata, an upstream's own
 * response headers and trailers — is passed on.
 */

/** Headers of one hop (HTTP/1.1 hop-by-hop, content framing, browser fetch and CORS headers). */
const HOP_HEADERS = new Set([
  "accept",
  "accept-encoding",
  "connection",
  "content-encoding",
  "content-length",
  "content-type",
  "cookie",
  "date",
  "host",
  "keep-alive",
  "origin",
  "proxy-connection",
  "referer",
  "server",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "vary",
  "x-grpc-web",
  "x-user-agent",
]);

/** Prefixes of protocol headers: HTTP/2 pseudo-headers, gRPC's (`grpc-timeout`, `grpc-status`, …), Connect's, the browser's. */
const HOP_PREFIXES = [":", "grpc-", "connect-", "sec-", "access-control-"];

export function isForwarded(name: string): boolean {
  const lower = name.toLowerCase();
  return !HOP_HEADERS.has(lower) && !HOP_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/** Appends the forwarded entries of `from` to `to` (a new Headers when omitted); returns `to`. */
export function copyForwarded(from: Headers, to: Headers = new Headers()): Headers {
  from.forEach((value, name) => {
    if (isForwarded(name)) to.append(name, value);
  });
  return to;
}
