/**
 * A store behind the per-item cache (`COLLECTOR_CACHE_URL`, docs/decisions.md#per-item-cache-stores):
 * `file:///dir` = an LMDB environment in that directory, surviving restarts; `redis://host:port[/db]`
 * = Redis, shared by every replica. Same keys, fingerprints and lifetimes as the in-process entries;
 * each value carries its own expiry so a restarted process or another replica honours the TTL from the
 * moment the value was loaded.
 */
import { cacheUrlKind } from "../../../common/cache-url.js";

/** One cached answer: valid while the resource's fingerprint is `fingerprint` and until `expiresAt`. */
export interface StoredItem {
  fingerprint: string;
  value: unknown;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface CacheStore {
  /** `file` or `redis` (logs and statistics). */
  readonly kind: "file" | "redis";
  /** Where the store is, without credentials (logs). */
  readonly where: string;
  /** False while the store cannot take a request at all (Redis between reconnects): skip it. */
  readonly available: boolean;
  get(key: string): Promise<StoredItem | undefined>;
  set(key: string, item: StoredItem): Promise<void>;
  close(): Promise<void>;
}

/** Told about a failure the store saw on its own (a Redis connection lost), not through a request. */
export type StoreErrorListener = (err: unknown) => void;

/** Key prefix of every entry: a format change bumps the version, so old entries are never misread. */
export const KEY_PREFIX = "ec2-collector:v1:";

/** The URL for logs: scheme, host, port and path, never a user name or password. */
export function redactedUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Opens the store of `url` (the client libraries are loaded only when configured). Redis connects in the
 * background and reconnects on its own; the returned promise waits at most `connectWaitMs` for the first
 * connection, so the first collect of a new process can use it.
 */
export async function openCacheStore(raw: string, options: { connectWaitMs: number; onError: StoreErrorListener }): Promise<CacheStore> {
  const url = new URL(raw);
  const kind = cacheUrlKind(url);
  if (typeof kind !== "string") throw new Error(`COLLECTOR_CACHE_URL: ${kind.problem}`);
  if (kind === "file") return (await import("./lmdb-store.js")).openLmdbStore(decodeURIComponent(url.pathname), options.onError);
  return (await import("./redis-store.js")).openRedisStore(url, options);
}
