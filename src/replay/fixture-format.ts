/**
 * Fixture format, version 1 (documented in docs/fixtures.md):
 *
 *   <set>/set.json                        accounts, keys, roles, regions, faults
 *   <set>/<account>/<region>/<file>.json  one resource listing in the SDK's own shape
 *
 * Every file is validated on load against the SDK schema of the API that
 * serves it; an error names the file and the JSON path of the bad value.
 */
import { planOf, type Plan } from "./schema-plan.js";
import type { AwsService } from "../common/aws-services.js";
import { shape } from "./sdk-schemas.js";

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
  service: AwsService;
  /** The file's only top-level key. */
  key: string;
  /** `list`: an array of `shape`; `map`: an object from an id (e.g. target group ARN) to an array of `shape`. */
  kind: "list" | "map";
  shape: string;
}

const file = (f: string, service: AwsService, key: string, itemShape: string, kind: "list" | "map" = "list"): ResourceFile => ({
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

/** A problem found by `checkValue`: the path segments from the checked value down, and what is wrong. */
export interface Problem {
  segments: string[];
  message: string;
}

const problem = (message: string): Problem => ({ segments: [], message });

/** Prefixes the segment on the way back up, so that values that pass cost no path strings. */
function at(segment: string, found: Problem | undefined): Problem | undefined {
  found?.segments.unshift(segment);
  return found;
}

/** Checks `value` against a compiled SDK schema; returns the first problem. */
export function checkValue(plan: Plan, value: unknown): Problem | undefined {
  switch (plan.kind) {
    case "list": {
      if (!Array.isArray(value)) return problem(`expected array, got ${kindOf(value)}`);
      for (let i = 0; i < value.length; i++) {
        const found = checkValue(plan.item, value[i]);
        if (found) return at(`[${i}]`, found);
      }
      return undefined;
    }
    case "map": {
      if (kindOf(value) !== "object") return problem(`expected object, got ${kindOf(value)}`);
      for (const k in value as Item) {
        const found = checkValue(plan.value, (value as Item)[k]);
        if (found) return at(`[${JSON.stringify(k)}]`, found);
      }
      return undefined;
    }
    case "struct": {
      if (kindOf(value) !== "object") return problem(`expected object (${plan.name}), got ${kindOf(value)}`);
      for (const k in value as Item) {
        const member = plan.byName.get(k);
        if (!member) return at(`.${k}`, problem(`unknown member of ${plan.name}`));
        const found = checkValue(member.plan, (value as Item)[k]);
        if (found) return at(`.${k}`, found);
      }
      return undefined;
    }
    case "document":
      return undefined;
    case "timestamp":
      return typeof value === "string" && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : problem("expected ISO date string");
    case "boolean":
      return typeof value === "boolean" ? undefined : problem(`expected boolean, got ${kindOf(value)}`);
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? undefined : problem(`expected number, got ${kindOf(value)}`);
    case "string":
    case "blob":
      return typeof value === "string" ? undefined : problem(`expected string, got ${kindOf(value)}`);
  }
}

/** Validates a parsed resource file; returns its items (list) or its id → items map. */
export function validateResourceFile(spec: ResourceFile, value: unknown, fileName: string): Item[] | Record<string, Item[]> {
  if (kindOf(value) !== "object") throw new FixtureError(fileName, "$", `expected object with key ${spec.key}`);
  const keys = Object.keys(value as Item);
  const extra = keys.find((k) => k !== spec.key);
  if (extra !== undefined) throw new FixtureError(fileName, `$.${extra}`, `unexpected key (this file holds only ${spec.key})`);
  const body = (value as Item)[spec.key] ?? (spec.kind === "list" ? [] : {});
  const item = planOf(shape(spec.service, spec.shape));
  const root = `$.${spec.key}`;
  const check = (list: unknown, path: string) => {
    if (!Array.isArray(list)) throw new FixtureError(fileName, path, `expected array, got ${kindOf(list)}`);
    for (let i = 0; i < list.length; i++) {
      const found = checkValue(item, list[i]);
      if (found) throw new FixtureError(fileName, `${path}[${i}]${found.segments.join("")}`, found.message);
    }
    return list as Item[];
  };
  if (spec.kind === "list") return check(body, root);
  if (kindOf(body) !== "object") throw new FixtureError(fileName, root, `expected object, got ${kindOf(body)}`);
  const out: Record<string, Item[]> = {};
  for (const [id, list] of Object.entries(body as Item)) out[id] = check(list, `${root}[${JSON.stringify(id)}]`);
  return out;
}
