/**
 * Errors on the way back from the upstream. An error the upstream answered
 * (its status arrived in `grpc-status`) passes on unchanged: its code, its raw
 * `ERROR_CODE: message` text and its details, with only its forwardable
 * metadata. An error the gateway met itself before any answer (the upstream
 * unreachable, the connection lost) becomes UNAVAILABLE in Cloudforet's form,
 * naming the upstream. The call's own end (the client cancelled, its deadline
 * passed, the server shuts down) passes as it is.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { unavailable } from "../common/errors.js";
import { connectErrorOf } from "../server/interceptors/error-mapping.js";
import { copyForwarded } from "./metadata.js";

/** Whether the upstream answered with this status (gRPC puts it in a trailer or a trailers-only header). */
export function answeredByUpstream(error: ConnectError): boolean {
  return error.metadata.has("grpc-status");
}

/** `err` from the upstream call of a call whose signal is `signal`, as the gateway's caller gets it. */
export function forwardedError(err: unknown, endpoint: string, signal: AbortSignal): ConnectError {
  const error = ConnectError.from(err);
  if (signal.aborted) return error;
  if (answeredByUpstream(error)) {
    const passed = new ConnectError(error.rawMessage, error.code, copyForwarded(error.metadata), undefined, error);
    passed.details = error.details;
    return passed;
  }
  // The upstream call's deadline (the caller's, forwarded) may fire a moment before the call's own.
  if (error.code === Code.DeadlineExceeded) return error;
  return connectErrorOf(unavailable(`upstream ${endpoint}: ${error.rawMessage}`));
}
