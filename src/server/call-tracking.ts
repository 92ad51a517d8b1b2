/**
 * Per-call bookkeeping: refuses new calls once the server drains, counts
 * in-flight calls for the shutdown sequence, and logs how each call ended.
 * Connect-ES logs nothing when a client cancels, so this does (with the trace id).
 */
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { unavailable } from "../common/errors.js";
import type { Logger } from "../common/log.js";
import { callFields } from "./call-context.js";
import type { Lifecycle } from "./lifecycle.js";
import { settleResponse } from "./response-hooks.js";

export interface CallTrackingOptions {
  lifecycle: Lifecycle;
  logger: Logger;
  /** Refuse new calls with UNAVAILABLE once draining. Default true; Health keeps answering (NOT_SERVING). */
  refuseWhileDraining?: boolean;
}

/** Why a call's signal fired: shutdown, deadline or the client going away. */
function abortCause(reason: unknown, lifecycle: Lifecycle): "shutdown" | "deadline" | "client" {
  if (lifecycle.callSignal.aborted) return "shutdown";
  if (reason instanceof ConnectError && reason.code === Code.DeadlineExceeded) return "deadline";
  return "client";
}

export function callTrackingInterceptor({ lifecycle, logger, refuseWhileDraining = true }: CallTrackingOptions): Interceptor {
  return (next) => async (req) => {
    if (refuseWhileDraining && (lifecycle.phase === "draining" || lifecycle.phase === "stopped")) throw unavailable("shutting down");
    const log = logger.child(callFields(req));
    const started = performance.now();
    const untrack = lifecycle.trackCall();
    let ended = false;
    const onAbort = () => {
      if (ended) return;
      const cause = abortCause(req.signal.reason, lifecycle);
      const fields = { cause, elapsed_ms: Math.round(performance.now() - started) };
      if (cause === "client") log.info("rpc cancelled by client", fields);
      else log.info("rpc aborted", fields);
    };
    req.signal.addEventListener("abort", onAbort, { once: true });
    const end = (error?: unknown) => {
      ended = true;
      req.signal.removeEventListener("abort", onAbort);
      untrack();
      log.debug("rpc finished", {
        elapsed_ms: Math.round(performance.now() - started),
        ...(error === undefined ? {} : { code: Code[ConnectError.from(error).code] }),
      });
    };
    log.debug("rpc started");
    try {
      return settleResponse(await next(req), end);
    } catch (e) {
      end(e);
      throw e;
    }
  };
}
