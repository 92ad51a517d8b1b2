/** EC2 / AMI: images owned by the account, with their launch permissions (docs/records.md#ami). */
import type { Image, LaunchPermission } from "@aws-sdk/client-ec2";
import { cloudServiceRecord, tagMap } from "../records/cloud-service.js";
import { isoDate } from "../records/json-data.js";
import type { CollectedRecord } from "../records/record.js";
import { cloudtrailPointer } from "./aws-pointers.js";
import { endsStream, perResource } from "./per-resource.js";
import type { RegionContext, ResourceTypeModule } from "./types.js";

/**
 * The AMI `data`: the raw image plus upstream's keys. `launchPermissions` is
 * null when the attribute could not be read (failed or switched off).
 */
export function amiData(image: Image, launchPermissions: LaunchPermission[] | null, region: string): Record<string, unknown> {
  return {
    ...image,
    launch_permissions: launchPermissions,
    Platform: image.Platform ? image.Platform : "Other Linux",
    Cloudtrail: cloudtrailPointer(region, "AWS::EC2::Ami", image.ImageId ?? ""),
  };
}

/** AWS models `CreationDate` as a string (`2024-01-02T03:04:05.000Z`); the top-level `launched_at` uses upstream's date format. */
export function creationDateIso(creationDate: string | undefined): string | null {
  if (!creationDate) return null;
  const date = new Date(creationDate);
  return Number.isNaN(date.getTime()) ? null : isoDate(date);
}

export function amiRecord(image: Image, launchPermissions: LaunchPermission[] | null, ctx: Pick<RegionContext, "region" | "account">): CollectedRecord {
  const id = image.ImageId ?? "";
  return cloudServiceRecord({
    type: "AMI",
    name: image.Name ?? "",
    account: ctx.account,
    region: ctx.region,
    resourceId: id,
    externalLink: `https://console.aws.amazon.com/ec2/v2/home?region=${ctx.region}#Images:visibility=public-images;imageId=${id};sort=name`,
    data: amiData(image, launchPermissions, ctx.region),
    tags: tagMap(image.Tags),
    instanceType: image.ImageType ?? null,
    launchedAt: creationDateIso(image.CreationDate),
  });
}

/**
 * Launch permissions are an optional enrichment: a failure is logged and shown as `null`, never an
 * ErrorResource; only rejected credentials (which concern the whole stream) are rethrown.
 */
async function readLaunchPermissions(ctx: RegionContext, image: Image): Promise<LaunchPermission[] | null> {
  try {
    return (await ctx.listings.launchPermissions(image)) ?? null;
  } catch (err) {
    if (endsStream(err)) throw err;
    ctx.log.warn("launch permissions unavailable", { region: ctx.region, image_id: image.ImageId, err });
    return null;
  }
}

export const amiType: ResourceTypeModule = {
  type: "AMI",
  async *collect(ctx) {
    const images = await ctx.listings.ownedImages();
    yield* perResource(ctx, images, {
      type: "AMI",
      idOf: (image) => image.ImageId,
      build: async (image) => amiRecord(image, await readLaunchPermissions(ctx, image), ctx),
    });
  },
};
