/**
 * The whole plugin over the demo fixture set: the replay (a fake AWS) on one
 * ephemeral port, the real server with the real engine pointed at it on another,
 * and a Connect client (gRPC over HTTP/2) calling `Collector.collect`. Records
 * come back decoded the way Cloudforet's client sees them (proto field names).
 */
import { create } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { CollectRequestSchema, Collector, ResourceInfo_State } from "../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import type { JsonObject } from "../../src/common/json.js";
import { createEngine } from "../../src/engine/index.js";
import { createLogger } from "../../src/common/log.js";
import type { FaultConfig } from "../../src/replay/faults.js";
import type { StatsSnapshot } from "../../src/replay/stats.js";
import { DEMO_KEYS, startReplay, type RunningReplay } from "../replay/harness.js";
import { startServer, type Running } from "../server/harness.js";

export interface WireRecord {
  state: string;
  resource_type: string;
  message: string;
  match_rules: JsonObject;
  resource: JsonObject;
}

export interface DemoPlugin {
  replay: RunningReplay;
  server: Running;
  /** `collect` for one region's CloudService task, as the platform sends it. */
  collectRegion(region: string, options?: JsonObject): Promise<WireRecord[]>;
  stats(): Promise<StatsSnapshot>;
  resetStats(): Promise<void>;
  /** Replaces the demo set's run-time faults (`undefined` restores the default). */
  setFaults(config: FaultConfig | undefined): Promise<void>;
  stop(): Promise<void>;
}

export const DEMO_SECRET: JsonObject = {
  aws_access_key_id: DEMO_KEYS.account1.accessKeyId,
  aws_secret_access_key: DEMO_KEYS.account1.secretAccessKey,
};

export async function startDemoPlugin(): Promise<DemoPlugin> {
  const replay = await startReplay();
  const engine = createEngine({
    endpointUrl: replay.endpoint("demo"),
    retryStrategy: new ConfiguredRetryStrategy(3, () => 1),
    log: createLogger({ write: () => {} }),
  });
  const server = await startServer({ engine });
  const client = createClient(Collector, createGrpcTransport({ baseUrl: server.baseUrl }));
  const admin = (path: string, init?: RequestInit) => fetch(`${replay.baseUrl}/replay/demo/${path}`, init);
  return {
    replay,
    server,
    async collectRegion(region, options = {}) {
      const request = create(CollectRequestSchema, {
        options,
        secretData: DEMO_SECRET,
        filter: {},
        taskOptions: { resource_type: "inventory.CloudService", service: "EC2", region },
      });
      const out: WireRecord[] = [];
      for await (const info of client.collect(request)) {
        out.push({
          state: ResourceInfo_State[info.state],
          resource_type: info.resourceType,
          message: info.message,
          match_rules: info.matchRules ?? {},
          resource: info.resource ?? {},
        });
      }
      return out;
    },
    stats: async () => (await (await admin("_stats")).json()) as StatsSnapshot,
    resetStats: async () => {
      await admin("_stats/reset", { method: "POST" });
    },
    async setFaults(config) {
      const res = config
        ? await admin("_faults", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(config) })
        : await admin("_faults", { method: "DELETE" });
      if (!res.ok) throw new Error(`replay _faults: ${res.status} ${await res.text()}`);
    },
    async stop() {
      await server.stop();
      await replay.close();
    },
  };
}

/** The parsed `json_data` of a CloudService record. */
export function dataOf(record: WireRecord): JsonObject {
  return JSON.parse(record.resource.json_data as string) as JsonObject;
}

export function ofType(records: readonly WireRecord[], type: string): WireRecord[] {
  return records.filter((r) => r.resource.cloud_service_type === type);
}
