// What the suites about versions share (ConnectorVersion, its publication, and the Definition, Action and Trigger that
// live in a version): a client of the harness's emulator whose requests are not recorded (changes "behind the
// resource's back"), a connector to put versions in, a draft version, and the emulator's test-only subscription hook.
import { strict as assert } from 'node:assert';
import { ulid } from 'ulid';
import type { ActionCreate, ConnectorVersion } from '../../api/versions';
import { VersoriClient } from '../../provider/client';
import type { VersionAddress } from '../../provider/version-endpoints';
import { type Harness, startHarness, TEST_RETRY } from './provider-harness';

/** A client of the harness's emulator that the harness does not record. */
export function outsideClient(h: Harness): VersoriClient {
  return new VersoriClient(
    { token: h.emulator.token, organisationId: h.emulator.organisationId, baseUrl: h.emulator.baseUrl },
    { retry: TEST_RETRY, timeoutMs: 5000 },
  );
}

/** A new HTTP connector, made outside the provider. */
export async function newConnectorId(client: VersoriClient): Promise<string> {
  const connector = await client.createHttpConnector(
    { name: `c-${ulid()}`, baseUrl: 'https://api.example.com', authSchemeConfigs: [], connections: [] },
    'Connector',
  );
  return connector.id;
}

/** The version as the platform holds it. */
export function versionAt(client: VersoriClient, at: VersionAddress): Promise<ConnectorVersion> {
  return client.versions.getVersion(at, 'ConnectorVersion');
}

/** Sets the number of subscriptions other Versori products hold on a version (the emulator's test-only hook). */
export async function setSubscriptions(h: Harness, at: VersionAddress, count: number): Promise<void> {
  const res = await fetch(`${h.emulator.origin}/_emulator/subscriptions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.emulator.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ connectorId: at.connectorId, version: at.versionName, count }),
  });
  assert.equal(res.status, 200);
}

/** An HTTP action; `responses: []` makes it invalid (an error that blocks publishing). */
export function actionBody(name: string, extra: Partial<ActionCreate> = {}): ActionCreate {
  return { type: 'http', name, method: 'GET', path: '/products', parameters: [], responses: [{ id: ulid(), status: 200, definitions: [] }], ...extra };
}

/** The operations of the requests the provider sent since the last reset, in order (retries not counted). */
export function sentOperations(h: Harness): string[] {
  return h.requests.flatMap((line) => {
    const match = /^versori: [A-Z]+ \/\S* \((\w+)\)$/.exec(line);
    return match === null ? [] : [match[1]];
  });
}

export interface VersionSuite {
  h: Harness;
  /** A client whose requests the harness does not record. */
  client: VersoriClient;
  /** A new connector for each test. */
  connectorId: string;
}

/**
 * The hooks of a suite about versions: one harness, an outside client, and a new connector before each test. The
 * function returned gives them, in a test or a later hook.
 */
export function useVersionSuite(): () => VersionSuite {
  const suite: Partial<VersionSuite> = {};
  const ready = (): VersionSuite => {
    const { h, client, connectorId } = suite;
    if (h === undefined || client === undefined || connectorId === undefined) throw new Error('the suite is not set up');
    return { h, client, connectorId };
  };
  before(async () => {
    suite.h = await startHarness();
    suite.client = outsideClient(suite.h);
  });
  after(async () => {
    await suite.h?.stop();
  });
  beforeEach(async () => {
    suite.h?.setFaults(null);
    if (suite.client !== undefined) suite.connectorId = await newConnectorId(suite.client);
    suite.h?.resetRequests();
  });
  return ready;
}

export const JSON_SCHEMA = 'application/schema+json';

/** A JSON Schema definition's inputs in the version `at`. */
export function definitionInputs(at: VersionAddress, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...at, name, accept: ['application/json'], schema: { contentType: JSON_SCHEMA, content: '{"type":"object"}' }, ...extra };
}

export interface Versions {
  /** A client of the emulator, outside the harness's request count: changes "behind the resource's back". */
  readonly client: VersoriClient;
  publish(at: VersionAddress): Promise<void>;
}

export interface DraftSuite {
  h: Harness;
  v: Versions;
  /** A draft version "1.0.0" of a new connector, for each test. */
  at: VersionAddress;
}

/**
 * The hooks of a suite about what lives in a version: those of {@link useVersionSuite}, then a draft version before
 * each test, with what `prepare` makes in it (the harness's request count starts after it).
 */
export function useDraftVersion(prepare: (at: VersionAddress) => Promise<void> = async () => undefined): () => DraftSuite {
  const suite = useVersionSuite();
  let current: DraftSuite | undefined;
  beforeEach(async () => {
    const { h, client, connectorId } = suite();
    const version = await client.versions.createVersion(connectorId, { name: '1.0.0' }, 'ConnectorVersion');
    const at = { connectorId, versionName: version.name };
    await prepare(at);
    h.resetRequests();
    current = { h, at, v: { client, publish: async (address) => void (await client.versions.publish(address, 'ConnectorVersion')) } };
  });
  return () => {
    if (current === undefined) throw new Error('the suite is not set up');
    return current;
  };
}
