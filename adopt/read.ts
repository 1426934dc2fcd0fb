// What the organisation holds, read through the provider's client: every connector from every page of ListConnectors
// (each with its auth scheme configs and connections), with the filters the command was given, and what each
// connector's versions hold.
import type { Connector } from '../api/schemas';
import { CATEGORIES, type Category } from '../api/versions';
import type { VersoriClient } from '../provider/client';
import { uniqueCategories } from '../provider/connector/inputs';
import { DEFAULT_MAX_LIST_PAGES, eachPage } from '../provider/paging';
import { readEachConnectorsVersions, type ReadVersion } from './read-versions';

export interface Filters {
  /** Only connectors whose name contains this (any case). */
  readonly nameContains?: string;
  /** Only connectors holding every one of these tags (key and value). */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface Organisation {
  readonly id: string;
  /** Sorted by id, so that the same organisation always reads back in the same order. */
  readonly connectors: readonly Connector[];
  /** Each connector's versions with what they hold, by connector id, in name order. */
  readonly versions: Readonly<Record<string, readonly ReadVersion[]>>;
  /** The categories of each connector that has some, by connector id, sorted as `uniqueCategories` sorts them. */
  readonly categories: Readonly<Record<string, readonly Category[]>>;
  /** Requests sent to read it. */
  readonly requests: number;
}

function kept(connector: Connector, filters: Filters): boolean {
  const name = filters.nameContains?.toLowerCase();
  if (name !== undefined && !connector.name.toLowerCase().includes(name)) return false;
  return Object.entries(filters.tags ?? {}).every(([key, value]) => connector.tags?.[key] === value);
}

/**
 * Every connector the filters keep; `progress` hears after each page how many were read, `versionProgress` how many
 * kept connectors have had their versions read (every 50, and the last) and the requests sent so far.
 */
export async function readOrganisation(
  client: VersoriClient,
  filters: Filters,
  progress: (read: number) => void = () => undefined,
  versionProgress: (done: number, of: number, requests: number) => void = () => undefined,
): Promise<Organisation> {
  const connectors: Connector[] = [];
  let requests = 0;
  const pages = eachPage('the connectors of the organisation', DEFAULT_MAX_LIST_PAGES, async (after) => {
    requests += 1;
    const page = await client.listConnectors({ first: 100, after }, 'the organisation');
    return { items: page.connectors, next: page.next };
  });
  let read = 0;
  for await (const page of pages) {
    read += page.length;
    connectors.push(...page.filter((connector) => kept(connector, filters)));
    progress(read);
  }
  connectors.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const versions: Record<string, readonly ReadVersion[]> = await readEachConnectorsVersions(
    client,
    connectors,
    () => (requests += 1),
    (done, of) => versionProgress(done, of, requests),
  );
  const categories = await readCategories(client, new Set(connectors.map((c) => c.id)), () => (requests += 1));
  return { id: client.organisationId, connectors, versions, categories, requests };
}

/** Those of `ids` that ListConnectors filtered by any of `categories` holds, from every page (`sent` hears each). */
async function holding(client: VersoriClient, ids: ReadonlySet<string>, categories: readonly Category[], sent: () => void): Promise<string[]> {
  const found: string[] = [];
  const what = `the connectors of the organisation in categories ${categories.join(', ')}`;
  for await (const page of client.connectorPages({ categories }, what, 'the organisation')) {
    sent();
    found.push(...page.filter((c) => ids.has(c.id)).map((c) => c.id));
  }
  return found;
}

/**
 * The categories of the connectors `ids`, which only the ListConnectors filter shows: one list of every connector in
 * any category, then, only when it holds one of `ids`, one list per category.
 */
async function readCategories(client: VersoriClient, ids: ReadonlySet<string>, sent: () => void): Promise<Record<string, Category[]>> {
  const held: Record<string, Category[]> = {};
  if (ids.size === 0) return held;
  const some = new Set(await holding(client, ids, CATEGORIES, sent));
  if (some.size === 0) return held;
  for (const category of CATEGORIES) {
    for (const id of await holding(client, some, [category], sent)) (held[id] ??= []).push(category);
  }
  for (const id of Object.keys(held)) held[id] = uniqueCategories(held[id]);
  return held;
}
