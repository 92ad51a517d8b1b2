/** @grpc/grpc-js over h2c calls Collector.init and Health.Check on the one port. */
import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { create, fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HealthCheckRequestSchema, HealthCheckResponseSchema, HealthCheckResponse_ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import { VersionInfoSchema } from "../../gen/spaceone/api/core/v1/server_info_pb.js";
import { InitRequestSchema, PluginInfoSchema } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { EmptySchema } from "@bufbuild/protobuf/wkt";
import { COLLECTOR_OPTIONS_SCHEMA } from "../../src/engine/api.js";
import { startServer, type Running } from "./harness.js";

let running: Running;
let client: grpc.Client;

function unary<I extends DescMessage, O extends DescMessage>(
  path: string,
  input: I,
  output: O,
  message: MessageShape<I>,
  options: grpc.CallOptions = {},
): Promise<MessageShape<O>> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      path,
      (m: MessageShape<I>) => Buffer.from(toBinary(input, m)),
      (b: Buffer) => fromBinary(output, b),
      message,
      new grpc.Metadata(),
      options,
      (err, res) => (err ? reject(err) : resolve(res!)),
    );
  });
}

beforeAll(async () => {
  running = await startServer();
  client = new grpc.Client(`127.0.0.1:${running.port}`, grpc.credentials.createInsecure());
});
afterAll(async () => {
  client.close();
  await running.stop();
});

describe("gRPC over h2c (@grpc/grpc-js)", () => {
  it("Collector.init returns exactly the five metadata keys, the options form among them", async () => {
    const res = await unary("/spaceone.api.inventory.plugin.Collector/init", InitRequestSchema, PluginInfoSchema, create(InitRequestSchema, { options: {} }));
    expect(res.metadata).toEqual({
      supported_resource_type: ["inventory.CloudService", "inventory.CloudServiceType", "inventory.Region", "inventory.ErrorResource"],
      supported_schedules: ["hours"],
      supported_features: ["garbage_collection"],
      filter_format: [],
      options_schema: COLLECTOR_OPTIONS_SCHEMA,
    });
  });

  it("Health.Check says SERVING for the empty name and for any other name", async () => {
    for (const service of ["", "spaceone.api.inventory.plugin.Collector", "no.such.Service"]) {
      const res = await unary(
        "/grpc.health.v1.Health/Check",
        HealthCheckRequestSchema,
        HealthCheckResponseSchema,
        create(HealthCheckRequestSchema, { service }),
      );
      expect(res.status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    }
  });

  it("ServerInfo.get_version returns the package version", async () => {
    const res = await unary("/spaceone.api.core.v1.ServerInfo/get_version", EmptySchema, VersionInfoSchema, create(EmptySchema));
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(res.version).toBe(pkg.version);
  });

  it("accepts the platform's rounded-up 181 s deadline", async () => {
    const deadline = new Date(Date.now() + 181_000);
    const res = await unary("/spaceone.api.inventory.plugin.Collector/init", InitRequestSchema, PluginInfoSchema, create(InitRequestSchema, { options: {} }), {
      deadline,
    });
    expect(res.metadata?.supported_schedules).toEqual(["hours"]);
  });

  it("answers an unknown method with UNIMPLEMENTED 'Method not found!', not an HTTP 404", async () => {
    const err = await unary("/spaceone.api.inventory.plugin.Job/getTasks", EmptySchema, EmptySchema, create(EmptySchema)).catch((e: grpc.ServiceError) => e);
    expect((err as grpc.ServiceError).code).toBe(grpc.status.UNIMPLEMENTED);
    expect((err as grpc.ServiceError).details).toBe("Method not found!");
  });
});
