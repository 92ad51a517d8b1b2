/**
 * The parts of the Cloudforet contract (docs/contract.md) the checks hold a
 * plugin to, as data: resource types, error text, and secret echoes.
 */
import type { JsonObject, JsonValue } from "../common/json.js";
import type { RpcFailure } from "../plugin-client/dynamic-client.js";

/** The platform's deadline for init, verify and get_tasks (docs/contract.md#deadlines-and-retries). */
export const PLATFORM_UNARY_DEADLINE_MS = 180_000;

/** The resource types the inventory accepts (docs/contract.md#resource-types-and-match-rules). */
export const KNOWN_RESOURCE_TYPES: readonly string[] = [
  "inventory.CloudService",
  "inventory.CloudServiceType",
  "inventory.Region",
  "inventory.ErrorResource",
  "inventory.Namespace",
  "inventory.Metric",
];

/** The types the inventory upserts by match rules: they must carry them. */
export const UPSERTED_TYPES: readonly string[] = ["inventory.CloudService", "inventory.CloudServiceType", "inventory.Region"];

export const ERROR_RESOURCE = "inventory.ErrorResource";

/** `ERROR_CODE: message`: an upper-case code starting with `ERROR_`, a colon, one space, the message (docs/contract.md#error-format). */
export const ERROR_TEXT = /^ERROR_[A-Z0-9_]+: \S/;

/** `task 3 {"region":"us-east-1",…}`, or `task 1 (no task_options)`: how evidence names a collect stream. */
export function taskLabel(index: number, task: JsonObject | undefined): string {
  return task === undefined ? `task ${index + 1} (no task_options)` : `task ${index + 1} ${JSON.stringify(task)}`;
}

/** `INVALID_ARGUMENT "ERROR_…: …"`: a failure as evidence shows it. */
export function failureText(failure: RpcFailure): string {
  return `${failure.status} ${JSON.stringify(failure.message)}`;
}

/** Values shorter than this are too common to call an echo (`"aws"`, `"EC2"`). */
const MIN_SECRET_LENGTH = 6;

/** The secret's string values worth looking for in texts, by key path (`secret_data.aws_access_key_id`). */
export function secretValues(secret: JsonObject | undefined, prefix = "secret_data"): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(secret ?? {})) {
    if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) found.set(`${prefix}.${key}`, value);
    else if (value !== null && typeof value === "object" && !Array.isArray(value))
      for (const [k, v] of secretValues(value, `${prefix}.${key}`)) found.set(k, v);
  }
  return found;
}

/** The key paths of the secrets whose values appear in `text`. */
export function echoedSecrets(text: string, secrets: ReadonlyMap<string, string>): string[] {
  return [...secrets].filter(([, value]) => text.includes(value)).map(([key]) => key);
}

/** A value as JSON text, cut to `max` characters for a line of evidence. */
export function brief(value: JsonValue | undefined, max = 100): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `1 record`, `3 records`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
