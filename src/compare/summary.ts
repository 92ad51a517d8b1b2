/**
 * Differences summarised per record type and key path, each group with a
 * count and a few examples (secret-named keys, access key ids and the given
 * secret values masked), split into real differences, benign ones (a list in
 * another order) and known ones (explained by the known-differences file).
 */
import type { JsonValue } from "../common/json.js";
import { maskText, maskValue } from "../common/secrets.js";
import { keyPath } from "./json-path.js";
import { explain, type KnownDifference } from "./known-differences.js";
import type { RecordChange, RecordComparison, RecordDifference } from "./record-diff.js";

export type DiffCategory = "difference" | "benign" | "known";

export interface DiffExample {
  record: string;
  a?: JsonValue;
  b?: JsonValue;
}

export interface DiffGroup {
  category: DiffCategory;
  type: string;
  /** The key path, list positions dropped (`resource.json_data.nics[].ip`); `""` for whole records. */
  path: string;
  kind: RecordChange;
  count: number;
  /** Why it is known (from the file). */
  reason?: string;
  examples: DiffExample[];
}

export interface DiffSummary {
  records: { a: number; b: number; matched: number };
  /** Number of differences per category. */
  counts: Record<DiffCategory, number>;
  /** Groups by category (real differences first), then type, path and kind. */
  groups: DiffGroup[];
}

export interface SummaryOptions {
  known?: readonly KnownDifference[];
  /** Secret values that must never appear in an example (the secret_data's values). */
  secrets?: readonly string[];
  /** Examples kept per group (default 3). */
  examples?: number;
}

const CATEGORY_ORDER: readonly DiffCategory[] = ["difference", "known", "benign"];

export function summariseDifferences(comparison: RecordComparison, options: SummaryOptions = {}): DiffSummary {
  const { known = [], secrets = [], examples = 3 } = options;
  const groups = new Map<string, DiffGroup>();
  const counts: Record<DiffCategory, number> = { difference: 0, benign: 0, known: 0 };
  for (const difference of comparison.differences) {
    const reason = explain(difference, known)?.reason;
    const category: DiffCategory = reason !== undefined ? "known" : difference.kind === "reordered" ? "benign" : "difference";
    counts[category]++;
    const path = keyPath(difference.path);
    const id = JSON.stringify([category, difference.type, path, difference.kind, reason]);
    let group = groups.get(id);
    if (!group)
      groups.set(
        id,
        (group = { category, type: difference.type, path, kind: difference.kind, count: 0, ...(reason !== undefined ? { reason } : {}), examples: [] }),
      );
    group.count++;
    if (group.examples.length < examples) group.examples.push(example(difference, secrets));
  }
  const sorted = [...groups.values()].sort(
    (x, y) =>
      CATEGORY_ORDER.indexOf(x.category) - CATEGORY_ORDER.indexOf(y.category) ||
      x.type.localeCompare(y.type) ||
      x.path.localeCompare(y.path) ||
      x.kind.localeCompare(y.kind),
  );
  return { records: { a: comparison.a, b: comparison.b, matched: comparison.matched }, counts, groups: sorted };
}

function example(difference: RecordDifference, secrets: readonly string[]): DiffExample {
  const out: DiffExample = { record: maskText(difference.record, secrets) };
  if (difference.a !== undefined) out.a = masked(difference.a, secrets);
  if (difference.b !== undefined) out.b = masked(difference.b, secrets);
  return out;
}

/** `value` with secret-named keys, access key ids and every known secret value masked. */
export function masked(value: JsonValue, secrets: readonly string[]): JsonValue {
  const mask = (v: unknown): JsonValue => {
    if (typeof v === "string") return maskText(v, secrets);
    if (Array.isArray(v)) return v.map(mask);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, mask(inner)]));
    return v as JsonValue;
  };
  return mask(maskValue(value));
}
