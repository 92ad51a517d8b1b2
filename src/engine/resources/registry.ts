/**
 * The EC2 types collected in a region task, in emission order: one line per type.
 *
 * Instance comes first (upstream: fifth) because its DescribeInstances pass streams
 * page by page and also fills the instance summaries that SecurityGroup and
 * AutoScalingGroup need; emitting it later would mean listing the region twice or
 * holding every instance in memory (docs/parity.md).
 */
import { instanceModule } from "./instance.js";
import type { ResourceTypeModule } from "./types.js";

export const RESOURCE_TYPES: readonly ResourceTypeModule[] = [
  instanceModule,
];
