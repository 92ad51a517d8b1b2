/**
 * Cloudforet runs a job's sub-tasks in parallel on any of its workers and any
 * plugin replica (docs/contract.md#job-tasks), so a plugin must be stateless
 * across tasks and give the same records for the same cloud state whoever
 * runs a task, and in whatever order. The tasks are collected again — last to
 * first, several at once, round robin over every endpoint — and each task's
 * records and ending are compared with the first run's, records matched by
 * their match rules. A list in another order is a warning; any other
 * difference fails.
 */
import { compareRecords } from "../../compare/record-diff.js";
import type { TaskRun } from "../../plugin-client/collection.js";
import { brief, count, failureText, taskLabel } from "../contract.js";
import { recordCheck, type CheckResult } from "../report.js";

/** Differences shown per task. */
const EXAMPLES = 5;

export interface DistributionRun {
  /** The first run: every task on one endpoint, one after the other. */
  reference: readonly TaskRun[];
  /** The same tasks again, spread. */
  again: readonly TaskRun[];
  endpoints: readonly string[];
  concurrency: number;
}

export function checkDistribution({ reference, again, endpoints, concurrency }: DistributionRun): CheckResult {
  const check = recordCheck("distribution");
  let records = 0;
  reference.forEach((first, i) => {
    const second = again[i]!;
    const where = `${taskLabel(first.index, first.task)} (again on ${second.endpoint})`;
    const endA = first.error ? failureText(first.error) : "OK";
    const endB = second.error ? failureText(second.error) : "OK";
    if (endA !== endB) check.fail(`${where}: ended ${endB}, the first run ${endA}`);
    const comparison = compareRecords(first.records, second.records);
    records += comparison.matched;
    const real = comparison.differences.filter((d) => d.kind !== "reordered");
    const reordered = comparison.differences.filter((d) => d.kind === "reordered");
    if (comparison.a !== comparison.b) check.fail(`${where}: ${count(comparison.b, "record")}, the first run ${comparison.a}`);
    for (const d of real.slice(0, EXAMPLES)) {
      const change =
        d.kind === "missing"
          ? "not sent again"
          : d.kind === "extra"
            ? "sent only the second time"
            : `${d.path} ${d.kind}${d.a !== undefined ? `: ${brief(d.a)}` : ""}${d.b !== undefined ? ` → ${brief(d.b)}` : ""}`;
      check.fail(`${where}: ${d.record} ${change}`);
    }
    if (real.length > EXAMPLES) check.fail(`${where}: ${real.length - EXAMPLES} more differences`);
    for (const d of reordered.slice(0, EXAMPLES)) check.warn(`${where}: ${d.record} ${d.path} came in another order`);
  });
  const spread = endpoints.length > 1 ? `round robin over ${endpoints.length} endpoints` : `on ${endpoints[0]}`;
  check.info(
    `${count(reference.length, "task")} collected again, last to first, ${concurrency} at a time, ${spread}: ${count(records, "record")} matched the first run`,
  );
  return check.result();
}
