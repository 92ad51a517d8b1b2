/**
 * A RegionContext over in-memory listings, for unit tests of the record builders.
 * Every listing not given throws, so a test notices a call it did not expect;
 * `calls` counts what was called.
 */
import { createLogger } from "../../src/common/log.js";
import type { RegionListings } from "../../src/engine/region/listings.js";
import type { RegionContext } from "../../src/engine/resources/types.js";
import type { CollectedRecord } from "../../src/engine/records/record.js";
import type { JsonObject } from "../../src/common/json.js";

/**
 * In-memory listings: each answers with its value, or a promise of it; a throw becomes a rejection, as
 * from the real listing.
 */
export type FakeListings = {
  [K in keyof RegionListings]?: RegionListings[K] extends (...args: infer A) => infer R ? (...args: A) => R | Awaited<R> : never;
};

export interface FakeRegion {
  ctx: RegionContext;
  calls: Map<string, number>;
  logs: Record<string, unknown>[];
}

export function fakeRegion(listings: FakeListings, options: { vulnerablePorts?: string[] | null; region?: string } = {}): FakeRegion {
  const calls = new Map<string, number>();
  const logs: Record<string, unknown>[] = [];
  const counted = new Proxy({} as RegionListings, {
    get(_target, name: string) {
      return (...args: unknown[]) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        const fn = listings[name as keyof RegionListings] as ((...a: unknown[]) => unknown) | undefined;
        if (!fn) return Promise.reject(new Error(`unexpected listing call: ${name}`));
        return Promise.resolve().then(() => fn(...args));
      };
    },
  });
  return {
    calls,
    logs,
    ctx: {
      region: options.region ?? "us-east-1",
      account: "123456789012",
      listings: counted,
      settings: { vulnerablePorts: options.vulnerablePorts ?? null },
      signal: new AbortController().signal,
      log: createLogger({ level: "debug", write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) }),
    },
  };
}

export async function collectAll(iterable: AsyncIterable<CollectedRecord>): Promise<CollectedRecord[]> {
  const out: CollectedRecord[] = [];
  for await (const record of iterable) out.push(record);
  return out;
}

/** The parsed `json_data` of a CloudService record. */
export function dataOf(record: CollectedRecord): JsonObject {
  return JSON.parse(record.resource.json_data as string) as JsonObject;
}
