import { create, toJson, type DescMessage } from "@bufbuild/protobuf";
import { DurationSchema, FieldDescriptorProtoSchema, StructSchema, TimestampSchema, UninterpretedOptionSchema } from "@bufbuild/protobuf/wkt";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { Health } from "../services/health.js";
import { ServerReflectionV1 } from "../services/reflection.js";
import { openApiDocument } from "./openapi.js";
import { fieldSchema, messageRef, messageSchema, reachableMessages } from "./openapi-schema.js";

/** A validator for `root`'s JSON, with every message it reaches as a component. */
function validatorOf(root: DescMessage) {
  const schemas = Object.fromEntries([...reachableMessages([root])].map(([name, desc]) => [name, messageSchema(desc)]));
  return new Ajv2020({ strict: false, validateFormats: false }).compile({ components: { schemas }, ...messageRef(root) });
}

describe("proto3 JSON schemas", () => {
  it("64-bit integers are decimal strings, bytes base64, repeated fields arrays, enums names", () => {
    const f = UninterpretedOptionSchema.field;
    expect(fieldSchema(f.positiveIntValue)).toEqual({ type: "string", format: "uint64", pattern: "^[0-9]+$" });
    expect(fieldSchema(f.negativeIntValue)).toEqual({ type: "string", format: "int64", pattern: "^-?[0-9]+$" });
    expect(fieldSchema(f.doubleValue)).toEqual({ type: "number", format: "double" });
    expect(fieldSchema(f.stringValue)).toMatchObject({ type: "string", contentEncoding: "base64" });
    expect(fieldSchema(f.name)).toEqual({ type: "array", items: { $ref: "#/components/schemas/google.protobuf.UninterpretedOption.NamePart" } });
    expect(fieldSchema(FieldDescriptorProtoSchema.field.label)).toMatchObject({ type: "string", enum: ["LABEL_OPTIONAL", "LABEL_REPEATED", "LABEL_REQUIRED"] });
  });

  it("maps are objects of their value schema; well-known types take their JSON forms", () => {
    expect(fieldSchema(StructSchema.field.fields)).toEqual({
      type: "object",
      additionalProperties: { description: "Any JSON value (google.protobuf.Value)." },
    });
    expect(messageRef(TimestampSchema)).toEqual({ type: "string", format: "date-time" });
    expect(messageRef(DurationSchema)).toMatchObject({ type: "string" });
    expect([...reachableMessages([StructSchema])]).toEqual([]);
  });

  it("what toJson writes validates; a 64-bit integer as a JSON number does not", () => {
    const validate = validatorOf(UninterpretedOptionSchema);
    const json = toJson(
      UninterpretedOptionSchema,
      create(UninterpretedOptionSchema, { name: [{ namePart: "a", isExtension: true }], positiveIntValue: 2n ** 63n, stringValue: new Uint8Array([1, 2]) }),
    );
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...(json as object), positiveIntValue: 5 })).toBe(false);
  });
});

describe("openApiDocument", () => {
  it("describes unary and server-streaming methods, and leaves bidi streams (reflection) out", () => {
    const doc = openApiDocument([Health, ServerReflectionV1], { title: "t", version: "1" });
    expect(Object.keys(doc.paths)).toEqual(["/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch"]);
    expect(doc.tags).toEqual([{ name: "grpc.health.v1.Health" }]);
    expect(doc.paths["/grpc.health.v1.Health/Check"]?.post.operationId).toBe("Health_Check");
    expect(Object.keys(doc.paths["/grpc.health.v1.Health/Watch"]?.post.responses["200"]?.content ?? {})).toEqual(["application/x-ndjson", "text/event-stream"]);
    expect(Object.keys(doc.components.schemas)).toEqual([
      "grpc.health.v1.HealthCheckRequest",
      "grpc.health.v1.HealthCheckResponse",
      "connect.Error",
      "connect.StreamEnd",
      "connect.StreamError",
    ]);
  });
});
