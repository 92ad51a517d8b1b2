/**
 * The collected records, held to how the inventory stores them
 * (docs/contract.md#the-collect-stream): known types and states, match rules
 * that resolve, JSON text that parses, stable key sets per type (the shallow
 * merge keeps omitted keys for ever), ErrorResources that can be located, and
 * no two records under one match key.
 */
import type { JsonObject } from "../../common/json.js";
import { isJsonObject, isTruthy } from "../../compare/json-path.js";
import { identityText, JSON_TEXT_FIELDS, matchKey, matchValue, parseJsonText, recordId, recordLabel, recordType, resourceOf } from "../../compare/records.js";
import { groupBy } from "../../engine/resources/index-by.js";
import type { TaskRun } from "../../plugin-client/collection.js";
import { count, echoedSecrets, ERROR_RESOURCE, ERROR_TEXT, KNOWN_RESOURCE_TYPES, taskLabel, UPSERTED_TYPES } from "../contract.js";
import { recordCheck, type CheckResult } from "../report.js";

interface Located {
  record: JsonObject;
  /** `task 4 {…} record 3 (CloudService EC2/Instance i-1)` */
  where: string;
}

function locate(runs: readonly TaskRun[]): Located[] {
  return runs.flatMap((run) =>
    run.records.map((record, i) => ({ record, where: `${taskLabel(run.index, run.task)} record ${i + 1} (${recordLabel(record)})` })),
  );
}

const isErrorRecord = (record: JsonObject) => record.resource_type === ERROR_RESOURCE || record.state === "FAILURE";

/** Every collect check of the records, in report order (the stream ends are checked apart). */
export function checkRecords(runs: readonly TaskRun[], secrets: ReadonlyMap<string, string>): CheckResult[] {
  const records = locate(runs);
  return [
    checkResourceTypes(records),
    checkStates(records),
    checkMatchRules(records),
    checkJsonText(records),
    checkKeySets(records),
    checkErrorContext(records, secrets),
    checkUniqueMatch(records),
  ];
}

function checkResourceTypes(records: readonly Located[]): CheckResult {
  const check = recordCheck("collect.resource-type");
  const counts = new Map<string, number>();
  for (const { record, where } of records) {
    const type = typeof record.resource_type === "string" ? record.resource_type : "";
    counts.set(type, (counts.get(type) ?? 0) + 1);
    if (!KNOWN_RESOURCE_TYPES.includes(type))
      check.fail(`${where}: resource_type ${JSON.stringify(type)} is unknown: the inventory counts it as a failure (ERROR_UNSUPPORTED_RESOURCE_TYPE)`);
  }
  check.info(`${count(records.length, "record")}: ${[...counts].map(([type, n]) => `${n} ${type || "(none)"}`).join(", ")}`);
  return check.result();
}

function checkStates(records: readonly Located[]): CheckResult {
  const check = recordCheck("collect.state");
  for (const { record, where } of records) {
    const state = typeof record.state === "string" ? record.state : "NONE";
    if (state === "NONE") check.fail(`${where}: state NONE (not set): the contract sends SUCCESS or FAILURE`);
    else if (state === "FAILURE" && record.resource_type !== ERROR_RESOURCE)
      check.fail(`${where}: FAILURE as ${JSON.stringify(record.resource_type)}: the inventory handles a failure only as an ErrorResource`);
    else if (state !== "FAILURE" && record.resource_type === ERROR_RESOURCE) check.warn(`${where}: an ErrorResource in state ${state}, not FAILURE`);
    else if (state !== "SUCCESS" && state !== "FAILURE") check.warn(`${where}: state ${state}: only SUCCESS and FAILURE mean something to the inventory`);
  }
  check.info(count(records.length, "record"));
  return check.result();
}

function checkMatchRules(records: readonly Located[]): CheckResult {
  const check = recordCheck("collect.match-rules");
  let paths = 0;
  for (const { record, where } of records) {
    if (isErrorRecord(record)) continue;
    const rules = record.match_rules;
    const empty = !isJsonObject(rules) || Object.keys(rules).length === 0;
    if (empty) {
      if (typeof record.resource_type === "string" && UPSERTED_TYPES.includes(record.resource_type))
        check.fail(`${where}: no match_rules: the inventory fails it with ERROR_MATCH_RULE`);
      continue;
    }
    const resource = resourceOf(record);
    for (const [priority, list] of Object.entries(rules)) {
      if (!/^[1-9]\d*$/.test(priority)) check.fail(`${where}: match_rules key ${JSON.stringify(priority)} is not a priority ("1", "2", …)`);
      if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === "string" && p !== "")) {
        check.fail(`${where}: match_rules "${priority}" is ${JSON.stringify(list)}, not a list of key paths`);
        continue;
      }
      for (const path of list as string[]) {
        paths++;
        const value = matchValue(resource, path);
        if (!isTruthy(value)) {
          check.fail(
            `${where}: match_rules "${priority}" path "${path}" is ${value === undefined ? "missing" : JSON.stringify(value)}: the inventory drops it from the match query, widening the match`,
          );
        }
      }
    }
  }
  check.info(`${count(paths, "match-rule path")} resolved`);
  return check.result();
}

function checkJsonText(records: readonly Located[]): CheckResult {
  const check = recordCheck("collect.json");
  let parsed = 0;
  for (const { record, where } of records) {
    const resource = resourceOf(record);
    for (const field of JSON_TEXT_FIELDS) {
      const value = resource[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== "string") {
        check.fail(`${where}: ${field} is ${typeof value === "object" ? "an object" : typeof value}, not JSON text`);
        continue;
      }
      const json = parseJsonText(value);
      if (json === undefined) check.fail(`${where}: ${field} does not parse: ${JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value)}`);
      else if (!isJsonObject(json)) check.fail(`${where}: ${field} is ${JSON.stringify(value.slice(0, 60))}, not a JSON object: the inventory rejects it`);
      else parsed++;
    }
  }
  check.info(`${parsed} json_data / json_metadata texts parse to objects`);
  return check.result();
}

/** The record's top-level `data` keys (from `data`, else the decoded `json_data`), or undefined when it has none that parse. */
function dataKeys(resource: JsonObject): string[] | undefined {
  if (isJsonObject(resource.data)) return Object.keys(resource.data);
  const json = typeof resource.json_data === "string" ? parseJsonText(resource.json_data) : undefined;
  return isJsonObject(json) ? Object.keys(json) : undefined;
}

/**
 * Top-level resource keys must be the same for every record of a type: the envelope is the plugin's own. A `data`
 * key missing from some records is a warning: often an optional cloud attribute left out when unset, which the
 * shallow merge then keeps at its old value for ever.
 */
function checkKeySets(records: readonly Located[]): CheckResult {
  const check = recordCheck("collect.key-sets");
  const byType = groupBy(records, ({ record }) => (isErrorRecord(record) ? undefined : recordType(record)));
  for (const [type, group] of byType) {
    const scopes = [
      { scope: "resource", keysOf: (r: JsonObject) => Object.keys(resourceOf(r)), report: check.fail },
      { scope: "data", keysOf: (r: JsonObject) => dataKeys(resourceOf(r)), report: check.warn },
    ];
    for (const { scope, keysOf, report } of scopes) {
      const sets = group.flatMap(({ record }) => {
        const keys = keysOf(record);
        return keys === undefined ? [] : [{ record, keys: new Set(keys) }];
      });
      const union = new Set(sets.flatMap((s) => [...s.keys]));
      for (const key of union) {
        const without = sets.filter((s) => !s.keys.has(key));
        if (without.length === 0) continue;
        const examples = without.slice(0, 3).map((s) => recordId(s.record) || recordLabel(s.record));
        report(
          `${type}: ${scope} key "${key}" is missing in ${without.length} of ${count(sets.length, "record")} (${examples.join(", ")}${without.length > 3 ? ", …" : ""}): the shallow merge keeps an omitted key's old value for ever`,
        );
      }
    }
  }
  check.info(`${count(byType.size, "record type")} compared`);
  return check.result();
}

/** Resource keys that tell where an ErrorResource happened. */
const CONTEXT_KEYS = ["cloud_service_type", "cloud_service_group", "resource_type", "region_code", "resource_id", "provider"];

function checkErrorContext(records: readonly Located[], secrets: ReadonlyMap<string, string>): CheckResult {
  const check = recordCheck("collect.error-context");
  let errors = 0;
  for (const { record, where } of records) {
    if (!isErrorRecord(record)) continue;
    errors++;
    const message = typeof record.message === "string" ? record.message : "";
    const resource = resourceOf(record);
    if (message === "") check.fail(`${where}: no message: the inventory records "Unknown error."`);
    else if (!ERROR_TEXT.test(message)) check.warn(`${where}: message ${JSON.stringify(message)} is not "ERROR_CODE: message"`);
    if (Object.keys(resource).length === 0) check.fail(`${where}: empty resource: the job-task error carries no context to locate the failure`);
    else if (!CONTEXT_KEYS.some((key) => isTruthy(resource[key]))) check.warn(`${where}: the resource has none of ${CONTEXT_KEYS.join(", ")}`);
    const echoed = echoedSecrets(JSON.stringify(record), secrets);
    if (echoed.length > 0) check.fail(`${where}: echoes ${echoed.join(", ")}`);
  }
  check.info(errors === 0 ? "no ErrorResource was sent" : count(errors, "ErrorResource"));
  return check.result();
}

function checkUniqueMatch(records: readonly Located[]): CheckResult {
  const check = recordCheck("collect.unique-match");
  const byKey = groupBy(records, ({ record }) => (isErrorRecord(record) ? undefined : matchKey(record)));
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    check.fail(
      `${group.length} records share the match key ${identityText(group[0]!.record)}: ${group.map((g) => g.where).join("; ")}: the inventory keeps one and overwrites it with the others`,
    );
  }
  check.info(`${count(byKey.size, "distinct match key")}`);
  return check.result();
}
