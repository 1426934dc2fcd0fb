// Actions and triggers of a version (§S6): one implementation, two kinds; a trigger has no `path`.
import type { z } from 'zod';
import { Action, ActionCreate, Trigger, TriggerCreate, type DefinitionRef } from '../../api/versions';
import { conflict, invalidField, notFound } from '../errors';
import { pageBody, paginate, queryParam } from '../pagination';
import { renderOperation } from '../version-render';
import { byNameFilter, requireDraft, touchVersion, type OperationKind, type StoredLink, type StoredOperation, type StoredVersion } from '../version-store';
import { parseWith, param, type ApiContext, type ApiHandler, type ApiResult } from './context';
import { findConnectorVersion } from './version-lookup';
import { checkParameters, checkResponseStatuses, linkSetClash, validateOperation } from './operation-checks';

interface KindInfo {
  key: 'actions' | 'triggers';
  param: string;
  create: z.ZodType<z.infer<typeof ActionCreate> | z.infer<typeof TriggerCreate>>;
  update: z.ZodType<z.infer<typeof Action> | z.infer<typeof Trigger>>;
}

const KINDS: Record<OperationKind, KindInfo> = {
  action: { key: 'actions', param: 'actionName', create: ActionCreate, update: Action },
  trigger: { key: 'triggers', param: 'triggerName', create: TriggerCreate, update: Trigger },
};

/** A link as sent: a create names its definition by ref, an update by the embedded definition's id (and may carry a link id). */
interface SentLink {
  id?: string;
  definition: DefinitionRef;
}
interface SentOperation {
  name: string;
  summary?: string;
  description?: string;
  method: string;
  path?: string;
  parameters: StoredOperation['parameters'];
  requestBody?: { required: boolean; definitions: SentLink[] };
  responses: Array<{ id?: unknown; status?: number; definitions: SentLink[] }>;
}

/** Resolves one link set: each ref must name a definition of the version, and no two may share a definition or media type. */
function resolveLinks(version: StoredVersion, sent: readonly SentLink[], field: string, keep: (id: unknown) => string): StoredLink[] {
  const ids = sent.map((link, i) => {
    const { id, name } = link.definition;
    const found = version.definitions.find((d) => (id !== undefined ? d.id === id : d.name === name));
    if (found === undefined) throw invalidField(`${field}[${i}].definition`, 'names no definition of this version');
    return found.id;
  });
  const clash = linkSetClash(ids, (id) => version.definitions.find((d) => d.id === id)?.accept ?? []);
  if (clash !== -1) throw invalidField(`${field}[${clash}]`, 'links a definition twice, or two definitions sharing a media type');
  return ids.map((definitionId, i) => ({ id: keep(sent[i]?.id), definitionId }));
}

/** Builds the stored object from a checked body; ids of `existing` entries are kept, any other id is replaced. */
function buildOperation(ctx: ApiContext, version: StoredVersion, input: SentOperation, existing?: StoredOperation): StoredOperation {
  checkParameters(input.parameters);
  checkResponseStatuses(input.responses.map((r) => r.status));
  const known = new Set(existing === undefined ? [] : [...existing.responses.map((r) => r.id), ...existing.responses.flatMap((r) => r.links.map((l) => l.id)), ...(existing.requestBody?.links ?? []).map((l) => l.id)]);
  const keep = (id: unknown): string => (typeof id === 'string' && known.has(id) ? id : ctx.newId());
  const now = ctx.clock.now();
  const op: StoredOperation = {
    id: existing?.id ?? ctx.newId(),
    type: 'http',
    name: input.name,
    ...(input.summary !== undefined && input.summary !== '' && { summary: input.summary }),
    ...(input.description !== undefined && input.description !== '' && { description: input.description }),
    method: input.method,
    ...(input.path !== undefined && { path: input.path }),
    parameters: input.parameters,
    ...(input.requestBody !== undefined && {
      requestBody: { required: input.requestBody.required, links: resolveLinks(version, input.requestBody.definitions, 'requestBody.definitions', keep) },
    }),
    responses: input.responses.map((r, i) => ({
      id: keep(r.id),
      ...(r.status !== undefined && { status: r.status }),
      links: resolveLinks(version, r.definitions, `responses[${i}].definitions`, keep),
    })),
    errors: [],
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  op.errors = validateOperation(op);
  return op;
}

function writable(ctx: ApiContext, kind: OperationKind): { connector: ReturnType<typeof findConnectorVersion>['connector']; version: StoredVersion; list: StoredOperation[] } {
  const { connector, version } = findConnectorVersion(ctx);
  const list = version[KINDS[kind].key];
  return { connector, version, list };
}

function findOperation(ctx: ApiContext, kind: OperationKind, list: readonly StoredOperation[]): StoredOperation {
  const name = param(ctx, KINDS[kind].param);
  const op = list.find((o) => o.name === name);
  if (op === undefined) throw notFound(`${kind} ${name}`);
  return op;
}

function checkWritable(connector: { protocol: string }, version: StoredVersion, kind: OperationKind): void {
  requireDraft(version, `its ${KINDS[kind].key}`);
  if (connector.protocol !== 'http') throw invalidField('type', `${KINDS[kind].key} exist only under a connector whose protocol is http`);
}

function nameTaken(list: readonly StoredOperation[], name: string, except?: StoredOperation): boolean {
  return list.some((o) => o.name === name && o !== except);
}

export function operationHandlers(kind: OperationKind): Record<'list' | 'create' | 'get' | 'update' | 'remove', ApiHandler> {
  const info = KINDS[kind];
  const list = (ctx: ApiContext): ApiResult => {
    const { version } = findConnectorVersion(ctx);
    const page = paginate(byNameFilter(version[info.key], queryParam(ctx.query, 'name')), ctx.query, true);
    return { status: 200, body: pageBody(page, info.key, (o) => renderOperation(version, o)) };
  };
  const create = (ctx: ApiContext): ApiResult => {
    const { connector, version, list: ops } = writable(ctx, kind);
    checkWritable(connector, version, kind);
    const input: SentOperation = parseWith(info.create, ctx.body);
    const op = buildOperation(ctx, version, input);
    if (nameTaken(ops, op.name)) throw conflict(`a ${kind} named "${op.name}" already exists in version ${version.name}`);
    ops.push(op);
    touchVersion(connector, version, op.updatedAt);
    return { status: 201, body: renderOperation(version, op) };
  };
  const get = (ctx: ApiContext): ApiResult => {
    const { version, list: ops } = writable(ctx, kind);
    return { status: 200, body: renderOperation(version, findOperation(ctx, kind, ops)) };
  };
  const update = (ctx: ApiContext): ApiResult => {
    const { connector, version, list: ops } = writable(ctx, kind);
    const current = findOperation(ctx, kind, ops);
    checkWritable(connector, version, kind);
    const input = parseWith(info.update, ctx.body);
    if (input.id !== current.id) throw invalidField('id', `must equal the stored id (${current.id})`);
    const op = buildOperation(ctx, version, input, current);
    if (nameTaken(ops, op.name, current)) throw conflict(`a ${kind} named "${op.name}" already exists in version ${version.name}`);
    ops.splice(ops.indexOf(current), 1, op);
    touchVersion(connector, version, op.updatedAt);
    return { status: 200, body: renderOperation(version, op) };
  };
  const remove = (ctx: ApiContext): ApiResult => {
    const { connector, version, list: ops } = writable(ctx, kind);
    const current = findOperation(ctx, kind, ops);
    requireDraft(version, `its ${info.key}`);
    ops.splice(ops.indexOf(current), 1);
    touchVersion(connector, version, ctx.clock.now());
    return { status: 204 };
  };
  return { list, create, get, update, remove };
}
