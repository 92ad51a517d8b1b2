/**
 * Graceful shutdown (docs/decisions.md#graceful-shutdown) with the real process: SIGTERM during an open stream flips
 * health, the stream ends within the grace period, the process exits 0; a `collect` cut by the end of the
 * grace period ends with UNAVAILABLE, never OK; a second signal exits at once. Also the
 * start-up failures: port in use (exit 1, one clear line), bad configuration
 * (exit 2), and --help.
 */
import type { ChildProcess } from "node:child_process";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Health, HealthCheckResponse_ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { DEMO_SECRET, regionTask } from "../engine/harness.js";
import { ensureBuilt } from "./built.js";
import { startProcess } from "./spawn.js";

const children: ChildProcess[] = [];
const start = (args: string[]) => {
  const spawned = startProcess(args);
  children.push(spawned.child);
  return spawned;
};

beforeAll(() => ensureBuilt(), 120_000);
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

describe("the server process", () => {
  it("on SIGTERM flips health, ends the open Watch stream within the grace period and exits 0", async () => {
    const server = start(["--port", "0", "--shutdown-grace-ms", "8000"]);
    const port = await server.listening;
    const health = createClient(Health, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
    const statuses: HealthCheckResponse_ServingStatus[] = [];
    const watched = (async () => {
      for await (const res of health.watch({ service: "" })) {
        statuses.push(res.status);
        if (statuses.length === 1) server.child.kill("SIGTERM");
      }
    })();
    await watched;
    expect(statuses).toEqual([HealthCheckResponse_ServingStatus.SERVING, HealthCheckResponse_ServingStatus.NOT_SERVING]);
    expect(await server.exited).toBe(0);
    expect(server.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(["shutdown requested", "draining", "stopped"]));
    // The Watch stream ended on NOT_SERVING, so the server stopped without waiting for the grace period
    // to run out (read from its log, not from a clock: the machine may be busy).
    expect(server.logs.map((l) => l.msg)).not.toContain("grace period over, aborting calls");
    expect(server.logs.find((l) => l.msg === "stopped")).toMatchObject({ clean: true });
  });

  /** A `collect` of the demo's us-east-1 against `port`, held mid-stream: its volume attributes hang in the server's own replay. */
  async function heldCollect(port: number, onFirstRecord: () => void): Promise<{ records: number; error?: ConnectError }> {
    const base = `http://127.0.0.1:${port}`;
    const faults = await fetch(`${base}/replay/demo/_faults`, {
      method: "PUT",
      body: JSON.stringify({ rules: [{ effect: "hang", api: "ec2:DescribeVolumeAttribute", ms: 600_000 }] }),
    });
    expect(faults.status).toBe(200);
    const collector = createClient(Collector, createGrpcTransport({ baseUrl: base }));
    let records = 0;
    try {
      for await (const _ of collector.collect({ options: {}, secretData: DEMO_SECRET, filter: {}, taskOptions: regionTask("us-east-1") })) {
        if (records++ === 0) onFirstRecord();
      }
      return { records };
    } catch (e) {
      return { records, error: ConnectError.from(e) };
    }
  }

  it("on SIGTERM mid-collect ends the cut stream with UNAVAILABLE, never OK, after the grace period; its AWS calls end with it; exits 0", async () => {
    const server = start(["--demo", "--port", "0", "--shutdown-grace-ms", "500"]);
    const port = await server.listening;
    const result = await heldCollect(port, () => server.child.kill("SIGTERM"));
    expect(result.records).toBeGreaterThan(0);
    expect(result.error?.code).toBe(Code.Unavailable);
    expect(result.error?.rawMessage).toBe("ERROR_UNAVAILAVBLE: Server is unavailable. (reason = shutting down)");
    expect(await server.exited).toBe(0);
    const messages = server.logs.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(["shutdown requested", "draining", "grace period over, aborting calls", "stopped"]));
    // The engine ended the region task, its calls on the wire abandoned.
    expect(server.logs.find((l) => l.msg === "region task finished")).toMatchObject({ region: "us-east-1", aborted: true });
  });

  it("a second signal exits at once, with code 1", async () => {
    const server = start(["--demo", "--port", "0", "--shutdown-grace-ms", "600000"]);
    const port = await server.listening;
    const held = heldCollect(port, () => server.child.kill("SIGTERM"));
    await expect.poll(() => server.logs.some((l) => l.msg === "draining"), { timeout: 20_000 }).toBe(true);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(1);
    expect(server.logs.find((l) => l.msg === "second signal, exiting now")).toMatchObject({ level: "warn", signal: "SIGTERM" });
    // The stream was cut by the exit: an error, never OK.
    expect((await held).error).toBeInstanceOf(ConnectError);
  });

  it("exits 1 with one clear line when the port is taken", async () => {
    const first = start(["--port", "0"]);
    const port = await first.listening;
    const second = start(["--port", String(port)]);
    expect(await second.exited).toBe(1);
    const lines = second.stderr().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", msg: `cannot listen on [::]:${port}: EADDRINUSE`, code: "EADDRINUSE", port });
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
  });

  it("exits 2 on bad configuration and prints the table for --help", async () => {
    const bad = start(["--port", "nope"]);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toBe('configuration error: --port: expected an integer from 0 to 65535, got "nope"\n');
    const help = start(["--help"]);
    expect(await help.exited).toBe(0);
    expect(help.stdout()).toContain("SPACEONE_PORT");
    expect(help.stdout()).toContain("--shutdown-grace-ms");
  });
});
