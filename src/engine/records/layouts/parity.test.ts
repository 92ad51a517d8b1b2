/**
 * Our layouts against the Python plugin's (test/reference/python-plugin-cloud-service-types.jsonl):
 * every widget, search key, main-table column and detail field of the Python plugin is kept, or
 * fixed with a reason (test/support/layout-parity.ts). docs/parity.md shows the comparison, generated
 * from the same data; after a layout change, regenerate it and review the diff:
 *   UPDATE_PARITY_DOC=1 npx vitest run src/engine/records/layouts/parity.test.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../common/json.js";
import { demoCloudServices, stored, valuesIn } from "../../../../test/support/layout-keys.js";
import { COMPARED_PARTS, compareLayouts, keyFixes, outline, parityMarkdown, PYTHON_VIEWS } from "../../../../test/support/layout-parity.js";
import { representativeRecords } from "../../../../test/support/representative-records.js";
import { EC2_TYPES, type Ec2Type } from "../record.js";

const PARITY_DOC = new URL("../../../../docs/parity.md", import.meta.url);
const START = "<!-- layout-parity:start -->";
const END = "<!-- layout-parity:end -->";

const demo = demoCloudServices();
const representative = representativeRecords();
const recordsOf = (type: Ec2Type): JsonObject[] => [...demo[type], ...representative[type].map(stored)];

describe.each(EC2_TYPES)("%s against the Python plugin's layout", (type) => {
  const comparison = compareLayouts(type);

  it.each(COMPARED_PARTS)("keeps or fixes every Python key of: %s", (part) => {
    expect(comparison.parts[part].missing).toEqual([]);
  });

  it("keeps every Python widget, computing the same unless a fix says why", () => {
    expect(comparison.widgets.missing).toEqual([]);
    expect(comparison.widgets.unexplained).toEqual([]);
  });

  it("lists only fixes that apply", () => {
    expect(comparison.staleFixes).toEqual([]);
  });

  it("fixes only keys that name nothing in our records, or says why not", () => {
    const records = recordsOf(type);
    for (const fix of keyFixes(type)) {
      if (fix.kind === "no such key") expect(valuesIn(records, fix.python), fix.python).toEqual([]);
      if (fix.kind === "not shown") expect(fix.ours).toBeNull();
      else expect(fix.ours, fix.python).toEqual(expect.any(String));
    }
  });
});

describe("the comparison", () => {
  it("reads all eight Python layouts, with their widgets", () => {
    const counts = EC2_TYPES.map((type) => [type, outline(PYTHON_VIEWS[type]).widgets.length]);
    expect(Object.fromEntries(counts)).toEqual({
      AMI: 3,
      LaunchTemplate: 0,
      AutoScalingGroup: 7,
      EIP: 4,
      Instance: 7,
      SecurityGroup: 6,
      Volume: 7,
      Snapshot: 6,
    });
  });

  it("notices a lost key, a lost widget and a changed widget", () => {
    const python = structuredClone(PYTHON_VIEWS.EIP);
    (python.search as JsonObject[]).push({ key: "data.NotOurs", name: "x" });
    const widgets = python.widget as JsonObject[];
    widgets.push({ ...widgets[0]!, name: "Lost Widget" });
    (widgets.find((w) => w.name === "Count by Account")!.options as JsonObject).chart_type = "COLUMN";
    const comparison = compareLayouts("EIP", python);
    expect(comparison.parts.search.missing).toEqual(["data.NotOurs"]);
    expect(comparison.widgets.missing).toEqual(["Lost Widget"]);
    expect(comparison.widgets.unexplained).toEqual(["Count by Account: COLUMN chart: count by account → DONUT chart: count by account"]);
  });
});

describe("docs/parity.md", () => {
  it("shows the generated comparison", () => {
    const doc = readFileSync(PARITY_DOC, "utf8");
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start, `docs/parity.md needs ${START} … ${END}`).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const generated = `${START}\n${parityMarkdown()}\n${END}`;
    if (process.env.UPDATE_PARITY_DOC === "1") writeFileSync(PARITY_DOC, doc.slice(0, start) + generated + doc.slice(end + END.length));
    else expect(doc.slice(start, end + END.length), "regenerate with UPDATE_PARITY_DOC=1 and review the diff").toBe(generated);
  });
});
