/** Console layout of EC2 / AMI. */
import { accountAndRegion, datetime, dynamicView, enumBadge, enumState, itemTab, search, searchEnum, tableTab, text, TONE, yesNo } from "./fields.js";

/** Every `ImageState` AWS defines. */
export const IMAGE_STATE_COLORS = {
  available: TONE.ok,
  pending: TONE.busy,
  transient: TONE.busy,
  disabled: TONE.off,
  deregistered: TONE.off,
  invalid: TONE.bad,
  failed: TONE.bad,
  error: TONE.bad,
} as const;

const state = () => enumState("State", "data.State", IMAGE_STATE_COLORS);
const isPublic = () => yesNo("Public", "data.Public");

export const amiLayout = dynamicView({
  search: [
    search("Image ID", "data.ImageId"),
    search("Name", "data.Name"),
    searchEnum("State", "data.State", Object.keys(IMAGE_STATE_COLORS)),
    search("Public", "data.Public", "boolean"),
    search("Platform", "data.Platform"),
    search("Architecture", "data.Architecture"),
    search("Owner ID", "data.OwnerId"),
    search("Created", "data.CreationDate", "datetime"),
    search("Shared with account", "data.launch_permissions.UserId"),
    search("Account ID", "account"),
  ],
  table: {
    sort: { key: "data.CreationDate", desc: true },
    fields: [
      text("Image ID", "data.ImageId"),
      state(),
      isPublic(),
      text("Platform", "data.Platform"),
      text("Architecture", "data.Architecture"),
      text("Owner", "data.OwnerId"),
      datetime("Created", "data.CreationDate"),
      enumBadge("Root Device Type", "data.RootDeviceType", { ebs: "indigo.500", "instance-store": "coral.600" }),
      text("Virtualization", "data.VirtualizationType"),
      text("Image Type", "instance_type", { optional: true }),
      text("Platform Details", "data.PlatformDetails", { optional: true }),
      text("Image Location", "data.ImageLocation", { optional: true }),
      text("Boot Mode", "data.BootMode", { optional: true }),
      datetime("Deprecation", "data.DeprecationTime", { optional: true }),
      ...accountAndRegion(),
    ],
  },
  tabs: [
    itemTab("AMI", [
      text("Image ID", "data.ImageId"),
      text("Name", "data.Name"),
      text("Description", "data.Description"),
      state(),
      isPublic(),
      text("Owner", "data.OwnerId"),
      text("Image Location", "data.ImageLocation"),
      text("Image Type", "data.ImageType"),
      text("Platform", "data.Platform"),
      text("Platform Details", "data.PlatformDetails"),
      text("Usage Operation", "data.UsageOperation"),
      text("Architecture", "data.Architecture"),
      text("Hypervisor", "data.Hypervisor"),
      text("Virtualization", "data.VirtualizationType"),
      text("Root Device Name", "data.RootDeviceName"),
      text("Root Device Type", "data.RootDeviceType"),
      yesNo("ENA Support", "data.EnaSupport"),
      text("Boot Mode", "data.BootMode"),
      text("IMDS Support", "data.ImdsSupport"),
      text("Source Image", "data.SourceImageId"),
      text("Deregistration Protection", "data.DeregistrationProtection"),
      datetime("Created", "data.CreationDate"),
      datetime("Last Launched", "data.LastLaunchedTime"),
      datetime("Deprecation", "data.DeprecationTime"),
    ]),
    tableTab("Block Devices", "data.BlockDeviceMappings", [
      text("Device", "DeviceName"),
      text("Snapshot", "Ebs.SnapshotId"),
      text("Size (GiB)", "Ebs.VolumeSize"),
      text("Volume Type", "Ebs.VolumeType"),
      yesNo("Encrypted", "Ebs.Encrypted"),
      yesNo("Delete on Termination", "Ebs.DeleteOnTermination"),
    ]),
    tableTab("Launch Permissions", "data.launch_permissions", [
      text("Account", "UserId"),
      text("Group", "Group"),
      text("Organization", "OrganizationArn"),
      text("Organizational Unit", "OrganizationalUnitArn"),
    ]),
  ],
});
