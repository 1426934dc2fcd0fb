// Generators of request bodies: well-formed ones for each route (so that requests get past validation and change
// the store), the same with one property replaced or removed, and hostile ones (any JSON, deep nesting, non-JSON).
import fc from 'fast-check';
import { CREDENTIAL_TYPES, SECRET_CREDENTIAL_FIELDS, type AuthSchemeConfig, type CredentialType } from '../../../api/schemas';
import { isObject, pick, type Known } from './known';

/** The path parameters of a request, once chosen. */
export type Params = Record<string, string>;

/** A body is built once the request is sent, from what the run has seen by then and the request's path. */
export type BodyOf = (known: Known, params: Params) => unknown;

export const secretArb = fc.nat().map((n) => `SECRET-${n.toString(36)}`);

/** Mostly `valid`, sometimes `invalid`: enough valid requests get through to change the store. */
function mostly<T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>): fc.Arbitrary<T | U> {
  return fc.oneof({ arbitrary: valid, weight: 9 }, { arbitrary: invalid, weight: 1 });
}

const hostileStringArb = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '__proto__', 'constructor', 'toString', '..', '\u0000', '\ud800', 'x'.repeat(5000)),
);
const nameArb = mostly(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), hostileStringArb);
const urlArb = mostly(fc.constantFrom('https://api.example.com', 'https://auth.example.com/token', 'http://127.0.0.1:9/x'), fc.oneof(fc.webUrl(), hostileStringArb));
const ulidLikeArb = mostly(fc.ulid(), hostileStringArb);
const jsonArb = fc.jsonValue({ maxDepth: 4 });
const variablesArb = fc.array(fc.record({ name: nameArb, value: fc.string({ maxLength: 20 }) }), { maxLength: 3 });

const grantArb = fc.oneof(
  fc.record({ grantType: fc.constantFrom('authorization_code', 'password'), clientId: nameArb, clientSecret: secretArb }),
  fc.constant({ grantType: 'client_credentials' }),
  // Names a credential the run has seen, whoever it belongs to: only a config's own may be named.
  fc.tuple(fc.constantFrom('authorization_code', 'password'), fc.nat(), secretArb).map(
    ([grantType, index, clientSecret]) =>
      (k: Known) => ({ grantType, credentialId: pick(k.credentialIds, index, ''), organisationId: k.organisationId, clientSecret }),
  ),
);

/** An auth scheme config of any scheme type, sometimes of one the API refuses. */
export const configArb: fc.Arbitrary<(known: Known) => Record<string, unknown>> = fc
  .record({
    id: ulidLikeArb,
    description: fc.string({ maxLength: 20 }),
    schemeType: mostly(fc.constantFrom('none', 'api-key', 'basic-auth', 'certificate', 'hmac', 'oauth2'), fc.constantFrom('jwt-bearer', '')),
    name: nameArb,
    in: mostly(fc.constantFrom('query', 'header', 'cookie'), fc.constant('body')),
    algorithm: mostly(fc.constantFrom('sha1', 'sha256', 'sha512'), fc.constant('md5')),
    digestInputs: fc.subarray(['body', 'url']),
    authorizeUrl: urlArb,
    tokenUrl: urlArb,
    scopes: fc.array(fc.record({ name: nameArb }), { maxLength: 2 }),
    defaultScopes: fc.array(nameArb, { maxLength: 2 }),
    grant: grantArb,
  })
  .map(({ grant, ...config }) => (k: Known) => ({ ...config, grant: typeof grant === 'function' ? grant(k) : grant }));

/** An upsert body: a config whose id is, most of the time, the one in the path. */
export const upsertBodyArb: fc.Arbitrary<BodyOf> = fc.tuple(configArb, fc.nat({ max: 9 })).map(
  ([config, roll]) => (k: Known, params: Params) => ({ ...config(k), ...(roll > 0 && { id: params.authSchemeConfigId }) }),
);

/** A credential of any type (sometimes one the API refuses): its secret properties hold a SECRET- value. */
const credentialArb = fc
  .tuple(nameArb, mostly(fc.constantFrom(...CREDENTIAL_TYPES), fc.constantFrom('jwt-bearer', 'typo')), secretArb, fc.string({ maxLength: 12 }))
  .map(([name, type, secret, other]) => {
    const secrets: readonly string[] = (CREDENTIAL_TYPES as readonly string[]).includes(type) ? SECRET_CREDENTIAL_FIELDS[type as CredentialType] : ['value'];
    const plain = { username: other, certificate: other, ca: other, state: other, clientId: other, scopes: [other] };
    const data: Record<string, unknown> = type === 'none' ? {} : { ...plain, authorizeUrl: 'https://a.example.com', tokenUrl: 'https://a.example.com/t' };
    for (const key of secrets) data[key] = type === 'binary' ? Buffer.from(secret).toString('base64') : secret;
    return { name, type, data };
  });

const credentialListArb = fc.array(fc.tuple(fc.nat(), credentialArb), { minLength: 1, maxLength: 2 }).map(
  (items) => (k: Known, connectorId?: string) =>
    items.map(([index, credential]) => {
      const configs = k.configs.filter((c) => connectorId === undefined || c.connectorId === connectorId);
      return { authSchemeConfig: pick(configs, index, undefined)?.config ?? {}, credential };
    }),
);

const connectionCreateArb = fc.record({ name: nameArb, variables: variablesArb, list: fc.constantFrom('action', 'trigger'), items: credentialListArb }).map(
  ({ list, items, ...rest }) => (k: Known, connectorId?: string) => ({ ...rest, credentials: { [list]: items(k, connectorId) } }),
);

export const connectorCreateArb: fc.Arbitrary<BodyOf> = fc
  .record({
    name: nameArb,
    baseUrl: urlArb,
    datasetId: mostly(fc.constant('project.dataset'), fc.constant('no-dot')),
    configs: fc.array(configArb, { maxLength: 2 }),
    tags: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), jsonArb, { maxKeys: 3 }), { nil: undefined }),
    connectionVariables: fc.option(variablesArb, { nil: undefined }),
    public: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map(({ configs, ...rest }) => (k: Known) => ({ ...rest, authSchemeConfigs: configs.map((c) => c(k)), connections: [] }));

/** A connection create body whose credentials use configs of the connector in the path. */
export const connectionBodyArb: fc.Arbitrary<BodyOf> = connectionCreateArb.map((body) => (k: Known, params: Params) => body(k, params.connectorId));

/** The connector in the path as last seen, sent back changed: renamed, retagged, its configs reordered. */
export const connectorUpdateArb: fc.Arbitrary<BodyOf> = fc
  .record({ name: nameArb, tags: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), jsonArb), { nil: undefined }), variables: fc.option(variablesArb, { nil: undefined }), reverse: fc.boolean() })
  .map(({ name, tags, variables, reverse }) => (k: Known, params: Params) => {
    const connector = k.connectors.get(params.connectorId ?? '');
    if (connector === undefined) return {};
    const ids = connector.authSchemeConfigs.map((c: AuthSchemeConfig) => c.id);
    return { ...connector, name, tags, connectionVariables: variables, authSchemeConfigIds: reverse ? ids.reverse() : ids };
  });

/** The connection in the path as last seen, sent back: as read, renamed, with secrets filled in, or reordered. */
export const connectionUpdateArb: fc.Arbitrary<BodyOf> = fc.record({ name: nameArb, secret: fc.option(secretArb, { nil: undefined }), reverse: fc.boolean() }).map(
  ({ name, secret, reverse }) => (k: Known, params: Params) => {
    const seen = k.connections.get(params.connectionId ?? '');
    if (seen === undefined) return {};
    const withSecret = (data: Record<string, unknown>, type: CredentialType): Record<string, unknown> =>
      Object.fromEntries(Object.entries(data).map(([key, value]) => [key, SECRET_CREDENTIAL_FIELDS[type].includes(key) ? secret : value]));
    const action = (seen.connection.credentials.action ?? []).map((item) =>
      secret === undefined ? item : { ...item, credential: { ...item.credential, data: withSecret(item.credential.data, item.credential.type) } },
    );
    return { ...seen.connection, name, credentials: { action: reverse ? action.reverse() : action } };
  },
);

/** Marks a connector, or one of its connections, in use or not. */
export const inUseArb: fc.Arbitrary<BodyOf> = fc.record({ connector: fc.nat(), connection: fc.option(fc.nat(), { nil: undefined }), inUse: fc.boolean() }).map(
  ({ connector, connection, inUse }) => (k: Known) => {
    const connectorId = pick([...k.connectors.keys()], connector, 'none');
    const connections = [...k.connections].filter(([, seen]) => seen.connectorId === connectorId).map(([id]) => id);
    return { connectorId, ...(connection !== undefined && { connectionId: pick(connections, connection, 'none') }), inUse };
  },
);

export const tagsArb: fc.Arbitrary<BodyOf> = fc.dictionary(fc.string({ maxLength: 8 }), jsonArb, { maxKeys: 4 }).map((tags) => () => ({ tags }));

/** `body` with one top-level property replaced by any JSON value, or removed. */
export function mutated(body: fc.Arbitrary<BodyOf>): fc.Arbitrary<BodyOf> {
  return fc.tuple(body, fc.nat(), fc.option(jsonArb, { nil: undefined })).map(([of, index, value]) => (k: Known, params: Params) => {
    const built = of(k, params);
    if (!isObject(built)) return built;
    const key = pick(Object.keys(built), index, 'extra');
    const copy = { ...built };
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  });
}

/** Raw body text: JSON nested well past the limit, or text that is not JSON at all. */
export const hostileTextArb = fc.oneof(
  fc.integer({ min: 60, max: 5000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 60, max: 3000 }).map((depth) => `{"name":"deep","tags":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`),
  fc.constantFrom('{"name": ', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', 'null', '"text"', '1e999', '\u0000'),
  fc.string({ maxLength: 60 }),
  fc.json({ maxDepth: 6 }),
);

export const anyJsonBodyArb: fc.Arbitrary<BodyOf> = jsonArb.map((value) => () => value);
