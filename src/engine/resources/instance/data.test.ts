import { readFileSync } from "node:fs";
import type { Image, Instance, InstanceTypeInfo, SecurityGroup, Subnet, Volume, Vpc } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { jsonData } from "../../records/json-data.js";
import { instanceData, instanceRecord, osDistro, privateIps, securityGroupRows, type InstanceJoins } from "./data.js";

// SDK-shaped inputs equivalent to the instance of the Python plugin's sample output.
const instance: Instance = {
  InstanceId: "i-0aaaaaaaaaaaaaaa1",
  ImageId: "ami-0aaaaaaaaaaaaaaa1",
  InstanceType: "t3.micro",
  KeyName: "harness-key",
  LaunchTime: new Date("2024-01-02T03:04:05Z"),
  AmiLaunchIndex: 0,
  Monitoring: { State: "disabled" },
  EbsOptimized: false,
  EnaSupport: true,
  Hypervisor: "xen",
  Placement: { AvailabilityZone: "us-east-1a", GroupName: "", Tenancy: "default" },
  PlatformDetails: "Linux/UNIX",
  UsageOperation: "RunInstances",
  StateTransitionReason: "",
  SourceDestCheck: true,
  State: { Code: 16, Name: "running" },
  PrivateIpAddress: "10.0.1.10",
  SubnetId: "subnet-0aaaaaaaaaaaaaaa1",
  VpcId: "vpc-0aaaaaaaaaaaaaaa1",
  RootDeviceName: "/dev/xvda",
  BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { VolumeId: "vol-0aaaaaaaaaaaaaaa1" } }],
  SecurityGroups: [{ GroupName: "harness-web", GroupId: "sg-0aaaaaaaaaaaaaaa1" }],
  Tags: [
    { Key: "Name", Value: "harness-web-1" },
    { Key: "env", Value: "harness" },
  ],
  NetworkInterfaces: [
    {
      NetworkInterfaceId: "eni-0aaaaaaaaaaaaaaa1",
      SubnetId: "subnet-0aaaaaaaaaaaaaaa1",
      InterfaceType: "interface",
      MacAddress: "0a:00:00:00:00:01",
      Association: { PublicIp: "203.0.113.10", PublicDnsName: "ec2-203-0-113-10.compute-1.amazonaws.com" },
      Attachment: { DeviceIndex: 0 },
      PrivateIpAddresses: [{ PrivateIpAddress: "10.0.1.10", Primary: true }],
    },
  ],
};

const group: SecurityGroup = {
  GroupId: "sg-0aaaaaaaaaaaaaaa1",
  GroupName: "harness-web",
  IpPermissions: [
    { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "ssh" }] },
    { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
  ],
  IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
};

function joins(overrides: Partial<InstanceJoins> = {}): InstanceJoins {
  const image: Image = { ImageId: "ami-0aaaaaaaaaaaaaaa1", Name: "al2023-ami-harness", Architecture: "x86_64" };
  const type: InstanceTypeInfo = { InstanceType: "t3.micro", VCpuInfo: { DefaultVCpus: 2 }, MemoryInfo: { SizeInMiB: 1024 } };
  const volume: Volume = {
    VolumeId: "vol-0aaaaaaaaaaaaaaa1",
    Size: 8,
    VolumeType: "gp3",
    Encrypted: false,
    Iops: 3000,
    Attachments: [{ Device: "/dev/xvda", InstanceId: "i-0aaaaaaaaaaaaaaa1" }],
  };
  const vpc: Vpc = { VpcId: "vpc-0aaaaaaaaaaaaaaa1", OwnerId: "123456789012", CidrBlock: "10.0.0.0/16", Tags: [{ Key: "Name", Value: "harness-vpc" }] };
  const subnet: Subnet = {
    SubnetId: "subnet-0aaaaaaaaaaaaaaa1",
    SubnetArn: "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0aaaaaaaaaaaaaaa1",
    CidrBlock: "10.0.1.0/24",
    Tags: [{ Key: "Name", Value: "harness-subnet-a" }],
  };
  return {
    account: "123456789012",
    region: "us-east-1",
    images: new Map([[image.ImageId!, image]]),
    instanceTypes: new Map([["t3.micro", type]]),
    volumes: new Map([[volume.VolumeId!, volume]]),
    securityGroupRows: new Map([[group.GroupId!, { order: 0, rows: securityGroupRows(group) }]]),
    vpcs: new Map([[vpc.VpcId!, vpc]]),
    subnets: new Map([[subnet.SubnetId!, subnet]]),
    asgByInstance: new Map(),
    launchConfigurations: new Map(),
    loadBalancersFor: () => [],
    ssmDetails: new Map(),
    terminationProtection: false,
    ...overrides,
  };
}

function pythonSampleInstance(): { resource: Record<string, unknown>; data: Record<string, unknown> } {
  const lines = readFileSync(new URL("../../../../test/reference/python-plugin-sample.jsonl", import.meta.url), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { resource: Record<string, unknown> });
  const rec = lines.find((r) => r.resource.cloud_service_type === "Instance")!;
  return { resource: rec.resource, data: JSON.parse(rec.resource.json_data as string) as Record<string, unknown> };
}

describe("Instance record", () => {
  it("matches the Python plugin's sample except for the documented fixes", () => {
    const sample = pythonSampleInstance();
    const ours = JSON.parse(jsonData(instanceData(instance, joins()))) as Record<string, unknown>;
    const expected = structuredClone(sample.data) as { aws: Record<string, unknown> } & Record<string, unknown>;
    expected.aws.lifecycle = "on-demand"; // parity fix 2
    expected.auto_scaling_group = null; // always sent (docs/parity.md#further-deviations)
    expect(ours).toEqual(expected);
    // Upstream places auto_scaling_group after subnet when present; everything else in the same order.
    expect(Object.keys(ours).filter((k) => k !== "auto_scaling_group")).toEqual(Object.keys(sample.data));
    expect(Object.keys(ours.aws as object)).toEqual(Object.keys(sample.data.aws as object));

    const record = instanceRecord(instance, joins());
    // Only parsed content matters for the JSON strings (docs/records.md#json_data).
    const parsed = (r: Record<string, unknown>) => ({ ...r, json_data: undefined, json_metadata: JSON.parse(r.json_metadata as string) as unknown });
    const resource = parsed(record.resource);
    const sampleResource = { ...parsed(sample.resource), launched_at: "2024-01-02T03:04:05" }; // parity fix 5
    expect(resource).toEqual(sampleResource);
    expect(record.matchRules).toEqual({ "1": ["reference.resource_id", "provider", "cloud_service_type", "cloud_service_group", "account"] });
  });

  it("keeps upstream's data key order and misspelled keys", () => {
    const data = instanceData(instance, joins());
    expect(Object.keys(data)).toEqual([
      "os",
      "aws",
      "hardware",
      "compute",
      "primary_ip_address",
      "nics",
      "disks",
      "load_balancer",
      "security_group",
      "vpc",
      "subnet",
      "auto_scaling_group",
      "cloudwatch",
      "cloudtrail",
    ]);
    const aws = data.aws as Record<string, unknown>;
    expect(aws.source_desk_check).toBe(true);
    expect(aws).toHaveProperty("current_instance_boost");
  });

  it("sends termination_protection null when per-item enrichment is off, and the real value otherwise", () => {
    expect((instanceData(instance, joins({ terminationProtection: undefined })).aws as Record<string, unknown>).termination_protection).toBeNull();
    expect((instanceData(instance, joins({ terminationProtection: true })).aws as Record<string, unknown>).termination_protection).toBe(true);
  });

  it("reports spot lifecycle, Windows, SSM details and unknown instance types", () => {
    // The wire value is lower-case "windows" (the SDK types say "Windows").
    const win = { ...instance, InstanceLifecycle: "spot", Platform: "windows", InstanceType: "z9.huge", ImageId: "ami-win" } as unknown as Instance;
    const data = instanceData(
      win,
      joins({
        images: new Map([["ami-win", { ImageId: "ami-win", Name: "Windows_Server-2019-English-Full-Base-2024.01.10", Architecture: "x86_64" }]]),
        ssmDetails: new Map([["i-0aaaaaaaaaaaaaaa1", "Microsoft Windows Server 2019 Datacenter 10.0.17763"]]),
      }),
    );
    expect(data.os).toEqual({ os_distro: "win2019", os_arch: "x86_64", os_type: "WINDOWS", details: "Microsoft Windows Server 2019 Datacenter 10.0.17763" });
    expect((data.aws as Record<string, unknown>).lifecycle).toBe("spot");
    expect(data.hardware).toEqual({});
  });

  it("joins the Auto Scaling group with its launch configuration and template", () => {
    const asg = {
      AutoScalingGroupName: "web-asg",
      AutoScalingGroupARN: "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x:autoScalingGroupName/web-asg",
      LaunchConfigurationName: "web-lc",
      LaunchTemplate: { LaunchTemplateId: "lt-1", LaunchTemplateName: "web-lt", Version: "$Latest" },
      Instances: [{ InstanceId: "i-0aaaaaaaaaaaaaaa1" }],
    };
    const data = instanceData(
      instance,
      joins({
        asgByInstance: new Map([["i-0aaaaaaaaaaaaaaa1", asg as never]]),
        launchConfigurations: new Map([["web-lc", { LaunchConfigurationName: "web-lc", LaunchConfigurationARN: "arn:lc" } as never]]),
      }),
    );
    expect(data.auto_scaling_group).toEqual({
      name: "web-asg",
      arn: asg.AutoScalingGroupARN,
      launch_configuration: { name: "web-lc", arn: "arn:lc" },
      launch_template: { LaunchTemplateId: "lt-1", LaunchTemplateName: "web-lt", Version: "$Latest" },
    });
  });

  it("orders disks by block device mapping, picks the root volume type and uses each ENI's own subnet", () => {
    const multi: Instance = {
      ...instance,
      RootDeviceName: "/dev/sda1",
      BlockDeviceMappings: [
        { DeviceName: "/dev/sdb", Ebs: { VolumeId: "vol-data" } },
        { DeviceName: "/dev/sda1", Ebs: { VolumeId: "vol-root" } },
      ],
      NetworkInterfaces: [
        ...instance.NetworkInterfaces!,
        {
          NetworkInterfaceId: "eni-2",
          SubnetId: "subnet-b",
          MacAddress: "0a:02",
          PrivateIpAddresses: [{ PrivateIpAddress: "10.0.2.5" }, { PrivateIpAddress: "10.0.1.10" }],
          Attachment: { DeviceIndex: 1 },
        },
      ],
    };
    const volumes = new Map<string, Volume>([
      ["vol-data", { VolumeId: "vol-data", Size: 100, VolumeType: "st1", Encrypted: true, Attachments: [{ Device: "/dev/sdb" }] }],
      ["vol-root", { VolumeId: "vol-root", Size: 30, VolumeType: "gp3", Encrypted: true, Iops: 3000, Attachments: [{ Device: "/dev/sda1" }] }],
    ]);
    const subnets = new Map<string, Subnet>([...joins().subnets, ["subnet-b", { SubnetId: "subnet-b", CidrBlock: "10.0.2.0/24" }]]);
    const data = instanceData(multi, joins({ volumes, subnets }));
    expect((data.disks as Array<Record<string, unknown>>).map((d) => [d.device_index, d.device, d.size])).toEqual([
      [0, "/dev/sdb", 100],
      [1, "/dev/sda1", 30],
    ]);
    expect((data.disks as Array<{ tags: Record<string, unknown> }>)[0]!.tags).not.toHaveProperty("iops");
    expect((data.aws as Record<string, unknown>).root_volume_type).toBe("gp3");
    expect((data.nics as Array<Record<string, unknown>>).map((n) => n.cidr)).toEqual(["10.0.1.0/24", "10.0.2.0/24"]);
    expect(privateIps(multi)).toEqual(["10.0.1.10", "10.0.2.5"]);
  });

  it("sends root_volume_type null and empty vpc/subnet without joins", () => {
    const bare: Instance = { ...instance, BlockDeviceMappings: [], VpcId: undefined, SubnetId: undefined };
    const data = instanceData(bare, joins());
    expect((data.aws as Record<string, unknown>).root_volume_type).toBeNull();
    expect(data.vpc).toEqual({});
    expect(data.subnet).toEqual({});
    expect(data.disks).toEqual([]);
  });
});

describe("osDistro", () => {
  it.each([
    ["suse-sles-15-sp5", "LINUX", "suse"],
    ["RHEL-9.2.0_HVM", "LINUX", "redhat"],
    ["CentOS-7-x86_64", "LINUX", "centos"],
    ["Fedora-Cloud-Base-39", "LINUX", "fedora"],
    ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04", "LINUX", "ubuntu"],
    ["debian-12-amd64", "LINUX", "debian"],
    ["amzn2-ami-hvm-2.0", "LINUX", "amazonlinux"],
    ["al2023-ami-2023.1", "LINUX", "linux"],
    [undefined, "LINUX", "linux"],
    ["Windows_Server-2012-R2_RTM-English-64Bit-Base", "WINDOWS", "win2012r2"],
    ["Windows_Server-2016-English-Full-Base", "WINDOWS", "win2016"],
    ["Windows_Server-2022-English-Full-Base", "WINDOWS", "windows"],
    ["", "WINDOWS", "windows"],
  ] as const)("%s (%s) → %s", (name, type, expected) => {
    expect(osDistro(name, type)).toBe(expected);
  });
});

describe("securityGroupRows", () => {
  it("writes one row per remote with upstream's port shapes", () => {
    const rows = securityGroupRows({
      GroupId: "sg-1",
      GroupName: "web",
      IpPermissions: [
        {
          IpProtocol: "tcp",
          FromPort: 8000,
          ToPort: 8080,
          UserIdGroupPairs: [{ GroupId: "sg-2", Description: "alb" }],
          Ipv6Ranges: [{ CidrIpv6: "::/0" }],
          PrefixListIds: [{ PrefixListId: "pl-1" }],
        },
        { IpProtocol: "58", IpRanges: [{ CidrIp: "10.0.0.0/8" }] },
        { IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.0.0.0/8" }] },
      ],
    });
    expect(rows).toEqual([
      {
        direction: "inbound",
        protocol: "TCP",
        security_group_name: "web",
        security_group_id: "sg-1",
        port_range_min: 8000,
        port_range_max: 8080,
        port: "8000 - 8080",
        remote_id: "sg-2",
        remote: "sg-2",
        description: "alb",
      },
      {
        direction: "inbound",
        protocol: "TCP",
        security_group_name: "web",
        security_group_id: "sg-1",
        port_range_min: 8000,
        port_range_max: 8080,
        port: "8000 - 8080",
        remote_id: "::/0",
        remote: "::/0",
        description: "",
      },
      {
        direction: "inbound",
        protocol: "TCP",
        security_group_name: "web",
        security_group_id: "sg-1",
        port_range_min: 8000,
        port_range_max: 8080,
        port: "8000 - 8080",
        remote_id: "pl-1",
        remote: "pl-1",
        description: "",
      },
      {
        direction: "inbound",
        protocol: "58",
        security_group_name: "web",
        security_group_id: "sg-1",
        remote_cidr: "10.0.0.0/8",
        remote: "10.0.0.0/8",
        description: "",
      },
      {
        direction: "inbound",
        protocol: "ICMP",
        security_group_name: "web",
        security_group_id: "sg-1",
        port_range_min: -1,
        port_range_max: -1,
        port: -1,
        remote_cidr: "10.0.0.0/8",
        remote: "10.0.0.0/8",
        description: "",
      },
    ]);
  });
});
