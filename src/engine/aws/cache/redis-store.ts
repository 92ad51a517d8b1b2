/**
 * The shared store: Redis through node-redis, one connection per process (commands issued in the same
 * tick are pipelined). Each entry is one string key with Redis's own expiry (`PX`), its value compact
 * JSON with short field names; `Date`s and `undefined` members, which JSON would lose, are tagged and restored.
 *
 * Commands fail at once while the connection is down (no offline queue: a collect must not wait for a
 * Redis that is gone), and the client reconnects in the background with a capped backoff.
 */
import { createClient } from "redis";
import { KEY_PREFIX, redactedUrl, type CacheStore, type StoreErrorListener, type StoredItem } from "./store.js";

/** What JSON cannot say, tagged: a `Date` as `{"$d": epochMs}`, an `undefined` member as `{"$u": 1}` (SDK objects have both). */
const DATE_TAG = "$d";
const UNDEFINED_TAG = "$u";

function encode(item: StoredItem): string {
  return JSON.stringify({ f: item.fingerprint, v: item.value, e: item.expiresAt }, function (this: Record<string, unknown>, key: string, value: unknown) {
    // `value` is already `toJSON()`'d; the holder still has the Date.
    const raw = this[key];
    if (raw instanceof Date) return { [DATE_TAG]: raw.getTime() };
    return value === undefined ? { [UNDEFINED_TAG]: 1 } : value;
  });
}

/** Undoes the tags, in place (a reviver cannot: returning undefined from it deletes the member). */
function restore(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restore(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === DATE_TAG && typeof record[DATE_TAG] === "number") return new Date(record[DATE_TAG]);
  if (keys.length === 1 && keys[0] === UNDEFINED_TAG) return undefined;
  for (const key of keys) record[key] = restore(record[key]);
  return record;
}

function decode(text: string): StoredItem {
  const entry = restore(JSON.parse(text)) as { f: string; v: unknown; e: number };
  return { fingerprint: entry.f, value: entry.v, expiresAt: entry.e };
}

export const redisCodec = { encode, decode };

export async function openRedisStore(url: URL, options: { connectWaitMs: number; onError: StoreErrorListener }): Promise<CacheStore> {
  const client = createClient({
    url: url.href,
    disableOfflineQueue: true,
    socket: { connectTimeout: Math.max(options.connectWaitMs, 1_000), reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000) },
  });
  // Without a listener, a lost connection would be an uncaught 'error' event.
  client.on("error", options.onError);
  const connecting = client.connect().catch(options.onError);
  await Promise.race([connecting, new Promise((r) => setTimeout(r, options.connectWaitMs).unref())]);
  return {
    kind: "redis",
    where: redactedUrl(url),
    get available() {
      return client.isReady;
    },
    async get(key: string): Promise<StoredItem | undefined> {
      const text = await client.get(KEY_PREFIX + key);
      return text === null ? undefined : decode(text);
    },
    async set(key: string, item: StoredItem): Promise<void> {
      const ttl = Math.round(item.expiresAt - Date.now());
      if (ttl > 0) await client.set(KEY_PREFIX + key, encode(item), { expiration: { type: "PX", value: ttl } });
    },
    async close(): Promise<void> {
      if (client.isOpen) await client.close();
      else client.destroy();
    },
  };
}
