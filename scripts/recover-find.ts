// How scripts/recover.ts finds, for one pending create, the platform object it was making: one finder per resource
// kind, each through the provider's client and with the provider's own rule for "this object is what the inputs
// declare". A finder never guesses: when it cannot tell, it says why and nothing is imported.
import { isDescribedBy } from '../provider/connector/lifecycle';
import { actionLifecycle } from '../provider/action/lifecycle';
import { definitionHoldsInputs } from '../provider/definition/lifecycle';
import { readOrGone } from '../provider/lifecycle';
import type { ApiOperation } from '../provider/operation/lifecycle';
import { triggerLifecycle } from '../provider/trigger/lifecycle';
import type { VersoriClient } from '../provider/client';
import type { VersionAddress } from '../provider/version-endpoints';

const TYPE_PREFIX = 'pulumi-nodejs:dynamic/versori:';

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
}

export interface PendingCreate {
  urn: string;
  type: string;
  /** The platform object found for it, as a resource id; undefined when nothing was created. */
  id?: string;
  /** What was found, or why nothing is imported. */
  note: string;
}

type Inputs = Record<string, unknown>;
type Found = { id?: string; note: string };

interface Lookup {
  readonly client: VersoriClient;
  readonly inputs: Inputs;
  /** Resources of the same kind the state already holds. */
  readonly managed: readonly StateResource[];
  /** For the messages of the client's errors, e.g. `pending get-product`. */
  readonly subject: string;
}

type Finder = (lookup: Lookup) => Promise<Found>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Undefined for a 404 of the connector (the organisation seen to exist: a wrong one fails instead). */
function unlessConnectorGone<T>(lookup: Lookup, request: () => Promise<T>): Promise<T | undefined> {
  return readOrGone(lookup.client, lookup.subject, request);
}

const ADOPT_HINT = 'set `adopt: true` (or the `import` option) on the resource to manage it, then run `pulumi up`';

const findConnector: Finder = async ({ client, inputs, managed, subject }) => {
  const name = text(inputs.name);
  if (name === undefined) return { note: 'its name is not recorded' };
  const held = new Set(managed.map((r) => r.id));
  const declared = { protocol: text(inputs.protocol), baseUrl: inputs.baseUrl, datasetId: inputs.datasetId };
  const candidates = (await client.findConnectorsByName(name, subject)).filter((c) => !held.has(c.id) && isDescribedBy(c, declared));
  if (candidates.length === 1) return { id: candidates[0].id, note: `connector ${candidates[0].id} named "${name}"` };
  if (candidates.length === 0) return { note: `no connector named "${name}" outside the state` };
  return {
    note:
      `${candidates.length} unmanaged connectors named "${name}" (${candidates.map((c) => c.id).join(', ')}); ` +
      'the pending create is cleared: set `adoptId` (or the `import` option) on the resource to the right one, then run `pulumi up`',
  };
};

const findAuthSchemeConfig: Finder = async (lookup) => {
  const connectorId = text(lookup.inputs.connectorId);
  const configId = text(lookup.inputs.authSchemeConfigId);
  if (connectorId === undefined || configId === undefined) return { note: 'its connector or config id is not recorded' };
  const connector = await unlessConnectorGone(lookup, () => lookup.client.getConnector(connectorId, lookup.subject));
  if (connector === undefined) return { note: `connector ${connectorId} does not exist` };
  const config = connector.authSchemeConfigs.find((c) => c.id === configId);
  return config === undefined
    ? { note: `connector ${connectorId} has no auth scheme config ${configId}` }
    : { id: `${connectorId}/${configId}`, note: `auth scheme config ${configId} (${config.schemeType})` };
};

const findConnection: Finder = async (lookup) => {
  const connectorId = text(lookup.inputs.connectorId);
  const name = text(lookup.inputs.name);
  if (connectorId === undefined || name === undefined) return { note: 'its connector or name is not recorded' };
  const found = await unlessConnectorGone(lookup, async () => ({ connection: await lookup.client.findConnectionByName(connectorId, name, lookup.subject) }));
  if (found === undefined) return { note: `connector ${connectorId} does not exist` };
  const { connection } = found;
  return connection === undefined
    ? { note: `connector ${connectorId} has no connection named "${name}"` }
    : { id: `${connectorId}/${connection.id}`, note: `connection ${connection.id} named "${name}"` };
};

// ---------- what lives under a connector version ----------

function versionOf(at: VersionAddress): string {
  return `version "${at.versionName}" of connector ${at.connectorId}`;
}

/** Why a version cannot be read: its connector or the version itself is missing. */
async function versionMissing(lookup: Lookup, at: VersionAddress): Promise<string> {
  const connector = await unlessConnectorGone(lookup, () => lookup.client.getConnector(at.connectorId, lookup.subject));
  return connector === undefined ? `connector ${at.connectorId} does not exist` : `connector ${at.connectorId} has no version "${at.versionName}"`;
}

/** The version the inputs address: `name` (a ConnectorVersion's own) or `versionName` (what lives in it). */
function versionAddressed(inputs: Inputs, key: 'name' | 'versionName'): VersionAddress | undefined {
  const connectorId = text(inputs.connectorId);
  const versionName = text(inputs[key]);
  return connectorId === undefined || versionName === undefined ? undefined : { connectorId, versionName };
}

const findConnectorVersion: Finder = async (lookup) => {
  const at = versionAddressed(lookup.inputs, 'name');
  if (at === undefined) return { note: 'its connector or name is not recorded' };
  const version = await unlessConnectorGone(lookup, () => lookup.client.versions.getVersion(at, lookup.subject));
  if (version === undefined) return { note: await versionMissing(lookup, at) };
  return { id: `${at.connectorId}/${at.versionName}`, note: `${versionOf(at)} (${version.publishedAt === null ? 'draft' : 'published'})` };
};

/** A publication was made when its version is published; the refresh then reads the rest (`isDefault`). */
const findPublication: Finder = async (lookup) => {
  const at = versionAddressed(lookup.inputs, 'versionName');
  if (at === undefined) return { note: 'its connector or version name is not recorded' };
  const version = await unlessConnectorGone(lookup, () => lookup.client.versions.getVersion(at, lookup.subject));
  if (version === undefined) return { note: await versionMissing(lookup, at) };
  if (version.publishedAt === null) return { note: `${versionOf(at)} is not published` };
  return { id: `${at.connectorId}/${at.versionName}`, note: `${versionOf(at)}, published at ${version.publishedAt}` };
};

interface ChildKind<T> {
  readonly noun: 'definition' | 'action' | 'trigger';
  get(client: VersoriClient, at: VersionAddress, name: string, subject: string): Promise<T>;
  /** The provider's rule: the object is what these inputs declare (one create sends all of them). */
  holds(existing: T, inputs: Inputs): boolean;
}

/** An object of a version (`<connectorId>/<versionName>/<name>`), found by name and recognised by its fields. */
function childFinder<T>(kind: ChildKind<T>): Finder {
  return async (lookup) => {
    const at = versionAddressed(lookup.inputs, 'versionName');
    const name = text(lookup.inputs.name);
    if (at === undefined || name === undefined) return { note: 'its connector, version or name is not recorded' };
    const existing = await unlessConnectorGone(lookup, () => kind.get(lookup.client, at, name, lookup.subject));
    if (existing === undefined) {
      const version = await unlessConnectorGone(lookup, () => lookup.client.versions.getVersion(at, lookup.subject));
      return { note: version === undefined ? await versionMissing(lookup, at) : `${versionOf(at)} has no ${kind.noun} "${name}"` };
    }
    const what = `${kind.noun} "${name}" in ${versionOf(at)}`;
    if (!kind.holds(existing, lookup.inputs)) {
      return { note: `${what} differs from the pending inputs, so it is not what the create made; ${ADOPT_HINT}` };
    }
    return { id: `${at.connectorId}/${at.versionName}/${name}`, note: what };
  };
}

const FINDERS: ReadonlyMap<string, Finder> = new Map(Object.entries({
  Connector: findConnector,
  AuthSchemeConfig: findAuthSchemeConfig,
  Connection: findConnection,
  ConnectorVersion: findConnectorVersion,
  ConnectorVersionPublication: findPublication,
  Definition: childFinder({
    noun: 'definition',
    get: (client, at, name, subject) => client.versions.getDefinition(at, name, subject),
    holds: definitionHoldsInputs,
  }),
  Action: childFinder<ApiOperation>({
    noun: 'action',
    get: (client, at, name, subject) => client.versions.actions.get(at, name, subject),
    holds: (existing, inputs) => actionLifecycle.holdsInputs(existing, inputs),
  }),
  Trigger: childFinder<ApiOperation>({
    noun: 'trigger',
    get: (client, at, name, subject) => client.versions.triggers.get(at, name, subject),
    holds: (existing, inputs) => triggerLifecycle.holdsInputs(existing, inputs),
  }),
}));

/**
 * Finds the platform object a pending create was making. Never guesses: several candidates, an object that differs
 * from the inputs or one the state already holds under another resource are reported, not imported.
 */
export async function findCreated(client: VersoriClient, pending: StateResource, state: readonly StateResource[]): Promise<PendingCreate> {
  const base = { urn: pending.urn, type: pending.type };
  const finder = pending.type.startsWith(TYPE_PREFIX) ? FINDERS.get(pending.type.slice(TYPE_PREFIX.length)) : undefined;
  if (finder === undefined) return { ...base, note: 'not a Versori resource: cleared' };
  const managed = state.filter((r) => r.type === pending.type);
  const subject = `pending ${pending.urn.split('::').pop() ?? pending.urn}`;
  const found = await finder({ client, inputs: pending.inputs ?? {}, managed, subject });
  const owner = found.id === undefined ? undefined : managed.find((r) => r.id === found.id);
  if (owner !== undefined) return { ...base, note: `${found.note} is already in the state as ${owner.urn}` };
  return { ...base, ...found };
}
