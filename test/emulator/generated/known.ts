// What a generated-input run has seen of the emulator's objects, so that generated requests can name real ones.
import { Connection, Connector, CREDENTIAL_TYPES, REDACTED_CREDENTIAL_FIELDS, type AuthSchemeConfig } from '../../../api/schemas';
import { KnownVersions } from './knownVersions';

/** Secret values the generators send look like this, and so does every token the emulator makes up. */
export const SECRET_PATTERN = /SECRET-|emulated-(access|refresh)-/;

export class Known {
  readonly connectors = new Map<string, Connector>();
  readonly connections = new Map<string, { connectorId: string; connection: Connection }>();
  readonly credentialIds: string[] = [];
  readonly versions = new KnownVersions();

  constructor(readonly organisationId: string) {}

  /** The auth scheme configs of every connector, as last seen. */
  get configs(): Array<{ connectorId: string; config: AuthSchemeConfig }> {
    return [...this.connectors.values()].flatMap((c) => c.authSchemeConfigs.map((config) => ({ connectorId: c.id, config })));
  }

  /** Records every connector and connection in a successful answer. */
  observe(body: unknown): void {
    const connector = Connector.safeParse(body);
    if (connector.success) this.addConnector(connector.data);
    const page = isObject(body) && Array.isArray(body.connectors) ? body.connectors : [];
    for (const item of page) this.observe(item);
  }

  observeConnection(connectorId: string, body: unknown): void {
    const connection = Connection.safeParse(body);
    if (!connection.success) return;
    this.connections.set(connection.data.id, { connectorId, connection: connection.data });
    for (const list of [connection.data.credentials.action, connection.data.credentials.trigger]) {
      for (const item of list ?? []) this.credentialIds.push(item.credential.id);
    }
  }

  /** Forgets what a successful DELETE of a connector or a connection removed, so that later requests name live ones. */
  forget(params: Record<string, string>, route: string): void {
    const { connectorId = '', connectionId = '' } = params;
    this.versions.forget(params, route);
    if (route.endsWith(':connectionId')) {
      this.connections.delete(connectionId);
    } else if (route.endsWith(':connectorId')) {
      this.connectors.delete(connectorId);
      for (const [id, seen] of this.connections) if (seen.connectorId === connectorId) this.connections.delete(id);
    }
  }

  private addConnector(connector: Connector): void {
    this.connectors.set(connector.id, connector);
    for (const version of connector.versions) this.versions.addVersion(connector.id, version);
    for (const config of connector.authSchemeConfigs) {
      if (config.schemeType === 'oauth2' && config.grant.grantType !== 'client_credentials' && config.grant.credentialId !== undefined) {
        this.credentialIds.push(config.grant.credentialId);
      }
    }
    for (const connection of connector.connections) this.observeConnection(connector.id, connection);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `index`th of `items` (wrapping), or `fallback` when there are none. */
export function pick<T>(items: readonly T[], index: number, fallback: T): T {
  return items.length === 0 ? fallback : (items[index % items.length] ?? fallback);
}

/** Every credential in `body` (anything with a credential type, an organisation and data) whose secrets are not "". */
export function unredactedCredentials(body: unknown): unknown[] {
  const found: unknown[] = [];
  const pending: unknown[] = [body];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Array.isArray(next)) pending.push(...next);
    if (!isObject(next)) continue;
    pending.push(...Object.values(next));
    const type = next.type;
    if (typeof type !== 'string' || !(CREDENTIAL_TYPES as readonly string[]).includes(type) || !isObject(next.data)) continue;
    const data = next.data;
    if (REDACTED_CREDENTIAL_FIELDS[type as keyof typeof REDACTED_CREDENTIAL_FIELDS].some((key) => data[key] !== '')) found.push(next);
  }
  return found;
}
