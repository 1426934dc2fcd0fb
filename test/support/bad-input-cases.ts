// Invalid programs, one property wrong in each: what `check` must refuse, and the property its message must name.
// Shared by the direct suite (test/provider/bad-input.test.ts) and the engine suite (test/e2e/bad-input.test.ts).
import { UNKNOWN } from '../../provider/diff';
import { dynamicType, type ResourceKind } from '../../provider/dynamic';
import { pem } from './pem';

export interface BadInputCase {
  readonly title: string;
  readonly kind: ResourceKind;
  readonly inputs: Record<string, unknown>;
  /** The property path the failure must name, exactly as `check` reports it. */
  readonly property: string;
  /** What the reason must say. */
  readonly reason: RegExp;
  /** Properties no failure may name (e.g. the right name of a property the user misspelt). */
  readonly notNamed?: readonly string[];
  /** A secret in the inputs that no failure may show. */
  readonly secret?: string;
}

type Failure = { readonly property: string; readonly reason: string };

/**
 * The failure naming `property`, and its reason. A failure about a top-level property whose value could hold a secret
 * names it at the start of its reason instead, with no property (the engine prints the value of a named property).
 */
export function failureNaming(failures: readonly Failure[], property: string): { reason: string } | undefined {
  const named = failures.find((f) => f.property === property);
  if (named !== undefined) return { reason: named.reason };
  const prefix = `${property}: `;
  const inReason = failures.find((f) => f.property === '' && f.reason.startsWith(prefix));
  return inReason === undefined ? undefined : { reason: inReason.reason.slice(prefix.length) };
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

const CERTIFICATE = pem('CERTIFICATE', 'MIIBcertificate');
const PRIVATE_KEY = pem('PRIVATE KEY', 'MIIEprivatekey');
const certificateData = (data: Record<string, unknown>) =>
  withCredential({ name: 'mtls', type: 'certificate', data: { certificate: CERTIFICATE, key: PRIVATE_KEY, ca: '', ...data } }, { id: CONFIG_ID, schemeType: 'certificate' });
const bigQuery = (datasetId: string) => connector({ protocol: 'bigquery', datasetId }, ['baseUrl']);

/** Issue 15, class 1: properties the resource does not have, each named with the closest known one. */
const MISSPELT_PROPERTIES: readonly BadInputCase[] = [
  { title: 'documentationUrl for documentationURL', kind: 'connector', inputs: connector({ documentationUrl: 'https://docs.example.com' }), property: 'documentationUrl', reason: /unknown property "documentationUrl"; did you mean "documentationURL"\?/ },
  { title: 'baseURL for baseUrl', kind: 'connector', inputs: connector({ baseURL: 'https://api.example.com' }, ['baseUrl']), property: 'baseURL', reason: /did you mean "baseUrl"\?/, notNamed: ['baseUrl'] },
  // As the constructor registers `id` and `urn` (which Pulumi would drop) and the resource object's own members.
  { title: 'a name Pulumi keeps for itself', kind: 'connector', inputs: connector({ argumentsReservedByPulumi: ['id'] }), property: 'id', reason: /Pulumi keeps the name "id" for itself; it is not a property of Connector \("name", "protocol"/ },
  { title: 'an output given as an input', kind: 'connector', inputs: connector({ connectorId: CONNECTOR_ID }), property: 'connectorId', reason: /is an output of Connector/ },
  { title: 'defaultScope for defaultScopes', kind: 'authSchemeConfig', inputs: oauth2({ defaultScope: ['read'] }), property: 'defaultScope', reason: /did you mean "defaultScopes"\?/ },
  { title: 'tokenURL for tokenUrl', kind: 'authSchemeConfig', inputs: oauth2({ tokenURL: 'https://auth.example.com/token' }, ['tokenUrl']), property: 'tokenURL', reason: /did you mean "tokenUrl"\?/, notNamed: ['tokenUrl'] },
  { title: 'a client secret beside the grant', kind: 'authSchemeConfig', inputs: oauth2({ grant: { grantType: 'authorization_code', clientId: 'app' }, clientSecret: 'top-level-secret-1' }), property: 'clientSecret', reason: /unknown property "clientSecret"; it belongs in "grant"/, secret: 'top-level-secret-1' },
  { title: 'an hmac property on an api-key config', kind: 'authSchemeConfig', inputs: apiKey({ algorithm: 'sha256' }), property: 'algorithm', reason: /unknown property "algorithm"/ },
  { title: 'misspelt scope property', kind: 'authSchemeConfig', inputs: oauth2({ scopes: [{ name: 'read', descripton: 'Read' }] }), property: 'scopes[0].descripton', reason: /did you mean "description"\?/ },
  { title: 'a connector property on a connection', kind: 'connection', inputs: connection({ connectionVariables: [{ name: 'region', value: 'eu' }] }), property: 'connectionVariables', reason: /did you mean "variables"\?/ },
  { title: 'actions for action', kind: 'connection', inputs: connection({ credentials: { actions: [{ authSchemeConfig: apiKeyRef, credential: stringCredential }] } }), property: 'credentials.actions', reason: /did you mean "action"\?/, notNamed: ['credentials.action'], secret: 'secret-value' },
  { title: 'credentail for credential', kind: 'connection', inputs: connection({ credentials: { action: [{ authSchemeConfig: apiKeyRef, credentail: stringCredential }] } }), property: 'credentials.action[0].credentail', reason: /did you mean "credential"\?/, notNamed: ['credentials.action[0].credential'] },
  { title: 'schemaType for schemeType', kind: 'connection', inputs: withCredential(stringCredential, { id: CONFIG_ID, schemaType: 'api-key' }), property: 'credentials.action[0].authSchemeConfig.schemaType', reason: /did you mean "schemeType"\?/ },
  { title: 'unknown credential data property', kind: 'connection', inputs: withCredential({ name: 'key', type: 'string', data: { value: 'v', header: 'X-Key' } }), property: 'credentials.action[0].credential.data.header', reason: /unknown property "header"; the properties here are "value"/ },
  { title: 'unknown variable property', kind: 'connection', inputs: connection({ variables: [{ name: 'batch', value: '1', secret: true }] }), property: 'variables[0].secret', reason: /unknown property "secret"/ },
];

/** Issue 15, class 2: a wrong shape anywhere is a failure naming the field (the constructors register it as written). */
const WRONG_SHAPES: readonly BadInputCase[] = [
  { title: 'one credential where a list belongs', kind: 'connection', inputs: connection({ credentials: { action: { authSchemeConfig: apiKeyRef, credential: stringCredential } } }), property: 'credentials.action', reason: /expected array, received object/ },
  { title: 'a list where the credentials object belongs', kind: 'connection', inputs: connection({ credentials: [{ authSchemeConfig: apiKeyRef, credential: stringCredential }] }), property: 'credentials', reason: /expected object, received array/, secret: 'secret-value' },
  { title: 'a string where the credentials object belongs', kind: 'connection', inputs: connection({ credentials: 'plain-secret-2' }), property: 'credentials', reason: /expected object, received string/, secret: 'plain-secret-2' },
  { title: 'a string where a credential item belongs', kind: 'connection', inputs: connection({ credentials: { action: ['key'] } }), property: 'credentials.action[0]', reason: /expected object, received string/ },
  { title: 'credential data that is a string', kind: 'connection', inputs: withCredential({ name: 'key', type: 'string', data: 'data-secret-3' }), property: 'credentials.action[0].credential.data', reason: /expected object, received string/ },
  { title: 'a string where the grant belongs', kind: 'authSchemeConfig', inputs: oauth2({ grant: 'grant-secret-4' }), property: 'grant', reason: /expected object, received string/, secret: 'grant-secret-4' },
  { title: 'scopes that are a string', kind: 'authSchemeConfig', inputs: oauth2({ scopes: 'read write' }), property: 'scopes', reason: /expected array, received string/ },
  { title: 'tags that are a list', kind: 'connector', inputs: connector({ tags: ['team'] }), property: 'tags', reason: /expected record, received array/ },
  { title: 'connection variables that are an object', kind: 'connector', inputs: connector({ connectionVariables: { region: 'eu' } }), property: 'connectionVariables', reason: /expected array, received object/ },
];

/** Issue 15, class 3: values the platform may take but that are wrong or unsafe. */
const UNSAFE_VALUES: readonly BadInputCase[] = [
  { title: 'base URL carrying credentials', kind: 'connector', inputs: connector({ baseUrl: 'https://svc:url-secret-5@api.example.com/v1' }), property: 'baseUrl', reason: /must not carry credentials .*plain text in the state.*Connection/, secret: 'url-secret-5' },
  { title: 'base URL with a fragment', kind: 'connector', inputs: connector({ baseUrl: 'https://api.example.com/v1#contacts' }), property: 'baseUrl', reason: /must not have a fragment \("#contacts"\).*never sent to the server/ },
  { title: 'documentation URL carrying credentials', kind: 'connector', inputs: connector({ documentationURL: 'https://reader:doc-secret-6@docs.example.com' }), property: 'documentationURL', reason: /must not carry credentials/, secret: 'doc-secret-6' },
  { title: 'token URL carrying credentials', kind: 'authSchemeConfig', inputs: oauth2({ tokenUrl: 'https://app:token-secret-7@auth.example.com/token' }), property: 'tokenUrl', reason: /must not carry credentials/, secret: 'token-secret-7' },
  { title: 'authorize URL with a fragment', kind: 'authSchemeConfig', inputs: oauth2({ authorizeUrl: 'https://auth.example.com/authorize#login' }), property: 'authorizeUrl', reason: /must not have a fragment/ },
  { title: 'an empty string credential (an unset variable)', kind: 'connection', inputs: withCredential({ name: 'key', type: 'string', data: { value: '' } }), property: 'credentials.action[0].credential.data.value', reason: /must not be empty \(is the configuration value or environment variable/ },
  { title: 'a blank string credential', kind: 'connection', inputs: withCredential({ name: 'key', type: 'string', data: { value: '  ' } }), property: 'credentials.action[0].credential.data.value', reason: /must not be empty/ },
  { title: 'an empty binary credential', kind: 'connection', inputs: withCredential({ name: 'blob', type: 'binary', data: { valueBase64: '' } }, { id: CONFIG_ID }), property: 'credentials.action[0].credential.data.valueBase64', reason: /must not be empty/ },
  { title: 'certificate that is not PEM', kind: 'connection', inputs: certificateData({ certificate: 'MIIBcertificate' }), property: 'credentials.action[0].credential.data.certificate', reason: /must be a certificate in PEM form \("-----BEGIN CERTIFICATE-----"/ },
  { title: 'a certificate where the key belongs', kind: 'connection', inputs: certificateData({ key: CERTIFICATE }), property: 'credentials.action[0].credential.data.key', reason: /private key in PEM form .*\(it holds a CERTIFICATE\)/ },
  { title: 'a key with escaped line breaks', kind: 'connection', inputs: certificateData({ key: PRIVATE_KEY.replace(/\n/g, '\\n') }), property: 'credentials.action[0].credential.data.key', reason: /"\\n" escapes: give real line breaks/ },
  { title: 'CA that is not PEM', kind: 'connection', inputs: certificateData({ ca: 'ca.pem' }), property: 'credentials.action[0].credential.data.ca', reason: /CA certificates \(or "" for none\) in PEM form/ },
  { title: 'dataset whose project id is not valid', kind: 'connector', inputs: bigQuery('My_Project.sales'), property: 'datasetId', reason: /"My_Project" is not a project id/ },
  { title: 'dataset whose name is not valid', kind: 'connector', inputs: bigQuery('my-project.sales-2024'), property: 'datasetId', reason: /"sales-2024" is not a dataset name/ },
];

/** Issue 15, class 4: what the program declares is judged before anything is created. */
const KNOWN_BEFORE_CREATION: readonly BadInputCase[] = [
  {
    title: 'a basic-auth credential on a new api-key AuthSchemeConfig resource',
    kind: 'connection',
    // As the constructor registers it on a new stack: the config output is pending, its declared scheme type is not.
    inputs: connection({
      credentials: { action: [{ authSchemeConfig: UNKNOWN, credential: { name: 'login', type: 'basic-auth', data: { username: 'u', password: 'p' } } }] },
      declaredSchemeTypes: { action: ['api-key'] },
    }),
    property: 'credentials.action[0].credential.type',
    reason: /"api-key" auth scheme takes "string" credentials, not "basic-auth"/,
  },
];

/** Issue 15, class 5: a ULID that is wrong is told what is wrong with it (one in lower case is accepted). */
const ULID_MESSAGES: readonly BadInputCase[] = [
  { title: 'ULID with a letter outside Crockford base32', kind: 'connection', inputs: connection({ connectorId: '01JB00000000000000000000CU' }), property: 'connectorId', reason: /"U" \(character 26\) is not Crockford base32/ },
  { title: 'ULID one character short', kind: 'authSchemeConfig', inputs: apiKey({ authSchemeConfigId: '01JB00000000000000000000A' }), property: 'authSchemeConfigId', reason: /26 characters, not 25/ },
  { title: 'ULID beyond the timestamp range', kind: 'connector', inputs: connector({ adoptId: '81JB00000000000000000000CN' }), property: 'adoptId', reason: /first character is at most "7", not "8"/ },
];

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
  { title: 'unknown connector property', kind: 'connector', inputs: connector({ colour: 'blue' }), property: 'colour', reason: /unknown property "colour"; the properties here are "name", "protocol"/ },
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
  { title: 'connection without credential lists', kind: 'connection', inputs: connection({ credentials: {} }), property: 'credentials.action', reason: /needs an "action" or a "trigger" list/ },
  { title: 'connection with an empty credential list', kind: 'connection', inputs: connection({ credentials: { action: [] } }), property: 'credentials.action', reason: /must hold at least one credential/ },
  { title: 'unknown credential type', kind: 'connection', inputs: withCredential({ name: 'key', type: 'magic', data: {} }), property: 'credentials.action[0].credential.type', reason: /invalid|expected/i },
  { title: 'credential type the API cannot take', kind: 'connection', inputs: withCredential({ name: 'key', type: 'jwt-bearer', data: {} }), property: 'credentials.action[0].credential.type', reason: /cannot be created through the Versori Connect API/ },
  { title: 'credential type that does not fit its scheme', kind: 'connection', inputs: withCredential({ name: 'login', type: 'basic-auth', data: { username: 'u', password: 'p' } }), property: 'credentials.action[0].credential.type', reason: /"api-key" auth scheme takes "string" credentials, not "basic-auth"/ },
  { title: 'credential data missing its value', kind: 'connection', inputs: withCredential({ name: 'key', type: 'string', data: {} }), property: 'credentials.action[0].credential.data.value', reason: /expected string/i },
  { title: 'credential without a name', kind: 'connection', inputs: withCredential({ type: 'string', data: { value: 'v' } }), property: 'credentials.action[0].credential.name', reason: /expected string/i },
  { title: 'auth scheme config reference that is not a ULID', kind: 'connection', inputs: withCredential(stringCredential, { id: 'key-config', schemeType: 'api-key' }), property: 'credentials.action[0].authSchemeConfig.id', reason: /must be a ULID/ },
  { title: 'duplicate variable names', kind: 'connection', inputs: connection({ variables: [{ name: 'batch', value: '1' }, { name: 'batch', value: '2' }] }), property: 'variables[1].name', reason: /duplicate variable name "batch"/ },
  { title: 'variables of the wrong type', kind: 'connection', inputs: connection({ variables: 'batch=1' }), property: 'variables', reason: /expected array/i },
  ...MISSPELT_PROPERTIES,
  ...WRONG_SHAPES,
  ...UNSAFE_VALUES,
  ...KNOWN_BEFORE_CREATION,
  ...ULID_MESSAGES,
];

/**
 * The reason the engine printed for `property` of the resource 'bad', e.g. `error: pulumi-nodejs:dynamic/versori:Connector
 * resource 'bad': property baseUrl value {http://…} has a problem: must use https …`; or, for a top-level property
 * whose value is not printed, `… resource 'bad' has a problem: baseUrl: must not carry credentials …`.
 */
export function printedReason(output: string, kind: BadInputCase['kind'], property: string): string | undefined {
  const resource = `error: ${dynamicType(kind)} resource 'bad'`;
  for (const line of output.split('\n').map((l) => l.trim())) {
    if (line.startsWith(`${resource}: property ${property} value `) && line.includes(' has a problem: ')) {
      return line.slice(line.indexOf(' has a problem: ') + ' has a problem: '.length);
    }
    if (line.startsWith(`${resource} has a problem: ${property}: `)) return line.slice(`${resource} has a problem: ${property}: `.length);
  }
  return undefined;
}
