/**
 * EC2 Instance records (docs/records.md#instance): the `data` and record of one
 * instance, joined through maps built once per region (`joins.ts`).
 */
import type { Image, Instance, InstanceTypeInfo, IpPermission, SecurityGroup, Subnet, Volume, Vpc } from "@aws-sdk/client-ec2";
import type { AutoScalingGroup, LaunchConfiguration } from "@aws-sdk/client-auto-scaling";
import { cloudServiceRecord, nameTag, tagMap } from "../../records/cloud-service.js";
import { isoOrNull } from "../../records/json-data.js";
import type { CollectedRecord } from "../../records/record.js";
import { cloudtrailPointer, cloudwatchPointer } from "../aws-pointers.js";
import type { LoadBalancerView } from "../load-balancer-view.js";
import { protocolDisplay, remotesOf } from "../security-group.js";

const LINUX_DISTROS: ReadonlyArray<[string, string]> = [
  ["suse", "suse"],
  ["rhel", "redhat"],
  ["centos", "centos"],
  ["fedora", "fedora"],
  ["ubuntu", "ubuntu"],
  ["debian", "debian"],
  ["amazon", "amazonlinux"],
  ["amzn", "amazonlinux"],
];

/** `data.os.os_distro` from the image name (docs/records.md#instance-os), with upstream's typos fixed and case-insensitive matching. */
export function osDistro(imageName: string | undefined, osType: "LINUX" | "WINDOWS"): string {
  if (!imageName) return osType.toLowerCase();
  if (osType === "LINUX") {
    const lower = imageName.toLowerCase();
    return LINUX_DISTROS.find(([needle]) => lower.includes(needle))?.[1] ?? "linux";
  }
  const tokens = imageName.split("-");
  let distro = "windows";
  for (const year of ["2016", "2019", "2012"]) if (tokens.includes(year)) distro = `win${year}`;
  if (distro !== "windows" && tokens.some((t) => t.toUpperCase() === "R2_RTM")) distro += "r2";
  return distro;
}

/** `data.security_group[]` rows of one group (docs/records.md#instance-security-group-rows): ingress rules first, one row per remote. */
export function securityGroupRows(group: SecurityGroup): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const add = (direction: "inbound" | "outbound", perms: IpPermission[] | undefined) => {
    for (const perm of perms ?? []) {
      const proto = perm.IpProtocol ?? "";
      const base: Record<string, unknown> = {
        direction,
        protocol: protocolDisplay(perm.IpProtocol),
        security_group_name: group.GroupName ?? "",
        security_group_id: group.GroupId,
      };
      if (proto === "-1") Object.assign(base, { port_range_min: 0, port_range_max: 65535, port: "0 - 65535" });
      else if (proto === "tcp" || proto === "udp" || proto === "icmp") {
        const from = perm.FromPort ?? null;
        const to = perm.ToPort ?? null;
        Object.assign(base, { port_range_min: from, port_range_max: to, port: from === to ? from : `${from} - ${to}` });
      }
      for (const remote of remotesOf(perm)) {
        const idKey = remote.key === "ip_ranges" ? "remote_cidr" : "remote_id";
        rows.push({ ...base, [idKey]: remote.source, remote: remote.source, description: remote.description ?? "" });
      }
    }
  };
  add("inbound", group.IpPermissions);
  add("outbound", group.IpPermissionsEgress);
  return rows;
}

/** Private IPv4 addresses of all ENIs, de-duplicated in first-seen order. */
export function privateIps(instance: Instance): string[] {
  const ips = new Set<string>();
  for (const eni of instance.NetworkInterfaces ?? []) for (const p of eni.PrivateIpAddresses ?? []) if (p.PrivateIpAddress) ips.add(p.PrivateIpAddress);
  return [...ips];
}

/** Everything an Instance record is joined with, as maps built once per region. */
export interface InstanceJoins {
  account: string;
  region: string;
  images: Map<string, Image>;
  instanceTypes: Map<string, InstanceTypeInfo>;
  volumes: Map<string, Volume>;
  /** Security group rows by group id, and each group's position in DescribeSecurityGroups order. */
  securityGroupRows: Map<string, { order: number; rows: Record<string, unknown>[] }>;
  vpcs: Map<string, Vpc>;
  subnets: Map<string, Subnet>;
  /** The Auto Scaling group that lists an instance, by instance id. */
  asgByInstance: Map<string, AutoScalingGroup>;
  launchConfigurations: Map<string, LaunchConfiguration>;
  /** ELBv2 load balancers targeting an instance (by instance id or primary private IP). */
  loadBalancersFor(instance: Instance): LoadBalancerView[];
  ssmDetails: Map<string, string>;
  /** `DescribeInstanceAttribute(disableApiTermination)`; undefined when per-item enrichment is off. */
  terminationProtection: boolean | undefined;
}

function rootVolumeType(instance: Instance, volumes: Map<string, Volume>, disks: Array<{ tags: { volume_type: unknown } }>): unknown {
  const root = instance.BlockDeviceMappings?.find((m) => m.DeviceName === instance.RootDeviceName)?.Ebs?.VolumeId;
  const rootVolume = root ? volumes.get(root) : undefined;
  if (rootVolume) return rootVolume.VolumeType ?? null;
  return disks[0]?.tags.volume_type ?? null;
}

function autoScalingGroupData(instance: Instance, joins: InstanceJoins): Record<string, unknown> | null {
  const asg = instance.InstanceId ? joins.asgByInstance.get(instance.InstanceId) : undefined;
  if (!asg) return null;
  const out: Record<string, unknown> = { name: asg.AutoScalingGroupName, arn: asg.AutoScalingGroupARN };
  const lc = asg.LaunchConfigurationName ? joins.launchConfigurations.get(asg.LaunchConfigurationName) : undefined;
  if (lc) out.launch_configuration = { name: lc.LaunchConfigurationName, arn: lc.LaunchConfigurationARN };
  if (asg.LaunchTemplate) out.launch_template = asg.LaunchTemplate;
  return out;
}

/** The `data` object of one Instance record (docs/records.md#instance-data-keys), keys in upstream order. */
export function instanceData(instance: Instance, joins: InstanceJoins): Record<string, unknown> {
  const { region, account } = joins;
  const id = instance.InstanceId ?? "";
  const image = instance.ImageId ? joins.images.get(instance.ImageId) : undefined;
  const osType = instance.Platform ? (instance.Platform.toUpperCase() as "WINDOWS") : "LINUX";
  const typeInfo = instance.InstanceType ? joins.instanceTypes.get(instance.InstanceType) : undefined;
  const name = nameTag(instance.Tags);

  const disks: Array<{ tags: Record<string, unknown> & { volume_type: unknown } } & Record<string, unknown>> = [];
  for (const mapping of instance.BlockDeviceMappings ?? []) {
    const volume = mapping.Ebs?.VolumeId ? joins.volumes.get(mapping.Ebs.VolumeId) : undefined;
    if (!volume) continue;
    disks.push({
      device_index: disks.length,
      device: volume.Attachments?.[0]?.Device ?? "",
      size: volume.Size,
      tags: {
        volume_id: volume.VolumeId,
        volume_type: volume.VolumeType,
        encrypted: volume.Encrypted,
        ...(volume.Iops ? { iops: volume.Iops } : {}),
      },
    });
  }

  const groupIds = new Set((instance.SecurityGroups ?? []).map((g) => g.GroupId));
  const sgRows = [...groupIds]
    .map((gid) => (gid ? joins.securityGroupRows.get(gid) : undefined))
    .filter((g): g is { order: number; rows: Record<string, unknown>[] } => g !== undefined)
    .sort((a, b) => a.order - b.order)
    .flatMap((g) => g.rows);

  const vpc = instance.VpcId ? joins.vpcs.get(instance.VpcId) : undefined;
  const subnet = instance.SubnetId ? joins.subnets.get(instance.SubnetId) : undefined;

  return {
    os: {
      os_distro: osDistro(image?.Name, osType),
      os_arch: image?.Architecture ?? "",
      os_type: osType,
      details: joins.ssmDetails.get(id) ?? instance.PlatformDetails ?? "Linux/UNIX",
    },
    aws: {
      ami_id: instance.ImageId,
      ami_launch_index: instance.AmiLaunchIndex,
      kernel_id: instance.KernelId,
      monitoring_state: instance.Monitoring?.State ?? "",
      ebs_optimized: instance.EbsOptimized,
      ena_support: instance.EnaSupport,
      hypervisor: instance.Hypervisor,
      placement: instance.Placement,
      iam_instance_profile: instance.IamInstanceProfile,
      termination_protection: joins.terminationProtection ?? null,
      lifecycle: instance.InstanceLifecycle ?? "on-demand",
      auto_recovery: instance.MaintenanceOptions?.AutoRecovery,
      boot_mode: instance.BootMode,
      current_instance_boost: instance.CurrentInstanceBootMode,
      tpm_support: instance.TpmSupport,
      platform_details: instance.PlatformDetails,
      usage_operation: instance.UsageOperation,
      usage_operation_update_time: isoOrNull(instance.UsageOperationUpdateTime),
      enclave_options: instance.EnclaveOptions?.Enabled,
      hibernation_options: instance.HibernationOptions?.Configured,
      state_transition_reason: instance.StateTransitionReason,
      source_desk_check: instance.SourceDestCheck,
      sriov_net_support: instance.SriovNetSupport,
      elastic_gpu_associations: instance.ElasticGpuAssociations,
      elastic_inference_accelerator_associations: instance.ElasticInferenceAcceleratorAssociations,
      capacity_reservation_id: instance.CapacityReservationId,
      capacity_reservation_specification: instance.CapacityReservationSpecification,
      root_volume_type: rootVolumeType(instance, joins.volumes, disks),
    },
    hardware: typeInfo
      ? {
          core: typeInfo.VCpuInfo?.DefaultVCpus,
          memory: typeInfo.MemoryInfo?.SizeInMiB !== undefined ? Math.round((typeInfo.MemoryInfo.SizeInMiB / 1024) * 100) / 100 : null,
        }
      : {},
    compute: {
      keypair: instance.KeyName ?? "",
      az: instance.Placement?.AvailabilityZone ?? "",
      instance_state: (instance.State?.Name ?? "").toUpperCase(),
      instance_type: instance.InstanceType,
      launched_at: isoOrNull(instance.LaunchTime),
      instance_id: id,
      instance_name: name,
      security_groups: (instance.SecurityGroups ?? [])
        .filter((g) => g.GroupName)
        .map((g) => ({ name: g.GroupName, id: g.GroupId, display: `${g.GroupName} (${g.GroupId})` })),
      image: image?.Name ?? "",
      account,
    },
    primary_ip_address: instance.PrivateIpAddress ?? null,
    nics: (instance.NetworkInterfaces ?? []).map((eni) => ({
      ip_addresses: (eni.PrivateIpAddresses ?? []).map((p) => p.PrivateIpAddress),
      device: "",
      nic_type: eni.InterfaceType ?? "",
      cidr: (eni.SubnetId ? joins.subnets.get(eni.SubnetId)?.CidrBlock : undefined) ?? "",
      mac_address: eni.MacAddress,
      public_ip_address: eni.Association?.PublicIp ?? "",
      tags: { public_dns: eni.Association?.PublicDnsName ?? "", eni_id: eni.NetworkInterfaceId },
      ...(eni.Attachment?.DeviceIndex !== undefined ? { device_index: eni.Attachment.DeviceIndex } : {}),
    })),
    disks,
    load_balancer: joins.loadBalancersFor(instance),
    security_group: sgRows,
    vpc: vpc ? { vpc_arn: `arn:aws:ec2:${region}:${vpc.OwnerId}:vpc/${vpc.VpcId}`, vpc_id: vpc.VpcId, cidr: vpc.CidrBlock, vpc_name: nameTag(vpc.Tags) } : {},
    subnet: subnet ? { subnet_name: nameTag(subnet.Tags), subnet_arn: subnet.SubnetArn, subnet_id: subnet.SubnetId, cidr: subnet.CidrBlock } : {},
    auto_scaling_group: autoScalingGroupData(instance, joins),
    cloudwatch: cloudwatchPointer(region, ["AWS/EC2", "CWAgent"], { name: "InstanceId", value: id }),
    cloudtrail: cloudtrailPointer(region, "AWS::EC2::Instance", id),
  };
}

/** The whole CloudService record of one instance. */
export function instanceRecord(instance: Instance, joins: InstanceJoins): CollectedRecord {
  const id = instance.InstanceId ?? "";
  return cloudServiceRecord({
    type: "Instance",
    name: nameTag(instance.Tags),
    account: joins.account,
    region: joins.region,
    resourceId: id,
    externalLink: `https://${joins.region}.console.aws.amazon.com/ec2/v2/home?region=${joins.region}#Instances:instanceId=${id}`,
    data: instanceData(instance, joins),
    tags: tagMap(instance.Tags),
    ipAddresses: privateIps(instance),
    instanceType: instance.InstanceType ?? null,
    instanceSize: 0,
    launchedAt: isoOrNull(instance.LaunchTime),
  });
}
