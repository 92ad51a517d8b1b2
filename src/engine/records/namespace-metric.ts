/**
 * `inventory.Namespace` and `inventory.Metric` records: the EC2 catalogue only
 * (docs/records.md#namespace-and-metric), each namespace before its metrics. Versions are bumped
 * above upstream's ("1.1" / "1.0") because the inventory updates a stored
 * namespace or metric only when its version differs.
 */
import type { JsonObject } from "../../common/json.js";
import type { CollectedRecord } from "./record.js";

export const NAMESPACE_VERSION = "1.2";
export const METRIC_VERSION = "1.1";

const ASSET = "https://spaceone-custom-assets.s3.ap-northeast-2.amazonaws.com/console-assets/icons/cloud-services/aws";
const CS = "inventory.CloudService:aws.EC2.";

interface NamespaceDef {
  id: string;
  name: string;
  type: string;
  icon: string;
}

interface GroupKey {
  key: string;
  name: string;
  default?: boolean;
}

interface MetricDef {
  id: string;
  name: string;
  type: string;
  value: JsonObject;
  groupBy: GroupKey[];
  unit: string;
  namespace: string;
  filter?: JsonObject[];
}

const NAMESPACES: NamespaceDef[] = [
  { id: "ns-aws-ec2-ami", name: "EC2/AMI", type: "AMI", icon: `${ASSET}/Amazon-AMI.svg` },
  { id: "ns-aws-ec2-auto-scaling-group", name: "EC2/AutoScalingGroup", type: "AutoScalingGroup", icon: `${ASSET}/Amazon-EC2-Auto-Scaling.svg` },
  { id: "ns-aws-ec2-eip", name: "EC2/EIP", type: "EIP", icon: `${ASSET}/Amazon-EC2_Elastic-IP-Address_light-bg.svg` },
  {
    id: "ns-aws-ec2-instance",
    name: "EC2/Instance",
    type: "Instance",
    icon: "https://spaceone-custom-assets.s3.ap-northeast-2.amazonaws.com/console-assets/icons/aws-ec2.svg",
  },
  { id: "ns-aws-ec2-launch-template", name: "EC2/LaunchTemplate", type: "LaunchTemplate", icon: `${ASSET}/Amazon-EC2-Auto-Scaling.svg` },
  { id: "ns-aws-ec2-sg", name: "EC2/SecurityGroup", type: "SecurityGroup", icon: `${ASSET}/Amazon-VPC_VPN-Gateway_dark-bg.svg` },
  { id: "ns-aws-ec2-snapshot", name: "EC2/Snapshot", type: "Snapshot", icon: `${ASSET}/Amazon-Elastic-Block-Store-EBS.svg` },
  { id: "ns-aws-ec2-volume", name: "EC2/Volume", type: "Volume", icon: `${ASSET}/Amazon-Elastic-Block-Store-EBS.svg` },
];

const COUNT: JsonObject = { operator: "count" };
const sum = (key: string): JsonObject => ({ operator: "sum", key });

const INSTANCE_GROUPS: GroupKey[] = [
  { key: "data.compute.az", name: "Availability Zone" },
  { key: "instance_type", name: "Instance Type", default: true },
  { key: "data.compute.instance_state", name: "Instance State" },
  { key: "data.os.os_type", name: "OS Type" },
];
const VOLUME_GROUPS: GroupKey[] = [
  { key: "data.AvailabilityZone", name: "Availability Zone" },
  { key: "instance_type", name: "Volume Type" },
  { key: "data.State", name: "Volume State", default: true },
];
const SNAPSHOT_GROUPS: GroupKey[] = [{ key: "data.State", name: "Status", default: true }];

const METRICS: MetricDef[] = [
  {
    id: "metric-aws-ec2-ami-count",
    name: "AMI Count",
    type: "AMI",
    value: COUNT,
    groupBy: [
      { key: "data.Public", name: "Is Public" },
      { key: "data.State", name: "Status" },
      { key: "data.Platform", name: "Platform" },
    ],
    unit: "count",
    namespace: "ns-aws-ec2-ami",
  },
  {
    id: "metric-aws-ec2-auto-scaling-group-count",
    name: "AutoScalingGroup Count",
    type: "AutoScalingGroup",
    value: COUNT,
    groupBy: [],
    unit: "count",
    namespace: "ns-aws-ec2-auto-scaling-group",
  },
  {
    id: "metric-aws-ec2-eip-count",
    name: "EIP Count",
    type: "EIP",
    value: COUNT,
    groupBy: [{ key: "data.allocation_status", name: "Allocation Status", default: true }],
    unit: "Count",
    namespace: "ns-aws-ec2-eip",
  },
  {
    id: "metric-aws-ec2-instance-count",
    name: "Instance Count",
    type: "Instance",
    value: COUNT,
    groupBy: INSTANCE_GROUPS,
    unit: "Count",
    namespace: "ns-aws-ec2-instance",
  },
  {
    id: "metric-aws-ec2-instance-vcpu-count",
    name: "vCPU Count",
    type: "Instance",
    value: sum("data.hardware.core"),
    groupBy: INSTANCE_GROUPS,
    unit: "Core",
    namespace: "ns-aws-ec2-instance",
  },
  {
    id: "metric-aws-ec2-instance-memory-size",
    name: "Memory Size",
    type: "Instance",
    value: sum("data.hardware.memory"),
    groupBy: INSTANCE_GROUPS,
    unit: "GB",
    namespace: "ns-aws-ec2-instance",
  },
  {
    id: "metric-aws-ec2-launch-template-count",
    name: "LaunchTemplate Count",
    type: "LaunchTemplate",
    value: COUNT,
    groupBy: [],
    unit: "Count",
    namespace: "ns-aws-ec2-launch-template",
  },
  {
    id: "metric-aws-ec2-sg-count",
    name: "Security Groups Count",
    type: "SecurityGroup",
    value: COUNT,
    groupBy: [{ key: "data.VpcId", name: "VPC" }],
    unit: "Count",
    namespace: "ns-aws-ec2-sg",
  },
  {
    id: "metric-aws-ec2-vulnerability-list",
    name: "Vulnerability List",
    type: "SecurityGroup",
    value: COUNT,
    groupBy: [
      { key: "data.GroupId", name: "SG ID", default: true },
      { key: "data.GroupName", name: "SG Name", default: true },
    ],
    unit: "Count",
    namespace: "ns-aws-ec2-sg",
    filter: [{ k: "data.ip_permissions", v: { source_display: "0.0.0.0/0", port_display: "22" }, o: "match" }],
  },
  {
    id: "metric-aws-ec2-snapshot-count",
    name: "Snapshot Count",
    type: "Snapshot",
    value: COUNT,
    groupBy: SNAPSHOT_GROUPS,
    unit: "Count",
    namespace: "ns-aws-ec2-snapshot",
  },
  {
    id: "metric-aws-ec2-snapshot-size",
    name: "Snapshot Size",
    type: "Snapshot",
    value: sum("instance_size"),
    groupBy: SNAPSHOT_GROUPS,
    unit: "GB",
    namespace: "ns-aws-ec2-snapshot",
  },
  {
    id: "metric-aws-ec2-volume-count",
    name: "Volume Count",
    type: "Volume",
    value: COUNT,
    groupBy: VOLUME_GROUPS,
    unit: "Count",
    namespace: "ns-aws-ec2-volume",
  },
  {
    id: "metric-aws-ec2-volume-size",
    name: "Volume Size",
    type: "Volume",
    value: sum("instance_size"),
    groupBy: VOLUME_GROUPS,
    unit: "Bytes",
    namespace: "ns-aws-ec2-volume",
  },
];

const BASE_GROUP_BY: JsonObject[] = [
  { key: "account", name: "Account ID" },
  { key: "region_code", name: "Region", reference: { resource_type: "inventory.Region", reference_key: "region_code" } },
];

function namespaceRecord(ns: NamespaceDef): CollectedRecord {
  return {
    state: "SUCCESS",
    resourceType: "inventory.Namespace",
    message: "",
    matchRules: {},
    resource: {
      namespace_id: ns.id,
      name: ns.name,
      category: "ASSET",
      resource_type: CS + ns.type,
      group: "aws",
      icon: ns.icon,
      tags: {},
      version: NAMESPACE_VERSION,
    },
  };
}

function metricRecord(m: MetricDef): CollectedRecord {
  const groupBy: JsonObject[] = [
    ...BASE_GROUP_BY,
    ...m.groupBy.map((g): JsonObject => ({ key: g.key, name: g.name, ...(g.default ? { default: true } : {}) })),
  ];
  return {
    state: "SUCCESS",
    resourceType: "inventory.Metric",
    message: "",
    matchRules: {},
    resource: {
      metric_id: m.id,
      name: m.name,
      metric_type: "GAUGE",
      resource_type: CS + m.type,
      query_options: { group_by: groupBy, fields: { value: m.value }, ...(m.filter ? { filter: m.filter } : {}) },
      date_field: null,
      unit: m.unit,
      tags: {},
      namespace_id: m.namespace,
      version: METRIC_VERSION,
    },
  };
}

/** The EC2 namespaces, each followed by its metrics. */
export function namespaceMetricRecords(): CollectedRecord[] {
  return NAMESPACES.flatMap((ns) => [namespaceRecord(ns), ...METRICS.filter((m) => m.namespace === ns.id).map(metricRecord)]);
}
