// The Connector's lifecycle: check → diff → create → read → update → delete, and how its inputs map to the API.
import { Connector as ApiConnector, ConnectorUpdate } from '../../api/schemas';
import type { Category } from '../../api/versions';
import type { VersoriClient } from '../client';
import { deepEqual, driftedInputs, forEngine } from '../diff';
import { compact, computedStateOf, deleteObject, existingToAdopt, isImport, Lifecycle, outputsOf, parseInputs, Props, readOrGone } from '../lifecycle';
import { checkInputs, HOST_KEYS, withoutKeys } from '../validation';
import { categoriesOf } from './categories';
import {
  changedConnectorInputs,
  COMPUTED_KEYS,
  ConnectorComputed,
  connectorDiff,
  ConnectorInputs,
  diffConnector,
  INPUT_RULES,
  uniqueCategories,
} from './inputs';

function subjectOf(name: unknown): string {
  return typeof name === 'string' ? `Connector "${name}"` : 'Connector';
}

/** The connector's identifying and descriptive inputs, as the platform holds them. */
function describedBy(connector: ApiConnector): Props {
  return {
    name: connector.name,
    protocol: connector.protocol,
    baseUrl: connector.protocol === 'http' ? connector.baseUrl : undefined,
    datasetId: connector.protocol === 'bigquery' ? connector.datasetId : undefined,
    documentationURL: connector.documentationURL,
    imageURL: connector.imageURL,
  };
}

/** Outputs: the inputs exactly as applied (what the engine compares to render previews), and the computed fields. */
function toOutputs(inputs: Props, connector: ApiConnector): Props {
  const { id: connectorId, organisationId, createdAt, updatedAt } = connector;
  return outputsOf(inputs, COMPUTED_KEYS, { connectorId, organisationId, createdAt, updatedAt });
}

/** Every field the platform holds, in the shape of inputs (undefined where it holds none). */
function platformView(connector: ApiConnector): Props {
  return {
    ...describedBy(connector),
    public: connector.public,
    tags: connector.tags,
    connectionVariables: connector.connectionVariables,
  };
}

/** The inputs that would produce this connector with these categories (for `import`). */
function inputsOf(connector: ApiConnector, categories: readonly Category[]): Props {
  return compact({
    ...describedBy(connector),
    public: connector.public ? true : undefined,
    tags: connector.tags !== undefined && Object.keys(connector.tags).length > 0 ? connector.tags : undefined,
    categories: categories.length > 0 ? categories : undefined,
    connectionVariables:
      connector.connectionVariables !== undefined && connector.connectionVariables.length > 0
        ? connector.connectionVariables
        : undefined,
  });
}

interface ConnectorIdentity {
  readonly id: string;
  readonly organisationId: string;
  readonly protocol: 'http' | 'bigquery';
}

/** A full PUT body: PUT replaces, so every mutable field is sent; variables only when asked. */
function updateBody(target: ConnectorIdentity, inputs: ConnectorInputs, withVariables: boolean): ConnectorUpdate {
  const common = {
    id: target.id,
    organisationId: target.organisationId,
    name: inputs.name,
    tags: inputs.tags ?? {},
    public: inputs.public ?? false,
    documentationURL: inputs.documentationURL,
    imageURL: inputs.imageURL,
    connectionVariables: withVariables ? inputs.connectionVariables : undefined,
  };
  const body: ConnectorUpdate =
    target.protocol === 'http'
      ? { ...common, protocol: 'http', baseUrl: inputs.baseUrl ?? '' }
      : { ...common, protocol: 'bigquery', datasetId: inputs.datasetId ?? '' };
  return compact(body);
}

const RECENT_MS = 10 * 60 * 1000;

/** Whether a connector is what these inputs would create: same protocol, and the same base URL or dataset. */
export function isDescribedBy(connector: ApiConnector, inputs: { protocol?: string; baseUrl?: unknown; datasetId?: unknown }): boolean {
  const protocol = inputs.protocol ?? 'http';
  if (connector.protocol !== protocol) return false;
  return connector.protocol === 'http' ? connector.baseUrl === inputs.baseUrl : connector.datasetId === inputs.datasetId;
}

async function createConnector(client: VersoriClient, inputs: ConnectorInputs): Promise<ApiConnector> {
  const subject = subjectOf(inputs.name);
  const protocol = inputs.protocol ?? 'http';
  const started = Date.now();
  return client.createOnce<ApiConnector>({
    subject,
    create: () =>
      protocol === 'http'
        ? client.createHttpConnector(
            compact({
              name: inputs.name,
              baseUrl: inputs.baseUrl ?? '',
              authSchemeConfigs: [],
              connections: [],
              connectionVariables: inputs.connectionVariables,
              tags: inputs.tags,
              public: inputs.public,
            }),
            subject,
          )
        : client.createBigQueryConnector({ name: inputs.name, datasetId: inputs.datasetId, connections: [] }, subject),
    lookup: async () => {
      const candidates = (await client.findConnectorsByName(inputs.name, subject))
        .filter((c) => isDescribedBy(c, inputs))
        .filter((c) => Date.parse(c.createdAt) >= started - RECENT_MS)
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      const newest = candidates[0];
      return newest === undefined ? undefined : { value: newest, matches: true, description: `connector ${newest.id}` };
    },
  });
}

async function adoptConnector(client: VersoriClient, inputs: ConnectorInputs, adoptId: string): Promise<ApiConnector> {
  const subject = subjectOf(inputs.name);
  const existing = await existingToAdopt(
    () => client.getConnector(adoptId, subject),
    `${subject}: there is no connector ${adoptId} to adopt in organisation ${client.organisationId}`,
  );
  const protocol = inputs.protocol ?? 'http';
  if (existing.protocol !== protocol) {
    throw new Error(`${subject}: connector ${adoptId} has protocol "${existing.protocol}", not "${protocol}"; it cannot be adopted`);
  }
  return existing;
}

/** Whether the connector the create call made still lacks fields that only a PUT can set. */
function needsFollowUpPut(created: ApiConnector, inputs: ConnectorInputs): boolean {
  return (
    created.name !== inputs.name ||
    (created.protocol === 'http' ? created.baseUrl !== inputs.baseUrl : created.datasetId !== inputs.datasetId) ||
    created.documentationURL !== inputs.documentationURL ||
    created.imageURL !== inputs.imageURL ||
    created.public !== (inputs.public ?? false) ||
    !deepEqual(created.tags ?? {}, inputs.tags ?? {}) ||
    (inputs.connectionVariables !== undefined && !deepEqual(created.connectionVariables ?? [], inputs.connectionVariables))
  );
}

/** Whether the declared categories need their own call (write-only): a new connector has none; an adopted one is asked. */
async function categoriesDiffer(client: VersoriClient, connector: ApiConnector, inputs: ConnectorInputs): Promise<boolean> {
  const declared = uniqueCategories(inputs.categories);
  if (inputs.adoptId === undefined) return declared.length > 0;
  return !deepEqual(await categoriesOf(client, connector, subjectOf(inputs.name)), declared);
}

export const connectorLifecycle: Lifecycle = {
  async check(_olds, news) {
    const { input, failures } = checkInputs(INPUT_RULES, news);
    return { inputs: input, failures };
  },

  async diff(_id, olds, news) {
    return forEngine(diffConnector(olds, news), olds, news);
  },

  async create(ctx, props) {
    const inputs = parseInputs(ConnectorInputs, props, subjectOf(props.name), COMPUTED_KEYS);
    const client = ctx.client;
    let connector = inputs.adoptId !== undefined ? await adoptConnector(client, inputs, inputs.adoptId) : await createConnector(client, inputs);
    if (needsFollowUpPut(connector, inputs)) {
      const variablesDiffer =
        inputs.connectionVariables !== undefined && !deepEqual(connector.connectionVariables ?? [], inputs.connectionVariables);
      connector = await client.updateConnector(
        connector.id,
        updateBody(connector, inputs, variablesDiffer),
        subjectOf(inputs.name),
      );
    }
    if (inputs.categories !== undefined && (await categoriesDiffer(client, connector, inputs))) {
      await client.versions.updateCategories(connector.id, uniqueCategories(inputs.categories), subjectOf(inputs.name));
    }
    return { id: connector.id, outs: toOutputs(props, connector) };
  },

  async read(ctx, id, props) {
    const subject = subjectOf(props?.name);
    const connector = await readOrGone(ctx.client, subject, () => ctx.client.getConnector(id, subject));
    if (connector === undefined) return { id: '', props: {} };
    const previous = withoutKeys(props ?? {}, [...HOST_KEYS, ...COMPUTED_KEYS]);
    const inputs = isImport(props, 'name')
      ? inputsOf(connector, await categoriesOf(ctx.client, connector, subject))
      : driftedInputs(previous, { ...previous, ...platformView(connector) }, connectorDiff);
    return { id, props: toOutputs(inputs, connector), inputs };
  },

  async update(ctx, id, olds, news) {
    const recorded = computedStateOf('Connector', ConnectorComputed, olds);
    const inputs = parseInputs(ConnectorInputs, news, subjectOf(news.name), COMPUTED_KEYS);
    const changed = changedConnectorInputs(olds, news);
    const client = ctx.client;
    // Neither forceDelete (read on delete only) nor categories (their own call) needs the connector's PUT.
    const needsPut = [...changed].some((key) => key !== 'forceDelete' && key !== 'categories');
    const target: ConnectorIdentity = {
      id,
      organisationId: recorded.organisationId,
      protocol: inputs.protocol ?? 'http',
    };
    const connector = needsPut
      ? await client.updateConnector(id, updateBody(target, inputs, changed.has('connectionVariables')), subjectOf(inputs.name))
      : undefined;
    if (changed.has('categories')) {
      // Absent means none: removing the input clears them.
      await client.versions.updateCategories(id, uniqueCategories(inputs.categories), subjectOf(inputs.name));
    }
    if (connector !== undefined) return { outs: toOutputs(news, connector) };
    return { outs: outputsOf(news, COMPUTED_KEYS, recorded) };
  },

  async delete(ctx, id, props) {
    const client = ctx.client;
    const subject = subjectOf(props.name);
    await deleteObject(client, subject, id, () => client.deleteConnector(id, props.forceDelete === true, subject), {
      state: 'is still in use',
      firstStep: 'Remove what uses it first',
      forceDelete: true,
    });
  },
};
