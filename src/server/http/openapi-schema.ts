/**
 * JSON Schemas (OpenAPI 3.1 dialect, i.e. JSON Schema 2020-12) of protobuf
 * messages in the proto3 JSON mapping, as Connect writes and reads them:
 * fields by their JSON name, 64-bit integers as decimal strings, enums by value
 * name, bytes as base64, and the well-known types in their special forms
 * (Struct: any object; Value: any JSON; Empty: `{}`; Timestamp: RFC 3339; …).
 */
import { ScalarType, type DescEnum, type DescField, type DescMessage } from "@bufbuild/protobuf";

export type JsonSchema = { [key: string]: unknown };

/** Where message schemas live in the document; each message is one component named by its full type name. */
export const SCHEMA_REF_PREFIX = "#/components/schemas/";

export function scalarSchema(scalar: ScalarType): JsonSchema {
  switch (scalar) {
    case ScalarType.DOUBLE:
      return { type: "number", format: "double" };
    case ScalarType.FLOAT:
      return { type: "number", format: "float" };
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { type: "integer", format: "int32" };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: "integer", minimum: 0, maximum: 4_294_967_295 };
    // JavaScript numbers cannot hold every 64-bit integer: proto3 JSON writes them as strings.
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return { type: "string", format: "int64", pattern: "^-?[0-9]+$" };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: "string", format: "uint64", pattern: "^[0-9]+$" };
    case ScalarType.BOOL:
      return { type: "boolean" };
    case ScalarType.STRING:
      return { type: "string" };
    case ScalarType.BYTES:
      return { type: "string", format: "byte", contentEncoding: "base64" };
  }
}

function enumSchema(desc: DescEnum): JsonSchema {
  if (desc.typeName === "google.protobuf.NullValue") return { type: "null" };
  return { type: "string", enum: desc.values.map((v) => v.name) };
}

const WRAPPERS: Record<string, ScalarType> = {
  "google.protobuf.DoubleValue": ScalarType.DOUBLE,
  "google.protobuf.FloatValue": ScalarType.FLOAT,
  "google.protobuf.Int64Value": ScalarType.INT64,
  "google.protobuf.UInt64Value": ScalarType.UINT64,
  "google.protobuf.Int32Value": ScalarType.INT32,
  "google.protobuf.UInt32Value": ScalarType.UINT32,
  "google.protobuf.BoolValue": ScalarType.BOOL,
  "google.protobuf.StringValue": ScalarType.STRING,
  "google.protobuf.BytesValue": ScalarType.BYTES,
};

/** The special JSON form of a well-known type, or undefined for an ordinary message. */
export function wellKnownSchema(typeName: string): JsonSchema | undefined {
  const wrapped = WRAPPERS[typeName];
  if (wrapped !== undefined) return scalarSchema(wrapped);
  switch (typeName) {
    case "google.protobuf.Struct":
      return { type: "object", additionalProperties: true, description: "Any JSON object (google.protobuf.Struct)." };
    case "google.protobuf.Value":
      return { description: "Any JSON value (google.protobuf.Value)." };
    case "google.protobuf.ListValue":
      return { type: "array", items: {} };
    case "google.protobuf.Empty":
      return { type: "object", maxProperties: 0 };
    case "google.protobuf.Timestamp":
      return { type: "string", format: "date-time" };
    case "google.protobuf.Duration":
      return { type: "string", pattern: "^-?[0-9]+(\\.[0-9]{1,9})?s$", description: "Seconds with an `s` suffix, e.g. `1.5s`." };
    case "google.protobuf.FieldMask":
      return { type: "string", description: "Comma-separated field paths in lowerCamelCase." };
    case "google.protobuf.Any":
      return { type: "object", properties: { "@type": { type: "string" } }, required: ["@type"], additionalProperties: true };
    default:
      return undefined;
  }
}

/** A schema for a message: its well-known form, or a reference to its component. */
export function messageRef(desc: DescMessage): JsonSchema {
  return wellKnownSchema(desc.typeName) ?? { $ref: `${SCHEMA_REF_PREFIX}${desc.typeName}` };
}

/** The schema of one value of `field` (an element, for lists and maps): its enum, message or scalar type. */
function valueSchema(field: DescField): JsonSchema {
  if (field.enum) return enumSchema(field.enum);
  if (field.message) return messageRef(field.message);
  return scalarSchema(field.scalar);
}

export function fieldSchema(field: DescField): JsonSchema {
  const value = valueSchema(field);
  if (field.fieldKind === "list") return { type: "array", items: value };
  // Map keys are JSON object keys, i.e. strings whatever their proto type.
  if (field.fieldKind === "map") return { type: "object", additionalProperties: value };
  return value;
}

/** The component schema of an ordinary message. Unknown properties are left open: Connect also reads proto field names. */
export function messageSchema(desc: DescMessage): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of desc.fields) properties[field.jsonName] = fieldSchema(field);
  return { type: "object", title: desc.name, properties };
}

/** Every ordinary message reachable from `roots` (themselves included), well-known types excluded. */
export function reachableMessages(roots: Iterable<DescMessage>): Map<string, DescMessage> {
  const found = new Map<string, DescMessage>();
  const visit = (desc: DescMessage) => {
    if (found.has(desc.typeName) || wellKnownSchema(desc.typeName)) return;
    found.set(desc.typeName, desc);
    for (const field of desc.fields) if (field.message) visit(field.message);
  };
  for (const root of roots) visit(root);
  return found;
}
