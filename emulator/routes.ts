import { createBigQueryConnector, createHttpConnector, deleteConnector, getConnector, listConnectors, updateConnector, updateConnectorTags } from './handlers/connectors';
import { deleteAuthSchemeConfig, upsertAuthSchemeConfig } from './handlers/auth-scheme-configs';
import { createConnection, deleteConnection, getConnection, listConnectorConnections, updateConnection } from './handlers/connections';
import { API_BASE_PATH } from '../api/schemas';
import type { ApiHandler } from './handlers/context';
import { updateConnectorCategories } from './handlers/categories';
import { createDefinitions, deleteDefinition, deleteDefinitions, getDefinition, listDefinitions, SCHEMA_URL_PATH, updateDefinition } from './handlers/definitions';
import { getRawSchema } from './handlers/raw-schemas';
import { operationHandlers } from './handlers/operations';
import { createVersion, deleteVersion, getVersion, listVersions, publishVersion, unpublishVersion, updateVersion } from './handlers/versions';

const actions = operationHandlers('action');
const triggers = operationHandlers('trigger');
const VERSION = '/o/:organisationId/connectors/:connectorId/versions/:version';

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
  { path: '/o/:organisationId/connectors/:connectorId/categories', methods: { PUT: updateConnectorCategories } },
  { path: '/o/:organisationId/connectors/:connectorId/versions', methods: { GET: listVersions, POST: createVersion } },
  { path: VERSION, methods: { GET: getVersion, PUT: updateVersion, DELETE: deleteVersion } },
  { path: `${VERSION}/publish`, methods: { POST: publishVersion } },
  { path: `${VERSION}/unpublish`, methods: { POST: unpublishVersion } },
  { path: `${VERSION}/actions`, methods: { GET: actions.list, POST: actions.create } },
  { path: `${VERSION}/actions/:actionName`, methods: { GET: actions.get, PUT: actions.update, DELETE: actions.remove } },
  { path: `${VERSION}/triggers`, methods: { GET: triggers.list, POST: triggers.create } },
  { path: `${VERSION}/triggers/:triggerName`, methods: { GET: triggers.get, PUT: triggers.update, DELETE: triggers.remove } },
  { path: `${VERSION}/definitions`, methods: { GET: listDefinitions, POST: createDefinitions, DELETE: deleteDefinitions } },
  { path: `${VERSION}/definitions/:definitionName`, methods: { GET: getDefinition, PUT: updateDefinition, DELETE: deleteDefinition } },
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

/**
 * GetRawSchema, whose answer is a schema document rather than JSON (more page §M9): at its API path, and, by the
 * emulator's Decision there, at the path of a definition's `url`. Full paths, as the second lies outside the base path.
 */
export const SCHEMA_ROUTES: ReadonlyArray<{ url: string; methods: Partial<Record<HttpMethod, ApiHandler>> }> = [
  { url: `${API_BASE_PATH}/o/:organisationId/schemas/:connectorId/:version/:schemaFilename`, methods: { GET: getRawSchema } },
  { url: `${SCHEMA_URL_PATH}/o/:organisationId/:connectorId/:version/:schemaFilename`, methods: { GET: getRawSchema } },
];
