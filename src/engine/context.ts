/**
 * What every engine operation shares: resolved engine options, the process-wide
 * rate limiter, item cache and assumed roles, and how a task opens its AWS session.
 */
import { createHash } from "node:crypto";
import { DEFAULT_AWS_MAX_ATTEMPTS } from "../common/config.js";
import type { JsonObject } from "../common/json.js";
import type { Logger } from "../common/log.js";
import type { CallParams } from "./api.js";
import { credentialProvider, credentialsError, type RoleCache } from "./aws/credentials.js";
import type { GuardOptions } from "./aws/cache/guarded-store.js";
import type { AwsHttpOptions } from "./aws/http-handler.js";
import type { ItemCache } from "./aws/item-cache.js";
import type { BucketSpec, RateLimiter } from "./aws/rate-limiter.js";
import { AwsSession, clientSettings } from "./aws/session.js";
import { parseOptions, parseSecret, type CollectorOptions } from "./options.js";
import type { EngineTelemetry } from "./telemetry/events.js";

/** Where account-wide calls go (STS, DescribeRegions, verify). */
export const HOME_REGION = "us-east-1";

export interface EngineOptions {
  /** Endpoint for every AWS client (server config `awsEndpointUrl`; the demo points it at the replay). Default: the SDK's own resolution, which honours `AWS_ENDPOINT_URL*`. */
  endpointUrl?: string;
  /** Lets a collector's `options.endpoint_url` redirect AWS calls. Default false: a user must not make us sign requests to an arbitrary host. */
  allowEndpointOverride?: boolean;
  /** Per-item enrichment calls (termination protection, volume product codes, image launch permissions). Default true. */
  perItemEnrichment?: boolean;
  /** Lifetime of cached per-item attributes. Default 6 hours. */
  perItemCacheTtlMs?: number;
  /** Where per-item attributes are also kept: `file:///dir` (survives restarts) or `redis://host:port[/db]` (shared by replicas). Default: this process only. */
  cacheUrl?: string;
  /** Timeouts and circuit of the cache store. Default: 250 ms per request, left alone 10 s after 3 failures in a row. */
  cacheStore?: GuardOptions;
  /** SDK attempts per call (standard retry mode). Default `DEFAULT_AWS_MAX_ATTEMPTS` (6). */
  awsMaxAttempts?: number;
  /** Per attempt of an AWS call, longest wait for the TCP connection. Default `DEFAULT_AWS_CONNECT_TIMEOUT_MS` (5 s). */
  awsConnectTimeoutMs?: number;
  /** Per attempt, longest wait for the response and longest silence while it arrives. Default `DEFAULT_AWS_RESPONSE_TIMEOUT_MS` (60 s). */
  awsResponseTimeoutMs?: number;
  /** PEM file of CA certificates trusted besides Node's (`AWS_CA_BUNDLE`), read once when the engine is created. Default none. */
  awsCaBundle?: string;
  /** Per-item calls in flight per region. Default 8. */
  perItemConcurrency?: number;
  /** ErrorResources one task sends at most, then one saying how many more there were. Default `MAX_ERROR_RESOURCES` (100). */
  maxErrorResources?: number;
  /** AWS's token bucket per account × region × API, which pacing stays a little under. Default 100 burst, 20/s (AWS's Describe bucket). */
  rateLimit?: BucketSpec;
  /** A bucket throttled without one successful call for this long fails its calls (docs/decisions.md#pacing). Default 5 minutes. */
  throttleGiveUpMs?: number;
  /** Load the AWS SDK right after creation instead of on the first call. Default true. */
  preloadSdk?: boolean;
  /** Test hook: an SDK retry strategy replacing standard mode. */
  retryStrategy?: unknown;
  /** Default: the process logger. */
  log?: Logger;
  /** Told of every AWS call, rate-limiter wait, record and collect (e.g. `createEngineMetrics().telemetry`). Default: nothing kept. */
  telemetry?: EngineTelemetry;
}

export interface EngineContext {
  options: EngineOptions;
  /** The HTTP layer of every AWS client: timeouts, CA certificates (http-handler.ts). */
  awsHttp: AwsHttpOptions;
  rateLimiter: RateLimiter;
  itemCache: ItemCache;
  /** Assumed roles shared by every task (one AssumeRole per keys × role × external id × endpoint). */
  roles: RoleCache;
  log: Logger;
  telemetry: EngineTelemetry;
}

/** The context of one call: its log lines carry the caller's trace id (docs/contract.md#request-headers). */
export function callContext(ctx: EngineContext, params: CallParams): EngineContext {
  return params.traceId ? { ...ctx, log: ctx.log.child({ trace_id: params.traceId }) } : ctx;
}

export interface TaskInput {
  secretData: JsonObject;
  options: JsonObject;
}

export interface OpenedTask {
  session: AwsSession;
  options: CollectorOptions;
}

/**
 * Parses secret and options and opens an AWS session. AssumeRole always goes to the
 * home region's regional STS endpoint (its tokens are valid in every region, opt-in
 * ones included), so one memoised role serves every region task of the engine.
 */
export function openTask(ctx: EngineContext, input: TaskInput, signal: AbortSignal): OpenedTask {
  const secret = parseSecret(input.secretData);
  const options = parseOptions(input.options, { allowEndpointOverride: ctx.options.allowEndpointOverride ?? false });
  const endpoint = options.endpointUrl ?? ctx.options.endpointUrl;
  const client = { endpoint, maxAttempts: ctx.options.awsMaxAttempts ?? DEFAULT_AWS_MAX_ATTEMPTS, retryStrategy: ctx.options.retryStrategy, http: ctx.awsHttp };
  const session = new AwsSession({
    credentials: credentialProvider(secret, { stsRegion: HOME_REGION, endpoint, roles: ctx.roles, clientSettings: clientSettings(client) }),
    ...client,
    rateLimiter: ctx.rateLimiter,
    telemetry: ctx.telemetry,
    accountHint: `key:${createHash("sha256").update(secret.accessKeyId).digest("hex").slice(0, 16)}`,
    onCircuitOpen: ({ scope, region, failure, failures }) =>
      ctx.log.warn("AWS calls stopped: they keep failing the same way", { scope, region, failures, code: failure.code, error: failure.awsMessage }),
    signal,
  });
  return { session, options };
}

/** `sts:GetCallerIdentity` → the account id; credential failures become `ERROR_INVALID_CREDENTIALS`. */
export async function callerAccount(session: AwsSession, region: string): Promise<string> {
  try {
    const out = await session.send("sts:GetCallerIdentity", region, {});
    if (!out.Account) throw new Error("GetCallerIdentity returned no account");
    session.account = out.Account;
    return out.Account;
  } catch (err) {
    session.signal.throwIfAborted();
    throw credentialsError(err, "sts:GetCallerIdentity", region);
  }
}
