import * as AS from "@aws-sdk/client-auto-scaling";
import * as EC2 from "@aws-sdk/client-ec2";
import * as ELB from "@aws-sdk/client-elastic-load-balancing-v2";
import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../../../common/json.js";
import { keyUses, rawValuesAt, stored, valuesAt } from "../../../../test/support/layout-keys.js";
import { representativeRecords } from "../../../../test/support/representative-records.js";
import { EC2_TYPES, type Ec2Type } from "../record.js";
import { IMAGE_STATE_COLORS } from "./ami.js";
import { ASG_INSTANCE_STATE_COLORS } from "./auto-scaling-group.js";
import { DOMAIN_COLORS } from "./eip.js";
import { LAYOUTS, layoutJson } from "./index.js";
import { LIFECYCLE_COLORS, LOAD_BALANCER_SCHEME_COLORS, LOAD_BALANCER_TYPE_COLORS, VOLUME_STATE_COLORS, VOLUME_TYPE_COLORS } from "./shared.js";
import { SNAPSHOT_STATE_COLORS, STORAGE_TIER_COLORS } from "./snapshot.js";
import { ATTACHMENT_STATE_COLORS } from "./volume.js";

const FIELD_TYPES = new Set(["text", "dict", "size", "progress", "datetime", "state", "badge", "image", "enum", "more", "list"]);
const ENUM_ITEM_TYPES = new Set(["badge", "state", "image", "datetime"]);
const TAB_TYPES = new Set(["item", "table", "simple-table", "list", "markdown"]);
const COLOR = /^(black|white|(gray|red|coral|yellow|green|blue|violet|peacock|indigo)(\.[1-9]00)?)$/;

const obj = (v: JsonValue | undefined) => v as JsonObject;

const records = representativeRecords();

describe.each(EC2_TYPES)("%s layout", (type) => {
  const uses = keyUses(type);
  const docs = records[type].map(stored);

  it("refers only to keys our records carry", () => {
    const missing = uses.filter((u) => !docs.some((d) => valuesAt(d, u.path.split(".")).length > 0)).map((u) => `${u.where}: ${u.path}`);
    expect(missing).toEqual([]);
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

  it("colours every value our records hold in its enum fields", () => {
    for (const { path, field } of uses) {
      if (field?.type !== "enum") continue;
      const known = new Set(Object.keys(obj(field.options)));
      for (const doc of docs) {
        for (const value of valuesAt(doc, path.split("."))) {
          if (value !== null) expect(known.has(String(value)), `${path} = ${String(value)}`).toBe(true);
        }
      }
    }
  });

  it("points list fields at lists", () => {
    for (const { base, field } of uses) {
      if (field?.type !== "list" || !base) continue;
      const values = docs.flatMap((d) => rawValuesAt(d, base.split("."))).filter((v) => v !== null);
      expect(values.length, base).toBeGreaterThan(0);
      expect(values.every(Array.isArray), `${base} holds ${JSON.stringify(values[0])}`).toBe(true);
    }
  });

  it("points datetime fields at ISO dates and size fields at numbers", () => {
    for (const { path, field } of uses) {
      if (field?.type !== "datetime" && field?.type !== "size") continue;
      for (const value of docs.flatMap((d) => valuesAt(d, path.split("."))).filter((v) => v !== null)) {
        if (field.type === "size") expect(typeof value, path).toBe("number");
        else expect(String(value), path).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/);
      }
    }
  });

  it("never shows UserData", () => {
    expect(layoutJson(type)).not.toMatch(/UserData/);
  });
});

describe("enum colour maps cover every value AWS defines", () => {
  const covers = (map: object, values: readonly string[]) => expect(values.filter((v) => !(v in map))).toEqual([]);
  it.each([
    ["ImageState", IMAGE_STATE_COLORS, Object.values(EC2.ImageState)],
    ["VolumeState", VOLUME_STATE_COLORS, Object.values(EC2.VolumeState)],
    ["VolumeType", VOLUME_TYPE_COLORS, Object.values(EC2.VolumeType)],
    ["VolumeAttachmentState", ATTACHMENT_STATE_COLORS, Object.values(EC2.VolumeAttachmentState)],
    ["SnapshotState", SNAPSHOT_STATE_COLORS, Object.values(EC2.SnapshotState)],
    ["StorageTier", STORAGE_TIER_COLORS, Object.values(EC2.StorageTier)],
    ["DomainType", DOMAIN_COLORS, Object.values(EC2.DomainType)],
    ["InstanceLifecycleType + on-demand", LIFECYCLE_COLORS, [...Object.values(EC2.InstanceLifecycleType), "on-demand"]],
    ["Auto Scaling LifecycleState", ASG_INSTANCE_STATE_COLORS, Object.values(AS.LifecycleState)],
    ["LoadBalancerTypeEnum", LOAD_BALANCER_TYPE_COLORS, Object.values(ELB.LoadBalancerTypeEnum)],
    ["LoadBalancerSchemeEnum", LOAD_BALANCER_SCHEME_COLORS, Object.values(ELB.LoadBalancerSchemeEnum)],
  ] as const)("%s", (_name, map, values) => covers(map, values as readonly string[]));
});

describe("minimum content (ec2-records.md 15)", () => {
  const tableKeys = (type: Ec2Type) => keyUses(type).filter((u) => u.where === "table").map((u) => u.path);
  const tabNames = (type: Ec2Type) => (obj(obj(LAYOUTS[type].view).sub_data).layouts as JsonObject[]).map((t) => t.name);

  it.each([
    ["Instance", ["data.compute.instance_state", "instance_type", "data.hardware.core", "data.hardware.memory", "data.compute.instance_id", "data.compute.az", "data.primary_ip_address", "data.nics.public_ip_address", "data.nics.tags.public_dns", "data.os.os_distro", "data.aws.lifecycle", "data.compute.launched_at", "data.compute.keypair", "data.compute.image", "data.aws.root_volume_type", "data.aws.termination_protection", "data.aws.auto_recovery", "data.os.os_type", "data.os.os_arch", "data.os.details", "ip_addresses", "data.nics.mac_address", "data.nics.cidr", "data.vpc.vpc_id", "data.subnet.subnet_id", "data.load_balancer.name", "data.aws.iam_instance_profile.Arn", "data.auto_scaling_group.name"]],
    ["AMI", ["data.ImageId", "data.State", "data.Public", "data.Platform", "data.Architecture", "data.OwnerId", "data.CreationDate", "data.RootDeviceType", "data.VirtualizationType"]],
    ["LaunchTemplate", ["data.LaunchTemplateId", "data.DefaultVersionNumber", "data.LatestVersionNumber", "data.ami_id", "data.launch_template_data.InstanceType", "data.launch_template_data.KeyName", "data.CreateTime"]],
    ["AutoScalingGroup", ["data.DesiredCapacity", "data.MinSize", "data.MaxSize", "data.instance_count", "data.display_launch_configuration_template", "data.AvailabilityZones", "data.HealthCheckType", "data.CreatedTime"]],
    ["EIP", ["data.PublicIp", "data.AllocationId", "data.allocation_status", "data.InstanceId", "data.PrivateIpAddress", "data.NetworkInterfaceId", "data.nat_gateway_id", "data.Domain", "data.PublicIpv4Pool"]],
    ["SecurityGroup", ["data.GroupId", "data.VpcId", "data.Description", "data.stats.instances_count"]],
    ["Volume", ["data.VolumeId", "data.State", "instance_size", "instance_type", "data.Iops", "data.Throughput", "data.AvailabilityZone", "data.Encrypted", "data.Attachments.InstanceId", "data.CreateTime"]],
    ["Snapshot", ["data.SnapshotId", "data.State", "instance_size", "data.VolumeId", "data.Encrypted", "data.StorageTier", "data.StartTime", "data.Progress"]],
  ] as const)("%s main table", (type, keys) => {
    const table = tableKeys(type);
    expect(keys.filter((k) => !table.includes(k))).toEqual([]);
    expect(table).toEqual(expect.arrayContaining(["account", "region_code"]));
  });

  it.each([
    ["Instance", ["Instance", "Operating System", "Hardware", "Network", "Auto Scaling Group", "Disks", "NICs", "Security Group Rules", "Load Balancers"]],
    ["AMI", ["AMI", "Launch Permissions"]],
    ["LaunchTemplate", ["Launch Template", "Storage", "Network Interfaces", "Advanced Details"]],
    ["AutoScalingGroup", ["Auto Scaling", "Launch Template", "Instances", "Load Balancers", "Policies", "Notifications", "Scheduled Actions", "Lifecycle Hooks"]],
    ["EIP", ["Elastic IP"]],
    ["SecurityGroup", ["Security Group", "Inbound Rules", "Outbound Rules", "Instances"]],
    ["Volume", ["Volume", "Attachments"]],
    ["Snapshot", ["Snapshot"]],
  ] as const)("%s detail tabs", (type, names) => expect(tabNames(type)).toEqual(expect.arrayContaining([...names])));

  it("shows the vulnerable-port columns on inbound rules", () => {
    const inbound = keyUses("SecurityGroup").filter((u) => u.where === "tab Inbound Rules").map((u) => u.path);
    expect(inbound).toEqual(expect.arrayContaining(["data.ip_permissions.vulnerable_ports", "data.ip_permissions.detected_vulnerable_ports", "data.ip_permissions.rule_id"]));
  });

  it("has the widgets the spec asks for", () => {
    const widgetKeys = (type: Ec2Type) => keyUses(type).filter((u) => u.where.startsWith("widget") && !u.where.endsWith("filter")).map((u) => u.path);
    expect(widgetKeys("Instance")).toEqual(expect.arrayContaining(["region_code", "instance_type", "account", "data.hardware.core", "data.hardware.memory", "data.disks.size"]));
    expect(widgetKeys("Volume")).toEqual(expect.arrayContaining(["instance_size"]));
    expect(widgetKeys("Snapshot")).toEqual(expect.arrayContaining(["instance_size"]));
    const running = (obj(LAYOUTS.Instance.view).widget as JsonObject[]).find((w) => w.name === "Running")!;
    expect(obj(running.query).filter).toContainEqual({ key: "data.compute.instance_state", value: "RUNNING", operator: "eq" });
  });
});
