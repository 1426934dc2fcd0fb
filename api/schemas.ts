// Wire schemas of the Versori Connect API v1: the contract the provider and the emulator follow (docs/api-contract.md).
// The emulator validates request bodies with the request schemas; the provider's client parses
// every response with the response schemas. Field names are the API's own.
import { z } from 'zod';

export const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

export const Ulid = z.string().regex(ULID_PATTERN, 'must be a ULID (26 Crockford base32 characters)');
export const Timestamp = z.string().datetime({ offset: true, message: 'must be an RFC 3339 timestamp' });
const NonEmpty = z.string().min(1, 'must not be empty');
const Url = z.string().url('must be a URL');

export const KeyLocation = z.enum(['query', 'header', 'cookie']);
export const Message = z.object({
  text: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
  detail: z.array(z.string()).optional(),
});
export type Message = z.infer<typeof Message>;

export const ConnectionVariable = z.object({ name: NonEmpty, value: z.string() });
export type ConnectionVariable = z.infer<typeof ConnectionVariable>;

/** Request bodies nested deeper than this many levels of arrays and objects are refused with 400. */
export const MAX_BODY_DEPTH = 64;

/**
 * Whether `test` holds for any value inside `value` (itself included), told each one's depth (1 for `value`). A loop,
 * not recursion: inputs may nest deeper than the stack goes. The one walker of nested values.
 */
export function someValueWithin(value: unknown, test: (inner: unknown, depth: number) => boolean): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (test(next.value, next.depth)) return true;
    if (typeof next.value !== 'object' || next.value === null) continue;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/** Whether arrays and objects in `value` nest more than `limit` levels deep; any depth is safe to ask. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  return someValueWithin(value, (inner, depth) => depth > limit && typeof inner === 'object' && inner !== null);
}

/** Free-form, but never deeper than a request body may be, so that whatever holds tags can always serialize them. */
export const Tags = z
  .record(z.string(), z.unknown())
  .refine((tags) => !nestsDeeperThan(tags, MAX_BODY_DEPTH), `must not nest deeper than ${MAX_BODY_DEPTH} levels`);
export type Tags = z.infer<typeof Tags>;

// ---------- AuthSchemeConfig ----------

/** Scheme types the platform names but that cannot be sent to this API. */
export const UNSUPPORTED_SCHEME_TYPES = ['google-service-account', 'jwt-bearer', 'custom-function'] as const;
export const SCHEME_TYPES = ['none', 'api-key', 'basic-auth', 'certificate', 'hmac', 'oauth2'] as const;
export type SchemeType = (typeof SCHEME_TYPES)[number];

const schemeCommon = {
  id: Ulid,
  description: z.string(),
  validationMessages: z.array(Message).optional(),
};

const OAuth2CredentialGrantFields = {
  credentialId: Ulid.optional(),
  organisationId: Ulid.optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
};

export const OAuth2Grant = z.discriminatedUnion('grantType', [
  z.object({ grantType: z.literal('authorization_code'), ...OAuth2CredentialGrantFields }),
  z.object({ grantType: z.literal('client_credentials') }),
  z.object({ grantType: z.literal('password'), ...OAuth2CredentialGrantFields }),
]);
export type OAuth2Grant = z.infer<typeof OAuth2Grant>;

export const OAuth2Scope = z.object({ name: NonEmpty, description: z.string().optional() });

export const NoneScheme = z.object({ ...schemeCommon, schemeType: z.literal('none') });
export const ApiKeyScheme = z.object({
  ...schemeCommon,
  schemeType: z.literal('api-key'),
  name: NonEmpty,
  in: KeyLocation,
});
export const BasicAuthScheme = z.object({ ...schemeCommon, schemeType: z.literal('basic-auth') });
export const CertificateScheme = z.object({ ...schemeCommon, schemeType: z.literal('certificate') });
export const HmacScheme = z.object({
  ...schemeCommon,
  schemeType: z.literal('hmac'),
  name: NonEmpty,
  in: KeyLocation,
  algorithm: z.enum(['sha1', 'sha256', 'sha512']),
  digestInputs: z.array(z.enum(['body', 'url'])),
});
export const OAuth2Scheme = z.object({
  ...schemeCommon,
  schemeType: z.literal('oauth2'),
  authorizeUrl: Url,
  tokenUrl: Url,
  scopes: z.array(OAuth2Scope),
  defaultScopes: z.array(z.string()),
  additionalAuthorizeParams: z.string().optional(),
  additionalTokenParams: z.string().optional(),
  mtlsEnabled: z.boolean().optional(),
  mtlsCredentialId: z.string().optional(),
  grant: OAuth2Grant,
});

export const AuthSchemeConfig = z.discriminatedUnion('schemeType', [
  NoneScheme,
  ApiKeyScheme,
  BasicAuthScheme,
  CertificateScheme,
  HmacScheme,
  OAuth2Scheme,
]);
export type AuthSchemeConfig = z.infer<typeof AuthSchemeConfig>;
export type OAuth2SchemeConfig = z.infer<typeof OAuth2Scheme>;

// ---------- Credentials ----------

export const CREDENTIAL_TYPES = [
  'none',
  'string',
  'binary',
  'basic-auth',
  'oauth2-client',
  'oauth2-password',
  'oauth2-code',
  'oauth2-token',
  'certificate',
] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];
/** Credential types the platform lists with undocumented data: refused at validation. */
export const UNSUPPORTED_CREDENTIAL_TYPES = ['jwt-bearer', 'custom-function'] as const;

/** Data properties whose values the API never returns: every read shows them as "" (redacted). */
export const REDACTED_CREDENTIAL_FIELDS: Record<CredentialType, readonly string[]> = {
  none: [],
  string: ['value'],
  binary: ['valueBase64'],
  'basic-auth': ['password'],
  'oauth2-client': ['clientSecret'],
  'oauth2-password': ['password'],
  'oauth2-code': [],
  'oauth2-token': ['accessToken', 'refreshToken'],
  certificate: ['key'],
};

/** Data properties that are secret when sent: the redacted ones, and an authorization code (exchanged at once). */
export const SECRET_CREDENTIAL_FIELDS: Record<CredentialType, readonly string[]> = {
  ...REDACTED_CREDENTIAL_FIELDS,
  'oauth2-code': ['code'],
};

export const CredentialDataByType = {
  none: z.object({}).strict(),
  string: z.object({ value: z.string() }),
  binary: z.object({ valueBase64: z.string().base64('must be base64') }),
  'basic-auth': z.object({ username: z.string(), password: z.string() }),
  'oauth2-client': z.object({
    clientId: NonEmpty,
    clientSecret: z.string(),
    authorizeUrl: Url,
    tokenUrl: Url,
    scopes: z.array(z.string()).optional(),
    additionalParams: z.string().optional(),
    mTLSEnabled: z.boolean().optional(),
    mTLSCredentialId: z.string().optional(),
  }),
  'oauth2-password': z.object({ username: z.string(), password: z.string() }),
  'oauth2-code': z.object({ code: NonEmpty, state: z.string() }),
  'oauth2-token': z.object({
    scopes: z.array(z.string()),
    accessToken: z.string().optional(),
    refreshToken: z.string().optional(),
  }),
  certificate: z.object({ certificate: z.string(), key: z.string(), ca: z.string() }),
} satisfies Record<CredentialType, z.ZodType>;

export const CredentialCreate = z.object({
  name: NonEmpty,
  type: z.enum(CREDENTIAL_TYPES),
  data: z.record(z.string(), z.unknown()),
});
export type CredentialCreate = z.infer<typeof CredentialCreate>;

const ConnectionSummaryRef = z.object({
  id: Ulid,
  name: z.string(),
  connector: z.object({
    id: Ulid,
    organisationId: Ulid,
    name: z.string(),
    protocol: z.enum(['http', 'bigquery']),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const Credential = z.object({
  id: Ulid,
  organisationId: Ulid,
  type: z.enum(CREDENTIAL_TYPES),
  name: z.string(),
  data: z.record(z.string(), z.unknown()),
  usages: z.array(z.object({ connection: ConnectionSummaryRef })).optional(),
  errors: z.array(z.string()).optional(),
  expiresAt: Timestamp.optional(),
});
export type Credential = z.infer<typeof Credential>;

// ---------- Connections ----------

/** The lists of credentials a connection holds: applied to actions, and to triggers. */
export const CREDENTIAL_LISTS = ['action', 'trigger'] as const;
export type CredentialList = (typeof CREDENTIAL_LISTS)[number];

export const ConnectionCredential = z.object({ id: Ulid, authSchemeConfig: AuthSchemeConfig, credential: Credential });
export type ConnectionCredential = z.infer<typeof ConnectionCredential>;

export const Connection = z.object({
  id: Ulid,
  name: z.string(),
  credentials: z.object({
    action: z.array(ConnectionCredential).optional(),
    trigger: z.array(ConnectionCredential).optional(),
  }),
  variables: z.array(ConnectionVariable),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Connection = z.infer<typeof Connection>;

export const ConnectionCredentialCreate = z.object({
  authSchemeConfig: AuthSchemeConfig,
  credential: CredentialCreate,
});
export type ConnectionCredentialCreate = z.infer<typeof ConnectionCredentialCreate>;

const atLeastOneCredentialList = (c: { action?: unknown; trigger?: unknown }): boolean =>
  c.action !== undefined || c.trigger !== undefined;

export const ConnectionCreate = z.object({
  name: NonEmpty,
  variables: z.array(ConnectionVariable),
  credentials: z
    .object({
      action: z.array(ConnectionCredentialCreate).optional(),
      trigger: z.array(ConnectionCredentialCreate).optional(),
    })
    .refine(atLeastOneCredentialList, 'must have an action or a trigger list'),
});
export type ConnectionCreate = z.infer<typeof ConnectionCreate>;

export const ConnectionCredentialRef = z.object({ id: Ulid, authSchemeConfig: AuthSchemeConfig });
export const ConnectionUpdate = z.object({
  id: Ulid,
  name: NonEmpty,
  variables: z.array(ConnectionVariable).optional(),
  credentials: z
    .object({
      action: z.array(ConnectionCredentialRef).optional(),
      trigger: z.array(ConnectionCredentialRef).optional(),
    })
    .optional(),
});
export type ConnectionUpdate = z.infer<typeof ConnectionUpdate>;

export const ConnectionSummary = z.object({ id: Ulid, name: z.string(), createdAt: Timestamp, updatedAt: Timestamp });
export type ConnectionSummary = z.infer<typeof ConnectionSummary>;

// ---------- Connectors ----------

export const ConnectorVersion = z.object({
  id: Ulid,
  name: z.string(),
  description: z.string().optional(),
  isLatest: z.boolean(),
  isDefault: z.boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  publishedAt: Timestamp.nullable(),
  messages: z.array(Message).optional(),
});
export type ConnectorVersion = z.infer<typeof ConnectorVersion>;

const connectorBase = {
  id: Ulid,
  organisationId: Ulid,
  name: z.string(),
  public: z.boolean(),
  documentationURL: z.string().optional(),
  imageURL: z.string().optional(),
  tags: Tags.optional(),
  authSchemeConfigs: z.array(AuthSchemeConfig),
  connectionVariables: z.array(ConnectionVariable).optional(),
  connections: z.array(Connection),
  versions: z.array(ConnectorVersion),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};
export const HttpConnector = z.object({ ...connectorBase, protocol: z.literal('http'), baseUrl: z.string() });
export const BigQueryConnector = z.object({ ...connectorBase, protocol: z.literal('bigquery'), datasetId: z.string() });
export type HttpConnector = z.infer<typeof HttpConnector>;
export type BigQueryConnector = z.infer<typeof BigQueryConnector>;
export const Connector = z.discriminatedUnion('protocol', [HttpConnector, BigQueryConnector]);
export type Connector = z.infer<typeof Connector>;
export type Protocol = Connector['protocol'];

export const HttpConnectorCreate = z.object({
  name: NonEmpty,
  baseUrl: Url,
  authSchemeConfigs: z.array(AuthSchemeConfig),
  connections: z.array(ConnectionCreate),
  connectionVariables: z.array(ConnectionVariable).optional(),
  tags: Tags.optional(),
  public: z.boolean().optional(),
});
export type HttpConnectorCreate = z.infer<typeof HttpConnectorCreate>;

export const BigQueryConnectorCreate = z.object({
  name: NonEmpty,
  datasetId: z.string().regex(/^[^.]+\.[^.]+$/, 'must be "<project_id>.<dataset_name>"').optional(),
  connections: z.array(ConnectionCreate),
});
export type BigQueryConnectorCreate = z.infer<typeof BigQueryConnectorCreate>;

const connectorUpdateBase = {
  id: Ulid,
  organisationId: Ulid,
  name: NonEmpty,
  tags: Tags.optional(),
  public: z.boolean().optional(),
  documentationURL: Url.optional(),
  imageURL: Url.optional(),
  authSchemeConfigIds: z.array(z.string()).optional(),
  connectionVariables: z.array(ConnectionVariable).optional(),
};
export const ConnectorUpdate = z.discriminatedUnion('protocol', [
  z.object({ ...connectorUpdateBase, protocol: z.literal('http'), baseUrl: Url }),
  z.object({ ...connectorUpdateBase, protocol: z.literal('bigquery'), datasetId: z.string() }),
]);
export type ConnectorUpdate = z.infer<typeof ConnectorUpdate>;

/** A body without `tags` clears them. */
export const ConnectorTagsUpdate = z.object({ tags: Tags.optional() });

export const ConnectorPage = z.object({
  totalCount: z.number().int().nonnegative(),
  next: z.string().optional(),
  prev: z.string().optional(),
  connectors: z.array(Connector),
});
export type ConnectorPage = z.infer<typeof ConnectorPage>;

export const ConnectorConnectionPage = z.object({
  totalCount: z.number().int().nonnegative(),
  next: z.string().optional(),
  prev: z.string().optional(),
  items: z.array(ConnectionSummary),
});
export type ConnectorConnectionPage = z.infer<typeof ConnectorConnectionPage>;

// ---------- Errors ----------

export const ApiErrorField = z.object({ field: z.string(), message: z.string() });
export type ApiErrorField = z.infer<typeof ApiErrorField>;
export const ApiErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  fields: z.array(ApiErrorField).optional(),
  details: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Renders a zod issue path the way the API names fields: `credentials.action[0].credential.data.value`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Converts a zod error into the API's `fields[]`. */
export function fieldsOf(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): ApiErrorField[] {
  return error.issues.map((issue) => ({ field: fieldPath([...prefix, ...issue.path]), message: issue.message }));
}

export const PRODUCTION_BASE_URL = 'https://platform.versori.com/api/connect/v1';
export const API_BASE_PATH = '/api/connect/v1';
