// The API floor: the requests the benchmark's stack needs, sent straight to the API over HTTP with no engine and no
// provider, with the engine's parallelism and dependency order. `up` creates (a connector before its auth scheme
// configs, a config before the connection that uses it); `refresh` reads each object once, in any order, the way
// our provider reads it (a config through its connector); `destroy` deletes in the reverse order.
import { monotonicFactory } from 'ulid';
import type { PlatformTarget } from '../scripts/platform';
import type { ConfigSpec, GroupSpec } from './stack';

/** Runs tasks with at most `limit` at once, in the order they ask (FIFO). */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`parallelism must be a positive integer, got ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.active--;
      else next();
    }
  }
}

/** The ids of one group's objects, as the create floor made them. */
export interface CreatedGroup {
  connectorId: string;
  configIds: string[];
  connectionIds: string[];
  /** For each connection, the index of the config it uses. */
  connectionConfigs: number[];
}

type Call = (method: string, apiPath: string, body?: unknown) => Promise<unknown>;

/** A request function limited to `parallel` requests at once, failing on any answer but a success. */
function caller(target: PlatformTarget, parallel: number): Call {
  const slots = new Semaphore(parallel);
  return (method, apiPath, body) =>
    slots.run(async () => {
      const response = await fetch(`${target.baseUrl}/o/${target.organisationId}${apiPath}`, {
        method,
        headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`floor: ${method} ${apiPath} answered ${response.status}: ${text}`);
      return text === '' ? undefined : JSON.parse(text);
    });
}

function idOf(value: unknown, what: string): string {
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') {
    return (value as { id: string }).id;
  }
  throw new Error(`floor: the ${what} response has no id`);
}

/** Seconds from the first request to the last answer. */
async function timed<T>(action: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await action();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

async function createGroup(call: Call, group: GroupSpec, newId: () => string): Promise<CreatedGroup> {
  const connector = await call('POST', '/protocols/http/connectors', { ...group.connector, authSchemeConfigs: [], connections: [] });
  const connectorId = idOf(connector, 'connector');
  const createConfig = async (spec: ConfigSpec): Promise<ConfigSpec & { id: string }> => {
    const config = { ...spec, id: newId() };
    await call('PUT', `/connectors/${connectorId}/auth-scheme-configs/${config.id}`, config);
    return config;
  };
  const configs = group.configs.map(createConfig);
  const connectionIds = await Promise.all(
    group.connections.map(async (connection) => {
      const authSchemeConfig = await configs[connection.config];
      const body = { name: connection.name, variables: [], credentials: { action: [{ authSchemeConfig, credential: connection.credential }] } };
      return idOf(await call('POST', `/connectors/${connectorId}/connections`, body), 'connection');
    }),
  );
  // A config no connection uses is still awaited, so that its failure fails the floor.
  const configIds = (await Promise.all(configs)).map((config) => config.id);
  return { connectorId, configIds, connectionIds, connectionConfigs: group.connections.map((c) => c.config) };
}

/** `up`'s floor: creates every object of the groups. */
export function createFloor(target: PlatformTarget, groups: GroupSpec[], parallel: number): Promise<{ seconds: number; value: CreatedGroup[] }> {
  const call = caller(target, parallel);
  const newId = monotonicFactory();
  return timed(() => Promise.all(groups.map((group) => createGroup(call, group, newId))));
}

/** `refresh`'s floor: one read per object. */
export async function readFloor(target: PlatformTarget, created: CreatedGroup[], parallel: number): Promise<number> {
  const call = caller(target, parallel);
  const reads = created.flatMap((group) => [
    `/connectors/${group.connectorId}`,
    ...group.configIds.map(() => `/connectors/${group.connectorId}`),
    ...group.connectionIds.map((id) => `/connectors/${group.connectorId}/connections/${id}`),
  ]);
  return (await timed(() => Promise.all(reads.map((apiPath) => call('GET', apiPath))))).seconds;
}

async function deleteGroup(call: Call, group: CreatedGroup): Promise<void> {
  const base = `/connectors/${group.connectorId}`;
  const connectionsGone = group.connectionIds.map((id) => call('DELETE', `${base}/connections/${id}`));
  await Promise.all(
    group.configIds.map(async (id, config) => {
      // A config goes once the connections that use it are gone.
      await Promise.all(connectionsGone.filter((_, i) => group.connectionConfigs[i] === config));
      await call('DELETE', `${base}/auth-scheme-configs/${id}`);
    }),
  );
  await Promise.all(connectionsGone);
  await call('DELETE', base);
}

/** `destroy`'s floor: deletes every object, dependents first. */
export async function deleteFloor(target: PlatformTarget, created: CreatedGroup[], parallel: number): Promise<number> {
  const call = caller(target, parallel);
  return (await timed(() => Promise.all(created.map((group) => deleteGroup(call, group))))).seconds;
}
