import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RateLimiter, TokenBucket, type BucketSpec } from "./rate-limiter.js";

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The bucket on vitest's fake clock: `Date.now()` and the timers it waits on are both fake. */
const fakeClockBucket = (spec: BucketSpec) => new TokenBucket(spec, () => Date.now());

/**
 * The most tokens any window granted beyond its refill: max over grants i ≤ j of
 * `(j − i + 1) − rate × (t_j − t_i)`. Windows that start and end on a grant are the
 * tightest, so the bucket keeps its bound in every window exactly when this is ≤ capacity.
 */
function burstBeyondRefill(times: readonly number[], spec: BucketSpec): number {
  let most = 0;
  for (let i = 0; i < times.length; i++) {
    for (let j = i; j < times.length; j++) most = Math.max(most, j - i + 1 - (spec.refillPerSecond * (times[j]! - times[i]!)) / 1000);
  }
  return most;
}

describe("TokenBucket on a fake clock", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("never grants more than capacity + rate × t in any window of t, through bursts, saturation and idle spells", async () => {
    const spec = { capacity: 10, refillPerSecond: 20 };
    const bucket = fakeClockBucket(spec);
    const random = seeded(8);
    const grants: number[] = [];
    const takes: Array<Promise<void>> = [];
    for (let phase = 0; phase < 8; phase++) {
      // A busy spell (demand well above the refill), then an idle one long enough to fill the bucket.
      for (let step = 0; step < 60; step++) {
        for (let n = Math.floor(random() * 6); n > 0; n--) takes.push(bucket.take().then(() => void grants.push(Date.now())));
        await vi.advanceTimersByTimeAsync(Math.floor(random() * 90));
      }
      await vi.advanceTimersByTimeAsync(60_000);
    }
    await Promise.all(takes);
    expect(grants).toHaveLength(takes.length);
    expect(takes.length).toBeGreaterThan(1000);
    const burst = burstBeyondRefill(grants, spec);
    // Never more than the bucket allows, in any of the ~500,000 windows between two grants...
    expect(burst).toBeLessThanOrEqual(spec.capacity + 1e-9);
    // ...and not stingy either: a full bucket's burst was really handed out.
    expect(burst).toBeGreaterThan(spec.capacity - 1);
  });

  it("serves a full bucket's burst at once, then one token per refill interval, waiters in arrival order", async () => {
    const bucket = fakeClockBucket({ capacity: 3, refillPerSecond: 10 });
    const start = Date.now();
    const served: Array<{ caller: number; at: number }> = [];
    const takes = Array.from({ length: 7 }, (_, caller) => bucket.take().then(() => void served.push({ caller, at: Date.now() - start })));
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(takes);
    expect(served).toEqual([0, 0, 0, 100, 200, 300, 400].map((at, caller) => ({ caller, at })));
  });

  it("an aborted waiter leaves the queue at once, rejects with the signal's reason and costs no token", async () => {
    const bucket = fakeClockBucket({ capacity: 1, refillPerSecond: 10 });
    const start = Date.now();
    await bucket.take();
    const at: Record<string, number> = {};
    const first = bucket.take().then(() => void (at.first = Date.now() - start));
    const ac = new AbortController();
    const aborted = bucket.take(ac.signal);
    const last = bucket.take().then(() => void (at.last = Date.now() - start));
    expect(bucket.waiting).toBe(3);
    ac.abort(new Error("collect cancelled"));
    // No time has passed: the waiter did not wait for its turn to learn it was cancelled.
    await expect(aborted).rejects.toThrow("collect cancelled");
    expect(bucket.waiting).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all([first, last]);
    expect(at).toEqual({ first: 100, last: 200 });
  });

  it("an aborted head of the queue hands its turn to the next waiter", async () => {
    const bucket = fakeClockBucket({ capacity: 1, refillPerSecond: 10 });
    const start = Date.now();
    await bucket.take();
    const ac = new AbortController();
    const head = bucket.take(ac.signal);
    let servedAt: number | undefined;
    const next = bucket.take().then(() => void (servedAt = Date.now() - start));
    await vi.advanceTimersByTimeAsync(50);
    ac.abort(new Error("gone"));
    await expect(head).rejects.toThrow("gone");
    await vi.advanceTimersByTimeAsync(1_000);
    await next;
    expect(servedAt).toBe(100);
  });

  it("refuses at once with an already aborted signal", async () => {
    const bucket = fakeClockBucket({ capacity: 5, refillPerSecond: 1 });
    await expect(bucket.take(AbortSignal.abort(new Error("too late")))).rejects.toThrow("too late");
    expect(bucket.waiting).toBe(0);
    expect(bucket.delayMs()).toBe(0); // the token was not taken
  });
});

describe("RateLimiter keys", () => {
  it("gives each EC2 API its own bucket and Auto Scaling one shared bucket per account and region", () => {
    expect(RateLimiter.key("111", "us-east-1", "ec2:DescribeInstances")).not.toBe(RateLimiter.key("111", "us-east-1", "ec2:DescribeVolumes"));
    expect(RateLimiter.key("111", "us-east-1", "ec2:DescribeInstances")).not.toBe(RateLimiter.key("111", "eu-west-1", "ec2:DescribeInstances"));
    expect(RateLimiter.key("111", "us-east-1", "ec2:DescribeInstances")).not.toBe(RateLimiter.key("222", "us-east-1", "ec2:DescribeInstances"));
    expect(RateLimiter.key("111", "us-east-1", "autoscaling:DescribePolicies")).toBe(
      RateLimiter.key("111", "us-east-1", "autoscaling:DescribeAutoScalingGroups"),
    );
  });
});
