// The AuthSchemeConfig's lifecycle: check → diff → create → read → update → delete, and how its inputs map to the API.
import type * as pulumi from '@pulumi/pulumi';
import { newUlid } from '../new-id';
import { z } from 'zod';
import {
  AuthSchemeConfig as ApiAuthSchemeConfig,
  Connector as ApiConnector,
  OAuth2Grant,
  SCHEME_TYPES,
  UNSUPPORTED_SCHEME_TYPES,
} from '../../api/schemas';
import { driftedInputs, forEngine, isRecord } from '../diff';
import { compact, computedStateOf, deleteObject, isImport, Lifecycle, outputsOf, parseInputs, Props, readOrGone, splitChildId } from '../lifecycle';
import { configAsSent } from '../server-fields';
import { checkInputs, HOST_KEYS, withoutKeys } from '../validation';
import { AuthSchemeConfigComputed, authSchemeConfigDiff, AuthSchemeConfigInputs, COMPUTED_KEYS, diffAuthSchemeConfig, INPUT_RULES } from './inputs';

/**
 * Ids `check` made in this process for configs declared without one: no object on the platform can hold them, so their
 * create needs no read to tell adoption from creation (a create in another process reads, which is only slower).
 */
const GENERATED_IDS = new Set<string>();

function generatedId(): string {
  const id = newUlid();
  GENERATED_IDS.add(id);
  return id;
}

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

/**
 * Whether an existing config differs from the declared inputs, as `diff` compares them. The platform never returns the
 * client secret, so it is not compared (adoption records the declared one as given); the grant's credential ids are
 * compared only when declared.
 */
function adoptionDiffers(connectorId: string, existing: ApiAuthSchemeConfig, declared: Props): boolean {
  const held = inputsOf(connectorId, existing);
  const declaredGrant = declared.grant;
  if (isRecord(held.grant) && isRecord(declaredGrant)) {
    const ids = grantIdsOf(existing);
    held.grant = compact({
      ...held.grant,
      credentialId: declaredGrant.credentialId === undefined ? undefined : ids.credentialId,
      organisationId: declaredGrant.organisationId === undefined ? undefined : ids.organisationId,
    });
  }
  return diffAuthSchemeConfig(held, declared).changes === true;
}

/**
 * The credential an adopted OAuth 2.0 grant keeps: a PUT naming it merges into it, so the client secret it holds is
 * not overwritten (none is sent). None for another grant family, whose credential the PUT does not keep anyway.
 */
function keptGrantIds(existing: ApiAuthSchemeConfig, inputs: AuthSchemeConfigInputs): GrantIds {
  const held = grantIdsOf(existing);
  const sameFamily = inputs.schemeType === 'oauth2' && inputs.grant.grantType !== 'client_credentials';
  return sameFamily && held.credentialId !== undefined && held.organisationId !== undefined ? held : {};
}

/** Inputs with the `config` that `check` derives from them: a refresh that records inputs must not show it as gone. */
function withDerivedConfig(inputs: Props, id: string): Props {
  const parsed = AuthSchemeConfigInputs.safeParse(inputs);
  return parsed.success ? { ...inputs, config: toWireConfig(parsed.data, id, {}, false) } : inputs;
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
    const checked = checkInputs(INPUT_RULES, news);
    const unsupported = unsupportedSchemeFailure(checked.input);
    const failures = unsupported.length > 0 ? unsupported : checked.failures;
    const id = checked.input.authSchemeConfigId ?? (typeof olds.authSchemeConfigId === 'string' ? olds.authSchemeConfigId : generatedId());
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
    const id = inputs.authSchemeConfigId ?? newUlid();
    const subject = subjectOf(props);
    const client = ctx.client;
    // A config of that id already there (the id was given) is adopted; only a difference from the inputs is written.
    // An id this process made in `check` names nothing yet: no read is needed to know.
    const existing = GENERATED_IDS.has(id) ? undefined : findConfig(await client.getConnector(inputs.connectorId, subject), id);
    if (existing !== undefined && !adoptionDiffers(inputs.connectorId, existing, props)) {
      return { id: `${inputs.connectorId}/${id}`, outs: toOutputs(props, id, existing) };
    }
    const kept = existing === undefined ? {} : keptGrantIds(existing, inputs);
    const wire = toWireConfig(inputs, id, kept, kept.credentialId === undefined);
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
    return { id, props: toOutputs(inputs, childId, config), inputs: withDerivedConfig(inputs, childId) };
  },

  async update(ctx, id, olds, news) {
    const { connectorId, childId } = splitChildId(id, 'authSchemeConfig');
    const recorded = computedStateOf('AuthSchemeConfig', AuthSchemeConfigComputed, olds);
    const inputs = parseInputs(AuthSchemeConfigInputs, news, subjectOf(news), COMPUTED_KEYS);
    const subject = subjectOf(news);
    const sameGrantFamily =
      recorded.config.schemeType === 'oauth2' &&
      inputs.schemeType === 'oauth2' &&
      recorded.config.grant.grantType !== 'client_credentials' &&
      inputs.grant.grantType !== 'client_credentials';
    const ids: GrantIds = sameGrantFamily ? { credentialId: recorded.credentialId, organisationId: recorded.credentialOrganisationId } : {};
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
