// ConnectorVersions: create (optionally as a deep copy), list, get, update, delete, publish and unpublish (§S1–§S5).
import type { Message } from '../../api/schemas';
import { ConnectorVersionCreate, ConnectorVersionUpdate } from '../../api/versions';
import { conflict, invalidField, validationError } from '../errors';
import { pageBody, paginate } from '../pagination';
import type { StoredConnector } from '../store';
import { renderVersion } from '../version-render';
import { requireDraft, resolveVersion, touchVersion, versionsOf, type StoredLink, type StoredVersion } from '../version-store';
import { parseWith, type ApiContext, type ApiResult } from './context';
import { definitionUrl } from './definitions';
import { findConnector, parseForce } from './lookup';
import { findConnectorVersion } from './version-lookup';

/** Copies every definition, action and trigger of `source` into `target` with new ids, links re-pointed to the copies. */
function copyChildren(ctx: ApiContext, connector: StoredConnector, source: StoredVersion, target: StoredVersion): void {
  const ids = new Map<string, string>();
  for (const d of source.definitions) ids.set(d.id, ctx.newId());
  const mapped = (id: string): string => ids.get(id) ?? id;
  const remapped = (named: Record<string, string>) => Object.fromEntries(Object.entries(named).map(([ref, id]) => [ref, mapped(id)]));
  const relink = (links: readonly StoredLink[]): StoredLink[] => links.map((l) => ({ id: ctx.newId(), definitionId: mapped(l.definitionId) }));
  target.definitions = source.definitions.map((d) => {
    const id = mapped(d.id);
    return {
      ...structuredClone(d),
      id,
      url: definitionUrl(ctx, connector, target, id, d.schema.contentType),
      refs: d.refs.map(mapped),
      ...(d.namedRefs !== undefined && { namedRefs: remapped(d.namedRefs) }),
      createdAt: target.createdAt,
      updatedAt: target.createdAt,
    };
  });
  const copyOperation = (op: StoredVersion['actions'][number]): StoredVersion['actions'][number] => ({
    ...structuredClone(op),
    id: ctx.newId(),
    ...(op.requestBody !== undefined && { requestBody: { required: op.requestBody.required, links: relink(op.requestBody.links) } }),
    responses: op.responses.map((r) => ({ ...r, id: ctx.newId(), links: relink(r.links) })),
    createdAt: target.createdAt,
    updatedAt: target.createdAt,
  });
  target.actions = source.actions.map(copyOperation);
  target.triggers = source.triggers.map(copyOperation);
}

export function listVersions(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const page = paginate(versionsOf(connector), ctx.query, true);
  return { status: 200, body: pageBody(page, 'items', (v) => renderVersion(connector, v)) };
}

export function createVersion(ctx: ApiContext): ApiResult {
  const connector = findConnector(ctx);
  const input = parseWith(ConnectorVersionCreate, ctx.body);
  const source = input.fromVersion === undefined ? undefined : resolveVersion(connector, input.fromVersion);
  if (input.fromVersion !== undefined && source === undefined) {
    throw invalidField('fromVersion', `names no version of this connector (an alias needs a published version)`);
  }
  if (versionsOf(connector).some((v) => v.name === input.name)) throw conflict(`a version named "${input.name}" already exists in this connector`);
  const now = ctx.clock.now();
  const version: StoredVersion = {
    id: ctx.newId(),
    name: input.name,
    isDefault: false,
    createdAt: now,
    updatedAt: now,
    publishedAt: null,
    subscriptions: 0,
    definitions: [],
    actions: [],
    triggers: [],
  };
  if (source !== undefined) copyChildren(ctx, connector, source, version);
  versionsOf(connector).push(version);
  connector.updatedAt = now;
  return { status: 201, body: renderVersion(connector, version) };
}

export function getVersion(ctx: ApiContext): ApiResult {
  const { connector, version } = findConnectorVersion(ctx);
  return { status: 200, body: renderVersion(connector, version) };
}

const sameInstant = (a: string | null, b: string | null): boolean => (a === null || b === null ? a === b : Date.parse(a) === Date.parse(b));

/** PUT = the whole version as read: only `description` (drafts) and `isDefault` (published versions) may change. */
export function updateVersion(ctx: ApiContext): ApiResult {
  const { connector, version } = findConnectorVersion(ctx);
  const input = parseWith(ConnectorVersionUpdate, ctx.body);
  const description = input.description === '' ? undefined : input.description;
  const descriptionChanged = description !== version.description;
  if (version.publishedAt !== null && descriptionChanged) requireDraft(version, 'its description');
  if (version.publishedAt === null && input.isDefault) throw conflict(`version ${version.name} is a draft; only a published version can be the default`);
  const current = renderVersion(connector, version);
  for (const key of ['id', 'name', 'isLatest'] as const) {
    if (input[key] !== current[key]) throw invalidField(key, 'is read-only and must equal the stored value');
  }
  for (const key of ['createdAt', 'publishedAt'] as const) {
    if (!sameInstant(input[key], current[key])) throw invalidField(key, 'is read-only and must equal the stored value');
  }
  const defaultChanged = input.isDefault !== version.isDefault;
  if (!descriptionChanged && !defaultChanged) return { status: 200, body: current };
  const now = ctx.clock.now();
  if (input.isDefault) {
    for (const other of versionsOf(connector)) {
      if (other.isDefault && other !== version) {
        other.isDefault = false;
        other.updatedAt = now;
      }
    }
  }
  version.isDefault = input.isDefault;
  if (description === undefined) delete version.description;
  else version.description = description;
  touchVersion(connector, version, now);
  return { status: 200, body: renderVersion(connector, version) };
}

export function deleteVersion(ctx: ApiContext): ApiResult {
  const { connector, version } = findConnectorVersion(ctx);
  if (version.publishedAt !== null && !parseForce(ctx)) throw conflict(`version ${version.name} is published; pass force=true to delete it anyway`);
  connector.versions = versionsOf(connector).filter((v) => v !== version);
  connector.updatedAt = ctx.clock.now();
  return { status: 204 };
}

/** What blocks publishing (`fields`) and what only warns (`messages`). */
function publishChecks(version: StoredVersion): { fields: Array<{ field: string; message: string }>; messages: Message[] } {
  const fields: Array<{ field: string; message: string }> = [];
  const messages: Message[] = [];
  for (const [kind, ops] of [['actions', version.actions], ['triggers', version.triggers]] as const) {
    for (const op of ops) {
      for (const e of op.errors) {
        const field = `${kind}.${op.name}${e.field}`;
        if (e.severity === 'error') fields.push({ field, message: e.message });
        else messages.push({ text: `${field}: ${e.message}`, severity: 'warning' });
      }
    }
  }
  const ids = new Set(version.definitions.map((d) => d.id));
  for (const d of version.definitions) {
    if (d.refs.some((id) => !ids.has(id))) fields.push({ field: `definitions.${d.name}`, message: 'refers to a definition that no longer exists' });
  }
  return { fields, messages };
}

export function publishVersion(ctx: ApiContext): ApiResult {
  const { connector, version } = findConnectorVersion(ctx);
  if (version.publishedAt !== null) throw conflict(`version ${version.name} is already published`);
  const { fields, messages } = publishChecks(version);
  if (fields.length > 0) throw validationError(fields, `version ${version.name} cannot be published until these problems are fixed`);
  const now = ctx.clock.now();
  version.publishedAt = now;
  touchVersion(connector, version, now);
  return { status: 200, body: { version: renderVersion(connector, version, messages) } };
}

export function unpublishVersion(ctx: ApiContext): ApiResult {
  const { connector, version } = findConnectorVersion(ctx);
  if (version.publishedAt === null) throw conflict(`version ${version.name} is not published`);
  if (version.subscriptions > 0) throw conflict(`version ${version.name} has subscriptions, so it cannot be unpublished`);
  version.publishedAt = null;
  version.isDefault = false;
  touchVersion(connector, version, ctx.clock.now());
  return { status: 200, body: { version: renderVersion(connector, version) } };
}
