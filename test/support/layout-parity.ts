/**
 * The Python plugin's console layouts against ours, type by type: which of its widgets, search keys,
 * main-table columns and detail fields ours keep, fix or add. The layout parity test fails on anything
 * of the Python plugin's that ours lose, and renders the comparison into docs/parity.md.
 */
import { readFileSync } from "node:fs";
import type { JsonObject, JsonValue } from "../../src/common/json.js";
import { LAYOUTS } from "../../src/engine/records/layouts/index.js";
import { EC2_GROUP, EC2_TYPES, PROVIDER, type Ec2Type } from "../../src/engine/records/record.js";
import { viewKeyUses, type LayoutPart } from "./layout-keys.js";

const obj = (v: JsonValue | undefined) => v as JsonObject;

/** The Python plugin's (v1.0.36) eight CloudServiceType layouts, as Cloudforet receives them. */
export const PYTHON_VIEWS: Readonly<Record<Ec2Type, JsonObject>> = (() => {
  const views = {} as Record<Ec2Type, JsonObject>;
  const lines = readFileSync(new URL("../reference/python-plugin-cloud-service-types.jsonl", import.meta.url), "utf8")
    .trim()
    .split("\n");
  for (const line of lines) {
    const resource = obj((JSON.parse(line) as JsonObject).resource);
    views[resource.name as Ec2Type] = obj((JSON.parse(resource.json_metadata as string) as JsonObject).view);
  }
  return views;
})();

export const OUR_VIEWS: Readonly<Record<Ec2Type, JsonObject>> = Object.fromEntries(EC2_TYPES.map((t) => [t, obj(LAYOUTS[t].view)])) as Record<
  Ec2Type,
  JsonObject
>;

export type ComparedPart = Extract<LayoutPart, "search" | "table" | "default sort" | "detail">;
export const COMPARED_PARTS: readonly ComparedPart[] = ["search", "table", "default sort", "detail"];

/**
 * A Python key ours do not use as it is: it names no member of our records (`no such key`), names
 * a member ours show another way (`shown differently`), or one ours leave out on purpose (`not shown`,
 * `ours: null`).
 */
export interface KeyFix {
  python: string;
  ours: string | null;
  kind: "no such key" | "shown differently" | "not shown";
  why: string;
}

const sortKey = (view: JsonObject) => obj(obj(obj(obj(view.table).layout).options).default_sort).key as string;

/** Every Python key ours do not use as they are, with the reason. */
export function keyFixes(type: Ec2Type): KeyFix[] {
  const sort: KeyFix = { python: "data.id", ours: sortKey(OUR_VIEWS[type]), kind: "no such key", why: "no record has `data.id`: the default sort did nothing" };
  return [sort, ...KEY_FIXES[type]];
}

const lt = (member: string) => `data.launch_template_data.${member}`;
const entriesHave = "our `load_balancers` entries have `name`, `endpoint`, `type`, `scheme`, `protocol`, `port` (the Python plugin's were always empty)";

const KEY_FIXES: Readonly<Record<Ec2Type, KeyFix[]>> = {
  AMI: [],
  LaunchTemplate: [
    {
      python: lt("Placement.HostResourceGroupARN"),
      ours: lt("Placement.HostResourceGroupArn"),
      kind: "no such key",
      why: "AWS spells the member `HostResourceGroupArn`",
    },
    {
      python: lt("LicenseSpecification"),
      ours: lt("LicenseSpecifications.LicenseConfigurationArn"),
      kind: "no such key",
      why: "the member is `LicenseSpecifications`, a list of `{LicenseConfigurationArn}`",
    },
    {
      python: lt("NetworkInterfaces.Ipv6Addresses"),
      ours: lt("NetworkInterfaces.Ipv6Addresses.Ipv6Address"),
      kind: "shown differently",
      why: "a list of `{Ipv6Address}` objects: shown address by address instead of as objects",
    },
    { python: lt("UserData"), ours: null, kind: "not shown", why: "it may hold secrets; it stays in the record's data" },
  ],
  AutoScalingGroup: [
    { python: "data.load_balancers.LoadBalancerName", ours: "data.load_balancers.endpoint", kind: "no such key", why: `the "endpoint" column; ${entriesHave}` },
    { python: "data.load_balancers.Type", ours: "data.load_balancers.type", kind: "no such key", why: entriesHave },
    { python: "data.load_balancers.Scheme", ours: "data.load_balancers.scheme", kind: "no such key", why: entriesHave },
    {
      python: "data.policies.TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType)",
      ours: "data.policies.TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType",
      kind: "no such key",
      why: "a stray `)` at the end of the key",
    },
  ],
  EIP: [],
  Instance: [],
  SecurityGroup: [],
  Volume: [{ python: "data.iops", ours: "data.Iops", kind: "no such key", why: "AWS's member is `Iops`: the search found nothing" }],
  Snapshot: [],
};

/** A Python widget ours show under another name or with another query, with the reason. */
export interface WidgetFix {
  python: string;
  ours: string;
  why: string;
}

const VOLUME_BYTES = "Volume `instance_size` is in bytes; the Python plugin declared GB and showed 2^30 times the real size";

export const WIDGET_FIXES: Readonly<Record<Ec2Type, WidgetFix[]>> = {
  AMI: [],
  LaunchTemplate: [],
  AutoScalingGroup: [{ python: "Releated ELB Total Count", ours: "Related ELB Total Count", why: "typo in the name" }],
  EIP: [],
  Instance: [],
  SecurityGroup: [],
  Volume: [
    { python: "Total Size by Volume Type", ours: "Total Size by Volume Type", why: VOLUME_BYTES },
    { python: "Total Size by State", ours: "Total Size by State", why: VOLUME_BYTES },
  ],
  Snapshot: [],
};

const STANDARD_FILTER_KEYS = ["provider", "cloud_service_group", "cloud_service_type"];

/** A query filter as the layouts write it (widget-query.ts checks the form). */
type QueryFilter = { key: string; operator: string; value: string | number | boolean | string[] };

/**
 * A widget in one line: what it computes and how it shows it, e.g.
 * `COLUMN chart: sum instance_size by region_code [size BYTES]`, `card: unwind data.instances, count`.
 * The three filters that limit a widget to its type are left out (the layout test checks them).
 */
export function describeWidget(widget: JsonObject): string {
  const query = obj(widget.query);
  const steps = (query.aggregate as JsonObject[]).map((stage) => {
    if (stage.unwind) return `unwind ${obj(stage.unwind).path as string}`;
    if (stage.count) return "count";
    if (stage.group) {
      const group = obj(stage.group);
      const fields = ((group.fields as JsonObject[] | undefined) ?? []).map((f) =>
        f.operator === "count" ? "count" : `${f.operator as string} ${f.key as string}`,
      );
      const keys = ((group.keys as JsonObject[] | undefined) ?? []).map((k) => k.key as string);
      return `${fields.join(" and ")}${keys.length ? ` by ${keys.join(", ")}` : ""}`;
    }
    return JSON.stringify(stage);
  });
  const filters = (query.filter as QueryFilter[]).filter((f) => !STANDARD_FILTER_KEYS.includes(f.key)).map((f) => `${f.key} ${f.operator} ${String(f.value)}`);
  const options = obj(widget.options);
  const value = obj(options.value_options);
  const unit = value?.type === "size" ? ` [size ${(obj(value.options)?.source_unit as string | undefined) ?? "BYTES"}]` : "";
  const kind = widget.type === "chart" ? `${options.chart_type as string} chart` : (widget.type as string);
  return `${kind}: ${steps.join(", ")}${filters.length ? ` where ${filters.join(" and ")}` : ""}${unit}`;
}

/** The filters that limit a widget to the records of `type`. */
export function standardFilters(type: Ec2Type): JsonObject[] {
  return [
    { key: "provider", value: PROVIDER, operator: "eq" },
    { key: "cloud_service_group", value: EC2_GROUP, operator: "eq" },
    { key: "cloud_service_type", value: type, operator: "eq" },
  ];
}

export interface WidgetOutline {
  name: string;
  query: string;
}

/** A layout reduced to what is compared: its distinct keys per part, in order, and its widgets. */
export interface Outline {
  keys: Record<ComparedPart, string[]>;
  widgets: WidgetOutline[];
}

export function outline(view: JsonObject): Outline {
  const uses = viewKeyUses(view);
  const keys = Object.fromEntries(
    COMPARED_PARTS.map((part) => [part, [...new Set(uses.filter((u) => u.part === part).map((u) => u.path))]]),
  ) as Outline["keys"];
  const widgets = ((view.widget as JsonObject[] | undefined) ?? []).map((w) => ({ name: w.name as string, query: describeWidget(w) }));
  return { keys, widgets };
}

export interface PartComparison {
  python: string[];
  ours: string[];
  /** Python keys ours use as they are. */
  kept: string[];
  /** Python keys ours replace or leave out, as listed in the fixes. */
  fixed: KeyFix[];
  /** Python keys ours lose: the test fails on any. */
  missing: string[];
  /** Keys only ours use (fix targets excluded). */
  added: string[];
}

export interface WidgetPair {
  python: WidgetOutline;
  ours: WidgetOutline | undefined;
  fix: WidgetFix | undefined;
}

export interface WidgetComparison {
  python: WidgetOutline[];
  ours: WidgetOutline[];
  /** Each Python widget with ours in its place. */
  pairs: WidgetPair[];
  /** Python widgets ours lose, or change without a listed reason: the test fails on any. */
  missing: string[];
  unexplained: string[];
  added: WidgetOutline[];
}

export interface LayoutComparison {
  parts: Record<ComparedPart, PartComparison>;
  widgets: WidgetComparison;
  /** Fixes that name nothing of the Python plugin's, or change nothing: the test fails on any. */
  staleFixes: string[];
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Ours against the Python plugin's layout of `type` (or another view in its place, to test the comparison). */
export function compareLayouts(type: Ec2Type, pythonView: JsonObject = PYTHON_VIEWS[type]): LayoutComparison {
  const python = outline(pythonView);
  const ours = outline(OUR_VIEWS[type]);
  const fixes = keyFixes(type);
  const parts = Object.fromEntries(
    COMPARED_PARTS.map((part): [ComparedPart, PartComparison] => {
      const theirs = python.keys[part];
      const mine = ours.keys[part];
      const comparison: PartComparison = { python: theirs, ours: mine, kept: [], fixed: [], missing: [], added: [] };
      for (const key of theirs) {
        const fix = fixes.find((f) => f.python === key);
        if (mine.includes(key)) comparison.kept.push(key);
        else if (fix && (fix.ours === null || mine.includes(fix.ours))) comparison.fixed.push(fix);
        else comparison.missing.push(key);
      }
      const fixTargets = new Set(comparison.fixed.map((f) => f.ours));
      comparison.added = mine.filter((key) => !theirs.includes(key) && !fixTargets.has(key));
      return [part, comparison];
    }),
  ) as Record<ComparedPart, PartComparison>;

  const widgetFixes = WIDGET_FIXES[type];
  const pairs = python.widgets.map((w): WidgetPair => {
    const fix = widgetFixes.find((f) => f.python === w.name);
    return { python: w, ours: ours.widgets.find((o) => sameName(o.name, fix?.ours ?? w.name)), fix };
  });
  const widgets: WidgetComparison = {
    python: python.widgets,
    ours: ours.widgets,
    pairs,
    missing: pairs.filter((p) => !p.ours).map((p) => p.python.name),
    unexplained: pairs.filter((p) => p.ours && !p.fix && p.ours.query !== p.python.query).map((p) => `${p.python.name}: ${p.python.query} → ${p.ours!.query}`),
    added: ours.widgets.filter((o) => !pairs.some((p) => p.ours === o)),
  };

  const pythonKeys = new Set(COMPARED_PARTS.flatMap((part) => python.keys[part]));
  const staleFixes = [
    ...fixes.filter((f) => !pythonKeys.has(f.python)).map((f) => `key fix for ${f.python}: the Python layout does not use it`),
    ...widgetFixes
      .filter((f) => {
        const pair = pairs.find((p) => p.fix === f);
        return !pair || (sameName(f.python, f.ours) && pair.ours?.query === pair.python.query);
      })
      .map((f) => `widget fix for ${f.python}: no such Python widget, or nothing changed`),
  ];
  return { parts, widgets, staleFixes };
}

// --- docs/parity.md ---

const code = (s: string) => `\`${s.replaceAll("|", "\\|")}\``;
const cell = (s: string) => s.replaceAll("|", "\\|");

function countsRow(type: Ec2Type, c: LayoutComparison): string {
  const pair = (part: ComparedPart) => `${c.parts[part].python.length} → ${c.parts[part].ours.length}`;
  return `| ${type} | ${c.widgets.python.length} → ${c.widgets.ours.length} | ${pair("search")} | ${pair("table")} | ${pair("detail")} |`;
}

function widgetTable(c: LayoutComparison): string[] {
  if (c.widgets.python.length + c.widgets.ours.length === 0) return ["No widgets."];
  const rows = [
    ...c.widgets.pairs.map((p) => {
      const name = p.ours && p.ours.name !== p.python.name ? `${p.python.name} → ${p.ours.name}` : p.python.name;
      return `| ${cell(name)} | ${code(p.python.query)} | ${p.ours ? code(p.ours.query) : "—"} |`;
    }),
    ...c.widgets.added.map((w) => `| ${cell(w.name)} | — | ${code(w.query)} |`),
  ];
  return ["| widget | Python | ours |", "| --- | --- | --- |", ...rows];
}

/** One row per key either layout uses; each part says who uses it (a fixed Python key names its replacement). */
function keyTable(c: LayoutComparison): string[] {
  const parts: ComparedPart[] = ["search", "table", "detail"];
  const keys = [...new Set(parts.flatMap((part) => [...c.parts[part].python, ...c.parts[part].ours]))];
  const status = (part: ComparedPart, key: string) => {
    const p = c.parts[part];
    const fix = p.fixed.find((f) => f.python === key);
    if (fix) return fix.ours ? `Python → ${code(fix.ours)}` : "Python (not shown)";
    const inPython = p.python.includes(key);
    const inOurs = p.ours.includes(key);
    return inPython && inOurs ? "both" : inPython ? "Python" : inOurs ? "ours" : "";
  };
  return [
    "| key | search | main table | detail tabs |",
    "| --- | --- | --- | --- |",
    ...keys.map((key) => `| ${code(key)} | ${parts.map((part) => status(part, key)).join(" | ")} |`),
  ];
}

/** The generated part of docs/parity.md's layout section. */
export function parityMarkdown(): string {
  const comparisons = EC2_TYPES.map((type) => [type, compareLayouts(type)] as const);
  const lines = [
    "Counts are Python → ours: widgets, and distinct keys per part.",
    "",
    "| type | widgets | search keys | main-table keys | detail-tab keys |",
    "| --- | --- | --- | --- | --- |",
    ...comparisons.map(([type, c]) => countsRow(type, c)),
    "",
    "Python keys ours replace or leave out:",
    "",
    "| type | Python's key | ours | why |",
    "| --- | --- | --- | --- |",
    ...comparisons.flatMap(([type, c]) =>
      keyFixes(type)
        .filter((f) => COMPARED_PARTS.some((part) => c.parts[part].fixed.some((applied) => applied.python === f.python)))
        .map((f) => `| ${type} | ${code(f.python)} | ${f.ours ? code(f.ours) : "not shown"} | ${cell(f.why)} |`),
    ),
    "",
    "Python widgets ours show differently:",
    "",
    "| type | widget | Python | ours | why |",
    "| --- | --- | --- | --- | --- |",
    ...comparisons.flatMap(([type, c]) =>
      c.widgets.pairs
        .filter((p) => p.fix)
        .map(
          (p) =>
            `| ${type} | ${cell(p.python.name)} | ${code(p.python.query)} | ${p.ours ? `${cell(p.ours.name)}: ${code(p.ours.query)}` : "—"} | ${cell(p.fix!.why)} |`,
        ),
    ),
  ];
  for (const [type, c] of comparisons) {
    const sort = c.parts["default sort"];
    lines.push(
      "",
      `<details><summary>${type}: widgets, search keys and fields side by side</summary>`,
      "",
      ...widgetTable(c),
      "",
      `Default sort: Python ${code(sort.python.join(", "))}, ours ${code(sort.ours.join(", "))}.`,
      "",
      ...keyTable(c),
      "",
      "</details>",
    );
  }
  return lines.join("\n");
}
