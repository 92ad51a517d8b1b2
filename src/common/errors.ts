/**
 * Cloudforet's error convention, free of any protocol: every failure carries an
 * `ERROR_…` code, a message and a gRPC status name. The server turns a
 * `PluginError` into a `ConnectError` whose raw message is `"<code>: <message>"`;
 * the engine and replay never see protocol types.
 */

/** gRPC status names used by Cloudforet's error table (docs/contract.md#error-codes-and-statuses). */
export type ErrorStatus =
  | "CANCELLED"
  | "INVALID_ARGUMENT"
  | "DEADLINE_EXCEEDED"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "PERMISSION_DENIED"
  | "RESOURCE_EXHAUSTED"
  | "FAILED_PRECONDITION"
  | "UNIMPLEMENTED"
  | "INTERNAL"
  | "UNAVAILABLE"
  | "UNAUTHENTICATED";

export class PluginError extends Error {
  override readonly name = "PluginError";
  constructor(
    /** Upper-case identifier starting with `ERROR_`. */
    readonly code: string,
    /** Human text without the code; never holds a secret. */
    readonly detail: string,
    readonly status: ErrorStatus = "INTERNAL",
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
  }

  /** The wire text: `"ERROR_CODE: message"`. */
  get wireMessage(): string {
    return `${this.code}: ${this.detail}`;
  }
}

export function isPluginError(value: unknown): value is PluginError {
  return value instanceof PluginError;
}

// The templates below are Cloudforet's (python-core error.py); spacing is theirs.

export const requiredParameter = (key: string) => new PluginError("ERROR_REQUIRED_PARAMETER", `Required parameter. (key = ${key})`, "INVALID_ARGUMENT");

export const invalidParameterType = (key: string, type: string) =>
  new PluginError("ERROR_INVALID_PARAMETER_TYPE", `Parameter type is invalid. (key = ${key}, type = ${type})`, "INVALID_ARGUMENT");

export const invalidParameter = (key: string, reason: string) =>
  new PluginError("ERROR_INVALID_PARAMETER", `Parameter is invalid. (key = ${key}, reason = ${reason})`, "INVALID_ARGUMENT");

export const notImplemented = () => new PluginError("ERROR_NOT_IMPLEMENTED", "Not implemented.", "UNIMPLEMENTED");

export const unknownError = (message: string) => new PluginError("ERROR_UNKNOWN", message, "INTERNAL");

/** `ERROR_UNAVAILAVBLE` is upstream's spelling; the prefix stops the platform from retrying. */
export const unavailable = (reason: string) => new PluginError("ERROR_UNAVAILAVBLE", `Server is unavailable. (reason = ${reason})`, "UNAVAILABLE");

export const requestTimeout = () => new PluginError("ERROR_REQUEST_TIMEOUT", "Request timeout!", "DEADLINE_EXCEEDED");

/** The client went away (cancelled the call, closed the connection); nobody reads the text. */
export const cancelled = () => new PluginError("ERROR_CANCELLED", "The request was cancelled.", "CANCELLED");
