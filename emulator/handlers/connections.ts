import { z } from 'zod';
import {
  ConnectionCreate,
  ConnectionCredentialRef,
  CREDENTIAL_LISTS,
  ConnectionUpdate,
  CredentialDataByType,
  fieldPath,
  REDACTED_CREDENTIAL_FIELDS,
  type AuthSchemeConfig,
  type ConnectionVariable,
  type CredentialType,
} from '../../api/schemas';
import { ApiError, conflict, invalidField, validationError } from '../errors';
import { pageBody, paginate } from '../pagination';
import { renderConnection, renderConnectionSummary } from '../render';
import {
  lookup,
  type StoredConnection,
  type StoredConnectionCredential,
  type StoredConnector,
  type StoredCredential,
} from '../store';
import { parseWith, type ApiContext, type ApiResult } from './context';
import { findConnection, findConnector, parseForce, touchConnector } from './lookup';

export interface PreparedConnection {
  connection: StoredConnection;
  credentials: StoredCredential[];
}

const OAUTH2_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/** The connection's variables: the connector's defaults, overridden (by name) and extended by its own. */
function initialVariables(defaults: readonly ConnectionVariable[] | undefined, own: readonly ConnectionVariable[]): ConnectionVariable[] {
  const merged = new Map<string, string>();
  for (const v of defaults ?? []) merged.set(v.name, v.value);
  for (const v of own) merged.set(v.name, v.value);
  return [...merged].map(([name, value]) => ({ name, value }));
}

/** The connector's config that `sent` names, checked to be of the same scheme type. */
function matchingConfig(
  configs: readonly AuthSchemeConfig[],
  sent: AuthSchemeConfig,
  path: ReadonlyArray<PropertyKey>,
): AuthSchemeConfig {
  const config = configs.find((c) => c.id === sent.id);
  if (config === undefined) throw invalidField(fieldPath([...path, 'id']), 'is not an auth scheme config of this connector');
  if (config.schemeType !== sent.schemeType) {
    throw invalidField(fieldPath([...path, 'schemeType']), `must be "${config.schemeType}", the scheme type of auth scheme config ${config.id}`);
  }
  return config;
}

function credentialData(
  type: CredentialType,
  data: Record<string, unknown>,
  config: AuthSchemeConfig,
): { type: CredentialType; data: Record<string, unknown>; expiresAt?: string } {
  if (type !== 'oauth2-code') return { type, data };
  // The platform exchanges an authorization code for tokens at once; the emulator makes up the tokens.
  const suffix = Math.random().toString(36).slice(2);
  return {
    type: 'oauth2-token',
    data: {
      scopes: config.schemeType === 'oauth2' ? [...config.defaultScopes] : [],
      accessToken: `emulated-access-${suffix}`,
      refreshToken: `emulated-refresh-${suffix}`,
    },
    expiresAt: new Date(Date.now() + OAUTH2_TOKEN_LIFETIME_MS).toISOString(),
  };
}

/** Builds a new connection and its credentials from a validated body, without touching the store. */
export function prepareConnection(
  ctx: ApiContext,
  configs: readonly AuthSchemeConfig[],
  connectionVariables: readonly ConnectionVariable[] | undefined,
  input: ConnectionCreate,
  path: ReadonlyArray<PropertyKey>,
  now: string,
): PreparedConnection {
  const credentials: StoredCredential[] = [];
  const lists: StoredConnection['credentials'] = {};
  for (const list of CREDENTIAL_LISTS) {
    const entries = input.credentials[list];
    if (entries === undefined) continue;
    lists[list] = entries.map((entry, index): StoredConnectionCredential => {
      const entryPath = [...path, 'credentials', list, index];
      const config = matchingConfig(configs, entry.authSchemeConfig, [...entryPath, 'authSchemeConfig']);
      const data = parseWith(CredentialDataByType[entry.credential.type], entry.credential.data, [...entryPath, 'credential', 'data']);
      const stored = credentialData(entry.credential.type, data, config);
      const credential: StoredCredential = {
        id: ctx.newId(),
        organisationId: ctx.organisationId,
        name: entry.credential.name,
        ...stored,
        createdAt: now,
        updatedAt: now,
      };
      credentials.push(credential);
      return { id: ctx.newId(), authSchemeConfigId: config.id, authSchemeConfig: structuredClone(config), credentialId: credential.id };
    });
  }
  const connection: StoredConnection = {
    id: ctx.newId(),
    name: input.name,
    credentials: lists,
    variables: initialVariables(connectionVariables, input.variables),
    inUse: false,
    createdAt: now,
    updatedAt: now,
  };
  return { connection, credentials };
}

export function connectionNameTaken(connector: StoredConnector, name: string, exceptId?: string): boolean {
  return connector.connections.some((c) => c.name === name && c.id !== exceptId);
}

export function listConnectorConnections(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const page = paginate(connector.connections, ctx.query);
  return {
    status: 200,
    body: pageBody(page, 'items', renderConnectionSummary),
  };
}

export function createConnection(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const input = parseWith(ConnectionCreate, ctx.body);
  if (connectionNameTaken(connector, input.name)) throw conflict(`a connection named "${input.name}" already exists in this connector`);
  const now = ctx.clock.now();
  const prepared = prepareConnection(ctx, connector.authSchemeConfigs, connector.connectionVariables, input, [], now);
  for (const credential of prepared.credentials) ctx.org.credentials[credential.id] = credential;
  connector.connections.push(prepared.connection);
  touchConnector(connector, now);
  return { status: 200, body: renderConnection(ctx.org, connector, prepared.connection) };
}

export function getConnection(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  return { status: 200, body: renderConnection(ctx.org, connector, findConnection(ctx, connector)) };
}

/** An update may echo a credential back (readonly); any property that differs from the stored one is refused. */
const EchoedCredential = z.object({
  id: z.string().optional(),
  type: z.string().optional(),
  name: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
const ConnectionCredentialUpdate = ConnectionCredentialRef.extend({ credential: EchoedCredential.optional() });
const ConnectionUpdateBody = ConnectionUpdate.extend({
  credentials: z
    .object({ action: z.array(ConnectionCredentialUpdate).optional(), trigger: z.array(ConnectionCredentialUpdate).optional() })
    .optional(),
});

const IMMUTABLE_CREDENTIAL = 'a connection credential cannot be changed; create a new connection';

function checkEchoedCredential(
  echoed: z.infer<typeof EchoedCredential> | undefined,
  stored: StoredCredential | undefined,
  path: ReadonlyArray<PropertyKey>,
): void {
  if (echoed === undefined || stored === undefined) return;
  for (const key of ['id', 'type', 'name'] as const) {
    const value = echoed[key];
    if (value !== undefined && value !== stored[key]) throw invalidField(fieldPath([...path, key]), IMMUTABLE_CREDENTIAL);
  }
  const redacted = REDACTED_CREDENTIAL_FIELDS[stored.type];
  for (const [key, value] of Object.entries(echoed.data ?? {})) {
    // A secret reads back as "", so that is its only echo; comparing any other value would confirm a guessed secret.
    const unchanged = redacted.includes(key) ? value === '' : JSON.stringify(value) === JSON.stringify(stored.data[key]);
    if (!unchanged) {
      throw invalidField(fieldPath([...path, 'data', key]), IMMUTABLE_CREDENTIAL);
    }
  }
}

export function updateConnection(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const connection = findConnection(ctx, connector);
  const input = parseWith(ConnectionUpdateBody, ctx.body);
  if (input.id !== connection.id) throw invalidField('id', `must equal the ID in the path (${connection.id})`);
  if (connectionNameTaken(connector, input.name, connection.id)) {
    throw conflict(`a connection named "${input.name}" already exists in this connector`);
  }
  const reordered: StoredConnection['credentials'] = {};
  for (const list of CREDENTIAL_LISTS) {
    const sent = input.credentials?.[list];
    if (sent === undefined) continue;
    const existing = connection.credentials[list] ?? [];
    const seen = new Set<string>();
    reordered[list] = sent.map((entry, index): StoredConnectionCredential => {
      const entryPath = ['credentials', list, index];
      const current = existing.find((e) => e.id === entry.id);
      if (current === undefined) {
        throw invalidField(fieldPath([...entryPath, 'id']), `is not a credential of this connection's ${list} list; credentials cannot be added here`);
      }
      if (seen.has(entry.id)) throw invalidField(fieldPath([...entryPath, 'id']), 'is listed twice');
      seen.add(entry.id);
      const configPath = [...entryPath, 'authSchemeConfig'];
      if (entry.authSchemeConfig.schemeType !== current.authSchemeConfig.schemeType) {
        throw invalidField(
          fieldPath([...configPath, 'schemeType']),
          `cannot change from "${current.authSchemeConfig.schemeType}"; create a new connection instead`,
        );
      }
      const config = matchingConfig(connector.authSchemeConfigs, entry.authSchemeConfig, configPath);
      checkEchoedCredential(entry.credential, lookup(ctx.org.credentials, current.credentialId), [...entryPath, 'credential']);
      return { ...current, authSchemeConfigId: config.id, authSchemeConfig: structuredClone(config) };
    });
    if (seen.size !== existing.length) {
      throw validationError([
        { field: `credentials.${list}`, message: 'must list every credential of the connection; credentials cannot be removed here' },
      ]);
    }
  }
  const now = ctx.clock.now();
  connection.name = input.name;
  if (input.variables !== undefined) connection.variables = input.variables.map((v) => ({ ...v }));
  Object.assign(connection.credentials, reordered);
  connection.updatedAt = now;
  touchConnector(connector, now);
  return { status: 200, body: renderConnection(ctx.org, connector, connection) };
}

export function deleteConnection(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const connection = findConnection(ctx, connector);
  const force = parseForce(ctx);
  if (connection.inUse && !force) {
    throw new ApiError(412, 'failed_precondition', `connection ${connection.id} is in use; pass force=true to delete it anyway`);
  }
  for (const entries of Object.values(connection.credentials)) {
    for (const entry of entries ?? []) delete ctx.org.credentials[entry.credentialId];
  }
  connector.connections = connector.connections.filter((c) => c.id !== connection.id);
  touchConnector(connector, ctx.clock.now());
  return { status: 204 };
}
