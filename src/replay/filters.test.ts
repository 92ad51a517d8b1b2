import { describe, expect, it } from "vitest";
import { applyFilters } from "./filters.js";

const items = [
  {
    Id: "a-1",
    State: { Name: "running" },
    Tags: [
      { Key: "Name", Value: "web-1" },
      { Key: "Env", Value: "prod" },
    ],
  },
  { Id: "a-2", State: { Name: "stopped" }, Tags: [{ Key: "Name", Value: "db-1" }] },
  { Id: "b-3", State: { Name: "running" }, Tags: [] },
];
const table = { id: (i: Record<string, unknown>) => i.Id, state: (i: Record<string, unknown>) => (i.State as { Name: string }).Name };
const ids = (filters: unknown) => applyFilters(items, filters, table).map((i) => i.Id);

describe("EC2 filters", () => {
  it("AND across filters, OR across values", () => {
    expect(ids([{ Name: "state", Values: ["running", "stopped"] }])).toEqual(["a-1", "a-2", "b-3"]);
    expect(
      ids([
        { Name: "state", Values: ["running"] },
        { Name: "id", Values: ["a-1", "a-2"] },
      ]),
    ).toEqual(["a-1"]);
  });

  it("wildcards * and ?, matched against the whole value", () => {
    expect(ids([{ Name: "id", Values: ["a-*"] }])).toEqual(["a-1", "a-2"]);
    expect(ids([{ Name: "id", Values: ["?-3"] }])).toEqual(["b-3"]);
    expect(ids([{ Name: "id", Values: ["a"] }])).toEqual([]);
  });

  it("tag:<key>, tag-key and tag-value", () => {
    expect(ids([{ Name: "tag:Name", Values: ["web-*"] }])).toEqual(["a-1"]);
    expect(ids([{ Name: "tag-key", Values: ["Env"] }])).toEqual(["a-1"]);
    expect(ids([{ Name: "tag-value", Values: ["db-1"] }])).toEqual(["a-2"]);
  });

  it("more than 200 filter values in one call is FilterLimitExceeded", () => {
    const many = Array.from({ length: 101 }, (_, i) => `x-${i}`);
    expect(() =>
      ids([
        { Name: "id", Values: many },
        { Name: "state", Values: many },
      ]),
    ).toThrow(expect.objectContaining({ code: "FilterLimitExceeded" }));
    expect(
      ids([
        { Name: "id", Values: many.slice(0, 100) },
        { Name: "state", Values: many.slice(0, 100) },
      ]),
    ).toEqual([]);
  });

  it("an unknown filter is AWS's InvalidParameterValue, never ignored", () => {
    expect(() => ids([{ Name: "flavour", Values: ["x"] }])).toThrow(
      expect.objectContaining({ code: "InvalidParameterValue", message: "The filter 'flavour' is invalid" }),
    );
    expect(() => applyFilters(items, [{ Name: "tag:Name", Values: ["x"] }], table, false)).toThrow(/The filter 'tag:Name' is invalid/);
  });
});
