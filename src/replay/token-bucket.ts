/**
 * AWS's request token buckets, one per account × region × API (EC2 developer
 * guide, "Request throttling"): non-mutating calls get 100 tokens refilled at
 * 20 per second; unfiltered and unpaginated heavy EC2 Describe calls 50 and
 * 10. Auto Scaling shares one bucket per account and region across its API.
 */
import type { CallScope } from "./faults.js";

export interface TokenBucketOptions {
  /** Bucket size (default: AWS's, 100 or 50). */
  capacity?: number;
  /** Tokens added per second (default: AWS's, 20 or 10). */
  refillPerSecond?: number;
  /** Multiplies the refill rate, e.g. 0.1 to make throttling reachable in a short test (default 1). */
  refillScale?: number;
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
  constructor(
    private readonly options: TokenBucketOptions,
    private readonly now: () => number,
  ) {}

  /** Takes one token for the call; false means the call is throttled. */
  take(scope: CallScope): boolean {
    const heavy = scope.service === "ec2" && scope.unbounded && HEAVY_EC2.has(scope.action);
    const capacity = this.options.capacity ?? (heavy ? 50 : 100);
    const refill = (this.options.refillPerSecond ?? (heavy ? 10 : 20)) * (this.options.refillScale ?? 1);
    const api = scope.service === "autoscaling" ? "*" : `${scope.action}${heavy ? "#unbounded" : ""}`;
    const key = `${scope.account}|${scope.region}|${scope.service}|${api}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updated: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updated) / 1000) * refill);
    bucket.updated = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
