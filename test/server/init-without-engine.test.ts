/**
 * `Collector.init` answers, options form included, from the compiled server while the collection engine
 * cannot load at all: the form comes from a module that imports neither the engine nor the AWS SDK, so the
 * port-first start-up (README "Start-up") keeps answering `init` before anything slow is loaded. A module
 * hook in the child process refuses to load the engine.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTOR_OPTIONS_SCHEMA } from "../../src/engine/api.js";
import { MAIN_JS, ensureBuilt } from "./built.js";
import { startProcess, type Spawned } from "./spawn.js";

let dir: string;
let server: Spawned;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "no-engine-"));
  writeFileSync(
    join(dir, "hooks.mjs"),
    `export async function load(url, context, next) {
  if (url.endsWith("/dist/src/engine/index.js")) throw new Error("the engine may not load in this test");
  return next(url, context);
}\n`,
  );
  writeFileSync(
    join(dir, "register.mjs"),
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`,
  );
  // node --import <register.mjs> dist/src/main.js --port 0
  server = startProcess([join(dir, "register.mjs"), MAIN_JS, "--port", "0"], "--import");
  await server.listening;
});

afterAll(async () => {
  server.child.kill("SIGTERM");
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe("init without the engine", () => {
  it("answers with the options form while the engine fails to load", async () => {
    const port = await server.listening;
    const res = await fetch(`http://127.0.0.1:${port}/spaceone.api.inventory.plugin.Collector/init`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ options: {} }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { metadata: { options_schema: unknown } };
    expect(body.metadata.options_schema).toEqual(COLLECTOR_OPTIONS_SCHEMA);
    // The hook did block the engine: readiness names the failed load.
    await expect.poll(() => server.logs.some((l) => l.msg === "engine failed to load")).toBe(true);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toContain("the engine may not load in this test");
  });
});
