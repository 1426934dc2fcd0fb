// The floor: the create requests the benchmark's stack needs, sent straight to the API over HTTP with no engine and
// no provider, with the engine's parallelism and dependency order (a connector before its auth scheme configs, a
// config before the connection that uses it).
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

async function send(target: PlatformTarget, method: string, apiPath: string, body: unknown, expected: number): Promise<unknown> {
  const response = await fetch(`${target.baseUrl}/o/${target.organisationId}${apiPath}`, {
    method,
    headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`floor: ${method} ${apiPath} answered ${response.status}: ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

function idOf(value: unknown, what: string): string {
  if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string') {
    return (value as { id: string }).id;
  }
  throw new Error(`floor: the ${what} response has no id`);
}

export interface FloorResult {
  seconds: number;
  /** Create requests sent (one per object). */
  requests: number;
}

/** Creates every object of the groups; resolves with the wall time from the first request to the last answer. */
export async function runFloor(target: PlatformTarget, groups: GroupSpec[], parallel: number): Promise<FloorResult> {
  const slots = new Semaphore(parallel);
  const newId = monotonicFactory();
  let requests = 0;
  const call = (method: string, apiPath: string, body: unknown, expected: number): Promise<unknown> =>
    slots.run(() => {
      requests++;
      return send(target, method, apiPath, body, expected);
    });

  const createGroup = async (group: GroupSpec): Promise<void> => {
    const connector = await call(
      'POST',
      '/protocols/http/connectors',
      { ...group.connector, authSchemeConfigs: [], connections: [] },
      201,
    );
    const connectorId = idOf(connector, 'connector');
    const createConfig = async (spec: ConfigSpec): Promise<ConfigSpec & { id: string }> => {
      const config = { ...spec, id: newId() };
      await call('PUT', `/connectors/${connectorId}/auth-scheme-configs/${config.id}`, config, 200);
      return config;
    };
    const configs = group.configs.map(createConfig);
    await Promise.all(
      group.connections.map(async (connection) => {
        const authSchemeConfig = await configs[connection.config];
        await call(
          'POST',
          `/connectors/${connectorId}/connections`,
          { name: connection.name, variables: [], credentials: { action: [{ authSchemeConfig, credential: connection.credential }] } },
          200,
        );
      }),
    );
    // A config no connection uses is still awaited, so that its failure fails the floor.
    await Promise.all(configs);
  };

  const started = process.hrtime.bigint();
  await Promise.all(groups.map(createGroup));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, requests };
}
