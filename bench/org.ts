// The large organisation of `npm run bench:adopt`: N connectors (mostly HTTP, one in 25 BigQuery) in five teams by
// the `team` tag (one in 50 untagged), each with one or two auth scheme configs and three connections, and one HTTP
// connector in 25 with a published version (two definitions, an action, a trigger). Seeded through the API with the
// provider's client; and the fewest requests the API allows for reading it back.
import { ulid } from 'ulid';
import type { AuthSchemeConfig, ConnectionCreate, CredentialCreate } from '../api/schemas';
import type { ActionCreate, DefinitionCreate, TriggerCreate } from '../api/versions';
import { VersoriClient } from '../provider/client';
import type { PlatformTarget } from '../scripts/platform';

/** The tag the organisation is split by, and its values. */
export const SPLIT_TAG = 'team';
export const TEAMS = ['billing', 'crm', 'data', 'ops', 'web'] as const;
/** The page size of every list the reader walks: the most the API gives. */
export const PAGE_SIZE = 100;

export interface VersionPlan {
  readonly name: string;
  readonly definitions: readonly DefinitionCreate[];
  readonly actions: readonly ActionCreate[];
  readonly triggers: readonly TriggerCreate[];
}

export interface ConnectorPlan {
  readonly name: string;
  readonly protocol: 'http' | 'bigquery';
  /** The `team` tag's value, undefined when the connector has none. */
  readonly team: string | undefined;
  readonly tags: Record<string, string>;
  readonly configs: readonly AuthSchemeConfig[];
  readonly connections: readonly ConnectionCreate[];
  readonly version?: VersionPlan;
}

export interface OrgCounts {
  connectors: number;
  authSchemeConfigs: number;
  connections: number;
  versions: number;
  /** Every object the generated program declares: the above, and each version's children and publication. */
  resources: number;
}

const CONNECTION_NAMES = ['production', 'staging', 'development', 'sandbox', 'reporting'];

function versionPlan(): VersionPlan {
  const schema = (properties: Record<string, unknown>) => ({ contentType: 'application/schema+json', content: JSON.stringify({ type: 'object', properties }) });
  const definitions = [
    { name: 'item', accept: ['application/json'], schema: schema({ id: { type: 'string' }, title: { type: 'string' } }) },
    { name: 'item-list', accept: ['application/json'], description: 'A page of items', schema: schema({ items: { type: 'array' } }) },
  ];
  const item = [{ definition: { name: 'item' } }];
  const action: ActionCreate = {
    type: 'http',
    name: 'get-item',
    summary: 'Get an item',
    method: 'GET',
    path: '/items/{{ param.id }}',
    parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
    responses: [{ id: ulid(), status: 200, definitions: item }],
  };
  const trigger: TriggerCreate = {
    type: 'http',
    name: 'item-changed',
    method: 'POST',
    parameters: [],
    requestBody: { required: true, definitions: item },
    responses: [{ id: ulid(), status: 204, definitions: [] }],
  };
  return { name: '1.0.0', definitions, actions: [action], triggers: [trigger] };
}

function configsOf(i: number, protocol: ConnectorPlan['protocol']): AuthSchemeConfig[] {
  const basic: AuthSchemeConfig = { id: ulid(), schemeType: 'basic-auth', description: 'Service account' };
  if (protocol === 'bigquery') return [basic];
  const key: AuthSchemeConfig = { id: ulid(), schemeType: 'api-key', description: 'API key', name: 'X-Api-Key', in: 'header' };
  return i % 4 === 0 ? [key, basic] : [key];
}

function connectionsOf(i: number, configs: readonly AuthSchemeConfig[], count: number): ConnectionCreate[] {
  return Array.from({ length: count }, (_, j) => {
    const config = configs[j % configs.length];
    const name = CONNECTION_NAMES[j % CONNECTION_NAMES.length] + (j >= CONNECTION_NAMES.length ? `-${j}` : '');
    const credential: CredentialCreate =
      config.schemeType === 'basic-auth'
        ? { name: `${name} login`, type: 'basic-auth', data: { username: `svc-${i}-${j}`, password: `seeded-password-${i}-${j}` } }
        : { name: `${name} key`, type: 'string', data: { value: `seeded-key-${i}-${j}` } };
    return { name, variables: j === 0 ? [{ name: 'region', value: 'eu-west-1' }] : [], credentials: { action: [{ authSchemeConfig: config, credential }] } };
  });
}

/** What to seed: the same shape for the same sizes (ids aside). */
export function planOrganisation(connectors: number, connectionsPerConnector: number): ConnectorPlan[] {
  return Array.from({ length: connectors }, (_, i) => {
    const protocol = i % 25 === 7 ? 'bigquery' : 'http';
    const team = i % 50 === 49 ? undefined : TEAMS[i % TEAMS.length];
    const tags: Record<string, string> = { env: i % 3 === 0 ? 'staging' : 'prod', ...(team !== undefined && { [SPLIT_TAG]: team }) };
    const configs = configsOf(i, protocol);
    const name = `${team ?? 'shared'} ${protocol === 'http' ? 'service' : 'warehouse'} ${String(i).padStart(4, '0')}`;
    const version = protocol === 'http' && i % 25 === 3 ? versionPlan() : undefined;
    return { name, protocol, team, tags, configs, connections: connectionsOf(i, configs, connectionsPerConnector), ...(version !== undefined && { version }) };
  });
}

export function countsOfPlan(plan: readonly ConnectorPlan[]): OrgCounts {
  const sum = (of: (c: ConnectorPlan) => number) => plan.reduce((n, c) => n + of(c), 0);
  const versionResources = (v: VersionPlan | undefined) => (v === undefined ? 0 : 2 + v.definitions.length + v.actions.length + v.triggers.length);
  const counts = { connectors: plan.length, authSchemeConfigs: sum((c) => c.configs.length), connections: sum((c) => c.connections.length), versions: sum((c) => (c.version ? 1 : 0)) };
  return { ...counts, resources: counts.connectors + counts.authSchemeConfigs + counts.connections + sum((c) => versionResources(c.version)) };
}

const pages = (items: number): number => Math.max(1, Math.ceil(items / PAGE_SIZE));

/**
 * The fewest requests that read the organisation whole: every page of ListConnectors (which carries each connector's
 * configs, connections and versions), and for each version one walk of its definitions, its actions and its triggers
 * (a request even for an empty list) and each definition's schema document (GetRawSchema), which no list carries;
 * then the list of the connectors in any category, which for a plan without categories is one empty page.
 */
export function minimumReadRequests(plan: readonly ConnectorPlan[]): number {
  const perVersion = (v: VersionPlan) => pages(v.definitions.length) + pages(v.actions.length) + pages(v.triggers.length) + v.definitions.length;
  const categoryLists = plan.length > 0 ? 1 : 0;
  return pages(plan.length) + plan.reduce((n, c) => n + (c.version === undefined ? 0 : perVersion(c.version)), 0) + categoryLists;
}

async function seedConnector(client: VersoriClient, c: ConnectorPlan): Promise<void> {
  const subject = `connector "${c.name}"`;
  const tags = { tags: c.tags };
  if (c.protocol === 'http') {
    const body = { name: c.name, baseUrl: `https://api.example.com/${c.name.replace(/ /g, '-')}`, ...tags, authSchemeConfigs: [...c.configs], connections: [...c.connections] };
    const { id } = await client.createHttpConnector(body, subject);
    if (c.version !== undefined) await seedVersion(client, id, c.version);
    return;
  }
  // A BigQuery connector is created bare: its configs and connections come after, as the API allows.
  const { id } = await client.createBigQueryConnector({ name: c.name, datasetId: 'analytics.events', connections: [] }, subject);
  await client.send('UpdateConnectorTags', subject, 'put', client.connectorPath(id, 'tags'), { body: tags });
  for (const config of c.configs) await client.upsertAuthSchemeConfig(id, config, subject);
  for (const connection of c.connections) await client.createConnection(id, connection, subject);
}

async function seedVersion(client: VersoriClient, connectorId: string, v: VersionPlan): Promise<void> {
  const at = { connectorId, versionName: v.name };
  const subject = `version ${v.name} of ${connectorId}`;
  await client.versions.createVersion(connectorId, { name: v.name }, subject);
  await client.versions.createDefinitions(at, { definitions: [...v.definitions] }, subject);
  for (const action of v.actions) await client.versions.actions.create(at, action, subject);
  for (const trigger of v.triggers) await client.versions.triggers.create(at, trigger, subject);
  await client.versions.publish(at, subject);
}

/** Seeds `plan` through the API, `parallel` connectors at a time. */
export async function seedOrganisation(target: PlatformTarget, plan: readonly ConnectorPlan[], parallel = 8): Promise<void> {
  const client = new VersoriClient(target, { retry: { baseDelayMs: 50, maxDelayMs: 1_000 } });
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < plan.length; i = next++) await seedConnector(client, plan[i]);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, plan.length) }, worker));
}

/** The emulator's whole store (its admin route), to start another emulator with the same organisation (`--data`). */
export async function storeOf(target: PlatformTarget): Promise<string> {
  const response = await fetch(`${new URL(target.baseUrl).origin}/_emulator/store`, { headers: { Authorization: `Bearer ${target.token}` } });
  if (!response.ok) throw new Error(`emulator admin GET store answered ${response.status}`);
  return response.text();
}
