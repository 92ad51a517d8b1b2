import { describe, expect, it } from "vitest";
import type { JsonObject } from "../common/json.js";
import { parseKnownDifferences } from "./known-differences.js";
import { compareRecords } from "./record-diff.js";
import { identityText, matchKey } from "./records.js";
import { summariseDifferences } from "./summary.js";

const RULES = { "1": ["reference.resource_id", "provider", "cloud_service_type", "cloud_service_group", "account"] };

function instance(id: string, data: JsonObject, extra: JsonObject = {}): JsonObject {
  return {
    state: "SUCCESS",
    resource_type: "inventory.CloudService",
    match_rules: RULES,
    resource: {
      cloud_service_group: "EC2",
      cloud_service_type: "Instance",
      provider: "aws",
      account: "111111111111",
      reference: { resource_id: id },
      json_data: JSON.stringify(data),
      ...extra,
    },
  };
}

const metric = (id: string, version: string): JsonObject => ({
  state: "SUCCESS",
  resource_type: "inventory.Metric",
  match_rules: {},
  resource: { metric_id: id, version },
});

describe("compareRecords", () => {
  it("pairs records by their match rules, whatever the arrival order, and diffs json_data decoded", () => {
    const a = [instance("i-1", { size: 1 }), instance("i-2", { size: 2, tags: ["x", "y"] })];
    const b = [instance("i-2", { tags: ["y", "x"], size: 2 }), instance("i-1", { size: 3 })];
    expect(compareRecords(a, b)).toEqual({
      a: 2,
      b: 2,
      matched: 2,
      differences: [
        { type: "CloudService EC2/Instance", record: "CloudService EC2/Instance i-1", path: "resource.json_data.size", kind: "changed", a: 1, b: 3 },
        {
          type: "CloudService EC2/Instance",
          record: "CloudService EC2/Instance i-2",
          path: "resource.json_data.tags",
          kind: "reordered",
          a: ["x", "y"],
          b: ["y", "x"],
        },
      ],
    });
  });

  it("a record on one side only is missing (from the second) or extra (in the second)", () => {
    const { differences, matched } = compareRecords([instance("i-1", {}), metric("m-1", "1.0")], [instance("i-1", {}), metric("m-2", "1.0")]);
    expect(matched).toBe(1);
    expect(differences.map((d) => [d.record, d.kind])).toEqual([
      ["Metric m-1", "missing"],
      ["Metric m-2", "extra"],
    ]);
  });

  it("Namespace and Metric are matched by their id, so a changed version is a change, not a new record", () => {
    expect(compareRecords([metric("m-1", "1.0")], [metric("m-1", "1.1")]).differences).toEqual([
      { type: "Metric", record: "Metric m-1", path: "resource.version", kind: "changed", a: "1.0", b: "1.1" },
    ]);
    expect(identityText(metric("m-1", "1.0"))).toBe('metric_id="m-1"');
  });

  it("the identity reads data.… match-rule paths in the decoded json_data", () => {
    const record = (zone: string) => ({ ...instance("i-1", { zone }), match_rules: { "1": ["data.zone"] } });
    expect(matchKey(record("a"))).not.toBe(matchKey(record("b")));
    expect(identityText(record("a"))).toBe('data.zone="a"');
  });
});

describe("summariseDifferences", () => {
  const a = [instance("i-1", { size: 1, os: "linux" }), instance("i-2", { size: 1, os: "linux", list: [1, 2] }), instance("i-3", {})];
  const b = [instance("i-1", { size: 2, os: "Linux" }), instance("i-2", { size: 5, os: "linux", list: [2, 1] }, { name: "demo/Secret/Key" })];

  it("groups per type, key path and kind; real differences first, then known, then benign", () => {
    const known = parseKnownDifferences({ differences: [{ type: "CloudService EC2/*", path: "resource.json_data.os", reason: "case fixed" }] });
    const summary = summariseDifferences(compareRecords(a, b), { known, secrets: ["demo/Secret/Key"], examples: 1 });
    expect(summary.counts).toEqual({ difference: 4, known: 1, benign: 1 });
    expect(summary.groups.map((g) => [g.category, g.path, g.kind, g.count])).toEqual([
      ["difference", "", "missing", 1],
      ["difference", "resource.json_data.size", "changed", 2],
      ["difference", "resource.name", "added", 1],
      ["known", "resource.json_data.os", "changed", 1],
      ["benign", "resource.json_data.list", "reordered", 1],
    ]);
    const size = summary.groups[1]!;
    expect(size.examples).toEqual([{ record: "CloudService EC2/Instance i-1", a: 1, b: 2 }]);
    expect(summary.groups[2]!.examples).toEqual([{ record: "CloudService EC2/Instance i-2", b: "***" }]);
    expect(summary.groups[3]!.reason).toBe("case fixed");
  });

  it("a known path also covers the keys below it, and a kind narrows it", () => {
    const known = parseKnownDifferences([{ path: "resource.json_data", kind: "reordered", reason: "order means nothing" }]);
    const summary = summariseDifferences(compareRecords(a, b), { known });
    expect(summary.groups.filter((g) => g.category === "known").map((g) => g.path)).toEqual(["resource.json_data.list"]);
  });
});

describe("parseKnownDifferences", () => {
  it.each([
    [{ differences: {} }, /expected \{"differences": \[ … \]\} or a list/],
    [[{ path: "x" }], /differences\[0\]: "reason" must say why/],
    [[{ reason: "r", kind: "moved" }], /differences\[0\]: "kind" must be one of/],
    [[{ reason: "r", where: "x" }], /differences\[0\]: unknown key "where"/],
    [[{ reason: "r", path: 1 }], /differences\[0\]: "path" must be a string/],
  ])("refuses %j", (json, message) => {
    expect(() => parseKnownDifferences(json)).toThrow(message);
  });
});
