/**
 * Gateway and shadow modes for `serve` (docs/gateway.md): what the server
 * routes instead of this plugin's engine when `--upstream` is set, and what
 * goes around plugin work when `--shadow` is set. Loaded only when one of them
 * is set, so a plain `serve` imports none of it. A mistake in their settings
 * (an endpoint that is not one, a known-differences file that does not parse)
 * is a configuration error, found before the port opens.
 */
import { readFileSync } from "node:fs";
import { ConfigError, type Config } from "../../common/config.js";
import type { JsonValue } from "../../common/json.js";
import type { Logger } from "../../common/log.js";
import { KnownDifferencesError, parseKnownDifferences, type KnownDifference } from "../../compare/known-differences.js";
import { createGateway, type Gateway } from "../../gateway/gateway.js";
import { EndpointError, endpointUrl } from "../../plugin-client/connection.js";
import type { ServerDeps } from "../../server/server.js";
import { createShadow } from "../../shadow/shadow.js";

export interface ServeModes {
  gateway?: Gateway;
  /** What the modes add to the server's dependencies. */
  deps: Pick<ServerDeps, "workerInterceptors" | "metrics" | "routes">;
  /** Starts discovery of the upstream (after the port opened). */
  start(): void;
  close(): void;
}

type ModeConfig = Pick<Config, "upstream" | "shadow" | "shadowKnown" | "shadowTimeoutMs" | "shadowConcurrency" | "shadowBufferBytes">;

/** Throws `ConfigError` naming the setting when `endpoint` is not `host:port`, `grpc://host:port` or an http(s) URL. */
function checkedEndpoint(endpoint: string, flag: string): string {
  try {
    endpointUrl(endpoint);
    return endpoint;
  } catch (err) {
    if (err instanceof EndpointError) throw new ConfigError(`${flag}: ${err.message}`);
    throw err;
  }
}

function knownDifferences(file: string | undefined): KnownDifference[] {
  if (file === undefined) return [];
  try {
    return parseKnownDifferences(JSON.parse(readFileSync(file, "utf8")) as JsonValue);
  } catch (err) {
    if (err instanceof KnownDifferencesError || err instanceof SyntaxError) throw new ConfigError(`--shadow-known: ${file}: ${err.message}`);
    throw err;
  }
}

export function createServeModes(config: ModeConfig, logger: Logger): ServeModes {
  const gateway = config.upstream
    ? createGateway({ endpoint: checkedEndpoint(config.upstream, "--upstream"), logger: logger.child({ component: "gateway" }) })
    : undefined;
  const shadow = config.shadow
    ? createShadow({
        endpoint: checkedEndpoint(config.shadow, "--shadow"),
        known: knownDifferences(config.shadowKnown),
        timeoutMs: config.shadowTimeoutMs,
        concurrency: config.shadowConcurrency,
        bufferBytes: config.shadowBufferBytes,
        logger: logger.child({ component: "shadow" }),
      })
    : undefined;
  return {
    gateway,
    deps: shadow ? { workerInterceptors: [shadow.interceptor], metrics: [shadow.metrics], routes: shadow.routes } : {},
    start: () => gateway?.start(),
    close() {
      gateway?.close();
      shadow?.close();
    },
  };
}
