/**
 * Deliberate differences between two plugins (our fixes of the Python
 * plugin's values, docs/parity.md), read from a JSON file so a comparison
 * reports them apart from real ones:
 *
 * ```json
 * { "differences": [
 *   { "type": "CloudService EC2/Instance", "path": "resource.json_data.os.details", "kind": "changed", "reason": "fix #3" },
 *   { "type": "Metric", "kind": "extra", "reason": "metrics added on purpose" }
 * ] }
 * ```
 *
 * `type` and `path` match with `*` as a wildcard, and `path` also matches
 * everything below it; an omitted field matches anything. `reason` is required.
 */
import type { JsonValue } from "../common/json.js";
import { isJsonObject, keyPath } from "./json-path.js";
import type { RecordChange, RecordDifference } from "./record-diff.js";

const KINDS: readonly RecordChange[] = ["changed", "added", "removed", "reordered", "missing", "extra"];

export interface KnownDifference {
  type?: string;
  path?: string;
  kind?: RecordChange;
  reason: string;
}

export class KnownDifferencesError extends Error {
  override readonly name = "KnownDifferencesError";
}

/** Validates a parsed known-differences file (`{"differences": […]}` or the list alone). */
export function parseKnownDifferences(json: JsonValue): KnownDifference[] {
  const list = isJsonObject(json) ? json.differences : json;
  if (!Array.isArray(list)) throw new KnownDifferencesError('expected {"differences": [ … ]} or a list');
  return list.map((entry, i) => {
    const where = `differences[${i}]`;
    if (!isJsonObject(entry)) throw new KnownDifferencesError(`${where}: not an object`);
    for (const key of Object.keys(entry))
      if (!["type", "path", "kind", "reason"].includes(key)) throw new KnownDifferencesError(`${where}: unknown key "${key}"`);
    const { type, path, kind, reason } = entry;
    if (typeof reason !== "string" || reason.trim() === "") throw new KnownDifferencesError(`${where}: "reason" must say why the difference is deliberate`);
    for (const [key, value] of Object.entries({ type, path })) {
      if (value !== undefined && typeof value !== "string") throw new KnownDifferencesError(`${where}: "${key}" must be a string`);
    }
    if (kind !== undefined && !KINDS.includes(kind as RecordChange)) throw new KnownDifferencesError(`${where}: "kind" must be one of ${KINDS.join(", ")}`);
    return { type: type as string | undefined, path: path as string | undefined, kind: kind as RecordChange | undefined, reason };
  });
}

/** The first known difference that explains `difference`, if any. */
export function explain(difference: RecordDifference, known: readonly KnownDifference[]): KnownDifference | undefined {
  const path = keyPath(difference.path);
  return known.find(
    (entry) =>
      (entry.kind === undefined || entry.kind === difference.kind) &&
      (entry.type === undefined || glob(entry.type).test(difference.type)) &&
      (entry.path === undefined || glob(entry.path, true).test(path)),
  );
}

/** `*` matches any run of characters; with `below`, anything under the path matches too. */
function glob(pattern: string, below = false): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}${below ? "(?:[.[].*)?" : ""}$`);
}
