/**
 * Client-side token buckets, one per account × region × API, sized like AWS's
 * own (EC2 non-mutating: 100 burst, 20/s refill; Auto Scaling: one bucket for
 * all its calls per account and region). Pacing our own calls keeps a large
 * collect from throttling itself, and every wait is abortable.
 */
import { serviceOf, type ApiName } from "./api-table.js";

export interface BucketSpec {
  /** Burst size (tokens when full). */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/** AWS's documented non-mutating bucket (EC2 developer guide, "Request throttling"). */
export const DESCRIBE_BUCKET: BucketSpec = { capacity: 100, refillPerSecond: 20 };

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * A token bucket: at most `capacity + refillPerSecond × t` tokens are granted in any span of
 * `t` seconds. Waiters are served in arrival order (a burst is served fairly, and no newcomer
 * takes a token a waiter is owed); a waiter whose signal aborts leaves the queue at once.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly waiters: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly spec: BucketSpec,
    /** Milliseconds on a monotonic clock (tests inject a fake one). */
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

  /** Callers waiting for a token. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Takes one token, waiting for it when the bucket is empty; rejects with the signal's reason when `signal` aborts. */
  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.waiters.length === 0 && this.delayMs() === 0) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(signal!.reason as Error);
          // The head may have left: the next waiter's wait is different.
          this.schedule();
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.schedule();
    });
  }

  /** Serves the waiters a token each, in order, while tokens last; then sleeps until the next token. */
  private serve = (): void => {
    this.timer = undefined;
    while (this.waiters.length > 0 && this.delayMs() === 0) {
      this.tokens -= 1;
      const waiter = this.waiters.shift()!;
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve();
    }
    this.schedule();
  };

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = this.waiters.length > 0 ? setTimeout(this.serve, this.delayMs()) : undefined;
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
  static key(account: string, region: string, api: ApiName): string {
    return `${account}|${region}|${serviceOf(api) === "autoscaling" ? "autoscaling:*" : api}`;
  }

  bucket(key: string): TokenBucket {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new TokenBucket(this.spec)));
    return b;
  }

  take(account: string, region: string, api: ApiName, signal?: AbortSignal): Promise<void> {
    return this.bucket(RateLimiter.key(account, region, api)).take(signal);
  }
}
