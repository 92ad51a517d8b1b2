/**
 * Instances, streamed to instances.json as they are generated (only a small summary of each stays in memory
 * for the relations that follow), grouped into reservations of 1–3 instances.
 */
import type { Item } from "../../replay/fixture-format.js";
import type { Random } from "./random.js";
import type { Images } from "./images.js";
import { listWriter, type ListWriter } from "./list-writer.js";
import type { SecurityGroups } from "./network.js";
import { APPS, BASE_TIME, DAY_MS, ENVS, iso, OWNERS, tags, TEAMS, TYPES, type InstanceSummary, type Network, type RegionScope } from "./region-scope.js";

export interface InstanceInputs {
  network: Network;
  securityGroups: SecurityGroups;
  images: Images;
  /** Auto Scaling groups an instance may join. */
  groupNames: readonly string[];
}

/** Writes every instance of the region; returns their summaries in order. */
export function writeInstances(scope: RegionScope, dir: string, inputs: InstanceInputs): InstanceSummary[] {
  const summaries: InstanceSummary[] = [];
  const reservations = new ReservationWriter(scope, dir);
  for (let n = 0; n < scope.count; n++) {
    const { instance, summary } = generateInstance(scope, n, inputs);
    reservations.add(instance);
    summaries.push(summary);
  }
  reservations.close();
  return summaries;
}

/** Collects instances into reservations of 1–3 and writes each reservation when it is complete. */
class ReservationWriter {
  private readonly writer: ListWriter;
  private instances: Item[] = [];
  private reservationId: string;

  constructor(
    private readonly scope: RegionScope,
    dir: string,
  ) {
    this.writer = listWriter(dir, "instances");
    this.reservationId = scope.rnd.id("r");
  }

  add(instance: Item): void {
    this.instances.push(instance);
    if (this.instances.length >= this.scope.rnd.int(1, 3)) this.flush();
  }

  close(): void {
    this.flush();
    this.writer.close();
  }

  private flush(): void {
    if (this.instances.length > 0) this.writer.add({ ReservationId: this.reservationId, OwnerId: this.scope.account, Groups: [], Instances: this.instances });
    this.instances = [];
    this.reservationId = this.scope.rnd.id("r");
  }
}

function generateInstance(scope: RegionScope, n: number, inputs: InstanceInputs): { instance: Item; summary: InstanceSummary } {
  const { region, rnd, azs } = scope;
  const { state, code, windows, spot, type, azIndex, subnet, vpc, sgs } = drawPlacement(scope, inputs);
  const ip = addressesIn(rnd, subnet);
  const privateIp = ip();
  const id = rnd.id("i");
  const launch = BASE_TIME - rnd.int(0, 700) * DAY_MS - rnd.int(0, 86399) * 1000;
  const asg = rnd.chance(0.2) ? rnd.pick(inputs.groupNames) : undefined;
  const publicIp =
    state === "running" && rnd.chance(0.25) ? `${rnd.pick([3, 13, 18, 34, 52, 54])}.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}` : undefined;
  const dnsSuffix = region === "us-east-1" ? "ec2.internal" : `${region}.compute.internal`;
  const privateDns = `ip-${privateIp.replace(/\./g, "-")}.${dnsSuffix}`;
  const publicDns = publicIp ? `ec2-${publicIp.replace(/\./g, "-")}.${region === "us-east-1" ? "compute-1" : `${region}.compute`}.amazonaws.com` : "";
  const uniqueTags = instanceTags(rnd, n, asg);
  const enis = instanceEnis(scope, { ip, privateIp, publicIp, dnsSuffix, publicDns, launch, subnet, vpc, sgs });
  const volumeCount = rnd.int(1, 4);
  const volumeIds = Array.from({ length: volumeCount }, () => rnd.id("vol"));
  const rootDevice = windows ? "/dev/sda1" : "/dev/xvda";
  const { publicWindows, publicLinux, owned, deregistered } = inputs.images;
  const imageId = windows ? publicWindows.id : rnd.chance(0.01) ? deregistered : rnd.chance(0.5) ? publicLinux.id : (rnd.pick(owned).ImageId as string);
  const instance: Item = {
    AmiLaunchIndex: 0,
    ImageId: imageId,
    InstanceId: id,
    InstanceType: type,
    KeyName: `${rnd.pick(TEAMS)}-key`,
    LaunchTime: iso(launch),
    Monitoring: { State: rnd.chance(0.2) ? "enabled" : "disabled" },
    Placement: { AvailabilityZone: azs[azIndex], GroupName: "", Tenancy: "default" },
    PrivateDnsName: privateDns,
    PrivateIpAddress: privateIp,
    ProductCodes: [],
    PublicDnsName: publicDns,
    ...(publicIp ? { PublicIpAddress: publicIp } : {}),
    State: { Code: code, Name: state },
    StateTransitionReason:
      state === "stopped"
        ? `User initiated (${iso(launch + DAY_MS)
            .slice(0, 19)
            .replace("T", " ")} GMT)`
        : "",
    SubnetId: subnet.SubnetId,
    VpcId: vpc.VpcId,
    Architecture: "x86_64",
    BlockDeviceMappings: volumeIds.map((v, i) => ({
      DeviceName: i === 0 ? rootDevice : `/dev/sd${"fghij"[i]}`,
      Ebs: { AttachTime: iso(launch), DeleteOnTermination: i === 0, Status: "attached", VolumeId: v },
    })),
    ClientToken: "",
    EbsOptimized: !type.startsWith("t3"),
    EnaSupport: true,
    Hypervisor: "xen",
    NetworkInterfaces: enis,
    RootDeviceName: rootDevice,
    RootDeviceType: "ebs",
    SecurityGroups: sgs.map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })),
    SourceDestCheck: true,
    Tags: tags(uniqueTags),
    VirtualizationType: "hvm",
    CpuOptions: { CoreCount: 1, ThreadsPerCore: 2 },
    HibernationOptions: { Configured: false },
    MetadataOptions: {
      State: "applied",
      HttpTokens: rnd.chance(0.7) ? "required" : "optional",
      HttpPutResponseHopLimit: 2,
      HttpEndpoint: "enabled",
      HttpProtocolIpv6: "disabled",
      InstanceMetadataTags: "disabled",
    },
    EnclaveOptions: { Enabled: false },
    PlatformDetails: windows ? "Windows" : "Linux/UNIX",
    UsageOperation: windows ? "RunInstances:0002" : "RunInstances",
    UsageOperationUpdateTime: iso(launch),
    ...(windows ? { Platform: "windows" } : {}),
    ...(spot ? { InstanceLifecycle: "spot", SpotInstanceRequestId: `sir-${rnd.hex(8)}` } : {}),
    ...(state === "stopped" ? { StateReason: { Code: "Client.UserInitiatedShutdown", Message: "Client.UserInitiatedShutdown: User initiated shutdown" } } : {}),
  };
  const summary: InstanceSummary = {
    id,
    type,
    az: azs[azIndex]!,
    subnet: subnet.SubnetId as string,
    ip: privateIp,
    state,
    imageId,
    volumes: volumeIds,
    ...(asg ? { group: asg } : {}),
    ...(spot ? { lifecycle: "spot" } : {}),
    ...(windows ? { platform: "windows" } : {}),
  };
  return { instance, summary };
}

interface Placement {
  state: string;
  code: number;
  windows: boolean;
  spot: boolean;
  type: string;
  azIndex: number;
  subnet: Item;
  vpc: Item;
  /** 1–2 groups of the instance's VPC. */
  sgs: Item[];
}

/** State, platform, purchase option, type, AZ, VPC (5 % in the default VPC), subnet and security groups. */
function drawPlacement({ rnd, azs }: RegionScope, { network: { vpcs, subnets, vpcCount }, securityGroups: { groups } }: InstanceInputs): Placement {
  const roll = rnd.next();
  const state = roll < 0.8 ? "running" : roll < 0.95 ? "stopped" : roll < 0.97 ? "pending" : roll < 0.985 ? "stopping" : "shutting-down";
  const code = { pending: 0, running: 16, "shutting-down": 32, stopping: 64, stopped: 80 }[state];
  const windows = rnd.chance(0.07);
  const spot = rnd.chance(0.12);
  const type = rnd.pick(TYPES)[0];
  const azIndex = rnd.int(0, azs.length - 1);
  const vpcIndex = rnd.chance(0.05) ? vpcCount : rnd.int(0, vpcCount - 1);
  const subnet = subnets[vpcIndex * azs.length + azIndex]!;
  const vpc = vpcs[vpcIndex]!;
  const vpcGroups = groups.filter((g) => g.VpcId === vpc.VpcId);
  const sgs = [rnd.pick(vpcGroups), ...(rnd.chance(0.3) ? [rnd.pick(vpcGroups)] : [])].filter((g, i, all) => all.indexOf(g) === i);
  return { state, code, windows, spot, type, azIndex, subnet, vpc, sgs };
}

/** Draws private addresses from the first /24s of the subnet's /20. */
function addressesIn(rnd: Random, subnet: Item): () => string {
  const prefix = String(subnet.CidrBlock).split(".").slice(0, 2).join(".");
  const third = Number(String(subnet.CidrBlock).split(".")[2]);
  return () => `${prefix}.${third + rnd.int(0, 15)}.${rnd.int(4, 254)}`;
}

/** Name, Environment and Team, up to 12 more (a key drawn twice is kept once), and the Auto Scaling group's tag. */
function instanceTags(rnd: Random, n: number, asg: string | undefined): Array<[string, string]> {
  const app = rnd.pick(APPS);
  const name = `${app}-${rnd.pick(ENVS).slice(0, 4)}-${String(n + 1).padStart(6, "0")}`;
  const tagPairs: Array<[string, string]> = [
    ["Name", name],
    ["Environment", rnd.pick(ENVS)],
    ["Team", rnd.pick(TEAMS)],
  ];
  const extraTags = rnd.int(0, 12);
  for (let t = 0; t < extraTags; t++)
    tagPairs.push(
      rnd.pick<[string, string]>([
        ["Owner", rnd.pick(OWNERS)],
        ["CostCenter", `cc-${rnd.int(1000, 9999)}`],
        ["Service", app],
        ["Version", `v${rnd.int(1, 9)}.${rnd.int(0, 20)}`],
        ["Backup", rnd.pick(["daily", "weekly", "none"])],
        [`custom:${rnd.hex(4)}`, rnd.hex(8)],
      ]),
    );
  if (asg) tagPairs.push(["aws:autoscaling:groupName", asg]);
  return tagPairs.filter(([k], i) => tagPairs.findIndex(([k2]) => k2 === k) === i);
}

interface EniInputs extends Pick<Placement, "subnet" | "vpc" | "sgs"> {
  ip: () => string;
  privateIp: string;
  publicIp: string | undefined;
  dnsSuffix: string;
  publicDns: string;
  launch: number;
}

/** 1 ENI (85 %) or 2–3; the first carries the instance's private and public address. */
function instanceEnis({ account, rnd }: RegionScope, { ip, privateIp, publicIp, dnsSuffix, publicDns, launch, subnet, vpc, sgs }: EniInputs): Item[] {
  const eniCount = rnd.chance(0.85) ? 1 : rnd.int(2, 3);
  return Array.from({ length: eniCount }, (_, e) => {
    const eniIp = e === 0 ? privateIp : ip();
    const eniDns = `ip-${eniIp.replace(/\./g, "-")}.${dnsSuffix}`;
    const association = e === 0 && publicIp ? { Association: { IpOwnerId: "amazon", PublicDnsName: publicDns, PublicIp: publicIp } } : {};
    return {
      ...association,
      Attachment: {
        AttachTime: iso(launch),
        AttachmentId: rnd.id("eni-attach"),
        DeleteOnTermination: e === 0,
        DeviceIndex: e,
        NetworkCardIndex: 0,
        Status: "attached",
      },
      Description: e === 0 ? "" : `secondary ${e}`,
      Groups: sgs.map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })),
      Ipv6Addresses: [],
      MacAddress: `0e:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}:${rnd.hex(2)}`,
      NetworkInterfaceId: rnd.id("eni"),
      OwnerId: account,
      PrivateDnsName: eniDns,
      PrivateIpAddress: eniIp,
      PrivateIpAddresses: [{ ...association, Primary: true, PrivateDnsName: eniDns, PrivateIpAddress: eniIp }],
      SourceDestCheck: true,
      Status: "in-use",
      SubnetId: subnet.SubnetId,
      VpcId: vpc.VpcId,
      InterfaceType: "interface",
    };
  });
}
