/**
 * Process-wide cache of per-item attributes (termination protection, volume
 * product codes, image launch permissions, launch template versions), so repeated
 * collects skip the per-item calls that dominate AWS request counts.
 *
 * An entry is keyed by account + region + resource id and valid only while the
 * resource's fingerprint (the fields whose change may change the attribute, e.g.
 * instance LaunchTime + State) is unchanged and its TTL has not expired.
 *
 * Storage, TTL and the bound are `lru-cache`'s, bounded by `maxSize` (one unit per
 * entry) rather than `max`, which would allocate its index arrays for every entry
 * up front (42 MB and ~0.1 s at engine creation for the default million). Loads in
 * flight are shared here rather than through `lru-cache`'s `fetch`, which costs about
 * ten times more per miss (an AbortController per load) and would hand a caller the
 * value loaded for another fingerprint.
 */
import { LRUCache } from "lru-cache";

export interface ItemCacheOptions {
  /** Entry lifetime in ms, from when the value was loaded; 0 disables the cache. Default 6 hours. */
  ttlMs?: number;
  /** Entries kept at most (least recently used evicted first). Default 1,000,000. */
  maxEntries?: number;
  /** Milliseconds on a monotonic clock (tests inject a fake one). */
  now?: () => number;
}

interface Entry {
  fingerprint: string;
  value: unknown;
}

export class ItemCache {
  /** Undefined when the cache is disabled (TTL 0). */
  private readonly entries: LRUCache<string, Entry> | undefined;
  /** Loads in flight, so a warm-up and a record builder asking for the same item share one call. */
  private readonly loading = new Map<string, { fingerprint: string; promise: Promise<unknown> }>();
  hits = 0;
  misses = 0;

  constructor(options: ItemCacheOptions = {}) {
    const ttl = options.ttlMs ?? 6 * 3_600_000;
    if (ttl <= 0) return;
    this.entries = new LRUCache<string, Entry>({
      maxSize: options.maxEntries ?? 1_000_000,
      sizeCalculation: () => 1,
      ttl,
      // Read the clock on every check instead of caching it for a millisecond behind a timer.
      ttlResolution: 0,
      ...(options.now ? { perf: { now: options.now } } : {}),
    });
  }

  static key(kind: string, account: string, region: string, id: string): string {
    return `${kind}|${account}|${region}|${id}`;
  }

  /** The cached value, or `undefined` when absent, expired or the resource changed. */
  get<T>(key: string, fingerprint: string): { value: T } | undefined {
    const entry = this.entries?.get(key);
    if (!entry || entry.fingerprint !== fingerprint) {
      // The resource changed: its old value is of no use any more.
      if (entry) this.entries!.delete(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return { value: entry.value as T };
  }

  set(key: string, fingerprint: string, value: unknown): void {
    this.entries?.set(key, { fingerprint, value });
  }

  /** Returns the cached value or loads, stores and returns it (failures are not cached). */
  getOrLoad<T>(key: string, fingerprint: string, load: () => Promise<T>): Promise<T> {
    const hit = this.get<T>(key, fingerprint);
    if (hit) return Promise.resolve(hit.value);
    const inFlight = this.loading.get(key);
    if (inFlight && inFlight.fingerprint === fingerprint) return inFlight.promise as Promise<T>;
    const promise = load().then((value) => {
      this.set(key, fingerprint, value);
      return value;
    });
    const entry = { fingerprint, promise };
    this.loading.set(key, entry);
    const settle = () => {
      if (this.loading.get(key) === entry) this.loading.delete(key);
    };
    promise.then(settle, settle);
    return promise;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  clear(): void {
    this.entries?.clear();
  }
}
