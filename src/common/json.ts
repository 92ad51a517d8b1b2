/** JSON value types, free of any protobuf library, for records that end up in a `google.protobuf.Struct`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}
