import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConsole, type ConsoleBuild } from "./build.js";

/** The page ships one bundle and one style sheet; past this something heavy was pulled in. */
const BUNDLE_BUDGET_BYTES = 192 * 1024;

let root: string;
let built: ConsoleBuild;
const read = (name: string) => readFile(join(built.dir, name), "utf8");

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "console-build-"));
  built = await buildConsole({ sourceDir: fileURLToPath(new URL(".", import.meta.url)), outDir: join(root, "console") });
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("console build", () => {
  it("writes the page and a content-hashed bundle and style sheet it points at", async () => {
    const names = built.files.map((f) => f.name).sort();
    expect(names).toHaveLength(3);
    const [css, js] = [names.find((n) => n.endsWith(".css"))!, names.find((n) => n.endsWith(".js"))!];
    expect([css, js]).toEqual([expect.stringMatching(/^console-[A-Z0-9]{8}\.css$/), expect.stringMatching(/^console-[A-Z0-9]{8}\.js$/)]);
    const html = await read("index.html");
    expect(html).toContain(`<link rel="stylesheet" href="/console/${css}" />`);
    expect(html).toContain(`<script type="module" src="/console/${js}"></script>`);
  });

  it("has nothing the CSP would block: no inline script, style or handler in the page, no eval in the bundle", async () => {
    const html = await read("index.html");
    expect(html.match(/<script\b[^>]*>/g)).toEqual([expect.stringContaining(" src=")]);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
    const js = await read(built.files.find((f) => f.name.endsWith(".js"))!.name);
    expect(js).not.toMatch(/\beval\(|new Function\(/);
  });

  it("logs nothing (no console calls anywhere in the bundle) and stays small", async () => {
    const bundle = built.files.find((f) => f.name.endsWith(".js"))!;
    expect(await read(bundle.name)).not.toMatch(/\bconsole\./);
    expect(bundle.bytes).toBeLessThan(BUNDLE_BUDGET_BYTES);
  });
});
