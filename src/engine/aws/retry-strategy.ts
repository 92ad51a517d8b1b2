/**
 * The SDK retry strategy of every client: the standard one (or a test's), except that a throttling
 * answer is never retried inside the SDK. It surfaces to the rate limiter's loop instead, which tells
 * the account's bucket and sends the call again with a new token (docs/decisions.md#pacing); an SDK
 * retry would bypass the pacing, and its attempt budget would give a throttled call up while the bucket
 * is merely busy. Other transient failures (5xx, timeouts, resets) keep the SDK's own retries.
 */
import { StandardRetryStrategy } from "@smithy/core/retry";
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from "@smithy/types";

/** Wraps `inner`: throttling errors are refused a retry, which makes the SDK throw them at once. */
export function throttlesToCaller(inner: RetryStrategyV2): RetryStrategyV2 {
  return {
    acquireInitialRetryToken: (scope: string) => inner.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
      if (errorInfo.errorType === "THROTTLING") return Promise.reject(new Error("throttling is retried by the rate limiter"));
      return inner.refreshRetryTokenForRetry(token, errorInfo);
    },
    recordSuccess: (token: RetryToken) => inner.recordSuccess(token),
  };
}

/** The strategy for one client: `override` (a test hook) or standard mode with `maxAttempts`, throttles surfaced. */
export function clientRetryStrategy(maxAttempts: number, override?: unknown): RetryStrategyV2 {
  return throttlesToCaller((override as RetryStrategyV2 | undefined) ?? new StandardRetryStrategy(maxAttempts));
}
