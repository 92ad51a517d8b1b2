/**
 * A listing's pages kept off the V8 heap until the type that reads them runs
 * (docs/benchmarks.md#memory-of-a-region-task). A region task reads some listings at its start
 * and builds their records at its end: 100,000 instances come with about 250,000 volumes,
 * which as SDK objects took about 1 KB of heap each for the whole task, and every major
 * garbage collection traced them again. Parked, a page is one deflated buffer of its items
 * in V8's own serialization, so dates, `undefined` members, key order and every value come
 * back exactly as the SDK built them (records stay byte-identical), at about 50 bytes a volume.
 */
import { deserialize, serialize } from "node:v8";
import { deflateRawSync, inflateRawSync } from "node:zlib";

/** A listing read to its end, page by page. */
export interface PagedListing<T> {
  /** Items over all pages. */
  readonly size: number;
  /** The pages in listing order, each decoded afresh: its items are the caller's to keep or drop. */
  pages(): Iterable<T[]>;
  /** Every item in listing order, one page decoded at a time. */
  items(): Iterable<T>;
}

/** Level 1: a page of volumes shrinks 8× at a small fraction of what building their records costs. */
const DEFLATE = { level: 1 };

export class ParkedPages<T> implements PagedListing<T> {
  private readonly parked: Buffer[] = [];
  private count = 0;

  /** Parks one page (an empty page is not kept). */
  add(items: readonly T[]): void {
    if (items.length === 0) return;
    this.parked.push(deflateRawSync(serialize(items), DEFLATE));
    this.count += items.length;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the parked pages. */
  get bytes(): number {
    return this.parked.reduce((n, page) => n + page.length, 0);
  }

  *pages(): Generator<T[]> {
    for (const page of this.parked) yield deserialize(inflateRawSync(page)) as T[];
  }

  *items(): Generator<T> {
    for (const page of this.pages()) yield* page;
  }
}

/** `items` parked as pages of `pageSize` (tests, and listings built in memory). */
export function parkedPages<T>(items: readonly T[], pageSize = 1000): ParkedPages<T> {
  const parked = new ParkedPages<T>();
  for (let i = 0; i < items.length; i += pageSize) parked.add(items.slice(i, i + pageSize));
  return parked;
}
