import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../common/log.js";
import { createHttpApp } from "./app.js";
import { createLifecycle } from "../lifecycle.js";
import { CONSOLE_CSP, createConsoleApp } from "./console.js";

const JS = "console-ABCDEFGH.js";
const CSS = "console-IJKLMNOP.css";
const settings = { demo: true, defaults: { options: {}, secretData: { aws_access_key_id: "AKIAEXAMPLE" } } };
let root: string;
let dir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "console-test-"));
  dir = join(root, "console");
  await mkdir(join(dir, "nested"), { recursive: true });
  await writeFile(join(dir, "index.html"), "<!doctype html><title>console</title>");
  await writeFile(join(dir, JS), "export {};");
  await writeFile(join(dir, CSS), "body{}");
  await writeFile(join(dir, "notes.txt"), "not a console file type");
  await writeFile(join(dir, "nested", "deep.js"), "export {};");
  await writeFile(join(root, "secret.js"), "secret");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("console routes", () => {
  it("serves the page at / and the bundle under /console/ with their types, caching and the CSP", async () => {
    const app = createConsoleApp({ dir, settings });
    const cases = [
      ["/", "text/html; charset=utf-8", "no-cache", "<!doctype html><title>console</title>"],
      [`/console/${JS}`, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "export {};"],
      [`/console/${CSS}`, "text/css; charset=utf-8", "public, max-age=31536000, immutable", "body{}"],
      ["/console/index.html", "text/html; charset=utf-8", "no-cache", "<!doctype html><title>console</title>"],
    ];
    for (const [path, type, cacheControl, body] of cases) {
      const res = await app.request(path!);
      expect([path, res.status, res.headers.get("content-type"), res.headers.get("cache-control")]).toEqual([path, 200, type, cacheControl]);
      expect(res.headers.get("content-security-policy")).toBe(CONSOLE_CSP);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await res.text()).toBe(body);
    }
  });

  it("the CSP allows only this origin's scripts, styles and connections: no inline code, no framing", () => {
    const directives = new Map(CONSOLE_CSP.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1).join(" ")]));
    expect(Object.fromEntries(directives)).toEqual({
      "default-src": "'none'",
      "script-src": "'self'",
      "style-src": "'self'",
      "connect-src": "'self'",
      "img-src": "'self' data:",
      "base-uri": "'none'",
      "form-action": "'none'",
      "frame-ancestors": "'none'",
    });
  });

  it("answers settings.json with what the server was given, never cached", async () => {
    const res = await createConsoleApp({ dir, settings }).request("/console/settings.json");
    expect([res.status, res.headers.get("cache-control"), res.headers.get("content-security-policy")]).toEqual([200, "no-store", CONSOLE_CSP]);
    expect(await res.json()).toEqual(settings);
  });

  it.each([
    "/console/missing.js",
    "/console/notes.txt",
    "/console/nested",
    "/console/nested/deep.js",
    "/console/..%2Fsecret.js",
    "/console/..%5Csecret.js",
    "/console/%2Fetc%2Fpasswd",
    "/console/",
  ])("answers %s with a 404 that carries the CSP (nothing outside the built files is reachable)", async (path) => {
    const res = await createConsoleApp({ dir, settings }).request(`http://localhost${path}`);
    expect([res.status, res.headers.get("content-security-policy")]).toEqual([404, CONSOLE_CSP]);
    expect(await res.text()).not.toContain("secret");
  });

  it("a dot-dot path is resolved by URL parsing before routing: it leaves /console/ and is no console route", async () => {
    const res = await createConsoleApp({ dir, settings }).request("http://localhost/console/%2e%2e/secret.js");
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("secret");
  });

  it("says the console is not built (503) until its directory exists, then serves it", async () => {
    const later = join(root, "later");
    const app = createConsoleApp({ dir: later, settings });
    const before = await app.request("/");
    expect([before.status, await before.text()]).toEqual([503, "The console is not built: run `npm run build`.\n"]);
    await mkdir(later);
    await writeFile(join(later, "index.html"), "built");
    const after = await app.request("/");
    expect([after.status, await after.text()]).toEqual([200, "built"]);
  });

  it("in the HTTP app: mounted only when enabled, and its headers stay on its own routes", async () => {
    const logger = createLogger({ write: () => {} });
    const on = createHttpApp({ lifecycle: createLifecycle(), logger, console: { dir, settings } });
    expect((await on.request("/")).status).toBe(200);
    const health = await on.request("/healthz");
    expect([health.status, health.headers.get("content-security-policy")]).toEqual([200, null]);
    const unknown = await on.request("/nothing/here");
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: "not found", path: "/nothing/here" }]);

    const off = createHttpApp({ lifecycle: createLifecycle(), logger });
    for (const path of ["/", "/console/settings.json", `/console/${JS}`]) expect((await off.request(path)).status, path).toBe(404);
  });
});
