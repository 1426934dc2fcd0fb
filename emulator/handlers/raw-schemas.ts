// GetRawSchema (more page §M9): a definition's stored document, found by the last segment of its url, served with its
// content type; in a JSON document each recorded `#/$defs/<name>` reference shows the named definition's current url.
import { notFound } from '../errors';
import type { StoredDefinition, StoredVersion } from '../version-store';
import { param, type ApiContext, type ApiResult } from './context';
import { baseType, definitionNameIn, JSON_SCHEMA, objectsWithRef } from './definitions';
import { findConnectorVersion } from './version-lookup';

const lastSegment = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

/** The recorded `#/$defs/<name>` references; for a definition stored without them, those the current names give. */
function namedRefsOf(version: StoredVersion, definition: StoredDefinition, document: unknown): Record<string, string> {
  if (definition.namedRefs !== undefined) return definition.namedRefs;
  const named: Record<string, string> = {};
  for (const { $ref: ref } of objectsWithRef(document)) {
    const name = definitionNameIn(ref, document);
    const id = name === undefined ? undefined : version.definitions.find((d) => d.name === name)?.id;
    if (id !== undefined) named[ref] = id;
  }
  return named;
}

/** The document as served: JSON serialised again with references shown as urls (a dangling one as written). */
function servedDocument(version: StoredVersion, definition: StoredDefinition): string {
  const { schema } = definition;
  if (baseType(schema.contentType) !== JSON_SCHEMA) return schema.content;
  const document: unknown = JSON.parse(schema.content);
  const named = namedRefsOf(version, definition, document);
  for (const holder of objectsWithRef(document)) {
    const id = Object.prototype.hasOwnProperty.call(named, holder.$ref) ? named[holder.$ref] : undefined;
    const url = version.definitions.find((d) => d.id === id)?.url;
    if (url !== undefined) holder.$ref = url;
  }
  return JSON.stringify(document);
}

export function getRawSchema(ctx: ApiContext): ApiResult {
  const { version } = findConnectorVersion(ctx);
  const file = param(ctx, 'schemaFilename');
  const definition = version.definitions.find((d) => lastSegment(d.url) === file);
  if (definition === undefined) throw notFound(`schema file ${file}`);
  return { status: 200, body: servedDocument(version, definition), headers: { 'content-type': definition.schema.contentType } };
}
