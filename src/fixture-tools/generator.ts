/**
 * Deterministic synthetic fixture sets for scale tests and benchmarks. A
 * seeded PRNG per account × region makes every region reproducible on its own;
 * instances are written to disk as they are generated (only small summaries
 * stay in memory for the relations), so 100k instances need little memory.
 * Same options ⇒ identical bytes. Mix (stack-notes 13.8): ~80 % running, 15 %
 * stopped, a few pending/stopping/shutting-down; 10–15 % spot; 5–10 % Windows;
 * 20–30 % public IPv4; 3–15 tags, 1–4 volumes, 1–3 ENIs; 2–6 AZs per region.
 */
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { FORMAT_VERSION, RESOURCE_FILES, type Item, type ResourceKind } from "../replay/fixture-format.js";
import type { AccountFixture, SetDefinition } from "../replay/fixture-store.js";

export interface GeneratorOptions {
  /** Output directory (replaced). */
  outDir: string;
  /** Set name written to set.json (default: the directory name). */
  name: string;
  /** Total instances over all accounts and regions (default 1000). */
  instances?: number;
  /** Regions per account, taken in order from a list of 17 commercial regions (default 3). */
  regions?: number;
  /** Accounts (default 1). */
  accounts?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

export const GENERATOR_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1",
  "eu-north-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1",
];

/** sfc32: small, fast, and good enough for synthetic data. */
class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(...seeds: number[]) {
    // Mix every seed part into the four state words (splitmix-style).
    let h = 0x9e3779b9;
    const words = [0, 0, 0, 0];
    for (let round = 0; round < 4; round++) {
      for (const s of seeds) h = Math.imul(h ^ (s + round), 0x85ebca6b) ^ (h >>> 13);
      words[round] = h >>> 0;
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    for (let i = 0; i < 16; i++) this.next();
  }
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.next() * 16)];
    return s;
  }
  id(prefix: string): string {
    return `${prefix}-0${this.hex(16)}`;
  }
}

const TYPES: ReadonlyArray<[string, number, number, string]> = [
  ["t3.micro", 2, 1024, "Up to 5 Gigabit"], ["t3.small", 2, 2048, "Up to 5 Gigabit"], ["t3.medium", 2, 4096, "Up to 5 Gigabit"],
  ["t3.large", 2, 8192, "Up to 5 Gigabit"], ["m5.large", 2, 8192, "Up to 10 Gigabit"], ["m5.xlarge", 4, 16384, "Up to 10 Gigabit"],
  ["m6i.2xlarge", 8, 32768, "Up to 12.5 Gigabit"], ["c5.large", 2, 4096, "Up to 10 Gigabit"], ["c6g.xlarge", 4, 8192, "Up to 10 Gigabit"],
  ["r5.xlarge", 4, 32768, "Up to 10 Gigabit"], ["r6i.4xlarge", 16, 131072, "Up to 12.5 Gigabit"], ["g4dn.xlarge", 4, 16384, "Up to 25 Gigabit"],
];
const APPS = ["web", "api", "worker", "batch", "db", "cache", "search", "etl", "auth", "billing", "gateway", "reports"];
const ENVS = ["production", "staging", "development", "qa"];
const TEAMS = ["platform", "payments", "data", "growth", "infra", "mobile", "sre", "analytics"];
const OWNERS = ["Zoë Ångström", "山田太郎", "김민수", "José Núñez", "Ørjan Søvik", "Priya Ramaswamy", "Łukasz Wróbel", "Chen Wei"];
const AMAZON = "137112412989";

interface InstanceSummary {
  id: string;
  type: string;
  az: string;
  subnet: string;
  ip: string;
  state: string;
  group?: string;
  lifecycle?: string;
  platform?: string;
  imageId: string;
  volumes: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const BASE_TIME = Date.UTC(2026, 0, 1);

/** Writes `{ "<key>": [ item,\n item, … ] }` item by item. */
class ListWriter {
  private readonly fd: number;
  private count = 0;
  constructor(path: string, key: string) {
    this.fd = openSync(path, "w");
    writeSync(this.fd, `{${JSON.stringify(key)}:[\n`);
  }
  add(item: unknown): void {
    writeSync(this.fd, `${this.count++ === 0 ? "" : ",\n"}${JSON.stringify(item)}`);
  }
  close(): void {
    writeSync(this.fd, "\n]}\n");
    closeSync(this.fd);
  }
}

function writeList(dir: string, kind: ResourceKind, items: readonly unknown[]): void {
  if (items.length === 0) return;
  const spec = RESOURCE_FILES[kind];
  const writer = new ListWriter(join(dir, spec.file), spec.key);
  for (const item of items) writer.add(item);
  writer.close();
}

const tags = (pairs: Array<[string, string]>) => pairs.map(([Key, Value]) => ({ Key, Value }));

function generateRegion(dir: string, account: string, region: string, count: number, seed: number, regionIndex: number): void {
  const rnd = new Random(seed, Number(account.slice(-6)), regionIndex);
  mkdirSync(dir, { recursive: true });
  const azCount = rnd.int(2, 6);
  const azs = Array.from({ length: azCount }, (_, i) => `${region}${"abcdef"[i]}`);
  const base = rnd.int(0, 200);

  // Network: one VPC per 2,000 instances (at least one) plus the default VPC.
  const vpcCount = Math.max(1, Math.ceil(count / 2000));
  const vpcs: Item[] = [];
  const subnets: Item[] = [];
  for (let v = 0; v <= vpcCount; v++) {
    const isDefault = v === vpcCount;
    const cidr = isDefault ? "172.31.0.0/16" : `10.${(base + v) % 256}.0.0/16`;
    const vpcId = rnd.id("vpc");
    vpcs.push({
      CidrBlock: cidr, DhcpOptionsId: rnd.id("dopt"), State: "available", VpcId: vpcId, OwnerId: account, InstanceTenancy: "default", IsDefault: isDefault,
      CidrBlockAssociationSet: [{ AssociationId: rnd.id("vpc-cidr-assoc"), CidrBlock: cidr, CidrBlockState: { State: "associated" } }],
      Tags: isDefault ? [] : tags([["Name", `${rnd.pick(ENVS)}-vpc-${v + 1}`]]),
    });
    azs.forEach((az, i) => {
      const subnetCidr = isDefault ? `172.31.${i * 16}.0/20` : `10.${(base + v) % 256}.${i * 16}.0/20`;
      const subnetId = rnd.id("subnet");
      subnets.push({
        AvailabilityZone: az, AvailableIpAddressCount: 4000 - rnd.int(0, 3000), CidrBlock: subnetCidr, DefaultForAz: isDefault, MapPublicIpOnLaunch: isDefault || i === 0,
        State: "available", SubnetId: subnetId, VpcId: vpcId, OwnerId: account, AssignIpv6AddressOnCreation: false, Ipv6CidrBlockAssociationSet: [],
        SubnetArn: `arn:aws:ec2:${region}:${account}:subnet/${subnetId}`, Tags: isDefault ? [] : tags([["Name", `subnet-${az}-${v + 1}`]]),
      });
    });
  }
  // Security groups: a default per VPC plus one per ~25 instances.
  const groups: Item[] = vpcs.map((vpc) => {
    const id = rnd.id("sg");
    return { Description: "default VPC security group", GroupName: "default", GroupId: id, OwnerId: account, VpcId: vpc.VpcId, Tags: [],
      IpPermissions: [{ IpProtocol: "-1", IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: id, UserId: account }] }],
      IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }] };
  });
  const appGroups: Item[] = [];
  for (let g = 0; g < Math.max(2, Math.ceil(count / 25)); g++) {
    const vpc = vpcs[g % vpcCount]!;
    const app = rnd.pick(APPS);
    const port = rnd.pick([22, 80, 443, 3306, 5432, 6379, 8080, 9200]);
    const ingress: Item[] = [{ IpProtocol: "tcp", FromPort: port, ToPort: port, IpRanges: [{ CidrIp: rnd.chance(0.3) ? "0.0.0.0/0" : `10.${base % 256}.0.0/16`, Description: `${app} clients` }], Ipv6Ranges: rnd.chance(0.2) ? [{ CidrIpv6: "::/0" }] : [], PrefixListIds: [], UserIdGroupPairs: [] }];
    if (appGroups.length > 0 && rnd.chance(0.5)) {
      ingress.push({ IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: rnd.pick(appGroups).GroupId, UserId: account }] });
    }
    if (rnd.chance(0.15)) ingress.push({ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [{ PrefixListId: `pl-0${rnd.hex(16)}`, Description: "office" }], UserIdGroupPairs: [] });
    const group = { Description: `${app} tier`, GroupName: `${app}-${g + 1}`, GroupId: rnd.id("sg"), OwnerId: account, VpcId: vpc.VpcId, Tags: tags([["Name", `${app}-sg-${g + 1}`]]),
      IpPermissions: ingress, IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }] };
    appGroups.push(group);
    groups.push(group);
  }
  // Images: public Amazon images plus a few owned golden images.
  const images: Item[] = [];
  const publicLinux = { id: rnd.id("ami"), name: "al2023-ami-2023.9.20260101.0-kernel-6.12-x86_64" };
  const publicWindows = { id: rnd.id("ami"), name: "Windows_Server-2025-English-Full-Base-2026.01.01" };
  for (const [img, platform] of [[publicLinux, undefined], [publicWindows, "windows"]] as const) {
    images.push({ Architecture: "x86_64", CreationDate: iso(BASE_TIME - 20 * 86400000), ImageId: img.id, ImageLocation: `amazon/${img.name}`, ImageType: "machine", Public: true, OwnerId: AMAZON,
      ImageOwnerAlias: "amazon", Name: img.name, State: "available", RootDeviceType: "ebs", RootDeviceName: platform ? "/dev/sda1" : "/dev/xvda", VirtualizationType: "hvm", Hypervisor: "xen",
      EnaSupport: true, PlatformDetails: platform ? "Windows" : "Linux/UNIX", UsageOperation: platform ? "RunInstances:0002" : "RunInstances", ...(platform ? { Platform: platform } : {}),
      BlockDeviceMappings: [{ DeviceName: platform ? "/dev/sda1" : "/dev/xvda", Ebs: { DeleteOnTermination: true, SnapshotId: rnd.id("snap"), VolumeSize: platform ? 30 : 8, VolumeType: "gp3", Encrypted: false } }] });
  }
  const owned = Array.from({ length: rnd.int(2, 6) }, (_, i) => {
    const id = rnd.id("ami");
    return { Architecture: "x86_64", CreationDate: iso(BASE_TIME - rnd.int(1, 400) * 86400000), ImageId: id, ImageLocation: `${account}/golden-${i + 1}`, ImageType: "machine", Public: false,
      OwnerId: account, Name: `golden-${rnd.pick(APPS)}-${i + 1}`, State: "available", RootDeviceType: "ebs", RootDeviceName: "/dev/xvda", VirtualizationType: "hvm", Hypervisor: "xen",
      EnaSupport: true, PlatformDetails: "Linux/UNIX", UsageOperation: "RunInstances", Tags: tags([["Name", `golden-${i + 1}`], ["Team", rnd.pick(TEAMS)]]),
      BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { DeleteOnTermination: true, SnapshotId: rnd.id("snap"), VolumeSize: 8, VolumeType: "gp3", Encrypted: false } }] } as Item;
  });
  images.push(...owned);
  const deregistered = rnd.id("ami");

  // Auto Scaling groups: about one instance in five belongs to one.
  const groupsCount = Math.max(1, Math.floor(count / 50));
  const asgNames = Array.from({ length: groupsCount }, (_, i) => `${rnd.pick(APPS)}-${rnd.pick(ENVS)}-asg-${i + 1}`);
  const launchTemplates: Item[] = [];
  const launchTemplateVersions: Item[] = [];
  for (let t = 0; t < Math.max(1, Math.ceil(groupsCount / 2)); t++) {
    const id = rnd.id("lt");
    const name = `${rnd.pick(APPS)}-template-${t + 1}`;
    const versions = rnd.int(1, 3);
    launchTemplates.push({ CreateTime: iso(BASE_TIME - rnd.int(30, 300) * 86400000), CreatedBy: `arn:aws:iam::${account}:user/deployer`, DefaultVersionNumber: 1, LatestVersionNumber: versions, LaunchTemplateId: id, LaunchTemplateName: name, Tags: [] });
    for (let v = versions; v >= 1; v--) {
      launchTemplateVersions.push({ CreateTime: iso(BASE_TIME - (30 - v) * 86400000), CreatedBy: `arn:aws:iam::${account}:user/deployer`, DefaultVersion: v === 1, LaunchTemplateId: id, LaunchTemplateName: name, VersionNumber: v,
        VersionDescription: `release ${v}`, LaunchTemplateData: { ImageId: rnd.pick(owned).ImageId, InstanceType: rnd.pick(TYPES)[0], SecurityGroupIds: [rnd.pick(appGroups).GroupId] } });
    }
  }

  // Instances, streamed.
  const summaries: InstanceSummary[] = [];
  const instanceWriter = new ListWriter(join(dir, RESOURCE_FILES.instances.file), RESOURCE_FILES.instances.key);
  let reservationInstances: Item[] = [];
  let reservationId = rnd.id("r");
  const flush = () => {
    if (reservationInstances.length > 0) instanceWriter.add({ ReservationId: reservationId, OwnerId: account, Groups: [], Instances: reservationInstances });
    reservationInstances = [];
    reservationId = rnd.id("r");
  };
  for (let n = 0; n < count; n++) {
    const roll = rnd.next();
    const state = roll < 0.8 ? "running" : roll < 0.95 ? "stopped" : roll < 0.97 ? "pending" : roll < 0.985 ? "stopping" : "shutting-down";
    const code = { pending: 0, running: 16, "shutting-down": 32, stopping: 64, stopped: 80 }[state]!;
    const windows = rnd.chance(0.07);
    const spot = rnd.chance(0.12);
    const type = rnd.pick(TYPES)[0];
    const azIndex = rnd.int(0, azs.length - 1);
    const vpcIndex = rnd.chance(0.05) ? vpcCount : rnd.int(0, vpcCount - 1);
    const subnet = subnets[vpcIndex * azs.length + azIndex]!;
    const vpc = vpcs[vpcIndex]!;
    const vpcGroups = groups.filter((g) => g.VpcId === vpc.VpcId);
    const sgs = [rnd.pick(vpcGroups), ...(rnd.chance(0.3) ? [rnd.pick(vpcGroups)] : [])].filter((g, i, all) => all.indexOf(g) === i);
    const prefix = String(subnet.CidrBlock).split(".").slice(0, 2).join(".");
    const third = Number(String(subnet.CidrBlock).split(".")[2]);
    const ip = () => `${prefix}.${third + rnd.int(0, 15)}.${rnd.int(4, 254)}`;
    const privateIp = ip();
    const id = rnd.id("i");
    const launch = BASE_TIME - rnd.int(0, 700) * 86400000 - rnd.int(0, 86399) * 1000;
    const asg = rnd.chance(0.2) ? rnd.pick(asgNames) : undefined;
    const publicIp = state === "running" && rnd.chance(0.25) ? `${rnd.pick([3, 13, 18, 34, 52, 54])}.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}` : undefined;
    const dnsSuffix = region === "us-east-1" ? "ec2.internal" : `${region}.compute.internal`;
    const privateDns = `ip-${privateIp.replace(/\./g, "-")}.${dnsSuffix}`;
    const publicDns = publicIp ? `ec2-${publicIp.replace(/\./g, "-")}.${region === "us-east-1" ? "compute-1" : `${region}.compute`}.amazonaws.com` : "";
    const app = rnd.pick(APPS);
    const name = `${app}-${rnd.pick(ENVS).slice(0, 4)}-${String(n + 1).padStart(6, "0")}`;
    const tagPairs: Array<[string, string]> = [["Name", name], ["Environment", rnd.pick(ENVS)], ["Team", rnd.pick(TEAMS)]];
    const extraTags = rnd.int(0, 12);
    for (let t = 0; t < extraTags; t++) tagPairs.push(rnd.pick<[string, string]>([["Owner", rnd.pick(OWNERS)], ["CostCenter", `cc-${rnd.int(1000, 9999)}`], ["Service", app], ["Version", `v${rnd.int(1, 9)}.${rnd.int(0, 20)}`], ["Backup", rnd.pick(["daily", "weekly", "none"])], [`custom:${rnd.hex(4)}`, rnd.hex(8)]]));
    if (asg) tagPairs.push(["aws:autoscaling:groupName", asg]);
    const uniqueTags = tagPairs.filter(([k], i) => tagPairs.findIndex(([k2]) => k2 === k) === i);
    const eniCount = rnd.chance(0.85) ? 1 : rnd.int(2, 3);
    const enis = Array.from({ length: eniCount }, (_, e) => {
      const eniIp = e === 0 ? privateIp : ip();
      const eniDns = `ip-${eniIp.replace(/\./g, "-")}.${dnsSuffix}`;
      const association = e === 0 && publicIp ? { Association: { IpOwnerId: "amazon", PublicDnsName: publicDns, PublicIp: publicIp } } : {};
      return {
        ...association,
        Attachment: { AttachTime: iso(launch), AttachmentId: rnd.id("eni-attach"), DeleteOnTermination: e === 0, DeviceIndex: e, NetworkCardIndex: 0, Status: "attached" },
        Description: e === 0 ? "" : `secondary ${e}`, Groups: sgs.map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })), Ipv6Addresses: [], MacAddress: `0e:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}`,
        NetworkInterfaceId: rnd.id("eni"), OwnerId: account, PrivateDnsName: eniDns, PrivateIpAddress: eniIp,
        PrivateIpAddresses: [{ ...association, Primary: true, PrivateDnsName: eniDns, PrivateIpAddress: eniIp }], SourceDestCheck: true, Status: "in-use", SubnetId: subnet.SubnetId, VpcId: vpc.VpcId, InterfaceType: "interface",
      };
    });
    const volumeCount = rnd.int(1, 4);
    const volumeIds = Array.from({ length: volumeCount }, () => rnd.id("vol"));
    const rootDevice = windows ? "/dev/sda1" : "/dev/xvda";
    const imageId = windows ? publicWindows.id : rnd.chance(0.01) ? deregistered : rnd.chance(0.5) ? publicLinux.id : rnd.pick(owned).ImageId as string;
    const instance: Item = {
      AmiLaunchIndex: 0, ImageId: imageId, InstanceId: id, InstanceType: type, KeyName: `${rnd.pick(TEAMS)}-key`, LaunchTime: iso(launch),
      Monitoring: { State: rnd.chance(0.2) ? "enabled" : "disabled" }, Placement: { AvailabilityZone: azs[azIndex], GroupName: "", Tenancy: "default" },
      PrivateDnsName: privateDns, PrivateIpAddress: privateIp, ProductCodes: [], PublicDnsName: publicDns, ...(publicIp ? { PublicIpAddress: publicIp } : {}),
      State: { Code: code, Name: state }, StateTransitionReason: state === "stopped" ? `User initiated (${iso(launch + 86400000).slice(0, 19).replace("T", " ")} GMT)` : "",
      SubnetId: subnet.SubnetId, VpcId: vpc.VpcId, Architecture: "x86_64",
      BlockDeviceMappings: volumeIds.map((v, i) => ({ DeviceName: i === 0 ? rootDevice : `/dev/sd${"fghij"[i]}`, Ebs: { AttachTime: iso(launch), DeleteOnTermination: i === 0, Status: "attached", VolumeId: v } })),
      ClientToken: "", EbsOptimized: !type.startsWith("t3"), EnaSupport: true, Hypervisor: "xen", NetworkInterfaces: enis, RootDeviceName: rootDevice, RootDeviceType: "ebs",
      SecurityGroups: sgs.map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })), SourceDestCheck: true, Tags: tags(uniqueTags), VirtualizationType: "hvm",
      CpuOptions: { CoreCount: 1, ThreadsPerCore: 2 }, HibernationOptions: { Configured: false },
      MetadataOptions: { State: "applied", HttpTokens: rnd.chance(0.7) ? "required" : "optional", HttpPutResponseHopLimit: 2, HttpEndpoint: "enabled", HttpProtocolIpv6: "disabled", InstanceMetadataTags: "disabled" },
      EnclaveOptions: { Enabled: false }, PlatformDetails: windows ? "Windows" : "Linux/UNIX", UsageOperation: windows ? "RunInstances:0002" : "RunInstances", UsageOperationUpdateTime: iso(launch),
      ...(windows ? { Platform: "windows" } : {}), ...(spot ? { InstanceLifecycle: "spot", SpotInstanceRequestId: `sir-${rnd.hex(8)}` } : {}),
      ...(state === "stopped" ? { StateReason: { Code: "Client.UserInitiatedShutdown", Message: "Client.UserInitiatedShutdown: User initiated shutdown" } } : {}),
    };
    reservationInstances.push(instance);
    if (reservationInstances.length >= rnd.int(1, 3)) flush();
    summaries.push({ id, type, az: azs[azIndex]!, subnet: subnet.SubnetId as string, ip: privateIp, state, imageId, volumes: volumeIds,
      ...(asg ? { group: asg } : {}), ...(spot ? { lifecycle: "spot" } : {}), ...(windows ? { platform: "windows" } : {}) });
  }
  flush();
  instanceWriter.close();

  // Volumes: the instances' volumes, then a few unattached ones.
  const volumeWriter = new ListWriter(join(dir, RESOURCE_FILES.volumes.file), RESOURCE_FILES.volumes.key);
  const snapshots: Item[] = [];
  const volumeAttributes: Item[] = [];
  for (const s of summaries) {
    s.volumes.forEach((volumeId, i) => {
      const type = rnd.pick(["gp3", "gp3", "gp3", "gp2", "io1", "st1"]);
      const size = i === 0 ? (s.platform ? 50 : 8 * rnd.int(1, 4)) : rnd.pick([20, 50, 100, 200, 500, 1000]);
      const encrypted = rnd.chance(0.4);
      volumeWriter.add({
        AvailabilityZone: s.az, CreateTime: iso(BASE_TIME - rnd.int(1, 700) * 86400000), Encrypted: encrypted, Size: size, SnapshotId: "", State: "in-use", VolumeId: volumeId, VolumeType: type,
        Iops: type === "gp3" ? 3000 : type === "io1" ? 1000 : undefined, ...(type === "gp3" ? { Throughput: 125 } : {}), MultiAttachEnabled: false,
        ...(encrypted ? { KmsKeyId: `arn:aws:kms:${region}:${account}:key/${rnd.hex(8)}-${rnd.hex(4)}-4${rnd.hex(3)}-8${rnd.hex(3)}-${rnd.hex(12)}` } : {}),
        Attachments: [{ AttachTime: iso(BASE_TIME - 86400000), Device: i === 0 ? (s.platform ? "/dev/sda1" : "/dev/xvda") : `/dev/sd${"fghij"[i]}`, InstanceId: s.id, State: "attached", VolumeId: volumeId, DeleteOnTermination: i === 0 }],
        Tags: rnd.chance(0.5) ? tags([["Name", `${s.id}-vol-${i}`]]) : [],
      });
      if (rnd.chance(0.01)) volumeAttributes.push({ VolumeId: volumeId, ProductCodes: [{ ProductCodeId: rnd.hex(25), ProductCodeType: "marketplace" }] });
      if (rnd.chance(0.1)) {
        snapshots.push({ Description: `backup of ${volumeId}`, Encrypted: encrypted, OwnerId: account, Progress: "100%", SnapshotId: rnd.id("snap"), StartTime: iso(BASE_TIME - rnd.int(1, 90) * 86400000),
          CompletionTime: iso(BASE_TIME - rnd.int(0, 1) * 86400000), State: "completed", VolumeId: volumeId, VolumeSize: size, StorageTier: "standard", Tags: [] });
      }
    });
  }
  const unattached = Math.ceil(count / 100);
  for (let u = 0; u < unattached; u++) {
    volumeWriter.add({ AvailabilityZone: rnd.pick(azs), CreateTime: iso(BASE_TIME - rnd.int(1, 700) * 86400000), Encrypted: false, Size: rnd.pick([10, 100]), SnapshotId: "", State: "available",
      VolumeId: rnd.id("vol"), VolumeType: "gp3", Iops: 3000, Throughput: 125, MultiAttachEnabled: false, Attachments: [], Tags: tags([["Name", `orphan-${u + 1}`]]) });
  }
  volumeWriter.close();

  // Elastic IPs (some unassociated), a NAT gateway per VPC, and their ENIs.
  const addresses: Item[] = [];
  const natGateways: Item[] = [];
  const networkInterfaces: Item[] = [];
  vpcs.slice(0, vpcCount).forEach((vpc, v) => {
    const subnet = subnets[v * azs.length]!;
    const allocationId = `eipalloc-0${rnd.hex(16)}`;
    const publicIp = `${rnd.pick([3, 44, 52])}.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`;
    const eniId = rnd.id("eni");
    const privateIp = `${String(subnet.CidrBlock).split(".").slice(0, 3).join(".")}.${rnd.int(4, 254)}`;
    const association = { AllocationId: allocationId, AssociationId: `eipassoc-0${rnd.hex(16)}`, IpOwnerId: account, PublicDnsName: `ec2-${publicIp.replace(/\./g, "-")}.compute.amazonaws.com`, PublicIp: publicIp };
    addresses.push({ AllocationId: allocationId, AssociationId: association.AssociationId, Domain: "vpc", NetworkInterfaceId: eniId, NetworkInterfaceOwnerId: account, PrivateIpAddress: privateIp, PublicIp: publicIp, PublicIpv4Pool: "amazon", NetworkBorderGroup: region, Tags: tags([["Name", `nat-eip-${v + 1}`]]) });
    const natId = `nat-0${rnd.hex(16)}`;
    natGateways.push({ CreateTime: iso(BASE_TIME - 90 * 86400000), NatGatewayAddresses: [{ AllocationId: allocationId, NetworkInterfaceId: eniId, PrivateIp: privateIp, PublicIp: publicIp, AssociationId: association.AssociationId, IsPrimary: true, Status: "succeeded" }],
      NatGatewayId: natId, State: "available", SubnetId: subnet.SubnetId, VpcId: vpc.VpcId, Tags: tags([["Name", `nat-${v + 1}`]]), ConnectivityType: "public" });
    networkInterfaces.push({ Association: association, AvailabilityZone: subnet.AvailabilityZone, Description: `Interface for NAT Gateway ${natId}`, Groups: [], InterfaceType: "nat_gateway", Ipv6Addresses: [], MacAddress: `0e:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}`,
      NetworkInterfaceId: eniId, OwnerId: account, PrivateDnsName: `ip-${privateIp.replace(/\./g, "-")}.ec2.internal`, PrivateIpAddress: privateIp, PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: privateIp }],
      RequesterManaged: true, SourceDestCheck: false, Status: "in-use", SubnetId: subnet.SubnetId, TagSet: [], VpcId: vpc.VpcId });
  });
  for (let e = 0; e < Math.max(1, Math.ceil(count / 200)); e++) {
    addresses.push({ AllocationId: `eipalloc-0${rnd.hex(16)}`, Domain: "vpc", PublicIp: `${rnd.pick([3, 44, 52])}.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`, PublicIpv4Pool: "amazon", NetworkBorderGroup: region, Tags: [] });
  }

  // Auto Scaling groups with their members, one ALB with an instance and an ip target group.
  const lbArn = `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/gen-alb/${rnd.hex(16)}`;
  const tgInstance = `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/gen-instances/${rnd.hex(16)}`;
  const tgIp = `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/gen-ip/${rnd.hex(16)}`;
  const members = new Map<string, InstanceSummary[]>(asgNames.map((n) => [n, []]));
  for (const s of summaries) if (s.group) members.get(s.group)!.push(s);
  const autoScalingGroups: Item[] = asgNames.map((name, i) => {
    const template = launchTemplates[i % launchTemplates.length]!;
    const list = members.get(name)!;
    return {
      AutoScalingGroupName: name, AutoScalingGroupARN: `arn:aws:autoscaling:${region}:${account}:autoScalingGroup:${rnd.hex(8)}-${rnd.hex(4)}-${rnd.hex(4)}-${rnd.hex(4)}-${rnd.hex(12)}:autoScalingGroupName/${name}`,
      LaunchTemplate: { LaunchTemplateId: template.LaunchTemplateId, LaunchTemplateName: template.LaunchTemplateName, Version: "$Latest" },
      MinSize: 0, MaxSize: Math.max(1, list.length * 2), DesiredCapacity: list.length, DefaultCooldown: 300, AvailabilityZones: azs, LoadBalancerNames: [], TargetGroupARNs: i === 0 ? [tgInstance] : [],
      HealthCheckType: i === 0 ? "ELB" : "EC2", HealthCheckGracePeriod: 300, CreatedTime: iso(BASE_TIME - 200 * 86400000), VPCZoneIdentifier: subnets.slice(0, azs.length).map((s) => s.SubnetId).join(","),
      Instances: list.map((s) => ({ InstanceId: s.id, InstanceType: s.type, AvailabilityZone: s.az, LifecycleState: s.state === "running" ? "InService" : "Standby", HealthStatus: "Healthy", ProtectedFromScaleIn: false,
        LaunchTemplate: { LaunchTemplateId: template.LaunchTemplateId, LaunchTemplateName: template.LaunchTemplateName, Version: String(template.LatestVersionNumber) } })),
      SuspendedProcesses: [], EnabledMetrics: [], NewInstancesProtectedFromScaleIn: false, TerminationPolicies: ["Default"],
      Tags: [{ ResourceId: name, ResourceType: "auto-scaling-group", Key: "Environment", Value: rnd.pick(ENVS), PropagateAtLaunch: true }],
    };
  });
  const policies: Item[] = asgNames.filter(() => rnd.chance(0.5)).map((name) => ({ AutoScalingGroupName: name, PolicyName: `${name}-cpu`, PolicyARN: `arn:aws:autoscaling:${region}:${account}:scalingPolicy:${rnd.hex(8)}:autoScalingGroupName/${name}:policyName/${name}-cpu`,
    PolicyType: "TargetTrackingScaling", StepAdjustments: [], Alarms: [], TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: "ASGAverageCPUUtilization" }, TargetValue: 60 }, Enabled: true }));
  const scheduledActions: Item[] = asgNames.filter(() => rnd.chance(0.2)).map((name) => ({ AutoScalingGroupName: name, ScheduledActionName: `${name}-nightly`, ScheduledActionARN: `arn:aws:autoscaling:${region}:${account}:scheduledUpdateGroupAction:${rnd.hex(8)}:autoScalingGroupName/${name}:scheduledActionName/${name}-nightly`,
    Time: iso(BASE_TIME + 86400000), StartTime: iso(BASE_TIME + 86400000), Recurrence: "0 22 * * *", MinSize: 0, MaxSize: 4, DesiredCapacity: 1 }));
  const lifecycleHooks: Item[] = asgNames.filter(() => rnd.chance(0.2)).map((name) => ({ LifecycleHookName: `${name}-drain`, AutoScalingGroupName: name, LifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING", HeartbeatTimeout: 300, GlobalTimeout: 30000, DefaultResult: "CONTINUE" }));
  const notificationConfigurations: Item[] = asgNames.filter(() => rnd.chance(0.2)).map((name) => ({ AutoScalingGroupName: name, TopicARN: `arn:aws:sns:${region}:${account}:asg-events`, NotificationType: "autoscaling:EC2_INSTANCE_LAUNCH" }));
  const firstVpc = vpcs[0]!;
  const loadBalancers = [{ LoadBalancerArn: lbArn, DNSName: `gen-alb-${rnd.int(100000000, 999999999)}.${region}.elb.amazonaws.com`, CanonicalHostedZoneId: "Z35SXDOTRQ7X7K", CreatedTime: iso(BASE_TIME - 100 * 86400000),
    LoadBalancerName: "gen-alb", Scheme: "internet-facing", VpcId: firstVpc.VpcId, State: { Code: "active" }, Type: "application", IpAddressType: "ipv4", SecurityGroups: [appGroups[0]!.GroupId],
    AvailabilityZones: subnets.slice(0, azs.length).map((s) => ({ ZoneName: s.AvailabilityZone, SubnetId: s.SubnetId, LoadBalancerAddresses: [] })) }];
  const tg = (arn: string, name: string, targetType: string) => ({ TargetGroupArn: arn, TargetGroupName: name, Protocol: "HTTP", Port: 80, VpcId: firstVpc.VpcId, HealthCheckProtocol: "HTTP", HealthCheckPort: "traffic-port",
    HealthCheckEnabled: true, HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 5, UnhealthyThresholdCount: 2, HealthCheckPath: "/health", Matcher: { HttpCode: "200" }, LoadBalancerArns: [lbArn], TargetType: targetType, ProtocolVersion: "HTTP1", IpAddressType: "ipv4" });
  const listeners = [{ ListenerArn: `${lbArn.replace(":loadbalancer/", ":listener/")}/${rnd.hex(16)}`, LoadBalancerArn: lbArn, Port: 80, Protocol: "HTTP", DefaultActions: [{ Type: "forward", TargetGroupArn: tgInstance, Order: 1 }] }];
  const instanceTargets = members.get(asgNames[0]!)!;
  const ipTargets = summaries.filter((s) => s.state === "running" && !s.group).slice(0, 5);
  const targetHealth = {
    [tgInstance]: instanceTargets.map((s) => ({ Target: { Id: s.id, Port: 80 }, HealthCheckPort: "80", TargetHealth: s.state === "running" ? { State: "healthy" } : { State: "unused", Reason: "Target.InvalidState", Description: "Target is in the stopped state" } })),
    [tgIp]: ipTargets.map((s) => ({ Target: { Id: s.ip, Port: 80, AvailabilityZone: s.az }, HealthCheckPort: "80", TargetHealth: { State: "healthy" } })),
  };
  const instanceInformation = summaries.filter((s) => s.state === "running" && rnd.chance(0.6)).map((s) => ({
    InstanceId: s.id, PingStatus: rnd.chance(0.95) ? "Online" : "ConnectionLost", LastPingDateTime: iso(BASE_TIME - rnd.int(0, 3600) * 1000), AgentVersion: "3.3.1142.0", IsLatestVersion: false,
    PlatformType: s.platform ? "Windows" : "Linux", PlatformName: s.platform ? "Microsoft Windows Server 2025 Datacenter" : "Amazon Linux", PlatformVersion: s.platform ? "10.0.26100" : "2023",
    ResourceType: "EC2Instance", IPAddress: s.ip, ComputerName: `ip-${s.ip.replace(/\./g, "-")}`, SourceId: s.id, SourceType: "AWS::EC2::Instance" }));
  const usedTypes = new Set(summaries.map((s) => s.type));
  const instanceTypes = TYPES.filter(([name]) => usedTypes.has(name)).map(([name, vcpus, memory, network]) => ({
    InstanceType: name, CurrentGeneration: true, FreeTierEligible: name === "t3.micro", SupportedUsageClasses: ["on-demand", "spot"], SupportedRootDeviceTypes: ["ebs"], SupportedVirtualizationTypes: ["hvm"],
    BareMetal: false, Hypervisor: "nitro", ProcessorInfo: { SupportedArchitectures: [name.startsWith("c6g") ? "arm64" : "x86_64"], SustainedClockSpeedInGhz: 3.1 },
    VCpuInfo: { DefaultVCpus: vcpus, DefaultCores: Math.max(1, vcpus / 2), DefaultThreadsPerCore: 2 }, MemoryInfo: { SizeInMiB: memory }, InstanceStorageSupported: false,
    EbsInfo: { EbsOptimizedSupport: "default", EncryptionSupport: "supported", NvmeSupport: "required" },
    NetworkInfo: { NetworkPerformance: network, MaximumNetworkInterfaces: 4, Ipv4AddressesPerInterface: 15, Ipv6AddressesPerInterface: 15, Ipv6Supported: true, EnaSupport: "required" },
  }));
  const instanceAttributes = summaries.filter(() => rnd.chance(0.1)).map((s) => ({ InstanceId: s.id, DisableApiTermination: { Value: true } }));
  const imageAttributes = owned.map((image) => ({ ImageId: image.ImageId, LaunchPermissions: rnd.chance(0.3) ? [{ UserId: String(rnd.int(100000000000, 999999999999)) }] : [] }));

  writeList(dir, "vpcs", vpcs);
  writeList(dir, "subnets", subnets);
  writeList(dir, "securityGroups", groups);
  writeList(dir, "images", images);
  writeList(dir, "imageAttributes", imageAttributes);
  writeList(dir, "instanceAttributes", instanceAttributes);
  writeList(dir, "instanceTypes", instanceTypes);
  writeList(dir, "volumeAttributes", volumeAttributes);
  writeList(dir, "snapshots", snapshots);
  writeList(dir, "addresses", addresses);
  writeList(dir, "natGateways", natGateways);
  writeList(dir, "networkInterfaces", networkInterfaces);
  writeList(dir, "launchTemplates", launchTemplates);
  writeList(dir, "launchTemplateVersions", launchTemplateVersions);
  writeList(dir, "autoScalingGroups", autoScalingGroups);
  writeList(dir, "policies", policies);
  writeList(dir, "scheduledActions", scheduledActions);
  writeList(dir, "lifecycleHooks", lifecycleHooks);
  writeList(dir, "notificationConfigurations", notificationConfigurations);
  writeList(dir, "loadBalancers", loadBalancers);
  writeList(dir, "targetGroups", [tg(tgInstance, "gen-instances", "instance"), tg(tgIp, "gen-ip", "ip")]);
  writeList(dir, "listeners", listeners);
  writeList(dir, "instanceInformation", instanceInformation);
  writeFileSync(join(dir, RESOURCE_FILES.targetHealth.file), `${JSON.stringify({ [RESOURCE_FILES.targetHealth.key]: targetHealth })}\n`);
}

/** Generates a fixture set; returns its definition (with the access keys to use). */
export function generateFixtureSet(options: GeneratorOptions): SetDefinition {
  const total = options.instances ?? 1000;
  const regionCount = options.regions ?? 3;
  const accountCount = options.accounts ?? 1;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(total) || total < 0) throw new Error("instances must be a non-negative integer");
  if (!Number.isInteger(regionCount) || regionCount < 1 || regionCount > GENERATOR_REGIONS.length) throw new Error(`regions must be 1..${GENERATOR_REGIONS.length}`);
  if (!Number.isInteger(accountCount) || accountCount < 1 || accountCount > 99) throw new Error("accounts must be 1..99");
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(options.outDir, { recursive: true });
  const regions = GENERATOR_REGIONS.slice(0, regionCount);
  const accounts: AccountFixture[] = Array.from({ length: accountCount }, (_, a) => {
    const accountId = `${String(seed % 1000).padStart(3, "0")}0000000${String(a + 1).padStart(2, "0")}`;
    return {
      accountId,
      alias: `generated-${a + 1}`,
      users: [{ userName: "generator", accessKeyId: `AKIAGEN${String(seed % 1e6).padStart(6, "0")}${String(a + 1).padStart(7, "0")}`, secretAccessKey: `generated-secret-${a + 1}` }],
      roles: [{ roleName: "CloudforetCollector", trustedAccounts: [], externalId: "generated-external-id" }],
      enabledRegions: regions,
      disabledRegions: ["af-south-1"],
    };
  });
  for (const account of accounts) account.roles[0]!.trustedAccounts = accounts.map((a) => a.accountId);
  const slots = accountCount * regionCount;
  accounts.forEach((account, a) => {
    regions.forEach((region, r) => {
      const slot = a * regionCount + r;
      const count = Math.floor(total / slots) + (slot < total % slots ? 1 : 0);
      generateRegion(join(options.outDir, account.accountId, region), account.accountId, region, count, seed, r);
    });
  });
  const definition: SetDefinition = {
    formatVersion: FORMAT_VERSION,
    name: options.name,
    description: `Generated: ${total} instances, ${accountCount} account(s) x ${regionCount} region(s), seed ${seed}`,
    accounts,
  };
  writeFileSync(join(options.outDir, "set.json"), `${JSON.stringify(definition, null, 2)}\n`);
  return definition;
}
