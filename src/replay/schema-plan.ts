/**
 * Compiled views of SDK schemas. Walking `NormalizedSchema` per value (type
 * tests, merged traits, new member objects on every call) costs more than the
 * SDK's own parsing on 1000-instance pages; a plan answers the same questions
 * from plain fields and is built once per shape.
 */
import type { NormalizedSchema } from "./sdk-schemas.js";

export type ScalarKind = "string" | "number" | "boolean" | "timestamp" | "blob" | "document";

export interface MemberPlan {
  /** SDK member name (PascalCase). */
  name: string;
  /** XML element name the SDK reads the member from. */
  element: string;
  /** List or map written without a wrapper element. */
  flattened: boolean;
  readonly plan: Plan;
}

export type Plan =
  | { kind: "struct"; name: string; members: readonly MemberPlan[]; byName: ReadonlyMap<string, MemberPlan> }
  | { kind: "list"; readonly item: Plan; itemElement: string }
  | { kind: "map"; readonly value: Plan; keyElement: string; valueElement: string }
  | { kind: ScalarKind };

const cache = new WeakMap<object, Plan>();

const xmlName = (schema: NormalizedSchema, fallback: string) => schema.getMergedTraits().xmlName ?? fallback;

/** A plan field computed on first read, so recursive shapes compile lazily. */
function lazy<T extends object, K extends string>(target: T, key: K, build: () => Plan): T & { readonly [P in K]: Plan } {
  let value: Plan | undefined;
  Object.defineProperty(target, key, { enumerable: true, get: () => (value ??= build()) });
  return target as T & { readonly [P in K]: Plan };
}

export function planOf(schema: NormalizedSchema): Plan {
  const key = schema.getSchema();
  const cacheable = typeof key === "object" && key !== null;
  if (cacheable) {
    const cached = cache.get(key);
    if (cached) return cached;
  }
  let plan: Plan;
  if (schema.isListSchema()) {
    const item = schema.getValueSchema();
    plan = lazy({ kind: "list" as const, itemElement: xmlName(item, "member") }, "item", () => planOf(item));
  } else if (schema.isMapSchema()) {
    const value = schema.getValueSchema();
    plan = lazy({ kind: "map" as const, keyElement: xmlName(schema.getKeySchema(), "key"), valueElement: xmlName(value, "value") }, "value", () =>
      planOf(value),
    );
  } else if (schema.isStructSchema()) {
    const members: MemberPlan[] = [];
    plan = { kind: "struct", name: schema.getName() ?? "structure", members, byName: new Map() };
    if (cacheable) cache.set(key, plan);
    for (const [name, member] of schema.structIterator()) {
      const entry = lazy({ name, element: member.getMemberTraits().xmlName ?? name, flattened: Boolean(member.getMergedTraits().xmlFlattened) }, "plan", () =>
        planOf(member),
      );
      members.push(entry);
      (plan.byName as Map<string, MemberPlan>).set(name, entry);
    }
    return plan;
  } else if (schema.isTimestampSchema()) plan = { kind: "timestamp" };
  else if (schema.isBooleanSchema()) plan = { kind: "boolean" };
  else if (schema.isNumericSchema() || schema.isBigIntegerSchema() || schema.isBigDecimalSchema()) plan = { kind: "number" };
  else if (schema.isBlobSchema()) plan = { kind: "blob" };
  else if (schema.isDocumentSchema()) plan = { kind: "document" };
  else plan = { kind: "string" };
  if (cacheable) cache.set(key, plan);
  return plan;
}
