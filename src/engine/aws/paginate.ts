/**
 * Listings read to the end, as the API table says each one pages. Our own loop
 * instead of the SDK paginators: it applies the session's limiter and cancellation
 * to every page, and a repeated token or an absurd page count raises instead of
 * silently truncating (the SDK's `stopOnSameToken` stops quietly, and a shorter
 * listing later deletes records).
 */
import { TOKEN_MEMBERS, type AnyPaging } from "./api-spec.js";
import { AWS_API_TABLE, type ApiInput, type ApiName, type ApiOutput } from "./api-table.js";
import { AwsApiError } from "./errors.js";
import type { AwsSession } from "./session.js";

/** Far above any real account (1000-item pages × 100,000 pages). */
export const MAX_PAGES = 100_000;

/** Sends one page's input (the session's `send`, or any client a tool builds from the table). */
export type PageSender<A extends ApiName> = (input: ApiInput<A>) => Promise<ApiOutput<A>>;

export interface PageOptions {
  /** Named by the errors a broken listing raises. */
  region: string;
  /** Default `MAX_PAGES`. */
  maxPages?: number;
}

/** `input` with the table's page size for `api` (a page size in `input` wins). */
export function firstPageInput<A extends ApiName>(api: A, input: ApiInput<A>): ApiInput<A> {
  const paging: AnyPaging = AWS_API_TABLE[api].paging;
  return paging.style !== "none" && paging.pageSize ? { [paging.pageSize.member]: paging.pageSize.size, ...input } : input;
}

/** Yields every page of `api` from `input`, in order: one page for an API that does not page. */
export async function* pages<A extends ApiName>(api: A, input: ApiInput<A>, send: PageSender<A>, options: PageOptions): AsyncGenerator<ApiOutput<A>> {
  const paging: AnyPaging = AWS_API_TABLE[api].paging;
  const first = firstPageInput(api, input);
  if (paging.style === "none") {
    yield await send(first);
    return;
  }
  const tokens = TOKEN_MEMBERS[paging.style];
  const maxPages = options.maxPages ?? MAX_PAGES;
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= maxPages) {
      throw new AwsApiError(api, options.region, "PaginationLimitExceeded", `more than ${maxPages} pages; listing not truncated, failed instead`, undefined);
    }
    const out = await send(token ? { ...first, [tokens.input]: token } : first);
    const next = (out as Record<string, unknown>)[tokens.output] as string | undefined;
    // Checked before the page leaves: a looping listing must not hand out its repeated page.
    if (next && seen.has(next)) {
      throw new AwsApiError(
        api,
        options.region,
        "PaginationRepeatedToken",
        "AWS repeated a pagination token; listing not truncated, failed instead",
        undefined,
      );
    }
    yield out;
    if (!next) return;
    seen.add(next);
    token = next;
  }
}

/** Every page of a listing, sent through `session` in `region`. */
export function paginate<A extends ApiName>(session: AwsSession, api: A, region: string, input: ApiInput<A>, maxPages?: number): AsyncGenerator<ApiOutput<A>> {
  return pages(api, input, (page) => session.send(api, region, page), { region, maxPages });
}

/** Every item of a listing, flattened from its pages. */
export async function collectAll<A extends ApiName, Item>(
  session: AwsSession,
  api: A,
  region: string,
  input: ApiInput<A>,
  items: (page: ApiOutput<A>) => Item[] | undefined,
): Promise<Item[]> {
  const out: Item[] = [];
  for await (const page of paginate(session, api, region, input)) for (const item of items(page) ?? []) out.push(item);
  return out;
}
