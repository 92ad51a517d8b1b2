/**
 * Fixture format, version 1 (documented in docs/fixtures.md):
 *
 *   <set>/set.json                        accounts, keys, roles, regions, faults
 *   <set>/<account>/<region>/<file>.json  one resource listing in the SDK's own shape
 *
 * Every file is validated on load against the SDK schema of the API that
 * serves it; an error names the file and the JSON path of the bad value.
 */
import { memberMap, shape, type NormalizedSchema, type ServiceName } from "./sdk-schemas.js";

export const FORMAT_VERSION = 1;

export class FixtureError extends Error {
  override readonly name = "FixtureError";
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}: ${path}: ${problem}`);
  }
}

/** How one resource file is shaped: a list member of an output shape, or per-item data. */
export interface ResourceFile {
  /** File name inside `<account>/<region>/`. */
  file: string;
  service: ServiceName;
  /** The file's only top-level key. */
  key: string;
  /** `list`: an array of `shape`; `map`: an object from an id (e.g. target group ARN) to an array of `shape`. */
  kind: "list" | "map";
  shape: string;
}

const file = (f: string, service: ServiceName, key: string, itemShape: string, kind: "list" | "map" = "list"): ResourceFile => ({
  file: f,
  service,
  key,
  kind,
  shape: itemShape,
});

/** Every resource file the replay knows, keyed by file name. */
export const RESOURCE_FILES = {
  instances: file("instances.json", "ec2", "Reservations", "Reservation"),
  instanceTypes: file("instance-types.json", "ec2", "InstanceTypes", "InstanceTypeInfo"),
  images: file("images.json", "ec2", "Images", "Image"),
  imageAttributes: file("image-attributes.json", "ec2", "ImageAttributes", "ImageAttribute"),
  instanceAttributes: file("instance-attributes.json", "ec2", "InstanceAttributes", "InstanceAttribute"),
  volumes: file("volumes.json", "ec2", "Volumes", "Volume"),
  volumeAttributes: file("volume-attributes.json", "ec2", "VolumeAttributes", "DescribeVolumeAttributeResult"),
  snapshots: file("snapshots.json", "ec2", "Snapshots", "Snapshot"),
  securityGroups: file("security-groups.json", "ec2", "SecurityGroups", "SecurityGroup"),
  securityGroupRules: file("security-group-rules.json", "ec2", "SecurityGroupRules", "SecurityGroupRule"),
  vpcs: file("vpcs.json", "ec2", "Vpcs", "Vpc"),
  subnets: file("subnets.json", "ec2", "Subnets", "Subnet"),
  addresses: file("addresses.json", "ec2", "Addresses", "Address"),
  natGateways: file("nat-gateways.json", "ec2", "NatGateways", "NatGateway"),
  networkInterfaces: file("network-interfaces.json", "ec2", "NetworkInterfaces", "NetworkInterface"),
  launchTemplates: file("launch-templates.json", "ec2", "LaunchTemplates", "LaunchTemplate"),
  launchTemplateVersions: file("launch-template-versions.json", "ec2", "LaunchTemplateVersions", "LaunchTemplateVersion"),
  autoScalingGroups: file("auto-scaling-groups.json", "autoscaling", "AutoScalingGroups", "AutoScalingGroup"),
  launchConfigurations: file("launch-configurations.json", "autoscaling", "LaunchConfigurations", "LaunchConfiguration"),
  policies: file("policies.json", "autoscaling", "ScalingPolicies", "ScalingPolicy"),
  notificationConfigurations: file("notification-configurations.json", "autoscaling", "NotificationConfigurations", "NotificationConfiguration"),
  scheduledActions: file("scheduled-actions.json", "autoscaling", "ScheduledUpdateGroupActions", "ScheduledUpdateGroupAction"),
  lifecycleHooks: file("lifecycle-hooks.json", "autoscaling", "LifecycleHooks", "LifecycleHook"),
  loadBalancers: file("load-balancers.json", "elasticloadbalancing", "LoadBalancers", "LoadBalancer"),
  targetGroups: file("target-groups.json", "elasticloadbalancing", "TargetGroups", "TargetGroup"),
  listeners: file("listeners.json", "elasticloadbalancing", "Listeners", "Listener"),
  targetHealth: file("target-health.json", "elasticloadbalancing", "TargetHealth", "TargetHealthDescription", "map"),
  instanceInformation: file("instance-information.json", "ssm", "InstanceInformationList", "InstanceInformation"),
} as const satisfies Record<string, ResourceFile>;

export type ResourceKind = keyof typeof RESOURCE_FILES;
export type Item = Record<string, unknown>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

const kindOf = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** Checks `value` against an SDK schema; returns the first problem as `[path, message]`. */
export function checkValue(schema: NormalizedSchema, value: unknown, path: string): [string, string] | undefined {
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) return [path, `expected array, got ${kindOf(value)}`];
    const item = schema.getValueSchema();
    for (let i = 0; i < value.length; i++) {
      const problem = checkValue(item, value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (schema.isMapSchema()) {
    if (kindOf(value) !== "object") return [path, `expected object, got ${kindOf(value)}`];
    const item = schema.getValueSchema();
    for (const [k, v] of Object.entries(value as Item)) {
      const problem = checkValue(item, v, `${path}[${JSON.stringify(k)}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (schema.isStructSchema()) {
    if (kindOf(value) !== "object") return [path, `expected object (${schema.getName()}), got ${kindOf(value)}`];
    const members = memberMap(schema);
    for (const [k, v] of Object.entries(value as Item)) {
      const member = members.get(k);
      if (!member) return [`${path}.${k}`, `unknown member of ${schema.getName()}`];
      const problem = checkValue(member, v, `${path}.${k}`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (schema.isDocumentSchema()) return undefined;
  if (schema.isTimestampSchema()) {
    return typeof value === "string" && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : [path, "expected ISO date string"];
  }
  if (schema.isBooleanSchema()) return typeof value === "boolean" ? undefined : [path, `expected boolean, got ${kindOf(value)}`];
  if (schema.isNumericSchema()) return typeof value === "number" && Number.isFinite(value) ? undefined : [path, `expected number, got ${kindOf(value)}`];
  return typeof value === "string" ? undefined : [path, `expected string, got ${kindOf(value)}`];
}

/** Validates a parsed resource file; returns its items (list) or its id → items map. */
export function validateResourceFile(spec: ResourceFile, value: unknown, fileName: string): Item[] | Record<string, Item[]> {
  if (kindOf(value) !== "object") throw new FixtureError(fileName, "$", `expected object with key ${spec.key}`);
  const keys = Object.keys(value as Item);
  const extra = keys.find((k) => k !== spec.key);
  if (extra !== undefined) throw new FixtureError(fileName, `$.${extra}`, `unexpected key (this file holds only ${spec.key})`);
  const body = (value as Item)[spec.key] ?? (spec.kind === "list" ? [] : {});
  const item = shape(spec.service, spec.shape);
  const root = `$.${spec.key}`;
  const check = (list: unknown, path: string) => {
    if (!Array.isArray(list)) throw new FixtureError(fileName, path, `expected array, got ${kindOf(list)}`);
    for (let i = 0; i < list.length; i++) {
      const problem = checkValue(item, list[i], `${path}[${i}]`);
      if (problem) throw new FixtureError(fileName, problem[0], problem[1]);
    }
    return list as Item[];
  };
  if (spec.kind === "list") return check(body, root);
  if (kindOf(body) !== "object") throw new FixtureError(fileName, root, `expected object, got ${kindOf(body)}`);
  const out: Record<string, Item[]> = {};
  for (const [id, list] of Object.entries(body as Item)) out[id] = check(list, `${root}[${JSON.stringify(id)}]`);
  return out;
}
