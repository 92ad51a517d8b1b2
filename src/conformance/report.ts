/**
 * The conformance report: one result per check, each with its status and the
 * evidence behind it (one line per finding, the worst finding deciding the
 * status). Plain data, written as JSON as it is.
 */

/** Every check the kit runs, in report order, with what it asserts. */
export const CHECKS = {
  "reflection.services": "v1alpha reflection lists the contract's services, and nothing else",
  "reflection.resolve": "every listed service and every file resolves with its dependencies",
  "reflection.not-found": "unknown symbols and files are answered NOT_FOUND",
  "reflection.descriptors": "the Collector and Job descriptors are identical on the wire to the contract",
  health: "grpc.health.v1.Health/Check answers SERVING",
  "server-info": "ServerInfo.get_version answers a version",
  "init.metadata": "init answers the metadata keys and types the inventory reads",
  "verify.bad-credentials": "verify refuses bad credentials with an ERROR_CODE: message error, a sensible status, no secret echoed",
  "get-tasks": "get_tasks answers well-formed tasks; an error is an error, not an empty list",
  "collect.stream-end": "every collect stream ends with an explicit status",
  "collect.resource-type": "every record has a resource_type the inventory knows",
  "collect.state": "every record is SUCCESS, or FAILURE as an ErrorResource",
  "collect.match-rules": "every match-rule path resolves to a non-empty value in its resource",
  "collect.json": "json_data and json_metadata parse to JSON objects",
  "collect.key-sets": "records of one type carry the same keys",
  "collect.error-context": "ErrorResources carry a message and the context to locate them",
  "collect.unique-match": "no two records share a match key",
  distribution: "the tasks collected again, in another order and spread over the endpoints, give the same records",
} as const;

export type CheckId = keyof typeof CHECKS;
export type CheckStatus = "pass" | "warn" | "fail" | "skip";
export type EvidenceLevel = "fail" | "warn" | "info";

export interface Evidence {
  level: EvidenceLevel;
  text: string;
}

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  evidence: Evidence[];
  /** Findings left out of `evidence` to keep it short, per level. */
  omitted?: Partial<Record<EvidenceLevel, number>>;
}

export interface ConformanceReport {
  /** The plugin every check ran against. */
  endpoint: string;
  /** Where the distribution run spread the tasks (the endpoint first). */
  endpoints: string[];
  startedAt: string;
  durationMs: number;
  checks: CheckResult[];
  counts: Record<CheckStatus, number>;
  /** No check failed (warnings allowed). */
  conforms: boolean;
}

/** Findings kept per level and check; the rest are counted. */
const EVIDENCE_LIMIT = 20;

/** Findings of one check; the recording functions may be passed around on their own (`(strict ? check.fail : check.warn)(text)`). */
export interface CheckRecorder {
  fail: (text: string) => void;
  warn: (text: string) => void;
  info: (text: string) => void;
  /** The check could not run: the result is `skip` with this reason, whatever else was recorded. */
  skip: (reason: string) => void;
  result: () => CheckResult;
}

export function recordCheck(id: CheckId): CheckRecorder {
  const evidence: Evidence[] = [];
  const omitted: Partial<Record<EvidenceLevel, number>> = {};
  const kept: Record<EvidenceLevel, number> = { fail: 0, warn: 0, info: 0 };
  let skipped: string | undefined;
  const add = (level: EvidenceLevel) => (text: string) => {
    if (kept[level] < EVIDENCE_LIMIT) {
      kept[level]++;
      evidence.push({ level, text });
    } else {
      omitted[level] = (omitted[level] ?? 0) + 1;
    }
  };
  return {
    fail: add("fail"),
    warn: add("warn"),
    info: add("info"),
    skip(reason) {
      skipped = reason;
    },
    result() {
      const title = CHECKS[id];
      if (skipped !== undefined) return { id, title, status: "skip", evidence: [{ level: "info", text: skipped }] };
      const status: CheckStatus = kept.fail > 0 ? "fail" : kept.warn > 0 ? "warn" : "pass";
      // Failures first, then warnings, then the rest: the table shows what matters at the top.
      const order: EvidenceLevel[] = ["fail", "warn", "info"];
      const sorted = [...evidence].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
      return { id, title, status, evidence: sorted, ...(Object.keys(omitted).length > 0 ? { omitted } : {}) };
    },
  };
}

/** A skipped check's result. */
export function skippedCheck(id: CheckId, reason: string): CheckResult {
  const recorder = recordCheck(id);
  recorder.skip(reason);
  return recorder.result();
}

export function countStatuses(checks: readonly CheckResult[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const check of checks) counts[check.status]++;
  return counts;
}
