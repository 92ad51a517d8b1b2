/**
 * The prefetch policy of a region task: start every region-wide listing at once (each
 * stays memoised for the types that read it), and warm the per-item calls of the types
 * that come after Instance, so their buckets drain while the instances stream instead
 * of one API after another.
 */
import { forEachLimit } from "../../common/async.js";
import { REGION_WIDE_LISTINGS, type RegionWideListing } from "./listing-table.js";
import type { RegionListings } from "./listings.js";

export interface PrefetchOptions {
  /** Per-item enrichment on: warm volume product codes and image launch permissions too. */
  enrich: boolean;
  /** Warm-up calls started at once per API (the per-item bound). */
  perItemConcurrency: number;
}

export function prefetch(listings: RegionListings, options: PrefetchOptions): void {
  const warm = <T>(list: Promise<T[]>, fetch: (item: T) => Promise<unknown>) => {
    list.then((items) => forEachLimit(items, options.perItemConcurrency, (item) => fetch(item).catch(() => undefined))).catch(() => undefined);
  };
  const volumes = listings.volumes();
  const ownedImages = listings.ownedImages();
  if (options.enrich) {
    warm(volumes, (volume) => listings.volumeProductCodes(volume));
    warm(ownedImages, (image) => listings.launchPermissions(image));
  }
  warm(listings.launchTemplates(), (template) => listings.launchTemplateVersion(template));
  for (const name of Object.keys(REGION_WIDE_LISTINGS) as RegionWideListing[]) void listings[name]();
}
