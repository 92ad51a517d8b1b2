import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AwsBucketModel, ThrottleError, runWorkload, seeded, type RateChange, type WorkloadResult } from "../../../test/support/pacing-simulation.js";
import { DESCRIBE_BUCKET, RateLimiter, ThrottledTooLong, type RateLimiterOptions } from "./rate-limiter.js";

const KEY = "111111111111|us-east-1|ec2:DescribeVolumeAttribute";

/** A limiter on vitest's fake clock that knows the model's throttling answer. */
const fakeClockLimiter = (options: RateLimiterOptions = {}) =>
  new RateLimiter({ isThrottle: (e) => e instanceof ThrottleError, adaptive: { now: () => Date.now() }, ...options });

const limiterCeiling = () => fakeClockLimiter().ceiling;

/** Runs the fake clock until `work` settles. */
async function settle<T>(work: Promise<T>): Promise<T> {
  let done = false;
  void work.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) await vi.advanceTimersByTimeAsync(1_000);
  return work;
}

/** `calls` per-item calls (8 in flight, 30–50 ms each) through one limiter against one AWS bucket. */
async function collectAgainst(aws: AwsBucketModel, calls: number, limiter = fakeClockLimiter()): Promise<WorkloadResult & { wallMs: number; idealMs: number }> {
  const result = await settle(runWorkload({ limiter, key: KEY, aws, calls, concurrency: 8, latencyMs: [30, 50], random: seeded(calls) }));
  return { ...result, wallMs: Math.max(...result.doneAt), idealMs: aws.idealMs(calls) };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
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

describe("RateLimiter.call", () => {
  it("sends a throttled call again with a new token until it succeeds, and backs the bucket off", async () => {
    const limiter = fakeClockLimiter();
    let attempts = 0;
    const out = settle(
      limiter.call(KEY, undefined, () => {
        attempts++;
        return attempts <= 3 ? Promise.reject(new ThrottleError("Request limit exceeded.")) : Promise.resolve("answered");
      }),
    );
    expect(await out).toBe("answered");
    expect(attempts).toBe(4);
    expect(limiter.stats()[0]).toMatchObject({ key: KEY, throttles: 3, decreases: 3 });
    expect(limiter.stats()[0]!.refillPerSecond).toBeLessThan(limiter.ceiling.refillPerSecond);
  });

  it("throws any other failure at once, without another attempt", async () => {
    const limiter = fakeClockLimiter();
    let attempts = 0;
    const denied = new Error("UnauthorizedOperation");
    await expect(limiter.call(KEY, undefined, () => (attempts++, Promise.reject(denied)))).rejects.toBe(denied);
    expect(attempts).toBe(1);
    expect(limiter.stats()[0]).toMatchObject({ throttles: 0, decreases: 0 });
  });

  it("a cancelled collect ends a throttled call waiting for its next token", async () => {
    const limiter = fakeClockLimiter({ bucket: { capacity: 1, refillPerSecond: 1 } });
    const ac = new AbortController();
    let attempts = 0;
    const call = limiter.call(KEY, ac.signal, () => (attempts++, Promise.reject(new ThrottleError("Rate exceeded"))));
    const settled = call.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    ac.abort(new Error("collect cancelled"));
    expect(await settled).toEqual(new Error("collect cancelled"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempts).toBe(1);
  });

  it("gives up when no call of the bucket has succeeded for giveUpAfterMs: the call and every waiter fail with the throttling", async () => {
    const limiter = fakeClockLimiter({ giveUpAfterMs: 120_000 });
    const aws = new AwsBucketModel({ capacity: 100, refillPerSecond: 20 }, [{ afterMs: 0, refillPerSecond: 1e-9 }]);
    const start = Date.now();
    // Drain AWS's bucket first: from then on it refuses every call.
    for (let i = 0; i < 100; i++) aws.take();
    const result = await settle(runWorkload({ limiter, key: KEY, aws, calls: 300, concurrency: 8, latencyMs: [30, 50], random: seeded(5) }));
    const elapsed = Date.now() - start;
    expect(result.doneAt.filter((t) => t !== undefined)).toHaveLength(0);
    expect(result.failures).toHaveLength(300);
    for (const f of result.failures) expect(f).toBeInstanceOf(ThrottledTooLong);
    expect((result.failures[0] as ThrottledTooLong).throttle).toBeInstanceOf(ThrottleError);
    // The waiters did not trickle out one by one at the floor rate: they all failed when the bucket gave up.
    expect(elapsed).toBeGreaterThanOrEqual(120_000);
    expect(elapsed).toBeLessThan(135_000);
  });
});

describe("pacing against AWS's buckets (fake clock: exact)", () => {
  it("a bucket we have to ourselves (100 / 20 per s): no throttle, within 5 % of the ideal schedule", async () => {
    const aws = new AwsBucketModel(DESCRIBE_BUCKET);
    const result = await collectAgainst(aws, 1719);
    expect(result.failures).toEqual([]);
    expect(aws.throttles).toBe(0);
    expect(result.wallMs / result.idealMs).toBeLessThanOrEqual(1.05);
  });

  it("a 240 ms stall between the burst's grants and their arrival (AWS's full bucket wastes its refill meanwhile) never overruns AWS's bucket", async () => {
    const aws = new AwsBucketModel(DESCRIBE_BUCKET);
    // The burst leaves late (an event-loop stall right after its grants); what follows leaves at once.
    const burst = limiterCeiling().capacity;
    await settle(
      runWorkload({
        limiter: fakeClockLimiter(),
        key: KEY,
        aws,
        calls: 400,
        concurrency: 128,
        latencyMs: (call) => (call < burst ? 240 : 1),
        random: seeded(3),
      }),
    );
    expect(aws.successes).toBe(400);
    expect(aws.throttles).toBe(0);
  });

  it("a bucket shared with other callers (20, 8/s left for us): every call succeeds, within 1.25× the ideal schedule", async () => {
    const aws = new AwsBucketModel({ capacity: 20, refillPerSecond: 8 });
    const result = await collectAgainst(aws, 504);
    expect(result.failures).toEqual([]);
    expect(aws.successes).toBe(504);
    expect(aws.throttles).toBeGreaterThan(0);
    expect(result.wallMs / result.idealMs).toBeLessThanOrEqual(1.25);
    // No call starves behind newcomers: a throttled call goes first for its next token.
    expect(Math.max(...result.throttlesPerCall)).toBeLessThanOrEqual(3);
  });

  it("a rate that drops to 8/s and recovers mid-collect: found both ways, within 1.25× the ideal schedule", async () => {
    const changes: RateChange[] = [
      { afterMs: 20_000, refillPerSecond: 8 },
      { afterMs: 50_000, refillPerSecond: 20 },
    ];
    const aws = new AwsBucketModel(DESCRIBE_BUCKET, changes);
    const limiter = fakeClockLimiter();
    const result = await collectAgainst(aws, 1719, limiter);
    expect(result.failures).toEqual([]);
    expect(result.wallMs / result.idealMs).toBeLessThanOrEqual(1.25);
    const [bucket] = limiter.stats();
    expect(bucket!.decreases).toBeGreaterThan(0);
    // Back at full pace once the other callers left.
    expect(bucket!.refillPerSecond).toBe(limiter.ceiling.refillPerSecond);
  });

  it("two processes pacing on their own against one AWS bucket share it without losing a call", async () => {
    const aws = new AwsBucketModel(DESCRIBE_BUCKET);
    const runs = [1, 2].map((seed) =>
      runWorkload({ limiter: fakeClockLimiter(), key: KEY, aws, calls: 1000, concurrency: 8, latencyMs: [30, 50], random: seeded(seed) }),
    );
    const [a, b] = await settle(Promise.all(runs));
    expect([...a!.failures, ...b!.failures]).toEqual([]);
    const walls = [Math.max(...a!.doneAt), Math.max(...b!.doneAt)];
    expect(Math.max(...walls) / aws.idealMs(2000)).toBeLessThanOrEqual(1.25);
    // A fair share: neither finishes much before the other.
    expect(Math.min(...walls) / Math.max(...walls)).toBeGreaterThan(0.8);
  });
});
