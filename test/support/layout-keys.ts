/** Where layouts point: every key a layout uses, and how to look it up in a stored cloud service. */
import type { JsonObject, JsonValue } from "../../src/common/json.js";
import { LAYOUTS } from "../../src/engine/records/layouts/index.js";
import type { CollectedRecord, Ec2Type } from "../../src/engine/records/record.js";

const obj = (v: JsonValue | undefined) => v as JsonObject;

export interface KeyUse {
  where: string;
  path: string;
  /** The field's own path, without its `sub_key` (for a list field: the list itself). */
  base?: string;
  field?: JsonObject;
}

/** Every key a layout refers to, as an absolute path into the cloud service. */
export function keyUses(type: Ec2Type): KeyUse[] {
  const view = obj(LAYOUTS[type].view);
  const uses: KeyUse[] = [];
  const fieldPaths = (where: string, fields: JsonValue | undefined, root = "") => {
    for (const f of (fields as JsonObject[] | undefined) ?? []) {
      const base = root ? `${root}.${f.key as string}` : (f.key as string);
      const subKey = obj(f.options)?.sub_key as string | undefined;
      uses.push({ where, path: subKey ? `${base}.${subKey}` : base, base, field: f });
    }
  };
  const tab = (t: JsonObject) => {
    const options = obj(t.options);
    if (t.type === "list") for (const inner of options.layouts as JsonObject[]) tab(inner);
    else fieldPaths(`tab ${t.name as string}`, options.fields, options.root_path as string | undefined);
  };
  for (const f of view.search as JsonObject[]) uses.push({ where: "search", path: f.key as string, field: f });
  const table = obj(obj(view.table).layout);
  fieldPaths("table", obj(table.options).fields);
  uses.push({ where: "default sort", path: obj(obj(table.options).default_sort).key as string });
  for (const t of obj(view.sub_data).layouts as JsonObject[]) tab(t);
  for (const w of (view.widget as JsonObject[] | undefined) ?? []) {
    for (const a of obj(w.query).aggregate as JsonObject[]) {
      if (a.unwind) uses.push({ where: `widget ${w.name as string}`, path: obj(a.unwind).path as string });
      const group = obj(a.group);
      for (const k of (group?.keys as JsonObject[] | undefined) ?? []) uses.push({ where: `widget ${w.name as string}`, path: k.key as string });
      for (const f of (group?.fields as JsonObject[] | undefined) ?? []) if (f.key) uses.push({ where: `widget ${w.name as string}`, path: f.key as string });
    }
    for (const f of obj(w.query).filter as JsonObject[]) uses.push({ where: `widget ${w.name as string} filter`, path: f.key as string });
  }
  return uses;
}

/** The cloud service as the inventory stores it: `json_data` parsed into `data`. */
export function stored(record: Pick<CollectedRecord, "resource">): JsonObject {
  return { ...record.resource, data: JSON.parse(record.resource.json_data as string) as JsonObject };
}

/** The values at a dotted path, descending into lists; `[]` when the path does not exist. */
export function valuesAt(value: JsonValue | undefined, segments: string[]): JsonValue[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, segments));
  if (segments.length === 0) return [value === undefined ? null : value];
  if (value === null || typeof value !== "object" || !(segments[0]! in value)) return [];
  return valuesAt(value[segments[0]!], segments.slice(1));
}


/** The values at a dotted path, descending into lists on the way but not at the end. */
export function rawValuesAt(value: JsonValue | undefined, segments: string[]): JsonValue[] {
  if (segments.length === 0) return value === undefined ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => rawValuesAt(v, segments));
  if (value === null || typeof value !== "object" || !(segments[0]! in value)) return [];
  return rawValuesAt(value[segments[0]!], segments.slice(1));
}
