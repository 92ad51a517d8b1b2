/**
 * One pacing bucket (one account × region × API): a token bucket whose refill adapts to the rate AWS
 * really grants (docs/decisions.md#pacing).
 *
 * While nothing is throttled it grants at most `capacity + refillPerSecond × t` tokens in any span of
 * `t` seconds (its ceiling). A throttle answered for a call granted since the last decrease starts a new
 * round: the refill drops to `decrease ×` its value, the local burst is emptied (AWS's bucket is empty
 * too), and the refill then recovers along a cubic (as TCP CUBIC does): quickly at first, flat around the
 * rate that was throttled (the rate most likely left for us), then faster and faster up to the ceiling
 * when throttles have stopped. Calls granted before a decrease that come back throttled belong to the
 * same round and do not decrease it again.
 *
 * Waiters are served in arrival order, throttled calls coming back for a new token before newcomers; a
 * waiter whose signal aborts leaves at once. A bucket on which no call has succeeded for `giveUpAfterMs`
 * since its first throttle gives up: the throttled call, every waiter and, for a while, every newcomer
 * fail with the caller's error, so a collect ends in bounded time when AWS refuses an API for good.
 */

export interface BucketSpec {
  /** Burst size (tokens when full). */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

export interface AdaptiveBucketOptions {
  /** Burst and refill while nothing is throttled: the most this bucket ever grants. */
  ceiling: BucketSpec;
  /** Share of the refill kept when a round is throttled. Default 0.7. */
  decrease?: number;
  /** Lowest refill, as a share of the ceiling's. Default 0.02. */
  floor?: number;
  /** Recovery speed: the cubic's constant as a share of the ceiling's refill, per s³. Default 0.02 (back from 8/s to 19.6/s in about 5 s). */
  growth?: number;
  /** Throttled without one success for this long: give up. Default 5 minutes. */
  giveUpAfterMs?: number;
  /** After giving up, newcomers fail at once for this long, then a new attempt is allowed. Default min(30 s, giveUpAfterMs). */
  retryGivenUpAfterMs?: number;
  /** Milliseconds on a monotonic clock (tests inject a fake one). */
  now?: () => number;
}

interface Waiter {
  resolve: (grant: number) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Refill integration step while the rate changes: the rate at a step's start is the lowest in it, so grants never run ahead. */
const STEP_MS = 50;

export class AdaptiveBucket {
  private tokens: number;
  private last: number;
  private readonly queue: Waiter[] = [];
  /** Throttled calls waiting for a new token: served before the queue. */
  private readonly retries: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;
  private readonly capacity: number;
  private readonly ceilingRate: number;
  private readonly floorRate: number;
  private readonly decrease: number;
  private readonly growth: number;
  private readonly giveUpAfterMs: number;
  private readonly retryGivenUpAfterMs: number;
  /** Grants are numbered; a throttled grant numbered below `roundStart` was sent before the last decrease. */
  private nextGrant = 0;
  private roundStart = 0;
  /** The last decrease: when, from which refill, and the cubic's time to climb back to it (s). */
  private decreasedAt: number | undefined;
  private throttledRate = 0;
  private plateauSeconds = 0;
  /** First throttle since the last success. */
  private streakSince: number | undefined;
  private givenUp: { reason: Error; until: number } | undefined;
  /** Throttles answered and decreases made (statistics). */
  throttles = 0;
  decreases = 0;

  constructor(options: AdaptiveBucketOptions) {
    this.now = options.now ?? (() => performance.now());
    this.ceilingRate = options.ceiling.refillPerSecond;
    this.floorRate = this.ceilingRate * (options.floor ?? 0.02);
    this.decrease = options.decrease ?? 0.7;
    this.growth = this.ceilingRate * (options.growth ?? 0.02);
    this.giveUpAfterMs = options.giveUpAfterMs ?? 300_000;
    this.retryGivenUpAfterMs = options.retryGivenUpAfterMs ?? Math.min(30_000, this.giveUpAfterMs);
    this.capacity = options.ceiling.capacity;
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** The refill at time `t`: the ceiling, or the cubic recovery since the last decrease. */
  private rateAt(t: number): number {
    if (this.decreasedAt === undefined) return this.ceilingRate;
    const s = (t - this.decreasedAt) / 1000 - this.plateauSeconds;
    return Math.min(this.ceilingRate, Math.max(this.floorRate, this.throttledRate + this.growth * s * s * s));
  }

  /** The burst allowed at time `t`, shrunk with the refill (a full ceiling-sized burst into a busy bucket would only be throttled). */
  private burstAt(t: number): number {
    return Math.max(1, (this.capacity * this.rateAt(t)) / this.ceilingRate);
  }

  private refill(): void {
    const now = this.now();
    let t = this.last;
    this.last = now;
    while (t < now && this.tokens < this.capacity) {
      const rate = this.rateAt(t);
      const step = rate >= this.ceilingRate ? now - t : Math.min(now - t, STEP_MS);
      this.tokens += (rate * step) / 1000;
      t += step;
    }
    this.tokens = Math.min(this.tokens, this.burstAt(now));
  }

  /** The current refill per second. */
  get refillPerSecond(): number {
    return this.rateAt(this.now());
  }

  /** Milliseconds until one token is available (0 when one is available now). */
  delayMs(): number {
    this.refill();
    // The refill only grows until the next decrease, so the current one gives an upper bound.
    return this.tokens >= 1 ? 0 : Math.max(1, Math.ceil(((1 - this.tokens) / this.rateAt(this.now())) * 1000));
  }

  /** Callers waiting for a token. */
  get waiting(): number {
    return this.queue.length + this.retries.length;
  }

  /**
   * Takes one token, waiting for it when the bucket is empty, and resolves with the grant's number
   * (hand it to `throttled`). `retry` marks a throttled call coming back: it goes before newcomers.
   * Rejects with the signal's reason when `signal` aborts, and with the give-up reason while given up.
   */
  take(signal?: AbortSignal, retry = false): Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.givenUp) {
      if (this.now() < this.givenUp.until) return Promise.reject(this.givenUp.reason);
      this.givenUp = undefined;
    }
    if (this.waiting === 0 && this.delayMs() === 0) {
      this.tokens -= 1;
      return Promise.resolve(this.nextGrant++);
    }
    const line = retry ? this.retries : this.queue;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          line.splice(line.indexOf(waiter), 1);
          reject(signal!.reason as Error);
          // The head may have left: the next waiter's wait is different.
          this.schedule();
        },
      };
      line.push(waiter);
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.schedule();
    });
  }

  /** A call succeeded: the bucket is not refused. */
  succeeded(): void {
    this.streakSince = undefined;
  }

  /**
   * The call of grant `grant` was throttled: decreases the refill once per round and empties the
   * burst. Returns true instead when no call has succeeded for `giveUpAfterMs` since the first
   * throttle: the caller then fails the call and calls `giveUp`.
   */
  throttled(grant: number): boolean {
    this.throttles++;
    const now = this.now();
    this.streakSince ??= now;
    if (now - this.streakSince >= this.giveUpAfterMs) return true;
    if (grant < this.roundStart) return false;
    this.refill();
    this.throttledRate = this.rateAt(now);
    const after = Math.max(this.floorRate, this.throttledRate * this.decrease);
    this.plateauSeconds = Math.cbrt((this.throttledRate - after) / this.growth);
    this.decreasedAt = now;
    this.roundStart = this.nextGrant;
    this.tokens = Math.min(this.tokens, 0);
    this.decreases++;
    this.schedule();
    return false;
  }

  /** Fails every waiter with `reason`, and every newcomer for `retryGivenUpAfterMs`. */
  giveUp(reason: Error): void {
    this.givenUp = { reason, until: this.now() + this.retryGivenUpAfterMs };
    // The streak goes on: after the pause, the first throttle gives up again unless a call has succeeded meanwhile.
    for (const waiter of [...this.retries.splice(0), ...this.queue.splice(0)]) {
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.reject(reason);
    }
    this.schedule();
  }

  /** Serves the waiters a token each, retries first, while tokens last; then sleeps until the next token. */
  private serve = (): void => {
    this.timer = undefined;
    while (this.waiting > 0 && this.delayMs() === 0) {
      this.tokens -= 1;
      const waiter = this.retries.shift() ?? this.queue.shift()!;
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(this.nextGrant++);
    }
    this.schedule();
  };

  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = this.waiting > 0 ? setTimeout(this.serve, this.delayMs()) : undefined;
  }
}
