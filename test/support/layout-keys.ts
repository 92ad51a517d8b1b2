/** Where layouts point: every key a layout uses, and how to look it up in a stored cloud service. */
import { readdirSync, readFileSync } from "node:fs";
import type { JsonObject, JsonValue } from "../../src/common/json.js";
import { LAYOUTS } from "../../src/engine/records/layouts/index.js";
import type { CollectedRecord, Ec2Type } from "../../src/engine/records/record.js";

const obj = (v: JsonValue | undefined) => v as JsonObject;

/** The part of a layout a key belongs to. */
export type LayoutPart = "search" | "table" | "default sort" | "detail" | "widget" | "widget filter";

export interface KeyUse {
  part: LayoutPart;
  /** The part with its tab or widget name, for messages: `tab Disks`, `widget Total Count`. */
  where: string;
  path: string;
  /** The field's own path, without its `sub_key` (for a list field: the list itself). */
  base?: string;
  field?: JsonObject;
}

/** Every key a dynamic view refers to, as an absolute path into the cloud service. */
export function viewKeyUses(view: JsonObject): KeyUse[] {
  const uses: KeyUse[] = [];
  const fieldPaths = (part: LayoutPart, where: string, fields: JsonValue | undefined, root = "") => {
    for (const f of (fields as JsonObject[] | undefined) ?? []) {
      const base = root ? `${root}.${f.key as string}` : (f.key as string);
      const subKey = obj(f.options)?.sub_key as string | undefined;
      uses.push({ part, where, path: subKey ? `${base}.${subKey}` : base, base, field: f });
    }
  };
  const tab = (t: JsonObject) => {
    const options = obj(t.options);
    if (t.type === "list") for (const inner of options.layouts as JsonObject[]) tab(inner);
    else fieldPaths("detail", `tab ${t.name as string}`, options.fields, options.root_path as string | undefined);
  };
  for (const f of view.search as JsonObject[]) uses.push({ part: "search", where: "search", path: f.key as string, field: f });
  const table = obj(obj(view.table).layout);
  fieldPaths("table", "table", obj(table.options).fields);
  uses.push({ part: "default sort", where: "default sort", path: obj(obj(table.options).default_sort).key as string });
  for (const t of obj(view.sub_data).layouts as JsonObject[]) tab(t);
  for (const w of (view.widget as JsonObject[] | undefined) ?? []) {
    const where = `widget ${w.name as string}`;
    for (const path of widgetKeys(w)) uses.push({ part: "widget", where, path });
    for (const f of obj(w.query).filter as JsonObject[]) uses.push({ part: "widget filter", where, path: f.key as string });
  }
  return uses;
}

/** Every key one of our layouts refers to. */
export function keyUses(type: Ec2Type): KeyUse[] {
  return viewKeyUses(LAYOUTS[type].view);
}

/** The keys a widget's aggregation reads: unwound lists, group keys, fields' keys. */
export function widgetKeys(widget: JsonObject): string[] {
  const keys: string[] = [];
  for (const stage of obj(widget.query).aggregate as JsonObject[]) {
    if (stage.unwind) keys.push(obj(stage.unwind).path as string);
    const group = obj(stage.group);
    for (const k of (group?.keys as JsonObject[] | undefined) ?? []) keys.push(k.key as string);
    for (const f of (group?.fields as JsonObject[] | undefined) ?? []) if (f.key) keys.push(f.key as string);
  }
  return keys;
}

/** The cloud service as the inventory stores it: `json_data` parsed into `data`. */
export function stored(record: Pick<CollectedRecord, "resource">): JsonObject {
  return { ...record.resource, data: JSON.parse(record.resource.json_data as string) as JsonObject };
}

const GOLDEN_DEMO = new URL("../golden/demo/", import.meta.url);

/**
 * The demo's cloud services as the inventory stores them, by type: the reviewed golden output of
 * every account and region (test/engine/golden.test.ts keeps it equal to what the demo collects).
 */
export function demoCloudServices(): Record<Ec2Type, JsonObject[]> {
  const byType = {} as Record<Ec2Type, JsonObject[]>;
  for (const account of readdirSync(GOLDEN_DEMO, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    for (const file of readdirSync(new URL(`${account.name}/`, GOLDEN_DEMO))) {
      for (const line of readFileSync(new URL(`${account.name}/${file}`, GOLDEN_DEMO), "utf8")
        .trim()
        .split("\n")) {
        const view = JSON.parse(line) as JsonObject;
        if (view.resource_type !== "inventory.CloudService") continue;
        // Golden lines hold `json_data` already parsed.
        const { json_data: data, ...resource } = obj(view.resource);
        (byType[resource.cloud_service_type as Ec2Type] ??= []).push({ ...resource, data: data ?? null });
      }
    }
  }
  return byType;
}

/** The values at a dotted path, descending into lists; `[]` when the path does not exist. */
export function valuesAt(value: JsonValue | undefined, segments: string[]): JsonValue[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, segments));
  if (segments.length === 0) return [value === undefined ? null : value];
  if (value === null || typeof value !== "object" || !(segments[0]! in value)) return [];
  return valuesAt(value[segments[0]!], segments.slice(1));
}

/** The non-null values at a dotted path in any of `docs`. */
export function valuesIn(docs: readonly JsonObject[], path: string): JsonValue[] {
  return docs.flatMap((d) => valuesAt(d, path.split("."))).filter((v) => v !== null);
}

/** The values at a dotted path, descending into lists on the way but not at the end. */
export function rawValuesAt(value: JsonValue | undefined, segments: string[]): JsonValue[] {
  if (segments.length === 0) return value === undefined ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((v) => rawValuesAt(v, segments));
  if (value === null || typeof value !== "object" || !(segments[0]! in value)) return [];
  return rawValuesAt(value[segments[0]!], segments.slice(1));
}
