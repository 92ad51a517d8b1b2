/**
 * The load-balancer row shown on Instance (`data.load_balancer[]`, docs/records.md#instance-load-balancers)
 * and AutoScalingGroup (`data.load_balancers[]`, docs/records.md#load-balancers-of-a-group) records. Both use the same keys;
 * only the port type differs (strings on Instance, integers on AutoScalingGroup, as upstream).
 */
import type { Listener, LoadBalancer } from "@aws-sdk/client-elastic-load-balancing-v2";

export interface LoadBalancerView {
  endpoint: string | null;
  type: string | null;
  scheme: string | null;
  name: string | null;
  protocol: (string | null)[];
  port: (string | number | null)[];
  tags: { arn: string | null };
}

/** How listener ports are written: Instance rows use strings, AutoScalingGroup rows integers. */
export type PortStyle = "string" | "number";

export function loadBalancerView(lb: LoadBalancer, listeners: readonly Listener[], portStyle: PortStyle): LoadBalancerView {
  return {
    endpoint: lb.DNSName ?? null,
    type: lb.Type ?? null,
    scheme: lb.Scheme ?? null,
    name: lb.LoadBalancerName ?? null,
    protocol: listeners.map((l) => l.Protocol ?? null),
    port: listeners.map((l) => (l.Port === undefined ? null : portStyle === "string" ? String(l.Port) : l.Port)),
    tags: { arn: lb.LoadBalancerArn ?? null },
  };
}
