import { describe, expect, it } from "vitest";
import type { CollectedRecord } from "../records/record.js";
import { countedCollect } from "./counted-collect.js";
import { NO_TELEMETRY, type CollectOutcome, type EngineTelemetry } from "./events.js";

const record = (n: number): CollectedRecord => ({ state: "SUCCESS", resourceType: "inventory.Region", message: "", matchRules: {}, resource: { n } });

function recorder() {
  const seen = { started: 0, ended: [] as CollectOutcome[], records: 0 };
  const telemetry: EngineTelemetry = {
    ...NO_TELEMETRY,
    collectStarted: () => void seen.started++,
    collectEnded: (outcome) => void seen.ended.push(outcome),
    record: () => void seen.records++,
  };
  return { seen, telemetry };
}

// eslint-disable-next-line @typescript-eslint/require-await -- a stand-in stream whose records need no I/O
async function* source(n: number, fail?: Error): AsyncGenerator<CollectedRecord> {
  for (let i = 0; i < n; i++) yield record(i);
  if (fail) throw fail;
}

describe("countedCollect", () => {
  it("passes every record through and ends ok", async () => {
    const { seen, telemetry } = recorder();
    const out = [];
    for await (const r of countedCollect(source(3), telemetry, new AbortController().signal)) out.push(r.resource.n);
    expect(out).toEqual([0, 1, 2]);
    expect(seen).toEqual({ started: 1, ended: ["ok"], records: 3 });
  });

  it("ends error when the stream fails, cancelled when its signal was aborted", async () => {
    const failing = recorder();
    await expect(async () => {
      for await (const _ of countedCollect(source(2, new Error("boom")), failing.telemetry, new AbortController().signal)) void _;
    }).rejects.toThrow("boom");
    expect(failing.seen).toEqual({ started: 1, ended: ["error"], records: 2 });

    const cancelled = recorder();
    const controller = new AbortController();
    controller.abort();
    await expect(async () => {
      for await (const _ of countedCollect(source(1, new Error("aborted")), cancelled.telemetry, controller.signal)) void _;
    }).rejects.toThrow("aborted");
    expect(cancelled.seen.ended).toEqual(["cancelled"]);
  });

  it("ends cancelled when its consumer stops reading", async () => {
    const { seen, telemetry } = recorder();
    for await (const _ of countedCollect(source(5), telemetry, new AbortController().signal)) break;
    expect(seen).toEqual({ started: 1, ended: ["cancelled"], records: 1 });
  });
});
