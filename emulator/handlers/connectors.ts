import {
  BigQueryConnectorCreate,
  ConnectorTagsUpdate,
  ConnectorUpdate,
  HttpConnectorCreate,
  fieldPath,
  type AuthSchemeConfig,
  type ConnectionCreate,
  type ConnectionVariable,
  type Protocol,
} from '../../api/schemas';
import { ApiError, conflict, invalidField } from '../errors';
import { pageBody, paginate, queryParam } from '../pagination';
import { renderConnector } from '../render';
import type { StoredConnector } from '../store';
import { categoriesFilter } from './categories';
import { commitPrepared, grantCredentialId, prepareAuthSchemeConfig } from './auth-scheme-configs';
import { prepareConnection } from './connections';
import { parseWith, type ApiContext, type ApiResult } from './context';
import { findConnector, parseForce, touchConnector } from './lookup';

interface NewConnector {
  name: string;
  protocol: Protocol;
  baseUrl?: string;
  datasetId?: string;
  public?: boolean;
  tags?: Record<string, unknown>;
  authSchemeConfigs: AuthSchemeConfig[];
  connectionVariables?: ConnectionVariable[];
  connections: ConnectionCreate[];
}

function createConnector(ctx: ApiContext, input: NewConnector): ApiResult {
  const now = ctx.clock.now();
  const seenConfigIds = new Set<string>();
  const preparedConfigs = input.authSchemeConfigs.map((config, index) => {
    if (seenConfigIds.has(config.id)) throw invalidField(`authSchemeConfigs[${index}].id`, 'is used by another auth scheme config of this connector');
    seenConfigIds.add(config.id);
    return prepareAuthSchemeConfig(ctx, config, ['authSchemeConfigs', index], now);
  });
  const configs = preparedConfigs.map((p) => p.config);
  const seenNames = new Set<string>();
  const preparedConnections = input.connections.map((connection, index) => {
    if (seenNames.has(connection.name)) throw conflict(`connections[${index}]: a connection named "${connection.name}" is given twice`);
    seenNames.add(connection.name);
    return prepareConnection(ctx, configs, input.connectionVariables, connection, ['connections', index], now);
  });
  const connector: StoredConnector = {
    id: ctx.newId(),
    organisationId: ctx.organisationId,
    name: input.name,
    protocol: input.protocol,
    ...(input.baseUrl !== undefined && { baseUrl: input.baseUrl }),
    ...(input.protocol === 'bigquery' && { datasetId: input.datasetId ?? '' }),
    public: input.public ?? false,
    ...(input.tags !== undefined && { tags: input.tags }),
    authSchemeConfigs: configs,
    ...(input.connectionVariables !== undefined && { connectionVariables: input.connectionVariables }),
    connections: preparedConnections.map((p) => p.connection),
    inUse: false,
    createdAt: now,
    updatedAt: now,
  };
  commitPrepared(ctx, preparedConfigs);
  for (const prepared of preparedConnections) for (const c of prepared.credentials) ctx.org.credentials[c.id] = c;
  ctx.org.connectors[connector.id] = connector;
  return { status: 201, body: renderConnector(ctx.org, connector) };
}

export function createHttpConnector(ctx: ApiContext): ApiResult {
  const input = parseWith(HttpConnectorCreate, ctx.body);
  return createConnector(ctx, { ...input, protocol: 'http' });
}

export function createBigQueryConnector(ctx: ApiContext): ApiResult {
  const input = parseWith(BigQueryConnectorCreate, ctx.body);
  return createConnector(ctx, { ...input, protocol: 'bigquery', authSchemeConfigs: [] });
}

/** A filter that keeps values containing `wanted`, ignoring case; no filter when the parameter is absent. */
function substringFilter(wanted: string | undefined): (value: string) => boolean {
  if (wanted === undefined) return () => true;
  const needle = wanted.toLowerCase();
  return (value) => value.toLowerCase().includes(needle);
}

export function listConnectors(ctx: ApiContext): ApiResult {
  const nameMatches = substringFilter(queryParam(ctx.query, 'name'));
  const protocolMatches = substringFilter(queryParam(ctx.query, 'protocol'));
  const categoryMatches = categoriesFilter(ctx.query);
  const matching = Object.values(ctx.org.connectors).filter((c) => nameMatches(c.name) && protocolMatches(c.protocol) && categoryMatches(c));
  const page = paginate(matching, ctx.query);
  return {
    status: 200,
    body: pageBody(page, 'connectors', (c) => renderConnector(ctx.org, c)),
  };
}

export function getConnector(ctx: ApiContext): ApiResult {
  return { status: 200, body: renderConnector(ctx.org, findConnector(ctx)) };
}

/** PUT replaces: mutable fields missing from the body are unset. Configs and connections are not touched here. */
export function updateConnector(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const input = parseWith(ConnectorUpdate, ctx.body);
  if (input.id !== connector.id) throw invalidField('id', `is immutable and must equal the ID in the path (${connector.id})`);
  if (input.organisationId !== connector.organisationId) {
    throw invalidField('organisationId', `is immutable and must be ${connector.organisationId}`);
  }
  if (input.protocol !== connector.protocol) throw invalidField('protocol', `is immutable and must be ${connector.protocol}`);
  let order = connector.authSchemeConfigs;
  if (input.authSchemeConfigIds !== undefined) {
    const seen = new Set<string>();
    order = input.authSchemeConfigIds.map((id, index) => {
      const config = connector.authSchemeConfigs.find((c) => c.id === id);
      if (config === undefined) throw invalidField(fieldPath(['authSchemeConfigIds', index]), 'is not an auth scheme config of this connector');
      if (seen.has(id)) throw invalidField(fieldPath(['authSchemeConfigIds', index]), 'is listed twice');
      seen.add(id);
      return config;
    });
    if (order.length !== connector.authSchemeConfigs.length) {
      throw invalidField('authSchemeConfigIds', 'must list every auth scheme config of the connector (it only reorders them)');
    }
  }
  const now = ctx.clock.now();
  connector.name = input.name;
  if (input.protocol === 'http') connector.baseUrl = input.baseUrl;
  else connector.datasetId = input.datasetId;
  connector.public = input.public ?? false;
  setOrUnset(connector, 'documentationURL', input.documentationURL);
  setOrUnset(connector, 'imageURL', input.imageURL);
  setOrUnset(connector, 'tags', input.tags);
  connector.authSchemeConfigs = order;
  if (input.connectionVariables !== undefined) {
    const variables = input.connectionVariables;
    connector.connectionVariables = variables.map((v) => ({ ...v }));
    for (const connection of connector.connections) {
      connection.variables = variables.map((v) => ({ ...v }));
      connection.updatedAt = now;
    }
  }
  touchConnector(connector, now);
  return { status: 200, body: renderConnector(ctx.org, connector) };
}

function setOrUnset<K extends 'documentationURL' | 'imageURL' | 'tags'>(
  connector: StoredConnector,
  key: K,
  value: StoredConnector[K] | undefined,
): void {
  if (value === undefined) delete connector[key];
  else connector[key] = value;
}

export function updateConnectorTags(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const input = parseWith(ConnectorTagsUpdate, ctx.body);
  setOrUnset(connector, 'tags', input.tags);
  touchConnector(connector, ctx.clock.now());
  return { status: 204 };
}

export function deleteConnector(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const force = parseForce(ctx);
  const inUse = connector.inUse || connector.connections.some((c) => c.inUse);
  if (inUse && !force) throw new ApiError(409, 'conflict', `connector ${connector.id} is in use; pass force=true to delete it anyway`);
  for (const connection of connector.connections) {
    for (const entries of Object.values(connection.credentials)) {
      for (const entry of entries ?? []) delete ctx.org.credentials[entry.credentialId];
    }
  }
  for (const config of connector.authSchemeConfigs) {
    const credentialId = grantCredentialId(config);
    if (credentialId !== undefined) delete ctx.org.credentials[credentialId];
  }
  delete ctx.org.connectors[connector.id];
  return { status: 204 };
}
