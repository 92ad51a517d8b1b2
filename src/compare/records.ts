/**
 * What a collected record (a ResourceInfo as the inventory reads it: JSON with
 * proto field names) is, for matching and reporting: its type, a readable id,
 * and the identity the inventory matches it by — its first-priority match-rule
 * values (docs/contract.md#resource-types-and-match-rules), or the id the
 * inventory keys Namespace and Metric by.
 */
import type { JsonObject, JsonValue } from "../common/json.js";
import { canonical, isJsonObject, valueAt } from "./json-path.js";

/** The JSON-text fields of a resource that the comparison decodes. */
export const JSON_TEXT_FIELDS = ["json_data", "json_metadata"] as const;

/** The record's resource (an empty object when absent). */
export function resourceOf(record: JsonObject): JsonObject {
  return isJsonObject(record.resource) ? record.resource : {};
}

const text = (value: JsonValue | undefined) => (typeof value === "string" ? value : "");

/** `inventory.CloudService` → `CloudService`; `""` when absent. */
export function shortType(resourceType: JsonValue | undefined): string {
  return text(resourceType).replace(/^inventory\./, "");
}

/** The type records are grouped by: `CloudService EC2/Instance`, `ErrorResource EC2/Volume`, `Region`, … */
export function recordType(record: JsonObject): string {
  const resource = resourceOf(record);
  const kind = shortType(record.resource_type) || "(no resource_type)";
  const group = text(resource.cloud_service_group);
  return group === "" ? kind : `${kind} ${group}/${text(resource.cloud_service_type)}`;
}

/** The most telling id of a record: resource id, namespace or metric id, region code, or name. */
export function recordId(record: JsonObject): string {
  const resource = resourceOf(record);
  for (const path of ["reference.resource_id", "resource_id", "namespace_id", "metric_id", "region_code", "name"]) {
    const value = valueAt(resource, path);
    if (typeof value === "string" && value !== "") return value;
  }
  return "";
}

/** `CloudService EC2/Instance i-0001`: how a report names a record. */
export function recordLabel(record: JsonObject): string {
  const id = recordId(record);
  return id === "" ? recordType(record) : `${recordType(record)} ${id}`;
}

/** The paths of the record's first match-rule priority (the lowest number), or undefined when it has none. */
export function firstPriorityPaths(record: JsonObject): string[] | undefined {
  const rules = isJsonObject(record.match_rules) ? record.match_rules : {};
  const first = Object.keys(rules).sort((a, b) => Number(a) - Number(b))[0];
  const paths = first === undefined ? undefined : rules[first];
  return Array.isArray(paths) ? paths.map(String) : undefined;
}

/** A match-rule path's value in the resource; `data.…` paths read the decoded `json_data` when `data` is not sent. */
export function matchValue(resource: JsonObject, path: string): JsonValue | undefined {
  if (path.startsWith("data.") && !isJsonObject(resource.data) && typeof resource.json_data === "string") {
    return valueAt(parseJsonText(resource.json_data), path.slice("data.".length));
  }
  return valueAt(resource, path);
}

/** The id fields the inventory keys records without match rules by. */
const NATURAL_IDS: Record<string, string> = { "inventory.Namespace": "namespace_id", "inventory.Metric": "metric_id" };

/**
 * The fields the inventory stores a record under, as `[path, value]` pairs: its first-priority match-rule paths;
 * for Namespace and Metric their id; undefined for anything else (ErrorResources), which has no identity but its content.
 */
export function identityFields(record: JsonObject): Array<[string, JsonValue | null]> | undefined {
  const resource = resourceOf(record);
  const paths = firstPriorityPaths(record);
  if (paths && paths.length > 0) return paths.map((path) => [path, matchValue(resource, path) ?? null]);
  const natural = NATURAL_IDS[text(record.resource_type)];
  return natural !== undefined && resource[natural] !== undefined ? [[natural, resource[natural]]] : undefined;
}

/** The identity as one string: type plus identity fields, or type plus the whole content. */
export function matchKey(record: JsonObject): string {
  const fields = identityFields(record);
  return `${text(record.resource_type)} ${canonical(fields ?? { message: record.message ?? "", resource: resourceOf(record) })}`;
}

/** `reference.resource_id="i-1", provider="aws"`: the identity fields for a reader. */
export function identityText(record: JsonObject): string {
  const fields = identityFields(record);
  return fields ? fields.map(([path, value]) => `${path}=${JSON.stringify(value)}`).join(", ") : "(its whole content)";
}

/** The parsed JSON text, or undefined when it does not parse. */
export function parseJsonText(value: string): JsonValue | undefined {
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return undefined;
  }
}

/** A copy of the record with `json_data` and `json_metadata` decoded in place (kept as text when they do not parse). */
export function decodeRecord(record: JsonObject): JsonObject {
  const resource = resourceOf(record);
  if (!JSON_TEXT_FIELDS.some((field) => typeof resource[field] === "string")) return record;
  const decoded: JsonObject = { ...resource };
  for (const field of JSON_TEXT_FIELDS) {
    const value = resource[field];
    if (typeof value === "string") decoded[field] = parseJsonText(value) ?? value;
  }
  return { ...record, resource: decoded };
}
