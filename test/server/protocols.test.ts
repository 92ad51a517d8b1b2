/**
 * One port (docs/decisions.md#one-port-for-every-protocol) serves curl's Connect JSON over HTTP/1.1, connect-web's
 * gRPC-Web over HTTP/1.1, Connect and gRPC-Web over HTTP/2, and the Hono routes
 * over both HTTP versions; plus the sniffer's guards and CORS.
 */
import { execFile } from "node:child_process";
import * as net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport as createNodeGrpcWebTransport } from "@connectrpc/connect-node";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { loadConfig } from "../../src/common/config.js";
import { createLogger } from "../../src/common/log.js";
import { pluginServices } from "../../src/plugin/services.js";
import { createServer } from "../../src/server/server.js";
import { ListenError } from "../../src/server/transport/tcp-listener.js";
import { unimplementedEngine } from "../support/unimplemented-engine.js";
import { startServer, type Running } from "./harness.js";

const run = promisify(execFile);
const ORIGIN = "https://console.example.com";
let running: Running;

beforeAll(async () => {
  running = await startServer({ args: ["--cors-origins", ORIGIN] });
});
afterAll(async () => {
  await running.stop();
});

async function curl(...args: string[]): Promise<string> {
  const { stdout } = await run("curl", ["-sS", "--max-time", "10", ...args]);
  return stdout;
}

const EXPECTED_METADATA_KEYS = ["filter_format", "options_schema", "supported_features", "supported_resource_type", "supported_schedules"];

describe("compressed requests (--compression gzip)", () => {
  let gzipped: Running;
  beforeAll(async () => {
    gzipped = await startServer({ args: ["--compression", "gzip"] });
  });
  afterAll(async () => {
    await gzipped.stop();
  });

  it("a gzip Connect JSON unary request (content-encoding: gzip) is decoded, not refused as bad JSON", async () => {
    const res = await fetch(`${gzipped.baseUrl}/spaceone.api.inventory.plugin.Collector/init`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: gzipSync('{"options":{}}'),
    });
    expect(res.status).toBe(200);
    expect(Object.keys(((await res.json()) as { metadata: object }).metadata).sort()).toEqual(EXPECTED_METADATA_KEYS);
  });
});

describe("one port, every protocol", () => {
  it("curl --http1.1 with Connect JSON calls init", async () => {
    const out = await curl(
      "--http1.1",
      "-H",
      "content-type: application/json",
      "-d",
      '{"options":{}}',
      `${running.baseUrl}/spaceone.api.inventory.plugin.Collector/init`,
    );
    expect(Object.keys((JSON.parse(out) as { metadata: object }).metadata).sort()).toEqual(EXPECTED_METADATA_KEYS);
  });

  it("connect-web's gRPC-Web transport calls init over HTTP/1.1 (fetch)", async () => {
    const client = createClient(Collector, createGrpcWebTransport({ baseUrl: running.baseUrl }));
    const res = await client.init({ options: {} });
    expect(Object.keys(res.metadata ?? {}).sort()).toEqual(EXPECTED_METADATA_KEYS);
  });

  it("gRPC-Web and Connect (binary) call init over HTTP/2", async () => {
    for (const transport of [
      createNodeGrpcWebTransport({ baseUrl: running.baseUrl, httpVersion: "2" }),
      createConnectTransport({ baseUrl: running.baseUrl, httpVersion: "2", useBinaryFormat: true }),
    ]) {
      const res = await createClient(Collector, transport).init({ options: {} });
      expect(res.metadata?.supported_features).toEqual(["garbage_collection"]);
    }
  });

  it.each([
    ["--http1.1", "1.1"],
    ["--http2-prior-knowledge", "2"],
  ])("Hono routes answer with %s", async (flag, version) => {
    const health = await curl(flag, "-w", "\n%{http_code} %{http_version}", `${running.baseUrl}/healthz`);
    expect(health).toBe(`{"status":"alive"}\n200 ${version}`);
    const ready = await curl(flag, "-w", "\n%{http_code} %{http_version}", `${running.baseUrl}/readyz`);
    expect(ready).toBe(`{"status":"ready"}\n200 ${version}`);
    const missing = await curl(flag, "-w", "\n%{http_code}", `${running.baseUrl}/no/such/page`);
    expect(missing).toBe(`{"error":"not found","path":"/no/such/page"}\n404`);
  });

  it("a gRPC-Web call to an unknown method over HTTP/1.1 gets grpc-status 12, not a 404", async () => {
    const out = await curl(
      "--http1.1",
      "-i",
      "-H",
      "content-type: application/grpc-web+proto",
      "--data-binary",
      "",
      `${running.baseUrl}/spaceone.api.inventory.plugin.Job/getTasks`,
    );
    expect(out).toMatch(/^HTTP\/1\.1 200/);
    expect(out).toMatch(/grpc-status: 12/i);
    // Percent-encoded as the gRPC spec says (only bytes outside printable ASCII): every client decodes it.
    expect(out).toMatch(/grpc-message: Method not found!\r\n/i);
  });

  it("a Connect call to an unknown method is the protocol's 404", async () => {
    const out = await curl(
      "--http1.1",
      "-w",
      "%{http_code}",
      "-o",
      "/dev/null",
      "-H",
      "content-type: application/json",
      "-d",
      "{}",
      `${running.baseUrl}/spaceone.api.inventory.plugin.Job/getTasks`,
    );
    expect(out).toBe("404");
  });
});

describe("CORS allowlist", () => {
  it("answers a preflight from an allowed origin", async () => {
    const out = await curl(
      "--http1.1",
      "-i",
      "-X",
      "OPTIONS",
      "-H",
      `origin: ${ORIGIN}`,
      "-H",
      "access-control-request-method: POST",
      "-H",
      "access-control-request-headers: content-type,x-grpc-web",
      `${running.baseUrl}/spaceone.api.inventory.plugin.Collector/init`,
    );
    expect(out).toMatch(/^HTTP\/1\.1 204/);
    expect(out).toMatch(new RegExp(`access-control-allow-origin: ${ORIGIN}`, "i"));
    expect(out).toMatch(/access-control-allow-headers: .*x-grpc-web/i);
  });

  it("adds the origin and exposed headers to a real call, and nothing for other origins", async () => {
    const allowed = await curl(
      "--http1.1",
      "-i",
      "-H",
      `origin: ${ORIGIN}`,
      "-H",
      "content-type: application/json",
      "-d",
      '{"options":{}}',
      `${running.baseUrl}/spaceone.api.inventory.plugin.Collector/init`,
    );
    expect(allowed).toMatch(new RegExp(`access-control-allow-origin: ${ORIGIN}`, "i"));
    expect(allowed).toMatch(/access-control-expose-headers: .*grpc-status/i);
    const other = await curl(
      "--http1.1",
      "-i",
      "-H",
      "origin: https://evil.example",
      "-H",
      "content-type: application/json",
      "-d",
      '{"options":{}}',
      `${running.baseUrl}/spaceone.api.inventory.plugin.Collector/init`,
    );
    expect(other).not.toMatch(/access-control-allow-origin/i);
  });
});

describe("the sniffer", () => {
  it("closes a connection that sends nothing after the sniff timeout", async () => {
    // A server of its own: a short sniff timeout on the shared one would cut slow clients of other tests on a loaded machine.
    const quiet = await startServer({ args: ["--sniff-timeout-ms", "300"] });
    try {
      const socket = net.connect(quiet.port, "127.0.0.1");
      const started = Date.now();
      await new Promise<void>((resolve) => socket.on("close", () => resolve()));
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    } finally {
      await quiet.stop();
    }
  });

  it("decides correctly when the first bytes arrive in tiny pieces", async () => {
    const request = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const socket = net.connect(running.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    // Listen for the close before writing: the answer (Connection: close) may arrive during the last pause.
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    for (const ch of request) {
      socket.write(ch);
      await sleep(2);
    }
    await closed;
    expect(Buffer.concat(chunks).toString()).toMatch(/^HTTP\/1\.1 200[\s\S]*\{"status":"alive"\}/);

    // HTTP/2: the 24-byte preface in 3-byte pieces, then an empty SETTINGS frame; the server answers with SETTINGS.
    const preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
    const h2 = net.connect(running.port, "127.0.0.1");
    const frames: Buffer[] = [];
    h2.on("data", (c: Buffer) => frames.push(c));
    await new Promise<void>((resolve) => h2.once("connect", () => resolve()));
    for (let i = 0; i < preface.length; i += 3) {
      h2.write(preface.subarray(i, i + 3));
      await sleep(5);
    }
    h2.write(Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]));
    await expect.poll(() => Buffer.concat(frames).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(9);
    h2.destroy();
    const first = Buffer.concat(frames);
    expect(first.length).toBeGreaterThanOrEqual(9);
    expect(first[3]).toBe(4); // frame type SETTINGS
  });

  it("survives Kubernetes-style TCP probes (connect, close) and resets, and keeps serving", async () => {
    const probe = (reset: boolean) =>
      new Promise<void>((resolve) => {
        const socket = net.connect(running.port, "127.0.0.1", () => (reset ? socket.resetAndDestroy() : socket.end()));
        socket.on("error", () => {});
        socket.on("close", () => resolve());
      });
    await Promise.all(Array.from({ length: 100 }, (_, i) => probe(i % 2 === 1)));
    const client = createClient(Collector, createGrpcWebTransport({ baseUrl: running.baseUrl }));
    expect((await client.init({ options: {} })).metadata?.supported_schedules).toEqual(["hours"]);
  });

  it("reports a port in use as a ListenError instead of crashing", async () => {
    const config = loadConfig(["--port", String(running.port)], {});
    const second = createServer(config, { services: pluginServices(unimplementedEngine), logger: createLogger({ write: () => {} }) });
    const err = await second.listen().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ListenError);
    expect((err as ListenError).code).toBe("EADDRINUSE");
    expect((err as ListenError).message).toBe(`cannot listen on [::]:${running.port}: EADDRINUSE`);
  });
});
