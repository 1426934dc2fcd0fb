// Connector versions for the tests of what lives in a version (Definition, Action, Trigger): made through a client of
// the harness's emulator whose requests the harness does not count, as a ConnectorVersion resource would make them.
import { ulid } from 'ulid';
import { VersoriClient } from '../../provider/client';
import type { VersionAddress } from '../../provider/version-endpoints';
import { TEST_RETRY, type Harness } from './provider-harness';

export const JSON_SCHEMA = 'application/schema+json';

export interface Versions {
  /** A client of the emulator, outside the harness's request count: changes "behind the resource's back". */
  readonly client: VersoriClient;
  /** A new HTTP connector with a draft version "1.0.0". */
  draft(): Promise<VersionAddress>;
  publish(at: VersionAddress): Promise<void>;
}

export function versionsOf(h: Harness): Versions {
  const client = new VersoriClient(
    { token: h.emulator.token, organisationId: h.emulator.organisationId, baseUrl: h.emulator.baseUrl },
    { retry: TEST_RETRY, timeoutMs: 5000 },
  );
  return {
    client,
    async draft() {
      const connector = await client.createHttpConnector(
        { name: `c-${ulid()}`, baseUrl: 'https://api.example.com', authSchemeConfigs: [], connections: [] },
        'Connector',
      );
      const version = await client.versions.createVersion(connector.id, { name: '1.0.0' }, 'ConnectorVersion');
      return { connectorId: connector.id, versionName: version.name };
    },
    async publish(at) {
      await client.versions.publish(at, 'ConnectorVersion');
    },
  };
}

/** A JSON Schema definition's inputs in the version `at`. */
export function definitionInputs(at: VersionAddress, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...at, name, accept: ['application/json'], schema: { contentType: JSON_SCHEMA, content: '{"type":"object"}' }, ...extra };
}
