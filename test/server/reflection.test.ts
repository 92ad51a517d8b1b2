/**
 * Reflection (docs/contract.md#server-reflection), grpc-js half: a client that knows only the address discovers
 * the four services through v1alpha reflection, resolves every file, and calls
 * Collector.init with message types built from the reflected descriptors.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { fromBinary, fromJson, toBinary, toJson, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type Running } from "./harness.js";
import { discover, reflect, reflectionStream, type Discovery } from "./reflection-client.js";

let running: Running;
let client: grpc.Client;
let found: Discovery;

beforeAll(async () => {
  running = await startServer();
  client = new grpc.Client(`127.0.0.1:${running.port}`, grpc.credentials.createInsecure());
  found = await discover(client);
});
afterAll(async () => {
  client.close();
  await running.stop();
});

function callUnary(service: DescService, method: string, json: object): Promise<unknown> {
  const m = service.methods.find((x) => x.name === method)!;
  const input = m.input;
  const output = m.output;
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      `/${service.typeName}/${m.name}`,
      (msg: object) => Buffer.from(toBinary(input, msg as never)),
      (b: Buffer) => fromBinary(output, b),
      fromJson(input, json as never),
      (err, res) => (err ? reject(err) : resolve(toJson(output, res!, { useProtoFieldName: true }))),
    );
  });
}

describe("v1alpha reflection", () => {
  it("lists exactly the four Cloudforet services, sorted like the Python plugin", () => {
    expect(found.services).toEqual([
      "grpc.health.v1.Health",
      "spaceone.api.core.v1.ServerInfo",
      "spaceone.api.inventory.plugin.Collector",
      "spaceone.api.inventory.plugin.Job",
    ]);
  });

  it("answers each service with its file first, then the transitive dependencies", () => {
    expect(found.filesByService).toEqual({
      "grpc.health.v1.Health": ["grpc/health/v1/health.proto"],
      "spaceone.api.core.v1.ServerInfo": ["spaceone/api/core/v1/server_info.proto", "google/protobuf/empty.proto"],
      "spaceone.api.inventory.plugin.Collector": [
        "spaceone/api/inventory/plugin/collector.proto",
        "google/protobuf/empty.proto",
        "google/protobuf/struct.proto",
      ],
      "spaceone.api.inventory.plugin.Job": ["spaceone/api/inventory/plugin/job.proto", "google/protobuf/empty.proto", "google/protobuf/struct.proto"],
    });
    expect(found.fetchedByName).toEqual([]);
  });

  it("resolves every listed service and every method's types from reflected descriptors alone", () => {
    const signatures: Record<string, string> = {};
    for (const name of found.services) {
      const service = found.registry.getService(name);
      expect(service, name).toBeDefined();
      for (const m of service!.methods) signatures[`${name}/${m.name}`] = `${m.input.typeName} -> ${m.output.typeName}`;
    }
    expect(signatures).toEqual({
      "grpc.health.v1.Health/Check": "grpc.health.v1.HealthCheckRequest -> grpc.health.v1.HealthCheckResponse",
      "grpc.health.v1.Health/Watch": "grpc.health.v1.HealthCheckRequest -> grpc.health.v1.HealthCheckResponse",
      "spaceone.api.core.v1.ServerInfo/get_version": "google.protobuf.Empty -> spaceone.api.core.v1.VersionInfo",
      "spaceone.api.inventory.plugin.Collector/init": "spaceone.api.inventory.plugin.InitRequest -> spaceone.api.inventory.plugin.PluginInfo",
      "spaceone.api.inventory.plugin.Collector/verify": "spaceone.api.inventory.plugin.VerifyRequest -> google.protobuf.Empty",
      "spaceone.api.inventory.plugin.Collector/collect": "spaceone.api.inventory.plugin.CollectRequest -> spaceone.api.inventory.plugin.ResourceInfo",
      "spaceone.api.inventory.plugin.Job/get_tasks": "spaceone.api.inventory.plugin.GetTaskRequest -> spaceone.api.inventory.plugin.TasksInfo",
    });
    const job = found.registry.getService("spaceone.api.inventory.plugin.Job")!;
    expect(job.methods.map((m) => m.name)).toEqual(["get_tasks"]);
    const collect = found.registry.getService("spaceone.api.inventory.plugin.Collector")!.methods.find((m) => m.name === "collect")!;
    expect(collect.methodKind).toBe("server_streaming");
    expect(collect.input.fields.map((f) => f.name)).toEqual(["options", "secret_data", "filter", "task_options"]);
  });

  it("calls Collector.init with the reflected types", async () => {
    const collector = found.registry.getService("spaceone.api.inventory.plugin.Collector")!;
    const res = (await callUnary(collector, "init", { options: {} })) as { metadata: Record<string, unknown> };
    expect(Object.keys(res.metadata).sort()).toEqual([
      "filter_format",
      "options_schema",
      "supported_features",
      "supported_resource_type",
      "supported_schedules",
    ]);
  });

  it("serves file_by_filename for every file of the closure, including the reflection proto", async () => {
    for (const name of [
      "spaceone/api/inventory/plugin/collector.proto",
      "spaceone/api/inventory/plugin/job.proto",
      "spaceone/api/core/v1/server_info.proto",
      "grpc/health/v1/health.proto",
      "google/protobuf/struct.proto",
      "google/protobuf/empty.proto",
      "grpc/reflection/v1alpha/reflection.proto",
    ]) {
      const res = await reflect(client, { case: "fileByFilename", value: name });
      expect(res.messageResponse.case, name).toBe("fileDescriptorResponse");
      const first = res.messageResponse.case === "fileDescriptorResponse" ? res.messageResponse.value.fileDescriptorProto[0]! : new Uint8Array();
      expect(fromBinary(FileDescriptorProtoSchema, first).name).toBe(name);
    }
  });

  it("resolves messages, nested enums, fields and methods by symbol", async () => {
    for (const [symbol, file] of [
      ["spaceone.api.inventory.plugin.ResourceInfo", "spaceone/api/inventory/plugin/collector.proto"],
      ["spaceone.api.inventory.plugin.ResourceInfo.State", "spaceone/api/inventory/plugin/collector.proto"],
      ["spaceone.api.inventory.plugin.CollectRequest.task_options", "spaceone/api/inventory/plugin/collector.proto"],
      ["spaceone.api.inventory.plugin.Job.get_tasks", "spaceone/api/inventory/plugin/job.proto"],
      ["google.protobuf.Struct", "google/protobuf/struct.proto"],
    ] as const) {
      const res = await reflect(client, { case: "fileContainingSymbol", value: symbol });
      expect(res.messageResponse.case, symbol).toBe("fileDescriptorResponse");
      if (res.messageResponse.case === "fileDescriptorResponse") {
        expect(fromBinary(FileDescriptorProtoSchema, res.messageResponse.value.fileDescriptorProto[0]!).name).toBe(file);
      }
    }
  });

  it("answers unknown symbols and files with error_code 5 (NOT_FOUND) and nothing else", async () => {
    for (const messageRequest of [
      { case: "fileContainingSymbol", value: "foo.Bar" },
      { case: "fileByFilename", value: "spaceone/api/inventory/plugin/collector" },
    ] as const) {
      const res = await reflect(client, messageRequest);
      expect(res.messageResponse.case).toBe("errorResponse");
      if (res.messageResponse.case === "errorResponse") expect(res.messageResponse.value.errorCode).toBe(5);
    }
  });

  it("skips dependencies already sent on the same stream, never the requested file", async () => {
    const answers = await reflectionStream(client, [
      { case: "fileContainingSymbol", value: "spaceone.api.inventory.plugin.Collector" },
      { case: "fileContainingSymbol", value: "spaceone.api.inventory.plugin.Job" },
      { case: "fileByFilename", value: "google/protobuf/struct.proto" },
    ]);
    const names = answers.map((a) =>
      a.messageResponse.case === "fileDescriptorResponse"
        ? a.messageResponse.value.fileDescriptorProto.map((b) => fromBinary(FileDescriptorProtoSchema, b).name)
        : [],
    );
    expect(names).toEqual([
      ["spaceone/api/inventory/plugin/collector.proto", "google/protobuf/empty.proto", "google/protobuf/struct.proto"],
      ["spaceone/api/inventory/plugin/job.proto"],
      ["google/protobuf/struct.proto"],
    ]);
    expect(answers.map((a) => a.originalRequest?.messageRequest.case)).toEqual(["fileContainingSymbol", "fileContainingSymbol", "fileByFilename"]);
  });

  it("serves v1 from the same index (grpcurl, Postman)", async () => {
    const [res] = await reflectionStream(client, [{ case: "listServices", value: "" }], "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo");
    expect(res?.messageResponse.case).toBe("listServicesResponse");
  });

  it("serves descriptors identical to `buf build` output of proto/", () => {
    const dir = mkdtempSync(join(tmpdir(), "buf-"));
    try {
      const out = join(dir, "image.binpb");
      execFileSync("npx", ["buf", "build", "--exclude-source-info", "-o", out], { cwd: new URL("../..", import.meta.url).pathname });
      // A buf image is a FileDescriptorSet plus buf-only extension fields: drop those.
      const image = fromBinary(FileDescriptorSetSchema, readFileSync(out), { readUnknownFields: false });
      for (const [name, served] of found.files) {
        if (name.startsWith("google/")) continue;
        const built = image.file.find((f) => f.name === name);
        expect(built, name).toBeDefined();
        expect(Buffer.from(toBinary(FileDescriptorProtoSchema, served)).equals(Buffer.from(toBinary(FileDescriptorProtoSchema, built!))), name).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
