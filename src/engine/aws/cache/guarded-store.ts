/**
 * A cache store that can never fail or noticeably slow a collect: every request is bounded by
 * `opTimeoutMs` and a failure is a miss (the per-item call is made) or a write not kept. After
 * `failuresToOpen` failures in a row the store is left alone for `retryAfterMs` (circuit open), then
 * tried again; a store that is unavailable (Redis reconnecting) is skipped without waiting. Each outage
 * is logged once when it starts and once when it ends, never per item, and counted in `stats`.
 *
 * The bound is 250 ms rather than a few round trips: a container at its CPU limit is paused by the
 * kernel for up to most of a 100 ms CFS period, and a timeout it causes would cost the cache for
 * `retryAfterMs`; 250 ms once per outage is still nothing next to a collect paced at 20 calls a second.
 */
import type { Logger } from "../../../common/log.js";
import { openCacheStore, type CacheStore, type StoredItem } from "./store.js";

export interface GuardOptions {
  /** Longest wait for one store request. Default 250 ms. */
  opTimeoutMs?: number;
  /** Failures in a row that make the store be left alone. Default 3. */
  failuresToOpen?: number;
  /** How long it is left alone before it is tried again. Default 10 s. */
  retryAfterMs?: number;
  /** Longest wait for the store to open (Redis: its first connection) before the first request. Default 2 s. */
  connectWaitMs?: number;
  /** Milliseconds on a monotonic clock (tests inject a fake one). */
  now?: () => number;
}

/** What the store did, for the operator metrics and tests. */
export interface StoreStats {
  kind: string;
  /** Answers with a usable entry, and without one. */
  hits: number;
  misses: number;
  /** Requests that failed, or did not answer within `opTimeoutMs`. */
  errors: number;
  timeouts: number;
  /** Requests not sent because the store was unavailable or left alone. */
  skipped: number;
  /** Outages seen (each logged once). */
  outages: number;
  /** Whether requests are sent to it now. */
  healthy: boolean;
}

class StoreTimeout extends Error {
  override readonly name = "StoreTimeout";
}

export class GuardedStore {
  private store: CacheStore | undefined;
  private readonly opening: Promise<void>;
  private opened = false;
  private failuresInRow = 0;
  private leftAloneUntil = 0;
  private down = false;
  private readonly opTimeoutMs: number;
  private readonly now: () => number;
  readonly stats: StoreStats;

  constructor(
    url: string,
    private readonly log: Logger,
    private readonly options: GuardOptions = {},
    /** Test hook: how the store is opened. */
    open: typeof openCacheStore = openCacheStore,
  ) {
    this.opTimeoutMs = options.opTimeoutMs ?? 250;
    this.now = options.now ?? (() => performance.now());
    this.stats = { kind: url.startsWith("file:") ? "file" : "redis", hits: 0, misses: 0, errors: 0, timeouts: 0, skipped: 0, outages: 0, healthy: false };
    const connectWaitMs = options.connectWaitMs ?? 2_000;
    this.opening = open(url, { connectWaitMs, onError: (err) => this.failed(err) }).then(
      (store) => {
        this.store = store;
        this.opened = true;
        this.stats.healthy = store.available;
        log.info("per-item cache store opened", { store: store.kind, where: store.where, available: store.available });
      },
      (err: unknown) => {
        this.opened = true;
        // No store (a directory that cannot be written, a bad URL): the in-process cache goes on alone.
        log.error("per-item cache store could not be opened; per-item results are kept in this process only", { err });
      },
    );
  }

  /** The store, once open, if requests may be sent to it now. */
  private async usable(): Promise<CacheStore | undefined> {
    if (!this.opened) await this.opening;
    const store = this.store;
    if (!store) return undefined;
    if (!store.available || this.now() < this.leftAloneUntil) {
      this.stats.skipped++;
      if (!store.available) this.outage(new Error(`${store.kind} store unavailable`));
      return undefined;
    }
    return store;
  }

  /**
   * The stored entry for `fingerprint` with some lifetime left, or undefined when absent, for another
   * fingerprint, expired, or when the store did not answer in time.
   */
  async get(key: string, fingerprint: string): Promise<StoredItem | undefined> {
    const store = await this.usable();
    if (!store) return undefined;
    const item = await this.bounded(store.get(key));
    if (item === null) return undefined;
    if (!item || item.fingerprint !== fingerprint || item.expiresAt <= Date.now()) {
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    return item;
  }

  /** Stores an entry in the background; failures are counted, never thrown. */
  set(key: string, item: StoredItem): void {
    void this.usable().then((store) => (store ? this.bounded(store.set(key, item)) : undefined));
  }

  /** `request`'s answer, or null when it failed or took longer than `opTimeoutMs` (counted). */
  private async bounded<T>(request: Promise<T>): Promise<T | null> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      const bound = this.opTimeoutMs;
      const due = this.now() + bound;
      let extended = false;
      const expire = () => {
        // This process itself stalled (a large page parsed, a CPU-starved container): the request may not
        // even have left. That is not the store's fault: it gets one more bound.
        if (!extended && this.now() - due > bound / 2) {
          extended = true;
          timer = setTimeout(expire, bound);
          return;
        }
        // Timers run before I/O in an event-loop turn: an answer that arrived in time may still be unread.
        // One more turn (setImmediate runs after I/O) reads it first.
        setImmediate(() => reject(new StoreTimeout(`no answer within ${bound} ms`)));
      };
      timer = setTimeout(expire, bound);
    });
    try {
      const answer = await Promise.race([request, timeout]);
      this.failuresInRow = 0;
      if (this.down) this.recovered();
      return answer;
    } catch (err) {
      if (err instanceof StoreTimeout) this.stats.timeouts++;
      else this.stats.errors++;
      this.failed(err);
      // A request that was abandoned may still fail later: nobody is waiting for it.
      request.catch(() => {});
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private failed(err: unknown): void {
    if (++this.failuresInRow >= (this.options.failuresToOpen ?? 3)) {
      this.leftAloneUntil = this.now() + (this.options.retryAfterMs ?? 10_000);
      this.outage(err);
    }
  }

  private outage(err: unknown): void {
    this.stats.healthy = false;
    if (this.down) return;
    this.down = true;
    this.stats.outages++;
    this.log.warn("per-item cache store unavailable; collecting without it (per-item calls are made) until it answers again", { store: this.stats.kind, err });
  }

  private recovered(): void {
    this.down = false;
    this.stats.healthy = true;
    this.log.info("per-item cache store answers again", { store: this.stats.kind });
  }

  async close(): Promise<void> {
    await this.opening;
    await this.store?.close();
  }
}
