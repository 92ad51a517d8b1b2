/**
 * The real server with the lazy engine main.ts uses: while the engine has not
 * loaded, or its load failed, /readyz answers 503 with the reason (secrets
 * masked) and plugin calls fail with UNAVAILABLE `ERROR_UNAVAILAVBLE`; the next
 * call loads again, and then the server is ready.
 */
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Job } from "../../gen/spaceone/api/inventory/plugin/job_pb.js";
import type { EngineApi } from "../../src/engine/api.js";
import { lazyEngine } from "../../src/plugin/lazy-engine.js";
import { unimplementedEngine } from "../support/unimplemented-engine.js";
import { startServer, type Running } from "./harness.js";

const tasks = [{ region: "us-east-1" }];
let loads = 0;
const engine = lazyEngine(
  (): Promise<EngineApi> => {
    loads++;
    if (loads === 1) return Promise.reject(new Error("cannot read credentials file holding AKIAABCDEFGHIJKLMNOP"));
    return Promise.resolve({ ...unimplementedEngine, getTasks: () => Promise.resolve(tasks) });
  },
  // No background retry during the test: the second load is the call's.
  { retryInitialMs: 3_600_000 },
);
let running: Running;

beforeAll(async () => {
  running = await startServer({ engine, readiness: engine.readiness });
});
afterAll(async () => {
  await running.stop();
});

const readyz = async (): Promise<[number, unknown]> => {
  const res = await fetch(`${running.baseUrl}/readyz`);
  return [res.status, await res.json()];
};

describe("readiness follows the lazy engine", () => {
  it("is not ready before the first load, fails calls while the load fails, and recovers on the next call", async () => {
    expect(await readyz()).toEqual([503, { status: "unavailable", reason: "collection engine not loaded yet" }]);

    const job = createClient(Job, createGrpcTransport({ baseUrl: running.baseUrl }));
    const err = await job.get_tasks({ options: {}, secretData: {} }).catch((e: unknown) => ConnectError.from(e));
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.Unavailable);
    expect((err as ConnectError).rawMessage).toBe(
      "ERROR_UNAVAILAVBLE: Server is unavailable. (reason = collection engine failed to load: cannot read credentials file holding AKIA***)",
    );
    expect(await readyz()).toEqual([503, { status: "unavailable", reason: "collection engine failed to load: cannot read credentials file holding AKIA***" }]);
    expect(await (await fetch(`${running.baseUrl}/metrics`)).text()).toMatch(/^collector_ready 0$/m);

    const res = await job.get_tasks({ options: {}, secretData: {} });
    expect(res.tasks.map((t) => t.taskOptions)).toEqual([{ region: "us-east-1" }]);
    expect(loads).toBe(2);
    expect(await readyz()).toEqual([200, { status: "ready" }]);
    expect(await (await fetch(`${running.baseUrl}/metrics`)).text()).toMatch(/^collector_ready 1$/m);
  });
});
