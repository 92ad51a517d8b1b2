/**
 * EC2-style filters (`Filters: [{Name, Values}]`): AND across filters, OR
 * across values, `*` and `?` wildcards, `tag:<key>` and `tag-key` on `Tags`.
 * A filter the replay does not implement is an error, never ignored.
 */
import { AwsError } from "./aws-error.js";
import type { Item } from "./fixture-format.js";

/** AWS's limit on filter values in one call (all filters together). */
const MAX_FILTER_VALUES = 200;

/** Filter name → the values of an item it compares against. */
export type FilterTable = Readonly<Record<string, (item: Item) => unknown>>;

interface Filter {
  Name?: string;
  Values?: string[];
}

function pattern(value: string): RegExp {
  const escaped = value
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "s");
}

function valuesOf(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.flatMap(valuesOf);
  // Filters match scalars (strings, and numbers or booleans as AWS writes them); absent or a structure: nothing.
  return typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean" ? [String(raw)] : [];
}

function tags(item: Item): Array<{ Key?: string; Value?: string }> {
  return Array.isArray(item.Tags) ? (item.Tags as Array<{ Key?: string; Value?: string }>) : [];
}

function extractor(name: string, table: FilterTable, tagged: boolean): ((item: Item) => unknown) | undefined {
  if (tagged && name.startsWith("tag:")) {
    const key = name.slice(4);
    return (item) =>
      tags(item)
        .filter((t) => t.Key === key)
        .map((t) => t.Value ?? "");
  }
  if (tagged && name === "tag-key") return (item) => tags(item).map((t) => t.Key);
  if (tagged && name === "tag-value") return (item) => tags(item).map((t) => t.Value);
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** Items matching every filter. `tagged`: items carry EC2 `Tags`, so tag filters apply. */
export function applyFilters(items: readonly Item[], filters: unknown, table: FilterTable, tagged = true): readonly Item[] {
  if (!Array.isArray(filters) || filters.length === 0) return items;
  const values = (filters as Filter[]).reduce((n, f) => n + (f.Values?.length ?? 0), 0);
  if (values > MAX_FILTER_VALUES)
    throw new AwsError("FilterLimitExceeded", `The maximum number of filter values specified on a single call is ${MAX_FILTER_VALUES}`);
  const tests = (filters as Filter[]).map((filter) => {
    const name = filter.Name ?? "";
    const extract = extractor(name, table, tagged);
    if (!extract) throw new AwsError("InvalidParameterValue", `The filter '${name}' is invalid`);
    const patterns = (filter.Values ?? []).map(pattern);
    return (item: Item) => valuesOf(extract(item)).some((v) => patterns.some((p) => p.test(v)));
  });
  return items.filter((item) => tests.every((test) => test(item)));
}

/** Reads a nested member, e.g. `get(item, "State", "Name")`. */
export function get(item: unknown, ...path: string[]): unknown {
  let value = item;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Item)[key];
  }
  return value;
}
