/**
 * awsJson1_1 (SSM): JSON bodies with the output members; timestamps travel as
 * epoch seconds (ISO strings break the SDK), so fixture dates are converted
 * with the schema's help. Errors: `{"__type", "message"}`.
 */
import { AwsError } from "../aws-error.js";
import { planOf, type Plan } from "../schema-plan.js";
import type { NormalizedSchema } from "../sdk-schemas.js";
import type { WireResponse } from "./wire.js";

const JSON_TYPE = "application/x-amz-json-1.1";

/** Converts between fixture form (ISO dates) and wire form (epoch seconds) along `plan`. */
function convertDates(plan: Plan, value: unknown, toWire: boolean): unknown {
  if (value === null || value === undefined) return value;
  switch (plan.kind) {
    case "timestamp":
      if (toWire) return typeof value === "string" ? Date.parse(value) / 1000 : value;
      return typeof value === "number" ? new Date(value * 1000).toISOString() : value;
    case "list":
      return Array.isArray(value) ? value.map((v) => convertDates(plan.item, v, toWire)) : value;
    case "map":
      return typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertDates(plan.value, v, toWire)])) : value;
    case "struct": {
      if (typeof value !== "object") return value;
      const out: Record<string, unknown> = {};
      const source = value as Record<string, unknown>;
      for (const member of plan.members) if (source[member.name] !== undefined) out[member.name] = convertDates(member.plan, source[member.name], toWire);
      return out;
    }
    default:
      return value;
  }
}

/** Parses a request body; members the schema does not know are an error, as in AWS. */
export function decodeJsonInput(input: NormalizedSchema, body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    throw new AwsError("SerializationException", "Request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new AwsError("SerializationException", "Request body must be a JSON object");
  const plan = planOf(input);
  const unknown = plan.kind === "struct" ? Object.keys(parsed).find((k) => !plan.byName.has(k)) : undefined;
  if (unknown) throw new AwsError("SerializationException", `Unknown member ${unknown}`);
  return convertDates(plan, parsed, false) as Record<string, unknown>;
}

export function jsonSuccess(output: NormalizedSchema, value: Record<string, unknown>): WireResponse {
  return { status: 200, contentType: JSON_TYPE, body: JSON.stringify(convertDates(planOf(output), value, true)) };
}

export function jsonError(error: AwsError): WireResponse {
  return { status: error.status, contentType: JSON_TYPE, body: JSON.stringify({ __type: error.code, message: error.message }) };
}
