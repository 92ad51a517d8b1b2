/** EBS: DescribeVolumes, DescribeVolumeAttribute, DescribeSnapshots. */
import { applyFilters, type FilterTable } from "../../filters.js";
import type { Item } from "../../fixture-format.js";
import type { Operation } from "../../operation.js";
import { paginate } from "../../pagination.js";
import { notFound, selectByIds } from "../common.js";
import { byKey, ownerOf, page, unknownAttribute } from "./common.js";

const VOLUME_FILTERS: FilterTable = {
  "volume-id": (v) => v.VolumeId,
  status: (v) => v.State,
  "volume-type": (v) => v.VolumeType,
  "availability-zone": (v) => v.AvailabilityZone,
  "attachment.instance-id": (v) => ((v.Attachments as Item[] | undefined) ?? []).map((a) => a.InstanceId),
  encrypted: (v) => v.Encrypted,
  "snapshot-id": (v) => v.SnapshotId,
};

export const describeVolumes: Operation = {
  accepts: ["VolumeIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const volumes = applyFilters(
      selectByIds(ctx.fixtures.list("volumes"), input.VolumeIds, "VolumeId", notFound("InvalidVolume.NotFound", "volume")),
      input.Filters,
      VOLUME_FILTERS,
    );
    const { items, next } = paginate(volumes, input, page(5, 500, "cap"), ctx);
    return { Volumes: items, NextToken: next };
  },
};

export const describeVolumeAttribute: Operation = {
  accepts: ["VolumeId", "Attribute"],
  handle(input, ctx) {
    const volume = byKey(ctx, "volumes", "VolumeId").get(input.VolumeId);
    if (!volume) throw notFound("InvalidVolume.NotFound", "volume")([String(input.VolumeId)]);
    const stored = byKey(ctx, "volumeAttributes", "VolumeId").get(volume.VolumeId);
    switch (input.Attribute) {
      case "productCodes":
        return { VolumeId: volume.VolumeId, ProductCodes: stored?.ProductCodes ?? [] };
      case "autoEnableIO":
        return { VolumeId: volume.VolumeId, AutoEnableIO: stored?.AutoEnableIO ?? { Value: false } };
      default:
        throw unknownAttribute(input.Attribute);
    }
  },
};

const SNAPSHOT_FILTERS: FilterTable = {
  "snapshot-id": (s) => s.SnapshotId,
  "volume-id": (s) => s.VolumeId,
  status: (s) => s.State,
  "owner-id": (s) => s.OwnerId,
  encrypted: (s) => s.Encrypted,
};

export const describeSnapshots: Operation = {
  accepts: ["OwnerIds", "SnapshotIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    let snapshots = selectByIds(ctx.fixtures.list("snapshots"), input.SnapshotIds, "SnapshotId", notFound("InvalidSnapshot.NotFound", "snapshot"));
    if (Array.isArray(input.OwnerIds) && input.OwnerIds.length > 0) {
      const owners = (input.OwnerIds as string[]).map((o) => ownerOf(ctx, o));
      snapshots = snapshots.filter((s) => owners.includes(s.OwnerId as string) || owners.includes(s.OwnerAlias as string));
    }
    const { items, next } = paginate(applyFilters(snapshots, input.Filters, SNAPSHOT_FILTERS), input, page(5, 1000, "cap"), ctx);
    return { Snapshots: items, NextToken: next };
  },
};
