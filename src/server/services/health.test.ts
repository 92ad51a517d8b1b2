import { createContextValues } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { HealthCheckResponse_ServingStatus as Status } from "../../../gen/grpc/health/v1/health_pb.js";
import { healthService } from "./health.js";
import { createLifecycle } from "../lifecycle.js";

// The handlers read only `signal` from their context.
const ctx = (signal: AbortSignal) => ({ signal, values: createContextValues() }) as never;

describe("health", () => {
  it("Check is SERVING for any name while serving, NOT_SERVING once draining", async () => {
    const lifecycle = createLifecycle();
    const health = healthService(lifecycle);
    lifecycle.markServing();
    expect(await health.check({ service: "anything" } as never, ctx(new AbortController().signal))).toEqual({ status: Status.SERVING });
    lifecycle.startDraining();
    expect(await health.check({ service: "" } as never, ctx(new AbortController().signal))).toEqual({ status: Status.NOT_SERVING });
  });

  it("Watch sends the status, then NOT_SERVING when draining starts, and ends", async () => {
    const lifecycle = createLifecycle();
    lifecycle.markServing();
    const seen: Status[] = [];
    const stream = healthService(lifecycle).watch({ service: "" } as never, ctx(new AbortController().signal)) as AsyncIterable<{ status: Status }>;
    const done = (async () => {
      for await (const res of stream) {
        seen.push(res.status);
        if (seen.length === 1) setTimeout(() => lifecycle.startDraining(), 10);
      }
    })();
    await done;
    expect(seen).toEqual([Status.SERVING, Status.NOT_SERVING]);
  });

  it("Watch ends quietly when the client goes away", async () => {
    const lifecycle = createLifecycle();
    lifecycle.markServing();
    const abort = new AbortController();
    const seen: Status[] = [];
    for await (const res of healthService(lifecycle).watch({ service: "" } as never, ctx(abort.signal)) as AsyncIterable<{ status: Status }>) {
      seen.push(res.status);
      abort.abort();
    }
    expect(seen).toEqual([Status.SERVING]);
  });
});
