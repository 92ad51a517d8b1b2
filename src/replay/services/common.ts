/** Helpers shared by the service modules. */
import { AwsError } from "../aws-error.js";
import type { Item } from "../fixture-format.js";

/**
 * The items whose `idKey` is in `ids`, in the order asked; when `ids` is
 * empty, all items. A missing id fails with `error(missingIds)`, as AWS
 * fails a lookup by id rather than returning less.
 */
export function selectByIds(items: readonly Item[], ids: unknown, idKey: string, error: (missing: string[]) => AwsError): readonly Item[] {
  if (!Array.isArray(ids) || ids.length === 0) return items;
  const index = new Map(items.map((item) => [item[idKey], item]));
  const missing = (ids as string[]).filter((id) => !index.has(id));
  if (missing.length > 0) throw error(missing);
  return [...new Set(ids as string[])].map((id) => index.get(id)!);
}

/** EC2's "does not exist" error, e.g. `InvalidInstanceID.NotFound`. */
export const notFound = (code: string, label: string) => (missing: string[]) =>
  new AwsError(code, missing.length === 1 ? `The ${label} '${missing[0]}' does not exist` : `The ${label}s '${missing.join(", ")}' do not exist`);

/** Keeps items whose `key` is one of `names` (all items when `names` is empty). */
export function byNames(items: readonly Item[], names: unknown, key: string): readonly Item[] {
  if (!Array.isArray(names) || names.length === 0) return items;
  const wanted = new Set(names as string[]);
  return items.filter((item) => wanted.has(item[key] as string));
}
