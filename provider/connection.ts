// The Connection resource: input schema, lifecycle and resource class.
import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import {
  AuthSchemeConfig as ApiAuthSchemeConfig,
  Connection as ApiConnection,
  ConnectionCredential as ApiConnectionCredential,
  ConnectionCreate,
  ConnectionUpdate,
  Connector as ApiConnector,
  CredentialDataByType,
  CredentialType,
  CREDENTIAL_TYPES,
  REDACTED_CREDENTIAL_FIELDS,
  SCHEME_TYPES,
  SchemeType,
  UNSUPPORTED_CREDENTIAL_TYPES,
  Ulid,
} from '../api/schemas';
import { AuthSchemeConfig } from './auth-scheme-config';
import { VersoriApiError, VersoriClient } from './client';
import { deepEqual, diffConnection, isRecord, isUnknown } from './diff';
import { dynamicProvider, importedChildId, mergeSecretOutputs, takeImportOption } from './dynamic';
import { NonEmptyString, Variables } from './fields';
import { compact, deleteObject, isImport, Lifecycle, parseInputs, Props, splitChildId } from './lifecycle';
import { createOnce } from './recovery';
import { currentClient, providerLog } from './runtime';
import { checkFailures, HOST_KEYS, withoutKeys } from './validation';

export const CREDENTIAL_LISTS = ['action', 'trigger'] as const;
export type CredentialList = (typeof CREDENTIAL_LISTS)[number];

/** Credential types each scheme type accepts. */
export const CREDENTIAL_TYPES_BY_SCHEME: Record<SchemeType, readonly CredentialType[]> = {
  none: ['none'],
  'api-key': ['string'],
  'basic-auth': ['basic-auth'],
  certificate: ['certificate'],
  hmac: ['string'],
  oauth2: ['oauth2-client', 'oauth2-password', 'oauth2-code', 'oauth2-token'],
};

function credentialVariant<T extends CredentialType>(type: T) {
  return z
    .object({
      /** Name of the credential. Changing it replaces the connection. */
      name: NonEmptyString,
      type: z.literal(type),
      /** Typed data of the credential; secret. Changing it replaces the connection. */
      data: CredentialDataByType[type],
    })
    .strict();
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

/**
 * The auth scheme config a credential uses: the config as the connector holds it (an AuthSchemeConfig's `config`
 * output), or at least its `id` (and `schemeType`), in which case the provider reads the rest from the connector.
 */
export const AuthSchemeConfigRef = z.looseObject({
  id: Ulid,
  schemeType: z.enum(SCHEME_TYPES).optional(),
});
export type AuthSchemeConfigRef = z.infer<typeof AuthSchemeConfigRef>;

export const ConnectionCredentialInput = z
  .object({ authSchemeConfig: AuthSchemeConfigRef, credential: CredentialInput })
  .strict()
  .superRefine((item, ctx) => {
    const scheme = item.authSchemeConfig.schemeType;
    if (scheme === undefined || isUnknown(scheme) || isUnknown(item.credential.type)) return;
    const allowed = CREDENTIAL_TYPES_BY_SCHEME[scheme];
    if (!allowed.includes(item.credential.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['credential', 'type'],
        message: `a "${scheme}" auth scheme takes ${allowed.map((t) => `"${t}"`).join(' or ')} credentials, not "${item.credential.type}"`,
      });
    }
  });
export type ConnectionCredentialInput = z.infer<typeof ConnectionCredentialInput>;

const CredentialListInput = z.array(ConnectionCredentialInput).min(1, 'must hold at least one credential (or be left out)');

const connectionShape = {
  /** The connector of this connection. Changing it replaces the connection. */
  connectorId: Ulid,
  /** Unique within the connector. Renaming is an update. */
  name: NonEmptyString,
  /**
   * The connection's own variables. On create the platform adds the connector's default variables (see the
   * `effectiveVariables` output); a later change replaces the whole list, and removing them clears it.
   */
  variables: Variables.optional(),
  /** Credentials applied to actions and to triggers, in order. At least one list. */
  credentials: z
    .object({ action: CredentialListInput.optional(), trigger: CredentialListInput.optional() })
    .strict()
    .refine((c) => c.action !== undefined || c.trigger !== undefined, 'must have an action or a trigger list'),
  /** Delete even while the connection is in use (sends `force=true`). */
  forceDelete: z.boolean().optional(),
  /**
   * Adopt the existing connection with this id instead of creating one (Pulumi's `import` option does not work for
   * dynamic resources). Its credentials must have the declared names, types and auth scheme configs; their secret
   * data cannot be read, so the declared data is recorded as given. Only read on create.
   */
  adoptId: Ulid.optional(),
};

/** Inputs of a Connection: the single source of its shape. */
export const ConnectionInputs = z.object(connectionShape).strict();
export type ConnectionInputs = z.infer<typeof ConnectionInputs>;

/** One applied credential, as recorded in (non-secret) outputs. */
export interface AppliedCredential {
  /** The ConnectionCredential id (what an update names). */
  readonly id: string;
  readonly credentialId: string;
  readonly authSchemeConfigId: string;
  readonly name: string;
  readonly type: CredentialType;
}

export interface ConnectionComputed {
  readonly connectionId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The variables the platform holds (connector defaults included). */
  readonly effectiveVariables: Array<{ name: string; value: string }>;
  readonly appliedCredentials: Partial<Record<CredentialList, AppliedCredential[]>>;
}

const COMPUTED_KEYS = ['connectionId', 'createdAt', 'updatedAt', 'effectiveVariables', 'appliedCredentials'] as const;

function subjectOf(name: unknown): string {
  return typeof name === 'string' ? `Connection "${name}"` : 'Connection';
}

function appliedOf(connection: ApiConnection): ConnectionComputed['appliedCredentials'] {
  const applied: ConnectionComputed['appliedCredentials'] = {};
  for (const list of CREDENTIAL_LISTS) {
    const items = connection.credentials[list];
    if (items === undefined) continue;
    applied[list] = items.map((item) => ({
      id: item.id,
      credentialId: item.credential.id,
      authSchemeConfigId: item.authSchemeConfig.id,
      name: item.credential.name,
      type: item.credential.type,
    }));
  }
  return applied;
}

function toOutputs(inputs: Props, connection: ApiConnection): Props {
  return compact({
    ...withoutKeys(inputs, [...HOST_KEYS, ...COMPUTED_KEYS]),
    name: connection.name,
    connectionId: connection.id,
    createdAt: connection.createdAt,
    updatedAt: connection.updatedAt,
    effectiveVariables: connection.variables,
    appliedCredentials: appliedOf(connection),
  });
}

/** Resolves each reference to the whole config the connector holds, reading the connector only when needed. */
class ConfigResolver {
  private connector: Promise<ApiConnector> | undefined;

  constructor(
    private readonly client: VersoriClient,
    private readonly connectorId: string,
    private readonly subject: string,
  ) {}

  async resolve(ref: AuthSchemeConfigRef): Promise<ApiAuthSchemeConfig> {
    const whole = ApiAuthSchemeConfig.safeParse(ref);
    if (whole.success) {
      const { validationMessages: _ignored, ...config } = whole.data;
      return config as ApiAuthSchemeConfig;
    }
    this.connector ??= this.client.getConnector(this.connectorId, this.subject);
    const connector = await this.connector;
    const found = connector.authSchemeConfigs.find((c) => c.id === ref.id);
    if (found === undefined) {
      throw new Error(`${this.subject}: auth scheme config ${ref.id} does not exist on connector ${this.connectorId}`);
    }
    if (ref.schemeType !== undefined && ref.schemeType !== found.schemeType) {
      throw new Error(
        `${this.subject}: auth scheme config ${ref.id} has scheme type "${found.schemeType}", not "${ref.schemeType}"`,
      );
    }
    const { validationMessages: _ignored, ...config } = found;
    return config as ApiAuthSchemeConfig;
  }
}

async function createBody(inputs: ConnectionInputs, resolver: ConfigResolver): Promise<ConnectionCreate> {
  const credentials: ConnectionCreate['credentials'] = {};
  for (const list of CREDENTIAL_LISTS) {
    const items = inputs.credentials[list];
    if (items === undefined) continue;
    credentials[list] = await Promise.all(
      items.map(async (item) => ({
        authSchemeConfig: await resolver.resolve(item.authSchemeConfig),
        credential: { name: item.credential.name, type: item.credential.type, data: item.credential.data },
      })),
    );
  }
  return { name: inputs.name, variables: inputs.variables ?? [], credentials };
}

/** The type a credential reads back as (an authorization code is exchanged for tokens). */
function readBackType(type: CredentialType): CredentialType {
  return type === 'oauth2-code' ? 'oauth2-token' : type;
}

/** Whether an existing connection has the credentials this create asks for (secret data cannot be compared). */
function sameCredentials(connection: ApiConnection, inputs: ConnectionInputs): boolean {
  return CREDENTIAL_LISTS.every((list) => {
    const wanted = inputs.credentials[list] ?? [];
    const existing = connection.credentials[list] ?? [];
    return (
      wanted.length === existing.length &&
      wanted.every((item, i) => {
        const have = existing[i];
        return (
          have.authSchemeConfig.id === item.authSchemeConfig.id &&
          have.credential.name === item.credential.name &&
          have.credential.type === readBackType(item.credential.type)
        );
      })
    );
  });
}

function describeConnection(connection: ApiConnection): string {
  const lists = CREDENTIAL_LISTS.filter((l) => connection.credentials[l] !== undefined)
    .map((l) => `${l}: ${(connection.credentials[l] ?? []).map((c) => `${c.credential.name} (${c.credential.type})`).join(', ')}`)
    .join('; ');
  return `connection ${connection.id} named "${connection.name}" with credentials ${lists || 'none'}`;
}

/**
 * Non-secret credential data from the platform, with secret fields taken from the last applied inputs. A secret as
 * read back (absent, "" or a mask) is opaque, so it never becomes an input.
 */
function credentialInputOf(item: ApiConnectionCredential, previous: unknown): ConnectionCredentialInput {
  const redacted = REDACTED_CREDENTIAL_FIELDS[item.credential.type];
  const previousData = isRecord(previous) && isRecord(previous.data) ? previous.data : {};
  const data: Record<string, unknown> = { ...item.credential.data };
  for (const field of redacted) {
    if (previousData[field] === undefined) delete data[field];
    else data[field] = previousData[field];
  }
  const { validationMessages: _ignored, ...config } = item.authSchemeConfig;
  return {
    authSchemeConfig: config,
    credential: { name: item.credential.name, type: item.credential.type, data } as CredentialInput,
  };
}

/**
 * Refresh: keeps the recorded credential inputs where the platform still holds the same credential (credentials
 * cannot change in place, and secrets are never read back), and maps anything else from the platform.
 */
function refreshedCredentials(previous: Props, connection: ApiConnection): Props {
  const recorded = isRecord(previous.credentials) ? previous.credentials : {};
  const applied = isRecord(previous.appliedCredentials) ? previous.appliedCredentials : {};
  const out: Props = {};
  for (const list of CREDENTIAL_LISTS) {
    const items = connection.credentials[list];
    if (items === undefined) continue;
    const recordedItems = Array.isArray(recorded[list]) ? (recorded[list] as unknown[]) : [];
    const appliedItems = Array.isArray(applied[list]) ? (applied[list] as unknown[]) : [];
    out[list] = items.map((item, i) => {
      const recordedItem = recordedItems[i];
      const appliedItem = appliedItems[i];
      const sameCredential = isRecord(appliedItem) && appliedItem.credentialId === item.credential.id;
      if (sameCredential && isRecord(recordedItem)) {
        const ref = isRecord(recordedItem.authSchemeConfig) ? recordedItem.authSchemeConfig : {};
        const sameConfig = ref.id === item.authSchemeConfig.id && ref.schemeType === item.authSchemeConfig.schemeType;
        return sameConfig ? recordedItem : { ...recordedItem, authSchemeConfig: credentialInputOf(item, undefined).authSchemeConfig };
      }
      return credentialInputOf(item, isRecord(recordedItem) ? recordedItem.credential : undefined);
    });
  }
  return out;
}

/** Variables: keep the recorded inputs while the platform still holds each of them (it adds connector defaults). */
function refreshedVariables(previous: Props, connection: ApiConnection): unknown {
  if (!Array.isArray(previous.variables)) return undefined;
  const held = new Map(connection.variables.map((v) => [v.name, v.value]));
  const intact = (previous.variables as unknown[]).every(
    (v) => isRecord(v) && typeof v.name === 'string' && held.get(v.name) === v.value,
  );
  return intact ? previous.variables : connection.variables;
}

function inputsOf(connectorId: string, connection: ApiConnection): Props {
  const credentials: Props = {};
  for (const list of CREDENTIAL_LISTS) {
    const items = connection.credentials[list];
    if (items !== undefined) credentials[list] = items.map((item) => credentialInputOf(item, undefined));
  }
  return { connectorId, name: connection.name, credentials };
}

async function adoptConnection(client: VersoriClient, inputs: ConnectionInputs, adoptId: string): Promise<ApiConnection> {
  const subject = subjectOf(inputs.name);
  let existing: ApiConnection;
  try {
    existing = await client.getConnection(inputs.connectorId, adoptId, subject);
  } catch (error) {
    if (error instanceof VersoriApiError && error.notFound) {
      throw new Error(`${subject}: there is no connection ${adoptId} on connector ${inputs.connectorId} to adopt`);
    }
    throw error;
  }
  if (!sameCredentials(existing, inputs)) {
    throw new Error(`${subject}: cannot adopt ${describeConnection(existing)}: its credentials differ from the declared ones`);
  }
  const renamed = existing.name !== inputs.name;
  const revalued = inputs.variables !== undefined && !deepEqual(existing.variables, inputs.variables);
  if (!renamed && !revalued) return existing;
  return client.updateConnection(
    inputs.connectorId,
    { id: existing.id, name: inputs.name, ...(revalued ? { variables: inputs.variables } : {}) },
    subject,
  );
}

function unsupportedCredentialFailures(news: Props): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const credentials = news.credentials;
  if (!isRecord(credentials)) return failures;
  for (const list of CREDENTIAL_LISTS) {
    const items = credentials[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, i) => {
      const type = isRecord(item) && isRecord(item.credential) ? item.credential.type : undefined;
      if (typeof type === 'string' && (UNSUPPORTED_CREDENTIAL_TYPES as readonly string[]).includes(type)) {
        failures.push({
          property: `credentials.${list}[${i}].credential.type`,
          reason: `credential type "${type}" cannot be created through the Versori Connect API; use one of ${CREDENTIAL_TYPES.join(', ')}`,
        });
      }
    });
  }
  return failures;
}

export const connectionLifecycle: Lifecycle = {
  async check(_olds, news) {
    const input = withoutKeys(news, [...HOST_KEYS, ...COMPUTED_KEYS]);
    const unsupported = unsupportedCredentialFailures(input);
    const failures = checkFailures(ConnectionInputs, input).filter(
      (f) => !unsupported.some((u) => f.property === u.property || f.property.startsWith(u.property.replace(/\.type$/, ''))),
    );
    return { inputs: news, failures: [...unsupported, ...failures] };
  },

  async diff(_id, olds, news) {
    return diffConnection(olds, news);
  },

  async create(props) {
    const inputs = parseInputs(ConnectionInputs, props, subjectOf(props.name), COMPUTED_KEYS);
    const subject = subjectOf(inputs.name);
    const client = currentClient();
    if (inputs.adoptId !== undefined) {
      const adopted = await adoptConnection(client, inputs, inputs.adoptId);
      return { id: `${inputs.connectorId}/${adopted.id}`, outs: toOutputs(props, adopted) };
    }
    const body = await createBody(inputs, new ConfigResolver(client, inputs.connectorId, subject));
    const connection = await createOnce<ApiConnection>({
      subject,
      retryPolicy: client.retryPolicy,
      log: providerLog,
      create: () => client.createConnection(inputs.connectorId, body, subject),
      lookup: async () => {
        const summary = await client.findConnectionByName(inputs.connectorId, inputs.name, subject);
        if (summary === undefined) return undefined;
        const existing = await client.getConnection(inputs.connectorId, summary.id, subject);
        return { value: existing, matches: sameCredentials(existing, inputs), description: describeConnection(existing) };
      },
    });
    return { id: `${inputs.connectorId}/${connection.id}`, outs: toOutputs(props, connection) };
  },

  async read(id, props) {
    const { connectorId, childId } = splitChildId(id, 'connection');
    let connection: ApiConnection;
    try {
      connection = await currentClient().getConnection(connectorId, childId, subjectOf(props?.name));
    } catch (error) {
      if (error instanceof VersoriApiError && error.notFound) {
        await currentClient().ensureOrganisationVisible(subjectOf(props?.name));
        return { id: '', props: {} };
      }
      throw error;
    }
    if (isImport(props, 'credentials')) {
      const inputs = inputsOf(connectorId, connection);
      return { id, props: toOutputs(inputs, connection), inputs };
    }
    const previous = props ?? {};
    const refreshed = compact({
      ...withoutKeys(previous, [...HOST_KEYS, ...COMPUTED_KEYS]),
      connectorId,
      variables: refreshedVariables(previous, connection),
      credentials: refreshedCredentials(previous, connection),
    });
    return { id, props: toOutputs(refreshed, connection) };
  },

  async update(id, olds, news) {
    const { connectorId, childId } = splitChildId(id, 'connection');
    const inputs = parseInputs(ConnectionInputs, news, subjectOf(news.name), COMPUTED_KEYS);
    const subject = subjectOf(inputs.name);
    const result = diffConnection(olds, news);
    const paths = Object.keys(result.detailedDiff);
    if (paths.every((p) => p === 'forceDelete')) {
      return { outs: { ...withoutKeys(olds, HOST_KEYS), forceDelete: inputs.forceDelete } };
    }
    const client = currentClient();
    const body: ConnectionUpdate = { id: childId, name: inputs.name };
    if (paths.includes('variables')) body.variables = inputs.variables ?? [];
    if (paths.some((p) => p.startsWith('credentials'))) {
      const applied = isRecord(olds.appliedCredentials) ? olds.appliedCredentials : {};
      const resolver = new ConfigResolver(client, connectorId, subject);
      const credentials: NonNullable<ConnectionUpdate['credentials']> = {};
      for (const list of CREDENTIAL_LISTS) {
        const items = inputs.credentials[list];
        if (items === undefined) continue;
        const appliedItems = Array.isArray(applied[list]) ? (applied[list] as AppliedCredential[]) : [];
        credentials[list] = await Promise.all(
          items.map(async (item, i) => {
            const appliedItem = appliedItems[i];
            if (appliedItem === undefined) {
              throw new Error(`${subject}: no applied credential recorded at credentials.${list}[${i}]; run \`pulumi refresh\``);
            }
            return { id: appliedItem.id, authSchemeConfig: await resolver.resolve(item.authSchemeConfig) };
          }),
        );
      }
      body.credentials = credentials;
    }
    const connection = await client.updateConnection(connectorId, body, subject);
    return { outs: toOutputs(news, connection) };
  },

  async delete(id, props) {
    const { connectorId, childId } = splitChildId(id, 'connection');
    const client = currentClient();
    const subject = subjectOf(props.name);
    await deleteObject(
      client,
      subject,
      id,
      () => client.deleteConnection(connectorId, childId, props.forceDelete === true, subject),
      { state: 'is in use by another product', firstStep: 'Stop what uses it first' },
    );
  },
};

// ---------- Resource class ----------

type Inputify<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** A value whose every level may be an Input, e.g. credential data holding a secret Output. */
export type DeepInput<T> = T extends string | number | boolean | undefined
  ? pulumi.Input<T>
  : T extends ReadonlyArray<infer Item>
    ? pulumi.Input<ReadonlyArray<DeepInput<Item>>>
    : pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>;

/** The auth scheme config of a credential: an AuthSchemeConfig resource, or its `config` output (or `{ id, schemeType }`). */
export type AuthSchemeConfigReference = AuthSchemeConfig | pulumi.Input<AuthSchemeConfigRef>;

export interface ConnectionCredentialArgs {
  readonly authSchemeConfig: AuthSchemeConfigReference;
  /** The credential to create; its `data` is kept secret. */
  readonly credential: DeepInput<CredentialInput>;
}

/** Arguments of a {@link Connection}. */
export interface ConnectionArgs
  extends Inputify<Pick<ConnectionInputs, 'connectorId' | 'name' | 'variables' | 'forceDelete' | 'adoptId'>> {
  readonly credentials: {
    readonly action?: ConnectionCredentialArgs[];
    readonly trigger?: ConnectionCredentialArgs[];
  };
}

function referenceOf(ref: AuthSchemeConfigReference): pulumi.Input<AuthSchemeConfigRef> {
  return ref instanceof AuthSchemeConfig ? ref.config : ref;
}

function secretCredential(credential: DeepInput<CredentialInput>): pulumi.Output<CredentialInput> {
  return pulumi.secret(credential as pulumi.Input<CredentialInput>);
}

/**
 * A Versori Connection: credentials for one connector. Resource id `<connectorId>/<connectionId>`. A change of a
 * credential replaces the connection (deleting the old one first when the name stays the same).
 *
 * ```ts
 * new Connection("prod", {
 *   connectorId: crm.id, name: "prod",
 *   credentials: { action: [{ authSchemeConfig: apiKey, credential: { name: "key", type: "string", data: { value: key } } }] },
 * });
 * ```
 */
export class Connection extends pulumi.dynamic.Resource {
  declare public readonly connectorId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly variables: pulumi.Output<Array<{ name: string; value: string }> | undefined>;
  /** The credentials as applied (secret). */
  declare public readonly credentials: pulumi.Output<Partial<Record<CredentialList, ConnectionCredentialInput[]>>>;
  declare public readonly forceDelete: pulumi.Output<boolean | undefined>;
  /** The connection's ULID. */
  declare public readonly connectionId: pulumi.Output<string>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly updatedAt: pulumi.Output<string>;
  declare public readonly effectiveVariables: pulumi.Output<Array<{ name: string; value: string }>>;
  declare public readonly appliedCredentials: pulumi.Output<ConnectionComputed['appliedCredentials']>;

  constructor(name: string, args: ConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    const credentials: Record<string, unknown> = {};
    for (const list of CREDENTIAL_LISTS) {
      const items = args.credentials?.[list];
      if (items === undefined) continue;
      credentials[list] = items.map((item) => ({
        authSchemeConfig: referenceOf(item.authSchemeConfig),
        credential: secretCredential(item.credential),
      }));
    }
    const props: Record<string, unknown> = {
      connectorId: args.connectorId,
      name: args.name,
      variables: args.variables,
      credentials,
      forceDelete: args.forceDelete,
      adoptId: args.adoptId,
    };
    for (const key of COMPUTED_KEYS) props[key] = undefined;
    const adoption = takeImportOption(opts);
    if (adoption.importId !== undefined) {
      props.adoptId ??= importedChildId(adoption.importId, 'connection');
    }
    super(
      dynamicProvider('connection'),
      name,
      props,
      { ...adoption.opts, additionalSecretOutputs: mergeSecretOutputs(opts, ['credentials']) },
      'versori',
      'Connection',
    );
  }
}
