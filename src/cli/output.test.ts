import { describe, expect, it } from "vitest";
import { cell, progressLine, rowWriter } from "./output.js";

function sink(isTTY?: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (text: string) => writes.push(text) };
}

describe("progressLine", () => {
  it("writes nothing at all when the stream is not a terminal", () => {
    const stream = sink(false);
    const progress = progressLine(stream, "collect");
    progress.tick();
    progress.tick(true);
    progress.done();
    expect(stream.writes).toEqual([]);
  });

  it("on a terminal, redraws one line at most every interval, counts failures, and clears it at the end", () => {
    const stream = sink(true);
    let now = 1_000;
    const progress = progressLine(stream, "collect", () => now, 200);
    progress.tick();
    now += 100;
    progress.tick(true); // within the interval: counted, not drawn
    now += 150;
    progress.tick();
    progress.done();
    expect(stream.writes).toEqual(["\r\x1b[2Kcollect: 1 record, 0.0 s", "\r\x1b[2Kcollect: 3 records, 1 ErrorResource, 0.3 s", "\r\x1b[2K"]);
  });
});

describe("rowWriter", () => {
  it("NDJSON: one JSON line per row", () => {
    const out = sink();
    const write = rowWriter("ndjson", out, [], (row: { a: number }) => row);
    write({ a: 1 });
    write({ a: 2 });
    expect(out.writes.join("")).toBe('{"a":1}\n{"a":2}\n');
  });

  it("table: a header before the first row, fixed columns cut with …, the last column whole", () => {
    const out = sink();
    const columns = [
      { title: "ID", width: 5, value: (r: { id: string; name: string }) => r.id },
      { title: "NAME", width: 0, value: (r: { id: string; name: string }) => r.name },
    ];
    const write = rowWriter("table", out, columns, (r) => r);
    write({ id: "i-123456", name: "a long\nname" });
    write({ id: "i-1", name: "" });
    expect(out.writes.join("")).toBe("ID     NAME\ni-12…  a long name\ni-1\n");
    expect(cell("abc", 5)).toBe("abc  ");
  });
});
