// Connector categories (§S10): write-only, never returned; they only filter ListConnectors.
import { ConnectorCategoriesUpdate, type Category } from '../../api/versions';
import type { Query } from '../pagination';
import type { StoredConnector } from '../store';
import { parseWith, type ApiContext, type ApiResult } from './context';
import { findConnector, touchConnector } from './lookup';

export function updateConnectorCategories(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const input = parseWith(ConnectorCategoriesUpdate, ctx.body ?? {});
  const categories = [...new Set(input.categories ?? [])];
  if (categories.length === 0) delete connector.categories;
  else connector.categories = categories;
  touchConnector(connector, ctx.clock.now());
  return { status: 204 };
}

/** `categories=A&categories=B`: a connector matches when it has any of them; no parameter matches every connector. */
export function categoriesFilter(query: Query): (connector: StoredConnector) => boolean {
  const raw = query.categories;
  if (raw === undefined) return () => true;
  const wanted = new Set<string>(Array.isArray(raw) ? raw : [raw]);
  return (connector) => (connector.categories ?? []).some((c: Category) => wanted.has(c));
}
