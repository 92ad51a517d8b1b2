/**
 * What the AWS-modelling benchmarks share: a generated fixture set served by the replay in its own
 * process (with AWS's token buckets and latency as faults), collector servers (the compiled
 * `dist/src/main.js`, one process each, as Cloudforet runs replicas) pointed at it, a region collected
 * over gRPC as the platform does, and what it cost according to the replay.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Collector, ResourceInfo_State } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { GENERATOR_REGIONS, generateFixtureSet } from "../../src/fixture-tools/generator.js";
import type { StatsSnapshot } from "../../src/replay/stats.js";
import { idealScheduleMs, type RateChange } from "../../test/support/pacing-simulation.js";
import { MAIN_JS, freePort, peakRssBytes, stop, waitForPort } from "../support.js";

export const PER_ITEM_APIS = [
  "ec2:DescribeInstanceAttribute",
  "ec2:DescribeVolumeAttribute",
  "ec2:DescribeImageAttribute",
  "ec2:DescribeLaunchTemplateVersions",
];

/** AWS's latency per call, as a replay fault. */
export const AWS_LATENCY = { effect: "latency", ms: 30, maxMs: 50 };

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

export interface Account {
  secretData: { aws_access_key_id: string; aws_secret_access_key: string };
  regions: string[];
}

/** The replay in its own process, serving one generated set. */
export interface Replay {
  url: string;
  accounts: Account[];
  setFaults(config: object): Promise<void>;
  resetStats(): Promise<void>;
  stats(): Promise<StatsSnapshot>;
  close(): Promise<void>;
}

export async function startReplay(options: { instances: number; regions?: number; accounts?: number; seed?: number }): Promise<Replay> {
  const dir = mkdtempSync(join(tmpdir(), "bench-aws-"));
  const set = generateFixtureSet({
    outDir: join(dir, "bench"),
    name: "bench",
    instances: options.instances,
    regions: options.regions ?? 1,
    accounts: options.accounts ?? 1,
    seed: options.seed ?? 11,
  });
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN_JS, "--replay", "--fixtures-dir", dir, "--port", String(port), "--host", "127.0.0.1", "--log-level", "error"], {
    stdio: "ignore",
  });
  await waitForPort(port);
  const url = `http://127.0.0.1:${port}/replay/bench`;
  const call = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${url}/${path}`, init);
    if (!res.ok) throw new Error(`replay ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  return {
    url,
    // The generator fills the first `regions` of its list in every account.
    accounts: set.accounts.map((a) => ({
      secretData: { aws_access_key_id: a.users[0]!.accessKeyId, aws_secret_access_key: a.users[0]!.secretAccessKey },
      regions: GENERATOR_REGIONS.slice(0, options.regions ?? 1),
    })),
    setFaults: async (config) => void (await call("_faults", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(config) })),
    resetStats: async () => void (await call("_stats/reset", { method: "POST" })),
    stats: async () => (await (await call("_stats")).json()) as StatsSnapshot,
    async close() {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A collector server process (production build) sending its AWS calls to the replay. */
export interface Collectors {
  pid: number;
  port: number;
  /** Peak resident set size so far. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

export async function startCollector(replay: Replay, extraArgs: string[] = []): Promise<Collectors> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [MAIN_JS, "--port", String(port), "--host", "127.0.0.1", "--aws-endpoint-url", replay.url, "--log-level", "warn", ...extraArgs],
    {
      stdio: ["ignore", "ignore", "inherit"],
      // Warnings only (a cache outage, say), not the SDK's note about Node 20 from every process.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    },
  );
  await waitForPort(port);
  // Ready once the engine is loaded: a collect then measures collecting, not loading.
  while ((await fetch(`http://127.0.0.1:${port}/readyz`)).status !== 200) await new Promise((r) => setTimeout(r, 50));
  return { pid: child.pid!, port, peakRssMb: () => peakRssBytes(child.pid!) / 1024 / 1024, stop: () => stop(child) };
}

export interface Collected {
  wallMs: number;
  records: number;
  errorResources: number;
  /** Records per cloud service type. */
  types: Record<string, number>;
}

/** One region task collected over gRPC, as the platform does. */
export async function collectRegion(server: Collectors, account: Account, region: string): Promise<Collected> {
  const collector = createClient(Collector, createGrpcTransport({ baseUrl: `http://127.0.0.1:${server.port}` }));
  const t0 = performance.now();
  let records = 0;
  let errorResources = 0;
  const types: Record<string, number> = {};
  for await (const info of collector.collect({
    options: {},
    secretData: account.secretData,
    filter: {},
    taskOptions: { resource_type: "inventory.CloudService", service: "EC2", region },
  })) {
    records++;
    if (info.state === ResourceInfo_State.FAILURE) errorResources++;
    const cloudServiceType = info.resource?.cloud_service_type;
    const type = typeof cloudServiceType === "string" ? cloudServiceType : "";
    types[type] = (types[type] ?? 0) + 1;
  }
  return { wallMs: performance.now() - t0, records, errorResources, types };
}

/** What a collect cost, from the replay's statistics. */
export interface Cost {
  /** Per-item calls answered (first sends and sends again after a throttle). */
  perItemCalls: number;
  throttles: number;
  /** Successful calls of the busiest per-item API of one bucket: what the ideal schedule is made of. */
  busiestCalls: number;
}

export function costOf(stats: StatsSnapshot): Cost {
  let busiestCalls = 0;
  for (const [scope, c] of Object.entries(stats.scopes)) {
    const answered = c.calls - Object.values(c.errors).reduce((a, b) => a + b, 0);
    if (PER_ITEM_APIS.some((api) => scope.endsWith(`/${api}`))) busiestCalls = Math.max(busiestCalls, answered);
  }
  return { perItemCalls: PER_ITEM_APIS.reduce((n, api) => n + (stats.apis[api]?.calls ?? 0), 0), throttles: stats.totals.throttles, busiestCalls };
}

/** The ideal schedule of `calls` calls to one AWS bucket, in ms (the same function the limiter's unit tests use). */
export function idealMs(calls: number, bucket: { capacity: number; refillPerSecond: number }, changes: readonly RateChange[] = []): number {
  return calls <= bucket.capacity ? 0 : idealScheduleMs(bucket, changes, calls);
}

export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(3)}×` : "n/a");

/** Prints a Markdown table (what docs/benchmarks.md records). */
export function table(headers: string[], rows: Array<Array<string | number>>): void {
  console.log(`| ${headers.join(" | ")} |`);
  console.log(`| ${headers.map(() => "---").join(" | ")} |`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}
