/**
 * Writes SDK-shaped values (fixture objects: PascalCase members, ISO date
 * strings) as the XML the query protocols put on the wire, naming every
 * element from the SDK schema so that the SDK's parser reads each member back.
 */
import { planOf, type Plan } from "./schema-plan.js";
import type { NormalizedSchema } from "./sdk-schemas.js";

// Element text only (the replay writes no attribute values from data), so quotes stay as they are.
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;" };
const NEEDS_ESCAPE = /[&<>\r]/;

export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>\r]/g, (ch) => ESCAPES[ch]!) : text;
}

/** Collects XML text; string concatenation beats many small array pushes on large pages. */
export class XmlOut {
  text = "";
  push(...parts: string[]): void {
    for (const part of parts) this.text += part;
  }
}

/** Appends the members of `value` (a structure) to `out`, without an enclosing element. */
export function writeMembers(schema: NormalizedSchema, value: Record<string, unknown>, out: XmlOut): void {
  writeStructMembers(planOf(schema), value, out);
}

function writeStructMembers(plan: Plan, value: Record<string, unknown>, out: XmlOut): void {
  if (plan.kind !== "struct") return;
  for (const member of plan.members) {
    const memberValue = value[member.name];
    if (memberValue === undefined || memberValue === null) continue;
    writeElement(member.plan, memberValue, member.element, member.flattened, out);
  }
}

/** Appends `<name>…</name>` for `value` typed by `plan` (repeated `<name>` items when flattened). */
function writeElement(plan: Plan, value: unknown, name: string, flattened: boolean, out: XmlOut): void {
  switch (plan.kind) {
    case "list": {
      if (!Array.isArray(value)) return;
      if (flattened) {
        for (const entry of value) if (entry != null) writeElement(plan.item, entry, name, false, out);
        return;
      }
      out.push(`<${name}>`);
      for (const entry of value) if (entry != null) writeElement(plan.item, entry, plan.itemElement, false, out);
      out.push(`</${name}>`);
      return;
    }
    case "map": {
      if (typeof value !== "object") return;
      if (!flattened) out.push(`<${name}>`);
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
        if (entry == null) continue;
        out.push(flattened ? `<${name}>` : "<entry>", `<${plan.keyElement}>${escapeXml(key)}</${plan.keyElement}>`);
        writeElement(plan.value, entry, plan.valueElement, false, out);
        out.push(flattened ? `</${name}>` : "</entry>");
      }
      if (!flattened) out.push(`</${name}>`);
      return;
    }
    case "struct":
      if (typeof value !== "object") return;
      out.text += `<${name}>`;
      writeStructMembers(plan, value as Record<string, unknown>, out);
      out.text += `</${name}>`;
      return;
    case "document":
      return;
    case "timestamp":
      out.text += `<${name}>${value instanceof Date ? value.toISOString() : escapeXml(String(value))}</${name}>`;
      return;
    case "string":
    case "number":
    case "boolean":
    case "blob":
      out.text += `<${name}>${typeof value === "string" ? escapeXml(value) : String(value)}</${name}>`;
      return;
  }
}
