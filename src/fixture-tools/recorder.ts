/**
 * Recorder: walks every Describe call the collector makes with the real SDK
 * clients (endpoint overridable, so it can record from the replay itself) and
 * writes the result in the fixture format, optionally redacted (redact.ts).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  AutoScalingClient,
  DescribeLifecycleHooksCommand,
  paginateDescribeAutoScalingGroups,
  paginateDescribeLaunchConfigurations,
  paginateDescribeNotificationConfigurations,
  paginateDescribePolicies,
  paginateDescribeScheduledActions,
} from "@aws-sdk/client-auto-scaling";
import {
  type EC2ClientConfig,
  DescribeAddressesCommand,
  DescribeImageAttributeCommand,
  DescribeInstanceAttributeCommand,
  DescribeRegionsCommand,
  DescribeVolumeAttributeCommand,
  EC2Client,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeInstanceTypes,
  paginateDescribeLaunchTemplates,
  paginateDescribeLaunchTemplateVersions,
  paginateDescribeNatGateways,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
  paginateDescribeSubnets,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
} from "@aws-sdk/client-ec2";
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { paginateDescribeInstanceInformation, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { chunks } from "../common/async.js";
import { FORMAT_VERSION, RESOURCE_FILES, type Item, type ResourceKind } from "../replay/fixture-format.js";
import type { AccountFixture, SetDefinition } from "../replay/fixture-store.js";

export interface RecordAccount {
  credentials: NonNullable<EC2ClientConfig["credentials"]>;
}

export interface RecordOptions {
  accounts: RecordAccount[];
  /** Regions to record; default: every region DescribeRegions lists as enabled. */
  regions?: string[];
  /** Endpoint for every client (e.g. the replay); default: AWS. */
  endpoint?: string;
  /** Extra client configuration (retry strategy, …). */
  clientConfig?: Record<string, unknown>;
}

export type RegionRecording = Partial<Record<ResourceKind, Item[] | Record<string, Item[]>>>;

export interface Recording {
  /** The set definition (accounts without keys yet; the writer adds fresh fake keys). */
  accounts: Array<Pick<AccountFixture, "accountId" | "enabledRegions" | "disabledRegions">>;
  /** `<account>/<region>` → resources. */
  regions: Map<string, RegionRecording>;
  /** Items and optional listings left out because AWS denied them or they vanished while recording. */
  warnings: string[];
}

/** SDK output → fixture form: Dates as ISO strings, no `undefined`, no `$metadata`. */
export function toFixtureValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toFixtureValue);
  if (value && typeof value === "object") {
    const out: Item = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && k !== "$metadata") out[k] = toFixtureValue(v);
    return out;
  }
  return value;
}

async function collect<T>(pages: AsyncIterable<T>, key: keyof T): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) items.push(...((page[key] as unknown[] | undefined) ?? []).map((v) => toFixtureValue(v) as Item));
  return items;
}

/** Errors that lose one item or one optional listing, not the recording: denied or vanished since listed. */
const SKIPPABLE = /NotFound|UnauthorizedOperation|AccessDenied/;

async function recordRegion(config: Record<string, unknown>, accountId: string, warnings: string[]): Promise<RegionRecording> {
  /** Runs a per-item or optional call; a skippable error is noted in `warnings` and the item left out. */
  const optional = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof Error) || !SKIPPABLE.test(err.name)) throw err;
      warnings.push(`${accountId}/${String(config.region)}: ${what}: ${err.name}: ${err.message}`);
      return undefined;
    }
  };
  const ec2 = new EC2Client(config);
  const asg = new AutoScalingClient(config);
  const elb = new ElasticLoadBalancingV2Client(config);
  const ssm = new SSMClient(config);
  const p = { pageSize: 1000, stopOnSameToken: true };
  try {
    const out: RegionRecording = {};
    const reservations = await collect(paginateDescribeInstances({ client: ec2, ...p }, {}), "Reservations");
    out.instances = reservations;
    const instances = reservations.flatMap((r) => (r.Instances as Item[]) ?? []);
    const typeNames = [...new Set(instances.map((i) => i.InstanceType as string))].sort();
    out.instanceTypes = [];
    for (const batch of chunks(typeNames, 100)) {
      out.instanceTypes.push(...(await collect(paginateDescribeInstanceTypes({ client: ec2, pageSize: 100 }, { InstanceTypes: batch as never }), "InstanceTypes")));
    }
    const images = new Map<string, Item>();
    for (const image of await collect(paginateDescribeImages({ client: ec2, ...p }, { Owners: ["self"] }), "Images")) images.set(image.ImageId as string, image);
    const used = [...new Set(instances.map((i) => i.ImageId as string))];
    for (const batch of chunks(used, 100)) {
      for (const image of await collect(paginateDescribeImages({ client: ec2, ...p }, { Filters: [{ Name: "image-id", Values: batch }] }), "Images")) images.set(image.ImageId as string, image);
    }
    out.images = [...images.values()].sort((a, b) => String(a.ImageId).localeCompare(String(b.ImageId)));
    out.imageAttributes = [];
    for (const image of out.images.filter((i) => i.OwnerId === accountId)) {
      const attr = await optional(`DescribeImageAttribute ${String(image.ImageId)}`, () => ec2.send(new DescribeImageAttributeCommand({ ImageId: image.ImageId as string, Attribute: "launchPermission" })));
      if (attr) out.imageAttributes.push(toFixtureValue({ ImageId: attr.ImageId, LaunchPermissions: attr.LaunchPermissions }) as Item);
    }
    out.instanceAttributes = [];
    for (const instance of instances) {
      const attr = await optional(`DescribeInstanceAttribute ${String(instance.InstanceId)}`, () =>
        ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instance.InstanceId as string, Attribute: "disableApiTermination" })),
      );
      if (attr) out.instanceAttributes.push(toFixtureValue({ InstanceId: attr.InstanceId, DisableApiTermination: attr.DisableApiTermination }) as Item);
    }
    out.volumes = await collect(paginateDescribeVolumes({ client: ec2, pageSize: 500, stopOnSameToken: true }, {}), "Volumes");
    out.volumeAttributes = [];
    for (const volume of out.volumes) {
      const attr = await optional(`DescribeVolumeAttribute ${String(volume.VolumeId)}`, () => ec2.send(new DescribeVolumeAttributeCommand({ VolumeId: volume.VolumeId as string, Attribute: "productCodes" })));
      if (attr) out.volumeAttributes.push(toFixtureValue({ VolumeId: attr.VolumeId, ProductCodes: attr.ProductCodes }) as Item);
    }
    out.snapshots = await collect(paginateDescribeSnapshots({ client: ec2, ...p }, { OwnerIds: ["self"] }), "Snapshots");
    out.securityGroups = await collect(paginateDescribeSecurityGroups({ client: ec2, ...p }, {}), "SecurityGroups");
    out.securityGroupRules = await collect(paginateDescribeSecurityGroupRules({ client: ec2, ...p }, {}), "SecurityGroupRules");
    out.vpcs = await collect(paginateDescribeVpcs({ client: ec2, ...p }, {}), "Vpcs");
    out.subnets = await collect(paginateDescribeSubnets({ client: ec2, ...p }, {}), "Subnets");
    out.addresses = ((await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []).map((a) => toFixtureValue(a) as Item);
    out.natGateways = await collect(paginateDescribeNatGateways({ client: ec2, ...p }, {}), "NatGateways");
    out.networkInterfaces = await collect(paginateDescribeNetworkInterfaces({ client: ec2, ...p }, {}), "NetworkInterfaces");
    out.launchTemplates = await collect(paginateDescribeLaunchTemplates({ client: ec2, pageSize: 200, stopOnSameToken: true }, {}), "LaunchTemplates");
    out.launchTemplateVersions = [];
    for (const template of out.launchTemplates) {
      const versions = paginateDescribeLaunchTemplateVersions({ client: ec2, pageSize: 200, stopOnSameToken: true }, { LaunchTemplateId: template.LaunchTemplateId as string });
      out.launchTemplateVersions.push(...(await collect(versions, "LaunchTemplateVersions")));
    }
    const r = { pageSize: 100, stopOnSameToken: true };
    out.autoScalingGroups = await collect(paginateDescribeAutoScalingGroups({ client: asg, ...r }, {}), "AutoScalingGroups");
    out.launchConfigurations = await collect(paginateDescribeLaunchConfigurations({ client: asg, ...r }, {}), "LaunchConfigurations");
    out.policies = await collect(paginateDescribePolicies({ client: asg, ...r }, {}), "ScalingPolicies");
    out.notificationConfigurations = await collect(paginateDescribeNotificationConfigurations({ client: asg, ...r }, {}), "NotificationConfigurations");
    out.scheduledActions = await collect(paginateDescribeScheduledActions({ client: asg, ...r }, {}), "ScheduledUpdateGroupActions");
    out.lifecycleHooks = [];
    for (const group of out.autoScalingGroups) {
      const hooks = await asg.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: group.AutoScalingGroupName as string }));
      out.lifecycleHooks.push(...(hooks.LifecycleHooks ?? []).map((h) => toFixtureValue(h) as Item));
    }
    const e = { pageSize: 400, stopOnSameToken: true };
    out.loadBalancers = await collect(paginateDescribeLoadBalancers({ client: elb, ...e }, {}), "LoadBalancers");
    out.targetGroups = await collect(paginateDescribeTargetGroups({ client: elb, ...e }, {}), "TargetGroups");
    out.listeners = [];
    for (const lb of out.loadBalancers) {
      out.listeners.push(...(await collect(paginateDescribeListeners({ client: elb, ...e }, { LoadBalancerArn: lb.LoadBalancerArn as string }), "Listeners")));
    }
    const health: Record<string, Item[]> = {};
    for (const group of out.targetGroups) {
      const answer = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn as string }));
      health[group.TargetGroupArn as string] = (answer.TargetHealthDescriptions ?? []).map((d) => toFixtureValue(d) as Item);
    }
    out.targetHealth = health;
    // SSM is an optional permission of the collector.
    out.instanceInformation =
      (await optional("DescribeInstanceInformation", () => collect(paginateDescribeInstanceInformation({ client: ssm, pageSize: 50, stopOnSameToken: true }, {}), "InstanceInformationList"))) ?? [];
    return out;
  } finally {
    for (const client of [ec2, asg, elb, ssm]) client.destroy();
  }
}

/**
 * Records every account and region. A denied or vanished per-item call, or a denied SSM listing, only
 * leaves that item out (see `warnings`); any other error (throttling past retries, a denied listing)
 * aborts the recording.
 */
export async function record(options: RecordOptions): Promise<Recording> {
  const recording: Recording = { accounts: [], regions: new Map(), warnings: [] };
  for (const account of options.accounts) {
    const base = { ...options.clientConfig, credentials: account.credentials, ...(options.endpoint ? { endpoint: options.endpoint } : {}) };
    const sts = new STSClient({ ...base, region: options.regions?.[0] ?? "us-east-1" });
    const accountId = (await sts.send(new GetCallerIdentityCommand({}))).Account!;
    sts.destroy();
    const ec2 = new EC2Client({ ...base, region: options.regions?.[0] ?? "us-east-1" });
    const all = (await ec2.send(new DescribeRegionsCommand({ AllRegions: true }))).Regions ?? [];
    ec2.destroy();
    const enabled = all.filter((r) => r.OptInStatus !== "not-opted-in").map((r) => r.RegionName!);
    const regions = options.regions ?? enabled;
    recording.accounts.push({ accountId, enabledRegions: enabled, disabledRegions: all.filter((r) => r.OptInStatus === "not-opted-in").map((r) => r.RegionName!) });
    for (const region of regions.filter((r) => enabled.includes(r))) {
      recording.regions.set(`${accountId}/${region}`, await recordRegion({ ...base, region }, accountId, recording.warnings));
    }
  }
  return recording;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Writes a recording as a fixture set under `dir`. Each account gets a fresh
 * fake access key (`AKIARECORDED<n>…`); empty listings are left out.
 */
export function writeRecording(recording: Recording, dir: string, name: string, description: string): SetDefinition {
  const accounts: AccountFixture[] = recording.accounts.map((a, i) => ({
    accountId: a.accountId,
    users: [{ userName: "recorded", accessKeyId: `AKIARECORDED${String(i + 1).padStart(8, "0")}`, secretAccessKey: `recorded-secret-${i + 1}` }],
    roles: [],
    enabledRegions: a.enabledRegions,
    disabledRegions: a.disabledRegions,
  }));
  const definition: SetDefinition = { formatVersion: FORMAT_VERSION, name, description, accounts };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "set.json"), json(definition));
  for (const [key, resources] of recording.regions) {
    const regionDir = join(dir, ...key.split("/"));
    mkdirSync(regionDir, { recursive: true });
    for (const [kind, value] of Object.entries(resources) as Array<[ResourceKind, Item[] | Record<string, Item[]>]>) {
      const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
      if (empty) continue;
      const spec = RESOURCE_FILES[kind];
      writeFileSync(join(regionDir, spec.file), json({ [spec.key]: value }));
    }
  }
  return definition;
}
