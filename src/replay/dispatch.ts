/**
 * One AWS call, end to end: find the service and action (SigV4 scope, form
 * `Action` or `X-Amz-Target`), authenticate the caller against the set's keys
 * and STS sessions, check the region, decode the input with the SDK schema,
 * apply faults, run the handler and answer in the service's wire protocol.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { AwsError } from "./aws-error.js";
import type { CallContext, Principal, ServiceHandlers } from "./operation.js";
import { apiName, MALFORMED_ANSWER, type FaultState } from "./faults.js";
import type { AccountFixture, FixtureSet } from "./fixture-store.js";
import { ec2Error, ec2Success } from "./protocols/ec2-query.js";
import { awsQueryError, awsQuerySuccess } from "./protocols/aws-query.js";
import { decodeJsonInput, jsonError, jsonSuccess } from "./protocols/aws-json.js";
import { decodeQueryInput } from "./protocols/query-params.js";
import type { WireResponse } from "./protocols/wire.js";
import { isAwsService, type AwsService } from "../common/aws-services.js";
import { operation, SERVICES, type NormalizedSchema } from "./sdk-schemas.js";
import type { SessionStore } from "./sessions.js";
import { parseAuthorization, verifySignature } from "./sigv4.js";
import { expiredToken, regionNotEnabled, unknownKey } from "./service-errors.js";
import type { Stats } from "./stats.js";
import { autoScalingHandlers } from "./services/auto-scaling.js";
import { ec2Handlers } from "./services/ec2.js";
import { elbv2Handlers } from "./services/elbv2.js";
import { ssmHandlers } from "./services/ssm.js";
import { stsHandlers } from "./services/sts.js";

const HANDLERS: Record<AwsService, ServiceHandlers> = {
  ec2: ec2Handlers,
  autoscaling: autoScalingHandlers,
  elasticloadbalancing: elbv2Handlers,
  sts: stsHandlers,
  ssm: ssmHandlers,
};

export interface IncomingCall {
  method: string;
  path: string;
  query: string;
  headers: Headers;
  body: string;
  /** Aborted when the client goes away (ends injected hangs). */
  signal: AbortSignal;
}

export interface DispatchEnv {
  set: FixtureSet;
  sessions: SessionStore;
  stats: Stats;
  faults: FaultState;
  verifySignatures: boolean;
  now: () => number;
}

export interface DispatchResult extends WireResponse {
  requestId: string;
}

function render(service: AwsService | undefined, error: AwsError, requestId: string): WireResponse {
  if (service === "ec2") return ec2Error(error, requestId);
  if (service === "ssm") return jsonError(error);
  return awsQueryError(error, requestId);
}

function unsupported(service: AwsService, message: string): AwsError {
  if (service === "ec2") return new AwsError("UnsupportedOperation", message);
  return new AwsError(service === "ssm" ? "ValidationException" : "ValidationError", message);
}

interface Authenticated {
  principal: Principal;
  account: AccountFixture;
  secret: string;
}

function authenticate(env: DispatchEnv, service: AwsService, accessKeyId: string, headers: Headers): Authenticated {
  const user = env.set.userByAccessKey(accessKeyId);
  if (user) {
    return {
      principal: { kind: "user", accountId: user.account.accountId, userName: user.user.userName, accessKeyId },
      account: user.account,
      secret: user.user.secretAccessKey,
    };
  }
  const session = env.sessions.get(accessKeyId);
  const account = session && session.setName === env.set.name ? env.set.account(session.accountId) : undefined;
  if (!session || !account || headers.get("x-amz-security-token") !== session.sessionToken) throw unknownKey(service);
  if (session.expiresAt <= env.now()) throw expiredToken(service);
  const principal: Principal = {
    kind: "role",
    accountId: account.accountId,
    roleName: session.roleName,
    sessionName: session.sessionName,
    accessKeyId,
    roleId: session.roleId,
  };
  return { principal, account, secret: session.secretAccessKey };
}

function success(service: AwsService, action: string, output: NormalizedSchema, value: Record<string, unknown>, requestId: string): WireResponse {
  const info = SERVICES[service];
  switch (info.protocol) {
    case "ec2Query":
      return ec2Success(action, info.xmlns, output, value, requestId);
    case "awsQuery":
      return awsQuerySuccess(action, info.xmlns, output, value, requestId);
    case "awsJson1_1":
      return jsonSuccess(output, value);
  }
}

/** Echoes the request's page token as the next one, as a misbehaving service would. */
function repeatToken(input: Record<string, unknown>, output: Record<string, unknown>): void {
  const sent = input.NextToken ?? input.Marker;
  if (typeof sent !== "string") return;
  if ("NextMarker" in output) output.NextMarker = sent;
  else output.NextToken = sent;
}

/** The service a call is for, from its SigV4 scope or `X-Amz-Target`, before anything else is known. */
function serviceOf(headers: Headers, form: URLSearchParams | undefined): AwsService | undefined {
  const auth = parseAuthorization(headers.get("authorization") ?? undefined);
  if (auth && isAwsService(auth.service)) return auth.service;
  if (headers.get("x-amz-target")?.startsWith("AmazonSSM.")) return "ssm";
  return Object.values(SERVICES).find((s) => s.version === form?.get("Version"))?.name;
}

/** An AWS-shaped failure for a call that cannot be dispatched at all (e.g. its set fails to load). */
export function failure(call: Pick<IncomingCall, "headers" | "body">, error: AwsError): DispatchResult {
  const requestId = randomUUID();
  const form = call.headers.get("x-amz-target") ? undefined : new URLSearchParams(call.body);
  return { ...render(serviceOf(call.headers, form), error, requestId), requestId };
}

/** Answers one AWS call against `env.set`. Never throws: every failure is an AWS error body. */
export async function dispatch(call: IncomingCall, env: DispatchEnv): Promise<DispatchResult> {
  const requestId = randomUUID();
  const answered = env.stats.begin();
  let service: AwsService | undefined;
  const outcome = {
    api: "unknown",
    account: "unknown",
    region: "unknown",
    retry: /attempt=([2-9]|\d{2,})/.test(call.headers.get("amz-sdk-request") ?? ""),
    throttled: false,
    errorCode: undefined as string | undefined,
  };
  try {
    const auth = parseAuthorization(call.headers.get("authorization") ?? undefined);
    const target = call.headers.get("x-amz-target");
    const form = target ? undefined : new URLSearchParams(call.body);
    service = serviceOf(call.headers, form);
    if (!auth) throw new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    if (!service || !isAwsService(auth.service)) throw new AwsError("InvalidAction", `The replay does not serve service '${auth.service}'`);
    outcome.region = auth.region;
    const action = target ? target.slice(target.indexOf(".") + 1) : (form?.get("Action") ?? "");
    outcome.api = apiName({ service, action });
    if ((service === "ssm") !== Boolean(target?.startsWith("AmazonSSM.")))
      throw new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`);
    const schemas = operation(service, action);
    const op = HANDLERS[service][action];
    if (!schemas || !op) {
      throw service === "ssm"
        ? new AwsError("UnknownOperationException", `Unknown operation ${action}`)
        : new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`);
    }
    const { principal, account, secret } = authenticate(env, service, auth.accessKeyId, call.headers);
    outcome.account = account.accountId;
    if (env.verifySignatures && !verifySignature(auth, call, secret)) {
      throw new AwsError(
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
        403,
      );
    }
    if (!account.enabledRegions.includes(auth.region)) throw regionNotEnabled(service, auth.region);
    const input = service === "ssm" ? decodeJsonInput(schemas.input, call.body) : decodeQueryInput(schemas.input, form!, { ec2: service === "ec2" });
    const extra = Object.keys(input).find((k) => k !== "DryRun" && !op.accepts.includes(k));
    if (extra) throw unsupported(service, `The replay does not support parameter ${extra} of ${action}`);
    if (input.DryRun === true) throw new AwsError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);

    const filtered = (Array.isArray(input.Filters) && input.Filters.length > 0) || (Array.isArray(input.Filter) && input.Filter.length > 0);
    const decision = await env.faults.decide({
      service,
      action,
      account: account.accountId,
      region: auth.region,
      unbounded: !filtered && input.MaxResults === undefined,
    });
    if (decision?.kind === "hang") {
      // Ends early (and quietly) when the client goes away.
      await sleep(decision.ms, undefined, { signal: call.signal }).catch(() => undefined);
      throw new AwsError("ServiceUnavailable", "The call was held by an injected hang.", 503);
    }
    if (decision?.kind === "fail") {
      outcome.throttled = decision.throttled;
      throw decision.error;
    }
    if (decision?.kind === "malformed") return { ...MALFORMED_ANSWER, requestId };
    const ctx: CallContext = {
      set: env.set,
      service,
      action,
      account,
      region: auth.region,
      principal,
      fixtures: env.set.region(account.accountId, auth.region),
      sessions: env.sessions,
      now: env.now,
    };
    const output = Object.fromEntries(Object.entries(op.handle(input, ctx)).filter(([, v]) => v !== undefined));
    if (decision?.kind === "repeat-token") repeatToken(input, output);
    const wire = success(service, action, schemas.output, output, requestId);
    return { ...wire, body: decision?.kind === "truncate" ? wire.body.slice(0, Math.floor(wire.body.length / 2)) : wire.body, requestId };
  } catch (err) {
    // A fixture file that fails validation on first use also ends here, its message naming file and path.
    const error = err instanceof AwsError ? err : new AwsError("InternalError", `Replay failure: ${(err as Error).message}`, 500);
    outcome.errorCode = error.code;
    return { ...render(service, error, requestId), requestId };
  } finally {
    answered();
    env.stats.record(outcome);
  }
}
