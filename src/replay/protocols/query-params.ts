/**
 * Decodes a query-protocol form body (`Filter.1.Name=…`, `AutoScalingGroupNames.member.1=…`)
 * into an SDK-shaped input object, the inverse of the SDK's query serializer,
 * with keys taken from the operation's input schema. Parameters the schema
 * does not know are reported, as AWS does, instead of being dropped.
 */
import { AwsError } from "../aws-error.js";
import type { NormalizedSchema } from "../sdk-schemas.js";

interface ParamNode {
  value?: string;
  used?: boolean;
  children: Map<string, ParamNode>;
}

export interface QuerySettings {
  /** ec2Query: `ec2QueryName` keys, capitalised names, lists always flattened. */
  ec2: boolean;
}

function buildTree(params: URLSearchParams, skip: ReadonlySet<string>): ParamNode {
  const root: ParamNode = { children: new Map() };
  for (const [key, value] of params) {
    if (skip.has(key)) continue;
    let node = root;
    for (const part of key.split(".")) {
      let child = node.children.get(part);
      if (!child) {
        child = { children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

function keyFor(memberName: string, traits: Record<string, unknown>, settings: QuerySettings, struct: boolean): string {
  if (settings.ec2 && typeof traits.ec2QueryName === "string") return traits.ec2QueryName;
  const key = (traits.xmlName as string | undefined) ?? memberName;
  return settings.ec2 && struct ? key[0]!.toUpperCase() + key.slice(1) : key;
}

function indexed(node: ParamNode): ParamNode[] {
  return [...node.children.entries()]
    .filter(([k]) => /^[1-9][0-9]*$/.test(k))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child);
}

function readScalar(schema: NormalizedSchema, node: ParamNode, path: string): unknown {
  node.used = true;
  const text = node.value ?? "";
  if (schema.isBooleanSchema()) {
    if (text !== "true" && text !== "false") throw new AwsError("InvalidParameterValue", `Invalid value '${text}' for ${path}: expected true or false`);
    return text === "true";
  }
  if (schema.isNumericSchema()) {
    const n = Number(text);
    if (text.trim() === "" || !Number.isFinite(n)) throw new AwsError("InvalidParameterValue", `Invalid value '${text}' for ${path}: expected a number`);
    return n;
  }
  return text;
}

function read(schema: NormalizedSchema, node: ParamNode, path: string, settings: QuerySettings): unknown {
  if (schema.isListSchema()) {
    node.used = true;
    const item = schema.getValueSchema();
    const flat = settings.ec2 || Boolean(schema.getMergedTraits().xmlFlattened);
    const itemsNode = flat ? node : node.children.get(keyFor("member", item.getMergedTraits(), settings, false));
    if (!itemsNode) return [];
    itemsNode.used = true;
    return indexed(itemsNode).map((child, i) => read(item, child, `${path}.${i + 1}`, settings));
  }
  if (schema.isMapSchema()) {
    node.used = true;
    const entries = schema.getMergedTraits().xmlFlattened ? node : node.children.get("entry");
    const out: Record<string, unknown> = {};
    if (!entries) return out;
    entries.used = true;
    for (const entry of indexed(entries)) {
      entry.used = true;
      const keyNode = entry.children.get("key");
      const valueNode = entry.children.get("value");
      if (keyNode && valueNode) out[String(readScalar(schema.getKeySchema(), keyNode, path))] = read(schema.getValueSchema(), valueNode, path, settings);
    }
    return out;
  }
  if (schema.isStructSchema()) {
    node.used = true;
    const out: Record<string, unknown> = {};
    for (const [memberName, member] of schema.structIterator()) {
      const key = keyFor(memberName, member.getMergedTraits(), settings, true);
      const child = node.children.get(key);
      if (child) out[memberName] = read(member, child, path ? `${path}.${key}` : key, settings);
    }
    return out;
  }
  return readScalar(schema, node, path);
}

function firstUnused(node: ParamNode, path: string): string | undefined {
  if (node.value !== undefined && !node.used) return path;
  for (const [key, child] of node.children) {
    const found = firstUnused(child, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}

/** Decodes `params` (without `Action` and `Version`) against `input`; unknown parameters are an error. */
export function decodeQueryInput(input: NormalizedSchema, params: URLSearchParams, settings: QuerySettings): Record<string, unknown> {
  const tree = buildTree(params, new Set(["Action", "Version"]));
  const value = read(input, tree, "", settings) as Record<string, unknown>;
  const unknown = firstUnused(tree, "");
  if (unknown) throw new AwsError(settings.ec2 ? "UnknownParameter" : "ValidationError", `The parameter ${unknown} is not recognized`);
  return value;
}
