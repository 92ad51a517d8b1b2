/**
 * The EC2 types collected in a region task, in emission order: one line per type.
 *
 * Instance comes first (upstream: fifth) because its DescribeInstances pass streams
 * page by page and also fills the instance summaries that SecurityGroup and
 * AutoScalingGroup need; emitting it later would mean listing the region twice or
 * holding every instance in memory (docs/parity.md). The others keep upstream's order.
 */
import { amiType } from "./ami.js";
import { autoScalingGroupType } from "./auto-scaling-group.js";
import { eipType } from "./eip.js";
import { instanceType } from "./instance/stream.js";
import { launchTemplateType } from "./launch-template.js";
import { securityGroupType } from "./security-group.js";
import { snapshotType } from "./snapshot.js";
import type { ResourceTypeModule } from "./types.js";
import { volumeType } from "./volume.js";

export const RESOURCE_TYPES: readonly ResourceTypeModule[] = [
  instanceType,
  amiType,
  launchTemplateType,
  autoScalingGroupType,
  eipType,
  securityGroupType,
  volumeType,
  snapshotType,
];
