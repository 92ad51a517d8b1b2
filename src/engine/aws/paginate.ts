/**
 * Listings read to the end. Our own loop instead of the SDK paginators: it
 * applies the session's limiter and cancellation to every page, and a repeated
 * token or an absurd page count raises instead of silently truncating (the SDK's
 * `stopOnSameToken` stops quietly, and a shorter listing later deletes records).
 */
import type { AwsSession } from "./clients.js";
import { AwsApiError } from "./errors.js";

/** Far above any real account (1000-item pages × 100,000 pages). */
export const MAX_PAGES = 100_000;

export interface PageSpec<Input extends object, Output> {
  api: string;
  region: string;
  /** Builds a command for one page's input (the input already carries the token). */
  command: (input: Input) => { readonly input: object };
  input: Input;
  /** Input member carrying the token (`NextToken`, `Marker`). */
  inputToken: keyof Input & string;
  /** Output member carrying the next token (`NextToken`, `NextMarker`). */
  outputToken: keyof Output & string;
  maxPages?: number;
}

/** Yields every page of a listing, in order. */
export async function* paginate<Input extends object, Output>(session: AwsSession, spec: PageSpec<Input, Output>): AsyncGenerator<Output> {
  const maxPages = spec.maxPages ?? MAX_PAGES;
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= maxPages) {
      throw new AwsApiError(spec.api, spec.region, "PaginationLimitExceeded", `more than ${maxPages} pages; listing not truncated, failed instead`, undefined);
    }
    const input = { ...spec.input, ...(token ? { [spec.inputToken]: token } : {}) } as Input;
    const out = await session.send<Output>(spec.api, spec.region, spec.command(input));
    const next = out[spec.outputToken] as unknown as string | undefined;
    // Checked before the page leaves: a looping listing must not hand out its repeated page.
    if (next && seen.has(next)) {
      throw new AwsApiError(spec.api, spec.region, "PaginationRepeatedToken", "AWS repeated a pagination token; listing not truncated, failed instead", undefined);
    }
    yield out;
    if (!next) return;
    seen.add(next);
    token = next;
  }
}

/** Every item of a listing, flattened from its pages. */
export async function collectAll<Input extends object, Output, Item>(session: AwsSession, spec: PageSpec<Input, Output>, items: (page: Output) => Item[] | undefined): Promise<Item[]> {
  const out: Item[] = [];
  for await (const page of paginate(session, spec)) for (const item of items(page) ?? []) out.push(item);
  return out;
}
