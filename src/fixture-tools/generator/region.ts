/**
 * One account × region of a generated set, as a sequence of named steps. Every step draws from the region's
 * own PRNG, so their ORDER is part of the output: reordering two steps changes every id after them (the
 * generator's test pins the bytes). Instances and volumes stream to disk; the rest is written at the end.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RESOURCE_FILES, type ResourceKind } from "../../replay/fixture-format.js";
import { autoScalingGroupNames, generateAutoScaling, generateLaunchTemplates } from "./auto-scaling.js";
import { generateImageAttributes, generateImages } from "./images.js";
import { generateInstanceAttributes, generateInstanceInformation, instanceTypesUsed } from "./instance-details.js";
import { writeInstances } from "./instances.js";
import { writeList } from "./list-writer.js";
import { generateLoadBalancing, loadBalancerArns } from "./load-balancing.js";
import { generateElasticIps, generateNetwork, generateSecurityGroups } from "./network.js";
import { Random } from "./random.js";
import type { RegionScope } from "./region-scope.js";
import { writeVolumes } from "./volumes.js";

export interface RegionSlot {
  /** The region's directory (created). */
  dir: string;
  account: string;
  region: string;
  /** Instances in this region. */
  count: number;
  seed: number;
  /** The region's position in the generator's region list (part of its PRNG seed). */
  regionIndex: number;
}

/** The region's PRNG (seeded by set seed, account and region) and its 2–6 AZs. */
function regionScope({ account, region, count, seed, regionIndex }: RegionSlot): RegionScope {
  const rnd = new Random(seed, Number(account.slice(-6)), regionIndex);
  const azCount = rnd.int(2, 6);
  const azs = Array.from({ length: azCount }, (_, i) => `${region}${"abcdef"[i]}`);
  const base = rnd.int(0, 200);
  return { account, region, count, rnd, azs, base };
}

export function generateRegion(slot: RegionSlot): void {
  const { dir } = slot;
  mkdirSync(dir, { recursive: true });
  const scope = regionScope(slot);
  const network = generateNetwork(scope);
  const securityGroups = generateSecurityGroups(scope, network);
  const images = generateImages(scope);
  const groupNames = autoScalingGroupNames(scope);
  const templates = generateLaunchTemplates(scope, groupNames, images, securityGroups);
  const instances = writeInstances(scope, dir, { network, securityGroups, images, groupNames });
  const { snapshots, volumeAttributes } = writeVolumes(scope, dir, instances);
  const elasticIps = generateElasticIps(scope, network);
  const arns = loadBalancerArns(scope);
  const autoScaling = generateAutoScaling(scope, {
    groupNames,
    launchTemplates: templates.launchTemplates,
    instances,
    network,
    targetGroupArn: arns.instanceTargetGroup,
  });
  const groupMembers = autoScaling.members.get(groupNames[0]!)!;
  const loadBalancing = generateLoadBalancing(scope, arns, { network, securityGroups, instances, groupMembers });
  const instanceInformation = generateInstanceInformation(scope, instances);
  const instanceAttributes = generateInstanceAttributes(scope, instances);
  const imageAttributes = generateImageAttributes(scope, images);

  const lists: Partial<Record<ResourceKind, readonly unknown[]>> = {
    vpcs: network.vpcs,
    subnets: network.subnets,
    securityGroups: securityGroups.groups,
    images: images.images,
    imageAttributes,
    instanceAttributes,
    instanceTypes: instanceTypesUsed(instances),
    volumeAttributes,
    snapshots,
    ...elasticIps,
    ...templates,
    autoScalingGroups: autoScaling.autoScalingGroups,
    policies: autoScaling.policies,
    scheduledActions: autoScaling.scheduledActions,
    lifecycleHooks: autoScaling.lifecycleHooks,
    notificationConfigurations: autoScaling.notificationConfigurations,
    loadBalancers: loadBalancing.loadBalancers,
    targetGroups: loadBalancing.targetGroups,
    listeners: loadBalancing.listeners,
    instanceInformation,
  };
  for (const [kind, items] of Object.entries(lists) as Array<[ResourceKind, readonly unknown[]]>) writeList(dir, kind, items);
  writeFileSync(join(dir, RESOURCE_FILES.targetHealth.file), `${JSON.stringify({ [RESOURCE_FILES.targetHealth.key]: loadBalancing.targetHealth })}\n`);
}
