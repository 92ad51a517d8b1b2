/**
 * Done-criterion 5 with the real process: SIGTERM during an open stream flips
 * health, the stream ends within the grace period, the process exits 0. Also the
 * start-up failures: port in use (exit 1, one clear line), bad configuration
 * (exit 2), and --help.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Health, HealthCheckResponse_ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import { ensureBuilt, MAIN_JS } from "./built.js";

interface Spawned {
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves with the port from the "listening" log line. */
  listening: Promise<number>;
}

const children: ChildProcess[] = [];

function start(args: string[]): Spawned {
  const child = spawn(process.execPath, [MAIN_JS, ...args], { env: { ...process.env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  const logs: Array<Record<string, unknown>> = [];
  let onPort: (port: number) => void = () => {};
  const listening = new Promise<number>((resolve, reject) => {
    onPort = resolve;
    child.once("exit", (code) => reject(new Error(`exited with ${code} before listening: ${err}`)));
  });
  listening.catch(() => {});
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => {
    err += c.toString();
    const lines = err.split("\n");
    logs.length = 0;
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      try {
        const rec = JSON.parse(line) as Record<string, unknown>;
        logs.push(rec);
        if (rec.msg === "listening") onPort(rec.port as number);
      } catch {
        // partial line
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, logs, stdout: () => out, stderr: () => err, exited, listening };
}

beforeAll(() => ensureBuilt(), 120_000);
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

describe("the server process", () => {
  it("on SIGTERM flips health, ends the open Watch stream within the grace period and exits 0", async () => {
    const server = start(["--port", "0", "--shutdown-grace-ms", "3000"]);
    const port = await server.listening;
    const health = createClient(Health, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
    const statuses: HealthCheckResponse_ServingStatus[] = [];
    let signalled = 0;
    const watched = (async () => {
      for await (const res of health.watch({ service: "" })) {
        statuses.push(res.status);
        if (statuses.length === 1) {
          signalled = Date.now();
          server.child.kill("SIGTERM");
        }
      }
    })();
    await watched;
    expect(statuses).toEqual([HealthCheckResponse_ServingStatus.SERVING, HealthCheckResponse_ServingStatus.NOT_SERVING]);
    expect(await server.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(3000);
    expect(server.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(["shutdown requested", "draining", "stopped"]));
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
