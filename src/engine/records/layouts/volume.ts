/** Console layout of EC2 / Volume (`instance_size` is bytes). */
import {
  accountAndRegion,
  countWidgets,
  datetime,
  dynamicView,
  enumBadge,
  enumState,
  itemTab,
  list,
  records,
  search,
  searchEnum,
  size,
  tableTab,
  text,
  TONE,
  total,
  widgetsOf,
  yesNo,
} from "./fields.js";
import { VOLUME_STATE_COLORS, VOLUME_TYPE_COLORS, VOLUME_TYPE_LABELS } from "./shared.js";

/** Every `VolumeAttachmentState`. */
export const ATTACHMENT_STATE_COLORS = { attached: TONE.ok, attaching: TONE.busy, detaching: TONE.busy, busy: TONE.busy, detached: TONE.off } as const;

const state = () => enumState("State", "data.State", VOLUME_STATE_COLORS);
const { card, chart } = widgetsOf("Volume");
const bytes = total("instance_size", { sizeUnit: "BYTES" });

export const volumeLayout = dynamicView({
  search: [
    search("Volume ID", "data.VolumeId"),
    search("ARN", "data.arn"),
    searchEnum("State", "data.State", Object.keys(VOLUME_STATE_COLORS)),
    searchEnum("Volume Type", "instance_type", VOLUME_TYPE_LABELS),
    search("Size (GiB)", "data.Size", "integer"),
    search("Size (Bytes)", "instance_size", "integer"),
    search("IOPS", "data.Iops", "integer"),
    search("Availability Zone", "data.AvailabilityZone"),
    search("Attached Instance", "data.Attachments.InstanceId"),
    search("Encrypted", "data.Encrypted", "boolean"),
    search("Snapshot", "data.SnapshotId"),
    search("Created", "data.CreateTime", "datetime"),
    search("Account ID", "account"),
  ],
  table: {
    sort: { key: "data.CreateTime", desc: true },
    fields: [
      text("Volume ID", "data.VolumeId"),
      state(),
      size("Size", "data.Size", "GB"),
      enumBadge("Volume Type", "instance_type", VOLUME_TYPE_COLORS),
      text("IOPS", "data.Iops"),
      text("Throughput (MiB/s)", "data.Throughput"),
      text("Availability Zone", "data.AvailabilityZone"),
      yesNo("Encrypted", "data.Encrypted"),
      list("Attached Instance", "data.Attachments", { subKey: "InstanceId" }),
      datetime("Created", "data.CreateTime"),
      text("Snapshot", "data.SnapshotId"),
      text("KMS Key ID", "data.kms_key_id", { optional: true }),
      yesNo("Multi-Attach", "data.MultiAttachEnabled", { optional: true }),
      text("ARN", "data.arn", { optional: true }),
      ...accountAndRegion(),
    ],
  },
  tabs: [
    itemTab("Volume", [
      text("Volume ID", "data.VolumeId"),
      text("ARN", "data.arn"),
      state(),
      size("Size", "data.Size", "GB"),
      text("Volume Type", "data.VolumeType"),
      text("IOPS", "data.Iops"),
      text("Throughput (MiB/s)", "data.Throughput"),
      text("Availability Zone", "data.AvailabilityZone"),
      text("Snapshot", "data.SnapshotId"),
      yesNo("Encrypted", "data.Encrypted"),
      text("KMS Key ID", "data.kms_key_id"),
      text("KMS Key ARN", "data.KmsKeyId"),
      yesNo("Multi-Attach", "data.MultiAttachEnabled"),
      text("Outpost ARN", "data.OutpostArn"),
      list("Product Codes", "data.attribute.ProductCodes", { subKey: "ProductCodeId" }),
      datetime("Created", "data.CreateTime"),
    ]),
    tableTab("Attachments", "data.Attachments", [
      text("Instance", "InstanceId"),
      text("Device", "Device"),
      enumState("State", "State", ATTACHMENT_STATE_COLORS),
      yesNo("Delete on Termination", "DeleteOnTermination"),
      datetime("Attached", "AttachTime"),
    ]),
  ],
  widgets: [
    ...countWidgets("Volume"),
    card("Total Size", bytes),
    card("Unattached Size", bytes, [{ key: "data.State", value: "available", operator: "eq" }]),
    chart("Count by State", "DONUT", "data.State", records()),
    chart("Total Size by Region", "COLUMN", "region_code", bytes),
    chart("Total Size by Account", "DONUT", "account", bytes),
    chart("Total Size by Availability Zone", "COLUMN", "data.AvailabilityZone", bytes),
    chart("Total Size by Volume Type", "TREEMAP", "instance_type", bytes),
    chart("Total Size by State", "TREEMAP", "data.State", bytes),
  ],
});
