/** Key paths into JSON values, and a canonical text of a value for comparing without regard to key order. */
import type { JsonObject, JsonValue } from "../common/json.js";

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The value at a dotted path (`reference.resource_id`); undefined when a step is missing. */
export function valueAt(root: JsonValue | undefined, path: string): JsonValue | undefined {
  let value = root;
  for (const key of path.split(".")) {
    if (!isJsonObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** Python's truthiness, which decides whether the inventory keeps a match-rule path in its query (docs/contract.md#how-the-inventory-stores-a-message). */
export function isTruthy(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** `parent.key`, or `parent["key"]` for keys a dotted path cannot carry. */
export function childPath(parent: string, key: string): string {
  if (/^[A-Za-z0-9_:@$/-]+$/.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** A path with list positions dropped (`nics[2].ip` → `nics[].ip`): the key path that differences are grouped by. */
export function keyPath(path: string): string {
  return path.replace(/\[\d+\]/g, "[]");
}

/** JSON text with object keys sorted at every level: equal for equal values whatever their key order. */
export function canonical(value: JsonValue | undefined): string {
  return JSON.stringify(sortKeys(value)) ?? "undefined";
}

function sortKeys(value: JsonValue | undefined): JsonValue | undefined {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v) ?? null);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]) ?? null;
  return out;
}
