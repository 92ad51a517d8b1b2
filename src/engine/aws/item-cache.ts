/**
 * Process-wide cache of per-item attributes (termination protection, volume
 * product codes, image launch permissions, launch template versions), so repeated
 * collects skip the per-item calls that dominate AWS request counts.
 *
 * An entry is keyed by account + region + API + resource id and valid only while the
 * resource's fingerprint (the fields whose change may change the attribute, e.g.
 * instance LaunchTime + State) is unchanged and its TTL, counted from when the value
 * was loaded, has not expired.
 *
 * In-process entries are `lru-cache`'s, bounded by `maxSize` (one unit per entry)
 * rather than `max`, which would allocate its index arrays for every entry up front
 * (42 MB and ~0.1 s at engine creation for the default million). Behind them, an
 * optional store (`COLLECTOR_CACHE_URL`: a file that survives restarts, or Redis shared
 * by replicas; cache/store.ts) is asked on an in-process miss and given every value
 * loaded; it is guarded (cache/guarded-store.ts) so that a store that is down or slow
 * only costs the per-item calls it would have saved.
 *
 * Loads in flight are shared here rather than through `lru-cache`'s `fetch`, which costs
 * about ten times more per miss (an AbortController per load) and would hand a caller
 * the value loaded for another fingerprint.
 */
import { LRUCache } from "lru-cache";
import type { Logger } from "../../common/log.js";
import { GuardedStore, type GuardOptions, type StoreStats } from "./cache/guarded-store.js";

export interface ItemCacheOptions {
  /** Entry lifetime in ms, from when the value was loaded; 0 disables the cache. Default 6 hours. */
  ttlMs?: number;
  /** Entries kept in this process at most (least recently used evicted first). Default 1,000,000. */
  maxEntries?: number;
  /** A store behind the in-process entries (`file:///dir` or `redis://host:port[/db]`). Default: none. */
  storeUrl?: string;
  /** Timeouts and circuit of the store. */
  store?: GuardOptions;
  /** Where the store's outages are told. Required with `storeUrl`. */
  log?: Logger;
  /** Milliseconds on a monotonic clock (tests inject a fake one). */
  now?: () => number;
}

interface Entry {
  fingerprint: string;
  value: unknown;
}

export interface ItemCacheStats {
  /** Answers from this process's entries, and loads (per-item calls) made. */
  hits: number;
  misses: number;
  entries: number;
  /** The store's statistics, when one is configured. */
  store?: StoreStats;
}

export class ItemCache {
  /** Undefined when the cache is disabled (TTL 0). */
  private readonly entries: LRUCache<string, Entry> | undefined;
  private readonly store: GuardedStore | undefined;
  private readonly ttlMs: number;
  /** Loads in flight, so a warm-up and a record builder asking for the same item share one call. */
  private readonly loading = new Map<string, { fingerprint: string; promise: Promise<unknown> }>();
  hits = 0;
  misses = 0;

  constructor(options: ItemCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 6 * 3_600_000;
    if (this.ttlMs <= 0) return;
    this.entries = new LRUCache<string, Entry>({
      maxSize: options.maxEntries ?? 1_000_000,
      sizeCalculation: () => 1,
      ttl: this.ttlMs,
      // Read the clock on every check instead of caching it for a millisecond behind a timer.
      ttlResolution: 0,
      ...(options.now ? { perf: { now: options.now } } : {}),
    });
    if (options.storeUrl) {
      if (!options.log) throw new Error("ItemCache: a store needs a logger");
      this.store = new GuardedStore(options.storeUrl, options.log, options.store);
    }
  }

  /** Namespaced by account and region, then the API and the resource. */
  static key(kind: string, account: string, region: string, id: string): string {
    return `${account}:${region}:${kind}:${id}`;
  }

  /** The in-process entry, if its fingerprint still matches (an entry of a changed resource is dropped). */
  private lookup(key: string, fingerprint: string): Entry | undefined {
    const entry = this.entries?.get(key);
    if (entry && entry.fingerprint !== fingerprint) {
      this.entries!.delete(key);
      return undefined;
    }
    return entry;
  }

  /** The cached value in this process, or `undefined` when absent, expired or the resource changed. */
  get<T>(key: string, fingerprint: string): { value: T } | undefined {
    const entry = this.lookup(key, fingerprint);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return { value: entry.value as T };
  }

  /** Keeps `value` in this process (`ttlMs`: what is left of its lifetime, when it was loaded earlier). */
  set(key: string, fingerprint: string, value: unknown, ttlMs?: number): void {
    this.entries?.set(key, { fingerprint, value }, ttlMs === undefined ? undefined : { ttl: ttlMs });
  }

  /** Returns the cached value or loads, stores and returns it (failures are not cached). */
  getOrLoad<T>(key: string, fingerprint: string, load: () => Promise<T>): Promise<T> {
    const entry = this.lookup(key, fingerprint);
    if (entry) {
      this.hits++;
      return Promise.resolve(entry.value as T);
    }
    const inFlight = this.loading.get(key);
    if (inFlight && inFlight.fingerprint === fingerprint) return inFlight.promise as Promise<T>;
    const promise = this.store ? this.loadThroughStore(key, fingerprint, load) : this.loadAndKeep(key, fingerprint, load);
    const loading = { fingerprint, promise };
    this.loading.set(key, loading);
    const settle = () => {
      if (this.loading.get(key) === loading) this.loading.delete(key);
    };
    promise.then(settle, settle);
    return promise;
  }

  private async loadAndKeep<T>(key: string, fingerprint: string, load: () => Promise<T>): Promise<T> {
    this.misses++;
    const value = await load();
    this.set(key, fingerprint, value);
    if (this.entries) this.store?.set(key, { fingerprint, value, expiresAt: Date.now() + this.ttlMs });
    return value;
  }

  /** Asks the store on an in-process miss; its entry counts only for the same fingerprint and within its lifetime. */
  private async loadThroughStore<T>(key: string, fingerprint: string, load: () => Promise<T>): Promise<T> {
    const stored = this.entries ? await this.store!.get(key, fingerprint) : undefined;
    if (!stored) return this.loadAndKeep(key, fingerprint, load);
    this.hits++;
    // What is left of its lifetime (at least 1 ms: lru-cache reads 0 as "for ever").
    this.set(key, fingerprint, stored.value, Math.max(1, Math.min(stored.expiresAt - Date.now(), this.ttlMs)));
    return stored.value as T;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  get stats(): ItemCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.size, ...(this.store ? { store: { ...this.store.stats } } : {}) };
  }

  /** Forgets this process's entries (a store keeps its own until they expire). */
  clear(): void {
    this.entries?.clear();
  }

  /** Closes the store, if any (pending writes are finished first). */
  async close(): Promise<void> {
    await this.store?.close();
  }
}
