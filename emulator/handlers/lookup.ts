import { invalidField, notFound } from '../errors';
import { queryParam } from '../pagination';
import { lookup, type StoredConnection, type StoredConnector } from '../store';
import { param, type ApiContext } from './context';

export function findConnector(ctx: ApiContext): StoredConnector {
  const id = param(ctx, 'connectorId');
  const connector = lookup(ctx.org.connectors, id);
  if (connector === undefined) throw notFound(`connector ${id}`);
  return connector;
}

export function findConnection(ctx: ApiContext, connector: StoredConnector): StoredConnection {
  const id = param(ctx, 'connectionId');
  const connection = connector.connections.find((c) => c.id === id);
  if (connection === undefined) throw notFound(`connection ${id}`);
  return connection;
}

export function touchConnector(connector: StoredConnector, now: string): void {
  connector.updatedAt = now;
}

export function parseForce(ctx: ApiContext): boolean {
  const raw = queryParam(ctx.query, 'force');
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw invalidField('force', 'must be true or false');
}
