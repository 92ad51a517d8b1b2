import { describe, expect, it } from "vitest";
import { TokenBuckets } from "./token-bucket.js";
import type { CallScope } from "./faults.js";

const scope = (over: Partial<CallScope> = {}): CallScope => ({
  service: "ec2",
  action: "DescribeVolumes",
  account: "111111111111",
  region: "us-east-1",
  unbounded: false,
  ...over,
});

function drain(buckets: TokenBuckets, call: CallScope, max = 1000): number {
  let taken = 0;
  while (taken < max && buckets.take(call)) taken++;
  return taken;
}

describe("AWS token buckets", () => {
  it("Describe calls: 100 tokens, refilled at 20 per second", () => {
    let now = 0;
    const buckets = new TokenBuckets({}, () => now);
    expect(drain(buckets, scope())).toBe(100);
    now += 1000;
    expect(drain(buckets, scope())).toBe(20);
    now += 60_000;
    expect(drain(buckets, scope())).toBe(100);
  });

  it("unfiltered and unpaginated heavy calls use the 50/10 bucket; sending MaxResults or a filter moves them to 100/20", () => {
    let now = 0;
    const buckets = new TokenBuckets({}, () => now);
    expect(drain(buckets, scope({ action: "DescribeInstances", unbounded: true }))).toBe(50);
    expect(drain(buckets, scope({ action: "DescribeInstances", unbounded: false }))).toBe(100);
    now += 1000;
    expect(drain(buckets, scope({ action: "DescribeInstances", unbounded: true }))).toBe(10);
    // Light calls never use the small bucket.
    expect(drain(buckets, scope({ action: "DescribeVpcs", unbounded: true }))).toBe(100);
  });

  it("buckets are per account, region and API; Auto Scaling shares one per account and region", () => {
    const buckets = new TokenBuckets({ capacity: 2, refillPerSecond: 1 }, () => 0);
    expect(drain(buckets, scope())).toBe(2);
    expect(drain(buckets, scope({ region: "eu-west-1" }))).toBe(2);
    expect(drain(buckets, scope({ account: "222222222222" }))).toBe(2);
    expect(drain(buckets, scope({ action: "DescribeVpcs" }))).toBe(2);
    expect(drain(buckets, scope({ service: "autoscaling", action: "DescribeAutoScalingGroups" }))).toBe(2);
    expect(drain(buckets, scope({ service: "autoscaling", action: "DescribePolicies" }))).toBe(0);
  });

  it("refillScale slows the refill so tests can reach throttling quickly", () => {
    let now = 0;
    const buckets = new TokenBuckets({ refillScale: 0.1 }, () => now);
    drain(buckets, scope());
    now += 1000;
    expect(drain(buckets, scope())).toBe(2);
  });

  it("rateChanges make every bucket refill at another rate from a given time on, then recover (a bucket others start and stop sharing)", () => {
    let now = 10_000;
    const buckets = new TokenBuckets(
      {
        capacity: 100,
        refillPerSecond: 20,
        rateChanges: [
          { afterMs: 2000, refillPerSecond: 8 },
          { afterMs: 5000, refillPerSecond: 20 },
        ],
      },
      () => now,
    );
    expect(drain(buckets, scope())).toBe(100);
    now += 1000;
    expect(drain(buckets, scope())).toBe(20);
    // 1.5 s spanning the change at 2 s: 1 s at 20/s, then 0.5 s at 8/s.
    now += 1500;
    expect(drain(buckets, scope())).toBe(24);
    now += 1000;
    expect(drain(buckets, scope())).toBe(8);
    // Back to 20/s at 5 s: 1.5 s at 8/s, then 1 s at 20/s.
    now += 2500;
    expect(drain(buckets, scope())).toBe(32);
  });
});
