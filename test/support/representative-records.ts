/**
 * Records of every EC2 type built by the real builders from rich, SDK-shaped inputs
 * (every member a layout shows is present somewhere), for layout tests. The Instance
 * record uses the decoded example in test/reference/instance-data-example.json (docs/records.md#instance-example) (its builder lives elsewhere).
 */
import { readFileSync } from "node:fs";
import { cloudServiceRecord } from "../../src/engine/records/cloud-service.js";
import type { CollectedRecord, Ec2Type } from "../../src/engine/records/record.js";
import { amiRecord } from "../../src/engine/resources/ami.js";
import { asgRecord, asgGroupings, type AsgInputs } from "../../src/engine/resources/auto-scaling-group.js";
import { eipJoins, eipRecord } from "../../src/engine/resources/eip.js";
import { launchTemplateData, launchTemplateRecord } from "../../src/engine/resources/launch-template.js";
import { loadBalancerView } from "../../src/engine/resources/load-balancer-view.js";
import { indexRules, instancesByGroup, securityGroupRecord } from "../../src/engine/resources/security-group.js";
import { snapshotRecord } from "../../src/engine/resources/snapshot.js";
import { volumeRecord } from "../../src/engine/resources/volume.js";

const ctx = { region: "eu-west-1", account: "210987654321" };
const at = new Date("2025-03-14T09:26:53Z");

const image = {
  ImageId: "ami-0d1e2f3a4b5c6d7e8",
  Name: "api-2025",
  Description: "API server",
  State: "available" as const,
  Public: false,
  OwnerId: "210987654321",
  ImageLocation: "210987654321/api-2025",
  ImageType: "machine" as const,
  PlatformDetails: "Linux/UNIX",
  UsageOperation: "RunInstances",
  Architecture: "x86_64" as const,
  Hypervisor: "xen" as const,
  VirtualizationType: "hvm" as const,
  RootDeviceName: "/dev/xvda",
  RootDeviceType: "ebs" as const,
  EnaSupport: true,
  BootMode: "uefi-preferred" as const,
  ImdsSupport: "v2.0" as const,
  CreationDate: "2025-03-14T09:26:53.000Z",
  DeprecationTime: "2027-03-14T09:26:53.000Z",
  LastLaunchedTime: "2025-06-01T00:00:00.000Z",
  SourceImageId: "ami-0source",
  DeregistrationProtection: "disabled",
  BlockDeviceMappings: [
    { DeviceName: "/dev/xvda", Ebs: { SnapshotId: "snap-1", VolumeSize: 8, VolumeType: "gp3" as const, Encrypted: false, DeleteOnTermination: true } },
  ],
};

const template = {
  LaunchTemplateId: "lt-0aa11bb22cc33dd44",
  LaunchTemplateName: "api-lt",
  CreateTime: at,
  CreatedBy: "arn:aws:iam::210987654321:user/ops",
  DefaultVersionNumber: 1,
  LatestVersionNumber: 2,
};
const version = {
  VersionNumber: 2,
  VersionDescription: "canary",
  DefaultVersion: false,
  LaunchTemplateData: {
    ImageId: "ami-0d1e2f3a4b5c6d7e8",
    InstanceType: "m6i.large" as const,
    KeyName: "deploy-2025",
    SecurityGroupIds: ["sg-1"],
    UserData: "IyEvYmluL3NoCg==",
    IamInstanceProfile: { Arn: "arn:aws:iam::210987654321:instance-profile/api" },
    EbsOptimized: true,
    Monitoring: { Enabled: false },
    DisableApiTermination: true,
    InstanceInitiatedShutdownBehavior: "stop" as const,
    MetadataOptions: { HttpTokens: "required" as const },
    Placement: { Tenancy: "default" as const },
    CreditSpecification: { CpuCredits: "standard" },
    InstanceMarketOptions: { MarketType: "spot" as const },
    BlockDeviceMappings: [
      {
        DeviceName: "/dev/xvda",
        Ebs: {
          VolumeSize: 30,
          VolumeType: "gp3" as const,
          Iops: 3000,
          Throughput: 125,
          Encrypted: true,
          KmsKeyId: "k",
          SnapshotId: "snap-1",
          DeleteOnTermination: true,
        },
      },
    ],
    NetworkInterfaces: [
      {
        DeviceIndex: 0,
        NetworkInterfaceId: "eni-1",
        SubnetId: "subnet-1",
        AssociatePublicIpAddress: true,
        Groups: ["sg-1"],
        Description: "primary",
        DeleteOnTermination: true,
      },
    ],
  },
};

const LB = "arn:aws:elasticloadbalancing:eu-west-1:210987654321:loadbalancer/app/api-alb/0f1e";
const group = {
  AutoScalingGroupName: "api-asg",
  AutoScalingGroupARN: "arn:aws:autoscaling:eu-west-1:210987654321:autoScalingGroup:u:autoScalingGroupName/api-asg",
  LaunchTemplate: { LaunchTemplateId: template.LaunchTemplateId, LaunchTemplateName: "api-lt", Version: "$Latest" },
  MinSize: 1,
  MaxSize: 4,
  DesiredCapacity: 2,
  DefaultCooldown: 300,
  AvailabilityZones: ["eu-west-1a", "eu-west-1b"],
  VPCZoneIdentifier: "subnet-1,subnet-2",
  HealthCheckType: "ELB",
  HealthCheckGracePeriod: 300,
  ServiceLinkedRoleARN: "arn:aws:iam::210987654321:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
  TargetGroupARNs: ["arn:tg-1"],
  TerminationPolicies: ["Default"],
  NewInstancesProtectedFromScaleIn: false,
  CapacityRebalance: true,
  CreatedTime: at,
  Instances: [
    {
      InstanceId: "i-1",
      InstanceType: "m6i.large",
      AvailabilityZone: "eu-west-1a",
      LifecycleState: "InService" as const,
      HealthStatus: "Healthy",
      LaunchTemplate: { LaunchTemplateId: template.LaunchTemplateId, LaunchTemplateName: "api-lt", Version: "2" },
      ProtectedFromScaleIn: false,
      WeightedCapacity: "1",
    },
  ],
  Tags: [{ Key: "env", Value: "prod", PropagateAtLaunch: true, ResourceId: "api-asg", ResourceType: "auto-scaling-group" }],
};

const groupRules = {
  GroupId: "sg-1",
  GroupName: "api-sg",
  Description: "api",
  VpcId: "vpc-1",
  OwnerId: "210987654321",
  IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "ssh" }] }],
  IpPermissionsEgress: [{ IpProtocol: "-1", Ipv6Ranges: [{ CidrIpv6: "::/0" }] }],
};

const volume = {
  VolumeId: "vol-1",
  Size: 30,
  VolumeType: "gp3" as const,
  Iops: 3000,
  Throughput: 125,
  State: "in-use" as const,
  AvailabilityZone: "eu-west-1a",
  SnapshotId: "snap-1",
  Encrypted: true,
  KmsKeyId: "arn:aws:kms:eu-west-1:210987654321:key/k-1",
  MultiAttachEnabled: false,
  CreateTime: at,
  Attachments: [{ InstanceId: "i-1", Device: "/dev/xvda", State: "attached" as const, DeleteOnTermination: true, AttachTime: at, VolumeId: "vol-1" }],
  Tags: [{ Key: "Name", Value: "api-root" }],
};

const snapshot = {
  SnapshotId: "snap-1",
  VolumeId: "vol-1",
  VolumeSize: 30,
  State: "completed" as const,
  Progress: "100%",
  Description: "nightly",
  OwnerId: "210987654321",
  Encrypted: true,
  KmsKeyId: "arn:aws:kms:eu-west-1:210987654321:key/k-1",
  StorageTier: "standard" as const,
  StartTime: at,
  CompletionTime: at,
  RestoreExpiryTime: at,
  FullSnapshotSizeInBytes: 32212254720,
  OwnerAlias: "self",
};

function instanceRecords(): CollectedRecord[] {
  const example = JSON.parse(readFileSync(new URL("../reference/instance-data-example.json", import.meta.url), "utf8")) as Record<string, unknown>;
  const withLaunchConfiguration = structuredClone(example);
  (withLaunchConfiguration.auto_scaling_group as Record<string, unknown>).launch_configuration = { name: "old-lc", arn: "arn:lc" };
  return [example, withLaunchConfiguration].map((data) =>
    cloudServiceRecord({
      type: "Instance",
      name: "api-server-2",
      account: ctx.account,
      region: ctx.region,
      resourceId: "i-0c4f7a2e9b1d35a60",
      externalLink: "",
      data,
      tags: {},
      ipAddresses: ["172.31.20.14"],
      instanceType: "m6i.large",
      launchedAt: "2025-03-14T09:26:53",
    }),
  );
}

export function representativeRecords(): Record<Ec2Type, CollectedRecord[]> {
  const lb = { LoadBalancerArn: LB, DNSName: "api-alb.example", Type: "application" as const, Scheme: "internet-facing" as const, LoadBalancerName: "api-alb" };
  const asgInputs: AsgInputs = {
    groupings: asgGroupings(
      [
        {
          AutoScalingGroupName: "api-asg",
          PolicyName: "cpu",
          PolicyARN: "arn:policy",
          PolicyType: "TargetTrackingScaling",
          AdjustmentType: "ChangeInCapacity",
          Enabled: true,
          TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: "ASGAverageCPUUtilization" }, TargetValue: 50 },
        },
      ],
      [{ AutoScalingGroupName: "api-asg", TopicARN: "arn:aws:sns:eu-west-1:210987654321:asg", NotificationType: "autoscaling:EC2_INSTANCE_LAUNCH" }],
      [
        {
          AutoScalingGroupName: "api-asg",
          ScheduledActionName: "night",
          Recurrence: "0 22 * * *",
          DesiredCapacity: 1,
          MinSize: 1,
          MaxSize: 1,
          TimeZone: "UTC",
          StartTime: at,
          EndTime: at,
        },
      ],
    ),
    instancesById: new Map([["i-1", { InstanceId: "i-1" }]]),
    lifecycleHooks: [
      {
        AutoScalingGroupName: "api-asg",
        LifecycleHookName: "drain",
        LifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING",
        DefaultResult: "CONTINUE",
        HeartbeatTimeout: 300,
        NotificationTargetARN: "arn:sqs",
        RoleARN: "arn:role",
      },
    ],
    launchTemplate: launchTemplateData(template, version, ctx.region, ctx.account),
    loadBalancerArns: [LB],
    loadBalancers: [loadBalancerView(lb, [{ Protocol: "HTTPS", Port: 443 }], "number")],
  };
  return {
    AMI: [amiRecord(image, [{ UserId: "123456789012" }, { Group: "all" as const }, { OrganizationArn: "arn:org" }, { OrganizationalUnitArn: "arn:ou" }], ctx)],
    LaunchTemplate: [launchTemplateRecord(template, version, ctx)],
    AutoScalingGroup: [
      asgRecord(group, asgInputs, ctx),
      // A group still on a launch configuration (upstream's first launch-source rule).
      asgRecord(
        { ...group, AutoScalingGroupName: "legacy-asg", LaunchTemplate: undefined, LaunchConfigurationName: "legacy-lc" },
        { ...asgInputs, launchTemplate: null },
        ctx,
      ),
      // A mixed-instances group (spot and on-demand from one template) with suspended processes.
      asgRecord(
        {
          ...group,
          AutoScalingGroupName: "mixed-asg",
          LaunchTemplate: undefined,
          MaxInstanceLifetime: 604800,
          SuspendedProcesses: [{ ProcessName: "AZRebalance", SuspensionReason: "User suspended" }],
          MixedInstancesPolicy: {
            LaunchTemplate: {
              LaunchTemplateSpecification: { LaunchTemplateId: template.LaunchTemplateId, LaunchTemplateName: "api-lt", Version: "$Latest" },
              Overrides: [{ InstanceType: "m6i.large", WeightedCapacity: "1", LaunchTemplateSpecification: { LaunchTemplateName: "api-lt" } }],
            },
            InstancesDistribution: { OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 25, SpotAllocationStrategy: "price-capacity-optimized" },
          },
        },
        asgInputs,
        ctx,
      ),
    ],
    EIP: [
      eipRecord(
        {
          PublicIp: "203.0.113.10",
          AllocationId: "eipalloc-1",
          AssociationId: "eipassoc-1",
          Domain: "vpc",
          InstanceId: "i-1",
          NetworkInterfaceId: "eni-1",
          NetworkInterfaceOwnerId: "210987654321",
          PrivateIpAddress: "172.31.20.14",
          PublicIpv4Pool: "amazon",
          NetworkBorderGroup: "eu-west-1",
        },
        eipJoins([], [{ Association: { PublicIp: "203.0.113.10", PublicDnsName: "ec2.example" } }]),
        ctx,
      ),
      eipRecord({ PublicIp: "203.0.113.20", AllocationId: "eipalloc-2", Domain: "vpc" }, eipJoins([], []), ctx),
    ],
    Instance: instanceRecords(),
    SecurityGroup: [
      securityGroupRecord(
        groupRules,
        {
          rules: indexRules([]),
          instances: instancesByGroup([
            {
              InstanceId: "i-1",
              State: { Code: 16, Name: "running" },
              PrivateIpAddress: "172.31.20.14",
              PublicIpAddress: "54.1.2.3",
              PublicDnsName: "ec2.example",
              SubnetId: "subnet-1",
              VpcId: "vpc-1",
              SecurityGroups: [{ GroupId: "sg-1", GroupName: "api-sg" }],
              Tags: [{ Key: "Name", Value: "api" }],
            },
          ]),
          vulnerablePorts: ["22"],
        },
        ctx,
      ),
    ],
    Volume: [volumeRecord(volume, [{ ProductCodeId: "pc-1", ProductCodeType: "marketplace" }], ctx)],
    Snapshot: [snapshotRecord(snapshot, ctx)],
  };
}
