/**
 * Process-wide cache of per-item attributes (termination protection, volume
 * product codes, image launch permissions, launch template versions), so repeated
 * collects skip the per-item calls that dominate AWS request counts.
 *
 * An entry is keyed by account + region + resource id and valid only while the
 * resource's fingerprint (the fields whose change may change the attribute, e.g.
 * instance LaunchTime + State) is unchanged and its TTL has not expired.
 */

export interface ItemCacheOptions {
  /** Entry lifetime in ms. Default 6 hours. */
  ttlMs?: number;
  /** Entries kept at most (oldest evicted first). Default 1,000,000. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  fingerprint: string;
  value: unknown;
  expiresAt: number;
}

export class ItemCache {
  private readonly entries = new Map<string, Entry>();
  /** Loads in flight, so a warm-up and a record builder asking for the same item share one call. */
  private readonly loading = new Map<string, { fingerprint: string; promise: Promise<unknown> }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  hits = 0;
  misses = 0;

  constructor(options: ItemCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 6 * 3_600_000;
    this.maxEntries = options.maxEntries ?? 1_000_000;
    this.now = options.now ?? Date.now;
  }

  static key(kind: string, account: string, region: string, id: string): string {
    return `${kind}|${account}|${region}|${id}`;
  }

  /** The cached value, or `undefined` when absent, expired or the resource changed. */
  get<T>(key: string, fingerprint: string): { value: T } | undefined {
    const e = this.entries.get(key);
    if (!e || e.fingerprint !== fingerprint || e.expiresAt <= this.now()) {
      if (e) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return { value: e.value as T };
  }

  set(key: string, fingerprint: string, value: unknown): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { fingerprint, value, expiresAt: this.now() + this.ttlMs });
  }

  /** Returns the cached value or computes, stores and returns it (failures are not cached). */
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
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
