/**
 * Dashboard widgets: every query is in a form the inventory accepts (the checker also accepts every
 * widget of the Python plugin, whose forms run in Cloudforet today), is limited to its type, and gives
 * numbers when run over the demo records.
 */
import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "../../../common/json.js";
import { demoCloudServices } from "../../../../test/support/layout-keys.js";
import { PYTHON_VIEWS, standardFilters } from "../../../../test/support/layout-parity.js";
import { queryFormProblems, runWidgetQuery } from "../../../../test/support/widget-query.js";
import { EC2_TYPES } from "../record.js";
import { LAYOUTS } from "./index.js";

const obj = (v: JsonValue | undefined) => v as JsonObject;
const widgetsOf = (view: JsonObject) => (view.widget as JsonObject[] | undefined) ?? [];

const demo = demoCloudServices();
const everyRecord = Object.values(demo).flat();

describe("the widget query checker", () => {
  it("accepts every widget of the Python plugin", () => {
    const problems = EC2_TYPES.flatMap((type) =>
      widgetsOf(PYTHON_VIEWS[type]).flatMap((w) => queryFormProblems(w).map((p) => `${type} ${w.name as string}: ${p}`)),
    );
    expect(problems).toEqual([]);
  });

  it("rejects unknown stages and operators, and missing keys", () => {
    const widget = (aggregate: JsonObject[], filter: JsonObject[] = []) => ({ query: { aggregate, filter } });
    expect(queryFormProblems(widget([{ lookup: { from: "x" } }]))).toEqual(["unknown stage lookup"]);
    expect(queryFormProblems(widget([{ group: { fields: [{ name: "value", operator: "total", key: "instance_size" }] } }]))).toEqual([
      "unknown group operator total",
    ]);
    expect(queryFormProblems(widget([{ group: { fields: [{ name: "value", operator: "sum" }] } }]))).toEqual(["group field value (sum) needs a key"]);
    expect(queryFormProblems(widget([{ count: {} }]))).toEqual(["count needs a name"]);
    expect(queryFormProblems(widget([{ count: { name: "value" } }], [{ key: "account", value: "x", operator: "equals" }]))).toEqual([
      "unknown filter operator equals",
    ]);
    expect(queryFormProblems(widget([]))).toEqual(["query.aggregate must be a non-empty list"]);
  });

  it("runs unwind, group and count as the database would", () => {
    const docs = [
      { region_code: "a", data: { disks: [{ size: 8 }, { size: 2 }] } },
      { region_code: "b", data: { disks: [{ size: 5 }] } },
      { region_code: "b", data: { disks: [] } },
    ];
    const stages: JsonObject[] = [
      { unwind: { path: "data.disks" } },
      { group: { keys: [{ name: "name", key: "region_code" }], fields: [{ name: "value", key: "data.disks.size", operator: "sum" }] } },
    ];
    const sumBy = { query: { aggregate: stages, filter: [] } };
    expect(runWidgetQuery(sumBy, docs)).toEqual([
      { name: "a", value: 10 },
      { name: "b", value: 5 },
    ]);
    const countB = { query: { aggregate: [{ count: { name: "value" } }], filter: [{ key: "region_code", value: "B", operator: "eq" }] } };
    expect(runWidgetQuery(countB, docs)).toEqual([{ value: 2 }]);
    const sumWithoutUnwind = { query: { aggregate: [{ group: { fields: [{ name: "value", key: "data.disks.size", operator: "sum" }] } }], filter: [] } };
    expect(() => runWidgetQuery(sumWithoutUnwind, docs)).toThrow(/not a number/);
  });
});

describe.each(EC2_TYPES)("%s widgets", (type) => {
  const widgets = widgetsOf(obj(LAYOUTS[type].view));

  it("are the count, by region and by account at least, with distinct names", () => {
    expect(widgets.map((w) => w.name)).toEqual(expect.arrayContaining(["Total Count", "Count by Region", "Count by Account"]));
    expect(new Set(widgets.map((w) => (w.name as string).toLowerCase())).size).toBe(widgets.length);
  });

  it.each(widgets.map((w) => [w.name as string, w] as const))("%s: a query form the inventory accepts, limited to the type", (_name, widget) => {
    expect(queryFormProblems(widget)).toEqual([]);
    expect(obj(widget.query).filter).toEqual(expect.arrayContaining(standardFilters(type)));
    const options = obj(widget.options);
    expect(obj(options.value_options)?.key ?? "value").toBe("value");
    if (widget.type === "chart") {
      expect(["COLUMN", "DONUT", "TREEMAP"]).toContain(options.chart_type);
      expect(obj(options.name_options).key).toBe("name");
    } else expect(widget.type).toBe("card");
  });

  it.each(widgets.map((w) => [w.name as string, w] as const))("%s: gives numbers over the demo records", (_name, widget) => {
    // Every record of every type: the query's own filters must pick this type's records.
    const rows = runWidgetQuery(widget, everyRecord);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => typeof r.value === "number")).toBe(true);
    expect(rows.some((r) => (r.value as number) > 0)).toBe(true);
    if (widget.type === "chart") expect(rows.some((r) => r.name !== null && r.name !== undefined)).toBe(true);
    const counted = runWidgetQuery({ query: { aggregate: [{ count: { name: "value" } }], filter: obj(widget.query).filter as JsonValue } }, everyRecord);
    expect(counted, "records the widget reads").toEqual([{ value: expect.any(Number) as number }]);
    expect(counted[0]!.value as number).toBeLessThanOrEqual(demo[type].length);
  });
});
