// Reads what the platform holds, straight from the Versori API (the provider's client, none of its resource code):
// the demo's, the end-to-end tests' and the benchmark's view of the result.
import { Connector } from '../api/schemas';
import { VersoriClient } from '../provider/client';

export interface PlatformTarget {
  baseUrl: string;
  organisationId: string;
  token: string;
}

export interface PlatformCounts {
  connectors: number;
  authSchemeConfigs: number;
  connections: number;
}

/** The provider's client, with retries quick enough for a test's reads. */
function platformClient(target: PlatformTarget): VersoriClient {
  return new VersoriClient(target, { retry: { baseDelayMs: 50, maxDelayMs: 1_000 } });
}

/**
 * Every connector of the organisation, following the pages. Through the provider's client, whose retries survive a
 * platform (or an emulator with faults injected) that resets or answers 429/5xx now and then.
 */
export async function listAllConnectors(target: PlatformTarget): Promise<Connector[]> {
  const client = platformClient(target);
  const connectors: Connector[] = [];
  let after: string | undefined;
  do {
    const page = await client.listConnectors({ first: 100, after });
    connectors.push(...page.connectors);
    after = page.next;
  } while (after !== undefined);
  return connectors;
}

export async function platformCounts(target: PlatformTarget): Promise<PlatformCounts> {
  const connectors = await listAllConnectors(target);
  return {
    connectors: connectors.length,
    authSchemeConfigs: connectors.reduce((n, c) => n + c.authSchemeConfigs.length, 0),
    connections: connectors.reduce((n, c) => n + c.connections.length, 0),
  };
}

export function describeCounts(counts: PlatformCounts): string {
  return `${counts.connectors} connectors, ${counts.authSchemeConfigs} auth scheme configs, ${counts.connections} connections`;
}

/** One connector version as the platform holds it: whether it is published, and its children by name. */
export interface VersionContents {
  published: boolean;
  isDefault: boolean;
  definitions: string[];
  actions: string[];
  triggers: string[];
}

/** Every version of every connector, keyed `<connector name>/<version name>`, with its children's names sorted. */
export async function platformVersions(target: PlatformTarget): Promise<Record<string, VersionContents>> {
  const client = platformClient(target);
  const versions: Record<string, VersionContents> = {};
  for (const connector of await listAllConnectors(target)) {
    for (const version of connector.versions) {
      const at = { connectorId: connector.id, versionName: version.name };
      const [definitions, actions, triggers] = await Promise.all([
        client.versions.listDefinitions(at, { first: 100 }, 'definitions'),
        client.versions.actions.list(at, { first: 100 }, 'actions'),
        client.versions.triggers.list(at, { first: 100 }, 'triggers'),
      ]);
      versions[`${connector.name}/${version.name}`] = {
        published: version.publishedAt !== null,
        isDefault: version.isDefault,
        definitions: definitions.definitions.map((d) => d.name).sort(),
        actions: actions.actions.map((a) => a.name).sort(),
        triggers: triggers.triggers.map((t) => t.name).sort(),
      };
    }
  }
  return versions;
}
