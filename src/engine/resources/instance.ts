/**
 * EC2 Instance records (ec2-records.md section 5): the region's DescribeInstances
 * pass streamed page by page, joined through maps with the region's volumes,
 * security groups, VPCs, subnets, images, instance types, Auto Scaling groups,
 * load balancers / target health and SSM details.
 */
import type { Image, Instance, InstanceTypeInfo, IpPermission, SecurityGroup, Subnet, Volume, Vpc } from "@aws-sdk/client-ec2";
import type { AutoScalingGroup, LaunchConfiguration } from "@aws-sdk/client-auto-scaling";
import type { LoadBalancer } from "@aws-sdk/client-elastic-load-balancing-v2";
import { AwsApiError } from "../aws/errors.js";
import { cloudServiceRecord, nameTag, tagMap } from "../records/cloud-service.js";
import { errorRecord } from "../records/error-resource.js";
import { isoOrNull } from "../records/json-data.js";
import type { CollectedRecord } from "../records/record.js";
import { cloudtrailPointer, cloudwatchPointer } from "./aws-pointers.js";
import { indexBy } from "./index-by.js";
import { loadBalancerView, type LoadBalancerView } from "./load-balancer-view.js";
import { endsStream } from "./per-resource.js";
import { protocolDisplay, remotesOf } from "./security-group.js";
import type { RegionContext, ResourceTypeModule } from "./types.js";

// ---------------------------------------------------------------- pure helpers

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

/** `data.os.os_distro` from the image name (5.3), with upstream's typos fixed and case-insensitive matching. */
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

/** `data.security_group[]` rows of one group (5.11): ingress rules first, one row per remote. */
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

/** The `data` object of one Instance record (5.2–5.14), keys in upstream order. */
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
    vpc: vpc
      ? { vpc_arn: `arn:aws:ec2:${region}:${vpc.OwnerId}:vpc/${vpc.VpcId}`, vpc_id: vpc.VpcId, cidr: vpc.CidrBlock, vpc_name: nameTag(vpc.Tags) }
      : {},
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

// ---------------------------------------------------------------- region joins

/** Empty ids are left out like missing ones. */
const byId = <T>(items: T[], id: (t: T) => string | undefined): Map<string, T> => indexBy(items, (item) => id(item) || undefined);

/** ELBv2 codes of a target group or load balancer deleted between the listing and the per-item call. */
const VANISHED_CODES = new Set(["TargetGroupNotFound", "TargetGroupNotFoundException", "LoadBalancerNotFound", "LoadBalancerNotFoundException"]);

interface LoadBalancerIndex {
  loadBalancersFor(instance: Instance): LoadBalancerView[];
  /** The first failed per-item ELB call (target health, listeners), reported once for the type. */
  failure?: unknown;
}

/**
 * For every target id (instance id or IP), the load balancers of the target groups it is registered in.
 * A failed per-item call costs only its target group or load balancer, never the region's instances.
 */
async function loadBalancerIndex(ctx: RegionContext): Promise<LoadBalancerIndex> {
  const listings = ctx.listings;
  let failure: unknown;
  /** The call's answer; `fallback` when the resource vanished or the call failed (the failure is kept). */
  const perItem = async <T>(call: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      if (endsStream(err)) throw err;
      ctx.signal.throwIfAborted();
      const aws = err instanceof AwsApiError ? err : undefined;
      if (aws && VANISHED_CODES.has(aws.code)) return fallback;
      ctx.log.warn("load balancer call failed; instances are sent without it", { region: ctx.region, api: aws?.api, code: aws?.code, request_id: aws?.requestId, err });
      failure ??= err;
      return fallback;
    }
  };
  const [groups, balancers] = await Promise.all([listings.targetGroups(), listings.loadBalancers()]);
  const lbByArn = byId<LoadBalancer>(balancers, (lb) => lb.LoadBalancerArn);
  const lbsByTarget = new Map<string, string[]>();
  await Promise.all(
    groups
      .filter((g) => g.TargetGroupArn && g.LoadBalancerArns?.length)
      .map(async (g) => {
        for (const desc of await perItem(() => listings.targetHealth(g.TargetGroupArn!), [])) {
          const target = desc.Target?.Id;
          if (!target) continue;
          const list = lbsByTarget.get(target) ?? [];
          list.push(...g.LoadBalancerArns!);
          lbsByTarget.set(target, list);
        }
      }),
  );
  const entries = new Map<string, LoadBalancerView>();
  await Promise.all(
    [...new Set([...lbsByTarget.values()].flat())].map(async (arn) => {
      const lb = lbByArn.get(arn);
      if (!lb) return;
      const listeners = await perItem(() => listings.listeners(arn), undefined);
      if (listeners) entries.set(arn, loadBalancerView(lb, listeners, "string"));
    }),
  );
  return {
    failure,
    loadBalancersFor: (instance) => {
      const arns = new Set<string>();
      for (const key of [instance.InstanceId, instance.PrivateIpAddress]) for (const arn of key ? (lbsByTarget.get(key) ?? []) : []) arns.add(arn);
      return [...arns].map((arn) => entries.get(arn)).filter((e): e is LoadBalancerView => e !== undefined);
    },
  };
}

type RegionJoins = Omit<InstanceJoins, "images" | "instanceTypes" | "ssmDetails" | "terminationProtection"> & {
  /** A failed per-item load balancer call: one ErrorResource for the type, the instances still sent. */
  loadBalancerFailure?: unknown;
};

async function regionJoins(ctx: RegionContext): Promise<RegionJoins> {
  const l = ctx.listings;
  const [volumes, groups, vpcs, subnets, asgs, launchConfigs, loadBalancers] = await Promise.all([
    l.volumes(),
    l.securityGroups(),
    l.vpcs(),
    l.subnets(),
    l.autoScalingGroups(),
    l.launchConfigurations(),
    loadBalancerIndex(ctx),
  ]);
  const securityGroupRowsById = new Map<string, { order: number; rows: Record<string, unknown>[] }>();
  groups.forEach((g, order) => g.GroupId && securityGroupRowsById.set(g.GroupId, { order, rows: securityGroupRows(g) }));
  const asgByInstance = new Map<string, AutoScalingGroup>();
  for (const asg of asgs) for (const i of asg.Instances ?? []) if (i.InstanceId) asgByInstance.set(i.InstanceId, asg);
  return {
    account: ctx.account,
    region: ctx.region,
    volumes: byId(volumes, (v) => v.VolumeId),
    securityGroupRows: securityGroupRowsById,
    vpcs: byId(vpcs, (v) => v.VpcId),
    subnets: byId(subnets, (s) => s.SubnetId),
    asgByInstance,
    launchConfigurations: byId(launchConfigs, (c) => c.LaunchConfigurationName),
    loadBalancersFor: loadBalancers.loadBalancersFor,
    loadBalancerFailure: loadBalancers.failure,
  };
}

// ---------------------------------------------------------------- the module

export const instanceType: ResourceTypeModule = {
  type: "Instance",
  async *collect(ctx: RegionContext): AsyncIterable<CollectedRecord> {
    const joinsReady = regionJoins(ctx);
    joinsReady.catch(() => undefined);
    // Images and instance types are looked up as pages reveal them; each id is asked for once per region.
    const images = new Map<string, Image>();
    const types = new Map<string, InstanceTypeInfo>();
    const seenImages = new Set<string>();
    const seenTypes = new Set<string>();
    let count = 0;
    for await (const page of ctx.listings.instancePages()) {
      const newImages = [...new Set(page.map((i) => i.ImageId).filter((x): x is string => !!x && !seenImages.has(x)))];
      const newTypes = [...new Set(page.map((i): string | undefined => i.InstanceType).filter((x): x is string => !!x && !seenTypes.has(x)))];
      newImages.forEach((x) => seenImages.add(x));
      newTypes.forEach((x) => seenTypes.add(x));
      const ids = page.map((i) => i.InstanceId).filter((x): x is string => !!x);
      const protection = page.map((i) => ctx.listings.terminationProtection(i).then((value) => ({ ok: true as const, value }), (err: unknown) => ({ ok: false as const, err })));
      const [region, pageImages, pageTypes, ssmDetails] = await Promise.all([
        joinsReady,
        newImages.length ? ctx.listings.imagesById(newImages) : new Map<string, Image>(),
        newTypes.length ? ctx.listings.instanceTypes(newTypes) : new Map<string, InstanceTypeInfo>(),
        ctx.listings.ssmPlatformDetails(ids),
      ]);
      pageImages.forEach((v, k) => images.set(k, v));
      pageTypes.forEach((v, k) => types.set(k, v));
      for (let n = 0; n < page.length; n++) {
        const instance = page[n]!;
        const tp = await protection[n]!;
        ctx.signal.throwIfAborted();
        if (!tp.ok) {
          // Rejected credentials concern the whole stream, not this instance.
          if (endsStream(tp.err)) throw tp.err;
          yield errorRecord({ type: "Instance", region: ctx.region, resourceId: instance.InstanceId }, tp.err);
          continue;
        }
        let record: CollectedRecord;
        try {
          record = instanceRecord(instance, { ...region, images, instanceTypes: types, ssmDetails, terminationProtection: tp.value });
        } catch (err) {
          ctx.log.error("instance record failed", { region: ctx.region, instance_id: instance.InstanceId, err });
          yield errorRecord({ type: "Instance", region: ctx.region, resourceId: instance.InstanceId }, err);
          continue;
        }
        count++;
        yield record;
      }
      ctx.log.info("instances page collected", { region: ctx.region, page_instances: page.length, instances_so_far: count });
    }
    const { loadBalancerFailure } = await joinsReady;
    if (loadBalancerFailure !== undefined) yield errorRecord({ type: "Instance", region: ctx.region }, loadBalancerFailure);
  },
};
