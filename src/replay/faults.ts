/**
 * Fault injection. A fault configuration comes from a set's `set.json`
 * (`faults`, or a named entry of `faultProfiles` selected per request by the
 * path segment `~<profile>`), or is replaced at run time through `_faults`.
 * Rules apply in order; counters live with the configuration they belong to,
 * so replacing it starts afresh.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { AwsError } from "./aws-error.js";
import type { AwsService } from "../common/aws-services.js";
import { checkFaultConfig, type FAULT_EFFECTS } from "./fixture-schemas.js";
import type { WireResponse } from "./protocols/wire.js";
import { expiredToken, regionNotEnabled, unknownKey } from "./service-errors.js";
import { TokenBuckets, type TokenBucketOptions } from "./token-bucket.js";

export type FaultEffect = (typeof FAULT_EFFECTS)[number];

export interface FaultRule {
  effect: FaultEffect;
  /** `service:Action`, `service:*` or `*` (default). */
  api?: string;
  /** Only calls for this account (default: all). */
  account?: string;
  /** Only calls signed for this region (default: all). */
  region?: string;
  /** Matching calls to let through before the rule starts (default 0). */
  after?: number;
  /** How many matching calls the rule affects once started (default: all). */
  count?: number;
  /** `error`: the AWS error code (default `InternalError`). */
  code?: string;
  /** `error`: the HTTP status (default 500). */
  status?: number;
  /** `latency`: added delay; `hang`: how long to hold the call before failing it (default 300000). */
  ms?: number;
  /** `latency`: when set, each call's delay is drawn uniformly from `ms`..`maxMs` (AWS's jitter). */
  maxMs?: number;
}

export interface FaultConfig {
  /** AWS's token buckets per account × region × API; `true` for AWS's documented sizes. */
  tokenBuckets?: boolean | TokenBucketOptions;
  rules?: FaultRule[];
}

/** Validates a fault configuration (schema: fixture-schemas.ts); `where` names its origin in error messages. */
export function parseFaultConfig(value: unknown, where: string): FaultConfig {
  const found = checkFaultConfig(value);
  if (found) throw new Error(`${where}: ${found.path}: ${found.problem}`);
  return value as FaultConfig;
}

export interface CallScope {
  service: AwsService;
  action: string;
  account: string;
  region: string;
  /** Unfiltered and unpaginated: AWS puts these heavy calls in a smaller bucket. */
  unbounded: boolean;
}

/** What the replay must do with a call before answering it. */
export type FaultDecision =
  | { kind: "fail"; error: AwsError; throttled: boolean }
  | { kind: "hang"; ms: number }
  /** Answer normally, but hand back the token the call sent (a paginator loop). */
  | { kind: "repeat-token" }
  /** Answer 200 with only the first half of the body. */
  | { kind: "truncate" }
  /** Answer 200 with `MALFORMED_ANSWER` instead of the operation's document. */
  | { kind: "malformed" };

/**
 * A 200 that is not the operation's answer: a proxy's or captive portal's page. Well-formed XML, so the
 * SDK alone would parse it into an output with every member missing (an empty listing).
 */
export const MALFORMED_ANSWER: WireResponse = {
  status: 200,
  contentType: "text/html; charset=utf-8",
  body: "<html><head><title>Access denied</title></head><body><h1>This site is blocked by the proxy</h1></body></html>",
};

export const apiName = (scope: Pick<CallScope, "service" | "action">) => `${scope.service}:${scope.action}`;

function matches(rule: FaultRule, scope: CallScope): boolean {
  if (rule.account !== undefined && rule.account !== scope.account) return false;
  if (rule.region !== undefined && rule.region !== scope.region) return false;
  const api = rule.api ?? "*";
  return api === "*" || api === apiName(scope) || api === `${scope.service}:*`;
}

/** The service's own throttling answer (docs/decisions.md#error-bodies). */
export function throttlingError(service: AwsService): AwsError {
  switch (service) {
    case "ec2":
      return new AwsError("RequestLimitExceeded", "Request limit exceeded.", 503);
    case "ssm":
      return new AwsError("ThrottlingException", "Rate exceeded", 400);
    case "autoscaling":
    case "elasticloadbalancing":
    case "sts":
      return new AwsError("Throttling", "Rate exceeded", 400);
  }
}

/** The service's own authorisation failure. */
export function denyError(scope: Pick<CallScope, "service" | "action" | "account">): AwsError {
  const subject = `arn:aws:iam::${scope.account}:user/replay`;
  switch (scope.service) {
    case "ec2":
      return new AwsError(
        "UnauthorizedOperation",
        `You are not authorized to perform this operation. User: ${subject} is not authorized to perform: ${apiName(scope)}`,
        403,
      );
    case "ssm":
      return new AwsError("AccessDeniedException", `User: ${subject} is not authorized to perform: ${apiName(scope)}`, 400);
    case "autoscaling":
    case "elasticloadbalancing":
    case "sts":
      return new AwsError("AccessDenied", `User: ${subject} is not authorized to perform: ${apiName(scope)}`, 403);
  }
}

/** A latency rule's delay for one call: `ms`, or uniform in `ms`..`maxMs`. */
function latencyOf(rule: FaultRule): number {
  const ms = rule.ms ?? 0;
  return rule.maxMs === undefined || rule.maxMs <= ms ? ms : ms + Math.random() * (rule.maxMs - ms);
}

/** One active fault configuration with its counters and buckets. */
export class FaultState {
  private readonly seen: number[];
  private readonly buckets: TokenBuckets | undefined;

  constructor(
    readonly config: FaultConfig,
    now: () => number = Date.now,
  ) {
    this.seen = (config.rules ?? []).map(() => 0);
    const buckets = config.tokenBuckets;
    this.buckets = buckets ? new TokenBuckets(buckets === true ? {} : buckets, now) : undefined;
  }

  /** Applies latency rules (awaited), then returns the first failure or hang that applies, if any. */
  async decide(scope: CallScope): Promise<FaultDecision | undefined> {
    const rules = this.config.rules ?? [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (!matches(rule, scope)) continue;
      const n = this.seen[i]!++;
      const after = rule.after ?? 0;
      if (n < after || (rule.count !== undefined && n >= after + rule.count)) continue;
      switch (rule.effect) {
        case "latency":
          await sleep(latencyOf(rule));
          break;
        case "throttle":
          return { kind: "fail", error: throttlingError(scope.service), throttled: true };
        case "deny":
          return { kind: "fail", error: denyError(scope), throttled: false };
        case "error":
          return {
            kind: "fail",
            error: new AwsError(rule.code ?? "InternalError", "An internal error has occurred. (injected)", rule.status ?? 500),
            throttled: false,
          };
        case "hang":
          return { kind: "hang", ms: rule.ms ?? 300_000 };
        case "repeat-token":
        case "truncate":
        case "malformed":
          return { kind: rule.effect };
        case "auth-failure":
          return { kind: "fail", error: unknownKey(scope.service), throttled: false };
        case "expire":
          return { kind: "fail", error: expiredToken(scope.service), throttled: false };
        case "region-disabled":
          return { kind: "fail", error: regionNotEnabled(scope.service, scope.region), throttled: false };
      }
    }
    if (this.buckets && !this.buckets.take(scope)) return { kind: "fail", error: throttlingError(scope.service), throttled: true };
    return undefined;
  }
}
