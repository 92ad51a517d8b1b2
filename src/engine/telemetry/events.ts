/**
 * What the engine tells an observer while it works: every AWS call and its outcome, the time calls
 * waited for the rate limiter, every record a collect sends and how each collect ended. The engine
 * reports plain events; `engine-metrics.ts` turns them into Prometheus metrics. Every label value is
 * one of a bounded set (APIs of the table, region codes, record types): never a resource id.
 */
import type { AwsService } from "../../common/aws-services.js";
import type { CollectedRecord } from "../records/record.js";

/** How an AWS call ended (after the SDK's retries). */
export type AwsCallOutcome = "ok" | "throttled" | "denied" | "error" | "cancelled";

export interface AwsCallEvent {
  service: AwsService;
  /** `ec2:DescribeInstances` */
  api: string;
  region: string;
  outcome: AwsCallOutcome;
  /** Attempts the SDK made (1 when the first one answered). */
  attempts: number;
  /** From the first attempt to the answer, retries included (not the rate limiter's wait). */
  seconds: number;
}

/** How a collect stream ended: complete, with an error, or cancelled by its caller. */
export type CollectOutcome = "ok" | "error" | "cancelled";

/** Per-item cache counters, read when metrics are scraped. */
export interface ItemCacheCounters {
  hits: number;
  misses: number;
  entries: number;
}

export interface EngineTelemetry {
  awsCall(event: AwsCallEvent): void;
  /** Time a call waited for its rate-limiter token. */
  limiterWait(service: AwsService, seconds: number): void;
  collectStarted(): void;
  collectEnded(outcome: CollectOutcome, seconds: number): void;
  /** A record a collect sent. */
  record(record: CollectedRecord): void;
  /** The engine's per-item cache, once the engine exists. */
  watchItemCache(counters: () => ItemCacheCounters): void;
}

/** Telemetry that keeps nothing (an engine created without an observer). */
export const NO_TELEMETRY: EngineTelemetry = {
  awsCall() {},
  limiterWait() {},
  collectStarted() {},
  collectEnded() {},
  record() {},
  watchItemCache() {},
};
