// Turns stored versions, definitions, actions and triggers into API responses. Optional empty strings and arrays are
// omitted (except an operation's `errors`); embedded definitions always show the linked definition as it is now.
import type { ConnectorVersion, Message } from '../api/schemas';
import type { Action, Definition, DefinitionReference, LinkedDefinition, Trigger } from '../api/versions';
import { compareNewestFirst } from './pagination';
import type { StoredConnector } from './store';
import { latestVersion, versionsOf, type StoredDefinition, type StoredLink, type StoredOperation, type StoredVersion } from './version-store';

export function renderVersion(connector: StoredConnector, version: StoredVersion, messages?: Message[]): ConnectorVersion {
  return {
    id: version.id,
    name: version.name,
    ...(version.description !== undefined && version.description !== '' && { description: version.description }),
    isLatest: latestVersion(connector)?.id === version.id,
    isDefault: version.isDefault,
    createdAt: version.createdAt,
    updatedAt: version.updatedAt,
    publishedAt: version.publishedAt,
    ...(messages !== undefined && messages.length > 0 && { messages }),
  };
}

/** The connector's `versions` array: most recently updated first, as the versions list. */
export function renderVersions(connector: StoredConnector): ConnectorVersion[] {
  return [...versionsOf(connector)].sort(compareNewestFirst).map((v) => renderVersion(connector, v));
}

/** Who refers to `definitionId`: definitions first, then actions, then triggers, each once. */
export function referencesTo(version: StoredVersion, definitionId: string): DefinitionReference[] {
  const links = (op: StoredOperation): StoredLink[] => [...(op.requestBody?.links ?? []), ...op.responses.flatMap((r) => r.links)];
  return [
    ...version.definitions.filter((d) => d.refs.includes(definitionId)).map((d) => ({ type: 'definition' as const, id: d.id, name: d.name })),
    ...version.actions.filter((a) => links(a).some((l) => l.definitionId === definitionId)).map((a) => ({ type: 'action' as const, id: a.id, name: a.name })),
    ...version.triggers.filter((t) => links(t).some((l) => l.definitionId === definitionId)).map((t) => ({ type: 'trigger' as const, id: t.id, name: t.name })),
  ];
}

export function renderDefinition(version: StoredVersion, definition: StoredDefinition): Definition {
  const referencedBy = referencesTo(version, definition.id);
  return {
    id: definition.id,
    name: definition.name,
    accept: [...definition.accept],
    ...(definition.description !== undefined && definition.description !== '' && { description: definition.description }),
    url: definition.url,
    ...(referencedBy.length > 0 && { referencedBy }),
  };
}

function renderLinks(version: StoredVersion, links: readonly StoredLink[]): LinkedDefinition[] {
  return links.flatMap((link) => {
    const definition = version.definitions.find((d) => d.id === link.definitionId);
    return definition === undefined ? [] : [{ id: link.id, definition: renderDefinition(version, definition) }];
  });
}

export function renderOperation(version: StoredVersion, op: StoredOperation): Action | Trigger {
  return {
    id: op.id,
    type: op.type,
    name: op.name,
    ...(op.summary !== undefined && op.summary !== '' && { summary: op.summary }),
    ...(op.description !== undefined && op.description !== '' && { description: op.description }),
    errors: op.errors.map((e) => ({ ...e })),
    method: op.method as Action['method'],
    ...(op.path !== undefined && { path: op.path }),
    parameters: structuredClone(op.parameters),
    ...(op.requestBody !== undefined && {
      requestBody: { required: op.requestBody.required, definitions: renderLinks(version, op.requestBody.links) },
    }),
    responses: op.responses.map((r) => ({ id: r.id, ...(r.status !== undefined && { status: r.status }), definitions: renderLinks(version, r.links) })),
  } as Action;
}
