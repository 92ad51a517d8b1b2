/** Starts the real server in-process on an ephemeral port, with a test engine and a captured log. */
import { loadConfig, type Config } from "../../src/common/config.js";
import { createLogger, type Logger } from "../../src/common/log.js";
import type { EngineApi } from "../../src/engine/api.js";
import { pluginServices } from "../../src/plugin/services.js";
import { createServer, type PluginServer, type ServerDeps } from "../../src/server/server.js";
import { outputSink } from "../support/collected-output.js";
import { unimplementedEngine } from "../support/unimplemented-engine.js";

export interface Running {
  server: PluginServer;
  port: number;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  config: Config;
  /** Parsed log lines so far. */
  logs: Array<Record<string, unknown>>;
  logger: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  engine?: EngineApi;
  /** Extra command-line arguments for `loadConfig` (port 0 is always set). */
  args?: string[];
  replay?: ServerDeps["replay"];
  readiness?: ServerDeps["readiness"];
}

export async function startServer(options: StartOptions = {}): Promise<Running> {
  const config = loadConfig(["--port", "0", "--shutdown-grace-ms", "2000", ...(options.args ?? [])], {});
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: "debug", write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const server = createServer(config, {
    services: pluginServices(options.engine ?? unimplementedEngine),
    readiness: options.readiness,
    logger,
    replay: options.replay,
  });
  const { port } = await server.listen();
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    // The server's metrics after the test's calls, for the canary scan (a test may have shut it down already).
    if (!server.lifecycle.draining) outputSink("metrics").write(await (await fetch(`${baseUrl}/metrics`)).text());
    await server.shutdown();
  };
  return { server, port, baseUrl, config, logs, logger, stop };
}
