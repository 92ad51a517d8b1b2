/**
 * Key-path differences between two JSON values. Objects are compared key by
 * key; lists as multisets first, so a list holding the same items in another
 * order is one `reordered` difference (benign: the inventory stores what it
 * gets, and order carries no meaning in these records), and changed items are
 * paired up and compared further.
 */
import type { JsonValue } from "../common/json.js";
import { canonical, childPath, isJsonObject } from "./json-path.js";

export type ValueChange = "changed" | "added" | "removed" | "reordered";

export interface ValueDifference {
  /** Path from the compared root: `resource.json_data.nics[0].ip`. */
  path: string;
  kind: ValueChange;
  /** The value on the first side (absent when `added`). */
  a?: JsonValue;
  /** The value on the second side (absent when `removed`). */
  b?: JsonValue;
}

/** Every difference between `a` and `b`, reached from `path`. */
export function diffValues(a: JsonValue | undefined, b: JsonValue | undefined, path = ""): ValueDifference[] {
  if (a === undefined && b === undefined) return [];
  if (a === undefined) return [{ path, kind: "added", b }];
  if (b === undefined) return [{ path, kind: "removed", a }];
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => diffValues(a[key], b[key], childPath(path, key)));
  }
  if (Array.isArray(a) && Array.isArray(b)) return diffLists(a, b, path);
  return canonical(a) === canonical(b) ? [] : [{ path, kind: "changed", a, b }];
}

interface Item {
  index: number;
  value: JsonValue;
  text: string;
}

function diffLists(a: JsonValue[], b: JsonValue[], path: string): ValueDifference[] {
  const itemsA = a.map((value, index) => ({ index, value, text: canonical(value) }));
  const itemsB = b.map((value, index) => ({ index, value, text: canonical(value) }));
  if (itemsA.every((item, i) => item.text === itemsB[i]?.text) && a.length === b.length) return [];
  const onlyA = unmatched(itemsA, itemsB);
  const onlyB = unmatched(itemsB, itemsA);
  if (onlyA.length === 0 && onlyB.length === 0) return [{ path, kind: "reordered", a, b }];
  if (onlyA.length === onlyB.length) {
    // As many items changed as were replaced: compare them pairwise, in order, to name the changed keys.
    return onlyA.flatMap((item, i) => diffValues(item.value, onlyB[i]!.value, `${path}[${onlyB[i]!.index}]`));
  }
  return [
    ...onlyA.map((item): ValueDifference => ({ path: `${path}[${item.index}]`, kind: "removed", a: item.value })),
    ...onlyB.map((item): ValueDifference => ({ path: `${path}[${item.index}]`, kind: "added", b: item.value })),
  ];
}

/** The items of `from` left over once each item of `against` has cancelled one equal item. */
function unmatched(from: Item[], against: Item[]): Item[] {
  const counts = new Map<string, number>();
  for (const item of against) counts.set(item.text, (counts.get(item.text) ?? 0) + 1);
  return from.filter((item) => {
    const left = counts.get(item.text) ?? 0;
    if (left === 0) return true;
    counts.set(item.text, left - 1);
    return false;
  });
}
