/**
 * Building one record per AWS resource, with per-resource failure isolation
 * (docs/records.md#failure-policy): a resource whose build fails (typically a per-item call
 * that failed after retries) becomes one ErrorResource and the others continue. Each such
 * ErrorResource keeps its AWS failure (`resourceFailure`), so that the task can report one API
 * failing the same way for many resources once (docs/records.md#systemic-failures).
 */
import { isPluginError } from "../../common/errors.js";
import { CircuitOpenError } from "../aws/breaker.js";
import { isCredentialFailure } from "../aws/credentials.js";
import { AwsApiError } from "../aws/errors.js";
import type { CollectedRecord, Ec2Type } from "../records/record.js";
import { errorRecord } from "../records/error-resource.js";
import type { RegionContext } from "./types.js";

/** The AWS failure behind the ErrorResources built here, by record. */
const failures = new WeakMap<CollectedRecord, AwsApiError>();

/** The AWS failure that made `record` the ErrorResource of one resource, if it is one. */
export function resourceFailure(record: CollectedRecord): AwsApiError | undefined {
  return failures.get(record);
}

/** Failures that concern the whole stream, not one resource: rejected credentials and plugin errors. */
export function endsStream(err: unknown): boolean {
  return isPluginError(err) || (err instanceof AwsApiError && isCredentialFailure(err));
}

export interface PerResourceOptions<T> {
  type: Ec2Type;
  /** The id an ErrorResource names when this item fails. */
  idOf(item: T): string | undefined;
  /** Builds one item's record; `index` is the item's position in the input. */
  build(item: T, index: number): Promise<CollectedRecord> | CollectedRecord;
  /**
   * Builds running ahead of the one being yielded. Per-item AWS calls are
   * rate-limited inside the listings; this only bounds memory. Default 64.
   */
  window?: number;
}

/**
 * Yields one record per item, in input order, while up to `window` builds run
 * concurrently, so records that do not wait on a slow per-item call are not
 * held back more than necessary and memory stays bounded.
 */
export async function* perResource<T>(ctx: RegionContext, items: readonly T[], options: PerResourceOptions<T>): AsyncGenerator<CollectedRecord> {
  const window = Math.max(1, options.window ?? 64);
  const settle = async (item: T, index: number): Promise<CollectedRecord> => {
    try {
      return await options.build(item, index);
    } catch (err) {
      if (endsStream(err)) throw err;
      const resourceId = options.idOf(item);
      // A call its circuit stopped is logged once, when the circuit opens.
      if (!(err instanceof CircuitOpenError)) ctx.log.warn("resource build failed", { type: options.type, region: ctx.region, resource_id: resourceId, err });
      const record = errorRecord({ type: options.type, region: ctx.region, resourceId }, err);
      if (err instanceof AwsApiError) failures.set(record, err);
      return record;
    }
  };
  const start = (index: number): Promise<CollectedRecord> => {
    const build = settle(items[index]!, index);
    // A fatal failure is rethrown when its turn comes; builds still in the window must not reject unhandled.
    build.catch(() => undefined);
    return build;
  };
  const pending: Promise<CollectedRecord>[] = [];
  let next = 0;
  while (next < items.length && pending.length < window) pending.push(start(next++));
  while (pending.length > 0) {
    ctx.signal.throwIfAborted();
    const record = await pending.shift()!;
    if (next < items.length) pending.push(start(next++));
    yield record;
  }
}
