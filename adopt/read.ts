// What the organisation holds, read through the provider's client: every connector from every page of ListConnectors
// (each with its auth scheme configs and connections), with the filters the command was given, and what each
// connector's versions hold.
import type { Connector } from '../api/schemas';
import type { VersoriClient } from '../provider/client';
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
  return { id: client.organisationId, connectors, versions, requests };
}
