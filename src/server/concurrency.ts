/**
 * A bound on concurrent RPCs, like the Python plugin's thread pool of
 * `SPACEONE_WORKER` workers: calls beyond the limit wait (first come, first
 * served) until a running call ends. A waiting call that is cancelled or times
 * out leaves the queue with its abort reason.
 */
import type { Interceptor } from "@connectrpc/connect";
import { settleResponse } from "./response-hooks.js";

export interface Semaphore {
  /** Resolves with a release function once a slot is free; rejects with `signal.reason` if aborted first. */
  acquire(signal: AbortSignal): Promise<() => void>;
  readonly running: number;
  readonly waiting: number;
}

export function createSemaphore(slots: number): Semaphore {
  let running = 0;
  const queue: Array<() => void> = [];
  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const wake = queue.shift();
      if (wake) wake();
      else running--;
    };
  };
  return {
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
    acquire(signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      if (running < slots) {
        running++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        // A woken waiter inherits the slot of the call that released it.
        const wake = () => {
          signal.removeEventListener("abort", onAbort);
          resolve(releaser());
        };
        const onAbort = () => {
          const i = queue.indexOf(wake);
          if (i >= 0) queue.splice(i, 1);
          reject(signal.reason);
        };
        queue.push(wake);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}

/** Holds a slot of `semaphore` for the whole call, including a stream's lifetime. */
export function concurrencyInterceptor(semaphore: Semaphore): Interceptor {
  return (next) => async (req) => {
    const release = await semaphore.acquire(req.signal);
    try {
      return settleResponse(await next(req), release);
    } catch (e) {
      release();
      throw e;
    }
  };
}
