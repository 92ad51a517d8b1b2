/**
 * One request message, checked before Connect decodes it, so that a message Connect would refuse with its
 * own words ("cannot decode message …", "parse binary: illegal tag …", an unknown JSON key silently
 * dropped) is answered in Cloudforet's terms instead, naming the parameter:
 *
 * - JSON: `ERROR_JSON_FORMAT` for text that is not JSON, `ERROR_INVALID_PARAMETER_TYPE` for a Struct
 *   parameter that is not an object or a field of the wrong type, `ERROR_INVALID_PARAMETER` for an unknown
 *   field (a misspelt `taskOptions` would otherwise collect everything) or a value nested too deep.
 * - Binary: `ERROR_INVALID_PARAMETER` when the bytes are not a message of the method's request type.
 *
 * Texts never quote the request: it may hold `secret_data`.
 */
import { fromBinary, fromJson, ScalarType, type DescField, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import type { ConnectError } from "@connectrpc/connect";
import { invalidParameter, invalidParameterType, PluginError } from "../../common/errors.js";
import { connectErrorOf } from "../interceptors/error-mapping.js";

/** `ERROR_INVALID_PARAMETER` about the request as a whole (its envelope, its encoding, its bytes). */
export function invalidRequest(reason: string): ConnectError {
  return connectErrorOf(invalidParameter("request", reason));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isStruct = (field: DescField) => field.fieldKind === "message" && field.message.typeName === "google.protobuf.Struct";

/** The type a field's JSON value must have, in the words of the error text. */
function typeName(field: DescField): string {
  switch (field.fieldKind) {
    case "scalar":
      return ScalarType[field.scalar].toLowerCase();
    case "enum":
      return `enum ${field.enum.typeName}`;
    case "message":
    case "map":
      return "object";
    case "list":
      return "list";
  }
}

/** Throws unless `text` is a JSON object of `schema`'s fields, each of its type. */
export function checkJsonMessage(text: string, schema: DescMessage): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A fixed reason: the parser's message quotes the body, which may hold secret_data.
    throw connectErrorOf(new PluginError("ERROR_JSON_FORMAT", "JSON format is invalid. (request = not valid JSON)", "INVALID_ARGUMENT"));
  }
  if (!isPlainObject(parsed)) throw connectErrorOf(invalidParameterType("request", "object"));
  const fields = new Map(schema.fields.flatMap((f) => [[f.name, f] as const, [f.jsonName, f] as const]));
  for (const [key, value] of Object.entries(parsed)) {
    const field = fields.get(key);
    if (!field) throw connectErrorOf(invalidParameter(key, "unknown field"));
    if (value === null) continue;
    if (isStruct(field) && !isPlainObject(value)) throw connectErrorOf(invalidParameterType(field.name, "object"));
    try {
      fromJson(schema, { [key]: value as JsonValue });
    } catch {
      // A Struct that is an object fails only by nesting past the decoder's depth limit.
      throw connectErrorOf(isStruct(field) ? invalidParameter(field.name, "nested too deep") : invalidParameterType(field.name, typeName(field)));
    }
  }
}

/** Throws unless `bytes` decode as a message of `schema`. */
export function checkBinaryMessage(bytes: Uint8Array, schema: DescMessage): void {
  try {
    fromBinary(schema, bytes);
  } catch (e) {
    // protobuf-es says what is wrong with the bytes (a tag, a wire type, the depth), never what they hold.
    const why = e instanceof Error ? `: ${e.message.slice(0, 200)}` : "";
    throw invalidRequest(`not a valid ${schema.typeName} in protobuf binary${why}`);
  }
}
