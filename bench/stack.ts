// The benchmark's stack: N resources in groups of one connector, two auth scheme configs and two connections.
// One description serves the program folders (bench/programs/: ours and the no-op floor, which get this file compiled
// next to them) and the direct-API floor (bench/floor.ts), so that all of them have exactly the same shape.
// It imports nothing: it runs in the program folders too.

/** Resources per group: 1 connector + 2 auth scheme configs + 2 connections. */
export const RESOURCES_PER_GROUP = 5;

/** An auth scheme config as the API holds it, without its client-generated id. */
export type ConfigSpec =
  | { schemeType: 'api-key'; description: string; name: string; in: 'query' | 'header' | 'cookie' }
  | { schemeType: 'basic-auth'; description: string };

export type CredentialSpec =
  | { name: string; type: 'string'; data: { value: string } }
  | { name: string; type: 'basic-auth'; data: { username: string; password: string } };

export interface ConnectionSpec {
  name: string;
  /** Index into the group's configs: the config the connection's action credential uses. */
  config: number;
  credential: CredentialSpec;
}

export interface GroupSpec {
  /** Prefix of the group's Pulumi resource names. */
  key: string;
  connector: { name: string; baseUrl: string; tags: Record<string, string> };
  configs: ConfigSpec[];
  connections: ConnectionSpec[];
}

export interface StackCounts {
  connectors: number;
  authSchemeConfigs: number;
  connections: number;
}

/** The groups of an N-resource stack; N must be a multiple of {@link RESOURCES_PER_GROUP}. */
export function benchGroups(resources: number): GroupSpec[] {
  if (!Number.isInteger(resources) || resources < 0 || resources % RESOURCES_PER_GROUP !== 0) {
    throw new Error(`the resource count must be a multiple of ${RESOURCES_PER_GROUP}, got ${resources}`);
  }
  return Array.from({ length: resources / RESOURCES_PER_GROUP }, (_, i) => ({
    key: `g${i}`,
    connector: {
      name: `bench-crm-${i}`,
      baseUrl: `https://api.bench-${i}.example.com/v1`,
      tags: { suite: 'bench', group: String(i) },
    },
    configs: [
      { schemeType: 'api-key', description: 'API key header', name: 'X-API-Key', in: 'header' },
      { schemeType: 'basic-auth', description: 'basic auth' },
    ],
    connections: [
      { name: `reporting-${i}`, config: 0, credential: { name: `reporting-key-${i}`, type: 'string', data: { value: `bench-key-${i}` } } },
      {
        name: `sync-${i}`,
        config: 1,
        credential: { name: `sync-login-${i}`, type: 'basic-auth', data: { username: `sync-${i}`, password: `bench-password-${i}` } },
      },
    ],
  }));
}

export function countsOf(groups: GroupSpec[]): StackCounts {
  return {
    connectors: groups.length,
    authSchemeConfigs: groups.reduce((n, g) => n + g.configs.length, 0),
    connections: groups.reduce((n, g) => n + g.connections.length, 0),
  };
}

export function totalOf(counts: StackCounts): number {
  return counts.connectors + counts.authSchemeConfigs + counts.connections;
}
