/**
 * Compares two sets of collected records the way the inventory would see them:
 * records are paired by the identity it stores them under (match rules), then
 * compared key path by key path with `json_data` and `json_metadata` decoded.
 * Records on one side only are `missing` (only in the first) or `extra` (only
 * in the second). Arrival order does not matter.
 */
import type { JsonObject, JsonValue } from "../common/json.js";
import { groupBy } from "../engine/resources/index-by.js";
import { decodeRecord, matchKey, recordLabel, recordType } from "./records.js";
import { diffValues, type ValueChange } from "./value-diff.js";

export type RecordChange = ValueChange | "missing" | "extra";

export interface RecordDifference {
  /** The record's type (`CloudService EC2/Instance`). */
  type: string;
  /** The record's label (`CloudService EC2/Instance i-0001`). */
  record: string;
  /** Key path inside the record (`resource.json_data.compute.instance_type`); `""` for a whole record. */
  path: string;
  kind: RecordChange;
  a?: JsonValue;
  b?: JsonValue;
}

export interface RecordComparison {
  /** Records on each side. */
  a: number;
  b: number;
  /** Records found on both sides. */
  matched: number;
  differences: RecordDifference[];
}

export function compareRecords(a: readonly JsonObject[], b: readonly JsonObject[]): RecordComparison {
  const byKey = groupBy(b, matchKey);
  const differences: RecordDifference[] = [];
  let matched = 0;
  for (const record of a) {
    const twin = byKey.get(matchKey(record))?.shift();
    const type = recordType(record);
    const label = recordLabel(record);
    if (twin === undefined) {
      differences.push({ type, record: label, path: "", kind: "missing" });
      continue;
    }
    matched++;
    for (const difference of diffValues(decodeRecord(record), decodeRecord(twin))) differences.push({ type, record: label, ...difference });
  }
  for (const left of byKey.values())
    for (const record of left) differences.push({ type: recordType(record), record: recordLabel(record), path: "", kind: "extra" });
  return { a: a.length, b: b.length, matched, differences };
}
