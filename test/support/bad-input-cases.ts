// Invalid programs, one property wrong in each: what `check` must refuse, and the property its message must name.
// Shared by the direct suite (test/provider/bad-input.test.ts) and the engine suite (test/e2e/bad-input.test.ts).
import type { ResourceKind } from '../../provider/dynamic';

export interface BadInputCase {
  readonly title: string;
  readonly kind: ResourceKind;
  readonly inputs: Record<string, unknown>;
  /** The property path the failure must name, exactly as `check` reports it. */
  readonly property: string;
  /** What the reason must say. */
  readonly reason: RegExp;
}

export const CONNECTOR_ID = '01JB00000000000000000000CN';
export const CONFIG_ID = '01JB00000000000000000000AK';

const connector = (extra: Record<string, unknown>, without: string[] = []): Record<string, unknown> => {
  const base: Record<string, unknown> = { name: 'crm', baseUrl: 'https://api.example.com', ...extra };
  for (const key of without) delete base[key];
  return base;
};

const apiKey = (extra: Record<string, unknown>, without: string[] = []): Record<string, unknown> => {
  const base: Record<string, unknown> = {
    connectorId: CONNECTOR_ID,
    schemeType: 'api-key',
    description: 'key',
    name: 'X-API-Key',
    in: 'header',
    ...extra,
  };
  for (const key of without) delete base[key];
  return base;
};

const hmac = (extra: Record<string, unknown>, without: string[] = []): Record<string, unknown> =>
  apiKey({ schemeType: 'hmac', algorithm: 'sha256', digestInputs: ['body'], ...extra }, without);

const oauth2 = (extra: Record<string, unknown>, without: string[] = []): Record<string, unknown> => {
  const base: Record<string, unknown> = {
    connectorId: CONNECTOR_ID,
    schemeType: 'oauth2',
    description: 'oauth',
    authorizeUrl: 'https://auth.example.com/authorize',
    tokenUrl: 'https://auth.example.com/token',
    grant: { grantType: 'client_credentials' },
    ...extra,
  };
  for (const key of without) delete base[key];
  return base;
};

const stringCredential = { name: 'key', type: 'string', data: { value: 'secret-value' } };
const apiKeyRef = { id: CONFIG_ID, schemeType: 'api-key' };

const connection = (extra: Record<string, unknown>, without: string[] = []): Record<string, unknown> => {
  const base: Record<string, unknown> = {
    connectorId: CONNECTOR_ID,
    name: 'prod',
    credentials: { action: [{ authSchemeConfig: apiKeyRef, credential: stringCredential }] },
    ...extra,
  };
  for (const key of without) delete base[key];
  return base;
};

const withCredential = (credential: Record<string, unknown>, ref: Record<string, unknown> = apiKeyRef) =>
  connection({ credentials: { action: [{ authSchemeConfig: ref, credential }] } });

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  // Connector
  { title: 'connector without a name', kind: 'connector', inputs: connector({}, ['name']), property: 'name', reason: /expected string|required/i },
  { title: 'connector with an empty name', kind: 'connector', inputs: connector({ name: '' }), property: 'name', reason: /must not be empty/ },
  { title: 'connector with a blank name', kind: 'connector', inputs: connector({ name: '   ' }), property: 'name', reason: /must not be empty/ },
  { title: 'connector name of the wrong type', kind: 'connector', inputs: connector({ name: 42 }), property: 'name', reason: /expected string/i },
  { title: 'http connector without a base URL', kind: 'connector', inputs: connector({}, ['baseUrl']), property: 'baseUrl', reason: /required for protocol "http"/ },
  { title: 'malformed base URL', kind: 'connector', inputs: connector({ baseUrl: 'api.example.com/v1' }), property: 'baseUrl', reason: /must be an https URL/ },
  { title: 'plain http base URL on a public host', kind: 'connector', inputs: connector({ baseUrl: 'http://api.example.com' }), property: 'baseUrl', reason: /must use https/ },
  { title: 'base URL with another scheme', kind: 'connector', inputs: connector({ baseUrl: 'ftp://files.example.com' }), property: 'baseUrl', reason: /must be an https URL/ },
  { title: 'unknown protocol', kind: 'connector', inputs: connector({ protocol: 'grpc' }), property: 'protocol', reason: /"http"|"bigquery"|invalid option/i },
  { title: 'bigquery connector without a dataset', kind: 'connector', inputs: connector({ protocol: 'bigquery' }, ['baseUrl']), property: 'datasetId', reason: /required for protocol "bigquery"/ },
  { title: 'malformed bigquery dataset', kind: 'connector', inputs: connector({ protocol: 'bigquery', datasetId: 'nodot' }, ['baseUrl']), property: 'datasetId', reason: /<project_id>\.<dataset_name>/ },
  { title: 'duplicate connection variable names', kind: 'connector', inputs: connector({ connectionVariables: [{ name: 'region', value: 'a' }, { name: 'region', value: 'b' }] }), property: 'connectionVariables[1].name', reason: /duplicate variable name "region"/ },
  { title: 'tag value of the wrong type', kind: 'connector', inputs: connector({ tags: { team: 7 } }), property: 'tags.team', reason: /expected string/i },
  { title: 'public flag of the wrong type', kind: 'connector', inputs: connector({ public: 'yes' }), property: 'public', reason: /expected boolean/i },
  { title: 'malformed documentation URL', kind: 'connector', inputs: connector({ documentationURL: 'docs' }), property: 'documentationURL', reason: /must be an http\(s\) URL/ },
  { title: 'adopt id that is not a ULID', kind: 'connector', inputs: connector({ adoptId: 'connector-1' }), property: 'adoptId', reason: /must be a ULID/ },
  { title: 'unknown connector property', kind: 'connector', inputs: connector({ colour: 'blue' }), property: 'colour', reason: /unknown property "colour"/ },
  // AuthSchemeConfig
  { title: 'config whose connector id is not a ULID', kind: 'authSchemeConfig', inputs: apiKey({ connectorId: 'crm' }), property: 'connectorId', reason: /must be a ULID/ },
  { title: 'config id that is not a ULID', kind: 'authSchemeConfig', inputs: apiKey({ authSchemeConfigId: 'key-1' }), property: 'authSchemeConfigId', reason: /must be a ULID/ },
  { title: 'unknown scheme type', kind: 'authSchemeConfig', inputs: apiKey({ schemeType: 'magic-link' }), property: 'schemeType', reason: /invalid|expected/i },
  { title: 'scheme type the API cannot take', kind: 'authSchemeConfig', inputs: apiKey({ schemeType: 'jwt-bearer' }), property: 'schemeType', reason: /cannot be managed through the Versori Connect API/ },
  { title: 'config without a description', kind: 'authSchemeConfig', inputs: apiKey({}, ['description']), property: 'description', reason: /expected string/i },
  { title: 'api-key config without `in`', kind: 'authSchemeConfig', inputs: apiKey({}, ['in']), property: 'in', reason: /"query"|"header"|invalid option/i },
  { title: 'api-key config without `name`', kind: 'authSchemeConfig', inputs: apiKey({}, ['name']), property: 'name', reason: /expected string/i },
  { title: 'api-key config with an invalid location', kind: 'authSchemeConfig', inputs: apiKey({ in: 'body' }), property: 'in', reason: /"query"|"header"|invalid option/i },
  { title: 'hmac config without `in`', kind: 'authSchemeConfig', inputs: hmac({}, ['in']), property: 'in', reason: /"query"|"header"|invalid option/i },
  { title: 'hmac config without `name`', kind: 'authSchemeConfig', inputs: hmac({}, ['name']), property: 'name', reason: /expected string/i },
  { title: 'hmac config with an unknown algorithm', kind: 'authSchemeConfig', inputs: hmac({ algorithm: 'md5' }), property: 'algorithm', reason: /"sha1"|"sha256"|invalid option/i },
  { title: 'hmac config without digest inputs', kind: 'authSchemeConfig', inputs: hmac({ digestInputs: [] }), property: 'digestInputs', reason: /at least one of "body", "url"/ },
  { title: 'oauth2 config without a token URL', kind: 'authSchemeConfig', inputs: oauth2({}, ['tokenUrl']), property: 'tokenUrl', reason: /expected string/i },
  { title: 'oauth2 config with a plain http authorize URL', kind: 'authSchemeConfig', inputs: oauth2({ authorizeUrl: 'http://auth.example.com/authorize' }), property: 'authorizeUrl', reason: /must use https/ },
  { title: 'oauth2 config with an invalid grant', kind: 'authSchemeConfig', inputs: oauth2({ grant: { grantType: 'implicit' } }), property: 'grant.grantType', reason: /invalid|expected/i },
  { title: 'oauth2 config with an unknown grant property', kind: 'authSchemeConfig', inputs: oauth2({ grant: { grantType: 'client_credentials', clientSecret: 's' } }), property: 'grant.clientSecret', reason: /unknown property|unrecognized/i },
  // Connection
  { title: 'connection whose connector id is not a ULID', kind: 'connection', inputs: connection({ connectorId: 'crm' }), property: 'connectorId', reason: /must be a ULID/ },
  { title: 'connection without a name', kind: 'connection', inputs: connection({}, ['name']), property: 'name', reason: /expected string/i },
  { title: 'connection with an empty name', kind: 'connection', inputs: connection({ name: '' }), property: 'name', reason: /must not be empty/ },
  { title: 'connection without credential lists', kind: 'connection', inputs: connection({ credentials: {} }), property: 'credentials', reason: /must have an action or a trigger list/ },
  { title: 'connection with an empty credential list', kind: 'connection', inputs: connection({ credentials: { action: [] } }), property: 'credentials.action', reason: /must hold at least one credential/ },
  { title: 'unknown credential type', kind: 'connection', inputs: withCredential({ name: 'key', type: 'magic', data: {} }), property: 'credentials.action[0].credential.type', reason: /invalid|expected/i },
  { title: 'credential type the API cannot take', kind: 'connection', inputs: withCredential({ name: 'key', type: 'jwt-bearer', data: {} }), property: 'credentials.action[0].credential.type', reason: /cannot be created through the Versori Connect API/ },
  { title: 'credential type that does not fit its scheme', kind: 'connection', inputs: withCredential({ name: 'login', type: 'basic-auth', data: { username: 'u', password: 'p' } }), property: 'credentials.action[0].credential.type', reason: /"api-key" auth scheme takes "string" credentials, not "basic-auth"/ },
  { title: 'credential data missing its value', kind: 'connection', inputs: withCredential({ name: 'key', type: 'string', data: {} }), property: 'credentials.action[0].credential.data.value', reason: /expected string/i },
  { title: 'credential without a name', kind: 'connection', inputs: withCredential({ type: 'string', data: { value: 'v' } }), property: 'credentials.action[0].credential.name', reason: /expected string/i },
  { title: 'auth scheme config reference that is not a ULID', kind: 'connection', inputs: withCredential(stringCredential, { id: 'key-config', schemeType: 'api-key' }), property: 'credentials.action[0].authSchemeConfig.id', reason: /must be a ULID/ },
  { title: 'duplicate variable names', kind: 'connection', inputs: connection({ variables: [{ name: 'batch', value: '1' }, { name: 'batch', value: '2' }] }), property: 'variables[1].name', reason: /duplicate variable name "batch"/ },
  { title: 'variables of the wrong type', kind: 'connection', inputs: connection({ variables: 'batch=1' }), property: 'variables', reason: /expected array/i },
];
