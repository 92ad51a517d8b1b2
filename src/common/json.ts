/** JSON value types, free of any protobuf library, for records that end up in a `google.protobuf.Struct`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A JSON value as a message shows it: a string as itself, anything else as its JSON text. */
export function textOf(value: JsonValue | undefined): string {
  return typeof value === "string" ? value : String(JSON.stringify(value));
}
