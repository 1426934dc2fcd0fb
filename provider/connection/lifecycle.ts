// The Connection's lifecycle: check → diff → create → read → update → delete, and how its inputs map to the API.
import {
  AuthSchemeConfig as ApiAuthSchemeConfig,
  Connection as ApiConnection,
  ConnectionCreate,
  ConnectionUpdate,
  Connector as ApiConnector,
  CredentialType,
} from '../../api/schemas';
import type { VersoriClient } from '../client';
import { deepEqual, forEngine } from '../diff';
import { compact, computedStateOf, deleteObject, existingToAdopt, isImport, Lifecycle, outputsOf, parseInputs, Props, readOrGone, splitChildId } from '../lifecycle';
import { configAsSent } from '../server-fields';
import { checkInputs, HOST_KEYS, withoutKeys } from '../validation';
import {
  AuthSchemeConfigRef,
  changedConnectionInputs,
  COMPUTED_KEYS,
  ConnectionComputed,
  ConnectionInputs,
  CREDENTIAL_LISTS,
  declaredSchemeFailures,
  diffConnection,
  INPUT_RULES,
  unsupportedCredentialFailures,
} from './inputs';
import { inputsOf, refreshedCredentials, refreshedVariables } from './refresh';
import { refuseUnmanagedCreate, refuseUnmanagedReplacement, unmanagedCreateFailures } from './unmanaged';

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

/** Outputs: the inputs exactly as applied (what the engine compares to render previews), and the computed fields. */
function toOutputs(inputs: Props, connection: ApiConnection): Props {
  const { id: connectionId, createdAt, updatedAt, variables: effectiveVariables } = connection;
  return outputsOf(inputs, COMPUTED_KEYS, { connectionId, createdAt, updatedAt, effectiveVariables, appliedCredentials: appliedOf(connection) });
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
    if (whole.success) return configAsSent(whole.data);
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
    return configAsSent(found);
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

async function adoptConnection(client: VersoriClient, inputs: ConnectionInputs, adoptId: string): Promise<ApiConnection> {
  const subject = subjectOf(inputs.name);
  const existing = await existingToAdopt(
    () => client.getConnection(inputs.connectorId, adoptId, subject),
    `${subject}: there is no connection ${adoptId} on connector ${inputs.connectorId} to adopt`,
  );
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

/** The update body's credentials: each declared one under the id it was applied with, naming its (resolved) config. */
async function credentialsUpdate(
  inputs: ConnectionInputs,
  applied: ConnectionComputed['appliedCredentials'],
  resolver: ConfigResolver,
  subject: string,
): Promise<NonNullable<ConnectionUpdate['credentials']>> {
  const credentials: NonNullable<ConnectionUpdate['credentials']> = {};
  for (const list of CREDENTIAL_LISTS) {
    const items = inputs.credentials[list];
    if (items === undefined) continue;
    const appliedItems = applied[list] ?? [];
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
  return credentials;
}

export const connectionLifecycle: Lifecycle = {
  async check(olds, news) {
    const { input, failures } = checkInputs(INPUT_RULES, news);
    const creating = Object.keys(withoutKeys(olds, HOST_KEYS)).length === 0 && input.adoptId === undefined;
    const unmanaged = (creating ? unmanagedCreateFailures(input.credentials) : []).filter((u) => !failures.some((f) => f.property === u.property));
    const unsupported = unsupportedCredentialFailures(input);
    const fromSchema = failures.filter(
      (f) => !unsupported.some((u) => f.property === u.property || f.property.startsWith(u.property.replace(/\.type$/, ''))),
    );
    const declared = declaredSchemeFailures(input).filter((d) => !fromSchema.some((f) => f.property === d.property));
    // The declared scheme types serve this check only; kept out of state, they never show in a diff.
    const { declaredSchemeTypes: _checked, ...inputs } = input;
    return { inputs, failures: [...unsupported, ...declared, ...fromSchema, ...unmanaged] };
  },

  async diff(_id, olds, news) {
    const diff = diffConnection(olds, news);
    refuseUnmanagedReplacement(subjectOf(olds.name), olds, news, diff);
    return forEngine(diff, olds, news);
  },

  async create(ctx, props) {
    const inputs = parseInputs(ConnectionInputs, props, subjectOf(props.name), COMPUTED_KEYS);
    const subject = subjectOf(inputs.name);
    const client = ctx.client;
    if (inputs.adoptId !== undefined) {
      const adopted = await adoptConnection(client, inputs, inputs.adoptId);
      return { id: `${inputs.connectorId}/${adopted.id}`, outs: toOutputs(props, adopted) };
    }
    refuseUnmanagedCreate(subject, inputs.credentials);
    const body = await createBody(inputs, new ConfigResolver(client, inputs.connectorId, subject));
    const connection = await client.createOnce<ApiConnection>({
      subject,
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

  async read(ctx, id, props) {
    const { connectorId, childId } = splitChildId(id, 'connection');
    const subject = subjectOf(props?.name);
    const connection = await readOrGone(ctx.client, subject, () => ctx.client.getConnection(connectorId, childId, subject));
    if (connection === undefined) return { id: '', props: {} };
    if (isImport(props, 'credentials')) {
      const inputs = inputsOf(connectorId, connection);
      return { id, props: toOutputs(inputs, connection), inputs };
    }
    const previous = props ?? {};
    const refreshed = compact({
      ...withoutKeys(previous, [...HOST_KEYS, ...COMPUTED_KEYS]),
      connectorId,
      name: connection.name,
      variables: refreshedVariables(previous, connection),
      credentials: refreshedCredentials(previous, connection),
    });
    return { id, props: toOutputs(refreshed, connection), inputs: refreshed };
  },

  async update(ctx, id, olds, news) {
    const { connectorId, childId } = splitChildId(id, 'connection');
    const recorded = computedStateOf('Connection', ConnectionComputed, olds);
    const inputs = parseInputs(ConnectionInputs, news, subjectOf(news.name), COMPUTED_KEYS);
    const subject = subjectOf(inputs.name);
    const changed = changedConnectionInputs(olds, news);
    if ([...changed].every((key) => key === 'forceDelete')) {
      return { outs: { ...withoutKeys(olds, HOST_KEYS), forceDelete: inputs.forceDelete } };
    }
    const client = ctx.client;
    const body: ConnectionUpdate = { id: childId, name: inputs.name };
    if (changed.has('variables')) body.variables = inputs.variables ?? [];
    if (changed.has('credentials')) {
      body.credentials = await credentialsUpdate(inputs, recorded.appliedCredentials, new ConfigResolver(client, connectorId, subject), subject);
    }
    const connection = await client.updateConnection(connectorId, body, subject);
    return { outs: toOutputs(news, connection) };
  },

  async delete(ctx, id, props) {
    const { connectorId, childId } = splitChildId(id, 'connection');
    const client = ctx.client;
    const subject = subjectOf(props.name);
    await deleteObject(
      client,
      subject,
      id,
      () => client.deleteConnection(connectorId, childId, props.forceDelete === true, subject),
      { state: 'is in use by another product', firstStep: 'Stop what uses it first', forceDelete: true },
    );
  },
};
