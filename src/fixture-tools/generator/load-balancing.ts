/** One application load balancer per region: an instance target group (the first Auto Scaling group) and an ip one. */
import type { Item } from "../../replay/fixture-format.js";
import type { SecurityGroups } from "./network.js";
import { BASE_TIME, DAY_MS, iso, type InstanceSummary, type Network, type RegionScope } from "./region-scope.js";

export interface LoadBalancerArns {
  loadBalancer: string;
  instanceTargetGroup: string;
  ipTargetGroup: string;
}

/** Drawn before the Auto Scaling groups, which register with the instance target group. */
export function loadBalancerArns({ account, region, rnd }: RegionScope): LoadBalancerArns {
  return {
    loadBalancer: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/gen-alb/${rnd.hex(16)}`,
    instanceTargetGroup: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/gen-instances/${rnd.hex(16)}`,
    ipTargetGroup: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/gen-ip/${rnd.hex(16)}`,
  };
}

export interface LoadBalancing {
  loadBalancers: Item[];
  targetGroups: Item[];
  listeners: Item[];
  /** Target group ARN → target health descriptions. */
  targetHealth: Record<string, Item[]>;
}

export interface LoadBalancingInputs {
  network: Network;
  securityGroups: SecurityGroups;
  instances: readonly InstanceSummary[];
  /** The first Auto Scaling group's members: the instance target group's targets. */
  groupMembers: readonly InstanceSummary[];
}

export function generateLoadBalancing(
  { region, rnd, azs }: RegionScope,
  arns: LoadBalancerArns,
  { network, securityGroups, instances, groupMembers }: LoadBalancingInputs,
): LoadBalancing {
  const { loadBalancer: lbArn, instanceTargetGroup: tgInstance, ipTargetGroup: tgIp } = arns;
  const firstVpc = network.vpcs[0]!;
  const loadBalancers = [
    {
      LoadBalancerArn: lbArn,
      DNSName: `gen-alb-${rnd.int(100000000, 999999999)}.${region}.elb.amazonaws.com`,
      CanonicalHostedZoneId: "Z35SXDOTRQ7X7K",
      CreatedTime: iso(BASE_TIME - 100 * DAY_MS),
      LoadBalancerName: "gen-alb",
      Scheme: "internet-facing",
      VpcId: firstVpc.VpcId,
      State: { Code: "active" },
      Type: "application",
      IpAddressType: "ipv4",
      SecurityGroups: [securityGroups.appGroups[0]!.GroupId],
      AvailabilityZones: network.subnets.slice(0, azs.length).map((s) => ({ ZoneName: s.AvailabilityZone, SubnetId: s.SubnetId, LoadBalancerAddresses: [] })),
    },
  ];
  const tg = (arn: string, name: string, targetType: string) => ({
    TargetGroupArn: arn,
    TargetGroupName: name,
    Protocol: "HTTP",
    Port: 80,
    VpcId: firstVpc.VpcId,
    HealthCheckProtocol: "HTTP",
    HealthCheckPort: "traffic-port",
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: "/health",
    Matcher: { HttpCode: "200" },
    LoadBalancerArns: [lbArn],
    TargetType: targetType,
    ProtocolVersion: "HTTP1",
    IpAddressType: "ipv4",
  });
  const listeners = [
    {
      ListenerArn: `${lbArn.replace(":loadbalancer/", ":listener/")}/${rnd.hex(16)}`,
      LoadBalancerArn: lbArn,
      Port: 80,
      Protocol: "HTTP",
      DefaultActions: [{ Type: "forward", TargetGroupArn: tgInstance, Order: 1 }],
    },
  ];
  const ipTargets = instances.filter((s) => s.state === "running" && !s.group).slice(0, 5);
  const targetHealth = {
    [tgInstance]: groupMembers.map((s) => ({
      Target: { Id: s.id, Port: 80 },
      HealthCheckPort: "80",
      TargetHealth:
        s.state === "running" ? { State: "healthy" } : { State: "unused", Reason: "Target.InvalidState", Description: "Target is in the stopped state" },
    })),
    [tgIp]: ipTargets.map((s) => ({ Target: { Id: s.ip, Port: 80, AvailabilityZone: s.az }, HealthCheckPort: "80", TargetHealth: { State: "healthy" } })),
  };
  return { loadBalancers, targetGroups: [tg(tgInstance, "gen-instances", "instance"), tg(tgIp, "gen-ip", "ip")], listeners, targetHealth };
}
