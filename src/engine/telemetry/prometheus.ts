/**
 * The engine's Prometheus metrics (docs/cloudforet.md#metrics): what an operator watches besides the
 * RPC metrics of the server. `createEngineMetrics()` returns the telemetry to hand to `createEngine`
 * and the registry to serve at `/metrics`; it exists before the engine (which loads lazily), so the
 * metrics are scraped from the start with zero values.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CollectedRecord } from "../records/record.js";
import type { EngineTelemetry, ItemCacheCounters } from "./events.js";

/** Buckets of `collector_collect_seconds`: a region task of a large account runs for many minutes. */
export const COLLECT_SECONDS_BUCKETS = [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];
/** Buckets of the AWS call and rate-limiter histograms: milliseconds to the longest retried call. */
export const AWS_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface EngineMetrics {
  telemetry: EngineTelemetry;
  registry: Registry;
}

/** The label of a record's cloud service type ("" for records that have none: regions, types, metrics). */
function cloudServiceType(record: CollectedRecord): string {
  const type = record.resource.cloud_service_type;
  return typeof type === "string" ? type : "";
}

/** The API an ErrorResource names; a region-wide one names several, which stay one label value. */
function failedApi(record: CollectedRecord): string {
  const api = record.resource.api;
  if (typeof api !== "string" || api === "") return "none";
  return api.includes(",") ? "several" : api;
}

export function createEngineMetrics(): EngineMetrics {
  const registry = new Registry();
  const registers = [registry];
  const calls = new Counter({
    name: "collector_aws_calls_total",
    help: "AWS API calls, by service, API, region and outcome (ok, throttled, denied, error, cancelled), after the SDK's retries.",
    labelNames: ["service", "api", "region", "outcome"],
    registers,
  });
  const retries = new Counter({
    name: "collector_aws_retries_total",
    help: "Attempts of AWS API calls beyond the first (the SDK's retries), by service, API and region.",
    labelNames: ["service", "api", "region"],
    registers,
  });
  const callSeconds = new Histogram({
    name: "collector_aws_call_seconds",
    help: "Duration of AWS API calls, retries included, rate-limiter wait excluded, by service.",
    labelNames: ["service"],
    buckets: AWS_SECONDS_BUCKETS,
    registers,
  });
  const limiterSeconds = new Histogram({
    name: "collector_rate_limiter_wait_seconds",
    help: "Time AWS API calls waited for a rate-limiter token, by service.",
    labelNames: ["service"],
    buckets: AWS_SECONDS_BUCKETS,
    registers,
  });
  const records = new Counter({
    name: "collector_records_total",
    help: "Records sent by collects, by resource type, cloud service type and state (SUCCESS, FAILURE).",
    labelNames: ["resource_type", "cloud_service_type", "state"],
    registers,
  });
  const errorResources = new Counter({
    name: "collector_error_resources_total",
    help: "ErrorResources sent by collects, by cloud service type and the AWS API that failed.",
    labelNames: ["cloud_service_type", "api"],
    registers,
  });
  const inFlight = new Gauge({ name: "collector_collects_in_flight", help: "Collect streams running now.", registers });
  const collectSeconds = new Histogram({
    name: "collector_collect_seconds",
    help: "Duration of collect streams, by outcome (ok, error, cancelled).",
    labelNames: ["outcome"],
    buckets: COLLECT_SECONDS_BUCKETS,
    registers,
  });
  let itemCache: (() => ItemCacheCounters) | undefined;
  new Counter({
    name: "collector_item_cache_lookups_total",
    help: "Per-item cache lookups, by result (hit, miss).",
    labelNames: ["result"],
    registers,
    collect() {
      const counters = itemCache?.();
      this.reset();
      this.inc({ result: "hit" }, counters?.hits ?? 0);
      this.inc({ result: "miss" }, counters?.misses ?? 0);
    },
  });
  new Gauge({
    name: "collector_item_cache_entries",
    help: "Entries in the per-item cache.",
    registers,
    collect() {
      this.set(itemCache?.().entries ?? 0);
    },
  });

  const telemetry: EngineTelemetry = {
    awsCall({ service, api, region, outcome, attempts, seconds }) {
      calls.inc({ service, api, region, outcome });
      if (attempts > 1) retries.inc({ service, api, region }, attempts - 1);
      callSeconds.observe({ service }, seconds);
    },
    limiterWait(service, seconds) {
      limiterSeconds.observe({ service }, seconds);
    },
    collectStarted() {
      inFlight.inc();
    },
    collectEnded(outcome, seconds) {
      inFlight.dec();
      collectSeconds.observe({ outcome }, seconds);
    },
    record(record) {
      const type = cloudServiceType(record);
      records.inc({ resource_type: record.resourceType, cloud_service_type: type, state: record.state });
      if (record.resourceType === "inventory.ErrorResource") errorResources.inc({ cloud_service_type: type, api: failedApi(record) });
    },
    watchItemCache(counters) {
      itemCache = counters;
    },
  };
  return { telemetry, registry };
}
