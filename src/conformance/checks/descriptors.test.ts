import { clone, createFileRegistry, toBinary, type DescFile } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import type { PluginDescriptors } from "../../plugin-client/discovery.js";
import { checkDescriptors, CONTRACT_DESCRIPTORS } from "./descriptors.js";

/** What discovery would hold for a plugin serving the contract's files, each passed through `edit` first. */
function served(edit: (proto: FileDescriptorProto) => void = () => {}): PluginDescriptors {
  const files = new Map<string, { proto: FileDescriptorProto; bytes: Uint8Array }>();
  const add = (file: DescFile) => {
    if (files.has(file.proto.name)) return;
    file.dependencies.forEach(add);
    const proto = clone(FileDescriptorProtoSchema, file.proto);
    edit(proto);
    files.set(proto.name, { proto, bytes: toBinary(FileDescriptorProtoSchema, proto) });
  };
  CONTRACT_DESCRIPTORS.forEach(({ file }) => add(file));
  const registry = createFileRegistry(...[...files.values()].map(({ proto }) => createFileRegistry(proto, (name) => files.get(name)?.proto)));
  return { services: CONTRACT_DESCRIPTORS.map((c) => c.service), files, filesByService: {}, fetchedByName: [], registry, problems: [] };
}

describe("reflection.descriptors", () => {
  it("passes byte-identical descriptors", () => {
    const result = checkDescriptors(served());
    expect(result.status).toBe("pass");
    expect(result.evidence.map((e) => e.level)).toEqual(["info"]);
    expect(result.evidence[0]!.text).toMatch(/^byte-identical to proto\/: spaceone\/api\/inventory\/plugin\/collector\.proto, /);
  });

  it("fails a renumbered Collector field, naming the file, the field path and both values", () => {
    const result = checkDescriptors(
      served((proto) => {
        const info = proto.messageType.find((m) => m.name === "ResourceInfo");
        if (proto.name.endsWith("collector.proto")) info!.field.find((f) => f.name === "resource")!.number = 5;
      }),
    );
    expect(result.status).toBe("fail");
    expect(result.evidence.filter((e) => e.level === "fail").map((e) => e.text)).toEqual([
      "spaceone/api/inventory/plugin/collector.proto: messageType.ResourceInfo.field.resource.number changed (contract: 6) (plugin: 5)",
    ]);
  });

  it("file options and json_name do not reach the wire: warnings; as do Health's differences", () => {
    const result = checkDescriptors(
      served((proto) => {
        if (proto.name.endsWith("job.proto")) proto.options!.goPackage = "example.com/other";
        if (proto.name === "grpc/health/v1/health.proto") proto.messageType[0]!.field[0]!.name = "svc";
      }),
    );
    expect(result.status).toBe("warn");
    expect(result.evidence.filter((e) => e.level === "warn").map((e) => e.text)).toEqual([
      expect.stringMatching(/^spaceone\/api\/inventory\/plugin\/job\.proto: options\.goPackage changed/),
      expect.stringMatching(/^grpc\/health\/v1\/health\.proto: messageType\.HealthCheckRequest\.field\.s(ervice removed|vc added)/),
      expect.stringMatching(/^grpc\/health\/v1\/health\.proto: messageType\.HealthCheckRequest\.field\.s(ervice removed|vc added)/),
    ]);
  });
});
