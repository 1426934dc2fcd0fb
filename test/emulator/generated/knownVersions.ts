// What a generated-input run has seen of versions and their children, so that generated requests can name real ones.
import { ConnectorVersion } from '../../../api/schemas';
import { Action, Definition, PublishConnectorResponse, Trigger } from '../../../api/versions';

export type ChildKind = 'definitions' | 'actions' | 'triggers';
const CHILD_SCHEMAS = { definitions: Definition, actions: Action, triggers: Trigger } as const;

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export class KnownVersions {
  /** connectorId → version name → the version as last seen. */
  readonly versions = new Map<string, Map<string, ConnectorVersion>>();
  /** `connectorId/versionName` → kind → name → the child as last seen. */
  readonly children = new Map<string, Record<ChildKind, Map<string, unknown>>>();

  namesOf(connectorId: string): string[] {
    return [...(this.versions.get(connectorId)?.keys() ?? [])];
  }

  version(connectorId: string, name: string): ConnectorVersion | undefined {
    return this.versions.get(connectorId)?.get(name);
  }

  hasChildren(connectorId: string, version: string, kind: ChildKind): boolean {
    return (this.children.get(`${connectorId}/${version}`)?.[kind].size ?? 0) > 0;
  }

  childrenOf(connectorId: string, version: string, kind: ChildKind): Map<string, unknown> {
    const key = `${connectorId}/${version}`;
    let entry = this.children.get(key);
    if (entry === undefined) {
      entry = { definitions: new Map(), actions: new Map(), triggers: new Map() };
      this.children.set(key, entry);
    }
    return entry[kind];
  }

  addVersion(connectorId: string, body: unknown): void {
    const version = ConnectorVersion.safeParse(body);
    if (!version.success) return;
    let names = this.versions.get(connectorId);
    if (names === undefined) {
      names = new Map();
      this.versions.set(connectorId, names);
    }
    names.set(version.data.name, version.data);
  }

  /** Records the versions, definitions, actions and triggers in a successful answer to a version route. */
  observe(params: Record<string, string>, route: string, body: unknown): void {
    const { connectorId = '', version = '' } = params;
    const object = asObject(body);
    this.addVersion(connectorId, body);
    this.addVersion(connectorId, PublishConnectorResponse.safeParse(body).data?.version);
    for (const item of Array.isArray(object.items) ? object.items : []) this.addVersion(connectorId, item);
    if (!route.includes('/versions/')) return;
    for (const kind of ['definitions', 'actions', 'triggers'] as const) {
      const listed = Array.isArray(object[kind]) ? (object[kind] as unknown[]) : route.includes(`/${kind}`) ? [body] : [];
      for (const item of listed) {
        const parsed = CHILD_SCHEMAS[kind].safeParse(item);
        if (parsed.success) this.childrenOf(connectorId, version, kind).set(parsed.data.name, parsed.data);
      }
    }
  }

  /** Forgets what a successful DELETE of a version or one of its children removed. */
  forget(params: Record<string, string>, route: string): void {
    const { connectorId = '', version = '' } = params;
    if (route.endsWith(':connectorId')) this.versions.delete(connectorId);
    if (route.endsWith(':version')) {
      this.versions.get(connectorId)?.delete(version);
      this.children.delete(`${connectorId}/${version}`);
    }
    if (route.endsWith('/definitions')) this.childrenOf(connectorId, version, 'definitions').clear();
    if (route.endsWith(':definitionName')) this.childrenOf(connectorId, version, 'definitions').delete(params.definitionName ?? '');
    if (route.endsWith(':actionName')) this.childrenOf(connectorId, version, 'actions').delete(params.actionName ?? '');
    if (route.endsWith(':triggerName')) this.childrenOf(connectorId, version, 'triggers').delete(params.triggerName ?? '');
  }
}
