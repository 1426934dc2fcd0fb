// A CRM connector with an API-key and an OAuth 2.0 auth scheme config, and one connection for each.
// A Pulumi program folder: `npm run demo` runs it against the local emulator; copy it as a template for a real stack.
import * as pulumi from '@pulumi/pulumi';
import * as versori from 'pulumi-versori';

const config = new pulumi.Config();
// Secrets come from secret stack config, so the engine also masks them in its own logs.
const apiKey = config.requireSecret('apiKey');
const clientSecret = config.requireSecret('clientSecret');

const crm = new versori.Connector('crm', {
  name: 'Example CRM',
  baseUrl: config.get('connectorBaseUrl') ?? 'https://api.example-crm.com/v2',
  documentationURL: 'https://docs.example-crm.com',
  tags: { team: 'platform', purpose: 'demo' },
  connectionVariables: [{ name: 'region', value: 'eu-west-1' }],
});

const apiKeyScheme = new versori.AuthSchemeConfig('crm-api-key', {
  connectorId: crm.id,
  schemeType: 'api-key',
  description: 'API key in the X-API-Key header',
  name: 'X-API-Key',
  in: 'header',
});

const oauthScheme = new versori.AuthSchemeConfig('crm-oauth2', {
  connectorId: crm.id,
  schemeType: 'oauth2',
  description: 'OAuth 2.0 client credentials',
  authorizeUrl: 'https://auth.example-crm.com/authorize',
  tokenUrl: 'https://auth.example-crm.com/token',
  scopes: [{ name: 'contacts.read', description: 'Read contacts' }, { name: 'contacts.write' }],
  defaultScopes: ['contacts.read'],
  grant: { grantType: 'client_credentials' },
});

const reporting = new versori.Connection('crm-reporting', {
  connectorId: crm.id,
  name: 'crm-reporting',
  credentials: {
    action: [
      {
        authSchemeConfig: apiKeyScheme,
        credential: { name: 'crm-reporting-key', type: 'string', data: { value: apiKey } },
      },
    ],
  },
});

const sync = new versori.Connection('crm-sync', {
  connectorId: crm.id,
  name: 'crm-sync',
  variables: [
    { name: 'region', value: 'eu-west-1' },
    { name: 'batchSize', value: '200' },
  ],
  credentials: {
    action: [
      {
        authSchemeConfig: oauthScheme,
        credential: {
          name: 'crm-sync-client',
          type: 'oauth2-client',
          data: {
            clientId: 'crm-sync',
            clientSecret,
            authorizeUrl: 'https://auth.example-crm.com/authorize',
            tokenUrl: 'https://auth.example-crm.com/token',
            scopes: ['contacts.read'],
          },
        },
      },
    ],
  },
});

export const connectorId = crm.id;
export const authSchemeConfigIds = [apiKeyScheme.id, oauthScheme.id];
export const connectionIds = [reporting.id, sync.id];
