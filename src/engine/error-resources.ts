/**
 * How a task reports failures (docs/records.md#systemic-failures). A failure that concerns one resource
 * is its ErrorResource, but an API failing the same systemic way for many resources (an unreachable
 * endpoint, a 5xx storm, throttling that outlasted the retries, a denial) is one ErrorResource per type,
 * API and region naming the failure and how many resources it affected: the platform stores every
 * ErrorResource in the job task's document (about 550 bytes each, MongoDB's 16 MB limit near 30,000).
 * And no task sends more than a bounded number of ErrorResources at all.
 */
import { PluginError } from "../common/errors.js";
import { CircuitOpenError } from "./aws/breaker.js";
import { AwsApiError, failureDetail, systemicClass } from "./aws/errors.js";
import { errorRecord } from "./records/error-resource.js";
import type { CollectedRecord } from "./records/record.js";
import { resourceFailure } from "./resources/per-resource.js";

/** Resources of one type failed by one API the same way (same code) that are reported as one. */
export const SYSTEMIC_RESOURCE_FAILURES = 5;
/** ErrorResources one task sends at most; one more then says how many were left out. */
export const MAX_ERROR_RESOURCES = 100;

/** One API's failure for many resources, as one ErrorResource. */
class SystemicFailure extends AwsApiError {
  constructor(
    readonly first: AwsApiError,
    readonly type: string,
    readonly resources: number,
    readonly stopped: boolean,
  ) {
    super(first.api, first.region, first.code, first.awsMessage, first.requestId, { cause: first, httpStatus: first.httpStatus });
  }

  override get detail(): string {
    const summary = `${this.api} failed the same way for ${this.resources} ${this.type} resources${this.stopped ? "; the calls were stopped" : ""}.`;
    return failureDetail(summary, this, [
      ["region", this.region],
      ["resources", String(this.resources)],
    ]);
  }
}

interface Held {
  /** The first real failure (a call its circuit stopped says less about the cause). */
  first: AwsApiError;
  stopped: boolean;
  count: number;
  /** The ErrorResources themselves, while they may still be few enough to send one by one. */
  records: CollectedRecord[];
}

/**
 * Holds back the per-resource ErrorResources of one type whose cause is systemic, until the type
 * ends: then each (API, code) that failed at least `SYSTEMIC_RESOURCE_FAILURES` resources (or whose
 * calls were stopped) becomes one ErrorResource, the others are sent as they were.
 */
export async function* groupSystemicFailures(
  type: string,
  records: AsyncIterable<CollectedRecord>,
  threshold = SYSTEMIC_RESOURCE_FAILURES,
): AsyncGenerator<CollectedRecord> {
  const held = new Map<string, Held>();
  const hold = (record: CollectedRecord): boolean => {
    const failure = resourceFailure(record);
    if (!failure || !systemicClass(failure)) return false;
    const key = `${failure.api}|${failure.code}`;
    const stopped = failure instanceof CircuitOpenError;
    const entry = held.get(key) ?? { first: failure, stopped, count: 0, records: [] };
    held.set(key, entry);
    if (entry.first instanceof CircuitOpenError && !stopped) entry.first = failure;
    entry.stopped ||= stopped;
    entry.count++;
    if (entry.count < threshold) entry.records.push(record);
    else entry.records.length = 0;
    return true;
  };
  function* release(): Generator<CollectedRecord> {
    for (const entry of held.values()) {
      if (entry.count >= threshold || entry.stopped) yield errorRecordOf(new SystemicFailure(entry.first, type, entry.count, entry.stopped));
      else yield* entry.records;
    }
    held.clear();
  }
  try {
    for await (const record of records) if (!hold(record)) yield record;
  } catch (err) {
    // A type whose listing fails after some of its resources did still reports them, before its own error.
    yield* release();
    throw err;
  }
  yield* release();
}

function errorRecordOf(failure: SystemicFailure): CollectedRecord {
  const record = errorRecord({ type: failure.type, region: failure.region }, failure);
  return { ...record, resource: { ...record.resource, affected_resources: failure.resources } };
}

/**
 * Passes a task's records, with at most `max` ErrorResources; the ones beyond are counted and
 * replaced by one last ErrorResource saying how many were left out.
 */
export async function* capErrorResources(
  records: AsyncIterable<CollectedRecord>,
  options: { max?: number; region?: string; onCap?: () => void } = {},
): AsyncGenerator<CollectedRecord> {
  const max = options.max ?? MAX_ERROR_RESOURCES;
  let sent = 0;
  let suppressed = 0;
  for await (const record of records) {
    if (record.state === "FAILURE" && sent >= max) {
      if (suppressed++ === 0) options.onCap?.();
      continue;
    }
    if (record.state === "FAILURE") sent++;
    yield record;
  }
  if (suppressed === 0) return;
  const err = new PluginError(
    "ERROR_TOO_MANY_FAILURES",
    `${suppressed} more ErrorResources of this task were not sent. (limit = ${max}${options.region ? `, region = ${options.region}` : ""})`,
  );
  const record = errorRecord({ type: "Region", region: options.region }, err);
  yield { ...record, resource: { ...record.resource, suppressed_error_resources: suppressed } };
}
