/** Mistakes in the gateway and shadow settings stop `serve` at start with exit code 2 and one line naming the setting. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../server/built.js";
import { startProcess } from "../server/spawn.js";

let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "gateway-config-"));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function exitOf(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const spawned = startProcess(["--port", "0", ...args]);
  const code = await spawned.exited;
  return { code, stderr: spawned.stderr() };
}

describe("gateway and shadow settings", { timeout: 60_000 }, () => {
  it("an upstream or shadow that is not an endpoint", async () => {
    expect(await exitOf(["--upstream", "ftp://host:1"])).toEqual({
      code: 2,
      stderr: expect.stringMatching(/^configuration error: --upstream: not an endpoint: "ftp:\/\/host:1"/) as unknown,
    });
    expect(await exitOf(["--shadow", "host:1/path"])).toEqual({
      code: 2,
      stderr: expect.stringMatching(/^configuration error: --shadow: not an endpoint/) as unknown,
    });
  });

  it("a known-differences file that is missing, not JSON, or not in the format", async () => {
    const missing = join(dir, "missing.json");
    expect(await exitOf(["--shadow", "127.0.0.1:1", "--shadow-known", missing])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`--shadow-known: cannot read "${missing}" (ENOENT)`) as unknown,
    });
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ not json");
    expect(await exitOf(["--shadow", "127.0.0.1:1", "--shadow-known", broken])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`--shadow-known: ${broken}: `) as unknown,
    });
    const noReason = join(dir, "no-reason.json");
    writeFileSync(noReason, JSON.stringify({ differences: [{ kind: "extra" }] }));
    expect(await exitOf(["--shadow", "127.0.0.1:1", "--shadow-known", noReason])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`--shadow-known: ${noReason}: differences[0]: "reason" must say why the difference is deliberate`) as unknown,
    });
  });
});
