import { describe, expect, it } from "vitest";
import { keyPath } from "./json-path.js";
import { diffValues } from "./value-diff.js";

describe("diffValues", () => {
  it("equal values, whatever their key order, have no difference", () => {
    expect(diffValues({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })).toEqual([]);
  });

  it("names changed, added and removed keys by their path", () => {
    expect(diffValues({ a: 1, b: { c: "x", gone: true } }, { a: 2, b: { c: "x", new: null } })).toEqual([
      { path: "a", kind: "changed", a: 1, b: 2 },
      { path: "b.gone", kind: "removed", a: true },
      { path: "b.new", kind: "added", b: null },
    ]);
  });

  it("a list with the same items in another order is one benign reordering", () => {
    expect(diffValues({ tags: [{ k: 1 }, { k: 2 }] }, { tags: [{ k: 2 }, { k: 1 }] })).toEqual([
      { path: "tags", kind: "reordered", a: [{ k: 1 }, { k: 2 }], b: [{ k: 2 }, { k: 1 }] },
    ]);
  });

  it("a changed item is compared further, under its position in the second list", () => {
    const a = {
      nics: [
        { id: "eni-1", ip: "10.0.0.1" },
        { id: "eni-2", ip: "10.0.0.2" },
      ],
    };
    const b = {
      nics: [
        { id: "eni-2", ip: "10.0.0.2" },
        { id: "eni-1", ip: "10.0.0.9" },
      ],
    };
    expect(diffValues(a, b)).toEqual([{ path: "nics[1].ip", kind: "changed", a: "10.0.0.1", b: "10.0.0.9" }]);
    expect(keyPath("nics[1].ip")).toBe("nics[].ip");
  });

  it("items only on one side are removed or added", () => {
    expect(diffValues([1, 2, 2, 3], [2, 3, 4, 5, 2])).toEqual([
      { path: "[0]", kind: "removed", a: 1 },
      { path: "[2]", kind: "added", b: 4 },
      { path: "[3]", kind: "added", b: 5 },
    ]);
  });

  it("a type change is a change of the whole value; keys a dotted path cannot carry are quoted", () => {
    expect(diffValues({ "a.b": [1] }, { "a.b": { 0: 1 } })).toEqual([{ path: '["a.b"]', kind: "changed", a: [1], b: { 0: 1 } }]);
  });
});
