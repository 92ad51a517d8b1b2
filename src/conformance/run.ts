/**
 * Runs every check against a plugin, knowing only its endpoint, the way
 * Cloudforet's inventory uses it: reflection, Health, ServerInfo, init, verify
 * with bad credentials, get_tasks, one collect per task, then the same tasks
 * again spread over every endpoint. Checks that need what an earlier step
 * could not give (no reflection, no secret) are reported as skipped.
 */
import type { JsonObject } from "../common/json.js";
import { maskText } from "../common/secrets.js";
import { CONTRACT_SERVICES, openCollectorPlugin, type CollectorPlugin } from "../plugin-client/collector-plugin.js";
import { collectTasks, planTasks } from "../plugin-client/collection.js";
import { rpcFailure, type CallOptions } from "../plugin-client/dynamic-client.js";
import { ReflectionAnswerError } from "../plugin-client/reflection-client.js";
import { checkHealth, checkInit, checkServerInfo, checkTasks, checkVerify } from "./checks/calls.js";
import { checkDescriptors } from "./checks/descriptors.js";
import { checkDistribution } from "./checks/distribution.js";
import { checkRecords } from "./checks/records.js";
import { checkNotFound, checkResolve, checkServices } from "./checks/reflection.js";
import { checkStreamEnds } from "./checks/streams.js";
import { failureText, PLATFORM_UNARY_DEADLINE_MS, secretValues } from "./contract.js";
import { CHECKS, countStatuses, recordCheck, skippedCheck, type CheckId, type CheckResult, type ConformanceReport } from "./report.js";

export interface ConformanceOptions {
  /** The plugin (`host:port`, `grpc://host:port`, `http://host:port`); more than one spreads the distribution run over them all. */
  endpoints: readonly string[];
  /** The collector's options, sent to every call (default `{}`). */
  options?: JsonObject;
  /** secret_data; without it verify, get_tasks, collect and distribution are skipped. */
  secretData?: JsonObject;
  /** Deadline of each unary and reflection call in ms (default 180,000: the platform's unary one). Collect streams have none, as on the platform. */
  timeoutMs?: number;
  /** Streams at once in the distribution run (default 4). */
  concurrency?: number;
}

/** A plugin that cannot be reached at all: no report is possible. */
export class UnreachableError extends Error {
  override readonly name = "UnreachableError";
}

export async function runConformance(settings: ConformanceOptions): Promise<ConformanceReport> {
  const started = Date.now();
  const [endpoint, ...replicas] = settings.endpoints;
  if (endpoint === undefined) throw new Error("runConformance: no endpoint");
  // Evidence quotes what plugins answer: whatever echoes the secret is masked before it is shown or written.
  const secrets = [...secretValues(settings.secretData).values()];
  const checks = (await runChecks(endpoint, replicas, settings)).map((check) => ({
    ...check,
    evidence: check.evidence.map((e) => ({ ...e, text: maskText(e.text, secrets) })),
  }));
  return {
    endpoint,
    endpoints: [...settings.endpoints],
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    checks,
    counts: countStatuses(checks),
    conforms: checks.every((c) => c.status !== "fail"),
  };
}

async function runChecks(endpoint: string, replicas: readonly string[], settings: ConformanceOptions): Promise<CheckResult[]> {
  const timeoutMs = settings.timeoutMs ?? PLATFORM_UNARY_DEADLINE_MS;
  const open = (at: string) => openCollectorPlugin(at, { reflectionTimeoutMs: timeoutMs });
  let plugin: CollectorPlugin;
  try {
    plugin = await open(endpoint);
  } catch (err) {
    return noReflection(endpoint, err);
  }
  const checks: CheckResult[] = [];
  const others: CollectorPlugin[] = [];
  try {
    const { options = {}, secretData, concurrency = 4 } = settings;
    const call: CallOptions = { timeoutMs };
    const { descriptors, reflection } = plugin;
    checks.push(checkServices(descriptors), await checkResolve(descriptors, reflection), await checkNotFound(reflection), checkDescriptors(descriptors));
    const reflected = (service: string) => descriptors.registry.getService(service) !== undefined;
    const unless = (service: string, id: CheckId, run: () => Promise<CheckResult>) =>
      reflected(service) ? run() : Promise.resolve(skippedCheck(id, `${service} is not reflected`));
    checks.push(await unless(CONTRACT_SERVICES.health, "health", () => checkHealth(plugin, call)));
    checks.push(await unless(CONTRACT_SERVICES.serverInfo, "server-info", () => checkServerInfo(plugin, call)));
    checks.push(await unless(CONTRACT_SERVICES.collector, "init.metadata", () => checkInit(plugin, options, call)));

    const collecting: CheckId[] = ["get-tasks", "collect.stream-end", ...recordCheckIds(), "distribution"];
    if (secretData === undefined || !reflected(CONTRACT_SERVICES.collector)) {
      const reason = secretData === undefined ? "no secret_data given (--secret)" : `${CONTRACT_SERVICES.collector} is not reflected`;
      checks.push(...["verify.bad-credentials" as const, ...collecting].map((id) => skippedCheck(id, reason)));
      return checks;
    }
    checks.push(await checkVerify(plugin, options, secretData, call));
    const request = { options, secretData };
    const plan = await planTasks(plugin, request, call);
    checks.push(checkTasks(plan, reflected(CONTRACT_SERVICES.job), secretData));
    const reference = await collectTasks([plugin], request, plan.tasks);
    const secrets = secretValues(secretData);
    checks.push(checkStreamEnds(reference, secrets), ...checkRecords(reference, secrets));

    // Each replica discovers the plugin on its own, as each platform worker does per endpoint.
    for (const replica of replicas) others.push(await open(replica));
    const spread = [plugin, ...others];
    const again = await collectTasks(spread, request, plan.tasks, { reverse: true, concurrency });
    checks.push(checkDistribution({ reference, again, endpoints: spread.map((p) => p.connection.endpoint), concurrency }));
    return checks;
  } finally {
    plugin.close();
    for (const other of others) other.close();
  }
}

function recordCheckIds(): CheckId[] {
  return (Object.keys(CHECKS) as CheckId[]).filter((id) => id.startsWith("collect.") && id !== "collect.stream-end");
}

/** No usable reflection: reported as the first check failing, everything else skipped; unreachable: thrown. */
function noReflection(endpoint: string, err: unknown): CheckResult[] {
  const failure = rpcFailure(err);
  if (!(err instanceof ReflectionAnswerError) && (failure.status === "UNAVAILABLE" || failure.status === "DEADLINE_EXCEEDED")) {
    throw new UnreachableError(`cannot reach a plugin at ${endpoint}: ${failureText(failure)}`);
  }
  const check = recordCheck("reflection.services");
  const text = err instanceof ReflectionAnswerError ? err.message : failureText(failure);
  check.fail(
    `list_services over v1alpha reflection failed: ${text}: the platform's client cannot be built, so every call to the plugin fails with ERROR_GRPC_CONNECTION`,
  );
  const rest = (Object.keys(CHECKS) as CheckId[]).filter((id) => id !== "reflection.services");
  return [check.result(), ...rest.map((id) => skippedCheck(id, "no v1alpha reflection"))];
}
