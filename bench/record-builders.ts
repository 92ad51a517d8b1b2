/**
 * CPU cost of the seven record builders (`node dist/bench/record-builders.js`):
 * microseconds per record, from SDK-shaped inputs to the finished `CollectedRecord`
 * (`json_data` serialised). Median of 5 timed rounds after a warm-up round.
 */
import type { AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import type { Address, Image, LaunchTemplate, LaunchTemplateVersion, SecurityGroup, Snapshot, Volume } from "@aws-sdk/client-ec2";
import type { CollectedRecord } from "../src/engine/records/record.js";
import { amiRecord } from "../src/engine/resources/ami.js";
import { asgGroupings, asgRecord } from "../src/engine/resources/auto-scaling-group.js";
import { eipJoins, eipRecord } from "../src/engine/resources/eip.js";
import { launchTemplateData, launchTemplateRecord } from "../src/engine/resources/launch-template.js";
import { indexRules, instancesByGroup, securityGroupRecord } from "../src/engine/resources/security-group.js";
import { snapshotRecord } from "../src/engine/resources/snapshot.js";
import type { InstanceSummary } from "../src/engine/region/listings.js";
import { volumeRecord } from "../src/engine/resources/volume.js";

const N = 5000;
const ctx = { region: "us-east-1", account: "123456789012" };
const at = new Date("2025-03-14T09:26:53.120Z");
const tags = Array.from({ length: 8 }, (_, i) => ({ Key: i === 0 ? "Name" : `tag-${i}`, Value: `value-${i}` }));

const volume = (i: number): Volume => ({
  VolumeId: `vol-${i}`,
  Size: 100,
  VolumeType: "gp3",
  Iops: 3000,
  Throughput: 125,
  State: "in-use",
  AvailabilityZone: "us-east-1a",
  CreateTime: at,
  Encrypted: true,
  KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k",
  Attachments: [{ InstanceId: `i-${i}`, AttachTime: at, Device: "/dev/xvda", State: "attached", DeleteOnTermination: true, VolumeId: `vol-${i}` }],
  Tags: tags,
});

const snapshot = (i: number): Snapshot => ({
  SnapshotId: `snap-${i}`,
  VolumeId: `vol-${i}`,
  VolumeSize: 100,
  State: "completed",
  StartTime: at,
  CompletionTime: at,
  Progress: "100%",
  Encrypted: false,
  Tags: tags,
});

const rules = (n: number) =>
  Array.from({ length: n }, (_, p) => ({
    IpProtocol: "tcp",
    FromPort: 1000 + p,
    ToPort: 1000 + p,
    IpRanges: [{ CidrIp: "10.0.0.0/8" }],
    Ipv6Ranges: [{ CidrIpv6: "::/0" }],
  }));
const group = (i: number): SecurityGroup => ({
  GroupId: `sg-${i}`,
  GroupName: `g-${i}`,
  VpcId: "vpc-1",
  Description: "bench",
  IpPermissions: rules(10),
  IpPermissionsEgress: rules(1),
  Tags: tags,
});
const summaries: InstanceSummary[] = Array.from({ length: 5 * N }, (_, i) => ({
  InstanceId: `i-${i}`,
  SecurityGroups: [{ GroupId: `sg-${i % N}` }],
  Tags: tags,
}));
const sgJoins = { rules: indexRules([]), instances: instancesByGroup(summaries), vulnerablePorts: ["22", "3306"] };

const address = (i: number): Address => ({ AllocationId: `eipalloc-${i}`, PublicIp: `198.51.${i >> 8}.${i & 255}`, Domain: "vpc", Tags: tags });
const image = (i: number): Image => ({
  ImageId: `ami-${i}`,
  Name: `img-${i}`,
  ImageType: "machine",
  CreationDate: "2025-03-14T09:26:53.000Z",
  State: "available",
  Tags: tags,
});
const template = (i: number): LaunchTemplate => ({
  LaunchTemplateId: `lt-${i}`,
  LaunchTemplateName: `lt-${i}`,
  CreateTime: at,
  DefaultVersionNumber: 1,
  LatestVersionNumber: 2,
  Tags: tags,
});
const version: LaunchTemplateVersion = {
  VersionNumber: 2,
  DefaultVersion: false,
  LaunchTemplateData: { ImageId: "ami-1", InstanceType: "m6i.large", UserData: "IyEvYmluL3NoCg==" },
};
const asg = (i: number): AutoScalingGroup => ({
  AutoScalingGroupName: `asg-${i}`,
  AutoScalingGroupARN: `arn:asg-${i}`,
  MinSize: 1,
  MaxSize: 30,
  DesiredCapacity: 20,
  DefaultCooldown: 300,
  AvailabilityZones: ["us-east-1a"],
  HealthCheckType: "EC2",
  CreatedTime: at,
  LaunchTemplate: { LaunchTemplateId: "lt-1", LaunchTemplateName: "lt-1" },
  Instances: Array.from({ length: 20 }, (_, k) => ({
    InstanceId: `i-${k}`,
    AvailabilityZone: "us-east-1a",
    LifecycleState: "InService",
    HealthStatus: "Healthy",
    ProtectedFromScaleIn: false,
  })),
});
const asgInputs = {
  groupings: asgGroupings([], [], []),
  instancesById: new Map(summaries.slice(0, 20).map((s) => [s.InstanceId!, s])),
  lifecycleHooks: [],
  launchTemplate: launchTemplateData(template(1), version, ctx.region, ctx.account),
  loadBalancerArns: [],
  loadBalancers: [],
};

const CASES: Array<[string, (i: number) => CollectedRecord]> = [
  ["Volume", (i) => volumeRecord(volume(i), [], ctx)],
  ["Snapshot", (i) => snapshotRecord(snapshot(i), ctx)],
  ["SecurityGroup (22 rows, 5 instances)", (i) => securityGroupRecord(group(i), sgJoins, ctx)],
  ["EIP", (i) => eipRecord(address(i), eipJoins([], []), ctx)],
  ["AMI", (i) => amiRecord(image(i), [], ctx)],
  ["LaunchTemplate", (i) => launchTemplateRecord(template(i), version, ctx)],
  ["AutoScalingGroup (20 instances)", (i) => asgRecord(asg(i), asgInputs, ctx)],
];

function round(build: (i: number) => CollectedRecord): number {
  const started = process.cpuUsage();
  for (let i = 0; i < N; i++) build(i);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / N;
}

console.log(`record builders, ${N} records per round, µs CPU per record (median of 5)`);
for (const [name, build] of CASES) {
  round(build);
  const rounds = Array.from({ length: 5 }, () => round(build)).sort((a, b) => a - b);
  console.log(`${name.padEnd(40)} ${rounds[2]!.toFixed(1).padStart(8)}`);
}
