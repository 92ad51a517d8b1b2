/**
 * CORS for browsers calling gRPC-Web, Connect and the HTTP routes, from an
 * origin allowlist (`CORS_ORIGINS`). Empty list: no CORS headers at all, i.e.
 * same-origin only. `*` allows any origin (without credentials).
 */
import { cors as connectCors } from "@connectrpc/connect";
import type { NodeHandler } from "../transport/one-port.js";

const ALLOW_METHODS = connectCors.allowedMethods.join(", ");
const ALLOW_HEADERS = [...connectCors.allowedHeaders, "traceparent"].join(", ");
const EXPOSE_HEADERS = connectCors.exposedHeaders.join(", ");
const MAX_AGE_SECONDS = "7200";

/** Wraps `next` with CORS handling; returns `next` unchanged when no origin is allowed. */
export function withCors(origins: readonly string[], next: NodeHandler): NodeHandler {
  if (origins.length === 0) return next;
  const any = origins.includes("*");
  const allowed = new Set(origins);
  return (req, res) => {
    const origin = req.headers.origin;
    if (typeof origin !== "string" || !(any || allowed.has(origin))) return next(req, res);
    res.setHeader("access-control-allow-origin", any ? "*" : origin);
    if (!any) res.setHeader("vary", "Origin");
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    if (preflight) {
      res.setHeader("access-control-allow-methods", ALLOW_METHODS);
      res.setHeader("access-control-allow-headers", ALLOW_HEADERS);
      res.setHeader("access-control-max-age", MAX_AGE_SECONDS);
      res.writeHead(204);
      res.end();
      return;
    }
    res.setHeader("access-control-expose-headers", EXPOSE_HEADERS);
    next(req, res);
  };
}
