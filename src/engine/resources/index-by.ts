/** Keyed maps over region listings, built once per region; items without a key are left out. */

/** One item per key; a later item with the same key replaces the earlier one. */
export function indexBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T> {
  const index = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) index.set(key, item);
  }
  return index;
}

/** All items per key, each list in listing order. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
