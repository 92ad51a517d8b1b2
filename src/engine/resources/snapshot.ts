/** EC2 / Snapshot: snapshots owned by the account (docs/records.md#snapshot). */
import type { Snapshot } from "@aws-sdk/client-ec2";
import { cloudServiceRecord, looseNameTag, tagMap } from "../records/cloud-service.js";
import { isoOrNull } from "../records/json-data.js";
import type { CollectedRecord } from "../records/record.js";
import { cloudtrailPointer } from "./aws-pointers.js";
import { perResource } from "./per-resource.js";
import type { RegionContext, ResourceTypeModule } from "./types.js";
import { dataName, kmsKeys } from "./volume.js";

export function snapshotArn(region: string, account: string, snapshotId: string): string {
  return `arn:aws:ec2:${region}:${account}:snapshot/${snapshotId}`;
}

/** The Snapshot `data`; every other timestamp (e.g. `RestoreExpiryTime`) is converted by the serialiser. */
export function snapshotData(snapshot: Snapshot, region: string, account: string): Record<string, unknown> {
  const id = snapshot.SnapshotId ?? "";
  return {
    ...snapshot,
    StartTime: isoOrNull(snapshot.StartTime),
    CompletionTime: isoOrNull(snapshot.CompletionTime),
    name: dataName(snapshot.Tags),
    ...kmsKeys(snapshot.KmsKeyId),
    cloudtrail: cloudtrailPointer(region, "AWS::EC2::Snapshot", id),
    arn: snapshotArn(region, account, id),
  };
}

export function snapshotRecord(snapshot: Snapshot, ctx: Pick<RegionContext, "region" | "account">): CollectedRecord {
  const id = snapshot.SnapshotId ?? "";
  return cloudServiceRecord({
    type: "Snapshot",
    name: looseNameTag(snapshot.Tags),
    account: ctx.account,
    region: ctx.region,
    resourceId: snapshotArn(ctx.region, ctx.account, id),
    externalLink: `https://console.aws.amazon.com/ec2/v2/home?region=${ctx.region}#Snapshots:visibility=owned-by-me;snapshotId=${id};sort=snapshotId`,
    data: snapshotData(snapshot, ctx.region, ctx.account),
    tags: tagMap(snapshot.Tags),
    // GiB, unlike Volume (bytes): upstream's units, kept.
    instanceSize: snapshot.VolumeSize ?? 0,
    launchedAt: isoOrNull(snapshot.StartTime),
  });
}

export const snapshotType: ResourceTypeModule = {
  type: "Snapshot",
  async *collect(ctx) {
    const snapshots = await ctx.listings.snapshots();
    yield* perResource(ctx, snapshots, {
      type: "Snapshot",
      idOf: (s) => (s.SnapshotId ? snapshotArn(ctx.region, ctx.account, s.SnapshotId) : undefined),
      build: (s) => snapshotRecord(s, ctx),
    });
  },
};
