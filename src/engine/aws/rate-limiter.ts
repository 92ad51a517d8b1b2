/**
 * Client-side token buckets, one per account × region × API, sized like AWS's
 * own (EC2 non-mutating: 100 burst, 20/s refill; Auto Scaling: one bucket for
 * all its calls per account and region). Pacing our own calls keeps a large
 * collect from throttling itself, and every wait is abortable.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { ApiEntry } from "./api-catalog.js";

export interface BucketSpec {
  /** Burst size (tokens when full). */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/** AWS's documented non-mutating bucket (EC2 developer guide, "Request throttling"). */
export const DESCRIBE_BUCKET: BucketSpec = { capacity: 100, refillPerSecond: 20 };

export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Callers waiting, in arrival order, so a burst is served fairly. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: BucketSpec,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = spec.capacity;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.spec.capacity, this.tokens + ((t - this.last) / 1000) * this.spec.refillPerSecond);
    this.last = t;
  }

  /** Milliseconds until one token is available (0 when one is available now). */
  delayMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.spec.refillPerSecond) * 1000);
  }

  /** Takes one token, waiting for it when the bucket is empty; rejects when `signal` aborts. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.takeNow(signal));
    // A rejected (aborted) waiter must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.delayMs();
      if (wait === 0) {
        this.tokens -= 1;
        return;
      }
      await sleep(wait, undefined, { signal });
    }
  }
}

export interface RateLimiterOptions {
  /** Bucket size and refill for every API. Default: `DESCRIBE_BUCKET` (100 / 20 per s). */
  bucket?: BucketSpec;
}

/** Process-wide registry of buckets; AWS's buckets are per account, so ours outlive a task. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  readonly spec: BucketSpec;

  constructor(options: RateLimiterOptions = {}) {
    this.spec = options.bucket ?? DESCRIBE_BUCKET;
  }

  /** The bucket key: Auto Scaling shares one bucket per account and region; other services have one per API. */
  static key(account: string, region: string, api: ApiEntry): string {
    return `${account}|${region}|${api.service === "autoscaling" ? "autoscaling:*" : api.api}`;
  }

  bucket(key: string): TokenBucket {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new TokenBucket(this.spec)));
    return b;
  }

  take(account: string, region: string, api: ApiEntry, signal?: AbortSignal): Promise<void> {
    return this.bucket(RateLimiter.key(account, region, api)).take(signal);
  }
}
