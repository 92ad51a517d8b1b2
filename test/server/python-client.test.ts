/**
 * Reflection (docs/contract.md#server-reflection), Python half: Debian's python3-grpcio discovers everything
 * through v1alpha reflection the way Cloudforet's client does, then calls
 * Collector.init, Job.get_tasks, Health and ServerInfo. The server runs the
 * harness's placeholder engine (test/support/unimplemented-engine.ts), so
 * get_tasks asserts that engine's answer, not the product's.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PluginError } from "../../src/common/errors.js";
import { COLLECTOR_OPTIONS_SCHEMA } from "../../src/engine/api.js";
import { unimplementedEngine } from "../support/unimplemented-engine.js";
import { startServer, type Running } from "./harness.js";

const run = promisify(execFile);
let running: Running;

beforeAll(async () => {
  running = await startServer();
});
afterAll(async () => {
  await running.stop();
});

describe("Cloudforet-style Python client (python3-grpcio)", () => {
  it("receives our error text verbatim, reserved characters, newline and non-ASCII included", async () => {
    const text = 'odd % : / ? # & , "quoted"\nnext line ünïcødé 山田';
    const failing = await startServer({
      engine: {
        ...unimplementedEngine,
        getTasks: () => Promise.reject(new PluginError("ERROR_INVALID_PARAMETER", text, "INVALID_ARGUMENT")),
      },
    });
    try {
      const script = new URL("./reflection_client.py", import.meta.url).pathname;
      const { stdout } = await run("/usr/bin/python3", [script, `127.0.0.1:${failing.port}`], { timeout: 20_000 });
      expect((JSON.parse(stdout) as { get_tasks: unknown }).get_tasks).toEqual({ code: "INVALID_ARGUMENT", details: `ERROR_INVALID_PARAMETER: ${text}` });
    } finally {
      await failing.stop();
    }
  });

  it("discovers the services by reflection alone and calls them with reflected message classes", async () => {
    const script = new URL("./reflection_client.py", import.meta.url).pathname;
    const { stdout } = await run("/usr/bin/python3", [script, `127.0.0.1:${running.port}`], { timeout: 20_000 });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    const services = [
      "grpc.health.v1.Health",
      "spaceone.api.core.v1.ServerInfo",
      "spaceone.api.inventory.plugin.Collector",
      "spaceone.api.inventory.plugin.Job",
    ];
    expect(out.services).toEqual(services);
    // The platform's exact sequence; bundled dependencies mean no file_by_filename round trips.
    expect(out.requests).toEqual([["list_services", ""], ...services.map((s) => ["file_containing_symbol", s]), ["list_services", ""]]);
    expect(out.methods).toEqual([
      "Collector.collect",
      "Collector.init",
      "Collector.verify",
      "Health.Check",
      "Health.Watch",
      "Job.get_tasks",
      "ServerInfo.get_version",
    ]);
    expect(out.unknown_symbol).toBe("KeyError");
    expect(out.init).toEqual({
      ok: {
        metadata: {
          supported_resource_type: ["inventory.CloudService", "inventory.CloudServiceType", "inventory.Region", "inventory.ErrorResource"],
          supported_schedules: ["hours"],
          supported_features: ["garbage_collection"],
          filter_format: [],
          options_schema: COLLECTOR_OPTIONS_SCHEMA,
        },
      },
    });
    expect(out.get_tasks).toEqual({ code: "UNIMPLEMENTED", details: "ERROR_NOT_IMPLEMENTED: Not implemented." });
    expect(out.health).toEqual({ ok: { status: "SERVING" } });
    expect(out.version).toMatchObject({ ok: { version: expect.stringMatching(/^\d+\.\d+\.\d+/) as string } });
  });
});
