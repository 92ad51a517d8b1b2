/**
 * Reflection as the platform's client uses it (docs/contract.md#server-reflection):
 * the service list, every service and file resolvable with its dependencies,
 * and NOT_FOUND for what does not exist — any other answer breaks the
 * platform's client for every call to the plugin.
 */
import { CONTRACT_SERVICES } from "../../plugin-client/collector-plugin.js";
import type { PluginDescriptors } from "../../plugin-client/discovery.js";
import { ReflectionAnswerError, type ReflectionClient, type ReflectionRequest } from "../../plugin-client/reflection-client.js";
import { rpcFailure } from "../../plugin-client/dynamic-client.js";
import { count, failureText } from "../contract.js";
import { recordCheck, type CheckResult } from "../report.js";

const NOT_FOUND = 5;
const REFLECTION_SERVICES = ["grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection"];

export function checkServices(descriptors: PluginDescriptors): CheckResult {
  const check = recordCheck("reflection.services");
  const { services } = descriptors;
  const listed = new Set(services);
  if (!listed.has(CONTRACT_SERVICES.collector)) check.fail(`${CONTRACT_SERVICES.collector} is not listed: the platform cannot call init, verify or collect`);
  if (!listed.has(CONTRACT_SERVICES.job))
    check.warn(`${CONTRACT_SERVICES.job} is not listed: the platform swallows the failing get_tasks and collects in one stream without task_options`);
  for (const name of [CONTRACT_SERVICES.serverInfo, CONTRACT_SERVICES.health])
    if (!listed.has(name)) check.warn(`${name} is not listed (nothing in the platform calls it)`);
  const contract = new Set<string>(Object.values(CONTRACT_SERVICES));
  for (const name of services) {
    if (contract.has(name)) continue;
    check.warn(
      REFLECTION_SERVICES.includes(name)
        ? `${name} lists itself: the platform shows it as an extra API resource`
        : `${name} is not a contract service: the platform binds it and shows it as an extra API resource`,
    );
  }
  // The platform binds one stub per service under its short name: two with the same short name collide.
  const byShortName = new Map<string, string[]>();
  for (const name of listed) {
    const short = name.slice(name.lastIndexOf(".") + 1);
    byShortName.set(short, [...(byShortName.get(short) ?? []), name]);
  }
  for (const [short, names] of byShortName)
    if (names.length > 1) check.fail(`short name ${short} is shared by ${names.join(" and ")}: the platform's stubs collide`);
  if (services.length !== listed.size) check.fail(`list_services repeats a service: ${services.join(", ")}`);
  check.info(`list_services: ${services.join(", ") || "(none)"}`);
  return check.result();
}

export async function checkResolve(descriptors: PluginDescriptors, reflection: ReflectionClient): Promise<CheckResult> {
  const check = recordCheck("reflection.resolve");
  for (const problem of descriptors.problems) check.fail(problem);
  for (const service of descriptors.services) {
    const found = descriptors.registry.getService(service);
    if (found) check.info(`${service}: ${count(found.methods.length, "method")}, from ${(descriptors.filesByService[service] ?? []).join(" + ")}`);
  }
  if (descriptors.fetchedByName.length > 0) check.info(`dependencies missing from the answers, fetched by name: ${descriptors.fetchedByName.join(", ")}`);
  // The platform asks file_by_filename for any file its pool lacks: every file must be served by name too.
  for (const name of descriptors.files.keys()) {
    try {
      const first = (await reflection.files({ case: "fileByFilename", value: name }))[0];
      if (first?.proto.name !== name) check.fail(`file_by_filename ${name}: the answer starts with ${first?.proto.name ?? "nothing"}, not the file`);
    } catch (err) {
      check.fail(`file_by_filename ${name}: ${err instanceof ReflectionAnswerError ? err.message : failureText(rpcFailure(err))}`);
    }
  }
  check.info(`${count(descriptors.files.size, "file")}, each also served by name`);
  return check.result();
}

/** Names that no plugin defines. */
const UNKNOWN_SYMBOL = "conformance.kit.NoSuchService";
const UNKNOWN_FILE = "conformance/kit/no_such_file.proto";

export async function checkNotFound(reflection: ReflectionClient): Promise<CheckResult> {
  const check = recordCheck("reflection.not-found");
  const probes: Array<[string, ReflectionRequest]> = [
    [`file_containing_symbol "${UNKNOWN_SYMBOL}"`, { case: "fileContainingSymbol", value: UNKNOWN_SYMBOL }],
    [`file_by_filename "${UNKNOWN_FILE}"`, { case: "fileByFilename", value: UNKNOWN_FILE }],
  ];
  for (const [what, request] of probes) {
    try {
      const answer = (await reflection.ask(request)).messageResponse;
      if (answer.case !== "errorResponse") check.fail(`${what}: answered ${answer.case ?? "nothing"} instead of error_response NOT_FOUND`);
      else if (answer.value.errorCode !== NOT_FOUND)
        check.fail(
          `${what}: error_code ${answer.value.errorCode} ("${answer.value.errorMessage}"), not 5 (NOT_FOUND): the platform's client treats any other code as fatal`,
        );
      else check.info(`${what}: error_code 5 (NOT_FOUND)`);
    } catch (err) {
      check.fail(`${what}: the call failed (${failureText(rpcFailure(err))}) instead of answering error_response NOT_FOUND`);
    }
  }
  return check.result();
}
