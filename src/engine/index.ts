/**
 * The collection engine: `createEngine(options)` returns the `EngineApi` the RPC
 * handlers call. It owns the process-wide rate limiter, per-item cache (and its
 * store) and assumed roles, so one engine per process.
 */
import { log as processLog } from "../common/log.js";
import type { EngineApi } from "./api.js";
import { RoleCache } from "./aws/credentials.js";
import { readCaBundle } from "./aws/http-handler.js";
import { ItemCache } from "./aws/item-cache.js";
import { RateLimiter } from "./aws/rate-limiter.js";
import { preloadSdk } from "./aws/sdk.js";
import { collect } from "./collect.js";
import { callContext, openTask, type EngineContext, type EngineOptions } from "./context.js";
import { planTasks } from "./tasks.js";
import { countedCollect } from "./telemetry/counted-collect.js";
import { NO_TELEMETRY } from "./telemetry/events.js";
import { verify } from "./verify.js";

export type { EngineOptions } from "./context.js";

export interface Engine extends EngineApi {
  /** The per-item cache (`stats`: hits, misses and the store's health; tests). */
  readonly itemCache: ItemCache;
  /** The pacing buckets (`stats()`: refill, throttles and decreases per bucket; tests). */
  readonly rateLimiter: RateLimiter;
  /** Closes the cache store (pending writes are finished first). */
  close(): Promise<void>;
}

export function createEngine(options: EngineOptions = {}): Engine {
  const log = options.log ?? processLog.child({ component: "engine" });
  const ctx: EngineContext = {
    options,
    awsHttp: {
      connectTimeoutMs: options.awsConnectTimeoutMs,
      responseTimeoutMs: options.awsResponseTimeoutMs,
      caCertificates: options.awsCaBundle ? readCaBundle(options.awsCaBundle) : undefined,
    },
    rateLimiter: new RateLimiter({ bucket: options.rateLimit, giveUpAfterMs: options.throttleGiveUpMs }),
    itemCache: new ItemCache({ ttlMs: options.perItemCacheTtlMs, storeUrl: options.cacheUrl, store: options.cacheStore, log }),
    roles: new RoleCache(),
    log,
    telemetry: options.telemetry ?? NO_TELEMETRY,
  };
  const { itemCache, telemetry } = ctx;
  telemetry.watchItemCache(() => ({ hits: itemCache.hits, misses: itemCache.misses, entries: itemCache.size }));
  // The server creates the engine once it listens; load the SDK right after, not on the first call.
  if (options.preloadSdk ?? true) setImmediate(preloadSdk);
  return {
    itemCache: ctx.itemCache,
    rateLimiter: ctx.rateLimiter,
    close: () => ctx.itemCache.close(),
    verify: (params, signal) => verify(callContext(ctx, params), params, signal),
    async getTasks(params, signal) {
      const call = callContext(ctx, params);
      const { session, options: collectorOptions } = openTask(call, params, signal);
      try {
        const tasks = await planTasks(session, collectorOptions);
        call.log.info("tasks planned", { tasks: tasks.length });
        return tasks;
      } finally {
        session.destroy();
      }
    },
    collect: (params, signal) => countedCollect(collect(callContext(ctx, params), params, signal), telemetry, signal),
  };
}
