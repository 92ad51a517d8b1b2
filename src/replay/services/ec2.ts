/**
 * EC2 (ec2Query): every Describe call the collector makes, with the ids,
 * owners and filters it sends and AWS's page limits (docs/decisions.md#pagination).
 * One module per concern under ec2/; this table is the list of actions served.
 */
import type { ServiceHandlers } from "../operation.js";
import { describeVolumeAttribute, describeVolumes, describeSnapshots } from "./ec2/ebs.js";
import { describeImageAttribute, describeImages } from "./ec2/images.js";
import { describeInstanceAttribute, describeInstances, describeInstanceTypes } from "./ec2/instances.js";
import { describeLaunchTemplates, describeLaunchTemplateVersions } from "./ec2/launch-templates.js";
import { describeAddresses, describeNatGateways, describeNetworkInterfaces, describeSubnets, describeVpcs } from "./ec2/network.js";
import { describeRegions } from "./ec2/regions.js";
import { describeSecurityGroupRules, describeSecurityGroups } from "./ec2/security-groups.js";

export const ec2Handlers: ServiceHandlers = {
  DescribeInstances: describeInstances,
  DescribeInstanceAttribute: describeInstanceAttribute,
  DescribeInstanceTypes: describeInstanceTypes,
  DescribeImages: describeImages,
  DescribeImageAttribute: describeImageAttribute,
  DescribeVolumes: describeVolumes,
  DescribeVolumeAttribute: describeVolumeAttribute,
  DescribeSnapshots: describeSnapshots,
  DescribeSecurityGroups: describeSecurityGroups,
  DescribeSecurityGroupRules: describeSecurityGroupRules,
  DescribeVpcs: describeVpcs,
  DescribeSubnets: describeSubnets,
  DescribeAddresses: describeAddresses,
  DescribeNatGateways: describeNatGateways,
  DescribeNetworkInterfaces: describeNetworkInterfaces,
  DescribeLaunchTemplates: describeLaunchTemplates,
  DescribeLaunchTemplateVersions: describeLaunchTemplateVersions,
  DescribeRegions: describeRegions,
};
