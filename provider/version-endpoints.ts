// The calls of docs/versori-connect-api.md's versions page: connector versions, their actions, triggers and
// definitions, and the connector's tags and categories. Versions are always addressed by name, never by an alias.
import {
  Action,
  ActionCreate,
  ActionPage,
  Category,
  ConnectorVersion,
  ConnectorVersionCreate,
  ConnectorVersionsPage,
  ConnectorVersionUpdate,
  Definition,
  DefinitionPage,
  Definitions,
  DefinitionsCreate,
  DefinitionUpdate,
  InlineSchema,
  PublishConnectorResponse,
  Trigger,
  TriggerCreate,
  TriggerPage,
} from '../api/versions';
import type { z } from 'zod';
import type { Subject } from './api-error';
import type { ApiTransport } from './api-transport';

export interface PageQuery {
  readonly first?: number;
  readonly after?: string;
  readonly before?: string;
}

export interface NamedPageQuery extends PageQuery {
  /** A case-insensitive substring filter on `name`. */
  readonly name?: string;
}

/** A version of a connector, by name. */
export interface VersionAddress {
  readonly connectorId: string;
  readonly versionName: string;
}

type ChildKind = 'actions' | 'triggers' | 'definitions';

/** The calls of one operation kind (actions or triggers), which have the same endpoints under their own path. */
export class OperationEndpoints<T, Create, Page> {
  constructor(
    private readonly client: ApiTransport,
    private readonly kind: { readonly segment: 'actions' | 'triggers'; readonly noun: 'Action' | 'Trigger' },
    private readonly schemas: { readonly item: z.ZodType<T>; readonly page: z.ZodType<Page> },
  ) {}

  private path(at: VersionAddress, ...name: string[]): string {
    return this.client.connectorPath(at.connectorId, 'versions', at.versionName, this.kind.segment, ...name);
  }

  list(at: VersionAddress, query: NamedPageQuery, subject: Subject): Promise<Page> {
    return this.client.send(`Get${this.kind.noun}s`, subject, 'get', this.path(at), { query: { ...query }, schema: this.schemas.page });
  }

  create(at: VersionAddress, body: Create, subject: Subject): Promise<T> {
    return this.client.send(`Create${this.kind.noun}`, subject, 'post', this.path(at), { body, schema: this.schemas.item });
  }

  get(at: VersionAddress, name: string, subject: Subject): Promise<T> {
    return this.client.send(`Get${this.kind.noun}`, subject, 'get', this.path(at, name), { schema: this.schemas.item });
  }

  /** PUT of the whole object under its current `name`; a different `body.name` renames it. */
  update(at: VersionAddress, name: string, body: T, subject: Subject): Promise<T> {
    return this.client.send(`Update${this.kind.noun}`, subject, 'put', this.path(at, name), { body, schema: this.schemas.item });
  }

  remove(at: VersionAddress, name: string, subject: Subject): Promise<void> {
    return this.client.send(`Delete${this.kind.noun}`, subject, 'delete', this.path(at, name));
  }
}

export class VersionEndpoints {
  readonly actions: OperationEndpoints<Action, ActionCreate, ActionPage>;
  readonly triggers: OperationEndpoints<Trigger, TriggerCreate, TriggerPage>;

  constructor(private readonly client: ApiTransport) {
    this.actions = new OperationEndpoints(client, { segment: 'actions', noun: 'Action' }, { item: Action, page: ActionPage });
    this.triggers = new OperationEndpoints(client, { segment: 'triggers', noun: 'Trigger' }, { item: Trigger, page: TriggerPage });
  }

  private versionPath(at: VersionAddress, ...below: string[]): string {
    return this.client.connectorPath(at.connectorId, 'versions', at.versionName, ...below);
  }

  private childPath(at: VersionAddress, kind: ChildKind, name: string): string {
    return this.versionPath(at, kind, name);
  }

  // ---------- Versions ----------

  createVersion(connectorId: string, body: ConnectorVersionCreate, subject: Subject): Promise<ConnectorVersion> {
    const path = this.client.connectorPath(connectorId, 'versions');
    return this.client.send('CreateConnectorVersion', subject, 'post', path, { body, schema: ConnectorVersion });
  }

  listVersions(connectorId: string, query: PageQuery, subject: Subject): Promise<ConnectorVersionsPage> {
    const path = this.client.connectorPath(connectorId, 'versions');
    return this.client.send('ListConnectorVersions', subject, 'get', path, { query: { ...query }, schema: ConnectorVersionsPage });
  }

  getVersion(at: VersionAddress, subject: Subject): Promise<ConnectorVersion> {
    return this.client.send('GetConnectorVersion', subject, 'get', this.versionPath(at), { schema: ConnectorVersion });
  }

  /** PUT of the whole version as last read, with only `description` and `isDefault` changed by the caller. */
  updateVersion(at: VersionAddress, body: ConnectorVersionUpdate, subject: Subject): Promise<ConnectorVersion> {
    return this.client.send('UpdateConnectorVersion', subject, 'put', this.versionPath(at), { body, schema: ConnectorVersion });
  }

  deleteVersion(at: VersionAddress, force: boolean, subject: Subject): Promise<void> {
    return this.client.send('DeleteConnectorVersion', subject, 'delete', this.versionPath(at), { query: force ? { force: true } : undefined });
  }

  async publish(at: VersionAddress, subject: Subject): Promise<ConnectorVersion> {
    const path = this.versionPath(at, 'publish');
    return (await this.client.send('PublishConnector', subject, 'post', path, { schema: PublishConnectorResponse })).version;
  }

  async unpublish(at: VersionAddress, subject: Subject): Promise<ConnectorVersion> {
    const path = this.versionPath(at, 'unpublish');
    return (await this.client.send('UnpublishConnector', subject, 'post', path, { schema: PublishConnectorResponse })).version;
  }

  // ---------- Definitions ----------

  listDefinitions(at: VersionAddress, query: NamedPageQuery, subject: Subject): Promise<DefinitionPage> {
    const path = this.versionPath(at, 'definitions');
    return this.client.send('GetDefinitions', subject, 'get', path, { query: { ...query }, schema: DefinitionPage });
  }

  /** Creates every definition of `body` or none (cyclic references within one request are allowed). */
  async createDefinitions(at: VersionAddress, body: DefinitionsCreate, subject: Subject): Promise<Definition[]> {
    const path = this.versionPath(at, 'definitions');
    return (await this.client.send('CreateDefinitions', subject, 'post', path, { body, schema: Definitions })).definitions;
  }

  getDefinition(at: VersionAddress, name: string, subject: Subject): Promise<Definition> {
    return this.client.send('GetDefinition', subject, 'get', this.childPath(at, 'definitions', name), { schema: Definition });
  }

  /** `body.schema` absent leaves the stored document as it is. */
  updateDefinition(at: VersionAddress, name: string, body: DefinitionUpdate, subject: Subject): Promise<Definition> {
    const path = this.childPath(at, 'definitions', name);
    return this.client.send('UpdateDefinition', subject, 'put', path, { body, schema: Definition });
  }

  /** A 412 names the referrers: see VersoriApiError.referencedBy. */
  deleteDefinition(at: VersionAddress, name: string, force: boolean, subject: Subject): Promise<void> {
    const path = this.childPath(at, 'definitions', name);
    return this.client.send('DeleteDefinition', subject, 'delete', path, { query: force ? { force: true } : undefined });
  }

  /**
   * GetRawSchema: the schema document of a definition of the version, by `schemaFilename`, the last segment of the
   * definition's `url`. JSON comes serialised again, each `#/$defs/<name>` naming a definition shown as its `url`.
   */
  getRawSchema(at: VersionAddress, schemaFilename: string, subject: Subject): Promise<InlineSchema> {
    const segments = [at.connectorId, at.versionName, schemaFilename].map(encodeURIComponent).join('/');
    return this.client.fetchDocument('GetRawSchema', subject, this.client.orgPath(`/schemas/${segments}`));
  }

  // ---------- Connector metadata ----------

  /** Replaces the connector's categories (write-only: the API never returns them); [] clears them. */
  updateCategories(connectorId: string, categories: readonly Category[], subject: Subject): Promise<void> {
    const path = this.client.connectorPath(connectorId, 'categories');
    return this.client.send('UpdateConnectorCategories', subject, 'put', path, { body: { categories } });
  }
}
