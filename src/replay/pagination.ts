/**
 * Pages with AWS's limits and opaque tokens. A token carries set, account,
 * region, operation, offset and a hash of the other parameters (base64url
 * JSON); a token from another call, or a forged one, is rejected as AWS does.
 */
import { createHash } from "node:crypto";
import { AwsError } from "./aws-error.js";
import type { CallContext } from "./operation.js";

export interface PageRule {
  /** Input member holding the page size. */
  sizeMember: "MaxResults" | "MaxRecords" | "PageSize";
  /** Input member holding the token (output uses `NextToken`, or `NextMarker` for `Marker`). */
  tokenMember: "NextToken" | "Marker";
  min: number;
  max: number;
  /** Page size when none is sent; undefined means everything in one answer. */
  defaultSize?: number;
  /** What a size above `max` does: AWS's validation error, or silently capped. */
  aboveMax: "error" | "cap";
}

interface TokenBody {
  s: string;
  a: string;
  r: string;
  o: string;
  i: number;
  h: string;
}

function paramsHash(input: Record<string, unknown>, rule: PageRule): string {
  const rest = Object.fromEntries(
    Object.entries(input)
      .filter(([k]) => k !== rule.sizeMember && k !== rule.tokenMember)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return createHash("sha256").update(JSON.stringify(rest)).digest("base64url").slice(0, 16);
}

function tokenError(ctx: CallContext, token: string): AwsError {
  const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
  switch (ctx.service) {
    case "ec2":
      return new AwsError("InvalidParameterValue", `Invalid value '${shown}' for nextToken`);
    case "elasticloadbalancing":
      return new AwsError("ValidationError", `Invalid marker '${shown}'`);
    case "autoscaling":
    case "ssm":
    case "sts":
      return new AwsError("InvalidNextToken", `The token '${shown}' is invalid.`);
  }
}

function sizeError(ctx: CallContext, rule: PageRule, size: number): AwsError {
  if (ctx.service === "ec2") {
    return new AwsError(
      "InvalidParameterValue",
      `Value ( ${size} ) for parameter maxResults is invalid. Expecting a value between ${rule.min} and ${rule.max}.`,
    );
  }
  const member = rule.sizeMember[0]!.toLowerCase() + rule.sizeMember.slice(1);
  const bound = size < rule.min ? `greater than or equal to ${rule.min}` : `less than or equal to ${rule.max}`;
  const message = `1 validation error detected: Value '${size}' at '${member}' failed to satisfy constraint: Member must have value ${bound}`;
  return new AwsError(ctx.service === "ssm" ? "ValidationException" : "ValidationError", message);
}

/** Resolves the page size for a call (validating it) without consuming a token. */
export function pageSize(input: Record<string, unknown>, rule: PageRule, ctx: CallContext): number | undefined {
  const sent = input[rule.sizeMember];
  if (sent === undefined) return rule.defaultSize;
  const size = Number(sent);
  if (!Number.isInteger(size) || size < rule.min || (size > rule.max && rule.aboveMax === "error")) throw sizeError(ctx, rule, size);
  return Math.min(size, rule.max);
}

export interface Page<T> {
  items: T[];
  /** The token for the next page, absent on the last page. */
  next?: string;
}

/** One page of `items` for the call described by `input` and `ctx`. */
export function paginate<T>(items: readonly T[], input: Record<string, unknown>, rule: PageRule, ctx: CallContext): Page<T> {
  const size = pageSize(input, rule, ctx);
  const hash = paramsHash(input, rule);
  let offset = 0;
  const token = input[rule.tokenMember];
  if (typeof token === "string" && token !== "") {
    let body: TokenBody | undefined;
    try {
      body = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as TokenBody;
    } catch {
      body = undefined;
    }
    const valid =
      body !== undefined &&
      body.s === ctx.set.name &&
      body.a === ctx.account.accountId &&
      body.r === ctx.region &&
      body.o === ctx.action &&
      body.h === hash &&
      Number.isInteger(body.i) &&
      body.i > 0 &&
      body.i <= items.length;
    if (!valid) throw tokenError(ctx, token);
    offset = body!.i;
  }
  const end = size === undefined ? items.length : Math.min(items.length, offset + size);
  const page = items.slice(offset, end);
  if (end >= items.length) return { items: page };
  const next: TokenBody = { s: ctx.set.name, a: ctx.account.accountId, r: ctx.region, o: ctx.action, i: end, h: hash };
  return { items: page, next: Buffer.from(JSON.stringify(next)).toString("base64url") };
}
