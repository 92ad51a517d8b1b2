/**
 * The shared fetch plan of one region task (docs/records.md#fetch-plan-of-a-region-task), implementing
 * `RegionListings`: every listing fetched at most once, on first use or by
 * `prefetch()`, concurrently, and shared by all types. Per-item calls run under a
 * bounded per-API limiter, the rate limiter (inside `AwsSession.send`) and the
 * process-wide item cache.
 */
import type { Image, InstanceTypeInfo } from "@aws-sdk/client-ec2";
import type { Logger } from "../../common/log.js";
import type { ApiName } from "../aws/api-table.js";
import type { ItemCache } from "../aws/item-cache.js";
import type { AwsSession } from "../aws/session.js";
import { indexBy } from "../resources/index-by.js";
import { createInstancePass } from "./instance-pass.js";
import { BY_IDS_LISTINGS, REGION_WIDE_LISTINGS, type ByIdsListing, type RegionWideMethods } from "./listing-table.js";
import type { RegionListings } from "./listings.js";
import { createTaskMemo } from "./memo.js";
import { createPerItemCalls } from "./per-item.js";
import { prefetch } from "./prefetch.js";
import { createSsmPlatformDetails } from "./ssm.js";
import { readVolumes } from "./volume-pass.js";

export interface RegionListingsOptions {
  session: AwsSession;
  region: string;
  account: string;
  log: Logger;
  itemCache: ItemCache;
  /** Per-item enrichment (termination protection, volume product codes, image launch permissions). Default true. */
  perItemEnrichment?: boolean;
  /** Per-item calls in flight per API and region. Default 8. */
  perItemConcurrency?: number;
}

export function createRegionListings(options: RegionListingsOptions): RegionListings & { prefetch(): void } {
  const { session, region } = options;
  const enrich = options.perItemEnrichment ?? true;
  const perItemConcurrency = options.perItemConcurrency ?? 8;
  const memo = createTaskMemo();

  // Each listing's `read` resolves to its own items; `fromEntries` only forgets which key holds which.
  const regionWide = Object.fromEntries(
    Object.entries(REGION_WIDE_LISTINGS).map(([name, listing]) => [name, () => memo<unknown>(name, () => listing.read(session, region))]),
  ) as RegionWideMethods;
  // Volumes are read once for two types (volume-pass.ts): `volumes` below replaces the plain listing.
  const volumePass = () => memo("volumes", () => readVolumes(session, region));
  const byIds = <A extends ApiName, Item>(listing: ByIdsListing<A, Item>, ids: readonly string[]): Promise<Item[]> =>
    memo(`${listing.memo}:${[...ids].sort().join(",")}`, () => listing.read(session, region, ids));

  const listings: RegionListings & { prefetch(): void } = {
    ...createInstancePass(session, region, {
      onOverBudget: () => options.log.warn("an instance page asked for without a slot of the page budget: slots held by streams not being read"),
    }),
    ...regionWide,
    volumes: () => memo("volumes.pages", async () => (await volumePass()).volumes),
    volumeDisks: () => memo("volumes.disks", async () => (await volumePass()).disks),
    imagesById: async (ids) => indexBy<Image>(await byIds(BY_IDS_LISTINGS.imagesById, ids), (i) => i.ImageId || undefined),
    instanceTypes: async (types) => indexBy<InstanceTypeInfo>(await byIds(BY_IDS_LISTINGS.instanceTypes, types), (t) => t.InstanceType || undefined),
    networkInterfaces: (ids) => byIds(BY_IDS_LISTINGS.networkInterfaces, ids),
    ssmPlatformDetails: createSsmPlatformDetails(session, region, options.log),
    ...createPerItemCalls({ session, region, account: options.account, itemCache: options.itemCache, memo, enrich, perItemConcurrency }),
    prefetch: () => prefetch(listings, { enrich, perItemConcurrency }),
  };
  return listings;
}
