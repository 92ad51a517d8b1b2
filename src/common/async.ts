/**
 * Small async helpers shared by every room. Waiting is `node:timers/promises`
 * (`setTimeout(ms, undefined, { signal })`); what Node does not provide lives here.
 */

/**
 * A counting semaphore: at most `slots` holders at once, waiters served first
 * come, first served. A released slot passes straight to the oldest waiter, so
 * no newcomer can take it in between. A waiter whose signal aborts leaves the
 * queue with the signal's reason.
 */
export class Semaphore {
  private held = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly slots: number) {}

  /** Holders now. */
  get running(): number {
    return this.held;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function (idempotent) once a slot is held. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.held < this.slots) return Promise.resolve(this.take());
    return new Promise((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(this.releaser());
      };
      const onAbort = () => {
        const at = this.queue.indexOf(wake);
        if (at >= 0) this.queue.splice(at, 1);
        reject(signal!.reason as Error);
      };
      this.queue.push(wake);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Runs `task` while holding a slot; with a slot free it starts synchronously. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = this.held < this.slots && !signal?.aborted ? this.take() : await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private take(): () => void {
    this.held++;
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The woken waiter inherits this slot: `held` stays the same.
      const wake = this.queue.shift();
      if (wake) wake();
      else this.held--;
    };
  }
}

/** Splits `items` into chunks of `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `fn` over `items` with at most `limit` in flight, creating work only as slots free up (memory stays flat for huge lists). */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
