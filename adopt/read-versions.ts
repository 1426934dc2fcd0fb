// What each version of a connector holds: its definitions with their schema documents (GetRawSchema), its actions and
// its triggers, read page by page: three lists a version and one document a definition.
import type { ConnectorVersion, Definition, Action, Trigger, InlineSchema } from '../api/versions';
import type { VersoriClient } from '../provider/client';
import { DEFAULT_MAX_LIST_PAGES, eachPage, type Page } from '../provider/paging';
import type { VersionAddress } from '../provider/version-endpoints';

export interface ReadDefinition {
  readonly definition: Definition;
  readonly schema: InlineSchema;
}

export interface ReadVersion {
  readonly version: ConnectorVersion;
  readonly definitions: readonly ReadDefinition[];
  readonly actions: readonly Action[];
  readonly triggers: readonly Trigger[];
}

/** Every item of a paged list; `count` is told of each request. */
async function all<T>(what: string, count: () => void, page: (after: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for await (const part of eachPage(what, DEFAULT_MAX_LIST_PAGES, async (after) => (count(), page(after)))) items.push(...part);
  return items;
}

const byName = <T extends { name: string }>(items: T[]): T[] => items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/**
 * The contents of each of a connector's versions (the connector as listed carries the versions themselves); `count` is
 * told of each request.
 */
export async function readVersions(client: VersoriClient, connectorId: string, versions: readonly ConnectorVersion[], count: () => void): Promise<ReadVersion[]> {
  const subject = `the versions of connector ${connectorId}`;
  const read: ReadVersion[] = [];
  for (const version of byName([...versions])) {
    const at: VersionAddress = { connectorId, versionName: version.name };
    const definitions = await all(`the definitions of ${version.name}`, count, async (after) => {
      const page = await client.versions.listDefinitions(at, { first: 100, after }, subject);
      return { items: page.definitions, next: page.next };
    });
    const actions = await all(`the actions of ${version.name}`, count, async (after) => {
      const page = await client.versions.actions.list(at, { first: 100, after }, subject);
      return { items: page.actions, next: page.next };
    });
    const triggers = await all(`the triggers of ${version.name}`, count, async (after) => {
      const page = await client.versions.triggers.list(at, { first: 100, after }, subject);
      return { items: page.triggers, next: page.next };
    });
    const withSchemas = await Promise.all(
      byName(definitions).map(async (definition) => {
        count();
        const file = definition.url.slice(definition.url.lastIndexOf('/') + 1);
        return { definition, schema: await client.versions.getRawSchema(at, file, subject) };
      }),
    );
    read.push({ version, definitions: withSchemas, actions: byName(actions), triggers: byName(triggers) });
  }
  return read;
}

/** How often (in connectors) {@link readEachConnectorsVersions} reports progress. */
export const VERSION_PROGRESS_EVERY = 50;

/**
 * What each connector's versions hold, by connector id, one connector after the other; `count` is told of each request,
 * and `progress` hears how many connectors are done every {@link VERSION_PROGRESS_EVERY} connectors and after the last.
 */
export async function readEachConnectorsVersions(
  client: VersoriClient,
  connectors: ReadonlyArray<{ readonly id: string; readonly versions: readonly ConnectorVersion[] }>,
  count: () => void,
  progress: (done: number, of: number) => void,
): Promise<Record<string, readonly ReadVersion[]>> {
  const read: Record<string, readonly ReadVersion[]> = {};
  for (const [i, connector] of connectors.entries()) {
    read[connector.id] = await readVersions(client, connector.id, connector.versions, count);
    const done = i + 1;
    if (done % VERSION_PROGRESS_EVERY === 0 || done === connectors.length) progress(done, connectors.length);
  }
  return read;
}
