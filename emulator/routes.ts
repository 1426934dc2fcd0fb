import { createBigQueryConnector, createHttpConnector, deleteConnector, getConnector, listConnectors, updateConnector, updateConnectorTags } from './handlers/connectors';
import { deleteAuthSchemeConfig, upsertAuthSchemeConfig } from './handlers/auth-scheme-configs';
import { createConnection, deleteConnection, getConnection, listConnectorConnections, updateConnection } from './handlers/connections';
import type { ApiHandler } from './handlers/context';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
export const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** The API's paths (relative to the base path), each with its handler per method. */
export const API_ROUTES: ReadonlyArray<{ path: string; methods: Partial<Record<HttpMethod, ApiHandler>> }> = [
  { path: '/o/:organisationId/protocols/http/connectors', methods: { POST: createHttpConnector } },
  { path: '/o/:organisationId/protocols/bigquery/connectors', methods: { POST: createBigQueryConnector } },
  { path: '/o/:organisationId/connectors', methods: { GET: listConnectors } },
  {
    path: '/o/:organisationId/connectors/:connectorId',
    methods: { GET: getConnector, PUT: updateConnector, DELETE: deleteConnector },
  },
  { path: '/o/:organisationId/connectors/:connectorId/tags', methods: { PUT: updateConnectorTags } },
  {
    path: '/o/:organisationId/connectors/:connectorId/auth-scheme-configs/:authSchemeConfigId',
    methods: { PUT: upsertAuthSchemeConfig, DELETE: deleteAuthSchemeConfig },
  },
  {
    path: '/o/:organisationId/connectors/:connectorId/connections',
    methods: { GET: listConnectorConnections, POST: createConnection },
  },
  {
    path: '/o/:organisationId/connectors/:connectorId/connections/:connectionId',
    methods: { GET: getConnection, PUT: updateConnection, DELETE: deleteConnection },
  },
];
