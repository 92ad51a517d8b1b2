/**
 * Console widget queries as Cloudforet's inventory reads them: a checker for their form and a small
 * evaluator that runs them over stored cloud services, so a layout test can prove that a widget asks
 * something the inventory accepts and gets numbers back from real records.
 *
 * The forms are those of Cloudforet's query model (spaceone-core's Mongo model): `query.filter` is a
 * list of `{key, value, operator}`; `query.aggregate` a list of stages, each an object with exactly one
 * stage name; a `group` stage has `keys: [{key, name}]` and `fields: [{name, operator, key?}]`.
 */
import { textOf, type JsonObject, type JsonValue } from "../../src/common/json.js";
import { rawValuesAt, valuesAt } from "./layout-keys.js";

const obj = (v: JsonValue | undefined) => v as JsonObject;

/** The stages the inventory's aggregation accepts. */
export const AGGREGATE_STAGES = new Set(["unwind", "group", "count", "sort", "project", "limit", "skip", "match"]);
/** The operators of a `group` stage's fields. */
export const GROUP_OPERATORS = new Set(["count", "sum", "average", "max", "min", "first", "last", "push", "add_to_set", "merge_objects"]);
/** The group operators that need numbers. */
const NUMERIC_OPERATORS = new Set(["sum", "average"]);
/** The operators of a query filter. */
export const FILTER_OPERATORS = new Set([
  ...["lt", "lte", "gt", "gte", "eq", "not", "exists", "contain", "not_contain", "in", "not_in", "contain_in", "not_contain_in", "match", "regex", "regex_in"],
  ...["datetime_gt", "datetime_lt", "datetime_gte", "datetime_lte", "timediff_gt", "timediff_lt", "timediff_gte", "timediff_lte"],
]);

/** What is wrong with a widget's query form; `[]` when the inventory accepts it. */
export function queryFormProblems(widget: JsonObject): string[] {
  const problems: string[] = [];
  const query = obj(widget.query);
  if (!Array.isArray(query?.aggregate) || query.aggregate.length === 0) return ["query.aggregate must be a non-empty list"];
  for (const f of (query.filter as JsonObject[] | undefined) ?? []) {
    if (typeof f.key !== "string" || !("value" in f)) problems.push(`filter ${JSON.stringify(f)} needs key and value`);
    if (!FILTER_OPERATORS.has(f.operator as string)) problems.push(`unknown filter operator ${textOf(f.operator)}`);
    if (f.operator === "exists" && typeof f.value !== "boolean") problems.push(`exists takes a boolean (${f.key as string})`);
  }
  for (const stage of query.aggregate as JsonObject[]) {
    const names = Object.keys(stage);
    if (names.length !== 1 || !AGGREGATE_STAGES.has(names[0]!)) {
      problems.push(`unknown stage ${names.join("+")}`);
      continue;
    }
    if (stage.unwind && typeof obj(stage.unwind).path !== "string") problems.push("unwind needs a path");
    if (stage.count && typeof obj(stage.count).name !== "string") problems.push("count needs a name");
    if (stage.group) {
      const keys = (obj(stage.group).keys as JsonObject[] | undefined) ?? [];
      const fields = (obj(stage.group).fields as JsonObject[] | undefined) ?? [];
      if (keys.length + fields.length === 0) problems.push("group needs keys or fields");
      for (const k of keys) if (typeof k.key !== "string" || typeof k.name !== "string") problems.push(`group key ${JSON.stringify(k)} needs key and name`);
      for (const f of fields) {
        if (!GROUP_OPERATORS.has(f.operator as string)) problems.push(`unknown group operator ${textOf(f.operator)}`);
        if (typeof f.name !== "string") problems.push(`group field ${JSON.stringify(f)} needs a name`);
        if (f.operator !== "count" && typeof f.key !== "string") problems.push(`group field ${textOf(f.name)} (${textOf(f.operator)}) needs a key`);
      }
    }
  }
  return problems;
}

/** A row of a widget's result: the group's names and the fields' values. */
export type Row = Record<string, JsonValue>;

const single = (doc: JsonObject, path: string): JsonValue => {
  const values = rawValuesAt(doc, path.split("."));
  return values.length === 0 ? null : values.length === 1 ? values[0]! : values;
};

const equal = (a: JsonValue, b: JsonValue) => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b);

function matches(doc: JsonObject, f: JsonObject): boolean {
  const values = valuesAt(doc, (f.key as string).split("."));
  switch (f.operator) {
    case "eq": // case-insensitive for strings, as the inventory's `eq`
      return values.some((v) => equal(v, f.value!));
    case "not":
      return !values.some((v) => equal(v, f.value!));
    case "exists":
      return values.length > 0 === f.value;
    case "in":
      return values.some((v) => (f.value as JsonValue[]).some((x) => equal(v, x)));
    default:
      throw new Error(`the evaluator does not implement filter operator ${textOf(f.operator)}`);
  }
}

/** `doc` with the list at `path` replaced by one of its elements, one copy per element (none for a missing or empty list). */
function unwind(doc: JsonObject, path: string): JsonObject[] {
  const segments = path.split(".");
  const list = single(doc, path);
  if (!Array.isArray(list)) return list === null ? [] : [doc];
  return list.map((element) => {
    const copy = structuredClone(doc);
    let parent = copy;
    for (const segment of segments.slice(0, -1)) parent = obj(parent[segment]);
    parent[segments.at(-1)!] = element;
    return copy;
  });
}

function group(docs: JsonObject[], spec: JsonObject): Row[] {
  const keys = (spec.keys as JsonObject[] | undefined) ?? [];
  const fields = (spec.fields as JsonObject[] | undefined) ?? [];
  const groups = new Map<string, Row>();
  for (const doc of docs) {
    const names: Row = Object.fromEntries(keys.map((k) => [k.name as string, single(doc, k.key as string)]));
    const id = JSON.stringify(names);
    const row = groups.get(id) ?? { ...names, ...Object.fromEntries(fields.map((f) => [f.name as string, 0])) };
    groups.set(id, row);
    for (const f of fields) {
      const name = f.name as string;
      if (f.operator === "count") row[name] = (row[name] as number) + 1;
      else if (NUMERIC_OPERATORS.has(f.operator as string)) {
        const value = single(doc, f.key as string);
        // The database would silently count a list or a string as 0: a widget showing 0 for data it has.
        if (value !== null && typeof value !== "number")
          throw new Error(`${f.operator as string} over ${f.key as string} reads ${JSON.stringify(value)}, not a number`);
        row[name] = (row[name] as number) + (value ?? 0);
      } else throw new Error(`the evaluator does not implement group operator ${textOf(f.operator)}`);
    }
  }
  return [...groups.values()];
}

/** Runs a widget's query over stored cloud services (`data` parsed) and returns its rows. */
export function runWidgetQuery(widget: JsonObject, docs: readonly JsonObject[]): Row[] {
  const query = obj(widget.query);
  let rows: JsonObject[] = docs.filter((d) => ((query.filter as JsonObject[] | undefined) ?? []).every((f) => matches(d, f)));
  for (const stage of query.aggregate as JsonObject[]) {
    if (stage.unwind) rows = rows.flatMap((d) => unwind(d, obj(stage.unwind).path as string));
    else if (stage.group) rows = group(rows, obj(stage.group));
    else if (stage.count) rows = rows.length === 0 ? [] : [{ [obj(stage.count).name as string]: rows.length }];
    else throw new Error(`the evaluator does not implement stage ${Object.keys(stage).join("+")}`);
  }
  return rows;
}
