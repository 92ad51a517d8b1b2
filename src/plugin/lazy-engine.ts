/**
 * An `EngineApi` that loads the real one on first use (or when `load()` is
 * called after the port is open): the engine and its SDK cost hundreds of
 * milliseconds to import, and the port must open first (docs/contract.md#the-connection-window).
 *
 * A failed load is not kept: the next call tries again, and so does a
 * background retry after a bounded exponential backoff (1 s, 2 s, 4 s, …, at
 * most 30 s apart), so a transient failure (file system, memory) heals without
 * a call. Calls made meanwhile fail with UNAVAILABLE
 * `ERROR_UNAVAILAVBLE: Server is unavailable. (reason = collection engine failed to load: …)`,
 * and `readiness()` names the reason for `/readyz`. (Node keeps a module whose
 * evaluation threw in its cache: such a load fails the same way each time.)
 */
import { unavailable } from "../common/errors.js";
import type { CollectedRecord, CollectParams, EngineApi } from "../engine/api.js";

export interface LazyEngineOptions {
  /** Delay before the first background retry of a failed load, doubled after each failure. Default 1000. */
  retryInitialMs?: number;
  /** Longest delay between background retries. Default 30000. */
  retryMaxMs?: number;
  /** Told about every failed load (for logging) and when the next background retry runs. */
  onLoadFailed?: (err: unknown, retryInMs: number) => void;
}

export interface LazyEngine extends EngineApi {
  /**
   * Loads the engine unless it is loaded or loading (concurrent callers share one load);
   * resolves with it, or rejects with the UNAVAILABLE error that calls get.
   */
  load(): Promise<EngineApi>;
  /** `undefined` once the engine is loaded; otherwise why not (the server masks it like any text it sends). */
  readiness: () => string | undefined;
}

type State = { kind: "idle" } | { kind: "loading"; promise: Promise<EngineApi> } | { kind: "loaded"; engine: EngineApi } | { kind: "failed"; reason: string };

export function lazyEngine(loader: () => Promise<EngineApi>, options: LazyEngineOptions = {}): LazyEngine {
  const { retryInitialMs = 1_000, retryMaxMs = 30_000, onLoadFailed } = options;
  let state: State = { kind: "idle" };
  let failures = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const scheduleRetry = (): number => {
    clearTimeout(retryTimer);
    const delay = Math.min(retryInitialMs * 2 ** (failures - 1), retryMaxMs);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      // Failures are reported through onLoadFailed; a call made meanwhile may already have retried.
      if (state.kind === "failed") load().catch(() => {});
    }, delay);
    // A pending retry must not keep the process alive.
    retryTimer.unref();
    return delay;
  };

  const load = (): Promise<EngineApi> => {
    switch (state.kind) {
      case "loaded":
        return Promise.resolve(state.engine);
      case "loading":
        return state.promise;
      case "idle":
      case "failed": {
        const promise = loader().then(
          (engine) => {
            state = { kind: "loaded", engine };
            failures = 0;
            clearTimeout(retryTimer);
            return engine;
          },
          (err: unknown) => {
            failures++;
            const reason = `collection engine failed to load: ${err instanceof Error ? err.message : String(err)}`;
            state = { kind: "failed", reason };
            onLoadFailed?.(err, scheduleRetry());
            throw unavailable(reason);
          },
        );
        state = { kind: "loading", promise };
        return promise;
      }
    }
  };

  return {
    load,
    readiness() {
      switch (state.kind) {
        case "loaded":
          return undefined;
        case "idle":
          return "collection engine not loaded yet";
        case "loading":
          return "collection engine loading";
        case "failed":
          return state.reason;
      }
    },
    async verify(params, signal) {
      return (await load()).verify(params, signal);
    },
    async getTasks(params, signal) {
      return (await load()).getTasks(params, signal);
    },
    async *collect(params: CollectParams, signal: AbortSignal): AsyncIterable<CollectedRecord> {
      yield* (await load()).collect(params, signal);
    },
  };
}
