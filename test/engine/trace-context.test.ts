/**
 * Trace context: every log line the engine writes for a call carries the trace id of the caller's W3C
 * `traceparent` header, as the server's own per-call lines do (README "Logs and metrics"). Real gRPC calls,
 * the real engine against the demo replay.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SECRET, regionTask, startCollecting, type Collecting } from "./harness.js";

let c: Collecting;
beforeAll(async () => {
  c = await startCollecting();
});
afterAll(() => c.stop());

const traceparent = (traceId: string) => ({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
const TRACE_A = "4bf92f3577b34da6a3ce929d0e0e4736";
const TRACE_B = "0af7651916cd43dd8448eb211c80319c";

/** Runs `call` and returns the engine log lines it produced (calls under test run one at a time unless said otherwise). */
async function linesOf(call: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const before = c.engineLogs.length;
  await call();
  return c.engineLogs.slice(before);
}

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of stream) n++;
  return n;
}

describe("trace context in the engine's logs", () => {
  it("a collect without task options (every task, every region) logs only lines with the caller's trace id", async () => {
    const lines = await linesOf(() => drain(c.collector.collect({ options: {}, secretData: DEMO_SECRET, filter: {} }, { headers: traceparent(TRACE_A) })));
    // The call's own lines: planning, then each region task from start to finish.
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        "collect without task_options: running every planned task in this stream",
        "region task started",
        "type collected",
        "region task finished",
      ]),
    );
    expect(lines.filter((l) => l.trace_id !== TRACE_A)).toEqual([]);
  });

  it("verify and get_tasks log with theirs", async () => {
    const verifyLines = await linesOf(() => c.collector.verify({ options: {}, secretData: DEMO_SECRET }, { headers: traceparent(TRACE_A) }));
    const taskLines = await linesOf(() => c.job.get_tasks({ options: {}, secretData: DEMO_SECRET }, { headers: traceparent(TRACE_B) }));
    expect(verifyLines.map((l) => [l.msg, l.trace_id])).toContainEqual(["verify passed", TRACE_A]);
    expect(taskLines.map((l) => [l.msg, l.trace_id])).toEqual([["tasks planned", TRACE_B]]);
    expect(verifyLines.filter((l) => l.trace_id !== TRACE_A)).toEqual([]);
  });

  it("two calls at once each keep their own trace id", async () => {
    const lines = await linesOf(() =>
      Promise.all([
        drain(
          c.collector.collect({ options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: regionTask("us-east-1") }, { headers: traceparent(TRACE_A) }),
        ),
        drain(
          c.collector.collect({ options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: regionTask("eu-west-1") }, { headers: traceparent(TRACE_B) }),
        ),
      ]),
    );
    const traceOf = (region: string) => [...new Set(lines.filter((l) => l.region === region).map((l) => l.trace_id))];
    expect(traceOf("us-east-1")).toEqual([TRACE_A]);
    expect(traceOf("eu-west-1")).toEqual([TRACE_B]);
  });

  it("a call without a (well-formed) traceparent logs no trace id", async () => {
    const lines = await linesOf(() =>
      drain(
        c.collector.collect(
          { options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: regionTask("us-east-1") },
          { headers: { traceparent: "not-a-trace" } },
        ),
      ),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => "trace_id" in l)).toEqual([]);
  });
});
