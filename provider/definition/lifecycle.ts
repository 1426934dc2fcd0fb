// The Definition's lifecycle: check → diff → create → read → update → delete, and how its inputs map to the API.
import type { Definition as ApiDefinition, DefinitionReference } from '../../api/versions';
import type { VersoriApiError, VersoriClient } from '../client';
import type { ProviderContext } from '../context';
import { changedKeys, deepEqual, driftedInputs } from '../diff';
import { compact, computedStateOf, existingToAdopt, isImport, judgedBy, Lifecycle, outputsOf, parseInputs, Props, readOrGone, recordedField } from '../lifecycle';
import { HOST_KEYS, withoutKeys } from '../validation';
import { ChildAddress, childIdOf, deleteVersionChild, splitVersionChildId, whileDraft } from '../version-child';
import { holdsSchema } from './raw-schema';
import { COMPUTED_KEYS, DefinitionComputed, definitionDiff, DefinitionInputs, diffDefinition, INPUT_RULES } from './inputs';

function subjectOf(name: unknown): string {
  return typeof name === 'string' ? `Definition "${name}"` : 'Definition';
}

function addressOf(inputs: DefinitionInputs): ChildAddress {
  return { connectorId: inputs.connectorId, versionName: inputs.versionName, name: inputs.name };
}

function toOutputs(inputs: Props, definition: ApiDefinition): Props {
  return outputsOf(inputs, COMPUTED_KEYS, { definitionId: definition.id, url: definition.url });
}

/** What the platform holds, in the shape of inputs (it never returns the schema document). */
function platformView(at: ChildAddress, definition: ApiDefinition): Props {
  return compact({ ...at, name: definition.name, accept: definition.accept, description: definition.description });
}

/** Whether the platform's definition has the declared media types and description (its schema is read apart). */
function holdsDeclared(existing: ApiDefinition, inputs: DefinitionInputs): boolean {
  return deepEqual(existing.accept, inputs.accept) && (existing.description ?? '') === (inputs.description ?? '');
}

/** holdsDeclared for inputs as the engine records them (checked, not yet parsed). */
export function definitionHoldsInputs(existing: ApiDefinition, props: Props): boolean {
  return holdsDeclared(existing, parseInputs(DefinitionInputs, props, subjectOf(props.name), COMPUTED_KEYS));
}

/**
 * Adoption: the existing definition of that name, read (none: an error) with its schema document (GetRawSchema), and
 * brought to the declared inputs with one PUT only when they differ, the schema sent only when it differs. A published
 * version refuses that PUT: the frozen-version error.
 */
async function adoptDefinition(ctx: ProviderContext, inputs: DefinitionInputs, at: ChildAddress, subject: string): Promise<ApiDefinition> {
  const client = ctx.client;
  const existing = await existingToAdopt(
    () => client.versions.getDefinition(at, inputs.name, subject),
    `${subject}: there is no definition "${inputs.name}" in version "${at.versionName}" of connector ${at.connectorId} to adopt`,
  );
  const schemaHeld = await holdsSchema(client, at, existing, inputs.schema, subject);
  if (schemaHeld && holdsDeclared(existing, inputs)) return existing;
  const body = compact({
    id: existing.id,
    name: inputs.name,
    accept: inputs.accept,
    description: inputs.description,
    schema: schemaHeld ? undefined : inputs.schema,
  });
  return whileDraft(client, at, subject, 'adopted as declared', () => client.versions.updateDefinition(at, inputs.name, body, subject));
}

async function createDefinition(client: VersoriClient, inputs: DefinitionInputs): Promise<ApiDefinition> {
  const at = addressOf(inputs);
  const subject = subjectOf(inputs.name);
  const item = compact({ name: inputs.name, accept: inputs.accept, description: inputs.description, schema: inputs.schema });
  return client.createOnce<ApiDefinition>({
    subject,
    create: async () => (await client.versions.createDefinitions(at, { definitions: [item] }, subject))[0],
    lookup: async () => {
      const existing = await readOrGone(client, subject, () => client.versions.getDefinition(at, inputs.name, subject));
      if (existing === undefined) return undefined;
      return { value: existing, matches: holdsDeclared(existing, inputs), description: `definition ${existing.id} in version "${at.versionName}"` };
    },
  });
}

const REFERRER_KINDS: Record<DefinitionReference['type'], string> = { action: 'action', trigger: 'trigger', definition: 'definition' };

/** The 412 of a delete: who still refers to the definition, and what to do about it. */
function stillReferenced(subject: string, at: ChildAddress, error: VersoriApiError): Error | undefined {
  if (error.status !== 412) return undefined;
  const referrers = error.referencedBy.map((r) => `${REFERRER_KINDS[r.type]} "${r.name}"`);
  const named = referrers.length > 0 ? referrers.join(', ') : 'other objects of the version';
  return new Error(
    `${subject} cannot be deleted from version "${at.versionName}": it is still referenced by ${named} (412). ` +
      "Unlink it first: remove it from those actions' and triggers' requestBody and responses (or delete them), and " +
      "remove its url or #/$defs/ name from those definitions' schemas, run `pulumi up`, then delete it. Forcing does " +
      'not help against links from actions and triggers.',
  );
}

export const definitionLifecycle: Lifecycle = {
  ...judgedBy(INPUT_RULES, diffDefinition),

  async create(ctx, props) {
    const inputs = parseInputs(DefinitionInputs, props, subjectOf(props.name), COMPUTED_KEYS);
    const at = addressOf(inputs);
    const subject = subjectOf(inputs.name);
    const definition =
      inputs.adopt === true
        ? await adoptDefinition(ctx, inputs, at, subject)
        : await whileDraft(ctx.client, at, subject, 'created', () => createDefinition(ctx.client, inputs));
    return { id: childIdOf(at), outs: toOutputs(props, definition) };
  },

  async read(ctx, id, props) {
    const at = splitVersionChildId(id, 'Definition');
    const subject = subjectOf(at.name);
    const definition = await readOrGone(ctx.client, subject, () => ctx.client.versions.getDefinition(at, at.name, subject));
    if (definition === undefined) return { id: '', props: {} };
    const previous = withoutKeys(props ?? {}, [...HOST_KEYS, ...COMPUTED_KEYS]);
    const view = platformView(at, definition);
    // The schema document is never returned: a refresh keeps the one last applied.
    const inputs = isImport(props, 'name') ? view : driftedInputs(previous, { ...previous, ...view, description: definition.description }, definitionDiff);
    return { id, props: toOutputs(inputs, definition), inputs };
  },

  async update(ctx, id, olds, news) {
    const at = splitVersionChildId(id, 'Definition');
    const { definitionId } = computedStateOf('Definition', DefinitionComputed, olds);
    const inputs = parseInputs(DefinitionInputs, news, subjectOf(news.name), COMPUTED_KEYS);
    const subject = subjectOf(inputs.name);
    const client = ctx.client;
    const schemaChanged = changedKeys(diffDefinition(olds, news)).has('schema');
    const body = compact({
      id: definitionId,
      name: inputs.name,
      accept: inputs.accept,
      description: inputs.description,
      schema: schemaChanged ? inputs.schema : undefined,
    });
    const definition = await whileDraft(client, at, subject, 'changed', () => client.versions.updateDefinition(at, at.name, body, subject));
    return { outs: toOutputs(news, definition) };
  },

  async delete(ctx, id, props) {
    const at = splitVersionChildId(id, 'Definition');
    const subject = subjectOf(at.name);
    await deleteVersionChild(
      ctx,
      at,
      subject,
      () => ctx.client.versions.deleteDefinition(at, at.name, false, subject),
      (error) => stillReferenced(`${subject} (${recordedField(DefinitionComputed, props, 'definitionId') ?? id})`, at, error),
    );
  },
};
