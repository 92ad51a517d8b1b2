/**
 * The shape of one row of the AWS API table (`api-table.ts`), typed against its
 * SDK command so that a probe, a page-size member or a pagination style that the
 * command does not have fails the type-check where the row is written.
 */
import type { Handler } from "@smithy/types";

/** An SDK command class (`DescribeInstancesCommand`); its instances carry `input` and type their output. */
export type CommandClass = abstract new (input: never) => { readonly input: object; resolveMiddleware(...args: never[]): unknown };

/** The input an SDK command class takes. */
export type CommandInput<C extends CommandClass> = InstanceType<C>["input"];

/** The output an SDK command class resolves to (inferred from its middleware handler). */
export type CommandOutput<C extends CommandClass> = InstanceType<C> extends { resolveMiddleware(...args: never[]): Handler<never, infer O> } ? O : never;

/**
 * What the collector does with an API: `listing` (region-wide or by ids, paginated to the end),
 * `per-item` (one call per resource, no batch form in AWS: bounded, rate limited, cached) or
 * `account` (account-wide, asked once in the home region).
 */
export type ApiKind = "listing" | "per-item" | "account";

/** Input members of `I` that set a page size. */
type NumberMember<I> = { [K in keyof I & string]-?: NonNullable<I[K]> extends number ? K : never }[keyof I & string];

/** The page size the collector asks for: the input member and its value (AWS's largest page, or what the collector uses). */
export interface PageSize<I> {
  readonly member: NumberMember<I>;
  readonly size: number;
}

/** Pagination by `NextToken` in and out (EC2, Auto Scaling, SSM); `pageSize` absent = AWS's default page. */
type TokenPaging<I, O> = "NextToken" extends keyof I
  ? "NextToken" extends keyof O
    ? { readonly style: "NextToken"; readonly pageSize?: PageSize<I> }
    : never
  : never;
/** Pagination by `Marker` in, `NextMarker` out (ELBv2). */
type MarkerPaging<I, O> = "Marker" extends keyof I
  ? "NextMarker" extends keyof O
    ? { readonly style: "Marker"; readonly pageSize: PageSize<I> }
    : never
  : never;

/** How an API pages, as far as the command's input and output allow. */
export type Paging<I, O> = { readonly style: "none" } | TokenPaging<I, O> | MarkerPaging<I, O>;

/** Any API's paging, as code that handles every API reads it. */
export type AnyPaging =
  { readonly style: "none" } | { readonly style: keyof typeof TOKEN_MEMBERS; readonly pageSize?: { readonly member: string; readonly size: number } };

/** The pagination styles and the members carrying their tokens. */
export const TOKEN_MEMBERS = {
  NextToken: { input: "NextToken", output: "NextToken" },
  Marker: { input: "Marker", output: "NextMarker" },
} as const;

/** Where verify's probes point when an API needs an id or ARN (made-up resources in the caller's account). */
export interface ProbeTarget {
  account: string;
  region: string;
}

/** One row of the table, typed by its command's input `I` and output `O`. */
export interface ApiSpec<C extends CommandClass = CommandClass, I = CommandInput<C>, O = CommandOutput<C>> {
  /** The SDK command class, loaded on first use (the SDK stays out of start-up). */
  readonly command: () => C;
  readonly kind: ApiKind;
  /** A denied required API fails verify; a denied optional one only degrades a field. */
  readonly required: boolean;
  readonly paging: Paging<I, O>;
  /**
   * Verify's cheap call: small pages, made-up ids where an id is required (a permitted call
   * then fails with NotFound, a denied one with UnauthorizedOperation).
   */
  readonly probe: (target: ProbeTarget) => I;
  /** What the call feeds, for humans (README, verify messages). */
  readonly purpose: string;
}

/** Declares one row; `C` is inferred from `command`, so the rest is checked against that command. */
export function api<C extends CommandClass>(command: () => C, spec: NoInfer<Omit<ApiSpec<C>, "command">>): ApiSpec<C> {
  return { command, ...spec };
}
