/** EC2 / Volume (docs/records.md#volume). */
import type { ProductCode, Volume } from "@aws-sdk/client-ec2";
import { cloudServiceRecord, looseNameTag, tagMap } from "../records/cloud-service.js";
import { isoOrNull } from "../records/json-data.js";
import type { CollectedRecord } from "../records/record.js";
import { cloudtrailPointer, cloudwatchPointer } from "./aws-pointers.js";
import { perResource } from "./per-resource.js";
import type { RegionContext, ResourceTypeModule } from "./types.js";

const GIB = 1024 ** 3;

/** `kms_key_arn` / `kms_key_id` of Volume and Snapshot: always present, null without a key. */
export function kmsKeys(kmsKeyId: string | undefined): { kms_key_arn: string | null; kms_key_id: string | null } {
  if (!kmsKeyId) return { kms_key_arn: null, kms_key_id: null };
  return { kms_key_arn: kmsKeyId, kms_key_id: kmsKeyId.split("/")[1] ?? "" };
}

/** Volume and Snapshot `data.name`: the loose tag name, null (not `""`) when no tag key contains `Name`. */
export function dataName(tags: Volume["Tags"]): string | null {
  return tags?.some((t) => t.Key?.includes("Name")) ? looseNameTag(tags) : null;
}

export function volumeArn(region: string, account: string, volumeId: string): string {
  return `arn:aws:ec2:${region}:${account}:volume/${volumeId}`;
}

/**
 * The Volume `data`. `productCodes` is null when unknown (attribute reading switched off);
 * `attribute` never carries response metadata (fix #8).
 */
export function volumeData(volume: Volume, productCodes: ProductCode[] | null, region: string, account: string): Record<string, unknown> {
  const id = volume.VolumeId ?? "";
  return {
    ...volume,
    CreateTime: isoOrNull(volume.CreateTime),
    ...(volume.Attachments ? { Attachments: volume.Attachments.map((a) => ({ ...a, AttachTime: isoOrNull(a.AttachTime) })) } : {}),
    name: dataName(volume.Tags),
    attribute: productCodes === null ? null : { VolumeId: id, ProductCodes: productCodes },
    cloudwatch: cloudwatchPointer(region, ["AWS/EBS"], { name: "VolumeId", value: id }),
    cloudtrail: cloudtrailPointer(region, "AWS::EC2::Volume", id),
    size: (volume.Size ?? 0) * GIB,
    arn: volumeArn(region, account, id),
    launched_at: isoOrNull(volume.CreateTime),
    ...kmsKeys(volume.KmsKeyId),
  };
}

export function volumeRecord(volume: Volume, productCodes: ProductCode[] | null, ctx: Pick<RegionContext, "region" | "account">): CollectedRecord {
  const id = volume.VolumeId ?? "";
  return cloudServiceRecord({
    type: "Volume",
    name: looseNameTag(volume.Tags),
    account: ctx.account,
    region: ctx.region,
    resourceId: volumeArn(ctx.region, ctx.account, id),
    externalLink: `https://console.aws.amazon.com/ec2/v2/home?region=${ctx.region}#Volumes:search=${id};sort=state`,
    data: volumeData(volume, productCodes, ctx.region, ctx.account),
    tags: tagMap(volume.Tags),
    instanceType: volume.VolumeType ?? null,
    instanceSize: (volume.Size ?? 0) * GIB,
    launchedAt: isoOrNull(volume.CreateTime),
  });
}

export const volumeType: ResourceTypeModule = {
  type: "Volume",
  async *collect(ctx) {
    const volumes = await ctx.listings.volumes();
    // The listing is complete before the first record (docs/records.md#failure-policy); its pages are decoded one at a time.
    for (const page of volumes.pages()) {
      yield* perResource(ctx, page, {
        type: "Volume",
        // The id the record would have had (its `reference.resource_id`).
        idOf: (volume) => (volume.VolumeId ? volumeArn(ctx.region, ctx.account, volume.VolumeId) : undefined),
        // A failed DescribeVolumeAttribute is a per-resource failure (docs/records.md#failure-policy).
        build: async (volume) => volumeRecord(volume, (await ctx.listings.volumeProductCodes(volume)) ?? null, ctx),
      });
    }
  },
};
