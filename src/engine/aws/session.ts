/**
 * One AWS session per task: a client per service × region sharing one credential
 * provider, every call paced by the process-wide rate limiter, cancellable by the
 * task's signal, bounded by the HTTP layer's timeouts, stopped by the task's circuit
 * breakers when it keeps failing the same way, counted, and wrapped as `AwsApiError`
 * on failure.
 *
 * Retries: the SDK's **standard** mode (not adaptive, whose client-side limiter delays
 * unrelated calls), except for throttling: a throttled call goes back through the rate
 * limiter, which adapts the pace of its account × region × API and sends it again
 * (docs/decisions.md#pacing).
 */
import { setMaxListeners } from "node:events";
import type { AwsService } from "../../common/aws-services.js";
import { commandFor, serviceOf, type ApiInput, type ApiName, type ApiOutput } from "./api-table.js";
import { BREAKER_THRESHOLD, CallBreakers, type OpenCircuit } from "./breaker.js";
import { SDK_CLIENTS, type SdkClient } from "./clients.js";
import type { CredentialProvider } from "./credentials.js";
import { systemicClass, toAwsApiError, type AwsApiError } from "./errors.js";
import { requestHandlerProvider, type AwsHttpOptions } from "./http-handler.js";
import { RateLimiter, ThrottledTooLong } from "./rate-limiter.js";
import { checkResponses } from "./response-check.js";
import { clientRetryStrategy } from "./retry-strategy.js";
import type { AwsCallOutcome, EngineTelemetry } from "../telemetry/events.js";

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
  /** Timeouts, proxy and CA bundle of every client's HTTP layer (http-handler.ts). Default: its defaults. */
  http?: AwsHttpOptions;
  /** Told of every call sent and of the rate limiter's waits. */
  telemetry: EngineTelemetry;
  /** Told when calls are stopped by a circuit breaker (breaker.ts). */
  onCircuitOpen?: (circuit: OpenCircuit) => void;
  signal: AbortSignal;
}

/**
 * SDK client settings shared by a session's clients and the STS client that assumes roles: retries,
 * the HTTP layer (each client gets its own agents) and the endpoint.
 */
export function clientSettings(options: Pick<SessionOptions, "endpoint" | "maxAttempts" | "retryStrategy" | "http">): Record<string, unknown> {
  return {
    maxAttempts: options.maxAttempts,
    retryMode: "standard",
    requestHandler: requestHandlerProvider(options.http ?? {}),
    ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  };
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
  /** Stops the calls of an API (or of an unreachable service) that keeps failing the same way. */
  readonly breakers: CallBreakers;

  constructor(readonly options: SessionOptions) {
    const controller = this.controller;
    setMaxListeners(0, controller.signal);
    const parent = options.signal;
    const forward = () => controller.abort(parent.reason);
    if (parent.aborted) forward();
    else parent.addEventListener("abort", forward, { once: true });
    this.signal = controller.signal;
    this.unlink = () => parent.removeEventListener("abort", forward);
    this.breakers = new CallBreakers(this.signal, BREAKER_THRESHOLD, options.onCircuitOpen);
  }

  private config(region: string): Record<string, unknown> {
    return {
      region,
      credentials: this.options.credentials,
      ...clientSettings(this.options),
      retryStrategy: clientRetryStrategy(this.options.maxAttempts, this.options.retryStrategy),
    };
  }

  client(service: AwsService, region: string): SdkClient {
    const key = `${service}|${region}`;
    let client = this.clients.get(key);
    if (!client) {
      const Client = SDK_CLIENTS[service]();
      this.clients.set(key, (client = new Client(this.config(region))));
      checkResponses(client, service === "ssm" ? "json" : "xml");
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
    // The task's signal, also aborted when this API's circuit opens; an open circuit throws here.
    const callSignal = this.breakers.enter(api, region);
    const service = serviceOf(api);
    const { telemetry } = this.options;
    const waitStarted = performance.now();
    let sentAt: number | undefined;
    // SDK attempts, those the limiter sent again after a throttle included.
    let attempts = 0;
    const attempt = async (): Promise<ApiOutput<A>> => {
      if (sentAt === undefined) {
        sentAt = performance.now();
        telemetry.limiterWait(service, (sentAt - waitStarted) / 1000);
        this.calls.set(api, (this.calls.get(api) ?? 0) + 1);
      }
      try {
        // The table's command for `api` answers with `ApiOutput<A>`.
        const output = (await this.client(service, region).send(commandFor(api, input), { abortSignal: callSignal })) as ApiOutput<A>;
        attempts += attemptsOf(output);
        return output;
      } catch (err) {
        attempts += attemptsOf(err);
        throw err;
      }
    };
    try {
      // A throttled attempt goes back to the limiter, which paces its bucket down and sends it again: it never reaches the breakers.
      const output = await this.options.rateLimiter.call(RateLimiter.key(this.account ?? this.options.accountHint, region, api), callSignal, attempt);
      telemetry.awsCall({ service, api, region, outcome: "ok", attempts, seconds: (performance.now() - sentAt!) / 1000 });
      this.breakers.success(api, region);
      return output;
    } catch (err) {
      const failure = err instanceof ThrottledTooLong ? err.toAwsApiError(api, region) : toAwsApiError(err, api, region);
      if (sentAt !== undefined) {
        const outcome = signal.aborted ? "cancelled" : failureOutcome(failure);
        telemetry.awsCall({ service, api, region, outcome, attempts, seconds: (performance.now() - sentAt) / 1000 });
      }
      signal.throwIfAborted();
      throw this.breakers.failure(api, region, failure, callSignal);
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

/** A failed call's outcome label: throttled and denied apart from every other failure. */
function failureOutcome(err: AwsApiError): AwsCallOutcome {
  switch (systemicClass(err)) {
    case "throttling":
      return "throttled";
    case "denied":
      return "denied";
    default:
      return "error";
  }
}

/** The SDK's attempts of a call: its answers and its errors both carry `$metadata.attempts`; 1 when they say nothing. */
function attemptsOf(answer: unknown): number {
  const attempts = (answer as { $metadata?: { attempts?: unknown } } | null)?.$metadata?.attempts;
  return typeof attempts === "number" && attempts > 0 ? attempts : 1;
}
