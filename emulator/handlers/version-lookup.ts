import type { StoredConnector } from '../store';
import { findVersion, type StoredVersion } from '../version-store';
import { param, type ApiContext } from './context';
import { findConnector } from './lookup';

/** The connector and the version (by name or alias) a version route names, or 404. */
export function findConnectorVersion(ctx: ApiContext): { connector: StoredConnector; version: StoredVersion } {
  const connector = findConnector(ctx);
  return { connector, version: findVersion(connector, param(ctx, 'version')) };
}
