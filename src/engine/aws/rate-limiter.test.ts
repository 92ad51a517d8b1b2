import { describe, expect, it } from "vitest";
import { apiEntry } from "./api-catalog.js";
import { RateLimiter, TokenBucket } from "./rate-limiter.js";

describe("TokenBucket", () => {
  it("allows a burst of `capacity`, then refills at the documented rate", async () => {
    let now = 0;
    const bucket = new TokenBucket({ capacity: 100, refillPerSecond: 20 }, () => now);
    for (let i = 0; i < 100; i++) await bucket.take();
    expect(bucket.delayMs()).toBe(50); // one token per 50 ms at 20/s
    now += 1000;
    expect(bucket.delayMs()).toBe(0); // 20 tokens back after a second
  });

  it("paces callers beyond the burst and serves them in order", async () => {
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 100 });
    const order: number[] = [];
    const t0 = performance.now();
    await Promise.all([0, 1, 2, 3, 4].map((i) => bucket.take().then(() => order.push(i))));
    const elapsed = performance.now() - t0;
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(elapsed).toBeGreaterThanOrEqual(25); // 3 tokens beyond the burst at 10 ms each
  });

  it("rejects a waiting take when aborted, without blocking later callers", async () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 2 });
    await bucket.take();
    const ac = new AbortController();
    const waiting = bucket.take(ac.signal);
    ac.abort(new Error("cancelled"));
    await expect(waiting).rejects.toThrow("cancelled");
  });
});

describe("RateLimiter keys", () => {
  it("gives each EC2 API its own bucket and Auto Scaling one shared bucket per account and region", () => {
    const k = (api: string, region = "us-east-1", account = "111") => RateLimiter.key(account, region, apiEntry(api));
    expect(k("ec2:DescribeInstances")).not.toBe(k("ec2:DescribeVolumes"));
    expect(k("ec2:DescribeInstances")).not.toBe(k("ec2:DescribeInstances", "eu-west-1"));
    expect(k("ec2:DescribeInstances")).not.toBe(k("ec2:DescribeInstances", "us-east-1", "222"));
    expect(k("autoscaling:DescribePolicies")).toBe(k("autoscaling:DescribeAutoScalingGroups"));
  });
});
