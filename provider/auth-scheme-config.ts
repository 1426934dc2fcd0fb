// The AuthSchemeConfig resource: input schema, lifecycle and resource class.
import * as pulumi from '@pulumi/pulumi';
import { ulid } from 'ulid';
import { z } from 'zod';
import {
  AuthSchemeConfig as ApiAuthSchemeConfig,
  Connector as ApiConnector,
  KeyLocation,
  Message,
  OAuth2Grant,
  OAuth2Scope,
  SCHEME_TYPES,
  UNSUPPORTED_SCHEME_TYPES,
} from '../api/schemas';
import { authSchemeConfigDiff, diffAuthSchemeConfig, driftedInputs, forEngine, isRecord } from './diff';
import { importedChildId, mergeSecretOutputs, takeImportOption, VersoriResource } from './dynamic';
import { NonEmptyString, SecureUrl, UlidField } from './fields';
import { propertiesAt } from './input-schema';
import { compact, deleteObject, isImport, Lifecycle, outputsOf, parseInputs, Props, readOrGone, splitChildId } from './lifecycle';
import { configAsSent } from './server-fields';
import { registeredProps, secretInput } from './resource-args';
import { checkInputs, HOST_KEYS, InputRules, withoutKeys } from './validation';

const common = {
  /** The connector this config belongs to. Changing it replaces the config. */
  connectorId: UlidField,
  /** The config's ULID; generated when not given, and kept across updates. */
  authSchemeConfigId: UlidField.optional(),
  /** Tells apart several configs of one scheme type. */
  description: z.string(),
};

const ApiKeyFields = { name: NonEmptyString, in: KeyLocation };

const grantIds = { credentialId: UlidField.optional(), organisationId: UlidField.optional() };

/** The API's grant, strict: a property a grant type does not take (e.g. a client secret on client_credentials) is refused. */
const GrantInput = z.discriminatedUnion('grantType', [
  OAuth2Grant.options[0].extend(grantIds).strict(),
  OAuth2Grant.options[1].strict(),
  OAuth2Grant.options[2].extend(grantIds).strict(),
]);

export const AuthSchemeConfigInputs = z.discriminatedUnion('schemeType', [
  z.object({ ...common, schemeType: z.literal('none') }).strict(),
  z.object({ ...common, schemeType: z.literal('api-key'), ...ApiKeyFields }).strict(),
  z.object({ ...common, schemeType: z.literal('basic-auth') }).strict(),
  z.object({ ...common, schemeType: z.literal('certificate') }).strict(),
  z
    .object({
      ...common,
      schemeType: z.literal('hmac'),
      ...ApiKeyFields,
      algorithm: z.enum(['sha1', 'sha256', 'sha512']),
      /** Order matters. */
      digestInputs: z.array(z.enum(['body', 'url'])).min(1, 'must name at least one of "body", "url"'),
    })
    .strict(),
  z
    .object({
      ...common,
      schemeType: z.literal('oauth2'),
      authorizeUrl: SecureUrl,
      tokenUrl: SecureUrl,
      scopes: z.array(OAuth2Scope.strict()).optional(),
      defaultScopes: z.array(z.string()).optional(),
      /** URL-encoded query string added to the authorize URL. */
      additionalAuthorizeParams: z.string().optional(),
      /** x-www-form-urlencoded parameters added to token requests. */
      additionalTokenParams: z.string().optional(),
      mtlsEnabled: z.boolean().optional(),
      mtlsCredentialId: z.string().optional(),
      /** The grant; `clientSecret` is kept secret in state and never read back. */
      grant: GrantInput,
    })
    .strict(),
]);
/** Inputs of an AuthSchemeConfig: the single source of its shape. */
export type AuthSchemeConfigInputs = z.infer<typeof AuthSchemeConfigInputs>;

/** Properties the provider computes. */
export interface AuthSchemeConfigComputed {
  /** The config as the platform holds it (secrets excluded); what a Connection credential sends. */
  readonly config: ApiAuthSchemeConfig;
  /** OAuth 2.0: the credential the platform made for the grant's client secret. */
  readonly credentialId?: string;
  readonly credentialOrganisationId?: string;
  readonly validationMessages?: Message[];
}

const COMPUTED_KEYS = ['config', 'credentialId', 'credentialOrganisationId', 'validationMessages'] as const;

const rules: InputRules = { kind: 'AuthSchemeConfig', schema: AuthSchemeConfigInputs, computedKeys: COMPUTED_KEYS, secretKeys: ['grant'] };

function subjectOf(props: Props): string {
  const description = typeof props.description === 'string' && props.description !== '' ? ` "${props.description}"` : '';
  const type = typeof props.schemeType === 'string' ? ` (${props.schemeType})` : '';
  return `AuthSchemeConfig${description}${type}`;
}

interface GrantIds {
  readonly credentialId?: string;
  readonly organisationId?: string;
}

/** The API object for these inputs. `withSecret` includes the OAuth 2.0 client secret (request bodies only). */
export function toWireConfig(inputs: AuthSchemeConfigInputs, id: string, ids: GrantIds, withSecret: boolean): ApiAuthSchemeConfig {
  const base = { id, description: inputs.description };
  switch (inputs.schemeType) {
    case 'none':
    case 'basic-auth':
    case 'certificate':
      return { ...base, schemeType: inputs.schemeType };
    case 'api-key':
      return { ...base, schemeType: 'api-key', name: inputs.name, in: inputs.in };
    case 'hmac':
      return {
        ...base,
        schemeType: 'hmac',
        name: inputs.name,
        in: inputs.in,
        algorithm: inputs.algorithm,
        digestInputs: inputs.digestInputs,
      };
    case 'oauth2': {
      const grant = inputs.grant;
      const wireGrant: z.infer<typeof OAuth2Grant> =
        grant.grantType === 'client_credentials'
          ? { grantType: 'client_credentials' }
          : compact({
              grantType: grant.grantType,
              credentialId: grant.credentialId ?? ids.credentialId,
              organisationId: grant.organisationId ?? ids.organisationId,
              clientId: grant.clientId,
              clientSecret: withSecret ? grant.clientSecret : undefined,
            });
      return compact({
        ...base,
        schemeType: 'oauth2' as const,
        authorizeUrl: inputs.authorizeUrl,
        tokenUrl: inputs.tokenUrl,
        scopes: inputs.scopes ?? [],
        defaultScopes: inputs.defaultScopes ?? [],
        additionalAuthorizeParams: inputs.additionalAuthorizeParams,
        additionalTokenParams: inputs.additionalTokenParams,
        mtlsEnabled: inputs.mtlsEnabled,
        mtlsCredentialId: inputs.mtlsCredentialId,
        grant: wireGrant,
      });
    }
  }
}

function grantIdsOf(config: ApiAuthSchemeConfig | undefined): GrantIds {
  if (config?.schemeType !== 'oauth2' || config.grant.grantType === 'client_credentials') return {};
  return { credentialId: config.grant.credentialId, organisationId: config.grant.organisationId };
}

function findConfig(connector: ApiConnector, id: string): ApiAuthSchemeConfig | undefined {
  return connector.authSchemeConfigs.find((c) => c.id === id);
}

/** Outputs: the inputs exactly as applied (what the engine compares to render previews), and the computed fields. */
function toOutputs(inputs: Props, id: string, platform: ApiAuthSchemeConfig): Props {
  const ids = grantIdsOf(platform);
  return outputsOf(inputs, COMPUTED_KEYS, {
    authSchemeConfigId: id,
    config: configAsSent(platform),
    credentialId: ids.credentialId,
    credentialOrganisationId: ids.organisationId,
    validationMessages: platform.validationMessages,
  });
}

/** The inputs that would produce this config (for `import`); grant ids stay computed outputs. */
function inputsOf(connectorId: string, config: ApiAuthSchemeConfig): Props {
  const wire = configAsSent(config);
  if (wire.schemeType === 'oauth2' && wire.grant.grantType !== 'client_credentials') {
    const { credentialId: _c, organisationId: _o, ...grant } = wire.grant;
    return compact({ ...wire, id: undefined, connectorId, authSchemeConfigId: config.id, grant });
  }
  return compact({ ...wire, id: undefined, connectorId, authSchemeConfigId: config.id });
}

/** Keeps what a refresh cannot see (the client secret) from the last applied inputs. */
function refreshedInputs(previous: Props, config: ApiAuthSchemeConfig, connectorId: string): Props {
  const fromPlatform = inputsOf(connectorId, config);
  const previousGrant = previous.grant;
  if (isRecord(fromPlatform.grant) && isRecord(previousGrant) && previousGrant.clientSecret !== undefined) {
    fromPlatform.grant = { ...fromPlatform.grant, clientSecret: previousGrant.clientSecret };
  }
  return fromPlatform;
}

function unsupportedSchemeFailure(news: Props): pulumi.dynamic.CheckFailure[] {
  const type = news.schemeType;
  if (typeof type === 'string' && (UNSUPPORTED_SCHEME_TYPES as readonly string[]).includes(type)) {
    return [
      {
        property: 'schemeType',
        reason: `scheme type "${type}" cannot be managed through the Versori Connect API; use one of ${SCHEME_TYPES.join(', ')}`,
      },
    ];
  }
  return [];
}

export const authSchemeConfigLifecycle: Lifecycle = {
  async check(olds, news) {
    const checked = checkInputs(rules, news);
    const unsupported = unsupportedSchemeFailure(checked.input);
    const failures = unsupported.length > 0 ? unsupported : checked.failures;
    const id = checked.input.authSchemeConfigId ?? olds.authSchemeConfigId ?? ulid();
    const inputs: Props = { ...checked.input, authSchemeConfigId: id };
    const parsed = AuthSchemeConfigInputs.safeParse(inputs);
    // Known during preview, so that connections naming this config see it before it is applied.
    if (parsed.success) inputs.config = toWireConfig(parsed.data, String(id), {}, false);
    return { inputs, failures };
  },

  async diff(_id, olds, news) {
    return forEngine(diffAuthSchemeConfig(olds, news), olds, news);
  },

  async create(ctx, props) {
    const inputs = parseInputs(AuthSchemeConfigInputs, props, subjectOf(props), COMPUTED_KEYS);
    const id = inputs.authSchemeConfigId ?? ulid();
    const subject = subjectOf(props);
    const client = ctx.client;
    const wire = toWireConfig(inputs, id, {}, true);
    // An upsert under an id chosen here: the client repeats it safely, so no lookup is needed.
    const connector = await client.upsertAuthSchemeConfig(inputs.connectorId, wire, subject);
    const platform = findConfig(connector, id);
    if (platform === undefined) {
      throw new Error(`Versori accepted ${subject} but the connector ${inputs.connectorId} does not list config ${id}`);
    }
    return { id: `${inputs.connectorId}/${id}`, outs: toOutputs(props, id, platform) };
  },

  async read(ctx, id, props) {
    const { connectorId, childId } = splitChildId(id, 'authSchemeConfig');
    const subject = subjectOf(props ?? {});
    const connector = await readOrGone(ctx.client, subject, () => ctx.client.getConnector(connectorId, subject));
    if (connector === undefined) return { id: '', props: {} };
    const config = findConfig(connector, childId);
    if (config === undefined) return { id: '', props: {} };
    const previous = withoutKeys(props ?? {}, [...HOST_KEYS, ...COMPUTED_KEYS]);
    const inputs = isImport(props, 'schemeType')
      ? inputsOf(connectorId, config)
      : driftedInputs(previous, refreshedInputs(previous, config, connectorId), authSchemeConfigDiff);
    return { id, props: toOutputs(inputs, childId, config), inputs };
  },

  async update(ctx, id, olds, news) {
    const { connectorId, childId } = splitChildId(id, 'authSchemeConfig');
    const inputs = parseInputs(AuthSchemeConfigInputs, news, subjectOf(news), COMPUTED_KEYS);
    const subject = subjectOf(news);
    const previous = isRecord(olds.config) ? ApiAuthSchemeConfig.safeParse(olds.config) : undefined;
    const sameGrantFamily =
      previous?.success === true &&
      previous.data.schemeType === 'oauth2' &&
      inputs.schemeType === 'oauth2' &&
      previous.data.grant.grantType !== 'client_credentials' &&
      inputs.grant.grantType !== 'client_credentials';
    const ids: GrantIds = sameGrantFamily
      ? {
          credentialId: typeof olds.credentialId === 'string' ? olds.credentialId : undefined,
          organisationId: typeof olds.credentialOrganisationId === 'string' ? olds.credentialOrganisationId : undefined,
        }
      : {};
    const wire = toWireConfig(inputs, childId, ids.credentialId && ids.organisationId ? ids : {}, true);
    const connector = await ctx.client.upsertAuthSchemeConfig(connectorId, wire, subject);
    const platform = findConfig(connector, childId);
    if (platform === undefined) {
      throw new Error(`Versori accepted the update of ${subject} but the connector ${connectorId} does not list it`);
    }
    return { outs: toOutputs(news, childId, platform) };
  },

  async delete(ctx, id, props) {
    const { connectorId, childId } = splitChildId(id, 'authSchemeConfig');
    const client = ctx.client;
    await deleteObject(client, subjectOf(props), id, () => client.deleteAuthSchemeConfig(connectorId, childId, subjectOf(props)));
  },
};

type Inputify<T> = { [K in keyof T]: pulumi.Input<T[K]> };
type Variant<S extends AuthSchemeConfigInputs['schemeType']> = Inputify<
  Omit<Extract<AuthSchemeConfigInputs, { schemeType: S }>, 'schemeType'>
> & { schemeType: S };

/** Arguments of an {@link AuthSchemeConfig}: one typed variant per scheme type. */
export type AuthSchemeConfigArgs =
  | Variant<'none'>
  | Variant<'api-key'>
  | Variant<'basic-auth'>
  | Variant<'certificate'>
  | Variant<'hmac'>
  | Variant<'oauth2'>;

const declaredSchemeTypes = new WeakMap<AuthSchemeConfig, unknown>();

/**
 * The scheme type the program gave an AuthSchemeConfig: known when the program runs, while the config's outputs may
 * not be known before it is created.
 */
export function declaredSchemeTypeOf(config: AuthSchemeConfig): unknown {
  return declaredSchemeTypes.get(config);
}

/**
 * How a connector authenticates: one auth scheme config of a connector. Resource id `<connectorId>/<configId>`.
 *
 * ```ts
 * const apiKey = new AuthSchemeConfig("api-key", {
 *   connectorId: crm.id, schemeType: "api-key", description: "API key", name: "X-API-Key", in: "header",
 * });
 * ```
 */
export class AuthSchemeConfig extends VersoriResource {
  declare public readonly connectorId: pulumi.Output<string>;
  /** The config's ULID. */
  declare public readonly authSchemeConfigId: pulumi.Output<string>;
  declare public readonly schemeType: pulumi.Output<ApiAuthSchemeConfig['schemeType']>;
  declare public readonly description: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string | undefined>;
  declare public readonly in: pulumi.Output<'query' | 'header' | 'cookie' | undefined>;
  declare public readonly algorithm: pulumi.Output<'sha1' | 'sha256' | 'sha512' | undefined>;
  declare public readonly digestInputs: pulumi.Output<Array<'body' | 'url'> | undefined>;
  declare public readonly authorizeUrl: pulumi.Output<string | undefined>;
  declare public readonly tokenUrl: pulumi.Output<string | undefined>;
  declare public readonly scopes: pulumi.Output<Array<{ name: string; description?: string }> | undefined>;
  declare public readonly defaultScopes: pulumi.Output<string[] | undefined>;
  declare public readonly additionalAuthorizeParams: pulumi.Output<string | undefined>;
  declare public readonly additionalTokenParams: pulumi.Output<string | undefined>;
  declare public readonly mtlsEnabled: pulumi.Output<boolean | undefined>;
  declare public readonly mtlsCredentialId: pulumi.Output<string | undefined>;
  /** OAuth 2.0 grant as given (secret: it may hold the client secret). */
  declare public readonly grant: pulumi.Output<z.infer<typeof OAuth2Grant> | undefined>;
  /** The config as the platform holds it, without secrets. */
  declare public readonly config: pulumi.Output<ApiAuthSchemeConfig>;
  declare public readonly credentialId: pulumi.Output<string | undefined>;
  declare public readonly credentialOrganisationId: pulumi.Output<string | undefined>;
  declare public readonly validationMessages: pulumi.Output<Message[] | undefined>;

  constructor(name: string, args: AuthSchemeConfigArgs, opts?: pulumi.CustomResourceOptions) {
    const props = registeredProps(args, [...propertiesAt(AuthSchemeConfigInputs, undefined, []), ...COMPUTED_KEYS]);
    props.grant = secretInput(props.grant);
    // Adopting a config is an upsert in place of the imported id.
    const adoption = takeImportOption(opts);
    if (adoption.importId !== undefined) {
      props.authSchemeConfigId ??= importedChildId(adoption.importId, 'authSchemeConfig', props.connectorId);
    }
    super('authSchemeConfig', name, props, { ...adoption.opts, additionalSecretOutputs: mergeSecretOutputs(opts, ['grant']) });
    declaredSchemeTypes.set(this, props.schemeType);
  }
}
