/**
 * The SDK client class of every AWS service the collector calls, loaded on first use.
 * A mapped type over the service union: a service without a client fails the type-check.
 */
import type { DeserializeHandler, HandlerExecutionContext, RelativeMiddlewareOptions } from "@smithy/types";
import type { AwsService } from "../../common/aws-services.js";
import { sdk } from "./sdk.js";

/**
 * What the collector uses of an SDK client: it sends the API table's commands (typed by the table, not
 * here) and is destroyed at the end.
 */
export interface SdkClient {
  send(command: object, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  destroy(): void;
  /** Where the collector adds its check of every answer (response-check.ts). */
  readonly middlewareStack: MiddlewareAdder;
}

/** A deserialize-step middleware for any client: generic in the client's input and output types. */
export type AnyDeserializeMiddleware = <I extends object, O extends object>(
  next: DeserializeHandler<I, O>,
  context: HandlerExecutionContext,
) => DeserializeHandler<I, O>;

/** The one thing the collector does with a client's middleware stack. */
export interface MiddlewareAdder {
  addRelativeTo(middleware: AnyDeserializeMiddleware, options: RelativeMiddlewareOptions): void;
}
export type SdkClientClass = new (config: Record<string, unknown>) => SdkClient;

export const SDK_CLIENTS: { readonly [S in AwsService]: () => SdkClientClass } = {
  sts: () => sdk.sts().STSClient,
  ec2: () => sdk.ec2().EC2Client,
  autoscaling: () => sdk.autoScaling().AutoScalingClient,
  elasticloadbalancing: () => sdk.elbv2().ElasticLoadBalancingV2Client,
  ssm: () => sdk.ssm().SSMClient,
};
