import * as AS from "@aws-sdk/client-auto-scaling";
import * as EC2 from "@aws-sdk/client-ec2";
import * as ELB from "@aws-sdk/client-elastic-load-balancing-v2";
import { describe, expect, it } from "vitest";
import { textOf, type JsonObject, type JsonValue } from "../../../common/json.js";
import { demoCloudServices, keyUses, rawValuesAt, stored, valuesAt, valuesIn, type KeyUse } from "../../../../test/support/layout-keys.js";
import { representativeRecords } from "../../../../test/support/representative-records.js";
import { EC2_TYPES, type Ec2Type } from "../record.js";
import { IMAGE_STATE_COLORS, ROOT_DEVICE_TYPE_COLORS, VIRTUALIZATION_TYPES } from "./ami.js";
import { ASG_INSTANCE_STATE_COLORS } from "./auto-scaling-group.js";
import { DOMAIN_COLORS } from "./eip.js";
import type { SizeUnit } from "./fields.js";
import { LAYOUTS, layoutJson } from "./index.js";
import {
  LIFECYCLE_COLORS,
  LOAD_BALANCER_SCHEME_COLORS,
  LOAD_BALANCER_TYPE_COLORS,
  VOLUME_STATE_COLORS,
  VOLUME_TYPE_COLORS,
  VOLUME_TYPE_LABELS,
} from "./shared.js";
import { SNAPSHOT_STATE_COLORS, STORAGE_TIER_COLORS } from "./snapshot.js";
import { ATTACHMENT_STATE_COLORS } from "./volume.js";

const FIELD_TYPES = new Set(["text", "dict", "size", "progress", "datetime", "state", "badge", "image", "enum", "more", "list"]);
const ENUM_ITEM_TYPES = new Set(["badge", "state", "image", "datetime"]);
const TAB_TYPES = new Set(["item", "table", "simple-table", "list", "markdown"]);
const COLOR = /^(black|white|(gray|red|coral|yellow|green|blue|violet|peacock|indigo)(\.[1-9]00)?)$/;

const obj = (v: JsonValue | undefined) => v as JsonObject;

/** A dotted path into an AWS SDK shape, looking through lists; the compiler rejects a member AWS does not have. */
type MemberPath<T, Depth extends unknown[] = []> = Depth["length"] extends 4
  ? never
  : T extends readonly (infer E)[]
    ? MemberPath<E, Depth>
    : T extends Date
      ? never
      : T extends object
        ? { [K in keyof T & string]: K | `${K}.${MemberPath<NonNullable<T[K]>, [...Depth, 0]>}` }[keyof T & string]
        : never;
const member =
  <T>(prefix: string) =>
  (path: MemberPath<T>) =>
    `${prefix}.${path}`;
const image = member<EC2.Image>("data");
const templateData = member<EC2.ResponseLaunchTemplateData>("data.launch_template_data");
const address = member<EC2.Address>("data");
const volume = member<EC2.Volume>("data");

/**
 * Search keys and main-table columns the demo data does not set, and why. Each must still hold a
 * value in the representative records (built by the real builders from richer inputs).
 */
const NOT_IN_DEMO: Readonly<Partial<Record<Ec2Type, Record<string, string>>>> = {
  LaunchTemplate: {
    [templateData("IamInstanceProfile.Arn")]: "no demo template sets an instance profile",
    [templateData("Monitoring.Enabled")]: "no demo template sets detailed monitoring",
  },
  SecurityGroup: { "data.ip_permissions.detected_vulnerable_ports": "only with the vulnerable_ports option, which the demo collect does not set" },
};

/**
 * Detail-tab keys that neither the demo nor the representative records hold: AWS members the records
 * carry exactly as AWS sends them (AWS omits unset members), typed against the SDK's shapes.
 */
const UNSET_AWS_MEMBERS: Readonly<Partial<Record<Ec2Type, string[]>>> = {
  AMI: [image("StateReason.Message"), image("KernelId"), image("RamdiskId")],
  LaunchTemplate: [
    templateData("IamInstanceProfile.Name"),
    templateData("Placement.GroupName"),
    templateData("Placement.HostResourceGroupArn"),
    templateData("Placement.HostId"),
    templateData("KernelId"),
    templateData("RamDiskId"),
    templateData("LicenseSpecifications.LicenseConfigurationArn"),
    templateData("NetworkInterfaces.PrivateIpAddress"),
    templateData("NetworkInterfaces.SecondaryPrivateIpAddressCount"),
    templateData("NetworkInterfaces.Ipv6Addresses.Ipv6Address"),
  ],
  EIP: [address("CustomerOwnedIp"), address("CustomerOwnedIpv4Pool")],
  Volume: [volume("OutpostArn")],
};

/** The unit of every number a layout shows as a size (field or widget), by type and key. */
const SIZE_UNITS: Readonly<Partial<Record<Ec2Type, Record<string, SizeUnit>>>> = {
  AMI: { "data.BlockDeviceMappings.Ebs.VolumeSize": "GB" },
  LaunchTemplate: { "data.launch_template_data.BlockDeviceMappings.Ebs.VolumeSize": "GB" },
  Instance: { "data.hardware.memory": "GB", "data.disks.size": "GB" },
  Volume: { instance_size: "BYTES", "data.Size": "GB" },
  Snapshot: { instance_size: "GB", "data.VolumeSize": "GB", "data.FullSnapshotSizeInBytes": "BYTES" },
};

const demo = demoCloudServices();
const representative = Object.fromEntries(Object.entries(representativeRecords()).map(([type, records]) => [type, records.map(stored)])) as Record<
  Ec2Type,
  JsonObject[]
>;
const IN_DEMO_PARTS = new Set(["search", "table", "default sort", "widget", "widget filter"]);

describe.each(EC2_TYPES)("%s layout", (type) => {
  const uses = keyUses(type);
  const notInDemo = NOT_IN_DEMO[type] ?? {};
  const unset = UNSET_AWS_MEMBERS[type] ?? [];
  const describeUse = (u: KeyUse) => `${u.where}: ${u.path}`;

  it("shows in search, the main table and widgets only keys that hold a value in a demo record", () => {
    expect(demo[type].length).toBeGreaterThan(0);
    const missing = uses.filter((u) => IN_DEMO_PARTS.has(u.part) && !(u.path in notInDemo) && valuesIn(demo[type], u.path).length === 0);
    expect(missing.map(describeUse)).toEqual([]);
  });

  it("shows in detail tabs only keys our records hold, or AWS members AWS may leave unset", () => {
    const records = [...demo[type], ...representative[type]];
    const missing = uses.filter((u) => u.part === "detail" && !unset.includes(u.path) && records.every((d) => valuesAt(d, u.path.split(".")).length === 0));
    expect(missing.map(describeUse)).toEqual([]);
  });

  it("lists only exceptions that are still needed", () => {
    const used = new Set(uses.map((u) => u.path));
    for (const key of Object.keys(notInDemo)) {
      expect(used.has(key), `${key} is not in the layout`).toBe(true);
      expect(valuesIn(demo[type], key), `${key} is in the demo now`).toEqual([]);
      expect(valuesIn(representative[type], key).length, `${key} in the representative records`).toBeGreaterThan(0);
    }
    for (const key of unset) {
      expect(used.has(key), `${key} is not in the layout`).toBe(true);
      expect(valuesIn([...demo[type], ...representative[type]], key), `${key} is in the test data now`).toEqual([]);
    }
  });

  it("uses valid field types, tab types and colours", () => {
    const view = obj(LAYOUTS[type].view);
    expect(obj(obj(view.table).layout)).toMatchObject({ name: "Main Table", type: "query-search-table" });
    for (const t of obj(view.sub_data).layouts as JsonObject[]) expect(TAB_TYPES.has(t.type as string)).toBe(true);
    for (const { field } of uses) {
      if (!field?.type) continue;
      expect(FIELD_TYPES.has(field.type as string), `${field.name as string}: ${field.type as string}`).toBe(true);
      if (field.type === "enum") {
        for (const [value, item] of Object.entries(obj(field.options))) {
          if (value === "is_optional") continue;
          expect(ENUM_ITEM_TYPES.has(obj(item).type as string)).toBe(true);
        }
      }
    }
    const colors = [...layoutJson(type).matchAll(/"(?:outline_color|background_color|text_color|color)":"([^"]+)"/g)].map((m) => m[1]!);
    expect(colors.filter((c) => !COLOR.test(c))).toEqual([]);
  });

  it("colours every value our records hold in its enum fields, and offers it in its search choices", () => {
    const records = [...demo[type], ...representative[type]];
    for (const { part, path, field } of uses) {
      const known = field?.type === "enum" ? obj(field.options) : part === "search" ? obj(field?.enums) : undefined;
      if (!known) continue;
      for (const value of valuesIn(records, path)) expect(textOf(value) in known, `${path} = ${textOf(value)}`).toBe(true);
    }
  });

  it("points list fields at lists", () => {
    const records = [...demo[type], ...representative[type]];
    for (const { path, base, field } of uses) {
      if (field?.type !== "list" || !base || unset.includes(path)) continue;
      const values = records.flatMap((d) => rawValuesAt(d, base.split("."))).filter((v) => v !== null);
      expect(values.length, base).toBeGreaterThan(0);
      expect(values.every(Array.isArray), `${base} holds ${JSON.stringify(values[0])}`).toBe(true);
    }
  });

  it("points datetime fields at ISO dates and size fields at numbers in their declared unit", () => {
    const records = [...demo[type], ...representative[type]];
    for (const { path, field } of uses) {
      if (field?.type !== "datetime" && field?.type !== "size") continue;
      if (field.type === "size") expect(obj(field.options).source_unit, `${path} unit`).toBe(SIZE_UNITS[type]?.[path]);
      for (const value of valuesIn(records, path)) {
        if (field.type === "size") expect(typeof value, path).toBe("number");
        else expect(textOf(value), path).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/);
      }
    }
  });

  it("shows every size a widget adds up as a size, in its unit", () => {
    for (const widget of (obj(LAYOUTS[type].view).widget as JsonObject[] | undefined) ?? []) {
      const value = obj(obj(widget.options).value_options);
      const unit = value?.type === "size" ? ((obj(value.options).source_unit as string | undefined) ?? "BYTES") : undefined;
      const sums = (obj(widget.query).aggregate as JsonObject[]).flatMap((stage) =>
        ((obj(stage.group)?.fields as JsonObject[] | undefined) ?? []).filter((f) => f.operator === "sum"),
      );
      for (const f of sums) expect(unit, `${widget.name as string}: ${f.key as string}`).toBe(SIZE_UNITS[type]?.[f.key as string]);
      if (unit) expect(sums.length, widget.name as string).toBeGreaterThan(0);
    }
  });

  it("never shows UserData", () => {
    expect(layoutJson(type)).not.toMatch(/UserData/);
  });
});

describe("size units hold in the demo records", () => {
  const volumes = demo.Volume.map((v) => obj(v.data));
  it("Volume instance_size is bytes, data.Size GiB", () => {
    for (const v of demo.Volume) expect(v.instance_size).toBe((obj(v.data).Size as number) * 2 ** 30);
  });
  it("Snapshot instance_size is GiB, like data.VolumeSize", () => {
    for (const s of demo.Snapshot) expect(s.instance_size).toBe(obj(s.data).VolumeSize);
  });
  it("Instance disk sizes are the GiB of their volumes", () => {
    const disks = demo.Instance.flatMap((i) => obj(i.data).disks as JsonObject[]);
    expect(disks.length).toBeGreaterThan(0);
    for (const disk of disks) {
      const vol = volumes.find((v) => v.VolumeId === obj(disk.tags).volume_id);
      if (vol) expect(disk.size).toBe(vol.Size);
    }
    expect(disks.some((d) => volumes.some((v) => v.VolumeId === obj(d.tags).volume_id))).toBe(true);
  });
});

describe("enum colour maps and search choices cover every value AWS defines", () => {
  const covers = (map: object, values: readonly string[]) => expect(values.filter((v) => !(v in map))).toEqual([]);
  it.each([
    ["ImageState", IMAGE_STATE_COLORS, Object.values(EC2.ImageState)],
    ["DeviceType", ROOT_DEVICE_TYPE_COLORS, Object.values(EC2.DeviceType)],
    ["VirtualizationType", Object.fromEntries(VIRTUALIZATION_TYPES.map((v) => [v, v])), Object.values(EC2.VirtualizationType)],
    ["VolumeState", VOLUME_STATE_COLORS, Object.values(EC2.VolumeState)],
    ["VolumeType", VOLUME_TYPE_COLORS, Object.values(EC2.VolumeType)],
    ["VolumeType labels", VOLUME_TYPE_LABELS, Object.values(EC2.VolumeType)],
    ["VolumeAttachmentState", ATTACHMENT_STATE_COLORS, Object.values(EC2.VolumeAttachmentState)],
    ["SnapshotState", SNAPSHOT_STATE_COLORS, Object.values(EC2.SnapshotState)],
    ["StorageTier", STORAGE_TIER_COLORS, Object.values(EC2.StorageTier)],
    ["DomainType", DOMAIN_COLORS, Object.values(EC2.DomainType)],
    ["InstanceLifecycleType + on-demand", LIFECYCLE_COLORS, [...Object.values(EC2.InstanceLifecycleType), "on-demand"]],
    ["Auto Scaling LifecycleState", ASG_INSTANCE_STATE_COLORS, Object.values(AS.LifecycleState)],
    ["LoadBalancerTypeEnum", LOAD_BALANCER_TYPE_COLORS, Object.values(ELB.LoadBalancerTypeEnum)],
    ["LoadBalancerSchemeEnum", LOAD_BALANCER_SCHEME_COLORS, Object.values(ELB.LoadBalancerSchemeEnum)],
  ] as const)("%s", (_name, map, values) => covers(map, values));

  it("Volume types carry their readable names in search", () => {
    const choice = (obj(LAYOUTS.Volume.view).search as JsonObject[]).find((f) => f.key === "instance_type")!;
    expect(obj(obj(choice.enums).gp3)).toEqual({ label: "General Purpose SSD (gp3)" });
  });
});
