/**
 * EC2 (ec2Query): every Describe call the collector makes, with the ids,
 * owners and filters it sends and AWS's page limits (stack-notes 12.5).
 */
import { createHash } from "node:crypto";
import { AwsError, invalidParameterValue } from "../aws-error.js";
import type { CallContext, Operation, ServiceHandlers } from "../operation.js";
import { applyFilters, get, type FilterTable } from "../filters.js";
import type { Item, ResourceKind } from "../fixture-format.js";
import { paginate, type PageRule } from "../pagination.js";
import { notFound, selectByIds } from "./common.js";

const page = (min: number, max: number, aboveMax: PageRule["aboveMax"] = "error", defaultSize?: number): PageRule => ({
  sizeMember: "MaxResults",
  tokenMember: "NextToken",
  min,
  max,
  aboveMax,
  ...(defaultSize !== undefined ? { defaultSize } : {}),
});

/** Regions that must be enabled by the account owner before use (AWS "opt-in" regions). */
const OPT_IN_REGIONS = new Set([
  "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
  "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
]);

const ownerOf = (ctx: CallContext, owner: string) => (owner === "self" ? ctx.account.accountId : owner);

// --- instances ---------------------------------------------------------------

interface InstanceRow {
  reservation: Item;
  instance: Item;
}

const INSTANCE_FILTERS: FilterTable = {
  "instance-state-name": (i) => get(i, "State", "Name"),
  "instance-state-code": (i) => get(i, "State", "Code"),
  "instance-id": (i) => i.InstanceId,
  "instance-type": (i) => i.InstanceType,
  "image-id": (i) => i.ImageId,
  "vpc-id": (i) => i.VpcId,
  "subnet-id": (i) => i.SubnetId,
  "availability-zone": (i) => get(i, "Placement", "AvailabilityZone"),
  "instance-lifecycle": (i) => i.InstanceLifecycle,
  "platform": (i) => i.Platform,
  "private-ip-address": (i) => i.PrivateIpAddress,
  "ip-address": (i) => i.PublicIpAddress,
  "instance.group-id": (i) => ((i.SecurityGroups as Item[] | undefined) ?? []).map((g) => g.GroupId),
  "network-interface.network-interface-id": (i) => ((i.NetworkInterfaces as Item[] | undefined) ?? []).map((n) => n.NetworkInterfaceId),
};

function instanceRows(ctx: CallContext): InstanceRow[] {
  return ctx.fixtures.memo("instanceRows", () =>
    ctx.fixtures.list("instances").flatMap((reservation) => ((reservation.Instances as Item[] | undefined) ?? []).map((instance) => ({ reservation, instance }))),
  );
}

/** Groups a page of instances back into their reservations, each holding only the page's instances. */
function regroup(rows: readonly InstanceRow[]): Item[] {
  const out: Item[] = [];
  let last: InstanceRow["reservation"] | undefined;
  for (const row of rows) {
    if (row.reservation !== last) {
      out.push({ ...row.reservation, Instances: [] });
      last = row.reservation;
    }
    (out[out.length - 1]!.Instances as Item[]).push(row.instance);
  }
  return out;
}

const describeInstances: Operation = {
  accepts: ["InstanceIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    if (Array.isArray(input.InstanceIds) && input.InstanceIds.length > 0 && input.MaxResults !== undefined) {
      throw new AwsError("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults");
    }
    let rows: readonly InstanceRow[] = instanceRows(ctx);
    const ids = input.InstanceIds;
    if (Array.isArray(ids) && ids.length > 0) {
      const selected = selectByIds(rows.map((r) => r.instance), ids, "InstanceId", notFound("InvalidInstanceID.NotFound", "instance ID"));
      const wanted = new Set(selected);
      rows = rows.filter((r) => wanted.has(r.instance));
    }
    if (Array.isArray(input.Filters) && input.Filters.length > 0) {
      const kept = new Set(applyFilters(rows.map((r) => r.instance), input.Filters, INSTANCE_FILTERS));
      rows = rows.filter((r) => kept.has(r.instance));
    }
    const { items, next } = paginate(rows, input, page(5, 1000), ctx);
    return { Reservations: regroup(items), NextToken: next };
  },
};

/** The items of a listing by one of their members, built once per region (per-item calls come by the thousand). */
function byKey(ctx: CallContext, kind: ResourceKind, key: string): ReadonlyMap<unknown, Item> {
  return ctx.fixtures.memo(`${kind}#${key}`, () => new Map(ctx.fixtures.list(kind).map((item) => [item[key], item])));
}

function findInstance(ctx: CallContext, id: unknown): Item {
  const instance = ctx.fixtures.memo("instancesById", () => new Map(instanceRows(ctx).map((r) => [r.instance.InstanceId, r.instance]))).get(id);
  if (!instance) throw notFound("InvalidInstanceID.NotFound", "instance ID")([String(id)]);
  return instance;
}

/** Attribute name → output member (and its default when the fixture has no value). */
const INSTANCE_ATTRIBUTES: Record<string, [string, (instance: Item) => unknown]> = {
  disableApiTermination: ["DisableApiTermination", () => ({ Value: false })],
  disableApiStop: ["DisableApiStop", () => ({ Value: false })],
  instanceType: ["InstanceType", (i) => ({ Value: i.InstanceType })],
  instanceInitiatedShutdownBehavior: ["InstanceInitiatedShutdownBehavior", () => ({ Value: "stop" })],
  ebsOptimized: ["EbsOptimized", (i) => ({ Value: i.EbsOptimized ?? false })],
  sourceDestCheck: ["SourceDestCheck", (i) => ({ Value: i.SourceDestCheck ?? true })],
  rootDeviceName: ["RootDeviceName", (i) => ({ Value: i.RootDeviceName })],
  blockDeviceMapping: ["BlockDeviceMappings", (i) => i.BlockDeviceMappings ?? []],
  productCodes: ["ProductCodes", (i) => i.ProductCodes ?? []],
  groupSet: ["Groups", (i) => i.SecurityGroups ?? []],
  userData: ["UserData", () => ({})],
};

const describeInstanceAttribute: Operation = {
  accepts: ["InstanceId", "Attribute"],
  handle(input, ctx) {
    const instance = findInstance(ctx, input.InstanceId);
    const spec = INSTANCE_ATTRIBUTES[String(input.Attribute)];
    if (!spec) throw invalidParameterValue(`Value (${String(input.Attribute)}) for parameter attribute is invalid. Unknown attribute.`);
    const [member, fallback] = spec;
    const stored = byKey(ctx, "instanceAttributes", "InstanceId").get(instance.InstanceId);
    return { InstanceId: instance.InstanceId, [member]: stored?.[member] ?? fallback(instance) };
  },
};

// --- instance types, images ---------------------------------------------------

const describeInstanceTypes: Operation = {
  accepts: ["InstanceTypes", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const all = ctx.fixtures.list("instanceTypes");
    const types = selectByIds(all, input.InstanceTypes, "InstanceType", (missing) =>
      invalidParameterValue(`The following supplied instance types do not exist: [${missing.join(", ")}]`),
    );
    const { items, next } = paginate(types, input, page(5, 100, "error", 100), ctx);
    return { InstanceTypes: items, NextToken: next };
  },
};

const IMAGE_FILTERS: FilterTable = {
  "image-id": (i) => i.ImageId,
  "owner-id": (i) => i.OwnerId,
  "owner-alias": (i) => i.ImageOwnerAlias,
  name: (i) => i.Name,
  state: (i) => i.State,
  "is-public": (i) => i.Public,
  platform: (i) => i.Platform,
  architecture: (i) => i.Architecture,
  "image-type": (i) => i.ImageType,
};

const describeImages: Operation = {
  accepts: ["ImageIds", "Owners", "Filters", "MaxResults", "NextToken", "IncludeDeprecated"],
  handle(input, ctx) {
    let images = selectByIds(ctx.fixtures.list("images"), input.ImageIds, "ImageId", notFound("InvalidAMIID.NotFound", "image id"));
    if (Array.isArray(input.Owners) && input.Owners.length > 0) {
      const owners = (input.Owners as string[]).map((o) => ownerOf(ctx, o));
      images = images.filter((i) => owners.includes(i.OwnerId as string) || owners.includes(i.ImageOwnerAlias as string));
    }
    // AWS hides deprecated images unless asked, except from their owner.
    if (input.IncludeDeprecated !== true) {
      images = images.filter((i) => i.OwnerId === ctx.account.accountId || typeof i.DeprecationTime !== "string" || Date.parse(i.DeprecationTime) > ctx.now());
    }
    images = applyFilters(images, input.Filters, IMAGE_FILTERS);
    const { items, next } = paginate(images, input, page(5, 1000, "cap"), ctx);
    return { Images: items, NextToken: next };
  },
};

const IMAGE_ATTRIBUTES: Record<string, [string, unknown]> = {
  launchPermission: ["LaunchPermissions", []],
  productCodes: ["ProductCodes", []],
  blockDeviceMapping: ["BlockDeviceMappings", []],
  description: ["Description", {}],
  bootMode: ["BootMode", {}],
  imdsSupport: ["ImdsSupport", {}],
  deregistrationProtection: ["DeregistrationProtection", {}],
  lastLaunchedTime: ["LastLaunchedTime", {}],
};

const describeImageAttribute: Operation = {
  accepts: ["ImageId", "Attribute"],
  handle(input, ctx) {
    const image = byKey(ctx, "images", "ImageId").get(input.ImageId);
    if (!image || image.OwnerId !== ctx.account.accountId) throw notFound("InvalidAMIID.NotFound", "image id")([String(input.ImageId)]);
    const spec = IMAGE_ATTRIBUTES[String(input.Attribute)];
    if (!spec) throw invalidParameterValue(`Value (${String(input.Attribute)}) for parameter attribute is invalid. Unknown attribute.`);
    const [member, fallback] = spec;
    const stored = byKey(ctx, "imageAttributes", "ImageId").get(image.ImageId);
    return { ImageId: image.ImageId, [member]: stored?.[member] ?? fallback };
  },
};

// --- volumes, snapshots ---------------------------------------------------------

const VOLUME_FILTERS: FilterTable = {
  "volume-id": (v) => v.VolumeId,
  status: (v) => v.State,
  "volume-type": (v) => v.VolumeType,
  "availability-zone": (v) => v.AvailabilityZone,
  "attachment.instance-id": (v) => ((v.Attachments as Item[] | undefined) ?? []).map((a) => a.InstanceId),
  encrypted: (v) => v.Encrypted,
  "snapshot-id": (v) => v.SnapshotId,
};

const describeVolumes: Operation = {
  accepts: ["VolumeIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const volumes = applyFilters(selectByIds(ctx.fixtures.list("volumes"), input.VolumeIds, "VolumeId", notFound("InvalidVolume.NotFound", "volume")), input.Filters, VOLUME_FILTERS);
    const { items, next } = paginate(volumes, input, page(5, 500, "cap"), ctx);
    return { Volumes: items, NextToken: next };
  },
};

const describeVolumeAttribute: Operation = {
  accepts: ["VolumeId", "Attribute"],
  handle(input, ctx) {
    const volume = byKey(ctx, "volumes", "VolumeId").get(input.VolumeId);
    if (!volume) throw notFound("InvalidVolume.NotFound", "volume")([String(input.VolumeId)]);
    const stored = byKey(ctx, "volumeAttributes", "VolumeId").get(volume.VolumeId);
    switch (input.Attribute) {
      case "productCodes":
        return { VolumeId: volume.VolumeId, ProductCodes: stored?.ProductCodes ?? [] };
      case "autoEnableIO":
        return { VolumeId: volume.VolumeId, AutoEnableIO: stored?.AutoEnableIO ?? { Value: false } };
      default:
        throw invalidParameterValue(`Value (${String(input.Attribute)}) for parameter attribute is invalid. Unknown attribute.`);
    }
  },
};

const SNAPSHOT_FILTERS: FilterTable = {
  "snapshot-id": (s) => s.SnapshotId,
  "volume-id": (s) => s.VolumeId,
  status: (s) => s.State,
  "owner-id": (s) => s.OwnerId,
  encrypted: (s) => s.Encrypted,
};

const describeSnapshots: Operation = {
  accepts: ["OwnerIds", "SnapshotIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    let snapshots = selectByIds(ctx.fixtures.list("snapshots"), input.SnapshotIds, "SnapshotId", notFound("InvalidSnapshot.NotFound", "snapshot"));
    if (Array.isArray(input.OwnerIds) && input.OwnerIds.length > 0) {
      const owners = (input.OwnerIds as string[]).map((o) => ownerOf(ctx, o));
      snapshots = snapshots.filter((s) => owners.includes(s.OwnerId as string) || owners.includes(s.OwnerAlias as string));
    }
    const { items, next } = paginate(applyFilters(snapshots, input.Filters, SNAPSHOT_FILTERS), input, page(5, 1000, "cap"), ctx);
    return { Snapshots: items, NextToken: next };
  },
};

// --- security groups --------------------------------------------------------------

const GROUP_FILTERS: FilterTable = {
  "group-id": (g) => g.GroupId,
  "group-name": (g) => g.GroupName,
  "vpc-id": (g) => g.VpcId,
  "owner-id": (g) => g.OwnerId,
};

const describeSecurityGroups: Operation = {
  accepts: ["GroupIds", "GroupNames", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    let groups = selectByIds(ctx.fixtures.list("securityGroups"), input.GroupIds, "GroupId", notFound("InvalidGroup.NotFound", "security group"));
    groups = selectByIds(groups, input.GroupNames, "GroupName", notFound("InvalidGroup.NotFound", "security group"));
    const { items, next } = paginate(applyFilters(groups, input.Filters, GROUP_FILTERS), input, page(5, 1000), ctx);
    return { SecurityGroups: items, NextToken: next };
  },
};

/** One rule per (permission × remote) in AWS's order; ids are stable hashes when the fixture has no rule file. */
function deriveRules(ctx: CallContext): Item[] {
  const rules: Item[] = [];
  for (const group of ctx.fixtures.list("securityGroups")) {
    for (const [member, egress] of [["IpPermissions", false], ["IpPermissionsEgress", true]] as const) {
      for (const permission of (group[member] as Item[] | undefined) ?? []) {
        // AWS reports -1 for the ports of rules that have none (protocol -1).
        const base = { GroupId: group.GroupId, GroupOwnerId: group.OwnerId, IsEgress: egress, IpProtocol: permission.IpProtocol, FromPort: permission.FromPort ?? -1, ToPort: permission.ToPort ?? -1 };
        const remotes: Item[] = [
          ...((permission.IpRanges as Item[] | undefined) ?? []).map((r) => ({ CidrIpv4: r.CidrIp, Description: r.Description })),
          ...((permission.UserIdGroupPairs as Item[] | undefined) ?? []).map((p) => ({
            ReferencedGroupInfo: { GroupId: p.GroupId, UserId: p.UserId, VpcId: p.VpcId },
            Description: p.Description,
          })),
          ...((permission.Ipv6Ranges as Item[] | undefined) ?? []).map((r) => ({ CidrIpv6: r.CidrIpv6, Description: r.Description })),
          ...((permission.PrefixListIds as Item[] | undefined) ?? []).map((p) => ({ PrefixListId: p.PrefixListId, Description: p.Description })),
        ];
        for (const remote of remotes) {
          const rule: Item = { ...base, ...remote, Tags: [] };
          // The collector's golden outputs hold these ids (since main's e157756): never change what is hashed.
          const id = createHash("sha256").update(JSON.stringify(rule)).digest("hex").slice(0, 17);
          rules.push(Object.fromEntries(Object.entries({ SecurityGroupRuleId: `sgr-${id}`, ...rule }).filter(([, v]) => v !== undefined)));
        }
      }
    }
  }
  return rules;
}

const RULE_FILTERS: FilterTable = {
  "group-id": (r) => r.GroupId,
  "security-group-rule-id": (r) => r.SecurityGroupRuleId,
};

const describeSecurityGroupRules: Operation = {
  accepts: ["SecurityGroupRuleIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const all = ctx.fixtures.has("securityGroupRules") ? ctx.fixtures.list("securityGroupRules") : ctx.fixtures.memo("derivedRules", () => deriveRules(ctx));
    const rules = selectByIds(all, input.SecurityGroupRuleIds, "SecurityGroupRuleId", notFound("InvalidSecurityGroupRuleId.NotFound", "security group rule"));
    const { items, next } = paginate(applyFilters(rules, input.Filters, RULE_FILTERS), input, page(5, 1000), ctx);
    return { SecurityGroupRules: items, NextToken: next };
  },
};

// --- network --------------------------------------------------------------------

const describeVpcs: Operation = {
  accepts: ["VpcIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const vpcs = selectByIds(ctx.fixtures.list("vpcs"), input.VpcIds, "VpcId", notFound("InvalidVpcID.NotFound", "vpc ID"));
    const filtered = applyFilters(vpcs, input.Filters, { "vpc-id": (v) => v.VpcId, "is-default": (v) => v.IsDefault, state: (v) => v.State, "cidr-block": (v) => v.CidrBlock });
    const { items, next } = paginate(filtered, input, page(5, 1000), ctx);
    return { Vpcs: items, NextToken: next };
  },
};

const describeSubnets: Operation = {
  accepts: ["SubnetIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const subnets = selectByIds(ctx.fixtures.list("subnets"), input.SubnetIds, "SubnetId", notFound("InvalidSubnetID.NotFound", "subnet ID"));
    const filtered = applyFilters(subnets, input.Filters, {
      "subnet-id": (s) => s.SubnetId,
      "vpc-id": (s) => s.VpcId,
      "availability-zone": (s) => s.AvailabilityZone,
      "default-for-az": (s) => s.DefaultForAz,
    });
    const { items, next } = paginate(filtered, input, page(5, 1000), ctx);
    return { Subnets: items, NextToken: next };
  },
};

const describeAddresses: Operation = {
  accepts: ["PublicIps", "AllocationIds", "Filters"],
  handle(input, ctx) {
    let addresses = selectByIds(ctx.fixtures.list("addresses"), input.AllocationIds, "AllocationId", notFound("InvalidAllocationID.NotFound", "allocation ID"));
    addresses = selectByIds(addresses, input.PublicIps, "PublicIp", (missing) => new AwsError("InvalidAddress.NotFound", `Address '${missing[0]}' not found.`));
    const filtered = applyFilters(addresses, input.Filters, {
      "allocation-id": (a) => a.AllocationId,
      "association-id": (a) => a.AssociationId,
      "public-ip": (a) => a.PublicIp,
      "instance-id": (a) => a.InstanceId,
      "network-interface-id": (a) => a.NetworkInterfaceId,
      "private-ip-address": (a) => a.PrivateIpAddress,
      domain: (a) => a.Domain,
    });
    return { Addresses: filtered };
  },
};

const describeNatGateways: Operation = {
  accepts: ["NatGatewayIds", "Filter", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const gateways = selectByIds(ctx.fixtures.list("natGateways"), input.NatGatewayIds, "NatGatewayId", (missing) =>
      new AwsError("NatGatewayNotFound", `NAT gateway ${missing[0]} was not found`),
    );
    const filtered = applyFilters(gateways, input.Filter, {
      "nat-gateway-id": (n) => n.NatGatewayId,
      state: (n) => n.State,
      "subnet-id": (n) => n.SubnetId,
      "vpc-id": (n) => n.VpcId,
    });
    const { items, next } = paginate(filtered, input, page(5, 1000), ctx);
    return { NatGateways: items, NextToken: next };
  },
};

const describeNetworkInterfaces: Operation = {
  accepts: ["NetworkInterfaceIds", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    if (Array.isArray(input.NetworkInterfaceIds) && input.NetworkInterfaceIds.length > 0 && input.MaxResults !== undefined) {
      throw new AwsError("InvalidParameterCombination", "The parameter NetworkInterfaceIds cannot be used with the parameter MaxResults");
    }
    const enis = selectByIds(ctx.fixtures.list("networkInterfaces"), input.NetworkInterfaceIds, "NetworkInterfaceId", notFound("InvalidNetworkInterfaceID.NotFound", "network interface"));
    const filtered = applyFilters(enis, input.Filters, {
      "network-interface-id": (n) => n.NetworkInterfaceId,
      "vpc-id": (n) => n.VpcId,
      "subnet-id": (n) => n.SubnetId,
      "attachment.instance-id": (n) => get(n, "Attachment", "InstanceId"),
      "association.public-ip": (n) => get(n, "Association", "PublicIp"),
      status: (n) => n.Status,
    });
    const { items, next } = paginate(filtered, input, page(5, 1000), ctx);
    return { NetworkInterfaces: items, NextToken: next };
  },
};

// --- launch templates ---------------------------------------------------------------

const describeLaunchTemplates: Operation = {
  accepts: ["LaunchTemplateIds", "LaunchTemplateNames", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    let templates = selectByIds(ctx.fixtures.list("launchTemplates"), input.LaunchTemplateIds, "LaunchTemplateId", (missing) =>
      new AwsError("InvalidLaunchTemplateId.NotFound", `The specified launch template, with template ID ${missing[0]}, does not exist.`),
    );
    templates = selectByIds(templates, input.LaunchTemplateNames, "LaunchTemplateName", (missing) =>
      new AwsError("InvalidLaunchTemplateName.NotFoundException", `At least one of the launch templates specified in the request does not exist. (${missing[0]})`),
    );
    const filtered = applyFilters(templates, input.Filters, { "launch-template-name": (t) => t.LaunchTemplateName, "create-time": (t) => t.CreateTime });
    const { items, next } = paginate(filtered, input, page(1, 200), ctx);
    return { LaunchTemplates: items, NextToken: next };
  },
};

/** Resolves `$Latest`, `$Default` and numbers against one template's versions. */
function versionMatches(version: Item, template: Item | undefined, wanted: string[]): boolean {
  return wanted.some((w) => {
    if (w === "$Latest") return version.VersionNumber === template?.LatestVersionNumber;
    if (w === "$Default") return version.DefaultVersion === true;
    return String(version.VersionNumber) === w;
  });
}

const describeLaunchTemplateVersions: Operation = {
  accepts: ["LaunchTemplateId", "LaunchTemplateName", "Versions", "MinVersion", "MaxVersion", "Filters", "MaxResults", "NextToken"],
  handle(input, ctx) {
    const templates = ctx.fixtures.list("launchTemplates");
    const versions = input.Versions as string[] | undefined;
    let template: Item | undefined;
    if (input.LaunchTemplateId !== undefined || input.LaunchTemplateName !== undefined) {
      template = templates.find((t) => (input.LaunchTemplateId === undefined || t.LaunchTemplateId === input.LaunchTemplateId) && (input.LaunchTemplateName === undefined || t.LaunchTemplateName === input.LaunchTemplateName));
      if (!template) {
        throw input.LaunchTemplateId !== undefined
          ? new AwsError("InvalidLaunchTemplateId.NotFound", `The specified launch template, with template ID ${String(input.LaunchTemplateId)}, does not exist.`)
          : new AwsError("InvalidLaunchTemplateName.NotFoundException", `The specified launch template, with template name ${String(input.LaunchTemplateName)}, does not exist.`);
      }
    } else if (!versions?.length || versions.some((v) => v !== "$Latest" && v !== "$Default")) {
      throw new AwsError("MissingParameter", "The request must contain the parameter LaunchTemplateName or LaunchTemplateId, or specify only $Latest or $Default versions.");
    }
    const byId = new Map(templates.map((t) => [t.LaunchTemplateId, t]));
    let rows = ctx.fixtures.list("launchTemplateVersions").filter((v) => !template || v.LaunchTemplateId === template.LaunchTemplateId);
    if (versions?.length) rows = rows.filter((v) => versionMatches(v, byId.get(v.LaunchTemplateId), versions));
    if (input.MinVersion !== undefined) rows = rows.filter((v) => Number(v.VersionNumber) >= Number(input.MinVersion));
    if (input.MaxVersion !== undefined) rows = rows.filter((v) => Number(v.VersionNumber) <= Number(input.MaxVersion));
    const filtered = applyFilters(rows, input.Filters, { "is-default-version": (v) => v.DefaultVersion, "image-id": (v) => get(v, "LaunchTemplateData", "ImageId") }, false);
    const { items, next } = paginate(filtered, input, page(1, 200), ctx);
    return { LaunchTemplateVersions: items, NextToken: next };
  },
};

// --- regions -------------------------------------------------------------------------

const describeRegions: Operation = {
  accepts: ["RegionNames", "AllRegions", "Filters"],
  handle(input, ctx) {
    const enabled = ctx.account.enabledRegions.map((name) => ({ RegionName: name, OptInStatus: OPT_IN_REGIONS.has(name) ? "opted-in" : "opt-in-not-required" }));
    const disabled = ctx.account.disabledRegions.map((name) => ({ RegionName: name, OptInStatus: "not-opted-in" }));
    let regions: Item[] = [...enabled, ...(input.AllRegions === true ? disabled : [])]
      .sort((a, b) => (a.RegionName < b.RegionName ? -1 : 1))
      .map((r) => ({ Endpoint: `ec2.${r.RegionName}.amazonaws.com`, ...r }));
    const names = input.RegionNames as string[] | undefined;
    if (names?.length) {
      const unknown = names.find((n) => !regions.some((r) => r.RegionName === n) && !ctx.account.disabledRegions.includes(n));
      if (unknown) throw new AwsError("InvalidParameterValue", `Invalid region: ${unknown}`);
      regions = [...enabled, ...disabled].map((r) => ({ Endpoint: `ec2.${r.RegionName}.amazonaws.com`, ...r })).filter((r) => names.includes(r.RegionName));
    }
    return { Regions: applyFilters(regions, input.Filters, { "region-name": (r) => r.RegionName, "opt-in-status": (r) => r.OptInStatus, endpoint: (r) => r.Endpoint }, false) };
  },
};

export const ec2Handlers: ServiceHandlers = {
  DescribeInstances: describeInstances,
  DescribeInstanceAttribute: describeInstanceAttribute,
  DescribeInstanceTypes: describeInstanceTypes,
  DescribeImages: describeImages,
  DescribeImageAttribute: describeImageAttribute,
  DescribeVolumes: describeVolumes,
  DescribeVolumeAttribute: describeVolumeAttribute,
  DescribeSnapshots: describeSnapshots,
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeSecurityGroupRules: describeSecurityGroupRules,
  DescribeVpcs: describeVpcs,
  DescribeSubnets: describeSubnets,
  DescribeAddresses: describeAddresses,
  DescribeNatGateways: describeNatGateways,
  DescribeNetworkInterfaces: describeNetworkInterfaces,
  DescribeLaunchTemplates: describeLaunchTemplates,
  DescribeLaunchTemplateVersions: describeLaunchTemplateVersions,
  DescribeRegions: describeRegions,
};

