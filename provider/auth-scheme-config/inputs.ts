// The inputs of an AuthSchemeConfig: each property's schema, diff rule and secrecy in one table, the single source of
// the zod schema (one variant per scheme type), the diff and the Args type.
import { z } from 'zod';
import { KeyLocation, Message, OAuth2Grant, OAuth2Scope, AuthSchemeConfig as ApiAuthSchemeConfig } from '../../api/schemas';
import { declaredKind, input, secretKeysOf, shapeOf } from '../declare';
import { compareWithRedaction } from '../diff';
import { NonEmptyString, SecureUrl, UlidField } from '../fields';

const grantIds = { credentialId: UlidField.optional(), organisationId: UlidField.optional() };

/** The API's grant, strict: a property a grant type does not take (e.g. a client secret on client_credentials) is refused. */
const GrantInput = z.discriminatedUnion('grantType', [
  OAuth2Grant.options[0].extend(grantIds).strict(),
  OAuth2Grant.options[1].strict(),
  OAuth2Grant.options[2].extend(grantIds).strict(),
]);

const GRANT_REDACTED = ['clientSecret'] as const;

export const authSchemeConfigFields = {
  /** The connector this config belongs to. Changing it replaces the config. */
  connectorId: input(UlidField, { replace: true }),
  /** The config's ULID; generated when not given, and kept across updates. Changing it replaces the config. */
  authSchemeConfigId: input(UlidField.optional(), { replace: true }),
  /** Upsert replaces a config in place, so even a scheme type change is an update. */
  schemeType: input(z.enum(['none', 'api-key', 'basic-auth', 'certificate', 'hmac', 'oauth2'])),
  /** Tells apart several configs of one scheme type. */
  description: input(z.string()),
  /** api-key, hmac: the name of the key. */
  name: input(NonEmptyString),
  in: input(KeyLocation),
  algorithm: input(z.enum(['sha1', 'sha256', 'sha512'])),
  /** Order matters. */
  digestInputs: input(z.array(z.enum(['body', 'url'])).min(1, 'must name at least one of "body", "url"')),
  authorizeUrl: input(SecureUrl),
  tokenUrl: input(SecureUrl),
  /** Absent means none: the platform answers `[]` for a config declared without them. */
  scopes: input(z.array(OAuth2Scope.strict()).optional(), { absentMeans: [] }),
  defaultScopes: input(z.array(z.string()).optional(), { absentMeans: [] }),
  /** URL-encoded query string added to the authorize URL. */
  additionalAuthorizeParams: input(z.string().optional()),
  /** x-www-form-urlencoded parameters added to token requests. */
  additionalTokenParams: input(z.string().optional()),
  mtlsEnabled: input(z.boolean().optional()),
  mtlsCredentialId: input(z.string().optional()),
  /** The grant; `clientSecret` is kept secret in state and never read back, so a config read without it still matches. */
  grant: input(GrantInput, {
    secret: true,
    compare: (oldValue, newValue, path) => compareWithRedaction(oldValue, newValue, path, GRANT_REDACTED, false),
  }),
};

const f = shapeOf(authSchemeConfigFields);
const common = { connectorId: f.connectorId, authSchemeConfigId: f.authSchemeConfigId, description: f.description };
const keyFields = { name: f.name, in: f.in };

export const AuthSchemeConfigInputs = z.discriminatedUnion('schemeType', [
  z.object({ ...common, schemeType: z.literal('none') }).strict(),
  z.object({ ...common, schemeType: z.literal('api-key'), ...keyFields }).strict(),
  z.object({ ...common, schemeType: z.literal('basic-auth') }).strict(),
  z.object({ ...common, schemeType: z.literal('certificate') }).strict(),
  z.object({ ...common, schemeType: z.literal('hmac'), ...keyFields, algorithm: f.algorithm, digestInputs: f.digestInputs }).strict(),
  z
    .object({
      ...common,
      schemeType: z.literal('oauth2'),
      authorizeUrl: f.authorizeUrl,
      tokenUrl: f.tokenUrl,
      scopes: f.scopes,
      defaultScopes: f.defaultScopes,
      additionalAuthorizeParams: f.additionalAuthorizeParams,
      additionalTokenParams: f.additionalTokenParams,
      mtlsEnabled: f.mtlsEnabled,
      mtlsCredentialId: f.mtlsCredentialId,
      grant: f.grant,
    })
    .strict(),
]);
/** Inputs of an AuthSchemeConfig. */
export type AuthSchemeConfigInputs = z.infer<typeof AuthSchemeConfigInputs>;

/** Properties the provider computes: the computed part of the state, as every step that reads it parses it. */
export const AuthSchemeConfigComputed = z.object({
  /** The config as the platform holds it (secrets excluded); what a Connection credential sends. */
  config: ApiAuthSchemeConfig,
  /** OAuth 2.0: the credential the platform made for the grant's client secret. */
  credentialId: z.string().optional(),
  credentialOrganisationId: z.string().optional(),
  validationMessages: z.array(Message).optional(),
});
export type AuthSchemeConfigComputed = z.infer<typeof AuthSchemeConfigComputed>;

export const COMPUTED_KEYS = AuthSchemeConfigComputed.keyof().options;

export const SECRET_KEYS = secretKeysOf(authSchemeConfigFields);

/** Derived in `check` from the inputs (so secret when one of them is): `config`. */
export const DERIVED_KEYS = ['config'] as const;

const declared = declaredKind('AuthSchemeConfig', authSchemeConfigFields, AuthSchemeConfigInputs, COMPUTED_KEYS, DERIVED_KEYS);

export const diffAuthSchemeConfig = declared.diff;

export const authSchemeConfigDiff = declared.kindDiff;

/** What `check` validates against: the schema, the keys the provider computes and the keys that may hold secrets. */
export const INPUT_RULES = declared.rules;
