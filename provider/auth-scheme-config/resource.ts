// The AuthSchemeConfig resource class and its arguments.
import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { AuthSchemeConfig as ApiAuthSchemeConfig, Message, OAuth2Grant } from '../../api/schemas';
import { dynamicType, registrationOf, withProvider } from '../dynamic';
import { propertiesAt } from '../input-schema';
import { ArgsOf, derivedSecrecy, isPlainObject, mapInput, registeredProps, secretInput } from '../resource-args';
import { AuthSchemeConfigInputs, COMPUTED_KEYS, SECRET_KEYS } from './inputs';

type Variant<S extends AuthSchemeConfigInputs['schemeType']> = ArgsOf<
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

/** What `config` is made of: every input but the connector and the grant's client secret (never in `config`). */
function configSources(props: Record<string, unknown>): unknown[] {
  const { connectorId: _connector, grant, ...rest } = props;
  const grantWithoutSecret = mapInput(grant, (plain) => {
    if (!isPlainObject(plain)) return plain;
    const { clientSecret: _secret, ...others } = plain;
    return others;
  });
  return [...Object.values(rest), grantWithoutSecret];
}

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
export class AuthSchemeConfig extends pulumi.CustomResource {
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
    props.config ??= derivedSecrecy(configSources(props));
    props.grant = secretInput(props.grant);
    // Adopting a config is an upsert in place of the imported id.
    const adoption = { input: 'authSchemeConfigId', childOf: { kind: 'authSchemeConfig', connectorId: props.connectorId } };
    const registered = registrationOf(props, opts, adoption, SECRET_KEYS);
    super(dynamicType('authSchemeConfig'), name, withProvider('authSchemeConfig', registered.props), registered.opts);
    declaredSchemeTypes.set(this, props.schemeType);
  }
}
