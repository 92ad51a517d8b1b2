/**
 * Client-side pacing, one adaptive bucket per account × region × API (Auto Scaling: one bucket for all
 * its calls per account and region), process-wide because AWS's buckets are per account, not per task
 * (docs/decisions.md#pacing).
 *
 * Each bucket paces a little under AWS's own (`PACING_HEADROOM`), so that the jitter between our grant
 * and the call's arrival at AWS never overruns an AWS-sized bucket we have to ourselves. When AWS
 * throttles anyway (others share the account's bucket, or it shrank), the bucket finds the rate that is
 * left and the throttled call takes a new token and is sent again: a throttle never costs a call, only
 * cancellation or a bucket refused for `giveUpAfterMs` end one.
 */
import { isThrottlingError } from "@smithy/core/retry";
import { AdaptiveBucket, type AdaptiveBucketOptions, type BucketSpec } from "./adaptive-bucket.js";
import { serviceOf, type ApiName } from "./api-table.js";
import { AwsApiError, toAwsApiError } from "./errors.js";

export type { BucketSpec } from "./adaptive-bucket.js";

/** AWS's documented non-mutating bucket (EC2 developer guide, "Request throttling"). */
export const DESCRIBE_BUCKET: BucketSpec = { capacity: 100, refillPerSecond: 20 };

/**
 * How far under AWS's bucket we pace. AWS's bucket, full while we are idle, starts refilling only when
 * our first call arrives, and a call arrives a latency after its grant: 5 % of the burst (5 tokens at
 * 20/s) covers 250 ms of latency plus stall between a grant and its arrival. 1 % of the refill covers
 * AWS granting slightly less than documented (or a clock 1 % apart) and gives AWS's bucket back 0.2
 * tokens a second. Cost: about 1 % over the ideal schedule.
 */
export const PACING_HEADROOM = { capacity: 0.95, refill: 0.99 } as const;

/** The bucket we pace at to stay under AWS's `aws`. */
export function pacedUnder(aws: BucketSpec): BucketSpec {
  return { capacity: Math.max(1, Math.floor(aws.capacity * PACING_HEADROOM.capacity)), refillPerSecond: aws.refillPerSecond * PACING_HEADROOM.refill };
}

export interface RateLimiterOptions {
  /** AWS's bucket per account × region × API, which pacing stays under. Default `DESCRIBE_BUCKET` (100 / 20 per s). */
  bucket?: BucketSpec;
  /** A bucket throttled without one successful call for this long fails its calls. Default 5 minutes. */
  giveUpAfterMs?: number;
  /** Tells a throttling answer from other failures. Default: the AWS SDK's own classification. */
  isThrottle?: (err: unknown) => boolean;
  /** Test hook: the adaptive buckets' remaining settings (clock, decrease, growth). */
  adaptive?: Omit<AdaptiveBucketOptions, "ceiling" | "giveUpAfterMs">;
}

/** What a bucket did (statistics, logs and tests). */
export interface BucketStats {
  key: string;
  /** Current refill per second. */
  refillPerSecond: number;
  throttles: number;
  decreases: number;
  waiting: number;
}

/** A call given up because its bucket answered only throttles for `forMs`. */
export class ThrottledTooLong extends Error {
  override readonly name = "ThrottledTooLong";
  constructor(
    readonly throttle: unknown,
    readonly forMs: number,
  ) {
    super(`throttled without one successful call for ${Math.round(forMs / 1000)} s`, { cause: throttle });
  }

  /** The AWS failure to report: the throttling code and request id of the last answer, and how long it lasted. */
  toAwsApiError(api: string, region: string): AwsApiError {
    const last = toAwsApiError(this.throttle, api, region);
    return new AwsApiError(api, region, last.code, `${last.awsMessage} (${this.message}; gave up)`, last.requestId, { cause: this.throttle });
  }
}

const sdkThrottle = (err: unknown): boolean => typeof err === "object" && err !== null && isThrottlingError(err as Parameters<typeof isThrottlingError>[0]);

export class RateLimiter {
  private readonly buckets = new Map<string, AdaptiveBucket>();
  /** AWS's bucket, as configured. */
  readonly spec: BucketSpec;
  /** The bucket paced at while nothing throttles. */
  readonly ceiling: BucketSpec;
  readonly giveUpAfterMs: number;
  private readonly isThrottle: (err: unknown) => boolean;

  constructor(private readonly options: RateLimiterOptions = {}) {
    this.spec = options.bucket ?? DESCRIBE_BUCKET;
    this.ceiling = pacedUnder(this.spec);
    this.giveUpAfterMs = options.giveUpAfterMs ?? 300_000;
    this.isThrottle = options.isThrottle ?? sdkThrottle;
  }

  /** The bucket key: Auto Scaling shares one bucket per account and region; other services have one per API. */
  static key(account: string, region: string, api: ApiName): string {
    return `${account}|${region}|${serviceOf(api) === "autoscaling" ? "autoscaling:*" : api}`;
  }

  bucket(key: string): AdaptiveBucket {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new AdaptiveBucket({ ...this.options.adaptive, ceiling: this.ceiling, giveUpAfterMs: this.giveUpAfterMs })));
    return b;
  }

  /**
   * Runs `attempt` (one SDK call) paced by the bucket of `key`. A throttled attempt tells the bucket
   * and takes a new token, for as long as it takes; other failures and cancellation are thrown as they
   * are. Throws `ThrottledTooLong` when the bucket gives up.
   */
  async call<T>(key: string, signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
    const bucket = this.bucket(key);
    let retry = false;
    for (;;) {
      const grant = await bucket.take(signal, retry);
      try {
        const out = await attempt();
        bucket.succeeded();
        return out;
      } catch (err) {
        if (signal?.aborted || !this.isThrottle(err)) throw err;
        if (bucket.throttled(grant)) {
          const gaveUp = new ThrottledTooLong(err, this.giveUpAfterMs);
          bucket.giveUp(gaveUp);
          throw gaveUp;
        }
        retry = true;
      }
    }
  }

  /** Every bucket's state, busiest first. */
  stats(): BucketStats[] {
    return [...this.buckets]
      .map(([key, b]) => ({ key, refillPerSecond: b.refillPerSecond, throttles: b.throttles, decreases: b.decreases, waiting: b.waiting }))
      .sort((a, b) => b.throttles - a.throttles);
  }
}
