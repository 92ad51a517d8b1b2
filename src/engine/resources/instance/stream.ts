/**
 * The Instance type: the region's DescribeInstances pass streamed page by page, each
 * page joined with the region-wide joins, the images, instance types and SSM details
 * it reveals, and each instance's termination protection. A page-level listing that
 * fails fails the type; a failed instance becomes its ErrorResource (`perResource`).
 */
import type { Image, InstanceTypeInfo } from "@aws-sdk/client-ec2";
import { errorRecord } from "../../records/error-resource.js";
import type { CollectedRecord } from "../../records/record.js";
import { perResource } from "../per-resource.js";
import type { RegionContext, ResourceTypeModule } from "../types.js";
import { instanceRecord } from "./data.js";
import { instanceRegionJoins } from "./joins.js";

/** The ids of `values` not seen before (deduplicated), now marked as seen. */
function unseen(values: ReadonlyArray<string | undefined>, seen: Set<string>): string[] {
  const out = [...new Set(values.filter((v): v is string => !!v && !seen.has(v)))];
  for (const v of out) seen.add(v);
  return out;
}

export const instanceType: ResourceTypeModule = {
  type: "Instance",
  async *collect(ctx: RegionContext): AsyncIterable<CollectedRecord> {
    const regionJoinsReady = instanceRegionJoins(ctx);
    regionJoinsReady.catch(() => undefined);
    // Images and instance types are looked up as pages reveal them; each id is asked for once per region.
    const images = new Map<string, Image>();
    const types = new Map<string, InstanceTypeInfo>();
    const seenImages = new Set<string>();
    const seenTypes = new Set<string>();
    let count = 0;
    for await (const page of ctx.listings.instancePages()) {
      const newImages = unseen(
        page.map((i) => i.ImageId),
        seenImages,
      );
      const newTypes = unseen(
        page.map((i) => i.InstanceType),
        seenTypes,
      );
      const ids = page.map((i) => i.InstanceId).filter((x): x is string => !!x);
      // Every protection call of the page is queued now, so they run while the page's listings are awaited.
      const protection = page.map((i) => ctx.listings.terminationProtection(i));
      for (const p of protection) p.catch(() => undefined);
      const [regionJoins, pageImages, pageTypes, ssmDetails] = await Promise.all([
        regionJoinsReady,
        newImages.length ? ctx.listings.imagesById(newImages) : new Map<string, Image>(),
        newTypes.length ? ctx.listings.instanceTypes(newTypes) : new Map<string, InstanceTypeInfo>(),
        ctx.listings.ssmPlatformDetails(ids),
      ]);
      pageImages.forEach((v, k) => images.set(k, v));
      pageTypes.forEach((v, k) => types.set(k, v));
      const records = perResource(ctx, page, {
        type: "Instance",
        idOf: (i) => i.InstanceId,
        build: async (instance, n) =>
          instanceRecord(instance, { ...regionJoins, images, instanceTypes: types, ssmDetails, terminationProtection: await protection[n]! }),
      });
      for await (const record of records) {
        if (record.state === "SUCCESS") count++;
        yield record;
      }
      ctx.log.info("instances page collected", { region: ctx.region, page_instances: page.length, instances_so_far: count });
    }
    const { loadBalancerFailure } = await regionJoinsReady;
    if (loadBalancerFailure !== undefined) yield errorRecord({ type: "Instance", region: ctx.region }, loadBalancerFailure);
  },
};
