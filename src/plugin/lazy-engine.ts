/**
 * An `EngineApi` that loads the real one on first use (or when `load()` is
 * called after the port is open): the AWS SDK costs hundreds of milliseconds to
 * import, and the port must open first (cloudforet-contract.md 3).
 */
import type { CollectedRecord } from "../engine/api.js";
import type { CollectParams, EngineApi } from "../engine/api.js";

export interface LazyEngine extends EngineApi {
  /** Starts loading (idempotent); resolves when the engine is ready, rejects if loading failed. */
  load(): Promise<EngineApi>;
}

export function lazyEngine(loader: () => Promise<EngineApi>): LazyEngine {
  let loading: Promise<EngineApi> | undefined;
  const load = () => (loading ??= loader());
  return {
    load,
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
