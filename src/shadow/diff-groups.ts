/**
 * Differences summarised as they come (src/compare/summary.ts, batch by
 * batch) and kept as groups only — per category, record type, key path and
 * kind, a count and a few masked examples — so a long stream or a long-running
 * shadow holds a bounded summary, never the differences themselves. Past
 * `maxGroups` groups, new ones are counted in `dropped` instead of kept.
 */
import type { RecordDifference } from "../compare/record-diff.js";
import { summariseDifferences, type DiffCategory, type DiffGroup, type DiffSummary, type SummaryOptions } from "../compare/summary.js";

export interface DiffGroups {
  /** Adds a batch of differences. */
  add(differences: readonly RecordDifference[]): void;
  /** Adds groups summarised elsewhere (another call's). */
  merge(groups: readonly DiffGroup[]): void;
  /** Differences per category so far. */
  readonly counts: Readonly<Record<DiffCategory, number>>;
  /** The groups, real differences first, then known, then benign; each by type, path and kind. */
  groups(): DiffGroup[];
  /** Groups not kept because `maxGroups` were held already. */
  readonly dropped: number;
}

export interface DiffGroupsOptions extends SummaryOptions {
  /** Default 500. */
  maxGroups?: number;
}

const CATEGORY_ORDER: readonly DiffCategory[] = ["difference", "known", "benign"];

export function createDiffGroups(options: DiffGroupsOptions = {}): DiffGroups {
  const { maxGroups = 500, examples = 3 } = options;
  const groups = new Map<string, DiffGroup>();
  const counts: Record<DiffCategory, number> = { difference: 0, known: 0, benign: 0 };
  let dropped = 0;

  const merge = (incoming: readonly DiffGroup[]) => {
    for (const group of incoming) {
      counts[group.category] += group.count;
      const id = JSON.stringify([group.category, group.type, group.path, group.kind, group.reason]);
      const held = groups.get(id);
      if (held) {
        held.count += group.count;
        held.examples.push(...group.examples.slice(0, Math.max(0, examples - held.examples.length)));
      } else if (groups.size < maxGroups) {
        groups.set(id, { ...group, examples: group.examples.slice(0, examples) });
      } else {
        dropped++;
      }
    }
  };

  return {
    add(differences) {
      if (differences.length > 0) merge(summariseDifferences({ a: 0, b: 0, matched: 0, differences: [...differences] }, options).groups);
    },
    merge,
    counts,
    groups: () =>
      [...groups.values()].sort(
        (x, y) =>
          CATEGORY_ORDER.indexOf(x.category) - CATEGORY_ORDER.indexOf(y.category) ||
          x.type.localeCompare(y.type) ||
          x.path.localeCompare(y.path) ||
          x.kind.localeCompare(y.kind),
      ),
    get dropped() {
      return dropped;
    },
  };
}

/** The groups as a `DiffSummary` of `records`. */
export function summaryOf(groups: DiffGroups, records: DiffSummary["records"]): DiffSummary {
  return { records, counts: { ...groups.counts }, groups: groups.groups() };
}
