/**
 * The region-wide part of an Instance record's joins, built once per region task:
 * volumes, security group rows, VPCs, subnets, Auto Scaling groups, launch
 * configurations and the load balancers targeting each instance.
 */
import type { Instance } from "@aws-sdk/client-ec2";
import type { AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import type { LoadBalancer } from "@aws-sdk/client-elastic-load-balancing-v2";
import { AwsApiError } from "../../aws/errors.js";
import { indexBy } from "../index-by.js";
import { loadBalancerView, type LoadBalancerView } from "../load-balancer-view.js";
import { endsStream } from "../per-resource.js";
import type { RegionContext } from "../types.js";
import { securityGroupRows, type InstanceJoins } from "./data.js";

/** Empty ids are left out like missing ones. */
const byId = <T>(items: T[], id: (t: T) => string | undefined): Map<string, T> => indexBy(items, (item) => id(item) || undefined);

/** ELBv2 codes of a target group or load balancer deleted between the listing and the per-item call. */
const VANISHED_CODES = new Set(["TargetGroupNotFound", "TargetGroupNotFoundException", "LoadBalancerNotFound", "LoadBalancerNotFoundException"]);

interface LoadBalancerIndex {
  loadBalancersFor: (instance: Instance) => LoadBalancerView[];
  /** The first failed per-item ELB call (target health, listeners), reported once for the type. */
  failure?: unknown;
}

/**
 * For every target id (instance id or IP), the load balancers of the target groups it is registered in.
 * A failed per-item call costs only its target group or load balancer, never the region's instances.
 */
async function loadBalancerIndex(ctx: RegionContext): Promise<LoadBalancerIndex> {
  const listings = ctx.listings;
  let failure: unknown;
  /** The call's answer; `fallback` when the resource vanished or the call failed (the failure is kept). */
  const perItem = async <T>(call: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      if (endsStream(err)) throw err;
      ctx.signal.throwIfAborted();
      const aws = err instanceof AwsApiError ? err : undefined;
      if (aws && VANISHED_CODES.has(aws.code)) return fallback;
      ctx.log.warn("load balancer call failed; instances are sent without it", {
        region: ctx.region,
        api: aws?.api,
        code: aws?.code,
        request_id: aws?.requestId,
        err,
      });
      failure ??= err;
      return fallback;
    }
  };
  const [groups, balancers] = await Promise.all([listings.targetGroups(), listings.loadBalancers()]);
  const lbByArn = byId<LoadBalancer>(balancers, (lb) => lb.LoadBalancerArn);
  const lbsByTarget = new Map<string, string[]>();
  await Promise.all(
    groups
      .filter((g) => g.TargetGroupArn && g.LoadBalancerArns?.length)
      .map(async (g) => {
        for (const desc of await perItem(() => listings.targetHealth(g.TargetGroupArn!), [])) {
          const target = desc.Target?.Id;
          if (!target) continue;
          const list = lbsByTarget.get(target) ?? [];
          list.push(...g.LoadBalancerArns!);
          lbsByTarget.set(target, list);
        }
      }),
  );
  const entries = new Map<string, LoadBalancerView>();
  await Promise.all(
    [...new Set([...lbsByTarget.values()].flat())].map(async (arn) => {
      const lb = lbByArn.get(arn);
      if (!lb) return;
      const listeners = await perItem(() => listings.listeners(arn), undefined);
      if (listeners) entries.set(arn, loadBalancerView(lb, listeners, "string"));
    }),
  );
  return {
    failure,
    loadBalancersFor: (instance) => {
      const arns = new Set<string>();
      for (const key of [instance.InstanceId, instance.PrivateIpAddress]) for (const arn of key ? (lbsByTarget.get(key) ?? []) : []) arns.add(arn);
      return [...arns].map((arn) => entries.get(arn)).filter((e): e is LoadBalancerView => e !== undefined);
    },
  };
}

/** The joins every instance of the region shares; images, types, SSM details and termination protection are per page or instance. */
export type InstanceRegionJoins = Omit<InstanceJoins, "images" | "instanceTypes" | "ssmDetails" | "terminationProtection"> & {
  /** A failed per-item load balancer call: one ErrorResource for the type, the instances still sent. */
  loadBalancerFailure?: unknown;
};

export async function instanceRegionJoins(ctx: RegionContext): Promise<InstanceRegionJoins> {
  const l = ctx.listings;
  const [volumes, groups, vpcs, subnets, asgs, launchConfigs, loadBalancers] = await Promise.all([
    l.volumes(),
    l.securityGroups(),
    l.vpcs(),
    l.subnets(),
    l.autoScalingGroups(),
    l.launchConfigurations(),
    loadBalancerIndex(ctx),
  ]);
  const securityGroupRowsById = new Map<string, { order: number; rows: Record<string, unknown>[] }>();
  groups.forEach((g, order) => g.GroupId && securityGroupRowsById.set(g.GroupId, { order, rows: securityGroupRows(g) }));
  const asgByInstance = new Map<string, AutoScalingGroup>();
  for (const asg of asgs) for (const i of asg.Instances ?? []) if (i.InstanceId) asgByInstance.set(i.InstanceId, asg);
  return {
    account: ctx.account,
    region: ctx.region,
    volumes: byId(volumes, (v) => v.VolumeId),
    securityGroupRows: securityGroupRowsById,
    vpcs: byId(vpcs, (v) => v.VpcId),
    subnets: byId(subnets, (s) => s.SubnetId),
    asgByInstance,
    launchConfigurations: byId(launchConfigs, (c) => c.LaunchConfigurationName),
    loadBalancersFor: loadBalancers.loadBalancersFor,
    loadBalancerFailure: loadBalancers.failure,
  };
}
