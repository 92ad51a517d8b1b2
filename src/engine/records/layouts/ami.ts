/** Console layout of EC2 / AMI. */
import { accountAndRegion, countWidgets, datetime, dynamicView, enumBadge, enumState, itemTab, search, searchEnum, size, tableTab, text, TONE, yesNo } from "./fields.js";

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

/** Every `DeviceType` and `VirtualizationType`. */
export const ROOT_DEVICE_TYPE_COLORS = { ebs: "indigo.500", "instance-store": "coral.600" } as const;
export const VIRTUALIZATION_TYPES = ["hvm", "paravirtual"] as const;

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
    search("Source", "data.ImageLocation"),
    searchEnum("Root Device Type", "data.RootDeviceType", Object.keys(ROOT_DEVICE_TYPE_COLORS)),
    searchEnum("Virtualization", "data.VirtualizationType", VIRTUALIZATION_TYPES),
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
      enumBadge("Root Device Type", "data.RootDeviceType", ROOT_DEVICE_TYPE_COLORS),
      text("Virtualization", "data.VirtualizationType"),
      text("Source", "data.ImageLocation"),
      text("Name", "data.Name", { optional: true }),
      text("Description", "data.Description", { optional: true }),
      text("Image Type", "instance_type", { optional: true }),
      text("Platform Details", "data.PlatformDetails", { optional: true }),
      text("Hypervisor", "data.Hypervisor", { optional: true }),
      text("Root Device Name", "data.RootDeviceName", { optional: true }),
      text("SR-IOV Net Support", "data.SriovNetSupport", { optional: true }),
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
      text("State Reason", "data.StateReason.Message"),
      isPublic(),
      text("Owner", "data.OwnerId"),
      text("Source", "data.ImageLocation"),
      text("Image Type", "data.ImageType"),
      text("Platform", "data.Platform"),
      text("Platform Details", "data.PlatformDetails"),
      text("Usage Operation", "data.UsageOperation"),
      text("Architecture", "data.Architecture"),
      text("Hypervisor", "data.Hypervisor"),
      text("Virtualization", "data.VirtualizationType"),
      text("Root Device Name", "data.RootDeviceName"),
      text("Root Device Type", "data.RootDeviceType"),
      text("Kernel ID", "data.KernelId"),
      text("RAM Disk ID", "data.RamdiskId"),
      yesNo("ENA Support", "data.EnaSupport"),
      text("SR-IOV Net Support", "data.SriovNetSupport"),
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
      size("Size", "Ebs.VolumeSize", "GB"),
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
  widgets: countWidgets("AMI"),
});
