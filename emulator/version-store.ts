// Connector versions as stored, and the lookups every version route shares: a version by name or alias, latest,
// default, and the timestamps a write moves (§S1, §S3, §S12 of the versions page).
import type { ActionHTTPParameter, InlineSchema, OperationError } from '../api/versions';
import { conflict, notFound } from './errors';

export interface StoredDefinition {
  id: string;
  name: string;
  accept: string[];
  description?: string;
  url: string;
  schema: InlineSchema;
  /** IDs of the definitions this one's document refers to; an ID no longer in the version is a dangling reference. */
  refs: string[];
  /**
   * Each `#/$defs/<name>` reference of the document that names another definition, as written, with the id recorded
   * for it (what GetRawSchema shows as that definition's url). Absent in data files of older emulators.
   */
  namedRefs?: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface StoredLink {
  id: string;
  definitionId: string;
}

export interface StoredResponse {
  id: string;
  status?: number;
  links: StoredLink[];
}

export type OperationKind = 'action' | 'trigger';

/** An action or a trigger (a trigger has no `path`, and no `completion` on its parameters). */
export interface StoredOperation {
  id: string;
  type: 'http';
  name: string;
  summary?: string;
  description?: string;
  method: string;
  path?: string;
  parameters: ActionHTTPParameter[];
  requestBody?: { required: boolean; links: StoredLink[] };
  responses: StoredResponse[];
  errors: OperationError[];
  createdAt: string;
  updatedAt: string;
}

export interface StoredVersion {
  id: string;
  name: string;
  description?: string;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  /** Set only through the admin hook; a version with subscriptions cannot be unpublished. */
  subscriptions: number;
  definitions: StoredDefinition[];
  actions: StoredOperation[];
  triggers: StoredOperation[];
}

/** What of a stored connector the version lookups use (the connector type itself lives in store.ts, which imports this). */
export interface VersionHolder {
  versions?: StoredVersion[];
  updatedAt: string;
}

export function versionsOf(connector: VersionHolder): StoredVersion[] {
  connector.versions ??= [];
  return connector.versions;
}

/** The published version with the greatest publishedAt, ties to the greater id. */
export function latestVersion(connector: VersionHolder): StoredVersion | undefined {
  let latest: StoredVersion | undefined;
  for (const v of versionsOf(connector)) {
    if (v.publishedAt === null) continue;
    if (latest?.publishedAt == null || v.publishedAt > latest.publishedAt || (v.publishedAt === latest.publishedAt && v.id > latest.id)) latest = v;
  }
  return latest;
}

/** A version by exact name, or through the aliases `latest` and `default`. */
export function resolveVersion(connector: VersionHolder, name: string): StoredVersion | undefined {
  const versions = versionsOf(connector);
  if (name === 'latest') return latestVersion(connector);
  if (name === 'default') return versions.find((v) => v.isDefault) ?? latestVersion(connector);
  return versions.find((v) => v.name === name);
}

export function findVersion(connector: VersionHolder, name: string): StoredVersion {
  const version = resolveVersion(connector, name);
  if (version === undefined) throw notFound(`version ${name}`);
  return version;
}

/** A write to a version or its children moves the version's and the connector's updatedAt. */
export function touchVersion(connector: VersionHolder, version: StoredVersion, now: string): void {
  version.updatedAt = now;
  connector.updatedAt = now;
}

/** A published version and its children are frozen (409), whatever the write. */
export function requireDraft(version: StoredVersion, what: string): void {
  if (version.publishedAt !== null) {
    throw conflict(`version ${version.name} is published, so ${what} cannot change; unpublish it or create a new version`);
  }
}

/** Children of a version listed most recently updated first, filtered by `name` (a case-insensitive substring). */
export function byNameFilter<T extends { name: string }>(items: readonly T[], filter: string | undefined): T[] {
  if (filter === undefined) return [...items];
  const needle = filter.toLowerCase();
  return items.filter((item) => item.name.toLowerCase().includes(needle));
}
