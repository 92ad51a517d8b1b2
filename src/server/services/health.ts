/**
 * `grpc.health.v1.Health` as Cloudforet's Python servers answer it: SERVING for
 * any service name (a stock implementation would say NOT_FOUND for unknown
 * names), NOT_SERVING once the server drains. `Watch` sends the current status,
 * then NOT_SERVING when draining starts, and ends.
 */
import type { ServiceImpl } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus as ServingStatus } from "../../../gen/grpc/health/v1/health_pb.js";
import type { Lifecycle } from "../lifecycle.js";

function statusOf(lifecycle: Lifecycle): ServingStatus {
  return lifecycle.draining ? ServingStatus.NOT_SERVING : ServingStatus.SERVING;
}

/** Resolves when either signal aborts. */
function firstAbort(a: AbortSignal, b: AbortSignal): Promise<void> {
  if (a.aborted || b.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      a.removeEventListener("abort", done);
      b.removeEventListener("abort", done);
      resolve();
    };
    a.addEventListener("abort", done);
    b.addEventListener("abort", done);
  });
}

export function healthService(lifecycle: Lifecycle): ServiceImpl<typeof Health> {
  return {
    check() {
      return { status: statusOf(lifecycle) };
    },
    async *watch(_req, ctx) {
      yield { status: statusOf(lifecycle) };
      if (lifecycle.drainSignal.aborted) return;
      await firstAbort(lifecycle.drainSignal, ctx.signal);
      if (lifecycle.drainSignal.aborted && !ctx.signal.aborted) yield { status: ServingStatus.NOT_SERVING };
    },
  };
}

export { Health };
