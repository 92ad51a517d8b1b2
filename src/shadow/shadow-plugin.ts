/**
 * The shadow plugin, discovered through its reflection (src/plugin-client/)
 * on first use and kept. It is opened again on the next call after a call
 * reached nothing (the shadow restarted, perhaps with other descriptors); a
 * failed opening is remembered for `retryMs`, so a dead shadow costs each
 * call nothing but a rejected promise.
 */
import { openCollectorPlugin, type CollectorPlugin } from "../plugin-client/collector-plugin.js";

export interface ShadowPlugin {
  readonly endpoint: string;
  /** The opened plugin, or the reason it cannot be had. */
  get(): Promise<CollectorPlugin>;
  /** Forget the connection: the next `get()` opens (and discovers) again. */
  reset(): void;
  close(): void;
}

export interface ShadowPluginOptions {
  /** Deadline of each reflection request. */
  reflectionTimeoutMs: number;
  /** How long a failed opening is remembered. Default 5000. */
  retryMs?: number;
}

export function shadowPlugin(endpoint: string, { reflectionTimeoutMs, retryMs = 5_000 }: ShadowPluginOptions): ShadowPlugin {
  let opening: Promise<CollectorPlugin> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  let failure: Error = new Error("not opened yet");
  const reset = () => {
    const stale = opening;
    opening = undefined;
    stale?.then((plugin) => plugin.close()).catch(() => {});
  };
  return {
    endpoint,
    get() {
      if (opening) return opening;
      if (performance.now() - failedAt < retryMs) return Promise.reject(failure);
      const attempt = openCollectorPlugin(endpoint, { reflectionTimeoutMs });
      opening = attempt;
      attempt.catch((err: unknown) => {
        if (opening === attempt) opening = undefined;
        failedAt = performance.now();
        failure = err instanceof Error ? err : new Error(String(err));
      });
      return attempt;
    },
    reset,
    close: reset,
  };
}
