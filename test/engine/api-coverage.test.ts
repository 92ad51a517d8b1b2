/**
 * The API catalogue is the truth about what the collector calls: a full demo
 * collection reaches every catalogued API without an error, and calls nothing
 * outside the catalogue (so the README's IAM policy, derived from it, is complete).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_NAMES } from "../../src/engine/aws/api-table.js";
import { DEMO_SECRET, collectAll, replayStats, startCollecting, type Collecting } from "./harness.js";

let c: Collecting;

beforeAll(async () => {
  c = await startCollecting();
});
afterAll(async () => {
  await c.stop();
});

describe("the API catalogue", () => {
  it("covers exactly the APIs a full collection calls, each answered without error", async () => {
    await fetch(`${c.replayUrl()}/_stats/reset`, { method: "POST" });
    const records = await collectAll(c, { secretData: DEMO_SECRET });
    expect(records.filter((r) => r.resourceType === "inventory.ErrorResource")).toEqual([]);
    const stats = await replayStats(c);
    const catalogued = [...API_NAMES].sort();
    expect(Object.keys(stats.apis).sort()).toEqual(catalogued);
    for (const api of catalogued) expect(stats.apis[api]!.errors, api).toEqual({});
  });
});
