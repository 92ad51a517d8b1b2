/**
 * Soak (`npm run soak -- --minutes N`): the compiled server under steady load on loopback for N minutes —
 * 50 concurrent region collects of the demo account, each stream checked complete, mixed with unary calls
 * (init, verify, get_tasks, get_version, health), over gRPC (h2c), gRPC-Web (HTTP/1.1), Connect (JSON over
 * HTTP/1.1, binary over h2c) and the NDJSON route. Reports the errors (must be 0), p50/p99 latency per call
 * kind, and the server's memory over time; exits 1 on any error or when memory grows past its bound.
 *
 * The fixture replay runs in a process of its own, standing in for AWS: the server's RSS, heap and CPU are
 * then the collector's alone, and its AWS calls cross a real connection as they would to AWS.
 *
 * The collects spread over the demo's two accounts (keys of each, and account 222222222222 through
 * AssumeRole) and three regions, as a platform's tasks would: the engine's per account × region × API
 * token buckets (AWS's limits) then shape the collects as they would in production.
 *
 * Memory: RSS sampled every 2 s; the live heap (after a full garbage collection, asked for by SIGUSR2: the
 * server runs with `--expose-gc`) at rest before the load and at rest after it. Pass: no error; the live
 * heap after the load at most 32 MiB above the one before (a leak of what the calls carried stays behind);
 * RSS never above 1 GiB; and, for runs of 5 minutes or more, RSS in the last minute (median) at most
 * 25 % + 32 MiB above the first minute after the warm-up (RSS climbs while V8 sizes its heap to the load,
 * so shorter runs are judged by the live heap).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { Health } from "../gen/grpc/health/v1/health_pb.js";
import { ServerInfo } from "../gen/spaceone/api/core/v1/server_info_pb.js";
import { Collector, ResourceInfo_State } from "../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { Job } from "../gen/spaceone/api/inventory/plugin/job_pb.js";
import { cpuMs, freePort, MAIN_JS, stop, waitForPort } from "./support.js";
import { DEMO_ACCOUNT_SECRETS } from "../src/replay/demo-keys.js";

const { values } = parseArgs({
  options: { minutes: { type: "string", default: "1" }, collects: { type: "string", default: "50" }, unary: { type: "string", default: "8" } },
});
const MINUTES = Number(values.minutes);
const COLLECTS = Number(values.collects);
const UNARY = Number(values.unary);
if (!(MINUTES > 0) || !(COLLECTS > 0) || !(UNARY >= 0)) throw new Error("usage: npm run soak -- --minutes N [--collects 50] [--unary 8]");

const DURATION_MS = MINUTES * 60_000;
const WARM_UP_MS = Math.max(5_000, DURATION_MS / 10);
const KEYS_1 = DEMO_ACCOUNT_SECRETS["111111111111"];
const KEYS_2 = DEMO_ACCOUNT_SECRETS["222222222222"];
const ROLE_2 = { ...KEYS_1, role_arn: "arn:aws:iam::222222222222:role/CloudforetReadOnly", external_id: "cloudforet-demo-external-id" };
const SECRETS = [KEYS_1, KEYS_2, ROLE_2];
const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-2"];
/** Every collect's task: a secret and a region. */
const TARGETS = SECRETS.flatMap((secret, s) => REGIONS.map((region) => ({ name: `${s}/${region}`, secret, region })));
type Target = (typeof TARGETS)[number];
/** The server collects its garbage on SIGUSR2 and says so on stderr. */
const GC_ON_SIGNAL = [
  "--expose-gc",
  "--import",
  'data:text/javascript,process.on("SIGUSR2", () => { globalThis.gc(); process.stderr.write("collected garbage\\n"); })',
];

// The replay (AWS) and the server under test, each in its own process.
const replayPort = await freePort();
const replay = spawn(process.execPath, [MAIN_JS, "--replay", "--port", String(replayPort), "--log-level", "error"], { stdio: "ignore" });
const port = await freePort();
const server = spawn(
  process.execPath,
  [...GC_ON_SIGNAL, MAIN_JS, "--port", String(port), "--log-level", "warn", "--aws-endpoint-url", `http://127.0.0.1:${replayPort}/replay/demo`],
  {
    stdio: ["ignore", "ignore", "pipe"],
  },
);
let stderr = "";
server.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
await Promise.all([waitForPort(replayPort), waitForPort(port)]);
const baseUrl = `http://127.0.0.1:${port}`;

const transports: Record<string, Transport> = {
  grpc: createGrpcTransport({ baseUrl }),
  "grpc-web": createGrpcWebTransport({ baseUrl, httpVersion: "1.1" }),
  "connect-json": createConnectTransport({ baseUrl, httpVersion: "1.1" }),
  "connect-proto": createConnectTransport({ baseUrl, httpVersion: "2", useBinaryFormat: true }),
};

const latencies = new Map<string, number[]>();
const errors: string[] = [];
let calls = 0;

async function timed(kind: string, call: () => Promise<void>): Promise<void> {
  const started = performance.now();
  try {
    await call();
    const list = latencies.get(kind) ?? [];
    list.push(performance.now() - started);
    latencies.set(kind, list);
  } catch (e) {
    if (errors.length < 20) errors.push(`${kind}: ${e instanceof Error ? e.message : String(e)}`);
    else errors.push("");
  } finally {
    calls++;
  }
}

const task = ({ secret, region }: Target) => ({
  options: {},
  secretData: secret,
  filter: {},
  taskOptions: { resource_type: "inventory.CloudService", service: "EC2", region },
});

/** Records of a region task over `protocol`; throws unless the stream ended OK with only successes. */
async function collectOnce(protocol: string, target: Target): Promise<number> {
  let n = 0;
  if (protocol === "ndjson") {
    const res = await fetch(`${baseUrl}/spaceone.api.inventory.plugin.Collector/collect`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(task(target)),
    });
    const lines = (await res.text()).trimEnd().split("\n");
    if (res.status !== 200 || lines.at(-1) !== '{"end":{"code":"ok"}}') throw new Error(`NDJSON ended with ${res.status} ${lines.at(-1)}`);
    for (const line of lines.slice(0, -1))
      if ((JSON.parse(line) as { state: string }).state !== "SUCCESS") throw new Error(`NDJSON record ${line.slice(0, 200)}`);
    return lines.length - 1;
  }
  for await (const info of createClient(Collector, transports[protocol]!).collect(task(target))) {
    if (info.state !== ResourceInfo_State.SUCCESS) throw new Error(`${protocol} record ${info.resourceType}: ${info.message}`);
    n++;
  }
  return n;
}

const UNARY_CALLS: Array<[kind: string, call: (t: Transport) => Promise<unknown>]> = [
  ["init", (t) => createClient(Collector, t).init({ options: {} })],
  ["verify", (t) => createClient(Collector, t).verify({ options: {}, secretData: KEYS_1 })],
  ["get_tasks", (t) => createClient(Job, t).get_tasks({ options: {}, secretData: ROLE_2 })],
  ["get_version", (t) => createClient(ServerInfo, t).get_version({})],
  ["health", (t) => createClient(Health, t).check({ service: "" })],
];
const UNARY_PROTOCOLS = ["grpc", "grpc-web", "connect-json"];
const COLLECT_PROTOCOLS = ["grpc", "grpc-web", "connect-proto", "ndjson"];

// What each task sends when nothing else runs: every collect under load must send exactly that.
const expected = new Map<string, number>();
for (const target of TARGETS) expected.set(target.name, await collectOnce("grpc", target));

function rssMiB(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;
}

async function liveHeapMiB(child: ChildProcess): Promise<number> {
  const before = stderr.split("collected garbage").length;
  child.kill("SIGUSR2");
  while (stderr.split("collected garbage").length === before) await new Promise((r) => setTimeout(r, 20));
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)?.[1]) / 1024 / 1024;
}

const restHeapBefore = await liveHeapMiB(server);
const cpuBefore = { server: cpuMs(server.pid!), replay: cpuMs(replay.pid!), client: process.cpuUsage() };
const started = performance.now();
const deadline = started + DURATION_MS;
const elapsed = () => performance.now() - started;
const samples: Array<{ at: number; rss: number }> = [];
const sampler = setInterval(() => samples.push({ at: elapsed(), rss: rssMiB(server.pid!) }), 2_000);
const reporter = setInterval(() => {
  const rss = samples.at(-1)?.rss ?? 0;
  console.log(`${(elapsed() / 1000).toFixed(0).padStart(5)} s  ${String(calls).padStart(7)} calls  ${errors.length} errors  RSS ${rss.toFixed(0)} MiB`);
}, 10_000);

let round = 0;
const collectLoops = Array.from({ length: COLLECTS }, async (_, i) => {
  while (performance.now() < deadline) {
    const protocol = COLLECT_PROTOCOLS[(i + round++) % COLLECT_PROTOCOLS.length]!;
    const target = TARGETS[(i + round) % TARGETS.length]!;
    await timed(`collect ${protocol}`, async () => {
      const n = await collectOnce(protocol, target);
      if (n !== expected.get(target.name)) throw new Error(`collect ${protocol} ${target.name}: ${n} records, expected ${expected.get(target.name)}`);
    });
  }
});
const unaryLoops = Array.from({ length: UNARY }, async (_, i) => {
  for (let n = i; performance.now() < deadline; n++) {
    const [kind, call] = UNARY_CALLS[n % UNARY_CALLS.length]!;
    const protocol = UNARY_PROTOCOLS[Math.floor(n / UNARY_CALLS.length) % UNARY_PROTOCOLS.length]!;
    await timed(`${kind} ${protocol}`, async () => void (await call(transports[protocol]!)));
  }
});
await Promise.all([...collectLoops, ...unaryLoops]);
clearInterval(sampler);
clearInterval(reporter);
const wallS = elapsed() / 1000;
const clientCpu = process.cpuUsage(cpuBefore.client);
const cpuS = {
  server: (cpuMs(server.pid!) - cpuBefore.server) / 1000,
  replay: (cpuMs(replay.pid!) - cpuBefore.replay) / 1000,
  client: (clientCpu.user + clientCpu.system) / 1e6,
};
const restHeapAfter = await liveHeapMiB(server);
await stop(server);
await stop(replay);

// Report.
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
const rows = [...latencies.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([kind, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { kind, calls: list.length, p50_ms: Math.round(percentile(sorted, 50)), p99_ms: Math.round(percentile(sorted, 99)) };
  });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const rssAt = (from: number, to: number) => median(samples.filter((x) => x.at >= from && x.at < to).map((x) => x.rss));
const maxRss = Math.max(...samples.map((x) => x.rss));
const firstMinuteRss = rssAt(WARM_UP_MS, WARM_UP_MS + 60_000);
const lastMinuteRss = rssAt(DURATION_MS - 60_000, DURATION_MS);
const trendJudged = DURATION_MS >= 5 * 60_000;
const rssBound = firstMinuteRss * 1.25 + 32;
const heapBound = restHeapBefore + 32;
const series = samples.filter((_, i) => i % 5 === 4).map((x) => x.rss.toFixed(0));

console.log(`\nsoak: ${MINUTES} min, ${COLLECTS} concurrent collects and ${UNARY} unary loops on loopback; ${calls} calls, ${errors.length} errors`);
console.table(rows);
console.log(
  `CPU seconds in ${wallS.toFixed(0)} s: server ${cpuS.server.toFixed(0)}, replay (AWS) ${cpuS.replay.toFixed(0)}, load generator ${cpuS.client.toFixed(0)}; machine load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
);
console.log(`server RSS (MiB) every 10 s: ${series.join(" ")}; max ${maxRss.toFixed(0)}`);
if (trendJudged)
  console.log(`RSS median: first minute after warm-up ${firstMinuteRss.toFixed(0)}, last minute ${lastMinuteRss.toFixed(0)} (bound ${rssBound.toFixed(0)})`);
console.log(
  `live heap at rest after a full GC (MiB): before the load ${restHeapBefore.toFixed(1)}, after it ${restHeapAfter.toFixed(1)} (bound ${heapBound.toFixed(1)})`,
);
console.log(
  JSON.stringify({
    minutes: MINUTES,
    collects: COLLECTS,
    unary: UNARY,
    calls,
    errors: errors.length,
    rows,
    cpuS,
    rss: { series: series.map(Number), max: maxRss },
    heap: { before: restHeapBefore, after: restHeapAfter },
  }),
);
for (const e of errors.filter(Boolean)) console.log(`error: ${e}`);

const failures = [
  ...(errors.length > 0 ? [`${errors.length} calls failed`] : []),
  ...(restHeapAfter > heapBound ? [`the live heap grew from ${restHeapBefore.toFixed(1)} to ${restHeapAfter.toFixed(1)} MiB`] : []),
  ...(maxRss > 1024 ? [`RSS reached ${maxRss.toFixed(0)} MiB`] : []),
  ...(trendJudged && lastMinuteRss > rssBound ? [`RSS grew from ${firstMinuteRss.toFixed(0)} to ${lastMinuteRss.toFixed(0)} MiB`] : []),
];
if (failures.length > 0) {
  console.log(`\nsoak FAILED: ${failures.join("; ")}`);
  process.exit(1);
}
console.log("\nsoak passed");
