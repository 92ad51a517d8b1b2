/**
 * `createServer(config, deps)`: the whole protocol surface on one port, ready
 * to listen (port 0 in tests) and to shut down gracefully. It knows nothing of
 * the engine: the plugin hands over its services and a readiness check.
 */
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { HttpBindings } from "@hono/node-server";
import type { Interceptor } from "@connectrpc/connect";
import type { Hono } from "hono";
import type { Registry } from "prom-client";
import { Semaphore } from "../common/async.js";
import type { Config } from "../common/config.js";
import { unavailable } from "../common/errors.js";
import { log as defaultLogger, type Logger } from "../common/log.js";
import type { ConsoleSettings } from "../console/settings.js";
import { createHttpApp, honoListener } from "./http/app.js";
import { withCors } from "./http/cors.js";
import { createRpcMetrics } from "./http/metrics.js";
import { openApiDocument, type OpenApiInfo } from "./http/openapi.js";
import { connectErrorOf } from "./interceptors/error-mapping.js";
import { createLifecycle, type Lifecycle, type ReadinessCheck } from "./lifecycle.js";
import { grpcAwareFallback } from "./rpc/grpc-fallback.js";
import { createRpcHandler, listedServices } from "./rpc/router.js";
import { isServiceSource, type RpcService, type ServedServices, type ServiceSource } from "./rpc/rpc-service.js";
import { createOnePortServer, type NodeHandler } from "./transport/one-port.js";
import { listenTcp, type TcpListener } from "./transport/tcp-listener.js";

/** The settings the protocol surface reads. */
export type ServerConfig = Pick<
  Config,
  | "port"
  | "host"
  | "workers"
  | "maxRequestBytes"
  | "compression"
  | "corsOrigins"
  | "shutdownGraceMs"
  | "sniffTimeoutMs"
  | "http1RequestTimeoutMs"
  | "replayEnabled"
>;

export interface ServerDeps {
  /**
   * The services to serve besides health and reflection: fixed (the plugin's, e.g. `pluginServices(engine)`),
   * or a source whose changes the routes, reflection and OpenAPI document follow (a gateway's).
   */
  services: readonly RpcService[] | ServiceSource;
  /** What the services need before the server is ready (e.g. the engine loaded). Default: nothing. */
  readiness?: ReadinessCheck;
  /** Loads the fixture replay app; mounted under `/replay` when `config.replayEnabled`. */
  replay?: () => Promise<Hono>;
  /** Title and version of the OpenAPI document at `/openapi.json`. Default: a generic title, version 0.0.0. */
  apiInfo?: OpenApiInfo;
  logger?: Logger;
  /** The browser console at `/` and the settings its page reads; omitted: no console. */
  console?: ConsoleSettings;
  /** Around each plugin-work call, inside call tracking, outside error mapping and the worker-slot wait. */
  workerInterceptors?: readonly Interceptor[];
  /** Further metrics served at `/metrics`. */
  metrics?: readonly Registry[];
  /** Further HTTP routes (e.g. a report at its own path). */
  routes?: Hono<{ Bindings: HttpBindings }>;
}

export interface PluginServer {
  readonly lifecycle: Lifecycle;
  /**
   * Serves `listener` (a port `main.ts` opened before loading this module), or
   * binds `config.host:config.port` itself; rejects with a `ListenError`.
   */
  listen(listener?: TcpListener): Promise<AddressInfo>;
  /**
   * Graceful shutdown (idempotent): drain (not ready, health NOT_SERVING), stop
   * accepting, let in-flight calls finish for `config.shutdownGraceMs`, then
   * abort the rest with UNAVAILABLE `ERROR_UNAVAILAVBLE` and close every connection.
   */
  shutdown(): Promise<void>;
}

/** After aborting, how long calls get to write their error status before connections are cut. */
const ABORT_FLUSH_MS = 2_000;
/** How long closing HTTP/2 sessions may take to flush their last frames. */
const CLOSE_FLUSH_MS = 500;

export function createServer(config: ServerConfig, deps: ServerDeps): PluginServer {
  const logger = deps.logger ?? defaultLogger;
  const lifecycle = createLifecycle(deps.readiness);
  const replay = config.replayEnabled ? deps.replay : undefined;
  const metrics = createRpcMetrics({ inFlight: () => lifecycle.inFlight, ready: () => lifecycle.ready, extra: deps.metrics });
  const apiInfo = deps.apiInfo ?? { title: "Cloudforet plugin", version: "0.0.0" };
  const source: ServiceSource = isServiceSource(deps.services) ? deps.services : fixedServices(deps.services);
  let openapi: object | undefined;
  const app = createHttpApp({
    lifecycle,
    logger,
    replay,
    metrics: metrics.registry,
    openapi: () => (openapi ??= openApiDocument(listedServices(source.current().services), apiInfo)),
    routes: deps.routes,
    console: deps.console && { settings: deps.console },
    maxBodyBytes: config.maxRequestBytes,
  });
  const fallback = grpcAwareFallback(honoListener(app));
  const workerSlots = new Semaphore(config.workers);
  const routesOf = (served: ServedServices) =>
    createRpcHandler({ metrics, config, served, workerSlots, workerInterceptors: deps.workerInterceptors, lifecycle, logger, fallback });
  let routes = routesOf(source.current());
  source.onChange(() => {
    // Built whole, then swapped in one assignment: a request sees the old routes or the new, never a mix.
    routes = routesOf(source.current());
    openapi = undefined;
  });
  const rpc: NodeHandler = (req, res) => routes(req, res);
  const port = createOnePortServer({
    handler: withCors(config.corsOrigins, rpc),
    sniffTimeoutMs: config.sniffTimeoutMs,
    http1RequestTimeoutMs: config.http1RequestTimeoutMs,
    logger,
  });

  let stopping: Promise<void> | undefined;
  const shutdown = async () => {
    const started = performance.now();
    lifecycle.startDraining();
    port.stopAccepting();
    port.closeIdle();
    logger.info("draining", { in_flight: lifecycle.inFlight, grace_ms: config.shutdownGraceMs });
    let idle = await lifecycle.whenIdle(config.shutdownGraceMs);
    if (!idle) {
      logger.warn("grace period over, aborting calls", { in_flight: lifecycle.inFlight });
      lifecycle.abortCalls(connectErrorOf(unavailable("shutting down")));
      idle = await lifecycle.whenIdle(ABORT_FLUSH_MS);
    }
    port.closeIdle();
    await waitFor(() => port.connectionCount === 0, CLOSE_FLUSH_MS);
    port.destroyAll();
    lifecycle.markStopped();
    logger.info("stopped", { elapsed_ms: Math.round(performance.now() - started), clean: idle });
  };

  return {
    lifecycle,
    async listen(listener) {
      const address = port.attach(listener ?? (await listenTcp(config.port, config.host, logger)));
      lifecycle.markServing();
      return address;
    },
    shutdown() {
      return (stopping ??= shutdown());
    },
  };
}

/** A source whose services never change. */
function fixedServices(services: readonly RpcService[]): ServiceSource {
  const served = { services };
  return { current: () => served, onChange: () => {} };
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passed. */
async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition() && performance.now() < deadline) await sleep(20);
}
