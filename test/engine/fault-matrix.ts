/**
 * The fault matrix's parts: the faults (each a replay rule applied to ONE AWS call), what each must be
 * named by, how one collect's outcome is judged against a clean collect of the same task, and the
 * artifact (test-artifacts/fault-matrix.md and .json). The test is fault-matrix.test.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AwsService } from "../../src/common/aws-services.js";
import type { JsonObject } from "../../src/common/json.js";
import { REGION_UNUSABLE_CODES } from "../../src/engine/aws/errors.js";
import { denyError, throttlingError, type FaultRule } from "../../src/replay/faults.js";
import { expiredToken, regionNotEnabled, unknownKey } from "../../src/replay/service-errors.js";
import type { WireRecord } from "./harness.js";

export interface Fault {
  /** The replay rule, applied to one API (`api` is added per row). */
  rule: Omit<FaultRule, "api">;
  /** The code an error naming this fault must carry; undefined when the fault must be absorbed. */
  code(service: AwsService, action: string, region: string): string | undefined;
  what: string;
}

/** Each fault of issue 11, applied to one AWS call at a time. */
export const FAULTS = {
  "throttle-storm": { rule: { effect: "throttle" }, code: (s) => throttlingError(s).code, what: "every call throttled (the service's own throttling error)" },
  "5xx-burst": {
    rule: { effect: "error", code: "InternalError", status: 500, count: 2 },
    code: () => undefined,
    what: "two 500 InternalError answers, then normal ones",
  },
  "5xx-storm": { rule: { effect: "error", code: "InternalError", status: 500 }, code: () => "InternalError", what: "every call answers 500 InternalError" },
  hang: { rule: { effect: "hang", ms: 600_000 }, code: () => "TimeoutError", what: "every call accepted and never answered (the per-call response timeout)" },
  malformed: { rule: { effect: "malformed" }, code: () => "MalformedResponse", what: "200 with an HTML page instead of the operation's answer" },
  truncate: { rule: { effect: "truncate" }, code: () => "MalformedResponse", what: "200 with half of the body" },
  "access-denied": {
    rule: { effect: "deny" },
    code: (service, action) => denyError({ service, action, account: "111111111111" }).code,
    what: "AccessDenied / UnauthorizedOperation",
  },
  "auth-failure": {
    rule: { effect: "auth-failure" },
    code: (s) => unknownKey(s).code,
    what: "the service does not know the keys (AuthFailure, InvalidClientTokenId, …)",
  },
  "expired-session": { rule: { effect: "expire" }, code: (s) => expiredToken(s).code, what: "the session token expired mid-collect (ExpiredToken)" },
  "opt-in-region": {
    rule: { effect: "region-disabled" },
    code: (s, _a, region) => regionNotEnabled(s, region).code,
    what: "the region is not enabled (OptInRequired, RegionDisabledException, …)",
  },
} satisfies Record<string, Fault>;

export type FaultName = keyof typeof FAULTS;

export type Outcome = "complete" | "complete, degraded" | "ErrorResource" | "gRPC error" | "VIOLATION";

export interface CaseResult {
  api: string;
  fault: FaultName;
  outcome: Outcome;
  /** Records of the clean collect that are missing. */
  missing: number;
  errorResources: number;
  /** What the stream said: the gRPC error, or the ErrorResource that names the fault. */
  text?: string;
  /** Why this case breaks the rule (only for VIOLATION). */
  violation?: string;
  /** First attempts of the faulted API the engine made (from its region-task log), when it logged them. */
  calls?: number;
}

/** A record's identity: the same resource in two collects. */
export function recordKey(r: WireRecord): string {
  const res = r.resource as JsonObject & { reference?: { resource_id?: string } };
  const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value ?? ""));
  const id = res.reference?.resource_id ?? res.metric_id ?? res.namespace_id ?? res.name;
  return [r.resource_type, text(res.region_code), text(res.cloud_service_type), text(id)].join("|");
}

export interface Judged {
  records: WireRecord[];
  error?: { code: string; text: string };
}

/**
 * The rule: the stream ends with every record of the clean collect, or with ErrorResources / a gRPC
 * error that name what failed (the API and the fault's code); never a shorter stream that ends OK.
 * Also: a complete stream with changed records is allowed only for an optional API (its field falls
 * back), and an absorbed fault must leave the stream complete.
 */
export function judge(
  api: string,
  code: string | undefined,
  optional: boolean,
  baseline: ReadonlyMap<string, string>,
  run: Judged,
): Omit<CaseResult, "api" | "fault" | "calls"> {
  const errors = run.records.filter((r) => r.resource_type === "inventory.ErrorResource");
  const seen = new Map(run.records.filter((r) => r.state === "SUCCESS").map((r) => [recordKey(r), JSON.stringify(r)]));
  const missing = [...baseline.keys()].filter((k) => !seen.has(k));
  const changed = [...baseline].filter(([k, v]) => seen.has(k) && seen.get(k) !== v);
  const names = (text: string) => code !== undefined && text.includes(code) && (text.includes(api) || !text.startsWith("ERROR_AWS_API"));
  const base = { missing: missing.length, errorResources: errors.length };
  const fail = (violation: string, text?: string) => ({ ...base, outcome: "VIOLATION" as const, violation, text });

  if (code === undefined) {
    return run.error || errors.length || missing.length || changed.length
      ? fail("an absorbed fault must leave the stream complete and unchanged", run.error?.text ?? errors[0]?.message)
      : { ...base, outcome: "complete" };
  }
  if (run.error)
    return names(run.error.text)
      ? { ...base, outcome: "gRPC error", text: run.error.text }
      : fail(`the gRPC error does not name ${api} and ${code}`, run.error.text);
  if (errors.length === 0) {
    if (missing.length) return fail(`${missing.length} records missing from a stream that ended OK without an ErrorResource`);
    if (changed.length && !optional) return fail(`${changed.length} records changed without an ErrorResource (${api} is required)`);
    return { ...base, outcome: changed.length ? "complete, degraded" : "complete" };
  }
  const naming = errors.find((e) => names(e.message ?? ""));
  if (!naming) return fail(`no ErrorResource names ${api} and ${code}`, errors[0]!.message);
  // Every record left out is covered by an ErrorResource of its type and region, or of its whole region.
  const covered = (key: string) => {
    const [, region, type] = key.split("|");
    return errors.some(
      (e) =>
        e.resource.region_code === region &&
        (e.resource.cloud_service_type === type ||
          REGION_UNUSABLE_CODES.has(e.resource.aws_error_code as string) ||
          e.resource.cloud_service_type === "Region"),
    );
  };
  const uncovered = missing.filter((k) => !covered(k));
  if (uncovered.length) return fail(`${uncovered.length} records missing without an ErrorResource of their type (${uncovered[0]})`, naming.message);
  return { ...base, outcome: "ErrorResource", text: naming.message };
}

/** How a cell reads: the outcome in a word or two. */
const CELL: Record<Outcome, string> = {
  complete: "complete",
  "complete, degraded": "complete¹",
  ErrorResource: "ErrorResource",
  "gRPC error": "gRPC error",
  VIOLATION: "**VIOLATION**",
};

/** The matrix as a Markdown table: one row per call, one column per fault (docs/reliability.md shows it). */
export function matrixTable(results: readonly CaseResult[], apis: readonly string[], faults: readonly FaultName[]): string {
  const byCase = new Map(results.map((r) => [`${r.api}|${r.fault}`, r]));
  const cell = (api: string, fault: FaultName) => {
    const r = byCase.get(`${api}|${fault}`);
    return r ? CELL[r.outcome] : "";
  };
  return [
    `| call | ${faults.join(" | ")} |`,
    `| --- | ${faults.map(() => "---").join(" | ")} |`,
    ...apis.map((api) => `| \`${api}\` | ${faults.map((f) => cell(api, f)).join(" | ")} |`),
  ].join("\n");
}

/** test-artifacts/fault-matrix.json (every case) and .md (the table, what each fault is, what each stream said). */
export function writeMatrix(dir: string, results: readonly CaseResult[], apis: readonly string[], faults: readonly FaultName[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "fault-matrix.json"), JSON.stringify(results, null, 2) + "\n");
  const tally = new Map<Outcome, number>();
  for (const r of results) tally.set(r.outcome, (tally.get(r.outcome) ?? 0) + 1);
  const md = [
    "# Fault matrix",
    "",
    `${results.length} collects, one per AWS call × fault (${[...tally].map(([outcome, n]) => `${outcome}: ${n}`).join(", ")}). ¹ an optional field falls back.`,
    "",
    ...faults.map((f) => `* \`${f}\`: ${FAULTS[f].what}`),
    "",
    matrixTable(results, apis, faults),
    "",
    "## What each stream said",
    "",
    ...results.map((r) => `* \`${r.api}\` × ${r.fault}: ${r.outcome}${r.violation ? ` (${r.violation})` : ""}${r.text ? `: ${r.text}` : ""}`),
    "",
  ].join("\n");
  writeFileSync(join(dir, "fault-matrix.md"), md);
}
