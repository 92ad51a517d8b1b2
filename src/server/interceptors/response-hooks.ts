/**
 * Interceptor helpers for the end of a call. For a server stream `next()`
 * returns before the handler body runs, so "the call is over" means the
 * response iterable was drained, failed, or was closed by the adapter.
 */
import type { StreamResponse, UnaryResponse } from "@connectrpc/connect";

/** Wraps `iterable` so that `done` runs exactly once when iteration ends in any way. */
export function onSettled<T>(iterable: AsyncIterable<T>, done: (error?: unknown) => void): AsyncIterable<T> {
  let settled = false;
  const settle = (error?: unknown) => {
    if (settled) return;
    settled = true;
    done(error);
  };
  return {
    [Symbol.asyncIterator]() {
      const it = iterable[Symbol.asyncIterator]();
      return {
        async next() {
          try {
            const result = await it.next();
            if (result.done) settle();
            return result;
          } catch (e) {
            settle(e);
            throw e;
          }
        },
        async return(value?: unknown) {
          try {
            return (await it.return?.(value)) ?? { done: true as const, value: undefined };
          } finally {
            settle();
          }
        },
        async throw(e?: unknown) {
          try {
            if (it.throw) return await it.throw(e);
            throw e;
          } finally {
            settle(e);
          }
        },
      };
    },
  };
}

/** Runs `done` when a unary response is ready or a stream response has ended. */
export function settleResponse<R extends UnaryResponse | StreamResponse>(res: R, done: (error?: unknown) => void): R {
  if (!res.stream) {
    done();
    return res;
  }
  return { ...res, message: onSettled(res.message, done) };
}
