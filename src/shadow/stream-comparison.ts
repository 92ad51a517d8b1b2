/**
 * One collect stream of the primary and the shadow compared as the records
 * arrive: a record waits only until its twin (the record with the same match
 * key, src/compare/records.ts) arrives from the other side; then the pair is
 * compared (src/compare/record-diff.ts) and both are dropped. What is still
 * waiting when both streams have ended is missing from the shadow or extra in
 * it. Waiting records are paid for from the shared buffer budget; when it runs
 * out the comparison is abandoned and gives everything back.
 */
import type { JsonObject } from "../common/json.js";
import { compareRecords, type RecordDifference } from "../compare/record-diff.js";
import { matchKey } from "../compare/records.js";
import type { BufferBudget } from "./buffer-budget.js";

export type Side = "primary" | "shadow";

export interface StreamComparison {
  /** Adds a record of `side`; false once abandoned (the caller stops adding). */
  add(side: Side, record: JsonObject): boolean;
  /** Both sides ended: what is still waiting becomes `missing` and `extra`; gives the buffer back. */
  finish(): void;
  /** Drops everything waiting and gives the buffer back; later records are ignored. */
  abandon(): void;
  readonly abandoned: boolean;
  readonly counts: { primary: number; shadow: number; matched: number };
}

interface Waiting {
  record: JsonObject;
  bytes: number;
}

/** `sink` receives the differences as they are found (a pair at a time, then the leftovers). */
export function createStreamComparison(budget: BufferBudget, sink: (differences: RecordDifference[]) => void): StreamComparison {
  const waiting: Record<Side, Map<string, Waiting[]>> = { primary: new Map(), shadow: new Map() };
  const counts = { primary: 0, shadow: 0, matched: 0 };
  let held = 0;
  let abandoned = false;

  const release = () => {
    budget.give(held);
    held = 0;
    waiting.primary.clear();
    waiting.shadow.clear();
  };

  return {
    add(side, record) {
      if (abandoned) return false;
      counts[side]++;
      const key = matchKey(record);
      const other = side === "primary" ? waiting.shadow : waiting.primary;
      const twins = other.get(key);
      const twin = twins?.shift();
      if (twin) {
        if (twins!.length === 0) other.delete(key);
        held -= twin.bytes;
        budget.give(twin.bytes);
        counts.matched++;
        const [a, b] = side === "primary" ? [record, twin.record] : [twin.record, record];
        sink(compareRecords([a], [b]).differences);
        return true;
      }
      // JSON text length: close to the record's size, cheap to know.
      const bytes = JSON.stringify(record).length;
      if (!budget.take(bytes)) {
        abandoned = true;
        release();
        return false;
      }
      held += bytes;
      const own = waiting[side];
      const list = own.get(key);
      if (list) list.push({ record, bytes });
      else own.set(key, [{ record, bytes }]);
      return true;
    },
    finish() {
      if (abandoned) return;
      const left = (side: Side) => [...waiting[side].values()].flat().map((w) => w.record);
      sink(compareRecords(left("primary"), left("shadow")).differences);
      release();
    },
    abandon() {
      abandoned = true;
      release();
    },
    get abandoned() {
      return abandoned;
    },
    counts,
  };
}
