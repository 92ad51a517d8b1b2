/**
 * The image runs with a read-only root filesystem (`docker run --read-only`, Kubernetes'
 * `readOnlyRootFilesystem`): the compiled server, traced with strace from its start through a whole demo
 * collect to its shutdown, never opens a file for writing nor creates, renames or deletes one.
 * Needs Debian's strace (.ci/run installs it).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { DEMO_SECRET } from "../engine/harness.js";
import { MAIN_JS, ensureBuilt } from "./built.js";

/** Syscalls that change the filesystem by name; any of them fails the test. */
const CHANGES =
  /^(creat|mkdir|mkdirat|rename|renameat2?|unlink|unlinkat|rmdir|link|linkat|symlink|symlinkat|chmod|fchmodat|chown|lchown|fchownat|truncate|utime|utimes|utimensat|futimesat|mknod|mknodat)\(/;
const WRITE_FLAGS = /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/;

let dir: string;
let trace: string;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "read-only-"));
  const log = join(dir, "strace.log");
  // Every thread (-f), file syscalls only, filtered in the kernel (--seccomp-bpf) to keep the server fast.
  const child = spawn("strace", ["-f", "-qq", "--seccomp-bpf", "-e", "trace=%file", "-o", log, process.execPath, MAIN_JS, "--demo", "--port", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const port = await new Promise<number>((resolve, reject) => {
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const match = /"msg":"listening".*?"port":(\d+)/.exec(err);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before listening: ${err}`)));
  });
  const collector = createClient(Collector, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
  let records = 0;
  for await (const _ of collector.collect({ options: {}, secretData: DEMO_SECRET, filter: {} })) records++;
  expect(records).toBeGreaterThan(50);
  // SIGTERM to the server itself (strace's child): its shutdown is part of the trace.
  const serverPid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim());
  process.kill(serverPid, "SIGTERM");
  expect(await exited).toBe(0);
  trace = readFileSync(log, "utf8");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("read-only root filesystem", () => {
  it("the server writes no file from start to shutdown, a whole demo collect included", () => {
    // strace splits a call interrupted by another thread into "<unfinished ...>" and "<... resumed>"; the name and flags are on the first line.
    const calls = trace
      .split("\n")
      .map((line) => line.replace(/^\d+\s+/, ""))
      .filter((line) => /^\w+\(/.test(line));
    expect(calls.filter((c) => c.startsWith("openat(")).length).toBeGreaterThan(100);
    expect(calls.filter((c) => CHANGES.test(c) || (/^(open|openat|openat2)\(/.test(c) && WRITE_FLAGS.test(c)))).toEqual([]);
  });
});
