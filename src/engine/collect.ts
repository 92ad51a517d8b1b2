/**
 * `Collector.collect` dispatch (docs/records.md#collect-dispatch) and the region task.
 *
 * Failure policy (docs/records.md#failure-policy): a type whose listing fails yields one ErrorResource
 * for the type and region and the next type runs; a region that is not usable
 * (opt-in region not enabled, region denied) yields one ErrorResource for the
 * region; rejected credentials and cancellation end the stream with an error. An API failing
 * the same way for many resources is one ErrorResource, and a task sends a bounded number of them
 * (docs/records.md#systemic-failures).
 */
import type { JsonObject } from "../common/json.js";
import { PluginError, invalidParameter, isPluginError, requiredParameter } from "../common/errors.js";
import type { CollectParams } from "./api.js";
import { credentialsError, isCredentialFailure } from "./aws/credentials.js";
import { AwsApiError, failureDetail, isDenied, REGION_UNUSABLE_CODES } from "./aws/errors.js";
import type { AwsSession } from "./aws/session.js";
import { HOME_REGION, callerAccount, openTask, type EngineContext } from "./context.js";
import { capErrorResources, groupSystemicFailures } from "./error-resources.js";
import { cloudServiceTypeRecords } from "./records/cloud-service-type.js";
import { errorRecord } from "./records/error-resource.js";
import { namespaceMetricRecords } from "./records/namespace-metric.js";
import type { CollectedRecord } from "./records/record.js";
import { isKnownRegion, regionRecord } from "./records/region.js";
import { regionCode } from "./options.js";
import { createRegionListings } from "./region/fetch-plan.js";
import { RESOURCE_TYPES } from "./resources/registry.js";
import { planTasks } from "./tasks.js";

/** One ErrorResource for a region in which every type was denied, naming the APIs. */
function regionDeniedRecord(region: string, denied: ReadonlyArray<{ type: string; err: AwsApiError }>): CollectedRecord {
  const first = denied[0]!.err;
  const apis = [...new Set(denied.map((d) => d.err.api))].join(", ");
  const err = new PluginError(
    "ERROR_AWS_API",
    failureDetail("every listing of the region was denied.", first, [
      ["region", region],
      ["apis", apis],
    ]),
  );
  const record = errorRecord({ type: "Region", region }, err);
  return { ...record, resource: { ...record.resource, api: apis, aws_error_code: first.code } };
}

function stringArray(task: JsonObject, key: string): string[] {
  const v = task[key];
  if (v === undefined || v === null) throw requiredParameter(`task_options.${key}`);
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw invalidParameter(`task_options.${key}`, "must be a list of strings");
  return v as string[];
}

function stringValue(task: JsonObject, key: string): string {
  const v = task[key];
  if (v === undefined || v === null || v === "") throw requiredParameter(`task_options.${key}`);
  if (typeof v !== "string") throw invalidParameter(`task_options.${key}`, "must be a string");
  return v;
}

export async function* collect(ctx: EngineContext, params: CollectParams, signal: AbortSignal): AsyncGenerator<CollectedRecord> {
  signal.throwIfAborted();
  if (params.taskOptions === undefined) {
    // The platform's get_tasks failed or returned nothing: plan here, and fail loudly if that fails.
    const { session, options } = openTask(ctx, params, signal);
    let tasks: JsonObject[];
    try {
      tasks = await planTasks(session, options);
    } finally {
      session.destroy();
    }
    ctx.log.warn("collect without task_options: running every planned task in this stream", { tasks: tasks.length });
    for (const task of tasks) yield* cappedTask(ctx, params, task, signal);
    return;
  }
  yield* cappedTask(ctx, params, params.taskOptions, signal);
}

/** A task's records with at most `maxErrorResources` ErrorResources (docs/records.md#systemic-failures). */
function cappedTask(ctx: EngineContext, params: CollectParams, task: JsonObject, signal: AbortSignal): AsyncGenerator<CollectedRecord> {
  const region = typeof task.region === "string" ? task.region : undefined;
  const max = ctx.options.maxErrorResources;
  return capErrorResources(runTask(ctx, params, task, signal), {
    max,
    region,
    onCap: () => ctx.log.warn("too many ErrorResources in the task; the rest are counted, not sent", { region, limit: max }),
  });
}

async function* runTask(ctx: EngineContext, params: CollectParams, task: JsonObject, signal: AbortSignal): AsyncGenerator<CollectedRecord> {
  const kind = task.resource_type;
  switch (kind) {
    case "inventory.CloudServiceType":
      if (stringArray(task, "services").includes("EC2")) yield* cloudServiceTypeRecords();
      return;
    case "inventory.Region":
      for (const code of stringArray(task, "regions")) {
        if (!isKnownRegion(code)) ctx.log.warn("unknown region code; named by its code", { region: code });
        yield regionRecord(code);
      }
      return;
    case "inventory.Metric":
      if (stringArray(task, "services").includes("EC2")) yield* namespaceMetricRecords();
      return;
    case "inventory.CloudService": {
      const service = stringValue(task, "service");
      if (service !== "EC2") throw invalidParameter("task_options.service", `unknown service ${JSON.stringify(service)}; supported: EC2`);
      yield* collectRegion(ctx, params, regionCode(stringValue(task, "region"), "task_options.region"), signal);
      return;
    }
    default:
      throw invalidParameter("task_options.resource_type", `unsupported task ${JSON.stringify(kind ?? null)}`);
  }
}

/** Re-throws what must end the stream: cancellation and rejected credentials. */
function rethrowFatal(err: unknown, signal: AbortSignal): void {
  signal.throwIfAborted();
  if (isPluginError(err)) throw err;
  if (err instanceof AwsApiError && isCredentialFailure(err)) throw credentialsError(err, err.api, err.region);
}

async function* collectRegion(ctx: EngineContext, params: CollectParams, region: string, signal: AbortSignal): AsyncGenerator<CollectedRecord> {
  const started = performance.now();
  const { session, options } = openTask(ctx, params, signal);
  const log = ctx.log.child({ region });
  const counts: Record<string, number> = {};
  let errors = 0;
  try {
    // Account-wide, so asked in the home region: an opt-in region that is not enabled must not look like bad keys.
    const account = await callerAccount(session, HOME_REGION);
    log.info("region task started", { account });
    const listings = createRegionListings({
      session,
      region,
      account,
      log,
      itemCache: ctx.itemCache,
      perItemEnrichment: options.perItemEnrichment ?? ctx.options.perItemEnrichment ?? true,
      perItemConcurrency: ctx.options.perItemConcurrency,
    });
    listings.prefetch();
    const regionCtx = { region, account, listings, settings: { vulnerablePorts: options.vulnerablePorts }, signal, log };
    // Denied types are held back until the end: if every type was denied, one ErrorResource says so.
    const denied: Array<{ type: string; err: AwsApiError }> = [];
    for (const module of RESOURCE_TYPES) {
      const typeStarted = performance.now();
      let n = 0;
      try {
        for await (const record of groupSystemicFailures(module.type, module.collect(regionCtx))) {
          if (record.state === "SUCCESS") n++;
          else errors++;
          yield record;
        }
      } catch (err) {
        rethrowFatal(err, signal);
        errors++;
        log.error("type listing failed", { type: module.type, err });
        // When every type of a region is denied, the region is denied as a whole (e.g. by an SCP).
        if (n === 0 && isDenied(err)) {
          denied.push({ type: module.type, err });
          continue;
        }
        yield errorRecord({ type: module.type, region }, err);
        if (err instanceof AwsApiError && REGION_UNUSABLE_CODES.has(err.code)) {
          log.warn("region unusable; remaining types skipped", { code: err.code });
          for (const d of denied) yield errorRecord({ type: d.type, region }, d.err);
          return;
        }
      }
      counts[module.type] = n;
      log.info("type collected", { type: module.type, records: n, duration_ms: Math.round(performance.now() - typeStarted) });
    }
    if (denied.length > 0 && denied.length === RESOURCE_TYPES.length) {
      log.warn("every listing denied in the region", { apis: denied.map((d) => d.err.api) });
      yield regionDeniedRecord(region, denied);
    } else {
      for (const d of denied) yield errorRecord({ type: d.type, region }, d.err);
    }
  } finally {
    logRegionEnd(ctx, session, region, counts, errors, started);
    session.destroy();
  }
}

function logRegionEnd(ctx: EngineContext, session: AwsSession, region: string, counts: Record<string, number>, errors: number, started: number): void {
  ctx.log.info("region task finished", {
    region,
    records: counts,
    errors,
    aws_calls: Object.fromEntries(session.calls),
    aws_call_total: session.callCount(),
    calls_stopped: session.breakers.opened().map((c) => ({ scope: c.scope, region: c.region, code: c.failure.code, failures: c.failures })),
    duration_ms: Math.round(performance.now() - started),
    aborted: session.signal.aborted,
  });
}
