// Turns stored objects into API responses. Every credential passes through renderCredential, which redacts.
import {
  CREDENTIAL_LISTS,
  type AuthSchemeConfig,
  type Connection,
  type ConnectionCredential,
  type ConnectionSummary,
  type Connector,
  type Credential,
} from '../api/schemas';
import { redactedData } from './redact';
import { renderVersions } from './version-render';
import {
  lookup,
  type OrganisationState,
  type StoredConnection,
  type StoredConnector,
  type StoredCredential,
} from './store';

export function renderCredential(credential: StoredCredential): Credential {
  const out: Credential = {
    id: credential.id,
    organisationId: credential.organisationId,
    type: credential.type,
    name: credential.name,
    data: redactedData(credential.type, credential.data),
  };
  if (credential.expiresAt !== undefined) out.expiresAt = credential.expiresAt;
  return out;
}

/**
 * An oauth2 grant comes back with its credential's IDs and client ID, never its client secret. The client ID is the
 * credential's, or, once the credential is gone with its config, the one kept in the grant.
 */
export function renderAuthSchemeConfig(org: OrganisationState, config: AuthSchemeConfig): AuthSchemeConfig {
  if (config.schemeType !== 'oauth2' || config.grant.grantType === 'client_credentials') return structuredClone(config);
  const grant = { grantType: config.grant.grantType, credentialId: config.grant.credentialId, organisationId: config.grant.organisationId };
  const credential = grant.credentialId === undefined ? undefined : lookup(org.credentials, grant.credentialId);
  const clientId = credential === undefined ? config.grant.clientId : credential.data.clientId;
  return {
    ...structuredClone(config),
    grant: typeof clientId === 'string' ? { ...grant, clientId } : grant,
  };
}

export function renderConnection(org: OrganisationState, connector: StoredConnector, connection: StoredConnection): Connection {
  const credentials: Connection['credentials'] = {};
  for (const list of CREDENTIAL_LISTS) {
    const entries = connection.credentials[list];
    if (entries === undefined) continue;
    credentials[list] = entries.flatMap((entry): ConnectionCredential[] => {
      const credential = lookup(org.credentials, entry.credentialId);
      if (credential === undefined) return [];
      const current = connector.authSchemeConfigs.find((c) => c.id === entry.authSchemeConfigId);
      return [
        {
          id: entry.id,
          authSchemeConfig: renderAuthSchemeConfig(org, current ?? entry.authSchemeConfig),
          credential: renderCredential(credential),
        },
      ];
    });
  }
  return {
    id: connection.id,
    name: connection.name,
    credentials,
    variables: connection.variables.map((v) => ({ ...v })),
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
  };
}

export function renderConnectionSummary(connection: StoredConnection): ConnectionSummary {
  return { id: connection.id, name: connection.name, createdAt: connection.createdAt, updatedAt: connection.updatedAt };
}

export function renderConnector(org: OrganisationState, connector: StoredConnector): Connector {
  const base = {
    id: connector.id,
    organisationId: connector.organisationId,
    name: connector.name,
    public: connector.public,
    ...(connector.documentationURL !== undefined && { documentationURL: connector.documentationURL }),
    ...(connector.imageURL !== undefined && { imageURL: connector.imageURL }),
    ...(connector.tags !== undefined && { tags: structuredClone(connector.tags) }),
    authSchemeConfigs: connector.authSchemeConfigs.map((c) => renderAuthSchemeConfig(org, c)),
    ...(connector.connectionVariables !== undefined && { connectionVariables: connector.connectionVariables.map((v) => ({ ...v })) }),
    connections: connector.connections.map((c) => renderConnection(org, connector, c)),
    versions: renderVersions(connector),
    createdAt: connector.createdAt,
    updatedAt: connector.updatedAt,
  };
  return connector.protocol === 'http'
    ? { ...base, protocol: 'http', baseUrl: connector.baseUrl ?? '' }
    : { ...base, protocol: 'bigquery', datasetId: connector.datasetId ?? '' };
}
