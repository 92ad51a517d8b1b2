/** What the EC2 operations share: AWS's page rules, owner aliases, per-region indexes, attribute errors. */
import { invalidParameterValue } from "../../aws-error.js";
import type { Item, ResourceKind } from "../../fixture-format.js";
import type { CallContext } from "../../operation.js";
import type { PageRule } from "../../pagination.js";

/** EC2's page rule: `MaxResults` / `NextToken` within `min..max`. */
export const page = (min: number, max: number, aboveMax: PageRule["aboveMax"] = "error", defaultSize?: number): PageRule => ({
  sizeMember: "MaxResults",
  tokenMember: "NextToken",
  min,
  max,
  aboveMax,
  ...(defaultSize !== undefined ? { defaultSize } : {}),
});

/** `self` in `Owners` / `OwnerIds` is the caller's account. */
export const ownerOf = (ctx: CallContext, owner: string) => (owner === "self" ? ctx.account.accountId : owner);

/** The items of a listing by one of their members, built once per region (per-item calls come by the thousand). */
export function byKey(ctx: CallContext, kind: ResourceKind, key: string): ReadonlyMap<unknown, Item> {
  return ctx.fixtures.memo(`${kind}#${key}`, () => new Map(ctx.fixtures.list(kind).map((item) => [item[key], item])));
}

/** An `Attribute` the Describe*Attribute call does not know. */
export const unknownAttribute = (attribute: unknown) =>
  invalidParameterValue(`Value (${String(attribute)}) for parameter attribute is invalid. Unknown attribute.`);
