/**
 * The unary calls: Health and ServerInfo (resolved by the platform, called by
 * nobody), `init` (its metadata is stored on the collector), `verify` with
 * credentials the cloud must refuse, and `get_tasks` (docs/contract.md#job-tasks).
 */
import { randomBytes } from "node:crypto";
import type { JsonObject, JsonValue } from "../../common/json.js";
import { canonical, isJsonObject } from "../../compare/json-path.js";
import type { CollectorPlugin } from "../../plugin-client/collector-plugin.js";
import type { TaskPlan } from "../../plugin-client/collection.js";
import { rpcFailure, type CallOptions, type RpcFailure } from "../../plugin-client/dynamic-client.js";
import { count, echoedSecrets, ERROR_TEXT, failureText, KNOWN_RESOURCE_TYPES, secretValues } from "../contract.js";
import { recordCheck, type CheckRecorder, type CheckResult } from "../report.js";

export async function checkHealth(plugin: CollectorPlugin, call: CallOptions): Promise<CheckResult> {
  const check = recordCheck("health");
  try {
    const answer = await plugin.healthCheck("", call);
    if (answer.status === "SERVING") check.info(`Check(""): SERVING`);
    else check.fail(`Check(""): ${JSON.stringify(answer.status ?? "UNKNOWN")}, not SERVING`);
  } catch (err) {
    check.fail(`Check(""): ${failureText(rpcFailure(err))}`);
  }
  return check.result();
}

export async function checkServerInfo(plugin: CollectorPlugin, call: CallOptions): Promise<CheckResult> {
  const check = recordCheck("server-info");
  try {
    const { version } = await plugin.getVersion(call);
    if (typeof version === "string" && version !== "") check.info(`get_version: ${JSON.stringify(version)}`);
    else check.warn("get_version answered no version");
  } catch (err) {
    check.fail(`get_version: ${failureText(rpcFailure(err))}`);
  }
  return check.result();
}

type Shape = "list of strings" | "list" | "object";

/** The metadata keys the inventory reads (docs/contract.md#init-metadata). */
const INIT_METADATA: ReadonlyArray<[key: string, shape: Shape]> = [
  ["supported_resource_type", "list of strings"],
  ["supported_schedules", "list of strings"],
  ["supported_features", "list of strings"],
  ["filter_format", "list"],
  ["options_schema", "object"],
];

function hasShape(value: JsonValue, shape: Shape): boolean {
  switch (shape) {
    case "list of strings":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "list":
      return Array.isArray(value);
    case "object":
      return isJsonObject(value);
  }
}

export async function checkInit(plugin: CollectorPlugin, options: JsonObject, call: CallOptions): Promise<CheckResult> {
  const check = recordCheck("init.metadata");
  let metadata: JsonValue | undefined;
  try {
    metadata = (await plugin.init(options, call)).metadata;
  } catch (err) {
    const failure = rpcFailure(err);
    check.fail(`init: ${failureText(failure)}`);
    return check.result();
  }
  if (!isJsonObject(metadata)) {
    check.fail("init answered no metadata object: the collector is stored without it");
    return check.result();
  }
  for (const [key, shape] of INIT_METADATA) {
    const value = metadata[key];
    if (value === undefined) check.warn(`metadata.${key} is missing (the Python SDK always sends it)`);
    else if (!hasShape(value, shape)) check.fail(`metadata.${key} is ${JSON.stringify(value)}: the inventory reads a ${shape}`);
  }
  const types = metadata.supported_resource_type;
  if (Array.isArray(types))
    for (const type of types)
      if (typeof type !== "string" || !KNOWN_RESOURCE_TYPES.includes(type))
        check.warn(`metadata.supported_resource_type names ${JSON.stringify(type)}, which the inventory does not know`);
  const rules = metadata.collector_rules;
  if (rules !== undefined && !(Array.isArray(rules) && rules.every(isJsonObject)))
    check.fail(`metadata.collector_rules is ${JSON.stringify(rules)}: the inventory reads a list of rule objects`);
  if (metadata.concurrency !== undefined)
    check.warn("metadata.concurrency is sent, but a Struct number is never the int the inventory checks for: it most likely never applies");
  check.info(`metadata keys: ${Object.keys(metadata).join(", ")}`);
  return check.result();
}

/** The secret with every string value replaced by a random one of the same length (at least 16): credentials no cloud accepts. */
export function badCredentials(secret: JsonObject): JsonObject {
  const replace = (value: JsonValue): JsonValue => {
    if (typeof value === "string")
      return randomBytes(Math.max(16, value.length)).toString("base64url").replace(/[-_]/g, "X").slice(0, Math.max(16, value.length)).toUpperCase();
    if (Array.isArray(value)) return value.map(replace);
    if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return replace(secret) as JsonObject;
}

/**
 * Findings about an error's text: the `ERROR_CODE: message` form, and no secret echoed. `what` names the call.
 * Returns whether the text is well-formed.
 */
export function inspectErrorText(check: CheckRecorder, what: string, failure: RpcFailure, secrets: ReadonlyMap<string, string>): boolean {
  const wellFormed = ERROR_TEXT.test(failure.message);
  if (!wellFormed) check.fail(`${what}: ${failureText(failure)} is not "ERROR_CODE: message": the platform shows it as ERROR_INTERNAL_API with the raw text`);
  const echoed = echoedSecrets(failure.message, secrets);
  if (echoed.length > 0) check.fail(`${what}: the error text echoes ${echoed.join(", ")}`);
  return wellFormed;
}

export async function checkVerify(plugin: CollectorPlugin, options: JsonObject, secret: JsonObject, call: CallOptions): Promise<CheckResult> {
  const check = recordCheck("verify.bad-credentials");
  const bad = badCredentials(secret);
  const secrets = new Map([...secretValues(secret), ...[...secretValues(bad)].map(([k, v]): [string, string] => [`${k} (the bad one sent)`, v])]);
  try {
    await plugin.verify(options, bad, call);
    check.warn("verify accepted credentials no cloud accepts: the platform registers a secret that cannot collect");
    return check.result();
  } catch (err) {
    const failure = rpcFailure(err);
    const wellFormed = inspectErrorText(check, "verify", failure, secrets);
    switch (failure.status) {
      case "INVALID_ARGUMENT":
      case "FAILED_PRECONDITION":
        break;
      case "PERMISSION_DENIED":
        check.warn(`verify: status PERMISSION_DENIED: the platform drops the message and shows ERROR_PERMISSION_DENIED`);
        break;
      case "UNAUTHENTICATED":
        check.warn(`verify: status UNAUTHENTICATED: the platform replaces the code with ERROR_AUTHENTICATE_FAILURE`);
        break;
      case "DEADLINE_EXCEEDED":
        check.fail(`verify: status DEADLINE_EXCEEDED for a deterministic refusal: the platform tries three times`);
        break;
      case "UNAVAILABLE":
        if (!wellFormed) check.fail(`verify: UNAVAILABLE without an ERROR_ code: the platform retries three times and reports a connection error`);
        else check.warn(`verify: status UNAVAILABLE for bad credentials`);
        break;
      default:
        check.warn(`verify: status ${failure.status} for bad credentials (INVALID_ARGUMENT says the input is wrong)`);
    }
    check.info(`verify with bad credentials: ${failureText(failure)}`);
  }
  return check.result();
}

export function checkTasks(plan: TaskPlan, jobListed: boolean, secret: JsonObject): CheckResult {
  const check = recordCheck("get-tasks");
  if (!jobListed) {
    check.warn("no Job service: the platform collects in one stream without task_options");
    return check.result();
  }
  if (plan.error) {
    inspectErrorText(check, "get_tasks", plan.error, secretValues(secret));
    check.fail(`get_tasks failed: ${failureText(plan.error)}; the platform only logs this and collects once without task_options`);
    return check.result();
  }
  const answered = plan.answered ?? [];
  if (answered.length === 0) {
    check.fail("get_tasks answered an empty list: the platform then collects once without task_options; a plugin that cannot plan must answer an error");
    return check.result();
  }
  const seen = new Map<string, number>();
  answered.forEach((task, i) => {
    const options = task.task_options;
    if (!isJsonObject(options) || Object.keys(options).length === 0) {
      check.fail(`task ${i + 1} has no task_options: the platform collects it without task_options, i.e. as a whole collection`);
      return;
    }
    const key = canonical(options);
    const first = seen.get(key);
    if (first !== undefined) check.fail(`task ${i + 1} repeats task ${first + 1} ${JSON.stringify(options)}: the same records are collected twice`);
    else seen.set(key, i);
    const type = options.resource_type;
    if (type !== undefined && (typeof type !== "string" || !KNOWN_RESOURCE_TYPES.includes(type)))
      check.warn(`task ${i + 1}: resource_type ${JSON.stringify(type)} is not a type the inventory knows`);
  });
  check.info(count(answered.length, "task"));
  return check.result();
}
