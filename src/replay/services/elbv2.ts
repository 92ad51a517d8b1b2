/** Elastic Load Balancing v2 (awsQuery): PageSize 1..400, Marker in, NextMarker out. */
import { AwsError } from "../aws-error.js";
import type { Operation, ServiceHandlers } from "../operation.js";
import type { Item } from "../fixture-format.js";
import { paginate, type PageRule } from "../pagination.js";
import { selectByIds } from "./common.js";

const PAGES: PageRule = { sizeMember: "PageSize", tokenMember: "Marker", min: 1, max: 400, defaultSize: 400, aboveMax: "error" };

const lbNotFound = () => new AwsError("LoadBalancerNotFound", "One or more load balancers not found");
const tgNotFound = () => new AwsError("TargetGroupNotFound", "One or more target groups not found");

const describeLoadBalancers: Operation = {
  accepts: ["LoadBalancerArns", "Names", "PageSize", "Marker"],
  handle(input, ctx) {
    let lbs = selectByIds(ctx.fixtures.list("loadBalancers"), input.LoadBalancerArns, "LoadBalancerArn", lbNotFound);
    lbs = selectByIds(lbs, input.Names, "LoadBalancerName", lbNotFound);
    const { items, next } = paginate(lbs, input, PAGES, ctx);
    return { LoadBalancers: items, NextMarker: next };
  },
};

const describeTargetGroups: Operation = {
  accepts: ["LoadBalancerArn", "TargetGroupArns", "Names", "PageSize", "Marker"],
  handle(input, ctx) {
    let groups: readonly Item[] = selectByIds(ctx.fixtures.list("targetGroups"), input.TargetGroupArns, "TargetGroupArn", tgNotFound);
    groups = selectByIds(groups, input.Names, "TargetGroupName", tgNotFound);
    if (input.LoadBalancerArn !== undefined) {
      selectByIds(ctx.fixtures.list("loadBalancers"), [input.LoadBalancerArn], "LoadBalancerArn", lbNotFound);
      groups = groups.filter((g) => ((g.LoadBalancerArns as string[] | undefined) ?? []).includes(input.LoadBalancerArn as string));
    }
    const { items, next } = paginate(groups, input, PAGES, ctx);
    return { TargetGroups: items, NextMarker: next };
  },
};

const describeListeners: Operation = {
  accepts: ["LoadBalancerArn", "ListenerArns", "PageSize", "Marker"],
  handle(input, ctx) {
    if (input.LoadBalancerArn === undefined && !(Array.isArray(input.ListenerArns) && input.ListenerArns.length > 0)) {
      throw new AwsError("ValidationError", "You must specify either listener ARNs or a load balancer ARN");
    }
    let listeners = selectByIds(
      ctx.fixtures.list("listeners"),
      input.ListenerArns,
      "ListenerArn",
      () => new AwsError("ListenerNotFound", "One or more listeners not found"),
    );
    if (input.LoadBalancerArn !== undefined) {
      selectByIds(ctx.fixtures.list("loadBalancers"), [input.LoadBalancerArn], "LoadBalancerArn", lbNotFound);
      listeners = listeners.filter((l) => l.LoadBalancerArn === input.LoadBalancerArn);
    }
    const { items, next } = paginate(listeners, input, PAGES, ctx);
    return { Listeners: items, NextMarker: next };
  },
};

const describeTargetHealth: Operation = {
  accepts: ["TargetGroupArn", "Targets"],
  handle(input, ctx) {
    selectByIds(ctx.fixtures.list("targetGroups"), [input.TargetGroupArn], "TargetGroupArn", tgNotFound);
    let descriptions: readonly Item[] = ctx.fixtures.map("targetHealth")[String(input.TargetGroupArn)] ?? [];
    const targets = input.Targets as Array<{ Id?: string; Port?: number }> | undefined;
    if (targets?.length) {
      descriptions = descriptions.filter((d) =>
        targets.some((t) => (d.Target as Item | undefined)?.Id === t.Id && (t.Port === undefined || (d.Target as Item).Port === t.Port)),
      );
    }
    return { TargetHealthDescriptions: descriptions };
  },
};

export const elbv2Handlers: ServiceHandlers = {
  DescribeLoadBalancers: describeLoadBalancers,
  DescribeTargetGroups: describeTargetGroups,
  DescribeListeners: describeListeners,
  DescribeTargetHealth: describeTargetHealth,
};
