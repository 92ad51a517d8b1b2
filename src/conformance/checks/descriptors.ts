/**
 * The reflected descriptors against the contract: the FileDescriptorProtos
 * compiled from the repository's proto/ (what gen/ embeds). The platform has
 * no compiled stubs and builds its classes from what the plugin reflects
 * (docs/contract.md#services-and-methods), so any drift in Collector or Job —
 * a field renumbered, retyped, renamed, added — changes what it sends and
 * reads. Files are compared byte for byte, then, when the bytes differ, field
 * by field with what cannot reach the wire set aside: source info, json_name
 * at its default, and file options (language-specific, reported as warnings).
 * Health and ServerInfo differences are warnings: nothing in the platform calls them.
 */
import { clone, toBinary, toJson, type DescFile } from "@bufbuild/protobuf";
import { protoCamelCase } from "@bufbuild/protobuf/reflect";
import { FileDescriptorProtoSchema, type DescriptorProto, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { file_grpc_health_v1_health } from "../../../gen/grpc/health/v1/health_pb.js";
import { file_spaceone_api_core_v1_server_info } from "../../../gen/spaceone/api/core/v1/server_info_pb.js";
import { file_spaceone_api_inventory_plugin_collector } from "../../../gen/spaceone/api/inventory/plugin/collector_pb.js";
import { file_spaceone_api_inventory_plugin_job } from "../../../gen/spaceone/api/inventory/plugin/job_pb.js";
import type { JsonObject, JsonValue } from "../../common/json.js";
import { isJsonObject } from "../../compare/json-path.js";
import { diffValues } from "../../compare/value-diff.js";
import { CONTRACT_SERVICES } from "../../plugin-client/collector-plugin.js";
import type { PluginDescriptors } from "../../plugin-client/discovery.js";
import { brief } from "../contract.js";
import { recordCheck, type CheckResult } from "../report.js";

export interface ContractService {
  service: string;
  file: DescFile;
  /** Differences fail (Collector, Job) or only warn (Health, ServerInfo). */
  strict: boolean;
}

/** The contract's services and the files that define them, compiled from proto/. */
export const CONTRACT_DESCRIPTORS: readonly ContractService[] = [
  { service: CONTRACT_SERVICES.collector, file: file_spaceone_api_inventory_plugin_collector, strict: true },
  { service: CONTRACT_SERVICES.job, file: file_spaceone_api_inventory_plugin_job, strict: true },
  { service: CONTRACT_SERVICES.serverInfo, file: file_spaceone_api_core_v1_server_info, strict: false },
  { service: CONTRACT_SERVICES.health, file: file_grpc_health_v1_health, strict: false },
];

export function checkDescriptors(descriptors: PluginDescriptors, contract: readonly ContractService[] = CONTRACT_DESCRIPTORS): CheckResult {
  const check = recordCheck("reflection.descriptors");
  // Each file once, strict when any service that needs it is.
  const expected = new Map<string, { file: DescFile; strict: boolean; services: string[] }>();
  for (const { service, file, strict } of contract) {
    if (!descriptors.registry.getService(service)) {
      (strict ? check.fail : check.info)(`${service}: not reflected, nothing to compare`);
      continue;
    }
    for (const dep of closure(file)) {
      const entry = expected.get(dep.proto.name) ?? { file: dep, strict: false, services: [] };
      entry.strict ||= strict;
      entry.services.push(service);
      expected.set(dep.proto.name, entry);
    }
  }
  const identical: string[] = [];
  for (const [name, { file, strict, services }] of expected) {
    const served = descriptors.files.get(name);
    if (!served) {
      (strict ? check.fail : check.warn)(`${name} (${services.join(", ")}): not served`);
      continue;
    }
    if (Buffer.from(served.bytes).equals(toBinary(FileDescriptorProtoSchema, file.proto))) {
      identical.push(name);
      continue;
    }
    const differences = diffValues(comparable(file.proto), comparable(served.proto));
    if (differences.length === 0) check.info(`${name}: equal to the contract field by field (the bytes differ only in source info or default json_name)`);
    for (const { path, kind, a, b } of differences) {
      const cosmetic = path === "options" || path.startsWith("options.") || path.endsWith(".jsonName");
      const text = `${name}: ${path} ${kind}${a !== undefined ? ` (contract: ${brief(a)})` : ""}${b !== undefined ? ` (plugin: ${brief(b)})` : ""}`;
      (strict && !cosmetic ? check.fail : check.warn)(text);
    }
  }
  if (identical.length > 0) check.info(`byte-identical to proto/: ${identical.join(", ")}`);
  return check.result();
}

/** The file and its transitive dependencies. */
function closure(file: DescFile, seen = new Set<string>()): DescFile[] {
  if (seen.has(file.proto.name)) return [];
  seen.add(file.proto.name);
  return [file, ...file.dependencies.flatMap((dep) => closure(dep, seen))];
}

/** The file as JSON without what cannot reach the wire, named things keyed by name so order does not matter. */
function comparable(proto: FileDescriptorProto): JsonValue {
  const copy = clone(FileDescriptorProtoSchema, proto);
  copy.sourceCodeInfo = undefined;
  const clearDefaultJsonNames = (message: DescriptorProto) => {
    for (const field of [...message.field, ...message.extension]) if (field.jsonName === protoCamelCase(field.name)) field.jsonName = "";
    message.nestedType.forEach(clearDefaultJsonNames);
  };
  copy.messageType.forEach(clearDefaultJsonNames);
  return keyedByName(toJson(FileDescriptorProtoSchema, copy));
}

function keyedByName(value: JsonValue): JsonValue {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((item) => isJsonObject(item) && typeof item.name === "string")) {
      return Object.fromEntries(value.map((item) => [(item as JsonObject).name as string, keyedByName(item)]));
    }
    return value.map(keyedByName);
  }
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, keyedByName(inner)]));
}
