/**
 * Shadow mode's Prometheus metrics, on a registry the server serves at
 * `/metrics` with its own. Label values are bounded: the method, the result,
 * the category and kind of a difference, its record type and a key path cut
 * to its first three steps (`resource.json_data.compute`) — never an id, a
 * value or a secret (a path stops at a `tags` step: below it are the user's tag
 * keys); past `MAX_SERIES` type × path pairs, further ones are
 * counted as `(other)`.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { DiffGroup } from "../compare/summary.js";
import { HANDLING_SECONDS_BUCKETS } from "../server/http/metrics.js";

/** Distinct type × path label pairs kept before the rest is counted as `(other)`. */
export const MAX_SERIES = 200;
/** Steps of a key path kept as a label. */
const PATH_STEPS = 3;

export interface ShadowMetrics {
  readonly registry: Registry;
  /** One compared (or skipped) call and how it ended. */
  call(method: string, result: string): void;
  /** The summarised differences of one call. */
  differences(method: string, groups: readonly DiffGroup[]): void;
  /** Records each side sent in one compared collect. */
  records(primary: number, shadow: number): void;
  /** How long a side took (from the call's start to its last message or its answer). */
  duration(method: string, side: "primary" | "shadow", seconds: number): void;
}

/** A key path's first steps, up to a `tags` step (`[]` and quoted keys stay with their step); `(record)` for a whole record. */
export function boundedPath(path: string): string {
  if (path === "") return "(record)";
  const steps = path.split(".");
  const tags = steps.findIndex((step) => /^tags(\[\])?$/i.test(step));
  const kept = Math.min(PATH_STEPS, tags >= 0 ? tags + 1 : PATH_STEPS);
  return steps.length <= kept ? path : `${steps.slice(0, kept).join(".")}.…`;
}

export function createShadowMetrics({ inFlight, bufferedBytes }: { inFlight: () => number; bufferedBytes: () => number }): ShadowMetrics {
  const registry = new Registry();
  const registers = [registry];
  const calls = new Counter({
    name: "shadow_calls_total",
    help: "Calls sent to the shadow plugin too, by method and result (same, different, shadow_failed, shadow_timeout, skipped_busy, abandoned_buffer, primary_incomplete).",
    labelNames: ["method", "result"],
    registers,
  });
  const differences = new Counter({
    name: "shadow_differences_total",
    help: "Differences between the primary's and the shadow's answers, by method, category (difference, known, benign), kind, record type and key path (first steps).",
    labelNames: ["method", "category", "kind", "type", "path"],
    registers,
  });
  const records = new Counter({ name: "shadow_records_total", help: "Records compared, by side.", labelNames: ["side"], registers });
  const seconds = new Histogram({
    name: "shadow_call_seconds",
    help: "Time from a call's start to its answer or its stream's end, by method and side (primary, shadow).",
    labelNames: ["method", "side"],
    buckets: HANDLING_SECONDS_BUCKETS,
    registers,
  });
  new Gauge({
    name: "shadow_in_flight",
    help: "Shadow comparisons running now.",
    registers,
    collect() {
      this.set(inFlight());
    },
  });
  new Gauge({
    name: "shadow_buffered_bytes",
    help: "Bytes of records held waiting for their twin from the other side.",
    registers,
    collect() {
      this.set(bufferedBytes());
    },
  });
  const series = new Set<string>();
  const labelsOf = (group: DiffGroup) => {
    const pair = JSON.stringify([group.type, boundedPath(group.path)]);
    if (series.size < MAX_SERIES) series.add(pair);
    return series.has(pair) ? { type: group.type, path: boundedPath(group.path) } : { type: "(other)", path: "(other)" };
  };
  return {
    registry,
    call: (method, result) => calls.inc({ method, result }),
    differences(method, groups) {
      for (const group of groups) differences.inc({ method, category: group.category, kind: group.kind, ...labelsOf(group) }, group.count);
    },
    records(primary, shadow) {
      records.inc({ side: "primary" }, primary);
      records.inc({ side: "shadow" }, shadow);
    },
    duration: (method, side, s) => seconds.observe({ method, side }, s),
  };
}
