/**
 * The records of a `collect` stream as the console shows them: one table row
 * per `ResourceInfo`, and the record decoded for the detail panel. Pure
 * functions: the page renders what they return.
 */
import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import { ResourceInfo_State, type ResourceInfo } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";

/** The region of records that belong to no region (card types, metrics, namespaces). */
export const GLOBAL_REGION = "global";

export interface Row {
  /** 1-based arrival order in the stream. */
  seq: number;
  /** `CloudService`, `Region`, `CloudServiceType`, `Namespace`, `Metric` or `ErrorResource`. */
  recordType: string;
  /** What the counts group by: a CloudService's cloud service type (`Instance`, …), else the record type. */
  kind: string;
  name: string;
  /** The resource id (`reference.resource_id`), metric or namespace id, or region code; "" if none. */
  id: string;
  /** `region_code`, or `GLOBAL_REGION`. */
  region: string;
  account: string;
  /** `SUCCESS` or `FAILURE`. */
  state: string;
  /** Lower-case text the filter's free words search. */
  text: string;
}

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: JsonValue | undefined): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

export function toRow(info: ResourceInfo, seq: number): Row {
  const resource = info.resource ?? {};
  const recordType = info.resourceType.replace(/^inventory\./, "");
  const cloudServiceType = text(resource.cloud_service_type);
  const reference = isObject(resource.reference) ? resource.reference : {};
  const failed = recordType === "ErrorResource";
  const row = {
    seq,
    recordType,
    kind: recordType === "CloudService" && cloudServiceType ? cloudServiceType : recordType,
    // An ErrorResource has no name: what failed and why say more.
    name: failed ? [cloudServiceType, info.message].filter(Boolean).join(": ") : text(resource.name),
    id: text(reference.resource_id) || text(resource.resource_id) || text(resource.metric_id) || text(resource.namespace_id) || text(resource.region_code),
    region: text(resource.region_code) || GLOBAL_REGION,
    account: text(resource.account),
    state: ResourceInfo_State[info.state] ?? String(info.state),
  };
  const haystack = [row.recordType, row.kind, cloudServiceType, row.name, row.id, row.region, row.account, row.state, info.message];
  return { ...row, text: haystack.join(" ").toLowerCase() };
}

/** A JSON text field decoded, or the text as it came when it is not JSON. */
export type Decoded = { ok: true; value: JsonValue } | { ok: false; raw: string; error: string };

function decodeText(raw: string): Decoded {
  try {
    return { ok: true, value: JSON.parse(raw) as JsonValue };
  } catch (e) {
    return { ok: false, raw, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The resource's fields that carry JSON as text (CloudService records' payload, card types' layouts). */
const JSON_TEXT_FIELDS = ["json_data", "json_metadata"] as const;

export interface DecodedRecord {
  /** The JSON text fields, parsed. */
  decoded: Partial<Record<(typeof JSON_TEXT_FIELDS)[number], Decoded>>;
  /** The rest of the resource. */
  resource: JsonObject;
  matchRules: JsonObject;
}

export function decodeRecord(info: ResourceInfo): DecodedRecord {
  const resource: JsonObject = { ...info.resource };
  const decoded: DecodedRecord["decoded"] = {};
  for (const field of JSON_TEXT_FIELDS) {
    const value = resource[field];
    if (typeof value !== "string") continue;
    decoded[field] = decodeText(value);
    delete resource[field];
  }
  return { decoded, resource, matchRules: info.matchRules ?? {} };
}
