/**
 * Building one record per AWS resource, with per-resource failure isolation
 * (ec2-records.md 14): a resource whose build fails (typically a per-item call
 * that failed after retries) becomes one ErrorResource and the others continue.
 */
import type { CollectedRecord, Ec2Type } from "../records/record.js";
import { errorRecord } from "../records/error-resource.js";
import type { RegionContext } from "./types.js";

export interface PerResourceOptions<T> {
  type: Ec2Type;
  /** The id an ErrorResource names when this item fails. */
  idOf(item: T): string | undefined;
  build(item: T): Promise<CollectedRecord> | CollectedRecord;
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
  const settle = async (item: T): Promise<CollectedRecord> => {
    try {
      return await options.build(item);
    } catch (err) {
      const resourceId = options.idOf(item);
      ctx.log.warn("resource build failed", { type: options.type, region: ctx.region, resource_id: resourceId, err });
      return errorRecord({ type: options.type, region: ctx.region, resourceId }, err);
    }
  };
  const pending: Promise<CollectedRecord>[] = [];
  let next = 0;
  while (next < items.length && pending.length < window) pending.push(settle(items[next++]!));
  while (pending.length > 0) {
    ctx.signal.throwIfAborted();
    const record = await pending.shift()!;
    if (next < items.length) pending.push(settle(items[next++]!));
    yield record;
  }
}
