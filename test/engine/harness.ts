/**
 * The one engine test harness: the real server in-process (ephemeral port) with the
 * real engine, whose AWS calls go to the same server's fixture replay, real gRPC (h2c)
 * clients, and the replay's admin routes (call statistics, run-time faults). The AWS
 * SDK runs for real against the replay.
 */
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { Collector, ResourceInfo_State, type ResourceInfo } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { Job } from "../../gen/spaceone/api/inventory/plugin/job_pb.js";
import type { JsonObject } from "../../src/common/json.js";
import { createLogger } from "../../src/common/log.js";
import { createEngine, type Engine, type EngineOptions } from "../../src/engine/index.js";
import type { EngineApi } from "../../src/engine/api.js";
import { createReplayRoutes } from "../../src/replay/index.js";
import type { StatsSnapshot } from "../../src/replay/stats.js";
import { FIXTURES_DIR } from "../replay/harness.js";
import { DEMO_SECRET as CANARY_DEMO_SECRET } from "../support/canary.js";
import { recordResponses } from "../support/recorded-responses.js";
import { startServer, type Running } from "../server/harness.js";

/** The demo's keys with the canary session token (test/support/canary.ts). */
export const DEMO_SECRET: JsonObject = CANARY_DEMO_SECRET;
/** Account 222222222222, reached from account 111111111111 by AssumeRole with an external id. */
export const DEMO_ROLE_SECRET: JsonObject = {
  ...DEMO_SECRET,
  role_arn: "arn:aws:iam::222222222222:role/CloudforetReadOnly",
  external_id: "cloudforet-demo-external-id",
};

export interface Collecting {
  running: Running;
  engine: Engine;
  collector: Client<typeof Collector>;
  job: Client<typeof Job>;
  /** Replay admin base for a set: `http://127.0.0.1:<port>/replay/<set>`. */
  replayUrl(set?: string): string;
  /** Replaces the replay's run-time faults of a set (`PUT /_faults`, docs/fixtures.md). */
  setFaults(config: { rules?: unknown[]; tokenBuckets?: unknown }, set?: string): Promise<void>;
  /** Removes the run-time faults of a set. */
  clearFaults(set?: string): Promise<void>;
  /** Engine log lines (parsed). */
  engineLogs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

export interface CollectingOptions {
  /** Fixture set the engine talks to. Default `demo`. */
  set?: string;
  /** Fault profile (`/~<profile>`) in the engine's endpoint. */
  profile?: string;
  fixturesDir?: string;
  engine?: Partial<EngineOptions>;
}

export async function startCollecting(options: CollectingOptions = {}): Promise<Collecting> {
  // The engine's endpoint needs the bound port, so it is created after listen (and before any call).
  const proxy: EngineApi = {
    verify: (p, s) => engine.verify(p, s),
    getTasks: (p, s) => engine.getTasks(p, s),
    collect: (p, s) => engine.collect(p, s),
  };
  const replay = createReplayRoutes({ fixturesDir: options.fixturesDir ?? FIXTURES_DIR, logger: createLogger({ write: () => {} }) });
  const running = await startServer({ engine: proxy, replay: () => Promise.resolve(replay), args: ["--replay"] });
  const set = options.set ?? "demo";
  const engineLogs: Array<Record<string, unknown>> = [];
  const engine = createEngine({
    endpointUrl: `${running.baseUrl}/replay/${set}${options.profile ? `/~${options.profile}` : ""}`,
    // Fast, deterministic retries: throttles are absorbed in milliseconds.
    retryStrategy: new ConfiguredRetryStrategy(6, () => 10),
    log: createLogger({ level: "debug", write: (line) => engineLogs.push(JSON.parse(line) as Record<string, unknown>) }),
    ...options.engine,
  });
  const transport = createGrpcTransport({ baseUrl: running.baseUrl, interceptors: [recordResponses] });
  return {
    running,
    engine,
    collector: createClient(Collector, transport),
    job: createClient(Job, transport),
    replayUrl: (s = set) => `${running.baseUrl}/replay/${s}`,
    async setFaults(config, s = set) {
      const res = await fetch(`${running.baseUrl}/replay/${s}/_faults`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(config),
      });
      if (res.status !== 200) throw new Error(`PUT _faults answered ${res.status}: ${await res.text()}`);
    },
    async clearFaults(s = set) {
      await fetch(`${running.baseUrl}/replay/${s}/_faults`, { method: "DELETE" });
    },
    engineLogs,
    stop: () => running.stop(),
  };
}

/** A `ResourceInfo` as the platform decodes it (`MessageToDict` with proto field names): defaults omitted, enums by name. */
export type WireRecord = {
  state: string;
  message?: string;
  resource_type: string;
  match_rules: JsonObject;
  resource: JsonObject;
};

export function platformView(info: ResourceInfo): WireRecord {
  return {
    state: ResourceInfo_State[info.state],
    ...(info.message ? { message: info.message } : {}),
    resource_type: info.resourceType,
    match_rules: info.matchRules ?? {},
    resource: info.resource ?? {},
  };
}

export async function collectAll(c: Collecting, params: { secretData?: JsonObject; options?: JsonObject; taskOptions?: JsonObject }): Promise<ResourceInfo[]> {
  const out: ResourceInfo[] = [];
  for await (const info of c.collector.collect({
    options: params.options ?? {},
    secretData: params.secretData ?? DEMO_SECRET,
    filter: {},
    taskOptions: params.taskOptions,
  })) {
    out.push(info);
  }
  return out;
}

/** The parsed `json_data` of a CloudService record (a `ResourceInfo` or its platform view). */
export function dataOf(info: { resource?: JsonObject }): JsonObject {
  return JSON.parse(info.resource!.json_data as string) as JsonObject;
}

/** The members of an Instance record's `json_data` that the end-to-end tests read (docs/records.md#instance). */
export interface InstanceData {
  compute: { instance_state: string; image: string };
  os: JsonObject;
  aws: { ami_id: string; lifecycle: string; root_volume_type: string | null; termination_protection: boolean | null };
  disks: JsonObject[];
  nics: Array<{ tags: { eni_id: string }; device_index: number; ip_addresses: string[]; public_ip_address: string }>;
  security_group: JsonObject[];
  auto_scaling_group: JsonObject | null;
  load_balancer: Array<{ name: string }>;
}

/** `dataOf` for an Instance record. */
export function instanceDataOf(info: { resource?: JsonObject }): InstanceData {
  return JSON.parse(info.resource!.json_data as string) as InstanceData;
}

export const regionTask = (region: string): JsonObject => ({ resource_type: "inventory.CloudService", service: "EC2", region });

/** `collect` of one region's CloudService task (account 111111111111 unless `secretData` says otherwise), as the platform sees it. */
export async function collectRegion(c: Collecting, region: string, options: JsonObject = {}, secretData?: JsonObject): Promise<WireRecord[]> {
  return (await collectAll(c, { options, secretData, taskOptions: regionTask(region) })).map(platformView);
}

export function ofType(records: readonly WireRecord[], type: string): WireRecord[] {
  return records.filter((r) => r.resource.cloud_service_type === type);
}

async function replayAdmin(c: Collecting, path: string, set?: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(`${c.replayUrl(set)}/${path}`, init);
  if (!res.ok) throw new Error(`replay ${path}: ${res.status} ${await res.text()}`);
  return res;
}

/** The replay's call statistics of a set (`GET /_stats`, docs/fixtures.md). */
export async function replayStats(c: Collecting, set?: string): Promise<StatsSnapshot> {
  return (await (await replayAdmin(c, "_stats", set)).json()) as StatsSnapshot;
}

export async function resetReplayStats(c: Collecting, set?: string): Promise<void> {
  await replayAdmin(c, "_stats/reset", set, { method: "POST" });
}
