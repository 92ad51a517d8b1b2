/**
 * Gateway mode: the server fronts an upstream plugin in any language. The
 * upstream's services are discovered through its v1alpha reflection at start
 * and kept current: read again every `refreshMs` while it answers, at once
 * after a forwarded call fails with UNAVAILABLE or UNIMPLEMENTED (the upstream
 * went away or changed), and after a failed reading with a bounded backoff
 * (`retryInitialMs` doubling up to `retryMaxMs`). When a reading differs from
 * the last (service list or any file's bytes), the served services are
 * replaced as a whole and the server swaps its routes, reflection and OpenAPI
 * document at once; calls running meanwhile finish on the old routes.
 *
 * Health and reflection stay the server's own (`OWN_SERVICES`): Health tells
 * the gateway's state, and reflection answers with the upstream's list and
 * files, byte for byte. Until the first reading, and while the upstream cannot
 * be read, readiness says why (`/readyz` 503).
 */
import { Code, ConnectError } from "@connectrpc/connect";
import type { Logger } from "../common/log.js";
import { connectPlugin } from "../plugin-client/connection.js";
import { createReflectionClient } from "../plugin-client/reflection-client.js";
import type { ReadinessCheck } from "../server/lifecycle.js";
import { OWN_SERVICES } from "../server/rpc/router.js";
import type { ServedServices, ServiceSource } from "../server/rpc/rpc-service.js";
import { forwardingService, type Upstream } from "./forwarding.js";
import { readCatalog, type UpstreamCatalog } from "./upstream-catalog.js";

export interface GatewayOptions {
  /** The upstream plugin: `host:port`, `grpc://host:port` or `http://host:port`. */
  endpoint: string;
  logger: Logger;
  /** How often the upstream's services are read again while it answers. Default 30000. */
  refreshMs?: number;
  /** Delay after a failed reading, doubled after each further failure. Default 500 (also the least time between two readings a failed call asks for). */
  retryInitialMs?: number;
  /** Longest delay between readings while they fail. Default 30000. */
  retryMaxMs?: number;
  /** Deadline of each reflection request, so an upstream that never answers cannot stall discovery. Default 10000. */
  reflectionTimeoutMs?: number;
}

export interface Gateway {
  /** The upstream's services, forwarded; changes as the upstream does. */
  readonly services: ServiceSource;
  /** Why the gateway cannot serve yet (not discovered, or the upstream cannot be read); undefined when it can. */
  readonly readiness: ReadinessCheck;
  /** Starts discovery (idempotent). */
  start(): void;
  /** Stops discovery and closes the connection to the upstream. */
  close(): void;
}

const NOTHING_YET: ServedServices = { services: [], reflection: { services: [], files: [] } };

export function createGateway(options: GatewayOptions): Gateway {
  const { endpoint, logger, refreshMs = 30_000, retryInitialMs = 500, retryMaxMs = 30_000, reflectionTimeoutMs = 10_000 } = options;
  const connection = connectPlugin(endpoint);
  const reflection = createReflectionClient(connection.transport, { timeoutMs: reflectionTimeoutMs });
  const listeners: Array<() => void> = [];
  let served = NOTHING_YET;
  let catalog: UpstreamCatalog | undefined;
  let generation = 0;
  /** Why the last reading failed; undefined after a successful one. */
  let failure: string | undefined;
  let failures = 0;
  let reading: Promise<void> | undefined;
  let lastReadAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let closed = false;

  const upstream: Upstream = {
    endpoint,
    transport: connection.transport,
    failed(error) {
      if (error.code === Code.Unavailable || error.code === Code.Unimplemented) readSoon();
    },
  };

  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    if (closed) return;
    timer = setTimeout(read, delayMs);
    // A pending reading must not keep the process alive.
    timer.unref();
  };

  const adopt = (found: UpstreamCatalog) => {
    catalog = found;
    generation++;
    const forwarded = found.listed
      .filter((name) => !OWN_SERVICES.includes(name))
      .flatMap((name) => {
        const service = found.registry.getService(name);
        return service ? [forwardingService(service, upstream)] : [];
      });
    served = { services: forwarded, reflection: { services: found.listed, files: found.registry.files, encoded: found.encoded } };
    for (const listener of listeners) listener();
  };

  function read(): void {
    if (closed || reading) return;
    const recovering = failure !== undefined;
    reading = readCatalog(reflection)
      .then(
        (found) => {
          failure = undefined;
          failures = 0;
          const changed = found.fingerprint !== catalog?.fingerprint;
          if (changed) adopt(found);
          if (changed || recovering) {
            logger.info("upstream discovered", { upstream: endpoint, generation, changed, services: found.listed, problems: found.problems });
          }
          schedule(refreshMs);
        },
        (err: unknown) => {
          failures++;
          failure = describe(err);
          const delay = Math.min(retryInitialMs * 2 ** (failures - 1), retryMaxMs);
          logger.warn("upstream discovery failed", { upstream: endpoint, reason: failure, retry_in_ms: delay });
          schedule(delay);
        },
      )
      .finally(() => {
        reading = undefined;
        lastReadAt = performance.now();
      });
  }

  /** After a failed call: read now, unless a reading runs, the last one failed (its retry is scheduled) or ended moments ago. */
  function readSoon(): void {
    if (!started || reading || failure !== undefined || performance.now() - lastReadAt < retryInitialMs) return;
    read();
  }

  return {
    services: {
      current: () => served,
      onChange: (listener) => listeners.push(listener),
    },
    readiness() {
      if (catalog === undefined) return `upstream ${endpoint} not discovered${failure === undefined ? " yet" : `: ${failure}`}`;
      return failure === undefined ? undefined : `upstream ${endpoint} cannot be read: ${failure}`;
    },
    start() {
      if (started) return;
      started = true;
      read();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      connection.close();
    },
  };
}

function describe(err: unknown): string {
  if (err instanceof ConnectError) return `${Code[err.code]}: ${err.rawMessage}`;
  return err instanceof Error ? err.message : String(err);
}
