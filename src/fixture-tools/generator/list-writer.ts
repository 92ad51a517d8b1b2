/** Writes resource files item by item, so that 100k instances never sit in memory as one array. */
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { RESOURCE_FILES, type ResourceKind } from "../../replay/fixture-format.js";

/** Writes `{ "<key>": [ item,\n item, … ] }` item by item. */
export class ListWriter {
  private readonly fd: number;
  private count = 0;
  constructor(path: string, key: string) {
    this.fd = openSync(path, "w");
    writeSync(this.fd, `{${JSON.stringify(key)}:[\n`);
  }
  add(item: unknown): void {
    writeSync(this.fd, `${this.count++ === 0 ? "" : ",\n"}${JSON.stringify(item)}`);
  }
  close(): void {
    writeSync(this.fd, "\n]}\n");
    closeSync(this.fd);
  }
}

/** A writer for the region directory's file of `kind` (written even when no item follows). */
export const listWriter = (dir: string, kind: ResourceKind) => new ListWriter(join(dir, RESOURCE_FILES[kind].file), RESOURCE_FILES[kind].key);

/** Writes a list file at once; an empty list writes no file (a missing file is an empty listing). */
export function writeList(dir: string, kind: ResourceKind, items: readonly unknown[]): void {
  if (items.length === 0) return;
  const writer = listWriter(dir, kind);
  for (const item of items) writer.add(item);
  writer.close();
}
