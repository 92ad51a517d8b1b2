/**
 * Region collects over the demo set for the seven-type tests, on top of the shared
 * harness (`harness.ts`: the real server with the real engine, whose AWS calls go to
 * the same server's replay, and a real gRPC client), plus the replay's admin routes
 * for call statistics and run-time faults.
 */
import type { JsonObject } from "../../src/common/json.js";
import type { FaultConfig } from "../../src/replay/faults.js";
import type { StatsSnapshot } from "../../src/replay/stats.js";
import { collectAll, platformView, regionTask, replayStats, resetReplayStats, startCollecting, type Collecting } from "./harness.js";

export { dataOf } from "./harness.js";

/** A `ResourceInfo` as the platform decodes it. */
export interface WireRecord {
  state: string;
  resource_type: string;
  message?: string;
  match_rules: JsonObject;
  resource: JsonObject;
}

export interface DemoPlugin {
  collecting: Collecting;
  /** `collect` for one region's CloudService task of account 111111111111. */
  collectRegion(region: string, options?: JsonObject): Promise<WireRecord[]>;
  stats(): Promise<StatsSnapshot>;
  resetStats(): Promise<void>;
  /** Replaces the demo set's run-time faults. */
  setFaults(config: FaultConfig): Promise<void>;
  stop(): Promise<void>;
}

export async function startDemoPlugin(): Promise<DemoPlugin> {
  const collecting = await startCollecting();
  return {
    collecting,
    async collectRegion(region, options = {}) {
      return (await collectAll(collecting, { options, taskOptions: regionTask(region) })).map((info) => platformView(info) as unknown as WireRecord);
    },
    stats: () => replayStats(collecting),
    resetStats: () => resetReplayStats(collecting),
    setFaults: (config) => collecting.setFaults(config),
    stop: () => collecting.stop(),
  };
}

export function ofType(records: readonly WireRecord[], type: string): WireRecord[] {
  return records.filter((r) => r.resource.cloud_service_type === type);
}
