/**
 * The file store: an LMDB environment (`lmdb`, memory-mapped, crash-safe, readable by several processes
 * at once) in one directory. Values are LMDB's own MessagePack encoding, which keeps `Date`s and
 * `undefined` as they were. Reads are synchronous and take microseconds; writes are batched per event
 * turn on LMDB's own thread. LMDB has no expiry, so each value carries its own: an expired entry is a
 * miss, and a sweep on opening and every hour removes expired entries so the file does not grow forever.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { open, type RootDatabase } from "lmdb";
import { KEY_PREFIX, type CacheStore, type StoreErrorListener, type StoredItem } from "./store.js";

/** What LMDB stores per key: short field names, the value as it was. */
interface Entry {
  f: string;
  v: unknown;
  e: number;
}

const SWEEP_EVERY_MS = 3_600_000;
/** Entries examined per sweep step, between which the event loop runs. */
const SWEEP_STEP = 5_000;

/** Removes expired entries, a step at a time. */
async function sweep(db: RootDatabase<Entry, string>): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const now = Date.now();
    let seen = 0;
    const range = db.getRange({ start: after ?? KEY_PREFIX, exclusiveStart: after !== undefined, end: `${KEY_PREFIX}\uffff`, limit: SWEEP_STEP });
    for (const { key, value } of range) {
      after = key;
      seen++;
      if (value.e <= now) void db.remove(key);
    }
    if (seen < SWEEP_STEP) return;
    await new Promise((r) => setImmediate(r));
  }
}

export function openLmdbStore(directory: string, onError: StoreErrorListener): CacheStore {
  mkdirSync(directory, { recursive: true });
  const db = open<Entry, string>({ path: join(directory, "per-item-cache.mdb"), compression: false });
  let closed = false;
  const sweepNow = () => {
    if (!closed) sweep(db).catch(() => {});
  };
  sweepNow();
  const timer = setInterval(sweepNow, SWEEP_EVERY_MS).unref();
  return {
    kind: "file",
    where: `file://${directory}`,
    get available() {
      return !closed;
    },
    get(key: string): Promise<StoredItem | undefined> {
      const entry = db.get(KEY_PREFIX + key);
      if (!entry || entry.e <= Date.now()) return Promise.resolve(undefined);
      return Promise.resolve({ fingerprint: entry.f, value: entry.v, expiresAt: entry.e });
    },
    set(key: string, item: StoredItem): Promise<void> {
      // Written once LMDB's thread commits the batch (a disk flush may take a while): a failure is reported, nobody waits.
      db.put(KEY_PREFIX + key, { f: item.fingerprint, v: item.value, e: item.expiresAt }).catch(onError);
      return Promise.resolve();
    },
    async close(): Promise<void> {
      closed = true;
      clearInterval(timer);
      await db.close();
    },
  };
}
