/**
 * The image's HEALTHCHECK command, `node dist/src/healthcheck.js`, against the compiled server and against
 * servers that do not answer as they should: exit 0 only for a 200 from /healthz on the configured port.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, ensureBuilt } from "./built.js";
import { startProcess, type Spawned } from "./spawn.js";

const HEALTHCHECK_JS = join(REPO, "dist/src/healthcheck.js");

/** Runs the healthcheck with `SPACEONE_PORT`; its exit code and stderr. */
async function healthcheck(port: number): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await promisify(execFile)(process.execPath, [HEALTHCHECK_JS], { env: { ...process.env, SPACEONE_PORT: String(port) } });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

function listen<T extends Server | TcpServer>(server: T): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

let server: Spawned;
beforeAll(() => {
  ensureBuilt();
  server = startProcess(["--port", "0"]);
});
afterAll(async () => {
  server.child.kill("SIGTERM");
  await server.exited;
});

describe("HEALTHCHECK (node dist/src/healthcheck.js)", () => {
  it("exits 0 against the running server on SPACEONE_PORT", async () => {
    expect(await healthcheck(await server.listening)).toEqual({ code: 0, stderr: "" });
  });

  it("exits 1, with one line, when /healthz answers anything but 200", async () => {
    const sick = createServer((_, res) => res.writeHead(503).end());
    try {
      expect(await healthcheck(await listen(sick))).toEqual({ code: 1, stderr: "unhealthy: /healthz answered 503\n" });
    } finally {
      sick.close();
    }
  });

  it("exits 1 when nothing listens, and when the port accepts but never answers", async () => {
    const silent = createTcpServer(() => {});
    const port = await listen(silent);
    try {
      const hung = await healthcheck(port);
      expect(hung).toEqual({ code: 1, stderr: "unhealthy: no answer within 3000 ms\n" });
    } finally {
      silent.close();
    }
    const refused = await healthcheck(port);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^unhealthy: connect ECONNREFUSED/);
  });
});
