/**
 * Per-call bookkeeping, outermost interceptor (it sees the final status):
 * refuses new calls once the server drains, counts in-flight calls for the
 * shutdown sequence, records metrics, and logs how each call ended. Connect-ES
 * logs nothing when a client cancels, so this does (with the trace id).
 */
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { unavailable } from "../../common/errors.js";
import type { Logger } from "../../common/log.js";
import { callFields } from "./call-fields.js";
import { connectErrorOf } from "./error-mapping.js";
import type { Lifecycle } from "../lifecycle.js";
import type { RpcMetrics } from "../http/metrics.js";
import { settleResponse } from "./response-hooks.js";

export interface CallTrackingOptions {
  lifecycle: Lifecycle;
  logger: Logger;
  metrics: RpcMetrics;
  /** Refuse new calls with UNAVAILABLE once draining. Default true; Health keeps answering (NOT_SERVING). */
  refuseWhileDraining?: boolean;
  /** Level of the per-call "rpc finished" line. Default "debug"; the plugin's own RPCs use "info". */
  finishedLevel?: "debug" | "info";
}

/** Why a call's signal fired: shutdown, deadline or the client going away. */
function abortCause(reason: unknown, lifecycle: Lifecycle): "shutdown" | "deadline" | "client" {
  if (lifecycle.callSignal.aborted) return "shutdown";
  if (reason instanceof ConnectError && reason.code === Code.DeadlineExceeded) return "deadline";
  return "client";
}

/** Passes `messages` through, calling `onMessage` as each is sent. */
async function* counting<T>(messages: AsyncIterable<T>, onMessage: () => void): AsyncIterable<T> {
  for await (const m of messages) {
    onMessage();
    yield m;
  }
}

function codeName(error: unknown): string {
  return error === undefined ? "OK" : Code[ConnectError.from(error).code];
}

export function callTrackingInterceptor({ lifecycle, logger, metrics, refuseWhileDraining = true, finishedLevel = "debug" }: CallTrackingOptions): Interceptor {
  return (next) => async (req) => {
    if (refuseWhileDraining && lifecycle.draining) {
      throw connectErrorOf(unavailable("shutting down"));
    }
    const log = logger.child(callFields(req));
    const started = performance.now();
    const untrack = lifecycle.trackCall();
    metrics.started(req.method);
    let ended = false;
    let messages = 0;
    const onAbort = () => {
      if (ended) return;
      const cause = abortCause(req.signal.reason, lifecycle);
      const fields = { cause, elapsed_ms: Math.round(performance.now() - started), messages };
      if (cause === "client") log.info("rpc cancelled by client", fields);
      else log.info("rpc aborted", fields);
    };
    req.signal.addEventListener("abort", onAbort, { once: true });
    const end = (error?: unknown) => {
      if (ended) return;
      ended = true;
      req.signal.removeEventListener("abort", onAbort);
      untrack();
      const seconds = (performance.now() - started) / 1000;
      const code = codeName(error);
      metrics.handled(req.method, code, seconds, messages);
      log[finishedLevel]("rpc finished", { code, elapsed_ms: Math.round(seconds * 1000), messages });
    };
    try {
      const res = await next(req);
      if (!res.stream) messages = 1;
      const counted = res.stream ? { ...res, message: counting(res.message, () => messages++) } : res;
      return settleResponse(counted, end);
    } catch (e) {
      end(e);
      throw e;
    }
  };
}
