/**
 * A bound on concurrent RPCs, like the Python plugin's thread pool of
 * `SPACEONE_WORKER` workers: calls beyond the limit wait (first come, first
 * served) until a running call ends. A waiting call that is cancelled or times
 * out leaves the queue with its abort reason.
 */
import type { Interceptor } from "@connectrpc/connect";
import type { Semaphore } from "../../common/async.js";
import { settleResponse } from "./response-hooks.js";

/** Holds a slot of `semaphore` for the whole call, including a stream's lifetime. */
export function concurrencyLimitInterceptor(semaphore: Semaphore): Interceptor {
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
