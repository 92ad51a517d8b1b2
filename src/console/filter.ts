/**
 * The records table's filter box. Words separated by spaces must all match:
 * `key:value` compares one field (case-insensitive, whole value) — `type:`
 * (record type or cloud service type), `region:`, `account:`, `state:`, `id:` —
 * and any other word is searched in the whole row.
 */
import type { Row } from "./records.js";

export type RowPredicate = (row: Row) => boolean;

const FIELDS: Record<string, (row: Row) => string[]> = {
  type: (row) => [row.kind, row.recordType],
  region: (row) => [row.region],
  account: (row) => [row.account],
  state: (row) => [row.state],
  id: (row) => [row.id],
};

/** The filter for a pair of count-table coordinates. */
export function filterText(kind: string, region?: string): string {
  return region === undefined ? `type:${kind}` : `type:${kind} region:${region}`;
}

export function parseFilter(input: string): RowPredicate {
  const tests = input
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((word): RowPredicate => {
      const colon = word.indexOf(":");
      const field = colon > 0 ? FIELDS[word.slice(0, colon)] : undefined;
      if (!field) return (row) => row.text.includes(word);
      const wanted = word.slice(colon + 1);
      return (row) => field(row).some((value) => value.toLowerCase() === wanted);
    });
  return (row) => tests.every((test) => test(row));
}
