import { describe, expect, it } from "vitest";
import type { JsonObject } from "../common/json.js";
import type { RecordDifference } from "../compare/record-diff.js";
import { cloudServiceRecord } from "../../test/support/cloud-service-record.js";
import { createBufferBudget } from "./buffer-budget.js";
import { createStreamComparison } from "./stream-comparison.js";

const volume = (id: string, size: number): JsonObject => cloudServiceRecord("Volume", id, { size });

describe("createStreamComparison", () => {
  it("compares a pair as soon as both arrived, holds only the unmatched, and reports leftovers at the end", () => {
    const budget = createBufferBudget(1_000_000);
    const found: RecordDifference[][] = [];
    const comparison = createStreamComparison(budget, (d) => found.push(d));
    comparison.add("primary", volume("vol-1", 1));
    comparison.add("primary", volume("vol-2", 2));
    const twoHeld = budget.held;
    expect(twoHeld).toBeGreaterThan(0);
    comparison.add("shadow", volume("vol-2", 3));
    // vol-2 compared and dropped at once: only vol-1 is held now.
    expect(found.flat()).toEqual([
      expect.objectContaining({ record: "CloudService EC2/Volume vol-2", path: "resource.json_data.size", kind: "changed", a: 2, b: 3 }),
    ]);
    expect(budget.held).toBeLessThan(twoHeld);
    comparison.add("shadow", volume("vol-9", 9));
    comparison.finish();
    expect(found.flat().map((d) => [d.record, d.kind])).toEqual([
      ["CloudService EC2/Volume vol-2", "changed"],
      ["CloudService EC2/Volume vol-1", "missing"],
      ["CloudService EC2/Volume vol-9", "extra"],
    ]);
    expect(comparison.counts).toEqual({ primary: 2, shadow: 2, matched: 1 });
    expect(budget.held).toBe(0);
  });

  it("is abandoned when the shared budget runs out, gives back all it held and ignores what follows", () => {
    const record = volume("vol-1", 1);
    const budget = createBufferBudget(JSON.stringify(record).length * 2);
    const other = createStreamComparison(budget, () => {});
    expect(other.add("primary", volume("vol-x", 1))).toBe(true);
    const found: RecordDifference[][] = [];
    const comparison = createStreamComparison(budget, (d) => found.push(d));
    expect(comparison.add("primary", record)).toBe(true);
    expect(comparison.add("primary", volume("vol-2", 2))).toBe(false);
    expect(comparison.abandoned).toBe(true);
    expect(comparison.add("shadow", record)).toBe(false);
    comparison.finish();
    expect(found).toEqual([]);
    // Only the other comparison's record is still held.
    expect(budget.held).toBe(JSON.stringify(volume("vol-x", 1)).length);
  });
});
