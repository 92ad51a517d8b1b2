import { describe, expect, it } from "vitest";
import { ParkedPages, parkedPages } from "./parked-pages.js";

interface Item {
  Id: string;
  Created?: Date;
  Size?: number;
  Tags?: Array<{ Key: string; Value?: string }>;
}

const created = new Date("2026-01-02T03:04:05.678Z");

describe("ParkedPages", () => {
  it("gives back each item exactly as parked: dates, undefined members and key order", () => {
    const item: Item = { Size: 8, Id: "vol-1", Created: created, Tags: [{ Key: "Name", Value: undefined }] };
    const [back] = [...parkedPages([item]).items()];
    expect(back).toEqual(item);
    expect(back!.Created).toBeInstanceOf(Date);
    expect(Object.keys(back!)).toEqual(["Size", "Id", "Created", "Tags"]);
    expect(Object.keys(back!.Tags![0]!)).toEqual(["Key", "Value"]);
  });

  it("keeps the listing's order over pages, counts the items and skips empty pages", () => {
    const parked = new ParkedPages<Item>();
    parked.add([{ Id: "a" }, { Id: "b" }]);
    parked.add([]);
    parked.add([{ Id: "c" }]);
    expect(parked.size).toBe(3);
    expect([...parked.pages()].map((page) => page.map((i) => i.Id))).toEqual([["a", "b"], ["c"]]);
    expect([...parked.items()].map((i) => i.Id)).toEqual(["a", "b", "c"]);
  });

  it("decodes each page afresh: neither the parked copy nor a later read sees what a reader changed", () => {
    const original: Item[] = [{ Id: "a", Size: 1 }];
    const parked = parkedPages(original);
    original[0]!.Size = 2;
    const [first] = [...parked.pages()];
    first![0]!.Size = 3;
    first!.length = 0;
    expect([...parked.items()]).toEqual([{ Id: "a", Size: 1 }]);
  });

  it("holds pages compressed: a page of repetitive items takes far fewer bytes than its JSON", () => {
    const items = Array.from({ length: 1000 }, (_, n): Item => ({
      Id: `vol-${String(n).padStart(17, "0")}`,
      Created: created,
      Size: 100,
      Tags: [{ Key: "team", Value: "storage" }],
    }));
    const parked = parkedPages(items);
    expect(parked.bytes).toBeLessThan(JSON.stringify(items).length / 4);
  });
});
