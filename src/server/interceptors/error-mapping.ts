/**
 * Every failure leaves as Cloudforet's `ERROR_CODE: message` (docs/contract.md#errors).
 *
 * - `PluginError` → `ConnectError` with raw message `CODE: text` and its status.
 * - An error that carries its own Cloudforet text (`wireMessage: "ERROR_…: …"`, e.g.
 *   the engine's errors of the APIs it calls) → INTERNAL with that text.
 * - A failure caused by the call's abort (deadline, client cancel, shutdown) → the
 *   abort reason; a deadline as DEADLINE_EXCEEDED `ERROR_REQUEST_TIMEOUT: Request timeout!`, a
 *   client that went away as CANCELED (also over HTTP/1.1, where connect-node aborts without a
 *   reason or with ABORTED for a reset connection).
 * - Anything else → INTERNAL `ERROR_UNKNOWN: <message>` without stack, secrets
 *   masked, plus one error log line (Connect-ES would send `internal error` and
 *   log nothing).
 *
 * Server streams are wrapped too: their handler runs only while the adapter
 * iterates the response, after `next()` has returned.
 */
import { Code, ConnectError, type Interceptor, type StreamRequest, type UnaryRequest } from "@connectrpc/connect";
import { cancelled, isPluginError, requestTimeout, unknownError, type ErrorStatus, type PluginError } from "../../common/errors.js";
import type { Logger } from "../../common/log.js";
import { maskText } from "../../common/secrets.js";
import { callFields } from "./call-fields.js";

/** The one place where Cloudforet status names become Connect codes. */
export function codeOf(status: ErrorStatus): Code {
  switch (status) {
    case "CANCELLED":
      return Code.Canceled;
    case "INVALID_ARGUMENT":
      return Code.InvalidArgument;
    case "DEADLINE_EXCEEDED":
      return Code.DeadlineExceeded;
    case "NOT_FOUND":
      return Code.NotFound;
    case "ALREADY_EXISTS":
      return Code.AlreadyExists;
    // The platform drops our text on PERMISSION_DENIED and replaces our code on
    // UNAUTHENTICATED (docs/contract.md#how-the-platform-reads-an-error): our own errors never use either.
    case "PERMISSION_DENIED":
    case "UNAUTHENTICATED":
      return Code.InvalidArgument;
    case "RESOURCE_EXHAUSTED":
      return Code.ResourceExhausted;
    case "FAILED_PRECONDITION":
      return Code.FailedPrecondition;
    case "UNIMPLEMENTED":
      return Code.Unimplemented;
    case "INTERNAL":
      return Code.Internal;
    case "UNAVAILABLE":
      return Code.Unavailable;
  }
}

/** `err` as Connect sends it: raw message `CODE: text`, status mapped by `codeOf`. */
export function connectErrorOf(err: PluginError): ConnectError {
  return new ConnectError(err.wireMessage, codeOf(err.status));
}

const CLOUDFORET_TEXT = /^ERROR_[A-Z0-9_]+: /;

function ownWireMessage(err: unknown): string | undefined {
  const text = (err as { wireMessage?: unknown } | null)?.wireMessage;
  return typeof text === "string" && CLOUDFORET_TEXT.test(text) ? text : undefined;
}

/** String values of a request's `secretData` Struct, to scrub from error texts. */
function secretsOf(message: unknown): string[] {
  const secretData = (message as { secretData?: unknown } | null)?.secretData;
  if (!secretData || typeof secretData !== "object") return [];
  return Object.values(secretData).filter((v): v is string => typeof v === "string" && v.length >= 4);
}

export interface ErrorMappingOptions {
  logger: Logger;
}

export function errorInterceptor({ logger }: ErrorMappingOptions): Interceptor {
  return (next) => async (req) => {
    const secrets: string[] = [];
    const fields = callFields(req);
    const convert = (err: unknown) => toConnectError(err, req, { logger: logger.child(fields), secrets });
    let request: UnaryRequest | StreamRequest = req;
    if (req.stream) {
      const input = req.message;
      request = {
        ...req,
        message: (async function* () {
          for await (const m of input) {
            secrets.push(...secretsOf(m));
            yield m;
          }
        })(),
      };
    } else {
      secrets.push(...secretsOf(req.message));
    }
    try {
      const res = await next(request);
      if (!res.stream) return res;
      const output = res.message;
      return {
        ...res,
        message: (async function* () {
          try {
            yield* output;
          } catch (e) {
            throw convert(e);
          }
        })(),
      };
    } catch (e) {
      throw convert(e);
    }
  };
}

/** A deadline carries Cloudforet's text too; other ConnectErrors (shutdown, client cancel) pass unchanged. */
function abortStatus(err: ConnectError): ConnectError {
  if (err.code !== Code.DeadlineExceeded || CLOUDFORET_TEXT.test(err.rawMessage)) return err;
  return new ConnectError(requestTimeout().wireMessage, Code.DeadlineExceeded, undefined, undefined, err);
}

/**
 * The status of a call whose signal fired. HTTP/2 tells why (a CANCEL reset is CANCELED, the server's
 * shutdown and deadlines carry their own ConnectError); HTTP/1.1 has no reset codes, so connect-node
 * aborts with no reason when the client closed its connection, or with ABORTED when it was reset:
 * both mean the client went away.
 */
function abortedCallStatus(reason: unknown): ConnectError {
  if (reason instanceof ConnectError && reason.code !== Code.Aborted) return abortStatus(reason);
  return connectErrorOf(cancelled());
}

interface ConversionContext {
  /** Bound to the RPC name and trace id. */
  logger: Logger;
  /** Secret values of this request, masked wherever they appear. */
  secrets: string[];
}

function toConnectError(err: unknown, req: UnaryRequest | StreamRequest, { logger, secrets }: ConversionContext): ConnectError {
  // Whatever the handler threw once its call was aborted (often the signal's own AbortError) reports why.
  if (req.signal.aborted) return abortedCallStatus(req.signal.reason);
  if (isPluginError(err)) {
    const text = maskText(err.wireMessage, secrets);
    logger.warn("rpc failed", { code: err.code, status: err.status, error: text });
    return new ConnectError(text, codeOf(err.status), undefined, undefined, err);
  }
  if (err instanceof ConnectError) return abortStatus(err);
  const wire = ownWireMessage(err);
  if (wire !== undefined) {
    const text = maskText(wire, secrets);
    logger.warn("rpc failed", { error: text });
    return new ConnectError(text, Code.Internal, undefined, undefined, err);
  }
  const message = err instanceof Error ? err.message : String(err);
  const text = unknownError(maskText(message, secrets)).wireMessage;
  const stack = err instanceof Error && err.stack ? maskText(err.stack, secrets) : undefined;
  logger.error("unexpected error in rpc", { error: text, stack });
  return new ConnectError(text, Code.Internal, undefined, undefined, err);
}
