// The inputs of a Connection: their schema (the single source of their shape) and the rules `check` applies beyond it.
import type * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import {
  AuthSchemeConfig as ApiAuthSchemeConfig,
  ConnectionVariable,
  CREDENTIAL_LISTS,
  CredentialList,
  CredentialDataByType,
  CredentialType,
  CREDENTIAL_TYPES,
  REDACTED_CREDENTIAL_FIELDS,
  SCHEME_TYPES,
  SchemeType,
  UNSUPPORTED_CREDENTIAL_TYPES,
} from '../../api/schemas';
import { input, secretKeysOf, shapeOf, specsOf } from '../declare';
import { changedKeys, compareValue, compareWithRedaction, diffBy, isRecord, isUnknown, kindOf, PropertyChange } from '../diff';
import { NonEmptyString, PemCaCertificates, PemCertificates, PemPrivateKey, UlidField, Variables } from '../fields';
import { propertiesAt } from '../input-schema';
import type { InputRules } from '../validation';
import { comparedData } from './unmanaged';

export { CREDENTIAL_LISTS } from '../../api/schemas';
export type { CredentialList } from '../../api/schemas';

/** Credential types each scheme type accepts. */
export const CREDENTIAL_TYPES_BY_SCHEME: Record<SchemeType, readonly CredentialType[]> = {
  none: ['none'],
  'api-key': ['string'],
  'basic-auth': ['basic-auth'],
  certificate: ['certificate'],
  hmac: ['string'],
  oauth2: ['oauth2-client', 'oauth2-password', 'oauth2-code', 'oauth2-token'],
};

/** Why a credential of `type` cannot go with an auth scheme config of `scheme`, when both are known. */
export function credentialTypeProblem(scheme: unknown, type: unknown): string | undefined {
  if (!(SCHEME_TYPES as readonly unknown[]).includes(scheme) || !(CREDENTIAL_TYPES as readonly unknown[]).includes(type)) {
    return undefined;
  }
  const allowed = CREDENTIAL_TYPES_BY_SCHEME[scheme as SchemeType];
  if (allowed.includes(type as CredentialType)) return undefined;
  return `a "${String(scheme)}" auth scheme takes ${allowed.map((t) => `"${t}"`).join(' or ')} credentials, not "${String(type)}"`;
}

const NOT_EMPTY_SECRET = 'must not be empty (is the configuration value or environment variable that should hold it set?)';

/** Credential data as the API takes it, strict, refusing values that are certainly wrong. */
const CredentialData = {
  none: CredentialDataByType.none,
  string: z.object({ value: z.string().refine((v) => v.trim() !== '', NOT_EMPTY_SECRET) }).strict(),
  binary: z.object({ valueBase64: CredentialDataByType.binary.shape.valueBase64.min(1, NOT_EMPTY_SECRET) }).strict(),
  'basic-auth': CredentialDataByType['basic-auth'].strict(),
  'oauth2-client': CredentialDataByType['oauth2-client'].strict(),
  'oauth2-password': CredentialDataByType['oauth2-password'].strict(),
  'oauth2-code': CredentialDataByType['oauth2-code'].strict(),
  'oauth2-token': CredentialDataByType['oauth2-token'].strict(),
  certificate: z.object({ certificate: PemCertificates, key: PemPrivateKey, ca: PemCaCertificates }).strict(),
} satisfies Record<CredentialType, z.ZodType>;

/** A secret data field of a credential whose secrets are unmanaged: not declared. */
const LeftOut = z.undefined({ message: 'is unmanaged (unmanagedSecrets: true): leave it out, or drop unmanagedSecrets to manage it' }).optional();

/** Credential data without its secret fields (SECRET_CREDENTIAL_FIELDS), which the platform keeps as it holds them. */
const UnmanagedCredentialData = {
  none: CredentialData.none,
  string: z.object({ value: LeftOut }).strict(),
  binary: z.object({ valueBase64: LeftOut }).strict(),
  'basic-auth': CredentialData['basic-auth'].extend({ password: LeftOut }),
  'oauth2-client': CredentialData['oauth2-client'].extend({ clientSecret: LeftOut }),
  'oauth2-password': CredentialData['oauth2-password'].extend({ password: LeftOut }),
  'oauth2-code': CredentialData['oauth2-code'].extend({ code: LeftOut }),
  'oauth2-token': CredentialData['oauth2-token'].extend({ accessToken: LeftOut, refreshToken: LeftOut }),
  certificate: CredentialData.certificate.extend({ key: LeftOut }),
} satisfies Record<CredentialType, z.ZodType>;

function credentialVariant<T extends CredentialType>(type: T) {
  const common = {
    /** Name of the credential. Changing it replaces the connection. */
    name: NonEmptyString,
    type: z.literal(type),
  };
  return z.discriminatedUnion('unmanagedSecrets', [
    z
      .object({
        ...common,
        /** Typed data of the credential; secret. Changing it replaces the connection. */
        data: CredentialData[type],
        /** The secret data fields are declared in `data` (the default). */
        unmanagedSecrets: z.literal(false).optional(),
      })
      .strict(),
    z
      .object({
        ...common,
        /** The data's non-secret fields, compared as usual; its secret fields must be left out. */
        data: UnmanagedCredentialData[type],
        /**
         * The credential's secret data fields are not declared: left as the platform holds them, never compared or
         * sent. The provider cannot create such a connection (only adopt one), nor replace it: a change that would
         * replace it is refused until the secret is given (and this flag dropped).
         */
        unmanagedSecrets: z.literal(true),
      })
      .strict(),
  ]);
}

export const CredentialInput = z.discriminatedUnion('type', [
  credentialVariant('none'),
  credentialVariant('string'),
  credentialVariant('binary'),
  credentialVariant('basic-auth'),
  credentialVariant('oauth2-client'),
  credentialVariant('oauth2-password'),
  credentialVariant('oauth2-code'),
  credentialVariant('oauth2-token'),
  credentialVariant('certificate'),
]);
export type CredentialInput = z.infer<typeof CredentialInput>;

const otherConfigProperties = Object.fromEntries(
  propertiesAt(ApiAuthSchemeConfig, undefined, [])
    .filter((key) => key !== 'id' && key !== 'schemeType')
    .map((key) => [key, z.unknown().optional()]),
);

/**
 * The auth scheme config a credential uses: the config as the connector holds it (an AuthSchemeConfig's `config`
 * output), or at least its `id` (and `schemeType`), in which case the provider reads the rest from the connector.
 */
export const AuthSchemeConfigRef = z
  .object({ id: UlidField, schemeType: z.enum(SCHEME_TYPES).optional(), ...otherConfigProperties })
  .strict();
export type AuthSchemeConfigRef = z.infer<typeof AuthSchemeConfigRef>;

export const ConnectionCredentialInput = z
  .object({ authSchemeConfig: AuthSchemeConfigRef, credential: CredentialInput })
  .strict()
  .superRefine((item, ctx) => {
    const problem = credentialTypeProblem(item.authSchemeConfig.schemeType, item.credential.type);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['credential', 'type'], message: problem });
  });
export type ConnectionCredentialInput = z.infer<typeof ConnectionCredentialInput>;

const CredentialListInput = z.array(ConnectionCredentialInput).min(1, 'must hold at least one credential (or be left out)');

function redactedFieldsOf(type: unknown): readonly string[] {
  return typeof type === 'string' && (CREDENTIAL_TYPES as readonly string[]).includes(type)
    ? REDACTED_CREDENTIAL_FIELDS[type as CredentialType]
    : [];
}

function schemeTypeOf(ref: unknown): unknown {
  return isRecord(ref) ? ref.schemeType : ref;
}

/**
 * One credential list (action or trigger). The credential itself (name, type, data) and its scheme type cannot be
 * changed by the API: a change there, or a credential added or removed, replaces the connection. Any other change of
 * the auth scheme config it names is an update.
 */
function compareCredentialList(oldValue: unknown, newValue: unknown, path: string): PropertyChange[] {
  if (!Array.isArray(oldValue) || !Array.isArray(newValue)) {
    return compareValue(oldValue, newValue, path, true);
  }
  if (oldValue.length !== newValue.length) {
    return [{ path, replace: true, kind: kindOf(oldValue, newValue) }];
  }
  const changes: PropertyChange[] = [];
  newValue.forEach((newItem: unknown, i) => {
    const oldItem: unknown = oldValue[i];
    const itemPath = `${path}[${i}]`;
    if (!isRecord(newItem) || !isRecord(oldItem)) {
      changes.push(...compareValue(oldItem, newItem, itemPath, true));
      return;
    }
    const oldCredential = isRecord(oldItem.credential) ? oldItem.credential : {};
    const newCredential = newItem.credential;
    if (!isRecord(newCredential)) {
      changes.push(...compareValue(oldItem.credential, newCredential, `${itemPath}.credential`, true));
    } else {
      for (const field of ['name', 'type'] as const) {
        changes.push(...compareValue(oldCredential[field], newCredential[field], `${itemPath}.credential.${field}`, true));
      }
      changes.push(
        ...compareWithRedaction(
          comparedData(oldCredential.data, newCredential),
          comparedData(newCredential.data, newCredential),
          `${itemPath}.credential.data`,
          redactedFieldsOf(newCredential.type),
          true,
        ),
      );
    }
    const oldRef = oldItem.authSchemeConfig;
    const newRef = newItem.authSchemeConfig;
    const schemeChanges = compareValue(schemeTypeOf(oldRef), schemeTypeOf(newRef), `${itemPath}.authSchemeConfig.schemeType`, true);
    changes.push(...schemeChanges);
    if (schemeChanges.length === 0) {
      changes.push(...compareValue(oldRef, newRef, `${itemPath}.authSchemeConfig`, false));
    }
  });
  return changes;
}

export const connectionFields = {
  /** The connector of this connection. Changing it replaces the connection. */
  connectorId: input(UlidField, { replace: true }),
  /** Unique within the connector. Renaming is an update. */
  name: input(NonEmptyString),
  /**
   * The connection's own variables. On create the platform adds the connector's default variables (see the
   * `effectiveVariables` output); a later change replaces the whole list, and removing them clears it.
   */
  variables: input(Variables.optional(), { absentMeans: [] }),
  /**
   * Credentials applied to actions and to triggers, in order. At least one list. Kept secret. A credential's name,
   * type or data, or its auth scheme config's type, cannot change in place: changing them replaces the connection.
   */
  credentials: input(
    z
      .object({ action: CredentialListInput.optional(), trigger: CredentialListInput.optional() })
      .strict()
      .refine((c) => c.action !== undefined || c.trigger !== undefined, {
        path: ['action'],
        message: 'a connection needs an "action" or a "trigger" list of credentials',
      }),
    {
      secret: true,
      compare: (oldValue, newValue, path) => {
        if (!isRecord(oldValue) || !isRecord(newValue)) return compareValue(oldValue, newValue, path, true);
        return [
          ...compareCredentialList(oldValue.action, newValue.action, `${path}.action`),
          ...compareCredentialList(oldValue.trigger, newValue.trigger, `${path}.trigger`),
        ];
      },
    },
  ),
  /** Delete even while the connection is in use (sends `force=true`). */
  forceDelete: input(z.boolean().optional(), { absentMeans: false }),
  /**
   * Adopt the existing connection with this id instead of creating one (Pulumi's `import` option does not work for
   * dynamic resources). Its credentials must have the declared names, types and auth scheme configs; their secret
   * data cannot be read, so the declared data is recorded as given (or left out, with `unmanagedSecrets`). Only read
   * on create.
   */
  adoptId: input(UlidField.optional(), { notCompared: true }),
  /**
   * Set by the constructor: per credential, the scheme type the program gave the AuthSchemeConfig resource it names,
   * so that `check` can judge the credential's type before that config exists.
   */
  declaredSchemeTypes: input(
    z.object({ action: z.array(z.unknown()).optional(), trigger: z.array(z.unknown()).optional() }).strict().optional(),
    { notCompared: true },
  ),
};

export type ConnectionKey = keyof typeof connectionFields;

/** Inputs of a Connection: the single source of its shape. */
export const ConnectionInputs = z.object(shapeOf(connectionFields)).strict();
export type ConnectionInputs = z.infer<typeof ConnectionInputs>;

type CredentialCheck = (list: CredentialList, index: number, item: unknown) => pulumi.dynamic.CheckFailure | undefined;

function eachCredential(input: Record<string, unknown>, judge: CredentialCheck): pulumi.dynamic.CheckFailure[] {
  const credentials = input.credentials;
  if (!isRecord(credentials)) return [];
  return CREDENTIAL_LISTS.flatMap((list) => {
    const items = credentials[list];
    if (!Array.isArray(items)) return [];
    return items.flatMap((item: unknown, i) => judge(list, i, item) ?? []);
  });
}

function credentialTypeOf(item: unknown): unknown {
  return isRecord(item) && isRecord(item.credential) ? item.credential.type : undefined;
}

export function unsupportedCredentialFailures(input: Record<string, unknown>): pulumi.dynamic.CheckFailure[] {
  return eachCredential(input, (list, i, item) => {
    const type = credentialTypeOf(item);
    if (!(UNSUPPORTED_CREDENTIAL_TYPES as readonly unknown[]).includes(type)) return undefined;
    return {
      property: `credentials.${list}[${i}].credential.type`,
      reason: `credential type "${String(type)}" cannot be created through the Versori Connect API; use one of ${CREDENTIAL_TYPES.join(', ')}`,
    };
  });
}

/** Credentials whose type does not fit the scheme type declared for the AuthSchemeConfig resource they name. */
export function declaredSchemeFailures(input: Record<string, unknown>): pulumi.dynamic.CheckFailure[] {
  const declared = isRecord(input.declaredSchemeTypes) ? input.declaredSchemeTypes : {};
  return eachCredential(input, (list, i, item) => {
    const types = declared[list];
    const problem = credentialTypeProblem(Array.isArray(types) ? types[i] : undefined, credentialTypeOf(item));
    return problem === undefined ? undefined : { property: `credentials.${list}[${i}].credential.type`, reason: problem };
  });
}

export const SECRET_KEYS = secretKeysOf(connectionFields);

const specs = specsOf(connectionFields);

/** Names are unique per connector: a replacement that keeps the name (or may keep it) must delete first. */
export function diffConnection(olds: Record<string, unknown>, news: Record<string, unknown>) {
  const keepsName = isUnknown(news.name) || news.name === olds.name;
  const sameConnector = isUnknown(news.connectorId) || news.connectorId === olds.connectorId;
  return diffBy(specs, keepsName && sameConnector)(olds, news);
}

/** The inputs that changed between the last applied ones and these. */
export function changedConnectionInputs(olds: Record<string, unknown>, news: Record<string, unknown>): ReadonlySet<ConnectionKey> {
  return changedKeys<ConnectionKey>(diffConnection(olds, news));
}

/** One applied credential, as recorded in (non-secret) outputs. */
export const AppliedCredential = z.object({
  /** The ConnectionCredential id (what an update names). */
  id: z.string(),
  credentialId: z.string(),
  authSchemeConfigId: z.string(),
  name: z.string(),
  type: z.enum(CREDENTIAL_TYPES),
});
export type AppliedCredential = z.infer<typeof AppliedCredential>;

/** Properties the provider computes: the computed part of the state, as every step that reads it parses it. */
export const ConnectionComputed = z.object({
  connectionId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The variables the platform holds (connector defaults included). */
  effectiveVariables: z.array(ConnectionVariable),
  appliedCredentials: z.partialRecord(z.enum(CREDENTIAL_LISTS), z.array(AppliedCredential)),
});
export type ConnectionComputed = z.infer<typeof ConnectionComputed>;

export const COMPUTED_KEYS = ConnectionComputed.keyof().options;

/**
 * Computed outputs kept secret whatever the inputs: the effective variables hold the connector's connection variables
 * (another resource's inputs, secret or not), and the applied credentials name the credentials, which are secret.
 */
export const SECRET_OUTPUTS = ['effectiveVariables', 'appliedCredentials'] as const;

/** What `check` validates against: the schema, the keys the provider computes and the keys that may hold secrets. */
export const INPUT_RULES: InputRules = { kind: 'Connection', schema: ConnectionInputs, computedKeys: COMPUTED_KEYS, secretKeys: SECRET_KEYS };
