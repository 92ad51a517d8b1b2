/** The kit's reports as text tables for a terminal (the JSON form is the report objects themselves). */
import type { DiffCategory, DiffExample, DiffGroup } from "../compare/summary.js";
import { cell } from "../cli/output.js";
import { brief, count, failureText } from "./contract.js";
import type { CollectedSide, DiffReport } from "./plugin-diff.js";
import type { ConformanceReport } from "./report.js";

const CHECK_WIDTH = 24;
const RESULT_WIDTH = 6;

/** One row per check (`FAIL` in capitals), evidence lines under it, then the verdict. */
export function renderConformance(report: ConformanceReport): string {
  const lines = [`conformance of ${report.endpoint}${report.endpoints.length > 1 ? ` (distribution over ${report.endpoints.join(", ")})` : ""}`, ""];
  lines.push(`${cell("CHECK", CHECK_WIDTH)}  ${cell("RESULT", RESULT_WIDTH)}  EVIDENCE`);
  const indent = " ".repeat(CHECK_WIDTH + RESULT_WIDTH + 4);
  for (const check of report.checks) {
    const result = check.status === "fail" ? "FAIL" : check.status;
    const evidence = check.evidence.map(({ level, text }) => (level === "info" ? text : `${level}: ${text}`));
    for (const [level, n] of Object.entries(check.omitted ?? {})) evidence.push(`… and ${n} more ${level} findings`);
    const [first = "", ...rest] = evidence;
    lines.push(`${cell(check.id, CHECK_WIDTH)}  ${cell(result, RESULT_WIDTH)}  ${first}`.trimEnd());
    for (const line of rest) lines.push(`${indent}${line}`);
  }
  const { pass, warn, fail, skip } = report.counts;
  const verdict = report.conforms ? "the plugin conforms" : `the plugin does NOT conform (${fail} failed)`;
  lines.push("", `${report.checks.length} checks: ${pass} pass, ${warn} warn, ${fail} fail, ${skip} skip: ${verdict}`);
  return `${lines.join("\n")}\n`;
}

const TITLES: Record<DiffCategory, string> = {
  difference: "DIFFERENCES",
  benign: "BENIGN (the same items in another order)",
  known: "KNOWN (deliberate, from the known-differences file)",
};

/** The two sides, the counts, then the groups per category: type, key path, kind, count and examples (or the reason). */
export function renderDiff(report: DiffReport): string {
  const { summary } = report;
  const lines = [side("A", report.a), side("B", report.b), ""];
  const { difference, benign, known } = summary.counts;
  lines.push(`${count(summary.records.matched, "record")} matched by their match rules; ${count(difference, "difference")}, ${benign} benign, ${known} known`);
  for (const category of ["difference", "benign", "known"] as const) {
    const groups = summary.groups.filter((g) => g.category === category);
    if (groups.length === 0) continue;
    lines.push(
      "",
      TITLES[category],
      `${cell("TYPE", 30)}  ${cell("KEY PATH", 44)}  ${cell("KIND", 9)}  ${cell("COUNT", 5)}  ${category === "known" ? "REASON" : "EXAMPLES"}`,
    );
    for (const group of groups) lines.push(...groupRows(group));
  }
  lines.push("", report.same ? "no differences" : "the plugins differ");
  return `${lines.join("\n")}\n`;
}

function side(name: string, s: CollectedSide): string {
  const streams =
    s.failedStreams.length === 0
      ? "every stream ended OK"
      : `${count(s.failedStreams.length, "stream")} failed (${s.failedStreams.map((f) => `${f.task}: ${failureText(f.error)}`).join("; ")})`;
  const plan = s.planError ? `, get_tasks failed (${failureText(s.planError)})` : "";
  return `${name}  ${s.endpoint}  ${count(s.tasks, "task")}, ${count(s.records, "record")}, ${streams}${plan}`;
}

function groupRows(group: DiffGroup): string[] {
  const head = `${cell(group.type, 30)}  ${cell(group.path || "(record)", 44)}  ${cell(group.kind, 9)}  ${cell(String(group.count), 5)}  `;
  const details = group.category === "known" ? [group.reason ?? ""] : group.examples.map(example);
  const indent = " ".repeat(head.length);
  return details.map((detail, i) => `${i === 0 ? head : indent}${detail}`.trimEnd());
}

function example(e: DiffExample): string {
  if (e.a === undefined && e.b === undefined) return e.record;
  if (e.b === undefined) return `${e.record}: ${brief(e.a, 60)}`;
  if (e.a === undefined) return `${e.record}: ${brief(e.b, 60)}`;
  return `${e.record}: ${brief(e.a, 60)} → ${brief(e.b, 60)}`;
}
