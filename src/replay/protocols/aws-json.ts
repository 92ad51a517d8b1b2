/**
 * awsJson1_1 (SSM): JSON bodies with the output members; timestamps travel as
 * epoch seconds (ISO strings break the SDK), so fixture dates are converted
 * with the schema's help. Errors: `{"__type", "message"}`.
 */
import { AwsError } from "../aws-error.js";
import { membersOf, type NormalizedSchema } from "../sdk-schemas.js";
import type { WireResponse } from "./wire.js";

const JSON_TYPE = "application/x-amz-json-1.1";

/** Converts between fixture form (ISO dates) and wire form (epoch seconds) along `schema`. */
function convertDates(schema: NormalizedSchema, value: unknown, toWire: boolean): unknown {
  if (value === null || value === undefined) return value;
  if (schema.isTimestampSchema()) {
    if (toWire) return typeof value === "string" ? Date.parse(value) / 1000 : value;
    return typeof value === "number" ? new Date(value * 1000).toISOString() : value;
  }
  if (schema.isListSchema() && Array.isArray(value)) return value.map((v) => convertDates(schema.getValueSchema(), v, toWire));
  if (schema.isMapSchema() && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertDates(schema.getValueSchema(), v, toWire)]));
  }
  if (schema.isStructSchema() && typeof value === "object") {
    const out: Record<string, unknown> = {};
    const source = value as Record<string, unknown>;
    for (const [name, member] of membersOf(schema)) {
      if (source[name] !== undefined) out[name] = convertDates(member, source[name], toWire);
    }
    return out;
  }
  return value;
}

/** Parses a request body; members the schema does not know are an error, as in AWS. */
export function decodeJsonInput(input: NormalizedSchema, body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    throw new AwsError("SerializationException", "Request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new AwsError("SerializationException", "Request body must be a JSON object");
  const known = new Set([...membersOf(input)].map(([name]) => name));
  const unknown = Object.keys(parsed).find((k) => !known.has(k));
  if (unknown) throw new AwsError("SerializationException", `Unknown member ${unknown}`);
  return convertDates(input, parsed, false) as Record<string, unknown>;
}

export function jsonSuccess(output: NormalizedSchema, value: Record<string, unknown>): WireResponse {
  return { status: 200, contentType: JSON_TYPE, body: JSON.stringify(convertDates(output, value, true)) };
}

export function jsonError(error: AwsError): WireResponse {
  return { status: error.status, contentType: JSON_TYPE, body: JSON.stringify({ __type: error.code, message: error.message }) };
}
