/**
 * AWS failures with their context. The access layer wraps every failed call in
 * an `AwsApiError` naming the API (`ec2:DescribeInstances`), region, AWS error
 * code and request id, so records and logs can say exactly what failed. A failure
 * that AWS did not answer is named by its cause (`ECONNREFUSED`, `TimeoutError`,
 * `ENOTFOUND`, `MalformedResponse`), never a bare `Error` (docs/records.md#failure-policy).
 */
import { maskText } from "../../common/secrets.js";

/** Codes that mean the credentials themselves were rejected (docs/records.md#rejected-credentials). */
export const CREDENTIAL_ERROR_CODES = new Set([
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "UnrecognizedClientException",
  "AuthFailure",
  "InvalidAccessKeyId",
]);

/** Codes meaning "this principal may not call this action". */
export const DENIED_CODES = new Set(["UnauthorizedOperation", "AccessDenied", "AccessDeniedException", "UnauthorizedAccess", "AuthorizationError"]);

export class AwsApiError extends Error {
  override readonly name = "AwsApiError";
  /** The HTTP status AWS answered with; undefined when no answer came (network failure, timeout). */
  readonly httpStatus: number | undefined;

  constructor(
    /** `service:Operation`, e.g. `ec2:DescribeInstances`. */
    readonly api: string,
    readonly region: string,
    /** AWS error code (`UnauthorizedOperation`, `RequestLimitExceeded`, …), or the cause AWS did not answer (`failureCode`). */
    readonly code: string,
    /** AWS message, secrets masked. */
    readonly awsMessage: string,
    readonly requestId: string | undefined,
    options?: { cause?: unknown; httpStatus?: number },
  ) {
    super(`${api} failed in ${region}. (reason = ${code}: ${awsMessage}${requestId ? `, request_id = ${requestId}` : ""})`, options);
    this.httpStatus = options?.httpStatus;
  }

  /** The text after `ERROR_AWS_API: `: `ec2:DescribeInstances failed. (reason = …, region = …, request_id = …)`. */
  get detail(): string {
    return failureDetail(`${this.api} failed.`, this, [["region", this.region]]);
  }

  /** The Cloudforet error text: `ERROR_AWS_API: ` and `detail`. */
  get wireMessage(): string {
    return `ERROR_AWS_API: ${this.detail}`;
  }
}

/** `<summary> (reason = CODE: message, <context…>[, request_id = …])`: the one layout of every AWS failure text. */
export function failureDetail(summary: string, err: AwsApiError, context: ReadonlyArray<readonly [string, string]>): string {
  const fields = [`reason = ${err.code}: ${err.awsMessage}`, ...context.map(([name, value]) => `${name} = ${value}`)];
  if (err.requestId) fields.push(`request_id = ${err.requestId}`);
  return `${summary} (${fields.join(", ")})`;
}

interface SdkErrorLike {
  name?: string;
  message?: string;
  Code?: string;
  /** Node's system error code (`ECONNREFUSED`, `ENOTFOUND`, …). */
  code?: unknown;
  $metadata?: { requestId?: string; httpStatusCode?: number };
  /** An `AggregateError`'s causes (Node tries every address of a host). */
  errors?: unknown[];
}

/** Node's error codes: system (`ECONNREFUSED`, `ETIMEDOUT`, `EAI_AGAIN`) and TLS (`DEPTH_ZERO_SELF_SIGNED_CERT`, `CERT_HAS_EXPIRED`, …). */
const SYSTEM_CODE = /^[A-Z][A-Z0-9_]+$/;

function systemCode(e: SdkErrorLike): string | undefined {
  if (typeof e.code === "string" && SYSTEM_CODE.test(e.code)) return e.code;
  const inner = e.errors?.find((x): x is SdkErrorLike => typeof (x as SdkErrorLike | null)?.code === "string");
  return inner ? systemCode(inner) : undefined;
}

/**
 * The code an SDK failure is known by: AWS's error code when AWS answered; otherwise its cause.
 * The SDK names a reset socket `TimeoutError` (code `ECONNRESET`): the code says what happened.
 * A 2xx answer the SDK could not parse is `MalformedResponse` (a proxy's page, a cut body).
 */
export function failureCode(err: unknown): string {
  const e = (err ?? {}) as SdkErrorLike;
  if (e.Code) return e.Code;
  // Node's generic names say nothing about the cause.
  const name = e.name && e.name !== "Error" && e.name !== "AggregateError" ? e.name : undefined;
  const status = e.$metadata?.httpStatusCode;
  if (name && name !== "TimeoutError" && name !== "SyntaxError") return name;
  const system = systemCode(e);
  if (name === "TimeoutError") return system === "ECONNRESET" ? system : name;
  if (system) return system;
  if (name === "SyntaxError" || (status !== undefined && status >= 200 && status < 300)) return "MalformedResponse";
  return name ?? "UnknownError";
}

/** Wraps any error thrown by an SDK call; an `AwsApiError` passes through unchanged. */
export function toAwsApiError(err: unknown, api: string, region: string): AwsApiError {
  if (err instanceof AwsApiError) return err;
  const e = (err ?? {}) as SdkErrorLike;
  const code = failureCode(err);
  // The SDK's parse errors add a second line about its hidden `$response` field.
  const message = code === "MalformedResponse" ? (e.message ?? "").split("\n")[0]! : (e.message ?? String(err));
  return new AwsApiError(api, region, code, maskText(message), e.$metadata?.requestId, { cause: err, httpStatus: e.$metadata?.httpStatusCode });
}

/** Throttling codes of the services called (docs/decisions.md#retries); HTTP 429 is throttling too. */
const THROTTLING_CODES = new Set([
  "RequestLimitExceeded",
  "Throttling",
  "ThrottlingException",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "EC2ThrottledException",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "SlowDown",
]);

/**
 * How a failure concerns every call of its kind rather than one resource: the endpoint is unreachable or
 * does not answer (`network`, shared by every API of the service), or the API answers every call with a
 * server error, throttling that outlasted the retries, a denial (the region's too) or an unusable body.
 * Undefined for a failure about one resource (`…NotFound`, a validation error).
 */
export type SystemicClass = "network" | "server" | "throttling" | "denied" | "malformed";

/** Codes that make every call of a region fail: the account may not use it. */
export const REGION_UNUSABLE_CODES = new Set(["OptInRequired", "RegionDisabledException", "Blocked"]);

export function systemicClass(err: AwsApiError): SystemicClass | undefined {
  if (err.code === "MalformedResponse") return "malformed";
  if (DENIED_CODES.has(err.code) || REGION_UNUSABLE_CODES.has(err.code)) return "denied";
  if (THROTTLING_CODES.has(err.code) || /throttl/i.test(err.code) || err.httpStatus === 429) return "throttling";
  if (err.httpStatus === undefined) return err.code === "TimeoutError" || SYSTEM_CODE.test(err.code) ? "network" : undefined;
  return err.httpStatus >= 500 ? "server" : undefined;
}

/** True for an AWS authorisation failure (the action is denied to these credentials). */
export function isDenied(err: unknown): err is AwsApiError {
  return err instanceof AwsApiError && DENIED_CODES.has(err.code);
}
