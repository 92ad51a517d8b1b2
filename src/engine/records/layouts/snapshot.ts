/** Console layout of EC2 / Snapshot (`instance_size` is GiB). */
import {
  accountAndRegion,
  countWidgets,
  datetime,
  dynamicView,
  enumBadge,
  enumState,
  itemTab,
  search,
  searchEnum,
  size,
  text,
  TONE,
  total,
  widgetsOf,
  yesNo,
} from "./fields.js";

/** Every `SnapshotState`. */
export const SNAPSHOT_STATE_COLORS = { completed: TONE.ok, pending: TONE.busy, recovering: TONE.busy, recoverable: TONE.info, error: TONE.bad } as const;
/** Every `StorageTier`. */
export const STORAGE_TIER_COLORS = { standard: "indigo.500", archive: "peacock.500" } as const;

const state = () => enumState("State", "data.State", SNAPSHOT_STATE_COLORS);
const { card, chart } = widgetsOf("Snapshot");
const gib = total("instance_size", { sizeUnit: "GB" });

export const snapshotLayout = dynamicView({
  search: [
    search("Snapshot ID", "data.SnapshotId"),
    search("ARN", "data.arn"),
    searchEnum("State", "data.State", Object.keys(SNAPSHOT_STATE_COLORS)),
    search("Volume ID", "data.VolumeId"),
    search("Size (GiB)", "instance_size", "integer"),
    search("Description", "data.Description"),
    search("Encrypted", "data.Encrypted", "boolean"),
    searchEnum("Storage Tier", "data.StorageTier", Object.keys(STORAGE_TIER_COLORS)),
    search("Started", "data.StartTime", "datetime"),
    search("Account ID", "account"),
  ],
  table: {
    sort: { key: "data.StartTime", desc: true },
    fields: [
      text("Snapshot ID", "data.SnapshotId"),
      state(),
      size("Size", "data.VolumeSize", "GB"),
      text("Volume ID", "data.VolumeId"),
      yesNo("Encrypted", "data.Encrypted"),
      enumBadge("Storage Tier", "data.StorageTier", STORAGE_TIER_COLORS),
      datetime("Started", "data.StartTime"),
      text("Progress", "data.Progress"),
      text("Description", "data.Description", { optional: true }),
      datetime("Completed", "data.CompletionTime", { optional: true }),
      text("Owner", "data.OwnerId", { optional: true }),
      text("KMS Key ID", "data.kms_key_id", { optional: true }),
      text("ARN", "data.arn", { optional: true }),
      ...accountAndRegion(),
    ],
  },
  tabs: [
    itemTab("Snapshot", [
      text("Snapshot ID", "data.SnapshotId"),
      text("ARN", "data.arn"),
      state(),
      text("Progress", "data.Progress"),
      size("Size", "data.VolumeSize", "GB"),
      text("Volume ID", "data.VolumeId"),
      text("Description", "data.Description"),
      text("Owner", "data.OwnerId"),
      text("Owner Alias", "data.OwnerAlias"),
      size("Full Snapshot Size", "data.FullSnapshotSizeInBytes", "BYTES"),
      yesNo("Encrypted", "data.Encrypted"),
      text("KMS Key ID", "data.kms_key_id"),
      text("KMS Key ARN", "data.KmsKeyId"),
      enumBadge("Storage Tier", "data.StorageTier", STORAGE_TIER_COLORS),
      datetime("Started", "data.StartTime"),
      datetime("Completed", "data.CompletionTime"),
      datetime("Restore Expiry (archived)", "data.RestoreExpiryTime"),
    ]),
  ],
  widgets: [
    ...countWidgets("Snapshot"),
    card("Total Size", gib),
    chart("Total Size by Region", "COLUMN", "region_code", gib),
    chart("Total Size by Account", "DONUT", "account", gib),
  ],
});
