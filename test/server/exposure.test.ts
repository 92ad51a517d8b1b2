/**
 * What the server exposes (docs/reliability.md#guarantees, the exposure rows), on the compiled server as the
 * image runs it: an `options.endpoint_url` is refused unless the server allows overrides; the replay and the
 * console are off unless configured; CORS headers go to the configured origins only; the request size limit
 * is the configured one and a response message over 64 MiB ends the stream with an error status — never a
 * shorter stream that ends OK; the image runs as a non-root user. No stack trace reaches a client: see
 * test/server/bad-input.test.ts (every answer of the bad-input table) and test/server/errors.test.ts (an
 * unexpected exception). The read-only root filesystem: test/server/read-only.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import type { CollectedRecord, EngineApi } from "../../src/engine/api.js";
import { WRITE_MAX_BYTES } from "../../src/server/rpc/router.js";
import { DEMO_SECRET } from "../support/canary.js";
import { ensureBuilt, REPO } from "./built.js";
import { startServer, type Running } from "./harness.js";
import { startProcess, type Spawned } from "./spawn.js";

const children: Spawned[] = [];
beforeAll(() => ensureBuilt(), 120_000);
afterAll(async () => {
  for (const c of children) c.child.kill("SIGTERM");
  await Promise.all(children.map((c) => c.exited));
});

/** The compiled server, as the image runs it, with `args`. */
async function serverWith(args: string[]): Promise<string> {
  const spawned = startProcess(["--port", "0", ...args]);
  children.push(spawned);
  return `http://127.0.0.1:${await spawned.listening}`;
}

describe("off unless configured", () => {
  it("the replay and the console: 404 by default, served with --replay and --console", async () => {
    const plain = await serverWith([]);
    expect((await fetch(`${plain}/replay/demo/_stats`)).status).toBe(404);
    expect((await fetch(`${plain}/`)).status).toBe(404);
    const enabled = await serverWith(["--replay", "--console"]);
    expect((await fetch(`${enabled}/replay/demo/_stats`)).status).toBe(200);
    expect((await fetch(`${enabled}/console/settings.json`)).status).toBe(200);
  });

  it("CORS: no header for any origin by default; with --cors-origins, for those origins only", async () => {
    const plain = await serverWith([]);
    const configured = await serverWith(["--cors-origins", "https://console.example.com"]);
    expect(await corsHeaders(plain, "https://console.example.com")).toEqual({});
    expect(await corsHeaders(configured, "https://other.example.com")).toEqual({});
    expect(await corsHeaders(configured, "https://console.example.com")).toMatchObject({ "access-control-allow-origin": "https://console.example.com" });
  });

  it("an endpoint override: refused by default, followed with --allow-endpoint-override", async () => {
    const verify = async (baseUrl: string) =>
      (await postJson(baseUrl, "Collector/verify", { options: { endpoint_url: "http://127.0.0.1:1" }, secretData: DEMO_SECRET })) as {
        code?: string;
        message?: string;
      };
    expect(await verify(await serverWith(["--demo"]))).toEqual({
      code: "invalid_argument",
      message:
        "ERROR_INVALID_PARAMETER: Parameter is invalid. (key = options.endpoint_url, reason = endpoint override is disabled by the server configuration)",
    });
    // Allowed, the call goes where it says (nothing listens on port 1).
    const followed = await verify(await serverWith(["--demo", "--allow-endpoint-override", "--aws-max-attempts", "1"]));
    expect(followed.message).toMatch(/^ERROR_AWS_API: .*ECONNREFUSED/);
  });
});

/** The `access-control-*` headers of a preflight for a Collector call from `origin`. */
async function corsHeaders(baseUrl: string, origin: string): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/spaceone.api.inventory.plugin.Collector/init`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
  const cors: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name.startsWith("access-control-")) cors[name] = value;
  });
  return cors;
}

/** A Connect JSON call; its answer's JSON. */
async function postJson(baseUrl: string, method: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${baseUrl}/spaceone.api.inventory.plugin.${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return res.json();
}

describe("request size limit", () => {
  it("is the configured MAX_REQUEST_BYTES: a message just under it is served, one over it refused unread", async () => {
    const limit = 64 * 1024;
    const baseUrl = await serverWith(["--max-request-bytes", String(limit)]);
    // The JSON text of `{"options":{"pad":"…"}}` is 22 bytes plus the pad.
    const init = (pad: number) => postJson(baseUrl, "Collector/init", { options: { pad: "x".repeat(pad) } });
    expect(await init(limit - 22)).toHaveProperty("metadata");
    expect(await init(limit - 21)).toEqual({
      code: "resource_exhausted",
      message: `ERROR_REQUEST_TOO_LARGE: Request message is larger than the limit. (limit = ${limit} bytes)`,
    });
  });
});

describe("the image", () => {
  it("runs as a non-root user: the Dockerfile's last USER is neither root nor 0", () => {
    const users = [...readFileSync(join(REPO, "Dockerfile"), "utf8").matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]!);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });
});

describe("response size limit", () => {
  let running: Running | undefined;
  afterEach(async () => {
    await running?.stop();
  });

  it("a record over 64 MiB ends the stream with RESOURCE_EXHAUSTED after the records before it, never OK", async () => {
    const record = (name: string): CollectedRecord => ({ state: "SUCCESS", resourceType: "inventory.Region", message: "", matchRules: {}, resource: { name } });
    const engine = {
      // eslint-disable-next-line @typescript-eslint/require-await -- an AsyncIterable of records made on the spot
      async *collect() {
        yield record("small");
        yield record("x".repeat(WRITE_MAX_BYTES));
        yield record("never sent");
      },
    } as unknown as EngineApi;
    running = await startServer({ engine });
    const names: unknown[] = [];
    const ended = await (async () => {
      for await (const info of createClient(Collector, createGrpcTransport({ baseUrl: running.baseUrl })).collect({ options: {}, secretData: {}, filter: {} }))
        names.push(info.resource?.name);
    })().then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(names).toEqual(["small"]);
    expect(ended?.code).toBe(Code.ResourceExhausted);
  });
});
