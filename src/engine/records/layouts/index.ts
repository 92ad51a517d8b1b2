/** The console layout (CloudServiceType `json_metadata`) of every EC2 type. */
import type { Ec2Type } from "../record.js";
import { amiLayout } from "./ami.js";
import { autoScalingGroupLayout } from "./auto-scaling-group.js";
import { eipLayout } from "./eip.js";
import type { DynamicView } from "./fields.js";
import { instanceLayout } from "./instance.js";
import { launchTemplateLayout } from "./launch-template.js";
import { securityGroupLayout } from "./security-group.js";
import { snapshotLayout } from "./snapshot.js";
import { volumeLayout } from "./volume.js";

export type { DynamicView } from "./fields.js";

export const LAYOUTS: Readonly<Record<Ec2Type, DynamicView>> = {
  AMI: amiLayout,
  LaunchTemplate: launchTemplateLayout,
  AutoScalingGroup: autoScalingGroupLayout,
  EIP: eipLayout,
  Instance: instanceLayout,
  SecurityGroup: securityGroupLayout,
  Volume: volumeLayout,
  Snapshot: snapshotLayout,
};

/** The CloudServiceType's `json_metadata` text. */
export function layoutJson(type: Ec2Type): string {
  return JSON.stringify(LAYOUTS[type]);
}
