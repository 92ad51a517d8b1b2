/** Each layout keeps the columns, detail tabs and widgets a Cloudforet user relies on (docs/parity.md#console-layouts). */
import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../../../common/json.js";
import { keyUses } from "../../../../test/support/layout-keys.js";
import type { Ec2Type } from "../record.js";
import { LAYOUTS } from "./index.js";

const obj = (v: JsonValue | undefined) => v as JsonObject;

describe("minimum content", () => {
  const tableKeys = (type: Ec2Type) =>
    keyUses(type)
      .filter((u) => u.part === "table")
      .map((u) => u.path);
  const tabNames = (type: Ec2Type) => (obj(obj(LAYOUTS[type].view).sub_data).layouts as JsonObject[]).map((t) => t.name);

  it.each([
    [
      "Instance",
      [
        "data.compute.instance_state",
        "data.compute.instance_type",
        "data.hardware.core",
        "data.hardware.memory",
        "data.compute.instance_id",
        "data.compute.az",
        "data.primary_ip_address",
        "data.nics.public_ip_address",
        "data.nics.tags.public_dns",
        "data.os.os_distro",
        "data.aws.lifecycle",
        "data.compute.launched_at",
        "data.compute.keypair",
        "data.compute.image",
        "data.aws.root_volume_type",
        "data.aws.termination_protection",
        "data.aws.auto_recovery",
        "data.os.os_type",
        "data.os.os_arch",
        "data.os.details",
        "ip_addresses",
        "data.nics.mac_address",
        "data.nics.cidr",
        "data.vpc.vpc_id",
        "data.subnet.subnet_id",
        "data.load_balancer.name",
        "data.aws.iam_instance_profile.Arn",
        "data.auto_scaling_group.name",
      ],
    ],
    [
      "AMI",
      [
        "data.ImageId",
        "data.State",
        "data.Public",
        "data.Platform",
        "data.Architecture",
        "data.OwnerId",
        "data.CreationDate",
        "data.RootDeviceType",
        "data.VirtualizationType",
      ],
    ],
    [
      "LaunchTemplate",
      [
        "data.LaunchTemplateId",
        "data.DefaultVersionNumber",
        "data.LatestVersionNumber",
        "data.ami_id",
        "data.launch_template_data.InstanceType",
        "data.launch_template_data.KeyName",
        "data.CreateTime",
      ],
    ],
    [
      "AutoScalingGroup",
      [
        "data.DesiredCapacity",
        "data.MinSize",
        "data.MaxSize",
        "data.instance_count",
        "data.display_launch_configuration_template",
        "data.AvailabilityZones",
        "data.HealthCheckType",
        "data.CreatedTime",
      ],
    ],
    [
      "EIP",
      [
        "data.PublicIp",
        "data.AllocationId",
        "data.allocation_status",
        "data.InstanceId",
        "data.PrivateIpAddress",
        "data.NetworkInterfaceId",
        "data.nat_gateway_id",
        "data.Domain",
        "data.PublicIpv4Pool",
      ],
    ],
    ["SecurityGroup", ["data.GroupId", "data.VpcId", "data.Description", "data.stats.instances_count"]],
    [
      "Volume",
      [
        "data.VolumeId",
        "data.State",
        "data.Size",
        "instance_type",
        "data.Iops",
        "data.Throughput",
        "data.AvailabilityZone",
        "data.Encrypted",
        "data.Attachments.InstanceId",
        "data.CreateTime",
      ],
    ],
    [
      "Snapshot",
      ["data.SnapshotId", "data.State", "data.VolumeSize", "data.VolumeId", "data.Encrypted", "data.StorageTier", "data.StartTime", "data.Progress"],
    ],
  ] as const)("%s main table", (type, keys) => {
    const table = tableKeys(type);
    expect(keys.filter((k) => !table.includes(k))).toEqual([]);
    expect(table).toEqual(expect.arrayContaining(["account", "region_code"]));
  });

  it.each([
    ["Instance", ["Instance", "Operating System", "Hardware", "Network", "Auto Scaling Group", "Disks", "NICs", "Security Group Rules", "Load Balancers"]],
    ["AMI", ["AMI", "Launch Permissions"]],
    ["LaunchTemplate", ["Launch Template", "Storage", "Network Interfaces", "Advanced Details"]],
    [
      "AutoScalingGroup",
      ["Auto Scaling", "Launch Template", "Instances", "Load Balancers", "Policies", "Notifications", "Scheduled Actions", "Lifecycle Hooks"],
    ],
    ["EIP", ["Elastic IP"]],
    ["SecurityGroup", ["Security Group", "Inbound Rules", "Outbound Rules", "Instances"]],
    ["Volume", ["Volume", "Attachments"]],
    ["Snapshot", ["Snapshot"]],
  ] as const)("%s detail tabs", (type, names) => expect(tabNames(type)).toEqual(expect.arrayContaining([...names])));

  it("shows the vulnerable-port columns on inbound rules", () => {
    const inbound = keyUses("SecurityGroup")
      .filter((u) => u.where === "tab Inbound Rules")
      .map((u) => u.path);
    expect(inbound).toEqual(
      expect.arrayContaining(["data.ip_permissions.vulnerable_ports", "data.ip_permissions.detected_vulnerable_ports", "data.ip_permissions.rule_id"]),
    );
  });
});
