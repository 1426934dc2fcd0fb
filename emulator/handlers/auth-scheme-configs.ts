import { fieldPath, ULID_PATTERN, AuthSchemeConfig, type OAuth2Grant } from '../../api/schemas';
import { invalidField, notFound } from '../errors';
import { renderAuthSchemeConfig, renderConnector } from '../render';
import { lookup, type StoredCredential } from '../store';
import { parseWith, param, type ApiContext, type ApiResult } from './context';
import { findConnector, touchConnector } from './lookup';

export interface PreparedAuthSchemeConfig {
  config: AuthSchemeConfig;
  /** The grant's credential, created or merged; written to the store only once the whole request is valid. */
  credential?: StoredCredential;
}

/** The credential that holds the client secret of `config`'s oauth2 grant, if it has one. */
export function grantCredentialId(config: AuthSchemeConfig | undefined): string | undefined {
  if (config?.schemeType !== 'oauth2' || config.grant.grantType === 'client_credentials') return undefined;
  return config.grant.credentialId;
}

/**
 * Readies a config for storage without touching the store: drops readonly fields and moves an oauth2 grant's
 * client secret into a credential: a new one when the grant names none, else merged into the one it names, which
 * must be the credential of `current` (the config this one replaces): a credential is never shared.
 */
export function prepareAuthSchemeConfig(
  ctx: ApiContext,
  input: AuthSchemeConfig,
  path: ReadonlyArray<PropertyKey>,
  now: string,
  current?: AuthSchemeConfig,
): PreparedAuthSchemeConfig {
  const { validationMessages: _readonly, ...config } = input;
  if (config.schemeType !== 'oauth2' || config.grant.grantType === 'client_credentials') return { config };
  const { grantType, credentialId, organisationId, clientId, clientSecret } = config.grant;
  const grantPath = [...path, 'grant'];
  if ((credentialId === undefined) !== (organisationId === undefined)) {
    const missing = credentialId === undefined ? 'credentialId' : 'organisationId';
    throw invalidField(fieldPath([...grantPath, missing]), 'credentialId and organisationId must be given together');
  }
  let credential: StoredCredential;
  if (credentialId === undefined || organisationId === undefined) {
    credential = {
      id: ctx.newId(),
      organisationId: ctx.organisationId,
      type: 'oauth2-client',
      name: `${config.description || 'oauth2'} (${config.id})`,
      data: {
        ...(clientId !== undefined && { clientId }),
        ...(clientSecret !== undefined && { clientSecret }),
        authorizeUrl: config.authorizeUrl,
        tokenUrl: config.tokenUrl,
      },
      createdAt: now,
      updatedAt: now,
    };
  } else {
    if (organisationId !== ctx.organisationId) {
      throw invalidField(fieldPath([...grantPath, 'organisationId']), 'must be the organisation of the connector');
    }
    const existing = credentialId === grantCredentialId(current) ? lookup(ctx.org.credentials, credentialId) : undefined;
    if (existing === undefined) {
      throw invalidField(
        fieldPath([...grantPath, 'credentialId']),
        'must name the credential created for this auth scheme config; send the grant without credentialId and organisationId to create one',
      );
    }
    credential = {
      ...existing,
      data: {
        ...existing.data,
        ...(clientId !== undefined && { clientId }),
        ...(clientSecret !== undefined && { clientSecret }),
        authorizeUrl: config.authorizeUrl,
        tokenUrl: config.tokenUrl,
      },
      updatedAt: now,
    };
  }
  const grant: OAuth2Grant = { grantType, credentialId: credential.id, organisationId: credential.organisationId };
  return { config: { ...config, grant }, credential };
}

export function commitPrepared(ctx: ApiContext, prepared: readonly PreparedAuthSchemeConfig[]): void {
  for (const { credential } of prepared) if (credential !== undefined) ctx.org.credentials[credential.id] = credential;
}

export function upsertAuthSchemeConfig(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const configId = param(ctx, 'authSchemeConfigId');
  if (!ULID_PATTERN.test(configId)) throw invalidField('auth_scheme_config_id', 'must be a ULID (26 Crockford base32 characters)');
  const input = parseWith(AuthSchemeConfig, ctx.body);
  if (input.id !== configId) throw invalidField('id', `must equal the ID in the path (${configId})`);
  const now = ctx.clock.now();
  const index = connector.authSchemeConfigs.findIndex((c) => c.id === configId);
  const current = connector.authSchemeConfigs[index];
  const prepared = prepareAuthSchemeConfig(ctx, input, [], now, current);
  commitPrepared(ctx, [prepared]);
  const replaced = grantCredentialId(current);
  if (replaced !== undefined && replaced !== grantCredentialId(prepared.config)) delete ctx.org.credentials[replaced];
  if (index === -1) connector.authSchemeConfigs.push(prepared.config);
  else connector.authSchemeConfigs[index] = prepared.config;
  touchConnector(connector, now);
  return { status: 200, body: renderConnector(ctx.org, connector) };
}

export function deleteAuthSchemeConfig(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const configId = param(ctx, 'authSchemeConfigId');
  const config = connector.authSchemeConfigs.find((c) => c.id === configId);
  if (config === undefined) throw notFound(`auth scheme config ${configId}`);
  const rendered = renderAuthSchemeConfig(ctx.org, config);
  for (const connection of connector.connections) {
    for (const entries of Object.values(connection.credentials)) {
      for (const entry of entries ?? []) if (entry.authSchemeConfigId === configId) entry.authSchemeConfig = structuredClone(rendered);
    }
  }
  connector.authSchemeConfigs = connector.authSchemeConfigs.filter((c) => c.id !== configId);
  const credentialId = grantCredentialId(config);
  if (credentialId !== undefined) delete ctx.org.credentials[credentialId];
  touchConnector(connector, ctx.clock.now());
  return { status: 200, body: renderConnector(ctx.org, connector) };
}
