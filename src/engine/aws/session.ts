/**
 * One AWS session per task: a client per service × region sharing one credential
 * provider, every call paced by the process-wide rate limiter, cancellable by the
 * task's signal, counted, and wrapped as `AwsApiError` on failure.
 *
 * Retries: the SDK's **standard** mode (not adaptive, whose client-side limiter delays
 * unrelated calls), except for throttling: a throttled call goes back through the rate
 * limiter, which adapts the pace of its account × region × API and sends it again
 * (docs/decisions.md#pacing).
 */
import { setMaxListeners } from "node:events";
import type { AwsService } from "../../common/aws-services.js";
import { commandFor, serviceOf, type ApiInput, type ApiName, type ApiOutput } from "./api-table.js";
import { SDK_CLIENTS, type SdkClient } from "./clients.js";
import type { CredentialProvider } from "./credentials.js";
import { toAwsApiError } from "./errors.js";
import { RateLimiter, ThrottledTooLong } from "./rate-limiter.js";
import { clientRetryStrategy } from "./retry-strategy.js";

export interface SessionOptions {
  credentials: CredentialProvider;
  /** Explicit endpoint for every client; undefined = SDK default resolution (which honours `AWS_ENDPOINT_URL*`). */
  endpoint?: string;
  /** SDK attempts per call (standard retry mode; throttles are retried by the rate limiter instead). */
  maxAttempts: number;
  /** Process-wide limiter (shared across tasks, as AWS's buckets are per account). */
  rateLimiter: RateLimiter;
  /** Identifies the account in limiter keys until `GetCallerIdentity` answered. */
  accountHint: string;
  /** Test hook: a retry strategy replacing standard mode (e.g. `ConfiguredRetryStrategy` with tiny delays). */
  retryStrategy?: unknown;
  signal: AbortSignal;
}

export class AwsSession {
  private readonly clients = new Map<string, SdkClient>();
  /** Calls sent per API (first attempts), for progress logs and tests. */
  readonly calls = new Map<ApiName, number>();
  account: string | undefined;
  /**
   * The task's cancellation, re-issued on a signal of our own: hundreds of calls in flight each
   * listen to it, which is expected here and must not trip Node's listener-leak warning.
   */
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly unlink: () => void;

  constructor(readonly options: SessionOptions) {
    const controller = this.controller;
    setMaxListeners(0, controller.signal);
    const parent = options.signal;
    const forward = () => controller.abort(parent.reason);
    if (parent.aborted) forward();
    else parent.addEventListener("abort", forward, { once: true });
    this.signal = controller.signal;
    this.unlink = () => parent.removeEventListener("abort", forward);
  }

  private config(region: string): Record<string, unknown> {
    return {
      region,
      credentials: this.options.credentials,
      maxAttempts: this.options.maxAttempts,
      retryStrategy: clientRetryStrategy(this.options.maxAttempts, this.options.retryStrategy),
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
    };
  }

  client(service: AwsService, region: string): SdkClient {
    const key = `${service}|${region}`;
    let client = this.clients.get(key);
    if (!client) {
      const Client = SDK_CLIENTS[service]();
      this.clients.set(key, (client = new Client(this.config(region))));
    }
    return client;
  }

  /**
   * Sends `api` (`ec2:DescribeInstances`) with its typed `input` in `region`, paced by the rate
   * limiter (which sends it again when throttled), honours the task's cancellation, and throws
   * `AwsApiError` on failure.
   */
  async send<A extends ApiName>(api: A, region: string, input: ApiInput<A>): Promise<ApiOutput<A>> {
    const signal = this.signal;
    this.calls.set(api, (this.calls.get(api) ?? 0) + 1);
    const bucket = RateLimiter.key(this.account ?? this.options.accountHint, region, api);
    const attempt = () => this.client(serviceOf(api), region).send(commandFor(api, input) as never, { abortSignal: signal }) as Promise<ApiOutput<A>>;
    try {
      return await this.options.rateLimiter.call(bucket, signal, attempt);
    } catch (err) {
      signal.throwIfAborted();
      throw err instanceof ThrottledTooLong ? err.toAwsApiError(api, region) : toAwsApiError(err, api, region);
    }
  }

  /** Total calls sent. */
  callCount(): number {
    let n = 0;
    for (const c of this.calls.values()) n += c;
    return n;
  }

  /** Ends the session: background work (warm-ups, prefetches) still running is cancelled. */
  destroy(): void {
    this.unlink();
    if (!this.controller.signal.aborted) this.controller.abort(new Error("AWS session closed"));
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }
}
