import { describe, expect, it } from "vitest";
import { groupBy, indexBy } from "./index-by.js";

const items = [
  { id: "a", n: 1 },
  { id: undefined, n: 2 },
  { id: "b", n: 3 },
  { id: "a", n: 4 },
];

describe("indexBy", () => {
  it("keeps the last item of a key and leaves out items without one", () => {
    expect([...indexBy(items, (i) => i.id)]).toEqual([
      ["a", { id: "a", n: 4 }],
      ["b", { id: "b", n: 3 }],
    ]);
  });
});

describe("groupBy", () => {
  it("lists every item of a key in input order, keys in first-seen order", () => {
    expect([...groupBy(items, (i) => i.id)].map(([key, group]) => [key, group.map((i) => i.n)])).toEqual([
      ["a", [1, 4]],
      ["b", [3]],
    ]);
  });
});
