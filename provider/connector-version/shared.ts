// What ConnectorVersion and ConnectorVersionPublication share: the `<connectorId>/<versionName>` resource id, the
// subject of their messages, and the whole-object PUT of a version.
import type { ConnectorVersion } from '../../api/versions';
import { VersoriApiError, type VersoriClient } from '../client';
import { deleteObject } from '../lifecycle';
import type { VersionAddress } from '../version-endpoints';

/** Splits a `<connectorId>/<versionName>` resource id (a version name never holds "/"). */
export function versionAddressOf(id: string): VersionAddress {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1 || id.indexOf('/', slash + 1) >= 0) {
    throw new Error(`A connector version's id has the form "<connectorId>/<versionName>", got "${id}"`);
  }
  return { connectorId: id.slice(0, slash), versionName: id.slice(slash + 1) };
}

export function versionIdOf(at: VersionAddress): string {
  return `${at.connectorId}/${at.versionName}`;
}

/** E.g. `ConnectorVersion "1.2.0"`. */
export function versionSubject(kind: string, versionName: unknown): string {
  return typeof versionName === 'string' ? `${kind} "${versionName}"` : kind;
}

/** The writable fields of a version: everything else of a PUT body must equal the stored values. */
export type VersionChanges = Partial<Pick<ConnectorVersion, 'description' | 'isDefault'>>;

/** The read-only fields a version PUT must carry as stored; each moves when any version of the connector is published. */
const MOVING_FIELDS = new Set(['isLatest', 'publishedAt']);

/** PUTs of a version that meet a copy made stale in between (another version published meanwhile) before giving up. */
const STALE_COPY_ATTEMPTS = 3;

function isStaleCopy(error: unknown): boolean {
  return error instanceof VersoriApiError && error.status === 400 && error.fields.length > 0 && error.fields.every((f) => MOVING_FIELDS.has(f.field));
}

/**
 * PUT of the whole version as `current` holds it, with only `changes` applied. `current` must be what the platform
 * returned just before (GET, create or publish): publishing and unpublishing move `publishedAt`, `isLatest` and
 * `isDefault`, which the platform compares, so a copy kept in the state could be stale. One that went stale in between
 * (a version of the same connector published by a parallel step) is read again and the PUT repeated.
 */
export async function putVersion(
  client: VersoriClient,
  at: VersionAddress,
  current: ConnectorVersion,
  changes: VersionChanges,
  subject: string,
): Promise<ConnectorVersion> {
  let copy = current;
  for (let attempt = 1; ; attempt++) {
    const { messages: _notSent, description: _replaced, ...rest } = copy;
    const description = 'description' in changes ? changes.description : copy.description;
    const body = { ...rest, isDefault: changes.isDefault ?? copy.isDefault, ...(description ? { description } : {}) };
    try {
      return await client.versions.updateVersion(at, body, subject);
    } catch (error) {
      if (!isStaleCopy(error) || attempt === STALE_COPY_ATTEMPTS) throw error;
      copy = await client.versions.getVersion(at, subject);
    }
  }
}

/** Runs `request`; a 409 goes to `onConflict`, which either accepts it (returns) or throws an error saying what to do. */
export async function handlingConflict<T>(request: () => Promise<T>, onConflict: (error: VersoriApiError) => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof VersoriApiError && error.status === 409) return onConflict(error);
    throw error;
  }
}

/**
 * Deletes or unpublishes, through `request`, the version the resource id names. A version already gone counts as
 * done (once the organisation is seen to exist); a 409 goes to `onConflict`, which accepts it or throws.
 */
export async function endVersion(
  client: VersoriClient,
  id: string,
  subjectOf: (versionName: string) => string,
  request: (at: VersionAddress, subject: string) => Promise<unknown>,
  onConflict: (error: VersoriApiError, at: VersionAddress, subject: string) => Promise<void>,
): Promise<void> {
  const at = versionAddressOf(id);
  const subject = subjectOf(at.versionName);
  const conflictHandled = () =>
    handlingConflict(
      async () => {
        await request(at, subject);
      },
      (error) => onConflict(error, at, subject),
    );
  await deleteObject(client, subject, id, conflictHandled);
}
