/**
 * Builders for the console's dynamic view format (cloudforet-contract.md 11.8), so that
 * each layout reads as a declarative list of columns, tabs and widgets.
 */
import type { JsonObject, JsonValue } from "../../../common/json.js";
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

/** A search field with fixed values, offered as choices. */
export function searchEnum(name: string, key: string, values: readonly string[]): SearchField {
  const enums: JsonObject = {};
  for (const value of values) enums[value] = { label: value };
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

export interface WidgetOptions {
  /** Extra filter, e.g. `{ key: "data.compute.instance_state", value: "RUNNING", operator: "eq" }`. */
  filter?: { key: string; value: string; operator: string }[];
  /** A list to unwind before grouping (e.g. `data.disks` for a sum over disks). */
  unwind?: string;
  /** How the value is shown: a size in the given source unit, else a plain number. */
  sizeUnit?: SizeUnit;
}

function widgetQuery(type: Ec2Type, group: JsonObject, opts: WidgetOptions): Widget["query"] {
  return {
    aggregate: [...(opts.unwind ? [{ unwind: { path: opts.unwind } }] : []), { group }],
    filter: [
      { key: "provider", value: PROVIDER, operator: "eq" },
      { key: "cloud_service_group", value: EC2_GROUP, operator: "eq" },
      { key: "cloud_service_type", value: type, operator: "eq" },
      ...(opts.filter ?? []),
    ],
  };
}

function valueOptions(opts: WidgetOptions): JsonObject {
  return opts.sizeUnit
    ? { value_options: { key: "value", type: "size", options: { default: 0, source_unit: opts.sizeUnit } } }
    : { value_options: { key: "value", options: { default: 0 } } };
}

/** A card with one number: the record count, or the sum of `sumKey`. */
export function card(type: Ec2Type, name: string, sumKey: string | null, opts: WidgetOptions = {}): Widget {
  const field: JsonObject = sumKey ? { name: "value", key: sumKey, operator: "sum" } : { name: "value", operator: "count" };
  return { name, type: "card", options: valueOptions(opts), query: widgetQuery(type, { fields: [field] }, opts) };
}

/** A chart of the record count (or the sum of `sumKey`) grouped by `groupKey`. */
export function chart(
  type: Ec2Type,
  name: string,
  groupKey: string,
  chartType: "COLUMN" | "DONUT" | "TREEMAP",
  sumKey: string | null = null,
  opts: WidgetOptions = {},
): Widget {
  const field: JsonObject = sumKey ? { name: "value", key: sumKey, operator: "sum" } : { name: "value", operator: "count" };
  return {
    name,
    type: "chart",
    options: { chart_type: chartType, name_options: { key: "name" }, ...valueOptions(opts) },
    query: widgetQuery(type, { keys: [{ name: "name", key: groupKey }], fields: [field] }, opts),
  };
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
  if (spec.widgets?.length) view.widget = spec.widgets as JsonValue;
  return { view };
}

/** Columns every type shows last: the account and the region (linked to the Region record). */
export function accountAndRegion(): Field[] {
  return [text("Account ID", "account"), text("Region", "region_code", { reference: "inventory.Region" })];
}
