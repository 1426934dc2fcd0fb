// The lifecycle an Action and a Trigger share: check → diff → create → read → update → delete, and how their inputs map
// to the API. Each kind gives its endpoints and what it has of its own (the Action's `path`).
import type * as pulumi from '@pulumi/pulumi';
import { newUlid } from '../new-id';
import type { z } from 'zod';
import type { Action as ApiAction, Definition as ApiDefinition, OperationError, Trigger as ApiTrigger } from '../../api/versions';
import type { VersoriClient } from '../client';
import type { ProviderContext } from '../context';
import { DetailedDiffResult, diffBy, driftedInputs, kindDiff, PropertySpec } from '../diff';
import { compact, computedStateOf, existingToAdopt, isImport, judgedBy, Lifecycle, outputsOf, parseInputs, Props, readOrGone } from '../lifecycle';
import { HOST_KEYS, InputRules, withoutKeys } from '../validation';
import type { VersionAddress } from '../version-endpoints';
import { ChildAddress, childIdOf, deleteVersionChild, splitVersionChildId, warn, whileDraft } from '../version-child';
import type { LinkedDefinition, OperationComputed } from './computed';

/** The inputs an Action and a Trigger share, as parsed. (A type, not an interface: it is a property bag too.) */
export type OperationInputs = {
  readonly connectorId: string;
  readonly versionName: string;
  readonly name: string;
  readonly summary?: string;
  readonly description?: string;
  readonly method: ApiAction['method'];
  readonly parameters?: ReadonlyArray<{ name: string; in: string }>;
  readonly requestBody?: { readonly required: boolean; readonly definitions: readonly string[] };
  readonly responses: ReadonlyArray<{ readonly status?: number; readonly definitions: readonly string[] }>;
  readonly adopt?: boolean;
};

/** The platform's object: an Action or a Trigger. */
export type ApiOperation = ApiAction | ApiTrigger;

/** A request body of either kind; each kind's endpoints take it as their own shape. */
export type OperationBody = Record<string, unknown>;

export interface OperationEndpoints {
  create(at: VersionAddress, body: OperationBody, subject: string): Promise<ApiOperation>;
  get(at: VersionAddress, name: string, subject: string): Promise<ApiOperation>;
  update(at: VersionAddress, name: string, body: OperationBody, subject: string): Promise<ApiOperation>;
  remove(at: VersionAddress, name: string, subject: string): Promise<void>;
}

/** What each kind declares (see declareOperation). */
export interface OperationKind<I extends OperationInputs, K extends string> {
  readonly kind: 'Action' | 'Trigger';
  /** The output holding the object's ULID. */
  readonly idKey: K;
  readonly schema: z.ZodType<I>;
  /** The computed part of its state. */
  readonly computed: z.ZodType<OperationComputed & Record<K, string>>;
  readonly specs: Record<string, PropertySpec>;
  readonly computedKeys: readonly string[];
  readonly rules: InputRules;
}

/** What a kind has of its own (the Action's `path`): as sent, and as the platform holds it in the shape of inputs. */
export interface OwnFields<I extends OperationInputs> {
  ownFields(inputs: I): Props;
  ownView(operation: ApiOperation): Props;
}

const NOTHING_OF_ITS_OWN: OwnFields<OperationInputs> = { ownFields: () => ({}), ownView: () => ({}) };

/** The endpoints of a kind (each takes its own kind's body, which the bodies built here are). */
function endpointsOf(kind: OperationKind<OperationInputs, string>['kind'], client: VersoriClient): OperationEndpoints {
  return kind === 'Action' ? client.versions.actions : client.versions.triggers;
}

function addressOf(inputs: OperationInputs): ChildAddress {
  return { connectorId: inputs.connectorId, versionName: inputs.versionName, name: inputs.name };
}

/** The definition names each link set of the inputs names. */
function linkedNames(inputs: OperationInputs): string[] {
  return [...new Set([...(inputs.requestBody?.definitions ?? []), ...inputs.responses.flatMap((r) => r.definitions)])];
}

/** The definitions the object's links embed, once each by name, in the order they first appear. */
function linkedDefinitionsOf(operation: ApiOperation): LinkedDefinition[] {
  const links = [...(operation.requestBody?.definitions ?? []), ...operation.responses.flatMap((r) => r.definitions)];
  const byName = new Map<string, LinkedDefinition>();
  for (const { definition } of links) {
    if (!byName.has(definition.name)) byName.set(definition.name, { id: definition.id, name: definition.name, accept: definition.accept, url: definition.url });
  }
  return [...byName.values()];
}

/** A body for these inputs, each link made by `link` from a definition name; every response gets a fresh ULID. */
function bodyOf<I extends OperationInputs>(kind: OwnFields<I>, inputs: I, link: (name: string) => unknown): OperationBody {
  return compact({
    type: 'http',
    name: inputs.name,
    summary: inputs.summary,
    description: inputs.description,
    method: inputs.method,
    ...kind.ownFields(inputs),
    parameters: inputs.parameters ?? [],
    requestBody: inputs.requestBody && { required: inputs.requestBody.required, definitions: inputs.requestBody.definitions.map(link) },
    responses: inputs.responses.map((r) => compact({ id: newUlid(), status: r.status, definitions: r.definitions.map(link) })),
  });
}

/** The object as the platform holds it, in the shape of inputs; absent optional fields are present as undefined. */
function platformView<I extends OperationInputs>(kind: OwnFields<I>, at: ChildAddress, operation: ApiOperation): Props {
  const names = (links: ReadonlyArray<{ definition: ApiDefinition }>) => links.map((l) => l.definition.name);
  return {
    connectorId: at.connectorId,
    versionName: at.versionName,
    name: operation.name,
    type: operation.type,
    summary: operation.summary,
    description: operation.description,
    method: operation.method,
    ...kind.ownView(operation),
    parameters: operation.parameters,
    requestBody: operation.requestBody && { required: operation.requestBody.required, definitions: names(operation.requestBody.definitions) },
    responses: operation.responses.map((r) => compact({ status: r.status, definitions: names(r.definitions) })),
  };
}

/** An `error` entry of the platform's validation blocks publishing the version: say so now. */
function warnOnErrors(ctx: ProviderContext, subject: string, at: VersionAddress, errors: readonly OperationError[] | undefined): void {
  for (const error of errors ?? []) {
    if (error.severity !== 'error') continue;
    warn(ctx, `${subject}: Versori reports ${error.field}: ${error.message}; publishing version "${at.versionName}" fails until this is fixed`);
  }
}

/** The lifecycle of an Action or a Trigger, and how it recognises an object it created. */
export interface OperationKindLifecycle extends Lifecycle {
  /** Whether the platform's object is what these inputs (as the engine records them) declare. */
  holdsInputs(existing: ApiOperation, props: Props): boolean;
}

/** The lifecycle of an Action or a Trigger. */
export function operationLifecycle<I extends OperationInputs, K extends string>(
  kind: OperationKind<I, K>,
  own: OwnFields<I> = NOTHING_OF_ITS_OWN,
): OperationKindLifecycle {
  const lifecycle = new OperationLifecycle(kind, own);
  return {
    ...judgedBy(kind.rules, (olds, news) => lifecycle.diff(olds, news)),
    create: (ctx, props) => lifecycle.create(ctx, props),
    read: (ctx, id, props) => lifecycle.read(ctx, id, props),
    update: (ctx, id, olds, news) => lifecycle.update(ctx, id, olds, news),
    delete: (ctx, id) => lifecycle.delete(ctx, id),
    holdsInputs: (existing, props) => lifecycle.holdsInputs(existing, props),
  };
}

/** The ULID and the linked definitions of an object, as last recorded or read: what a PUT of the whole object needs. */
interface Known {
  readonly id: string;
  readonly linkedDefinitions: readonly LinkedDefinition[];
}

class OperationLifecycle<I extends OperationInputs, K extends string> {
  /** Every replacement puts the object elsewhere (another connector, version or name): created before the old goes. */
  readonly diff: (olds: Props, news: Props) => DetailedDiffResult;
  private readonly drift: ReturnType<typeof kindDiff>;

  constructor(
    private readonly kind: OperationKind<I, K>,
    private readonly own: OwnFields<I>,
  ) {
    this.diff = diffBy(kind.specs);
    this.drift = kindDiff(kind.specs, this.diff);
  }

  private subjectOf(name: unknown): string {
    return typeof name === 'string' ? `${this.kind.kind} "${name}"` : this.kind.kind;
  }

  private toOutputs(inputs: Props, operation: ApiOperation): Props {
    const computed = { [this.kind.idKey]: operation.id, errors: operation.errors ?? [], linkedDefinitions: linkedDefinitionsOf(operation) };
    return outputsOf(inputs, this.kind.computedKeys, computed);
  }

  /** Whether the platform's object is what the inputs declare. */
  private holdsDeclared(at: ChildAddress, existing: ApiOperation, inputs: I): boolean {
    return !this.diff(platformView(this.own, at, existing), inputs).changes;
  }

  holdsInputs(existing: ApiOperation, props: Props): boolean {
    const inputs = parseInputs(this.kind.schema, props, this.subjectOf(props.name), this.kind.computedKeys);
    return this.holdsDeclared(addressOf(inputs), existing, inputs);
  }

  /**
   * Adoption: the existing object of that name, read (none: an error), and when it differs from the inputs, one PUT of
   * the whole object (its links embed the definitions the read holds, and a GET of each one it does not).
   */
  private async adopt(client: VersoriClient, inputs: I, at: ChildAddress, subject: string): Promise<ApiOperation> {
    const noun = this.kind.kind.toLowerCase();
    const existing = await existingToAdopt(
      () => endpointsOf(this.kind.kind, client).get(at, inputs.name, subject),
      `${subject}: there is no ${noun} "${inputs.name}" in version "${at.versionName}" of connector ${at.connectorId} to adopt`,
    );
    if (this.holdsDeclared(at, existing, inputs)) return existing;
    return this.put(client, at, inputs, { id: existing.id, linkedDefinitions: linkedDefinitionsOf(existing) }, subject, 'adopted as declared');
  }

  /** PUT of the whole object as the inputs declare it; each definition linked since `known` was read is read. */
  private async put(client: VersoriClient, at: ChildAddress, inputs: I, known: Known, subject: string, what: string): Promise<ApiOperation> {
    const endpoints = endpointsOf(this.kind.kind, client);
    const linked = await this.linkedDefinitions(client, at, inputs, known.linkedDefinitions, subject);
    // Each link embeds its definition whole, and gets a fresh ULID as do the responses (any unknown id is replaced).
    const body = { id: known.id, ...bodyOf(this.own, inputs, (name) => ({ id: newUlid(), definition: linked.get(name) })) };
    return whileDraft(client, at, subject, what, () => endpoints.update(at, at.name, body, subject));
  }

  private createOnce(client: VersoriClient, inputs: I, at: ChildAddress, subject: string): Promise<ApiOperation> {
    const endpoints = endpointsOf(this.kind.kind, client);
    const body = bodyOf(this.own, inputs, (name) => ({ definition: { name } }));
    return client.createOnce<ApiOperation>({
      subject,
      create: () => endpoints.create(at, body, subject),
      lookup: async () => {
        const existing = await readOrGone(client, subject, () => endpoints.get(at, inputs.name, subject));
        if (existing === undefined) return undefined;
        return { value: existing, matches: this.holdsDeclared(at, existing, inputs), description: `${this.kind.kind.toLowerCase()} ${existing.id} in version "${at.versionName}"` };
      },
    });
  }

  /** The definitions to embed: those last read, and a GET for each one linked since. */
  private async linkedDefinitions(
    client: VersoriClient,
    at: VersionAddress,
    inputs: I,
    lastRead: readonly LinkedDefinition[],
    subject: string,
  ): Promise<Map<string, LinkedDefinition>> {
    const known = new Map(lastRead.map((d) => [d.name, d]));
    const missing = linkedNames(inputs).filter((name) => !known.has(name));
    const read = await Promise.all(missing.map((name) => client.versions.getDefinition(at, name, `Definition "${name}" (linked by ${subject})`)));
    for (const d of read) known.set(d.name, { id: d.id, name: d.name, accept: d.accept, url: d.url });
    return known;
  }

  async create(ctx: ProviderContext, props: Props): Promise<pulumi.dynamic.CreateResult<Props>> {
    const subject = this.subjectOf(props.name);
    const inputs = parseInputs(this.kind.schema, props, subject, this.kind.computedKeys);
    const at = addressOf(inputs);
    const operation =
      inputs.adopt === true
        ? await this.adopt(ctx.client, inputs, at, subject)
        : await whileDraft(ctx.client, at, subject, 'created', () => this.createOnce(ctx.client, inputs, at, subject));
    warnOnErrors(ctx, subject, at, operation.errors);
    return { id: childIdOf(at), outs: this.toOutputs(props, operation) };
  }

  async read(ctx: ProviderContext, id: string, props?: Props): Promise<pulumi.dynamic.ReadResult<Props>> {
    const at = splitVersionChildId(id, this.kind.kind);
    const subject = this.subjectOf(at.name);
    const endpoints = endpointsOf(this.kind.kind, ctx.client);
    const operation = await readOrGone(ctx.client, subject, () => endpoints.get(at, at.name, subject));
    if (operation === undefined) return { id: '', props: {} };
    const previous = withoutKeys(props ?? {}, [...HOST_KEYS, ...this.kind.computedKeys]);
    const view = platformView(this.own, at, operation);
    const inputs = isImport(props, 'name') ? compact(view) : driftedInputs(previous, { ...previous, ...view }, this.drift);
    return { id, props: this.toOutputs(inputs, operation), inputs };
  }

  async update(ctx: ProviderContext, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<Props>> {
    const at = splitVersionChildId(id, this.kind.kind);
    const subject = this.subjectOf(news.name);
    const recorded = computedStateOf(this.kind.kind, this.kind.computed, olds);
    const inputs = parseInputs(this.kind.schema, news, subject, this.kind.computedKeys);
    const known = { id: recorded[this.kind.idKey], linkedDefinitions: recorded.linkedDefinitions };
    const operation = await this.put(ctx.client, at, inputs, known, subject, 'changed');
    warnOnErrors(ctx, subject, at, operation.errors);
    return { outs: this.toOutputs(news, operation) };
  }

  async delete(ctx: ProviderContext, id: string): Promise<void> {
    const at = splitVersionChildId(id, this.kind.kind);
    const subject = this.subjectOf(at.name);
    const endpoints = endpointsOf(this.kind.kind, ctx.client);
    await deleteVersionChild(ctx, at, subject, () => endpoints.remove(at, at.name, subject));
  }
}
