/**
 * Test support: AWS's side of pacing on a fake clock. A model of one AWS token bucket (whose refill may
 * change over time, as when other callers start or stop drawing from a shared bucket) answering calls
 * that arrive after a latency, and per-item workers driving calls through a `RateLimiter`. The limiter's
 * unit tests use it to prove ratios to the ideal schedule exactly; the benchmark (bench/aws/) measures
 * the same against the replay in real time, with the same `idealScheduleMs`.
 */
import type { BucketSpec } from "../../src/engine/aws/adaptive-bucket.js";
import type { RateLimiter } from "../../src/engine/aws/rate-limiter.js";

/** A change of AWS's refill `afterMs` after the start (the replay's `tokenBuckets.rateChanges` entry). */
export interface RateChange {
  afterMs: number;
  refillPerSecond: number;
}

/** AWS's refill `t` ms after the start. */
function refillAt(spec: BucketSpec, changes: readonly RateChange[], t: number): number {
  let rate = spec.refillPerSecond;
  for (const c of changes) if (t >= c.afterMs) rate = c.refillPerSecond;
  return rate;
}

/**
 * The ideal schedule for `calls` calls to one AWS bucket: when the bucket has handed out that many
 * tokens to a caller that always has one waiting (the burst at once, then the refill as it changes),
 * in ms from the start.
 */
export function idealScheduleMs(spec: BucketSpec, changes: readonly RateChange[], calls: number): number {
  let tokens = spec.capacity;
  let t = 0;
  while (tokens < calls) {
    tokens += refillAt(spec, changes, t) / 1000;
    t += 1;
    if (t > 86_400_000) return Infinity;
  }
  return t;
}

export class ThrottleError extends Error {
  override readonly name = "RequestLimitExceeded";
}

/** AWS's bucket: full at the start, refilled at the rate in force (piecewise constant), never above capacity. */
export class AwsBucketModel {
  private tokens: number;
  private last: number;
  readonly start: number;
  throttles = 0;
  successes = 0;

  constructor(
    readonly spec: BucketSpec,
    private readonly changes: readonly RateChange[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = spec.capacity;
    this.start = this.last = now();
  }

  rateAt(t: number): number {
    return refillAt(this.spec, this.changes, t - this.start);
  }

  /** One call arrives: true when it got a token. */
  take(): boolean {
    const now = this.now();
    for (let t = this.last; t < now;) {
      const next = Math.min(now, ...this.changes.map((c) => this.start + c.afterMs).filter((at) => at > t));
      this.tokens = Math.min(this.spec.capacity, this.tokens + ((next - t) / 1000) * this.rateAt(t));
      t = next;
    }
    this.last = now;
    if (this.tokens < 1) {
      this.throttles++;
      return false;
    }
    this.tokens -= 1;
    this.successes++;
    return true;
  }

  /** The ideal schedule for `calls` calls to this bucket, in ms (see `idealScheduleMs`). */
  idealMs(calls: number): number {
    return idealScheduleMs(this.spec, this.changes, calls);
  }
}

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WorkloadResult {
  /** When each call succeeded, ms after the start. */
  doneAt: number[];
  failures: unknown[];
  /** Throttles answered to each call. */
  throttlesPerCall: number[];
}

/**
 * `calls` calls, at most `concurrency` in flight (the per-item semaphore), each paced by `limiter` on
 * `key` and answered by `aws` after its latency. Resolves when every call settled.
 */
export function runWorkload(options: {
  limiter: RateLimiter;
  key: string;
  aws: AwsBucketModel;
  calls: number;
  concurrency: number;
  /** Uniform in [min, max], or chosen per call (0-based). */
  latencyMs: [number, number] | ((call: number) => number);
  random: () => number;
  signal?: AbortSignal;
}): Promise<WorkloadResult> {
  const { limiter, key, aws, random } = options;
  const latency = options.latencyMs;
  const latencyOf = typeof latency === "function" ? latency : () => latency[0] + random() * (latency[1] - latency[0]);
  const start = Date.now();
  const result: WorkloadResult = { doneAt: [], failures: [], throttlesPerCall: [] };
  let next = 0;
  const worker = async () => {
    while (next < options.calls) {
      const call = next++;
      let throttled = 0;
      try {
        await limiter.call(key, options.signal, async () => {
          await new Promise((r) => setTimeout(r, latencyOf(call)));
          if (aws.take()) return;
          throttled++;
          throw new ThrottleError("Request limit exceeded.");
        });
        result.doneAt[call] = Date.now() - start;
      } catch (err) {
        result.failures.push(err);
      }
      result.throttlesPerCall[call] = throttled;
    }
  };
  return Promise.all(Array.from({ length: options.concurrency }, worker)).then(() => result);
}
