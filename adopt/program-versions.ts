// The declarations of a connector's versions: each version, its definitions (schema documents with references to the
// version's other definitions written back as `#/$defs/<name>`), actions and triggers, and the publication of a
// published one, after every child.
import type { Action, Trigger } from '../api/versions';
import { commentText, expression, literal, stringLiteral, type Expression } from './code';
import type { NameAllocator } from './names';
import { refHolders } from '../provider/definition/raw-schema';
import type { ReadDefinition, ReadVersion } from './read-versions';

const JSON_SCHEMA = 'application/schema+json';

interface Emitted {
  readonly lines: string[];
  readonly counts: { versions: number; definitions: number; actions: number; triggers: number; publications: number };
}

function declare(e: Emitted, variable: string, className: string, resource: string, args: object, importId: string, dependsOn: string[] = []): void {
  const deps = dependsOn.length > 0 ? `, dependsOn: [${dependsOn.join(', ')}]` : '';
  e.lines.push(`const ${variable} = new versori.${className}(${stringLiteral(resource)}, ${literal(args)}, { import: ${stringLiteral(importId)}${deps} });`);
}

/** The schema as a person declares it: a reference to a definition of the version by its url becomes `#/$defs/<name>`. */
function declaredSchema(read: ReadDefinition, byUrl: ReadonlyMap<string, string>): { contentType: string; content: string; refersTo: string[] } {
  const { contentType, content } = read.schema;
  if ((contentType.split(';')[0] ?? '').trim().toLowerCase() !== JSON_SCHEMA) return { contentType, content, refersTo: [] };
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    return { contentType, content, refersTo: [] };
  }
  const refersTo = new Set<string>();
  for (const holder of refHolders(document)) {
    const name = byUrl.get(holder.$ref);
    if (name === undefined) continue;
    holder.$ref = `#/$defs/${name}`;
    refersTo.add(name);
  }
  return { contentType, content: JSON.stringify(document), refersTo: [...refersTo].sort() };
}

/** The definitions in an order that puts each after those it refers to (name order otherwise; a cycle keeps it). */
function referencedFirst(definitions: ReadonlyArray<{ name: string; refersTo: readonly string[] }>): string[] {
  const byName = new Map(definitions.map((d) => [d.name, d]));
  const placed = new Set<string>();
  const order: string[] = [];
  const visiting = new Set<string>();
  const place = (name: string): void => {
    if (placed.has(name) || visiting.has(name) || !byName.has(name)) return;
    visiting.add(name);
    for (const other of byName.get(name)?.refersTo ?? []) place(other);
    visiting.delete(name);
    placed.add(name);
    order.push(name);
  };
  for (const d of definitions) place(d.name);
  return order;
}

function operationArgs(op: Action | Trigger, inVersion: object, definitionName: (id: string) => Expression): Record<string, unknown> {
  const links = (definitions: ReadonlyArray<{ definition: { id: string } }>) => definitions.map((d) => definitionName(d.definition.id));
  return {
    ...inVersion,
    name: op.name,
    summary: op.summary || undefined,
    description: op.description || undefined,
    method: op.method,
    ...('path' in op ? { path: op.path } : {}),
    parameters: op.parameters.length > 0 ? op.parameters : undefined,
    requestBody: op.requestBody === undefined ? undefined : { required: op.requestBody.required, definitions: links(op.requestBody.definitions) },
    responses: op.responses.map((r) => ({ status: r.status, definitions: links(r.definitions) })),
  };
}

function writeVersion(e: Emitted, names: NameAllocator, connector: { variable: string; name: string; id: string }, read: ReadVersion): void {
  const { version } = read;
  const v = names.allocate([connector.name, version.name], 'version');
  const address = `${connector.id}/${version.name}`;
  e.lines.push(`// version ${commentText(version.name)} of connector ${commentText(connector.name)}`);
  declare(e, v.variable, 'ConnectorVersion', v.resource, { connectorId: expression(`${connector.variable}.id`), name: version.name, description: version.description || undefined }, address);
  e.counts.versions += 1;
  const inVersion = { connectorId: expression(`${v.variable}.connectorId`), versionName: expression(`${v.variable}.name`) };
  const byUrl = new Map(read.definitions.map((d) => [d.definition.url, d.definition.name]));
  const allocated = new Map(read.definitions.map((d) => [d.definition.name, names.allocate([connector.name, version.name, d.definition.name], 'definition')]));
  const variables = new Map([...allocated].map(([name, n]) => [name, n.variable]));
  const children: string[] = [];
  const declared = new Map(read.definitions.map((d) => [d.definition.name, { read: d, ...declaredSchema(d, byUrl) }]));
  const order = referencedFirst([...declared.values()].map((d) => ({ name: d.read.definition.name, refersTo: d.refersTo })));
  for (const name of order) {
    const n = allocated.get(name);
    const d = declared.get(name);
    if (n === undefined || d === undefined) continue;
    const schema = { contentType: d.contentType, content: d.content };
    const args = { ...inVersion, name, accept: d.read.definition.accept, description: d.read.definition.description || undefined, schema };
    const before = d.refersTo.filter((other) => order.indexOf(other) < order.indexOf(name)).flatMap((other) => variables.get(other) ?? []);
    declare(e, n.variable, 'Definition', n.resource, args, `${address}/${name}`, before);
    children.push(n.variable);
    e.counts.definitions += 1;
  }
  const idToName = new Map(read.definitions.map((d) => [d.definition.id, d.definition.name]));
  const definitionName = (id: string) => expression(`${variables.get(idToName.get(id) ?? '') ?? 'undefined'}.name`);
  for (const [className, ops, counter] of [['Action', read.actions, 'actions'], ['Trigger', read.triggers, 'triggers']] as const) {
    for (const op of ops) {
      const n = names.allocate([connector.name, version.name, op.name], counter);
      declare(e, n.variable, className, n.resource, operationArgs(op, inVersion, definitionName), `${address}/${op.name}`);
      children.push(n.variable);
      e.counts[counter] += 1;
    }
  }
  if (version.publishedAt !== null) {
    const p = names.allocate([connector.name, version.name, 'publication'], 'publication');
    const args = { connectorId: expression(`${v.variable}.connectorId`), versionName: expression(`${v.variable}.name`), isDefault: version.isDefault || undefined };
    declare(e, p.variable, 'ConnectorVersionPublication', p.resource, args, address, children);
    e.counts.publications += 1;
  }
}

/** The declarations of `versions`, appended to `lines`. */
export function writeVersions(lines: string[], names: NameAllocator, connector: { variable: string; name: string; id: string }, versions: readonly ReadVersion[]): Emitted['counts'] {
  const e: Emitted = { lines, counts: { versions: 0, definitions: 0, actions: 0, triggers: 0, publications: 0 } };
  for (const version of versions) writeVersion(e, names, connector, version);
  return e.counts;
}
