/** Console layout of EC2 / Volume (`instance_size` is bytes). */
import { accountAndRegion, card, chart, datetime, dynamicView, enumBadge, enumState, itemTab, list, search, searchEnum, size, tableTab, text, TONE, yesNo } from "./fields.js";
import { VOLUME_STATE_COLORS, VOLUME_TYPE_COLORS } from "./shared.js";

/** Every `VolumeAttachmentState`. */
export const ATTACHMENT_STATE_COLORS = { attached: TONE.ok, attaching: TONE.busy, detaching: TONE.busy, busy: TONE.busy, detached: TONE.off } as const;

const state = () => enumState("State", "data.State", VOLUME_STATE_COLORS);

export const volumeLayout = dynamicView({
  search: [
    search("Volume ID", "data.VolumeId"),
    search("ARN", "data.arn"),
    searchEnum("State", "data.State", Object.keys(VOLUME_STATE_COLORS)),
    searchEnum("Volume Type", "instance_type", Object.keys(VOLUME_TYPE_COLORS)),
    search("Size (GiB)", "data.Size", "integer"),
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
      size("Size", "instance_size", "BYTES"),
      enumBadge("Volume Type", "instance_type", VOLUME_TYPE_COLORS),
      text("IOPS", "data.Iops"),
      text("Throughput (MiB/s)", "data.Throughput"),
      text("Availability Zone", "data.AvailabilityZone"),
      yesNo("Encrypted", "data.Encrypted"),
      list("Attached Instance", "data.Attachments", { subKey: "InstanceId" }),
      datetime("Created", "data.CreateTime"),
      text("Snapshot", "data.SnapshotId", { optional: true }),
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
      size("Size", "data.size", "BYTES"),
      text("Volume Type", "data.VolumeType"),
      text("IOPS", "data.Iops"),
      text("Throughput (MiB/s)", "data.Throughput"),
      text("Availability Zone", "data.AvailabilityZone"),
      text("Snapshot", "data.SnapshotId"),
      yesNo("Encrypted", "data.Encrypted"),
      text("KMS Key ID", "data.kms_key_id"),
      text("KMS Key ARN", "data.kms_key_arn"),
      yesNo("Multi-Attach", "data.MultiAttachEnabled"),
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
    card("Volume", "Total Count", null),
    card("Volume", "Total Size", "instance_size", { sizeUnit: "BYTES" }),
    card("Volume", "Unattached Size", "instance_size", { sizeUnit: "BYTES", filter: [{ key: "data.State", value: "available", operator: "eq" }] }),
    chart("Volume", "Count by Region", "region_code", "COLUMN"),
    chart("Volume", "Count by Account", "account", "DONUT"),
    chart("Volume", "Size by Volume Type", "instance_type", "DONUT", "instance_size", { sizeUnit: "BYTES" }),
    chart("Volume", "Count by State", "data.State", "DONUT"),
  ],
});
