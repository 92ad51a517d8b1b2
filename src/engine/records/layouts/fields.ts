/**
 * Builders for the console's dynamic view format (docs/contract.md#console-view-format), so that
 * each layout reads as a declarative list of columns, tabs and widgets.
 */
import type { JsonObject } from "../../../common/json.js";
import { EC2_GROUP, PROVIDER, type Ec2Type } from "../record.js";

/** The palette the console accepts: a base colour alone or with a `.100`–`.900` shade. */
type Hue = "gray" | "red" | "coral" | "yellow" | "green" | "blue" | "violet" | "peacock" | "indigo";
type Shade = "100" | "200" | "300" | "400" | "500" | "600" | "700" | "800" | "900";
export type Color = "black" | "white" | Hue | `${Hue}.${Shade}`;

/** State colours by meaning, shared by every layout so that "running" looks the same everywhere. */
export const TONE = {
  ok: "green.500",
  info: "blue.400",
  busy: "yellow.500",
  off: "gray.400",
  bad: "red.500",
} as const satisfies Record<string, Color>;

export interface Field extends JsonObject {
  key: string;
  name: string;
  type: string;
}

export interface FieldOptions {
  /** Hidden by default in the main table (the user can add the column). Default false. */
  optional?: boolean;
}

const withOptions = (field: { key: string; name: string; type: string }, options: JsonObject, opts: FieldOptions = {}): Field => {
  const merged: JsonObject = { ...options, ...(opts.optional ? { is_optional: true } : {}) };
  return Object.keys(merged).length > 0 ? { ...field, options: merged } : { ...field };
};

export function text(name: string, key: string, opts: FieldOptions & { reference?: string } = {}): Field {
  const field = withOptions({ key, name, type: "text" }, {}, opts);
  return opts.reference ? { ...field, reference: { resource_type: opts.reference, reference_key: key } } : field;
}

/** A list value shown item by item; `subKey` picks a member of each element. */
export function list(name: string, key: string, opts: FieldOptions & { subKey?: string; delimiter?: string } = {}): Field {
  return withOptions({ key, name, type: "list" }, { delimiter: opts.delimiter ?? ", ", ...(opts.subKey ? { sub_key: opts.subKey } : {}) }, opts);
}

export function dict(name: string, key: string, opts: FieldOptions = {}): Field {
  return withOptions({ key, name, type: "dict" }, {}, opts);
}

/** Our dates are upstream's ISO form without zone (UTC). */
export function datetime(name: string, key: string, opts: FieldOptions = {}): Field {
  return withOptions({ key, name, type: "datetime" }, { source_type: "iso8601" }, opts);
}

export type SizeUnit = "BYTES" | "KB" | "MB" | "GB" | "TB" | "PB";

export function size(name: string, key: string, sourceUnit: SizeUnit, opts: FieldOptions & { displayUnit?: SizeUnit } = {}): Field {
  return withOptions({ key, name, type: "size" }, { source_unit: sourceUnit, display_unit: opts.displayUnit ?? "GB" }, opts);
}

export function badge(name: string, key: string, color: Color = "violet.500", opts: FieldOptions = {}): Field {
  return withOptions({ key, name, type: "badge" }, { outline_color: color }, opts);
}

/** Values shown as a coloured dot and text (states). Every emitted value needs an entry. */
export function enumState(name: string, key: string, colors: Record<string, Color>, opts: FieldOptions = {}): Field {
  const options: JsonObject = {};
  for (const [value, color] of Object.entries(colors)) options[value] = { type: "state", options: { icon: { color } } };
  return withOptions({ key, name, type: "enum" }, options, opts);
}

/** Values shown as outlined badges (kinds, not states). */
export function enumBadge(name: string, key: string, colors: Record<string, Color>, opts: FieldOptions = {}): Field {
  const options: JsonObject = {};
  for (const [value, color] of Object.entries(colors)) options[value] = { type: "badge", options: { outline_color: color } };
  return withOptions({ key, name, type: "enum" }, options, opts);
}

export function yesNo(name: string, key: string, opts: FieldOptions = {}): Field {
  return enumBadge(name, key, { true: "indigo.500", false: "coral.600" }, opts);
}

// --- search ---

export interface SearchField extends JsonObject {
  key: string;
  name: string;
}

export type SearchKind = "text" | "integer" | "float" | "boolean" | "datetime";

export function search(name: string, key: string, kind: SearchKind = "text"): SearchField {
  switch (kind) {
    case "text":
      return { key, name };
    case "datetime":
      return { key, name, type: "datetime", options: { source_type: "iso8601" } };
    case "integer":
    case "float":
    case "boolean":
      return { key, name, data_type: kind };
  }
}

/** `Array.isArray` for a readonly list (the built-in guard narrows it to `any[]` and keeps it in the other branch). */
const isList = (values: readonly string[] | Readonly<Record<string, string>>): values is readonly string[] => Array.isArray(values);

/** A search field with fixed values, offered as choices: a list of values, or labels by value. */
export function searchEnum(name: string, key: string, values: readonly string[] | Readonly<Record<string, string>>): SearchField {
  const labels = isList(values) ? Object.fromEntries(values.map((v) => [v, v] as const)) : values;
  const enums: JsonObject = {};
  for (const [value, label] of Object.entries(labels)) enums[value] = { label };
  return { key, name, type: "text", enums };
}

// --- tabs ---

export interface Tab extends JsonObject {
  name: string;
  type: string;
  options: JsonObject;
}

export function itemTab(name: string, fields: Field[]): Tab {
  return { name, type: "item", options: { fields } };
}

/** A table over the list at `rootPath`; field keys are relative to its elements. */
export function tableTab(name: string, rootPath: string, fields: Field[]): Tab {
  return { name, type: "table", options: { root_path: rootPath, fields } };
}

// --- widgets ---

export interface Widget extends JsonObject {
  name: string;
  type: "card" | "chart";
  options: JsonObject;
  query: { aggregate: JsonObject[]; filter: JsonObject[] } & JsonObject;
}

/** A condition of the inventory's query filter (`eq` compares case-insensitively). */
export interface Filter extends JsonObject {
  key: string;
  value: string | boolean;
  operator: "eq" | "not" | "exists";
}

/**
 * What a widget counts or adds up, per group (chart) or over every record of the type (card).
 * Build one with `records()`, `items()` or `total()`.
 */
export type Measure = { of: "records" } | { of: "items"; list: string } | { of: "total"; key: string; unwind?: string; sizeUnit?: SizeUnit };

/** Count the records. */
export const records = (): Measure => ({ of: "records" });
/** Count the elements of the list at `list`, over every record. */
export const items = (list: string): Measure => ({ of: "items", list });
/** Add up the numbers at `key` (shown as a size in `sizeUnit`, else as a number); `unwind` a list first to add up its elements' members. */
export const total = (key: string, opts: { unwind?: string; sizeUnit?: SizeUnit } = {}): Measure => ({ of: "total", key, ...opts });

export type ChartType = "COLUMN" | "DONUT" | "TREEMAP";

/**
 * The aggregation pipeline in the inventory's stage forms: `unwind {path}`, `group {keys, fields}`
 * (each field `{name, operator, key}`, `key` only where the operator reads one), `count {name}`.
 * A plain record count uses the `count` stage, as the Python plugin's cards do.
 */
function aggregate(measure: Measure, groupKey: string | null): JsonObject[] {
  const group = (field: JsonObject): JsonObject => ({ group: groupKey ? { keys: [{ name: "name", key: groupKey }], fields: [field] } : { fields: [field] } });
  const count = { name: "value", operator: "count" };
  switch (measure.of) {
    case "records":
      return groupKey ? [group(count)] : [{ count: { name: "value" } }];
    case "items":
      return [{ unwind: { path: measure.list } }, group(count)];
    case "total":
      return [...(measure.unwind ? [{ unwind: { path: measure.unwind } }] : []), group({ name: "value", key: measure.key, operator: "sum" })];
  }
}

function valueOptions(measure: Measure): JsonObject {
  return measure.of === "total" && measure.sizeUnit
    ? { key: "value", type: "size", options: { default: "0", source_unit: measure.sizeUnit } }
    : { key: "value", type: "text", options: { default: "0" } };
}

/** The group's label; region codes link to their Region record, which the console shows by name. */
function nameOptions(groupKey: string): JsonObject {
  return groupKey === "region_code"
    ? { key: "name", type: "text", reference: { reference_key: "region_code", resource_type: "inventory.Region" } }
    : { key: "name", type: "text" };
}

/** The dashboard widgets of one type: every query is limited to that type's records, plus `filter`. */
export function widgetsOf(type: Ec2Type) {
  const query = (measure: Measure, groupKey: string | null, filter: Filter[]): Widget["query"] => ({
    aggregate: aggregate(measure, groupKey),
    filter: [
      { key: "provider", value: PROVIDER, operator: "eq" },
      { key: "cloud_service_group", value: EC2_GROUP, operator: "eq" },
      { key: "cloud_service_type", value: type, operator: "eq" },
      ...filter,
    ],
  });
  return {
    /** One number. */
    card: (name: string, measure: Measure, filter: Filter[] = []): Widget => ({
      name,
      type: "card",
      options: { value_options: valueOptions(measure) },
      query: query(measure, null, filter),
    }),
    /** One number per value of `groupKey`. */
    chart: (name: string, chartType: ChartType, groupKey: string, measure: Measure, filter: Filter[] = []): Widget => ({
      name,
      type: "chart",
      options: {
        chart_type: chartType,
        name_options: nameOptions(groupKey),
        ...(measure.of === "total" && measure.sizeUnit ? { value_options: valueOptions(measure) } : {}),
      },
      query: query(measure, groupKey, filter),
    }),
  };
}

/** The widgets every type has: its record count, by region and by account (`accountFilter` narrows the last). */
export function countWidgets(type: Ec2Type, accountFilter: Filter[] = []): Widget[] {
  const { card, chart } = widgetsOf(type);
  return [
    card("Total Count", records()),
    chart("Count by Region", "COLUMN", "region_code", records()),
    chart("Count by Account", "DONUT", "account", records(), accountFilter),
  ];
}

// --- the view ---

export interface LayoutSpec {
  search: SearchField[];
  table: { sort: { key: string; desc: boolean }; fields: Field[] };
  tabs: Tab[];
  widgets?: Widget[];
}

export interface DynamicView extends JsonObject {
  view: JsonObject;
}

export function dynamicView(spec: LayoutSpec): DynamicView {
  const view: JsonObject = {
    search: spec.search,
    table: {
      layout: {
        name: "Main Table",
        type: "query-search-table",
        options: { default_sort: spec.table.sort, fields: spec.table.fields },
      },
    },
    sub_data: { layouts: spec.tabs },
  };
  if (spec.widgets?.length) view.widget = spec.widgets;
  return { view };
}

/** Columns every type shows last: the account and the region (linked to the Region record). */
export function accountAndRegion(): Field[] {
  return [text("Account ID", "account"), text("Region", "region_code", { reference: "inventory.Region" })];
}
