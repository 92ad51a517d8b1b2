/**
 * AWS's request token buckets, one per account × region × API (EC2 developer
 * guide, "Request throttling"): non-mutating calls get 100 tokens refilled at
 * 20 per second; unfiltered and unpaginated heavy EC2 Describe calls 50 and
 * 10. Auto Scaling shares one bucket per account and region across its API.
 * A schedule of refill changes models a bucket shared with other callers who
 * start or stop drawing from it while a collect runs.
 */
import type { CallScope } from "./faults.js";

export interface TokenBucketOptions {
  /** Bucket size (default: AWS's, 100 or 50). */
  capacity?: number;
  /** Tokens added per second (default: AWS's, 20 or 10). */
  refillPerSecond?: number;
  /** Multiplies the refill rate, e.g. 0.1 to make throttling reachable in a short test (default 1). */
  refillScale?: number;
  /** From `afterMs` after the buckets were created (the fault configuration installed), every bucket refills at `refillPerSecond` (times `refillScale`). */
  rateChanges?: RateChange[];
}

export interface RateChange {
  afterMs: number;
  refillPerSecond: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/** EC2 calls that land in the 50/10 bucket when sent without a filter and without MaxResults. */
const HEAVY_EC2 = new Set([
  "DescribeInstances",
  "DescribeInstanceStatus",
  "DescribeNetworkInterfaces",
  "DescribeSecurityGroups",
  "DescribeSnapshots",
  "DescribeSpotInstanceRequests",
  "DescribeVolumes",
]);

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly created: number;
  /** Rate changes in time order, on the buckets' clock. */
  private readonly changes: Array<{ at: number; refillPerSecond: number }>;

  constructor(
    private readonly options: TokenBucketOptions,
    private readonly now: () => number,
  ) {
    this.created = now();
    this.changes = (options.rateChanges ?? []).map((c) => ({ at: this.created + c.afterMs, refillPerSecond: c.refillPerSecond })).sort((a, b) => a.at - b.at);
  }

  /** The unscaled refill at time `t` of a bucket whose own refill is `base`. */
  private refillAt(t: number, base: number): number {
    let rate = base;
    for (const c of this.changes) if (c.at <= t) rate = c.refillPerSecond;
    return rate;
  }

  /** Tokens added from `from` to `to`, the rate changing at the scheduled times. */
  private refilled(from: number, to: number, base: number): number {
    let added = 0;
    for (let t = from; t < to;) {
      const next = Math.min(to, ...this.changes.map((c) => c.at).filter((at) => at > t));
      added += ((next - t) / 1000) * this.refillAt(t, base);
      t = next;
    }
    return added * (this.options.refillScale ?? 1);
  }

  /** Takes one token for the call; false means the call is throttled. */
  take(scope: CallScope): boolean {
    const heavy = scope.service === "ec2" && scope.unbounded && HEAVY_EC2.has(scope.action);
    const capacity = this.options.capacity ?? (heavy ? 50 : 100);
    const refill = this.options.refillPerSecond ?? (heavy ? 10 : 20);
    const api = scope.service === "autoscaling" ? "*" : `${scope.action}${heavy ? "#unbounded" : ""}`;
    const key = `${scope.account}|${scope.region}|${scope.service}|${api}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updated: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + this.refilled(bucket.updated, now, refill));
    bucket.updated = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
