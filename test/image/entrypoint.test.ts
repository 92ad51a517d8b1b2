/**
 * The image's entrypoint (`docker/entrypoint.sh`, docs/benchmarks.md#heap-size-in-a-container): the heap
 * flag it gives Node for a container's memory limit. Docker does not run here, so the script runs under
 * Debian's `sh` (dash, as in the image) against a fake cgroup directory; a fake `node` first on PATH
 * reports what it was started with, and the real node shows that the flag takes effect.
 */
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ENTRYPOINT = fileURLToPath(new URL("../../docker/entrypoint.sh", import.meta.url));
const MiB = 1024 * 1024;
const run = promisify(execFile);
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "entrypoint-"));
  dirs.push(dir);
  return dir;
}

/** A cgroup root holding `files` (path below the root → content). */
function cgroup(files: Record<string, string>): string {
  const root = tempDir();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${content}\n`);
  }
  return root;
}

/** A directory whose `node` prints its arguments as JSON instead of starting anything. */
const fakeNodeBin = (() => {
  const bin = tempDir();
  writeFileSync(join(bin, "node"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- "$@"\n`);
  chmodSync(join(bin, "node"), 0o755);
  return bin;
})();

interface Started {
  /** What `node` was started with. */
  argv: string[];
  stderr: string;
}

async function entrypoint(files: Record<string, string>, options: { args?: string[]; nodeOptions?: string } = {}): Promise<Started> {
  const env = { ...process.env, PATH: `${fakeNodeBin}:${process.env.PATH}`, CGROUP_ROOT: cgroup(files), NODE_OPTIONS: options.nodeOptions ?? "" };
  const { stdout, stderr } = await run("sh", [ENTRYPOINT, ...(options.args ?? [])], { env });
  return { argv: JSON.parse(stdout) as string[], stderr };
}

const heapFlag = (started: Started) => started.argv.find((a) => a.startsWith("--max-old-space-size="));

describe("the image's entrypoint sizes the heap from the container's memory limit", () => {
  it.each([
    ["cgroup v2, 512 MiB", { "memory.max": String(512 * MiB), "memory.high": "max" }, 342],
    ["cgroup v2, 2 GiB", { "memory.max": String(2048 * MiB), "memory.high": "max" }, 1366],
    ["cgroup v2, memory.high below memory.max", { "memory.max": String(2048 * MiB), "memory.high": String(1024 * MiB) }, 683],
    ["cgroup v2, 256 MiB: a reserve of at least 128 MiB", { "memory.max": String(256 * MiB), "memory.high": "max" }, 128],
    ["cgroup v2, 160 MiB: never below 64 MiB", { "memory.max": String(160 * MiB), "memory.high": "max" }, 64],
    ["cgroup v1, 1 GiB", { "memory/memory.limit_in_bytes": String(1024 * MiB) }, 683],
  ])("%s", async (_, files, heapMb) => {
    const started = await entrypoint(files, { args: ["--demo", "--port", "0"] });
    expect(started.argv).toEqual([`--max-old-space-size=${heapMb}`, "dist/src/main.js", "--demo", "--port", "0"]);
    const logged = JSON.parse(started.stderr) as Record<string, unknown>;
    expect(logged).toMatchObject({ level: "info", msg: "heap sized from the container memory limit", max_old_space_size_mb: heapMb });
  });

  it.each([
    ["cgroup v2 without a limit", { "memory.max": "max", "memory.high": "max" }],
    ["cgroup v1 without a limit (2^63 rounded to a page)", { "memory/memory.limit_in_bytes": "9223372036854771712" }],
    ["a limit above the machine's memory", { "memory.max": String(2 ** 50), "memory.high": "max" }],
    ["no cgroup files", {}],
  ])("%s: Node sizes the heap itself", async (_, files) => {
    const started = await entrypoint(files, { args: ["--demo"] });
    expect(started.argv).toEqual(["dist/src/main.js", "--demo"]);
    expect(started.stderr).toBe("");
  });

  it("leaves an operator's --max-old-space-size in NODE_OPTIONS alone", async () => {
    const started = await entrypoint({ "memory.max": String(512 * MiB), "memory.high": "max" }, { nodeOptions: "--max-old-space-size=200" });
    expect(heapFlag(started)).toBeUndefined();
  });

  it("passes arguments through unchanged", async () => {
    const started = await entrypoint({}, { args: ["--log-level", "debug", "an argument with spaces", "*"] });
    expect(started.argv).toEqual(["dist/src/main.js", "--log-level", "debug", "an argument with spaces", "*"]);
  });

  it("the real node takes the flag: its heap limit follows the container's", async () => {
    const app = join(tempDir(), "heap.mjs");
    writeFileSync(app, 'import v8 from "node:v8";\nconsole.log(v8.getHeapStatistics().heap_size_limit);\n');
    const heapLimit = async (files: Record<string, string>) => {
      const { stdout } = await run("sh", [ENTRYPOINT], { env: { ...process.env, CGROUP_ROOT: cgroup(files), APP_MAIN: app, NODE_OPTIONS: "" } });
      return Number(stdout) / MiB;
    };
    // The limit V8 reports is the old generation plus the young one (a few MiB at this size).
    const limited = await heapLimit({ "memory.max": String(512 * MiB), "memory.high": "max" });
    expect(limited).toBeGreaterThanOrEqual(342);
    expect(limited).toBeLessThan(342 + 64);
    expect(await heapLimit({ "memory.max": "max", "memory.high": "max" })).toBeGreaterThan(limited);
  });
});
