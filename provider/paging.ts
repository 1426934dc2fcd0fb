// Walking the API's paged lists to their end: every page in order, and an error (never a silent end, never an answer
// from part of a list) when a list does not end.

/** Pages read of one list before the walk is given up as one that does not end (1,000,000 objects at 100 a page). */
export const DEFAULT_MAX_LIST_PAGES = 10_000;

export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}

/**
 * Each page of a list, first to last, following `next` until the API gives none. Fails, naming the list, when a cursor
 * comes back again (the list would never end) or `maxPages` pages were read without reaching the end.
 */
export async function* eachPage<T>(
  what: string,
  maxPages: number,
  pageAfter: (after: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<readonly T[]> {
  const seen = new Set<string>();
  let after: string | undefined;
  for (let read = 0; read < maxPages; read++) {
    const page = await pageAfter(after);
    yield page.items;
    if (page.next === undefined) return;
    if (seen.has(page.next)) throw new Error(`Listing ${what} did not end: Versori returned the cursor "${page.next}" twice`);
    seen.add(page.next);
    after = page.next;
  }
  throw new Error(`Listing ${what} did not end after ${maxPages} pages; nothing was decided from a partial list`);
}
