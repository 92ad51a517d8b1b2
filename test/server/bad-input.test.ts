/**
 * Bad input on every protocol, table-driven (test/support/bad-input-cases.ts): each case gets the right
 * status and Cloudforet's `ERROR_CODE: message` (or a clean close), the server stays healthy after each
 * (`/healthz` answers and a good gRPC call succeeds), and its memory stays bounded while the abusive cases
 * run again and again (measured in the server process: RSS from /proc, heap from /metrics).
 *
 * The server is the compiled one, in its own process, in `--demo` (real engine and replay); what each case
 * got back is recorded for the canary scan (test/canary/leak-scan.test.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import { codeFromString, codeToHttpStatus } from "@connectrpc/connect/protocol-connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BAD_INPUT_CASES, isHeavy, type BadInputCase, type Expected, type Protocol } from "../support/bad-input-cases.js";
import { goodCallClient, send, type Observed, type Target } from "../support/bad-input-send.js";
import { outputSink } from "../support/collected-output.js";
import { ensureBuilt, REPO } from "./built.js";
import { startProcess, type Spawned } from "./spawn.js";

/** The server collects its garbage on SIGUSR2 and says so, so that the heap measured below is what it still holds. */
const GC_ON_SIGNAL = [
  "--expose-gc",
  "--import",
  'data:text/javascript,process.on("SIGUSR2", () => { globalThis.gc(); process.stderr.write(`{"msg":"collected garbage"}\\n`); })',
];

/** Where the memory rounds are written (bad-input-memory.json), for docs/reliability.md's figures. */
const ARTIFACTS = join(REPO, "test-artifacts");

let server: Spawned;
let target: Target;
const responses = outputSink("responses");

beforeAll(async () => {
  ensureBuilt();
  server = startProcess(
    ["--demo", "--port", "0", "--compression", "gzip", "--sniff-timeout-ms", "5000", "--http1-request-timeout-ms", "5000"],
    undefined,
    GC_ON_SIGNAL,
  );
  const port = await server.listening;
  const baseUrl = `http://127.0.0.1:${port}`;
  const collector = goodCallClient(baseUrl);
  target = {
    port,
    baseUrl,
    async healthy() {
      const health = await fetch(`${baseUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "alive" });
      expect((await collector.init({ options: {} })).metadata?.supported_schedules).toEqual(["hours"]);
    },
  };
}, 120_000);

afterAll(async () => {
  responses.write(await (await fetch(`${target.baseUrl}/metrics`)).text());
  server.child.kill("SIGTERM");
  await server.exited;
});

/** The HTTP status of an RPC error: always 200 for gRPC and gRPC-Web (the status is in the trailers), else Connect's mapping. */
function httpStatusOf(protocol: Protocol, code: string, given: number | undefined): number {
  if (given !== undefined) return given;
  return protocol === "grpc" || protocol === "grpc-web" ? 200 : codeToHttpStatus(codeFromString(code) ?? Code.Unknown);
}

function check(protocol: Protocol, expected: Expected, seen: Observed): void {
  if ("error" in expected) {
    const { code, message, http } = expected.error;
    expect({ code: seen.code, message: seen.message }).toEqual({
      code,
      message: typeof message === "string" ? message : (expect.stringMatching(message) as string),
    });
    // What a client library hides (connect-es, grpc-js) is not observed; raw requests see the status line.
    if (seen.http !== undefined) expect(seen.http).toBe(httpStatusOf(protocol, code, http));
  } else if ("ok" in expected) {
    expect(seen.code).toBe("ok");
  } else if ("failedRecords" in expected) {
    expect(seen.code).toBe("ok");
    expect(seen.records?.length).toBeGreaterThan(0);
    for (const r of seen.records ?? []) expect(r).toEqual({ state: "FAILURE", message: expect.stringMatching(expected.failedRecords) as string });
  } else if ("http" in expected) {
    expect(seen.http).toBe(expected.http);
    if (expected.json) expect(seen.json).toMatchObject(expected.json);
    if (expected.text) expect(seen.text).toMatch(expected.text);
  } else if ("closed" in expected) {
    expect(seen.closed).toBe(true);
    if (expected.answer) expect(seen.answer).toMatch(expected.answer);
  }
}

/** A stack frame as V8 prints one (`at fn (file:line:col)`), or a path of the server's own code. */
const STACK_TRACE = /\bat .*:\d+:\d+\)?$|\/(?:dist|src|node_modules)\/[\w./-]+\.[jt]s\b/m;

async function run(c: BadInputCase): Promise<Observed> {
  const seen = await send(target, c);
  // No stack trace to a client, whatever it sent: not in a message, a body or a raw answer.
  expect([seen.message, seen.text, seen.answer, JSON.stringify(seen.json), ...(seen.records ?? []).map((r) => r.message)].join("\n")).not.toMatch(STACK_TRACE);
  responses.write(
    JSON.stringify({ case: c.name, protocol: c.protocol, seen: { ...seen, answer: seen.answer?.slice(0, 2000), text: seen.text?.slice(0, 2000) } }),
  );
  return seen;
}

describe("bad input", { timeout: 120_000 }, () => {
  it("the table has at least 60 cases and covers every protocol", () => {
    const protocols = new Set<Protocol>(BAD_INPUT_CASES.map((c) => c.protocol));
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(60);
    expect([...protocols].sort()).toEqual(["connect-json", "connect-proto", "grpc", "grpc-web", "h2", "http", "ndjson", "replay", "sse", "tcp"]);
  });

  it.each(BAD_INPUT_CASES.map((c) => [`${c.protocol}: ${c.name}`, c] as const))("%s", async (_, c) => {
    check(c.protocol, c.expect, await run(c));
    await target.healthy();
  });
});

/** Resident set size of the server process, in MiB. */
function rssMiB(): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${server.child.pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

/** A metric of the server's `/metrics`. */
async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${target.baseUrl}/metrics`)).text();
  const value = new RegExp(`^${name.replace(/[{}]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1];
  if (value === undefined) throw new Error(`no ${name} in /metrics`);
  return Number(value);
}

/** The server's V8 heap in use right after a full garbage collection, in MiB: what it still holds. */
async function liveHeapMiB(): Promise<number> {
  const collections = () => server.logs.filter((l) => l.msg === "collected garbage").length;
  const before = collections();
  server.child.kill("SIGUSR2");
  await expect.poll(collections, { timeout: 30_000 }).toBeGreaterThan(before);
  return (await metric("nodejs_heap_size_used_bytes")) / 1024 / 1024;
}

describe("memory under repeated abuse", () => {
  const heavy = BAD_INPUT_CASES.filter(isHeavy);

  it("stays bounded: the last of five rounds ends no bigger than the first plus a margin", { timeout: 600_000 }, async () => {
    expect(heavy.length).toBeGreaterThanOrEqual(10);
    const rounds: Array<{ heap: number; rss: number }> = [];
    for (let round = 0; round < 5; round++) {
      for (const c of heavy) check(c.protocol, c.expect, await run(c));
      await target.healthy();
      rounds.push({ heap: await liveHeapMiB(), rss: rssMiB() });
    }
    responses.write(JSON.stringify({ memory: rounds }));
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, "bad-input-memory.json"), JSON.stringify({ heavyCases: heavy.map((c) => c.name), rounds }, null, 2) + "\n");
    const [first, last] = [rounds[0]!, rounds.at(-1)!];
    // Each round makes the server read or inflate about 40 MiB of bodies and opens 3,000 connections and
    // 5,000 streams: keeping a tenth of that would pass the heap's margin by the fifth round.
    expect(last.heap, JSON.stringify(rounds)).toBeLessThan(first.heap + 16);
    expect(last.rss, JSON.stringify(rounds)).toBeLessThan(first.rss + 128);
  });
});
