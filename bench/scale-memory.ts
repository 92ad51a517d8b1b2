/**
 * Memory and CPU at scale (`node dist/bench/scale-memory.js [--full]` after `npm run build:dev`): generated regions of 5,000 and 20,000
 * instances (quick), plus 100,000 in one region and 17 regions of 6,000 collected at once (full).
 *
 * As Cloudforet runs it: the real server in its own process (production defaults, per-item enrichment
 * off), the fixture replay in another, and a gRPC client consuming `Collector.collect`. The server's CPU
 * (utime + stime) is read from /proc around the measured collect, after a warm-up collect of another
 * region so JIT compilation is not charged to the first scenario; its peak RSS is the kernel's high-water
 * mark (VmHWM), exact rather than sampled. Generated sets are cached under fixtures/generated/ (ignored by
 * git): the 100,000-instance set takes about 25 s to write.
 *
 * `--container-mb N` starts the server through the image's entrypoint (`docker/entrypoint.sh`) with a
 * fake cgroup v2 `memory.max` of N MiB, i.e. with the heap the image would give it in such a container;
 * without it the server runs as plain `node` on this host (the largest default heap, the hardest case for
 * a memory bound). `--node-args "…"` adds V8/Node flags (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`);
 * `--scenario 100000x1,6000x17` runs only those (instances per region × regions); `--server-log FILE`
 * appends the server's output to FILE.
 */
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Collector, ResourceInfo_State } from "../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { GENERATOR_REGIONS, generateFixtureSet, type GeneratorOptions } from "../src/fixture-tools/generator.js";
import { MAIN_JS, cpuMs, freePort, peakRssBytes, stop, waitForPort } from "./support.js";

const FIXTURES_DIR = fileURLToPath(new URL("../../fixtures/", import.meta.url));
const ENTRYPOINT = fileURLToPath(new URL("../../docker/entrypoint.sh", import.meta.url));
/** One seed for every set: the same account and access keys everywhere, so one secret serves them all. */
const SEED = 11;

interface Scenario {
  label: string;
  perRegion: number;
  regions: number;
}

const QUICK: Scenario[] = [
  { label: "5,000 instances, 1 region", perRegion: 5_000, regions: 1 },
  { label: "20,000 instances, 1 region", perRegion: 20_000, regions: 1 },
];
const FULL: Scenario[] = [
  ...QUICK,
  { label: "100,000 instances, 1 region", perRegion: 100_000, regions: 1 },
  { label: "17 regions × 6,000 at once", perRegion: 6_000, regions: 17 },
];
/** Its second region warms the server up (a bucket of its own, so the measured collect starts with a full one). */
const WARM_UP: Scenario = { label: "warm-up", perRegion: 1_000, regions: 2 };

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The scenario's fixture set under fixtures/generated/, generated unless an identical one is there. */
function fixtureSet(s: Scenario): { name: string; secret: Record<string, string> } {
  const name = `scale-${s.perRegion}x${s.regions}`;
  const outDir = join(FIXTURES_DIR, "generated", name);
  const options: GeneratorOptions = { outDir, name, instances: s.perRegion * s.regions, regions: s.regions, seed: SEED };
  const marker = `${outDir}.options.json`;
  const wanted = JSON.stringify({ ...options, outDir: undefined });
  if (!existsSync(join(outDir, "set.json")) || !existsSync(marker) || readFileSync(marker, "utf8") !== wanted) {
    const t0 = performance.now();
    mkdirSync(join(FIXTURES_DIR, "generated"), { recursive: true });
    generateFixtureSet(options);
    writeFileSync(marker, wanted);
    console.error(`generated ${name} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const user = (
    JSON.parse(readFileSync(join(outDir, "set.json"), "utf8")) as { accounts: Array<{ users: Array<{ accessKeyId: string; secretAccessKey: string }> }> }
  ).accounts[0]!.users[0]!;
  return { name, secret: { aws_access_key_id: user.accessKeyId, aws_secret_access_key: user.secretAccessKey } };
}

interface ServerOptions {
  endpoint: string;
  containerMb?: number;
  nodeArgs: string[];
  /** Where the server's stdout and stderr go (e.g. `--trace-gc` output); default: stderr only, to ours. */
  logFile?: string;
}

/** The server as the image runs it (entrypoint, fake cgroup) or as plain node. */
async function startServer(o: ServerOptions): Promise<{ child: ChildProcess; port: number; cgroup?: string }> {
  const port = await freePort();
  const serverArgs = [
    "--port",
    String(port),
    "--aws-endpoint-url",
    o.endpoint,
    "--allow-endpoint-override",
    "--per-item-enrichment",
    "false",
    "--log-level",
    "warn",
  ];
  let child: ChildProcess;
  let cgroup: string | undefined;
  const log = o.logFile ? openSync(o.logFile, "a") : undefined;
  const stdio: StdioOptions = log === undefined ? ["ignore", "ignore", "inherit"] : ["ignore", log, log];
  if (o.containerMb !== undefined) {
    cgroup = mkdtempSync(join(tmpdir(), "bench-cgroup-"));
    writeFileSync(join(cgroup, "memory.max"), `${o.containerMb * 1024 * 1024}\n`);
    const env = { ...process.env, CGROUP_ROOT: cgroup, NODE_OPTIONS: [process.env.NODE_OPTIONS ?? "", ...o.nodeArgs].join(" ").trim(), APP_MAIN: MAIN_JS };
    child = spawn("sh", [ENTRYPOINT, ...serverArgs], { stdio, env });
  } else {
    child = spawn(process.execPath, [...o.nodeArgs, MAIN_JS, ...serverArgs], { stdio });
  }
  if (log !== undefined) closeSync(log);
  await waitForPort(port, 30_000);
  return { child, port, cgroup };
}

interface Collected {
  records: number;
  errors: string[];
}

async function collectRegion(port: number, secret: Record<string, string>, region: string, options: Record<string, string> = {}): Promise<Collected> {
  const client = createClient(Collector, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
  const out: Collected = { records: 0, errors: [] };
  const stream = client.collect(
    { options, secretData: secret, filter: {}, taskOptions: { resource_type: "inventory.CloudService", service: "EC2", region } },
    { timeoutMs: 30 * 60_000 },
  );
  for await (const r of stream) {
    out.records++;
    if (r.state === ResourceInfo_State.FAILURE) out.errors.push(r.message);
  }
  return out;
}

interface Result {
  label: string;
  instances: number;
  records: number;
  errors: number;
  wallMs: number;
  cpuMs: number;
  replayCpuMs: number;
  peakRssBytes: number;
}

interface Replay {
  base: string;
  pid: number;
}

async function runScenario(s: Scenario, replay: Replay, warmUp: { name: string }, server: Omit<ServerOptions, "endpoint">): Promise<Result> {
  const set = fixtureSet(s);
  const { child, port, cgroup } = await startServer({ ...server, endpoint: `${replay.base}/${set.name}` });
  try {
    const warm = await collectRegion(port, set.secret, GENERATOR_REGIONS[1]!, { endpoint_url: `${replay.base}/${warmUp.name}` });
    if (warm.errors.length > 0 || warm.records === 0) throw new Error(`warm-up failed: ${warm.errors[0] ?? "no records"}`);
    const cpu0 = cpuMs(child.pid!);
    const replayCpu0 = cpuMs(replay.pid);
    const t0 = performance.now();
    const runs = await Promise.all(GENERATOR_REGIONS.slice(0, s.regions).map((region) => collectRegion(port, set.secret, region)));
    const wallMs = performance.now() - t0;
    const cpu = cpuMs(child.pid!) - cpu0;
    const replayCpuMs = cpuMs(replay.pid) - replayCpu0;
    const errors = runs.flatMap((r) => r.errors);
    if (errors.length > 0) console.error(`${s.label}: ${errors.length} ErrorResources, first: ${errors[0]}`);
    return {
      label: s.label,
      instances: s.perRegion * s.regions,
      records: runs.reduce((n, r) => n + r.records, 0),
      errors: errors.length,
      wallMs,
      cpuMs: cpu,
      replayCpuMs,
      peakRssBytes: peakRssBytes(child.pid!),
    };
  } finally {
    await stop(child);
    if (cgroup) rmSync(cgroup, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const only = flag("scenario")?.split(",");
  const scenarios = only ? FULL.filter((s) => only.includes(`${s.perRegion}x${s.regions}`)) : process.argv.includes("--full") ? FULL : QUICK;
  const containerMb = flag("container-mb") === undefined ? undefined : Number(flag("container-mb"));
  const nodeArgs = (flag("node-args") ?? "").split(" ").filter(Boolean);
  const logFile = flag("server-log");
  const warmUp = fixtureSet(WARM_UP);
  const replayPort = await freePort();
  const replay = spawn(process.execPath, [MAIN_JS, "--replay", "--fixtures-dir", FIXTURES_DIR, "--port", String(replayPort), "--log-level", "error"], {
    stdio: "ignore",
  });
  try {
    await waitForPort(replayPort);
    const heap = containerMb === undefined ? "plain node, heap sized by Node for this host" : `image entrypoint, container limit ${containerMb} MiB`;
    console.log(`\nMemory and CPU at scale (Node ${process.version}, per-item enrichment off, ${heap}):`);
    console.log("| scenario | records | ErrorResources | wall | server CPU | CPU per record | ratio to the first | server peak RSS | replay CPU |");
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    // Each row as soon as its scenario ends: a full run takes tens of minutes.
    let base: number | undefined;
    for (const s of scenarios) {
      const r = await runScenario(s, { base: `http://127.0.0.1:${replayPort}/replay`, pid: replay.pid! }, warmUp, { containerMb, nodeArgs, logFile });
      const perRecord = r.cpuMs / r.records;
      base ??= perRecord;
      console.log(
        `| ${r.label} | ${r.records} | ${r.errors} | ${(r.wallMs / 1000).toFixed(1)} s | ${(r.cpuMs / 1000).toFixed(1)} s | ${(perRecord * 1000).toFixed(0)} µs | ${(perRecord / base).toFixed(2)}× | ${(r.peakRssBytes / 1024 / 1024).toFixed(0)} MiB | ${(r.replayCpuMs / 1000).toFixed(1)} s |`,
      );
    }
  } finally {
    await stop(replay);
  }
}

await main();
