import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../common/log.js";
import { createHttpApp } from "./app.js";
import { createLifecycle } from "../lifecycle.js";

const logger = createLogger({ write: () => {} });

describe("http app", () => {
  it("is alive always, ready only while serving", async () => {
    const lifecycle = createLifecycle();
    const app = createHttpApp({ lifecycle, logger });
    expect((await app.request("/healthz")).status).toBe(200);
    let ready = await app.request("/readyz");
    expect([ready.status, await ready.json()]).toEqual([503, { status: "starting" }]);
    lifecycle.markServing();
    ready = await app.request("/readyz");
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready" }]);
    lifecycle.startDraining();
    ready = await app.request("/readyz");
    expect([ready.status, await ready.json()]).toEqual([503, { status: "draining" }]);
    expect((await app.request("/healthz")).status).toBe(200);
  });

  it("is not ready while serving until its dependency is, naming the reason with secrets masked", async () => {
    let reason: string | undefined = "engine failed: bad key AKIAABCDEFGHIJKLMNOP";
    const lifecycle = createLifecycle(() => reason);
    const app = createHttpApp({ lifecycle, logger });
    lifecycle.markServing();
    let ready = await app.request("/readyz");
    expect([ready.status, await ready.json()]).toEqual([503, { status: "unavailable", reason: "engine failed: bad key AKIA***" }]);
    reason = undefined;
    ready = await app.request("/readyz");
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready" }]);
    // Draining wins over a ready dependency.
    lifecycle.startDraining();
    ready = await app.request("/readyz");
    expect([ready.status, await ready.json()]).toEqual([503, { status: "draining" }]);
  });

  it("loads the replay lazily, once, and routes /replay/<set>/ to it with the signed path and the body intact", async () => {
    let loads = 0;
    const replay = new Hono();
    replay.post("/demo/", async (c) => c.json({ path: c.req.path, body: await c.req.text() }));
    const app = createHttpApp({
      lifecycle: createLifecycle(),
      logger,
      replay: () => {
        loads++;
        return Promise.resolve(replay);
      },
    });
    expect(loads).toBe(0);
    for (let i = 0; i < 2; i++) {
      const res = await app.request("/replay/demo/", { method: "POST", body: "Action=List" });
      // The full path stays: the replay checks each request's signature against the path its client signed.
      expect(await res.json()).toEqual({ path: "/replay/demo/", body: "Action=List" });
    }
    expect(loads).toBe(1);
  });

  it("answers unknown paths, and /replay when replay is off, with a JSON 404", async () => {
    const app = createHttpApp({ lifecycle: createLifecycle(), logger });
    const res = await app.request("/replay/demo/", { method: "POST" });
    expect([res.status, await res.json()]).toEqual([404, { error: "not found", path: "/replay/demo/" }]);
  });

  it("turns a failure (here: the replay failing to load) into a JSON 500 with ERROR_UNKNOWN, secrets masked", async () => {
    const app = createHttpApp({
      lifecycle: createLifecycle(),
      logger,
      replay: () => Promise.reject(new Error("bad key AKIAABCDEFGHIJKLMNOP")),
    });
    const res = await app.request("/replay/x");
    expect([res.status, await res.json()]).toEqual([500, { error: "ERROR_UNKNOWN: bad key AKIA***" }]);
  });
});
