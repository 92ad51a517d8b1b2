import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { seeded } from "../../../test/support/pacing-simulation.js";
import { AdaptiveBucket, type AdaptiveBucketOptions, type BucketSpec } from "./adaptive-bucket.js";

/** The bucket on vitest's fake clock: `Date.now()` and the timers it waits on are both fake. */
const fakeClockBucket = (ceiling: BucketSpec, options: Partial<AdaptiveBucketOptions> = {}) =>
  new AdaptiveBucket({ ceiling, now: () => Date.now(), ...options });

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

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("AdaptiveBucket while nothing is throttled", () => {
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

describe("AdaptiveBucket on throttles", () => {
  it("decreases once per round of calls in flight, empties its burst, and serves throttled calls before newcomers", async () => {
    const bucket = fakeClockBucket({ capacity: 10, refillPerSecond: 10 });
    const start = Date.now();
    const sent = await Promise.all(Array.from({ length: 6 }, () => bucket.take()));
    // Four tokens are left, but the first throttle says AWS's bucket is empty.
    expect(bucket.throttled(sent[0]!)).toBe(false);
    expect(bucket.decreases).toBe(1);
    expect(bucket.refillPerSecond).toBeCloseTo(7);
    // Calls sent in the same round come back throttled too: no second decrease for them.
    for (const grant of sent.slice(1)) bucket.throttled(grant);
    expect(bucket.decreases).toBe(1);
    expect(bucket.throttles).toBe(6);

    const order: string[] = [];
    const newcomer = bucket.take().then((grant) => (order.push(`newcomer at ${Date.now() - start}`), grant));
    const retried = bucket.take(undefined, true).then((grant) => (order.push(`retry at ${Date.now() - start}`), grant));
    await vi.advanceTimersByTimeAsync(1_000);
    const [, retryGrant] = await Promise.all([newcomer, retried]);
    // The burst was emptied: the first token comes after one refill interval (1/7 s), to the retried call.
    expect(order[0]).toMatch(/^retry at 14[3-5]$/);
    expect(order[1]).toMatch(/^newcomer at/);
    // A call sent after the decrease and throttled starts a new round.
    const before = bucket.refillPerSecond;
    bucket.throttled(retryGrant);
    expect(bucket.decreases).toBe(2);
    expect(bucket.refillPerSecond).toBeCloseTo(before * 0.7);
  });

  it("recovers along a cubic: flat around the rate that was throttled, then back to its ceiling once throttles stop", async () => {
    const ceiling = { capacity: 10, refillPerSecond: 10 };
    const bucket = fakeClockBucket(ceiling);
    bucket.throttled(await bucket.take());
    const next = bucket.take();
    await vi.advanceTimersByTimeAsync(200);
    // Throttled again at about 7/s: that is the rate to stay around.
    const throttledAt = bucket.refillPerSecond;
    bucket.throttled(await next);
    expect(bucket.refillPerSecond).toBeCloseTo(throttledAt * 0.7);
    const samples: number[] = [];
    for (let s = 0; s < 12; s++) {
      samples.push(bucket.refillPerSecond);
      await vi.advanceTimersByTimeAsync(500);
    }
    // Never above the ceiling, never falling while nothing is throttled.
    for (let i = 1; i < samples.length; i++) expect(samples[i]).toBeGreaterThanOrEqual(samples[i - 1]!);
    expect(Math.max(...samples)).toBeLessThanOrEqual(ceiling.refillPerSecond);
    // Most of the climb back comes first; the rate then dwells around the throttled one before it probes further.
    const around = samples.filter((r) => Math.abs(r - throttledAt) < 0.5).length;
    expect(around).toBeGreaterThanOrEqual(3);
    expect(samples.at(-1)).toBe(ceiling.refillPerSecond);
  });

  it("after a decrease, never grants more than the refill it reports allows", async () => {
    const bucket = fakeClockBucket({ capacity: 20, refillPerSecond: 20 });
    const grants: number[] = [];
    let pending: Array<Promise<void>> = [];
    const demand = () => {
      // Always 30 calls waiting: the bucket, not the demand, sets the pace.
      while (pending.length < 30) {
        const p: Promise<void> = bucket.take().then(() => {
          grants.push(Date.now());
          pending = pending.filter((x) => x !== p);
        });
        pending.push(p);
      }
    };
    demand();
    await vi.advanceTimersByTimeAsync(2_000);
    bucket.throttled(await bucket.take());
    const decreasedAt = Date.now();
    const rates: Array<{ at: number; rate: number }> = [];
    for (let t = 0; t < 8_000; t += 10) {
      demand();
      await vi.advanceTimersByTimeAsync(10);
      rates.push({ at: Date.now(), rate: bucket.refillPerSecond });
    }
    // Refill reported at the end of each 10 ms step bounds the grants of that step from above (it only grows).
    const after = grants.filter((g) => g >= decreasedAt);
    let allowed = 0;
    for (const { at, rate } of rates) {
      allowed += rate / 100;
      const granted = after.filter((g) => g <= at).length;
      expect(granted).toBeLessThanOrEqual(allowed + 1e-9);
    }
    // ...and it did grant what it reported, not far less.
    expect(after.length).toBeGreaterThan(allowed - 25);
  });

  it("gives up once no call has succeeded for giveUpAfterMs, failing its waiters at once; a success starts afresh", async () => {
    const bucket = fakeClockBucket({ capacity: 2, refillPerSecond: 1 }, { giveUpAfterMs: 10_000, retryGivenUpAfterMs: 3_000 });
    expect(bucket.throttled(await bucket.take())).toBe(false);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(bucket.throttled(await bucket.take())).toBe(false);
    const waiters = [bucket.take(), bucket.take(undefined, true)];
    await vi.advanceTimersByTimeAsync(1);
    // Another call of the same streak comes back throttled, 10 s after the first throttle.
    expect(bucket.throttled(0)).toBe(true);
    const reason = new Error("throttled for 10 s");
    bucket.giveUp(reason);
    for (const w of waiters) await expect(w).rejects.toBe(reason);
    // Newcomers fail at once for a while, then may try again.
    await expect(bucket.take()).rejects.toBe(reason);
    await vi.advanceTimersByTimeAsync(3_000);
    const retry = bucket.take();
    await vi.advanceTimersByTimeAsync(10_000);
    const again = await retry;
    // Still no success: the next throttle gives up at once.
    expect(bucket.throttled(again)).toBe(true);
    bucket.succeeded();
    expect(bucket.throttled(again)).toBe(false);
  });
});
