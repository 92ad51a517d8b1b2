/**
 * The shadow report (`GET /shadow/report`): since the start (or the last
 * `DELETE /shadow/report`), the calls per method and result, the records
 * compared, the differences summarised across every call (per category,
 * record type, key path and kind, with masked examples; known and benign ones
 * apart) and the last calls one by one. Everything in it is bounded: groups
 * (`createDiffGroups`), examples, and `RECENT_CALLS` calls.
 */
import type { JsonObject } from "../common/json.js";
import type { DiffCategory, DiffGroup, DiffSummary } from "../compare/summary.js";
import { createDiffGroups, summaryOf, type DiffGroups } from "./diff-groups.js";

export type ShadowMethod = "init" | "get_tasks" | "collect";

/**
 * How a call's comparison ended: compared (`same`: no difference left once known and benign ones are set
 * aside; `different`), or not compared and why.
 */
export type CallResult = "same" | "different" | "shadow_failed" | "shadow_timeout" | "skipped_busy" | "abandoned_buffer" | "primary_incomplete";

/** How a side answered: `OK`, or the gRPC status name with its text (masked). */
export interface CallStatus {
  status: string;
  message?: string;
}

export interface ComparedCall {
  /** When the call started (ISO). */
  at: string;
  method: ShadowMethod;
  /** The caller's trace id (from `traceparent`). */
  trace_id?: string;
  /** collect's task_options. */
  task?: JsonObject;
  result: CallResult;
  /** Why the call was not compared. */
  reason?: string;
  /** Milliseconds each side took. */
  elapsed_ms: { primary?: number; shadow?: number };
  primary?: CallStatus;
  shadow?: CallStatus;
  records?: DiffSummary["records"];
  counts?: Record<DiffCategory, number>;
  /** This call's groups (the first `CALL_GROUPS`). */
  groups?: DiffGroup[];
}

export interface ShadowReport {
  /** The shadow plugin's endpoint. */
  shadow: string;
  /** Start of the period the report covers (ISO). */
  since: string;
  /** Calls per method and result. */
  calls: Partial<Record<ShadowMethod, Partial<Record<CallResult, number>>>>;
  /** Every compared call's differences, summarised; `records` counts collect's records (primary is `a`, shadow `b`). */
  summary: DiffSummary & { droppedGroups: number };
  /** The last calls, newest first. */
  recent: ComparedCall[];
}

/** Calls kept in `recent`. */
export const RECENT_CALLS = 20;
/** Groups kept per call in `recent`. */
export const CALL_GROUPS = 20;

export interface ReportBook {
  add(call: ComparedCall, groups?: readonly DiffGroup[]): void;
  report(): ShadowReport;
  /** Starts a new period. */
  reset(): void;
}

export function createReportBook(shadow: string): ReportBook {
  let since = new Date();
  let calls: ShadowReport["calls"] = {};
  let records = { a: 0, b: 0, matched: 0 };
  let groups: DiffGroups = createDiffGroups();
  let recent: ComparedCall[] = [];
  return {
    add(call, callGroups = []) {
      const perMethod = (calls[call.method] ??= {});
      perMethod[call.result] = (perMethod[call.result] ?? 0) + 1;
      if (call.records) {
        records = { a: records.a + call.records.a, b: records.b + call.records.b, matched: records.matched + call.records.matched };
      }
      groups.merge(callGroups);
      recent = [{ ...call, ...(call.groups ? { groups: call.groups.slice(0, CALL_GROUPS) } : {}) }, ...recent].slice(0, RECENT_CALLS);
    },
    report: () => ({ shadow, since: since.toISOString(), calls, summary: { ...summaryOf(groups, records), droppedGroups: groups.dropped }, recent }),
    reset() {
      since = new Date();
      calls = {};
      records = { a: 0, b: 0, matched: 0 };
      groups = createDiffGroups();
      recent = [];
    },
  };
}
