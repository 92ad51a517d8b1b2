/**
 * Writes SDK-shaped values (fixture objects: PascalCase members, ISO date
 * strings) as the XML the query protocols put on the wire, naming every
 * element from the SDK schema so that the SDK's parser reads each member back.
 */
import { membersOf, type NormalizedSchema } from "./sdk-schemas.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;" };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (ch) => ESCAPES[ch]!);
}

/** Element name of a structure member (the SDK reads the member's own `xmlName`, else its name). */
function memberElementName(member: NormalizedSchema, memberName: string): string {
  return (member.getMemberTraits().xmlName as string | undefined) ?? memberName;
}

function scalarText(schema: NormalizedSchema, value: unknown): string {
  if (schema.isTimestampSchema() && value instanceof Date) return value.toISOString();
  return String(value);
}

/** Appends the members of `value` (a structure) to `out`, without an enclosing element. */
export function writeMembers(schema: NormalizedSchema, value: Record<string, unknown>, out: string[]): void {
  for (const [memberName, member] of membersOf(schema)) {
    const memberValue = value[memberName];
    if (memberValue === undefined || memberValue === null) continue;
    writeElement(member, memberValue, memberElementName(member, memberName), out);
  }
}

/** Appends `<name>…</name>` for `value` typed by `schema`. */
export function writeElement(schema: NormalizedSchema, value: unknown, name: string, out: string[]): void {
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) return;
    const item = schema.getValueSchema();
    if (schema.getMergedTraits().xmlFlattened) {
      for (const entry of value) if (entry != null) writeElement(item, entry, name, out);
      return;
    }
    const itemName = (item.getMergedTraits().xmlName as string | undefined) ?? "member";
    out.push(`<${name}>`);
    for (const entry of value) if (entry != null) writeElement(item, entry, itemName, out);
    out.push(`</${name}>`);
    return;
  }
  if (schema.isMapSchema()) {
    if (typeof value !== "object") return;
    const keyName = (schema.getKeySchema().getMergedTraits().xmlName as string | undefined) ?? "key";
    const valueSchema = schema.getValueSchema();
    const valueName = (valueSchema.getMergedTraits().xmlName as string | undefined) ?? "value";
    const flat = Boolean(schema.getMergedTraits().xmlFlattened);
    if (!flat) out.push(`<${name}>`);
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      if (entry == null) continue;
      out.push(flat ? `<${name}>` : "<entry>", `<${keyName}>${escapeXml(key)}</${keyName}>`);
      writeElement(valueSchema, entry, valueName, out);
      out.push(flat ? `</${name}>` : "</entry>");
    }
    if (!flat) out.push(`</${name}>`);
    return;
  }
  if (schema.isStructSchema()) {
    if (typeof value !== "object") return;
    out.push(`<${name}>`);
    writeMembers(schema, value as Record<string, unknown>, out);
    out.push(`</${name}>`);
    return;
  }
  if (schema.isDocumentSchema()) return;
  out.push(`<${name}>${escapeXml(scalarText(schema, value))}</${name}>`);
}
