/**
 * The Hono app behind the RPC routes: liveness, readiness (the server's phase
 * and its dependency), metrics, the OpenAPI document, the optional fixture replay under `/replay`,
 * the optional browser console at `/`, and JSON for everything else (404s and errors).
 */
import { getRequestListener, type HttpBindings } from "@hono/node-server";
import { Hono, type Handler, type MiddlewareHandler } from "hono";
import type { Registry } from "prom-client";
import { unknownError } from "../../common/errors.js";
import type { Logger } from "../../common/log.js";
import { maskText } from "../../common/secrets.js";
import type { Lifecycle } from "../lifecycle.js";
import { createConsoleApp, type ConsoleOptions } from "./console.js";
import type { NodeHandler } from "../transport/one-port.js";

export interface HttpAppOptions {
  lifecycle: Lifecycle;
  logger: Logger;
  /** Served at `/metrics` in Prometheus' text format; omitted: no metrics route. */
  metrics?: Registry;
  /** Loads the replay app on first use; omitted when replay is disabled. */
  replay?: () => Promise<Hono>;
  /** The OpenAPI document served at `/openapi.json`, asked for on each request (the caller caches it); omitted: no such route. */
  openapi?: () => object;
  /** Further routes (e.g. a report), tried before the console's. */
  routes?: Hono<{ Bindings: HttpBindings }>;
  /** The browser console at `/`; omitted when the console is disabled. */
  console?: ConsoleOptions;
  /** Largest request body the replay reads (the server's `maxRequestBytes`); larger ones get 413. Default 4 MiB. */
  maxBodyBytes?: number;
}

export function createHttpApp({
  lifecycle,
  logger,
  replay,
  metrics,
  openapi,
  routes,
  console: browserConsole,
  maxBodyBytes = 4 * 1024 * 1024,
}: HttpAppOptions): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  /** A GET route (HEAD included); any other method gets 405 rather than the 404 of an unknown path. */
  const getOnly = (path: string, handler: Handler<{ Bindings: HttpBindings }>) => {
    app.get(path, handler);
    app.all(path, (c) => c.json({ error: "method not allowed", path: c.req.path }, 405, { allow: "GET, HEAD" }));
  };

  // Alive as long as the process answers at all, draining included.
  getOnly("/healthz", (c) => c.json({ status: "alive" }));
  getOnly("/readyz", (c) => {
    const notReady = lifecycle.notReady;
    if (!notReady) return c.json({ status: "ready" });
    // The reason is a dependency's text (e.g. a load error): mask it like every other text that leaves.
    return c.json("reason" in notReady ? { ...notReady, reason: maskText(notReady.reason) } : notReady, 503);
  });
  if (metrics) {
    getOnly("/metrics", async (c) => c.text(await metrics.metrics(), 200, { "content-type": metrics.contentType }));
  }

  if (openapi) getOnly("/openapi.json", (c) => c.json(openapi()));

  if (replay) {
    // Routed, not `mount`ed: mount strips "/replay" from the URL, and the replay verifies each
    // request's signature over the full path its client signed ("/replay/<set>/").
    let routed: Promise<Hono> | undefined;
    const replayRoutes = () => (routed ??= replay().then((inner) => new Hono().route("/replay", inner)));
    app.all("/replay/*", bodyWithin(maxBodyBytes), async (c) => (await replayRoutes()).fetch(c.req.raw, c.env));
  }

  if (routes) app.route("/", routes);
  if (browserConsole) app.route("/", createConsoleApp(browserConsole));

  app.notFound((c) => c.json({ error: "not found", path: c.req.path }, 404));
  app.onError((err, c) => {
    logger.error("http route failed", { path: c.req.path, err });
    return c.json({ error: unknownError(maskText(err.message)).wireMessage }, 500);
  });
  return app;
}

/**
 * Reads the request body, at most `max` bytes of it kept; a larger body is read to its end and dropped
 * before the 413, so the client's upload completes and the connection stays usable.
 */
function bodyWithin(max: number): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.length;
      if (size <= max) chunks.push(read.value);
    }
    if (size > max) return c.json({ error: `request body too large (limit = ${max} bytes)` }, 413);
    const raw = c.req.raw;
    c.req.raw = new Request(raw.url, { method: raw.method, headers: raw.headers, body: Buffer.concat(chunks), signal: raw.signal });
    return next();
  };
}

/** Hono behind Node's request listener; keeps the global Request/Response classes untouched. */
export function honoListener(app: Hono<{ Bindings: HttpBindings }>): NodeHandler {
  // getRequestListener's write-callback type differs from connect-node's; the runtime contract is the same.
  return getRequestListener(app.fetch, { overrideGlobalObjects: false }) as unknown as NodeHandler;
}
