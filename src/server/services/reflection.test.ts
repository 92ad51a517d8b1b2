import { create, createFileRegistry, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { file_spaceone_api_inventory_plugin_collector as collector } from "../../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { answerReflection, createReflectedIndex } from "./reflection.js";

describe("createReflectedIndex: files given at run time (a gateway's upstream's)", () => {
  const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: [...collector.dependencies.map((d) => d.proto), collector.proto] }));
  // As another server sent them: an extra field (99, varint 1) the registry's descriptors do not carry.
  const encoded = new Map([...registry.files].map((f) => [f.proto.name, new Uint8Array([...toBinary(FileDescriptorProtoSchema, f.proto), 0x98, 0x06, 0x01])]));
  const index = createReflectedIndex({ services: ["z.Listed.First", "spaceone.api.inventory.plugin.Collector"], files: registry.files, encoded });
  const filesOf = (answer: ReturnType<typeof answerReflection>) => (answer.case === "fileDescriptorResponse" ? answer.value.fileDescriptorProto : []);

  it("lists the given services in the given order", () => {
    expect(answerReflection(index, { case: "listServices", value: "" }, new Set())).toEqual({
      case: "listServicesResponse",
      value: { service: [{ name: "z.Listed.First" }, { name: "spaceone.api.inventory.plugin.Collector" }] },
    });
  });

  it("answers each file with the bytes it was received as, each dependency once per stream", () => {
    const sent = new Set<string>();
    const files = filesOf(answerReflection(index, { case: "fileContainingSymbol", value: "spaceone.api.inventory.plugin.Collector.collect" }, sent));
    expect(files).toEqual([collector.proto.name, ...collector.dependencies.map((d) => d.proto.name)].map((name) => encoded.get(name)));
    expect(filesOf(answerReflection(index, { case: "fileByFilename", value: collector.proto.name }, sent))).toEqual([encoded.get(collector.proto.name)]);
  });
});
