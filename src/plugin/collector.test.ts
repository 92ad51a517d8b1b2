import { createContextValues, type HandlerContext } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { PluginError } from "../common/errors.js";
import type { CollectedRecord, EngineApi } from "../engine/api.js";
import { unimplementedEngine } from "../../test/support/unimplemented-engine.js";
import { collectorService } from "./collector.js";

const record: CollectedRecord = { state: "SUCCESS", resourceType: "inventory.Region", message: "", matchRules: { "1": ["name"] }, resource: { name: "r1" } };

// The handler reads only `signal` and `requestHeader` (the trace id) from its context.
const context = (signal: AbortSignal) => ({ signal, requestHeader: new Headers(), values: createContextValues() }) as unknown as HandlerContext;
const request = { options: {}, secretData: {}, filter: {} } as never;

/**
 * A buggy engine: yields one record, then the caller aborts, then it yields
 * `afterAbort` more records (or none) and returns quietly instead of throwing.
 */
function quitterEngine(abort: () => void, afterAbort: number): EngineApi {
  return {
    ...unimplementedEngine,
    // eslint-disable-next-line @typescript-eslint/require-await -- an AsyncIterable of records made on the spot
    async *collect() {
      yield record;
      abort();
      for (let i = 0; i < afterAbort; i++) yield record;
    },
  };
}

/** Runs `collect` to its end; the records it sent and how it ended. */
async function collect(engine: EngineApi, signal: AbortSignal): Promise<{ sent: number; error?: unknown }> {
  let sent = 0;
  try {
    for await (const info of collectorService(engine).collect(request, context(signal)) as AsyncIterable<unknown>) {
      void info;
      sent++;
    }
    return { sent };
  } catch (error) {
    return { sent, error };
  }
}

describe("Collector.collect when the call is aborted", () => {
  it.each([
    ["returns right after the abort", 0],
    ["still yields after the abort, then returns", 2],
  ])("an engine that %s ends the stream with the abort reason, never OK", async (_name, afterAbort) => {
    const controller = new AbortController();
    const reason = new Error("shutting down");
    const result = await collect(
      quitterEngine(() => controller.abort(reason), afterAbort),
      controller.signal,
    );
    // Nothing produced after the abort reaches the client.
    expect(result).toEqual({ sent: 1, error: reason });
  });

  it("an abort without an Error reason ends with CANCELLED ERROR_CANCELLED", async () => {
    const controller = new AbortController();
    const result = await collect(
      quitterEngine(() => controller.abort("gone"), 0),
      controller.signal,
    );
    expect(result.sent).toBe(1);
    expect(result.error).toBeInstanceOf(PluginError);
    expect(result.error).toMatchObject({ code: "ERROR_CANCELLED", status: "CANCELLED", detail: "The request was cancelled." });
  });

  it("a collect that was not aborted ends OK after every record", async () => {
    const result = await collect(
      quitterEngine(() => {}, 2),
      new AbortController().signal,
    );
    expect(result).toEqual({ sent: 3 });
  });
});
