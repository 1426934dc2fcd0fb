// Reads what the platform holds, straight from the Versori API (no provider code involved): the demo's,
// the end-to-end tests' and the benchmark's independent view of the result.
import { Connector, ConnectorPage } from '../api/schemas';

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

/** A GET that survives a platform (or an emulator with faults injected) that resets or answers 429/5xx now and then. */
async function fetchWithRetries(url: URL, token: string, attempts = 8): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      if ((response.status !== 429 && response.status < 500) || attempt >= attempts) return response;
      await response.arrayBuffer();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

/** Every connector of the organisation, following the pages. */
export async function listAllConnectors(target: PlatformTarget): Promise<Connector[]> {
  const connectors: Connector[] = [];
  let after: string | undefined;
  do {
    const url = new URL(`${target.baseUrl}/o/${target.organisationId}/connectors`);
    url.searchParams.set('first', '100');
    if (after !== undefined) url.searchParams.set('after', after);
    const response = await fetchWithRetries(url, target.token);
    if (response.status !== 200) {
      throw new Error(`listing connectors answered ${response.status}: ${await response.text()}`);
    }
    const page = ConnectorPage.parse(await response.json());
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
