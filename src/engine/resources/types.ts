/**
 * What a per-type record builder (`engine/resources/<type>.ts`) is given for one
 * region task, and what it provides.
 */
import type { Logger } from "../../common/log.js";
import type { RegionListings } from "../region/listings.js";
import type { CollectedRecord, Ec2Type } from "../records/record.js";

/** Settings a type may read (from the collector's `options`). */
export interface CollectSettings {
  /** Parsed `options.vulnerable_ports` as the user wrote the entries (docs/records.md#vulnerable-ports), or null when unset. */
  vulnerablePorts: string[] | null;
}

export interface RegionContext {
  region: string;
  account: string;
  listings: RegionListings;
  settings: CollectSettings;
  signal: AbortSignal;
  log: Logger;
}

/**
 * One EC2 cloud service type. `collect` yields its records for one region: successes,
 * and an ErrorResource (`errorRecord`) for each resource that could not be built.
 * A failed required listing is thrown (as `AwsApiError`); the caller turns it into one
 * ErrorResource for the type and region.
 */
export interface ResourceTypeModule {
  readonly type: Ec2Type;
  collect(ctx: RegionContext): AsyncIterable<CollectedRecord>;
}
