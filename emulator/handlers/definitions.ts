// Definitions of a version: create (atomic, `$ref`s recorded by id), list, get, update, delete one or many (§S7, §S8),
// and how their urls and `$ref`s read.
import type { ApiErrorBody } from '../../api/schemas';
import { DefinitionsCreate, DefinitionsDelete, DefinitionUpdate, type DefinitionReference, type InlineSchema } from '../../api/versions';
import { ApiError, conflict, invalidField, notFound } from '../errors';
import { pageBody, paginate, queryParam } from '../pagination';
import type { StoredConnector } from '../store';
import { referencesTo, renderDefinition } from '../version-render';
import { byNameFilter, requireDraft, touchVersion, type StoredDefinition, type StoredVersion } from '../version-store';
import { parseWith, param, type ApiContext, type ApiResult } from './context';
import { parseForce } from './lookup';
import { checkLinkSetsAfterAcceptChange } from './operation-checks';
import { findConnectorVersion } from './version-lookup';

export const baseType = (contentType: string): string => (contentType.split(';')[0] ?? '').trim().toLowerCase();

export const JSON_SCHEMA = 'application/schema+json';

/** Where the emulator's definition urls point, on its own origin (versions page §S7). */
export const SCHEMA_URL_PATH = '/api/schemas/v1';

function extensionOf(contentType: string): string {
  const type = baseType(contentType);
  if (type.endsWith('json')) return 'json';
  if (type.endsWith('yaml')) return 'yaml';
  if (type.endsWith('xml')) return 'xsd';
  return 'txt';
}

export function definitionUrl(ctx: ApiContext, connector: StoredConnector, version: StoredVersion, id: string, contentType: string): string {
  const path = [ctx.organisationId, connector.id, version.name].map(encodeURIComponent).join('/');
  return `${ctx.origin}${SCHEMA_URL_PATH}/o/${path}/${id}.${extensionOf(contentType)}`;
}

/** Every object of a parsed JSON document that holds a `$ref` string, walked without recursion. */
export function objectsWithRef(document: unknown): Array<Record<string, unknown> & { $ref: string }> {
  const found: Array<Record<string, unknown> & { $ref: string }> = [];
  const pending: unknown[] = [document];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next !== 'object' || next === null) continue;
    const record = next as Record<string, unknown>;
    if (typeof record.$ref === 'string') found.push(record as Record<string, unknown> & { $ref: string });
    for (const [key, value] of Object.entries(record)) if (key !== '$ref' || typeof value !== 'string') pending.push(value);
  }
  return found;
}

const DEFS_PREFIX = '#/$defs/';

/** The definition name a `$ref` gives as `#/$defs/<name>` when the document has no `$defs.<name>` of its own. */
export function definitionNameIn(ref: string, document: unknown): string | undefined {
  if (!ref.startsWith(DEFS_PREFIX)) return undefined;
  const name = ref.slice(DEFS_PREFIX.length).replace(/~1/g, '/').replace(/~0/g, '~');
  const ownDefs = typeof document === 'object' && document !== null && '$defs' in document ? (document as { $defs: unknown }).$defs : undefined;
  const own = typeof ownDefs === 'object' && ownDefs !== null && Object.prototype.hasOwnProperty.call(ownDefs, name);
  return own ? undefined : name;
}

interface SchemaRefs {
  /** The ids of the definitions the document refers to. */
  readonly ids: string[];
  /** Each `#/$defs/<name>` reference, as written, with the id it names. */
  readonly named: Record<string, string>;
}

/**
 * The definitions `schema` refers to: `#/$defs/<name>` naming no `$defs` entry of its own names a definition (400 when
 * there is none), and a `$ref` equal to a definition's url names that one. Only JSON Schema text is scanned.
 */
function schemaRefs(schema: InlineSchema, byName: (name: string) => string | undefined, byUrl: (url: string) => string | undefined, field: string): SchemaRefs {
  if (baseType(schema.contentType) !== JSON_SCHEMA) return { ids: [], named: {} };
  let document: unknown;
  try {
    document = JSON.parse(schema.content);
  } catch {
    throw invalidField(`${field}.content`, 'is not valid JSON');
  }
  const ids = new Set<string>();
  const named: Record<string, string> = {};
  for (const { $ref: ref } of objectsWithRef(document)) {
    const name = definitionNameIn(ref, document);
    if (name !== undefined) {
      const id = byName(name);
      if (id === undefined) throw invalidField(`${field}.content`, `refers to ${ref}, but the version has no definition named "${name}"`);
      ids.add(id);
      named[ref] = id;
    } else if (!ref.startsWith(DEFS_PREFIX)) {
      const id = byUrl(ref);
      if (id !== undefined) ids.add(id);
    }
  }
  return { ids: [...ids], named };
}

const urlLookup = (version: StoredVersion) => (url: string) => version.definitions.find((d) => d.url === url)?.id;

export function listDefinitions(ctx: ApiContext): ApiResult {
  const { version } = findConnectorVersion(ctx);
  const page = paginate(byNameFilter(version.definitions, queryParam(ctx.query, 'name')), ctx.query, true);
  return { status: 200, body: pageBody(page, 'definitions', (d) => renderDefinition(version, d)) };
}

export function createDefinitions(ctx: ApiContext): ApiResult {
  const { connector, version } = findConnectorVersion(ctx);
  requireDraft(version, 'its definitions');
  const input = parseWith(DefinitionsCreate, ctx.body);
  const batch = new Map<string, string>();
  input.definitions.forEach((d, i) => {
    if (batch.has(d.name)) throw invalidField(`definitions[${i}].name`, `"${d.name}" is given twice in this request`);
    batch.set(d.name, ctx.newId());
  });
  const byName = (name: string): string | undefined => batch.get(name) ?? version.definitions.find((d) => d.name === name)?.id;
  const now = ctx.clock.now();
  const created = input.definitions.map((d, i): StoredDefinition => {
    const id = batch.get(d.name) ?? ctx.newId();
    const { ids: refs, named } = schemaRefs(d.schema, byName, urlLookup(version), `definitions[${i}].schema`);
    return {
      id,
      name: d.name,
      accept: d.accept,
      ...(d.description !== undefined && d.description !== '' && { description: d.description }),
      url: definitionUrl(ctx, connector, version, id, d.schema.contentType),
      schema: d.schema,
      refs,
      namedRefs: named,
      createdAt: now,
      updatedAt: now,
    };
  });
  const clash = created.find((d) => version.definitions.some((e) => e.name === d.name));
  if (clash !== undefined) throw conflict(`a definition named "${clash.name}" already exists in version ${version.name}`);
  version.definitions.push(...created);
  touchVersion(connector, version, now);
  return { status: 201, body: { definitions: created.map((d) => renderDefinition(version, d)) } };
}

function findDefinition(ctx: ApiContext, version: StoredVersion): StoredDefinition {
  const name = param(ctx, 'definitionName');
  const definition = version.definitions.find((d) => d.name === name);
  if (definition === undefined) throw notFound(`definition ${name}`);
  return definition;
}

export function getDefinition(ctx: ApiContext): ApiResult {
  const { version } = findConnectorVersion(ctx);
  return { status: 200, body: renderDefinition(version, findDefinition(ctx, version)) };
}

export function updateDefinition(ctx: ApiContext): ApiResult {
  const { connector, version } = findConnectorVersion(ctx);
  const definition = findDefinition(ctx, version);
  requireDraft(version, 'its definitions');
  const input = parseWith(DefinitionUpdate, ctx.body);
  if (input.id !== definition.id) throw invalidField('id', `must equal the stored id (${definition.id})`);
  const byName = (name: string): string | undefined => version.definitions.find((d) => d.name === name)?.id;
  const refs = input.schema === undefined ? undefined : schemaRefs(input.schema, byName, urlLookup(version), 'schema');
  checkLinkSetsAfterAcceptChange(version, definition.id, input.accept);
  if (version.definitions.some((d) => d.name === input.name && d !== definition)) {
    throw conflict(`a definition named "${input.name}" already exists in version ${version.name}`);
  }
  definition.name = input.name;
  definition.accept = input.accept;
  if (input.description === undefined || input.description === '') delete definition.description;
  else definition.description = input.description;
  if (input.schema !== undefined && refs !== undefined) {
    definition.schema = input.schema;
    definition.refs = refs.ids;
    definition.namedRefs = refs.named;
  }
  const now = ctx.clock.now();
  definition.updatedAt = now;
  touchVersion(connector, version, now);
  return { status: 200, body: renderDefinition(version, definition) };
}

/** The 412 body: the Error shape plus the definition and who refers to it. */
class DefinitionInUse extends ApiError {
  constructor(private readonly definition: { id: string; name: string; referencedBy: DefinitionReference[] }) {
    super(412, 'failed_precondition', `definition ${definition.name} is referenced; unlink or delete its referrers first`);
  }

  override get body(): ApiErrorBody & { definition: { id: string; name: string; referencedBy: DefinitionReference[] } } {
    return { code: this.code, message: this.message, definition: this.definition };
  }
}

/** Refuses (412) when a definition of `selected` has a reference from outside it: always from an operation, from a definition unless forced. */
function checkDeletable(version: StoredVersion, selected: readonly StoredDefinition[], force: boolean): void {
  const ids = new Set(selected.map((d) => d.id));
  for (const definition of selected) {
    const referencedBy = referencesTo(version, definition.id);
    const blocking = referencedBy.filter((r) => !ids.has(r.id) && (r.type !== 'definition' || !force));
    if (blocking.length > 0) throw new DefinitionInUse({ id: definition.id, name: definition.name, referencedBy });
  }
}

function removeDefinitions(ctx: ApiContext, connector: StoredConnector, version: StoredVersion, selected: readonly StoredDefinition[]): ApiResult {
  if (selected.length === 0) return { status: 204 };
  version.definitions = version.definitions.filter((d) => !selected.includes(d));
  touchVersion(connector, version, ctx.clock.now());
  return { status: 204 };
}

export function deleteDefinition(ctx: ApiContext): ApiResult {
  const { connector, version } = findConnectorVersion(ctx);
  const definition = findDefinition(ctx, version);
  requireDraft(version, 'its definitions');
  checkDeletable(version, [definition], parseForce(ctx));
  return removeDefinitions(ctx, connector, version, [definition]);
}

export function deleteDefinitions(ctx: ApiContext): ApiResult {
  const { connector, version } = findConnectorVersion(ctx);
  requireDraft(version, 'its definitions');
  const input = parseWith(DefinitionsDelete, ctx.body ?? {});
  const force = parseForce(ctx);
  if (input.all === true && (input.ids !== undefined || input.names !== undefined)) throw invalidField('all', 'cannot be combined with ids or names');
  let selected: StoredDefinition[];
  if (input.all === true) {
    selected = [...version.definitions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } else {
    const byId = (input.ids ?? []).flatMap((id) => version.definitions.filter((d) => d.id === id));
    const byName = (input.names ?? []).flatMap((name) => version.definitions.filter((d) => d.name === name));
    const twice = byName.find((d) => byId.includes(d));
    if (twice !== undefined) throw invalidField('names', `definition ${twice.name} is selected both by id and by name`);
    selected = [...new Set([...byId, ...byName])];
  }
  checkDeletable(version, selected, force);
  return removeDefinitions(ctx, connector, version, selected);
}
