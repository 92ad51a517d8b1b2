/**
 * AWS failures with their context. The access layer wraps every failed call in
 * an `AwsApiError` naming the API (`ec2:DescribeInstances`), region, AWS error
 * code and request id, so records and logs can say exactly what failed.
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
  constructor(
    /** `service:Operation`, e.g. `ec2:DescribeInstances`. */
    readonly api: string,
    readonly region: string,
    /** AWS error code (`UnauthorizedOperation`, `RequestLimitExceeded`, …) or the JS error name. */
    readonly code: string,
    /** AWS message, secrets masked. */
    readonly awsMessage: string,
    readonly requestId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`${api} failed in ${region}. (reason = ${code}: ${awsMessage}${requestId ? `, request_id = ${requestId}` : ""})`, options);
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
  $metadata?: { requestId?: string; httpStatusCode?: number };
}

/** Wraps any error thrown by an SDK call; an `AwsApiError` passes through unchanged. */
export function toAwsApiError(err: unknown, api: string, region: string): AwsApiError {
  if (err instanceof AwsApiError) return err;
  const e = (err ?? {}) as SdkErrorLike;
  const code = e.Code ?? e.name ?? "Error";
  return new AwsApiError(api, region, code, maskText(e.message ?? String(err)), e.$metadata?.requestId, { cause: err });
}

/** True for an AWS authorisation failure (the action is denied to these credentials). */
export function isDenied(err: unknown): err is AwsApiError {
  return err instanceof AwsApiError && DENIED_CODES.has(err.code);
}
