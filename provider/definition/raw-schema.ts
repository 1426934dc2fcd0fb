// Whether the platform holds a declared schema document, read through GetRawSchema (more page §M9). Only adoption
// asks: an ordinary diff compares the schema input with the one last applied, never with what GetRawSchema serves.
import type { Definition as ApiDefinition, InlineSchema } from '../../api/versions';
import { VersoriApiError, type VersoriClient } from '../client';
import { deepEqual, isRecord } from '../diff';
import type { VersionAddress } from '../version-endpoints';

const JSON_SCHEMA = 'application/schema+json';
const DEFS_PREFIX = '#/$defs/';

const baseType = (contentType: string): string => (contentType.split(';')[0] ?? '').trim().toLowerCase();

function parsedJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

type RefHolder = Record<string, unknown> & { $ref: string };

/** Every object of a parsed JSON document that holds a `$ref` string, walked without recursion. */
export function refHolders(document: unknown): RefHolder[] {
  const found: RefHolder[] = [];
  const pending: unknown[] = [document];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Array.isArray(next)) pending.push(...(next as unknown[]));
    else if (isRecord(next)) {
      if (typeof next.$ref === 'string') found.push(next as RefHolder);
      for (const [key, value] of Object.entries(next)) if (key !== '$ref' || typeof value !== 'string') pending.push(value);
    }
  }
  return found;
}

/** The definition a `#/$defs/<name>` names (versions page §S7): one the document does not define under `$defs` itself. */
function definitionNamed(ref: string, document: unknown): string | undefined {
  if (!ref.startsWith(DEFS_PREFIX)) return undefined;
  const name = ref.slice(DEFS_PREFIX.length).replace(/~1/g, '/').replace(/~0/g, '~');
  const ownDefs = isRecord(document) ? document.$defs : undefined;
  return isRecord(ownDefs) && Object.prototype.hasOwnProperty.call(ownDefs, name) ? undefined : name;
}

/** The url of each named definition of the version; none for a name the version lacks (a reference left dangling). */
async function urlsOf(client: VersoriClient, at: VersionAddress, names: ReadonlySet<string>, subject: string): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  for (const name of names) {
    try {
      urls.set(name, (await client.versions.getDefinition(at, name, subject)).url);
    } catch (error) {
      if (!(error instanceof VersoriApiError && error.notFound)) throw error;
    }
  }
  return urls;
}

/**
 * Whether `existing` holds the `declared` document. The same content type, and: other text byte for byte; JSON as
 * GetRawSchema serves it, parsed, with each `#/$defs/<name>` naming a definition turned into that definition's url
 * (one GetDefinition per name), since the platform records such a reference by id and serves it as the url.
 */
export async function holdsSchema(
  client: VersoriClient,
  at: VersionAddress,
  existing: ApiDefinition,
  declared: InlineSchema,
  subject: string,
): Promise<boolean> {
  const served = await client.versions.getRawSchema(at, existing.url.slice(existing.url.lastIndexOf('/') + 1), subject);
  if (served.contentType !== declared.contentType) return false;
  if (baseType(declared.contentType) !== JSON_SCHEMA) return served.content === declared.content;
  const document = parsedJson(declared.content);
  const held = parsedJson(served.content);
  if (document === undefined || held === undefined) return served.content === declared.content;
  const named = refHolders(document.value).flatMap((holder) => {
    const name = definitionNamed(holder.$ref, document.value);
    return name === undefined ? [] : [{ holder, name }];
  });
  const urls = await urlsOf(client, at, new Set(named.map((n) => n.name)), subject);
  for (const { holder, name } of named) holder.$ref = urls.get(name) ?? holder.$ref;
  return deepEqual(document.value, held.value);
}
