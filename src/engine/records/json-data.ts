/**
 * Turning AWS SDK objects into `json_data` text and Struct-safe values.
 *
 * SDK objects hold `Date`, `undefined`, `Uint8Array` and occasionally `bigint`
 * values; neither `JSON.stringify` nor a protobuf Struct treats them the way the
 * Python plugin's output does (docs/records.md#json_data, docs/records.md#dates), so everything passes
 * through `toJsonValue` first.
 */
import type { JsonObject, JsonValue } from "../../common/json.js";

/**
 * Upstream's date format: UTC, no zone suffix, microseconds only when non-zero
 * (`2024-08-01T02:03:04`, `2024-08-01T02:03:04.120000`).
 */
export function isoDate(date: Date): string {
  const base = date.toISOString().slice(0, 19);
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? base : `${base}.${String(ms).padStart(3, "0")}000`;
}

/** `isoDate` for optional values: a missing date becomes an explicit `null`. */
export function isoOrNull(date: Date | undefined | null): string | null {
  return date ? isoDate(date) : null;
}

/**
 * A JSON-safe deep copy: dates in upstream ISO form, `undefined` → `null` (the key is
 * kept, so a shallow merge clears stale values), bytes → base64, bigint → string,
 * non-finite numbers → `null`.
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return value.toString();
    case "object":
      if (value instanceof Date) return isoDate(value);
      if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
      if (Array.isArray(value)) return value.map(toJsonValue);
      return toJsonObject(value as Record<string, unknown>);
    default:
      return null;
  }
}

export function toJsonObject(value: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) out[key] = toJsonValue(v);
  return out;
}

/** The `json_data` string of a record: always a JSON object's text. */
export function jsonData(data: Record<string, unknown>): string {
  return JSON.stringify(toJsonObject(data));
}
