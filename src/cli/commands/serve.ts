/**
 * `serve`: the plugin server (also `node dist/src/main.js`, the image's entry
 * point). Opens the port first, then loads the protocol stack, then the
 * slow parts (AWS SDK, replay fixtures): Cloudforet's client gives a new plugin
 * about 2.5 s to answer (docs/contract.md#the-connection-window). Connections that arrive
 * meanwhile wait instead of being refused. Only light modules are imported
 * statically here.
 *
 * With `--upstream` the server is a gateway to another plugin and loads no
 * engine; with `--shadow` each init, get_tasks and collect also goes to a
 * shadow plugin for comparison (./serve-modes.ts, docs/gateway.md).
 */
import type { Hono } from "hono";
import { ConfigError, configHelp, loadConfig, wantsHelp, withBoundPort, type Config } from "../../common/config.js";
import { createLogger } from "../../common/log.js";
import type { EngineApi } from "../../engine/api.js";
import { lazyEngine } from "../../plugin/lazy-engine.js";
import { DEMO_SECRET } from "../../replay/demo-keys.js";
import { ListenError, listenTcp, type TcpListener } from "../../server/transport/tcp-listener.js";
import type { ServeModes } from "./serve-modes.js";

export const HELP = configHelp();

/** The title of the OpenAPI document (`/openapi.json`, `cloudforet-ec2 openapi`). */
export const API_TITLE = "Cloudforet AWS EC2 collector";

/** Serves until SIGTERM or SIGINT, which exit the process; resolves once listening (undefined: keep running). */
export async function run(argv: readonly string[]): Promise<undefined> {
  if (wantsHelp(argv)) {
    process.stdout.write(configHelp() + "\n");
    process.exit(0);
  }

  let config: Config;
  let modes: ServeModes | undefined;
  try {
    config = loadConfig(argv, process.env);
    if (config.upstream || config.shadow) modes = (await import("./serve-modes.js")).createServeModes(config, createLogger({ level: config.logLevel }));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`configuration error: ${e.message}\n`);
    process.exit(2);
  }

  const logger = createLogger({ level: config.logLevel });

  let listener: TcpListener;
  try {
    listener = await listenTcp(config.port, config.host, logger);
  } catch (e) {
    if (!(e instanceof ListenError)) throw e;
    logger.error(e.message, { host: e.host, port: e.port, code: e.code });
    process.exit(1);
  }

  /** The configuration with the bound port filled in (the demo's AWS endpoint is this server's own replay). */
  const runtime: Config = withBoundPort(config, listener.address.port);

  /** Closes the engine's cache store at shutdown, once the engine is loaded. */
  let closeEngine: () => Promise<void> = () => Promise.resolve();

  /** Engine wiring: the one place that decides which engine serves the RPCs. */
  async function loadEngine(): Promise<EngineApi> {
    const { createEngine } = await import("../../engine/index.js");
    const engine = createEngine({
      endpointUrl: runtime.awsEndpointUrl,
      allowEndpointOverride: runtime.allowEndpointOverride,
      perItemEnrichment: runtime.perItemEnrichment,
      perItemCacheTtlMs: runtime.perItemCacheTtlMs,
      cacheUrl: runtime.cacheUrl,
      cacheStore: { opTimeoutMs: runtime.cacheTimeoutMs },
      throttleGiveUpMs: runtime.throttleGiveUpMs,
      awsMaxAttempts: runtime.awsMaxAttempts,
      awsConnectTimeoutMs: runtime.awsConnectTimeoutMs,
      awsResponseTimeoutMs: runtime.awsResponseTimeoutMs,
      awsCaBundle: runtime.awsCaBundle,
      log: logger.child({ component: "engine" }),
      telemetry: engineMetrics.telemetry,
    });
    closeEngine = () => engine.close();
    return engine;
  }

  /** Called once, on the first /replay request (the HTTP app keeps the result). */
  const loadReplay = (): Promise<Hono> => import("../../replay/index.js").then((m) => m.createReplayRoutes({ fixturesDir: runtime.fixturesDir, logger }));

  /** The browser console's forms in --demo: the demo fixture set's public test keys; a collect without task options plans every task. */
  const demoConsoleDefaults = {
    options: {},
    secretData: DEMO_SECRET,
  };
  const browserConsole = config.consoleEnabled ? { demo: config.demo, defaults: config.demo ? demoConsoleDefaults : undefined } : undefined;

  const [{ createServer }, { pluginServices }, { packageVersion }, { createEngineMetrics }] = await Promise.all([
    import("../../server/server.js"),
    import("../../plugin/services.js"),
    import("../../plugin/server-info.js"),
    import("../../engine/telemetry/prometheus.js"),
  ]);
  // Before the engine loads, so `/metrics` serves the engine's metrics from the start.
  const engineMetrics = createEngineMetrics();
  const engine = lazyEngine(loadEngine, {
    onLoadFailed: (err, retryInMs) => logger.error("engine failed to load", { err, retry_in_ms: retryInMs }),
  });
  const gateway = modes?.gateway;
  const server = createServer(config, {
    services: gateway ? gateway.services : pluginServices(engine),
    readiness: gateway ? gateway.readiness : engine.readiness,
    ...modes?.deps,
    logger,
    replay: loadReplay,
    console: browserConsole,
    apiInfo: { title: API_TITLE, version: packageVersion() },
    // A gateway runs no engine: only the shadow's metrics, if any, join the server's.
    metrics: [...(gateway ? [] : [engineMetrics.registry]), ...(modes?.deps.metrics ?? [])],
  });
  const address = await server.listen(listener);
  logger.info("listening", {
    address: address.address,
    port: address.port,
    protocols: ["grpc (h2c)", "grpc-web", "connect"],
    replay: config.replayEnabled,
    console: config.consoleEnabled,
    demo: config.demo,
    ...(config.upstream ? { upstream: config.upstream } : {}),
    ...(config.shadow ? { shadow: config.shadow } : {}),
  });

  // Warm the slow parts now that the port is open. A failed load is logged (onLoadFailed), keeps /readyz at
  // 503 and is retried in the background and by the next call. A gateway has no engine: it discovers its upstream.
  if (modes?.gateway) modes.start();
  else engine.load().catch(() => {});
  if (config.replayEnabled) import("../../replay/index.js").catch((err: unknown) => logger.error("replay failed to load", { err }));

  // A stray rejection must not take down every open collect stream; a thrown exception leaves unknown state.
  process.on("unhandledRejection", (err: unknown) => logger.error("unhandled rejection", { err }));
  process.on("uncaughtException", (err: Error) => {
    logger.error("uncaught exception, exiting", { err });
    process.exit(1);
  });

  let signalled = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (signalled) {
        logger.warn("second signal, exiting now", { signal });
        process.exit(1);
      }
      signalled = true;
      logger.info("shutdown requested", { signal });
      server
        .shutdown()
        .then(() => closeEngine())
        .then(
          () => {
            modes?.close();
            process.exit(0);
          },
          (err: unknown) => {
            logger.error("shutdown failed", { err });
            process.exit(1);
          },
        );
    });
  }
  return undefined;
}
