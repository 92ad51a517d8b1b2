/**
 * How each collect stream ended (docs/contract.md#failing-inside-collect): OK
 * means "complete" and lets garbage collection delete whatever was not sent,
 * so an error must be an explicit status in Cloudforet's form, and a collect
 * without task_options must never be an empty success
 * (docs/contract.md#silent-failure-hazards).
 */
import type { TaskRun } from "../../plugin-client/collection.js";
import { count, failureText, taskLabel } from "../contract.js";
import { recordCheck, type CheckResult } from "../report.js";
import { inspectErrorText } from "./calls.js";

export function checkStreamEnds(runs: readonly TaskRun[], secrets: ReadonlyMap<string, string>): CheckResult {
  const check = recordCheck("collect.stream-end");
  let ok = 0;
  for (const run of runs) {
    const where = taskLabel(run.index, run.task);
    const { error } = run;
    if (error === undefined) {
      ok++;
      if (run.task === undefined && run.records.length === 0) {
        check.fail(`${where}: ended OK with no record: the platform takes it for a complete, empty inventory and garbage-collects the account's records`);
      }
      continue;
    }
    const wellFormed = inspectErrorText(check, `${where} (after ${count(run.records.length, "record")})`, error, secrets);
    if (wellFormed)
      check.warn(
        `${where}: ended with ${failureText(error)} after ${count(run.records.length, "record")}: the platform records ERROR_COLLECTOR_PLUGIN and skips garbage collection`,
      );
  }
  check.info(`${ok} of ${count(runs.length, "stream")} ended OK`);
  return check.result();
}
