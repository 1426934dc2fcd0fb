// What the objects that live in a connector version (Definition, Action, Trigger) share: their address (connector and
// version name, both replacing), their resource id `<connectorId>/<versionName>/<name>`, the frozen-when-published
// rule turned into a sentence that says what to do, deletes that treat an absent object as deleted, warnings, and
// adoption (the `adopt` input, which the `import` option sets).
import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { VersionName } from '../api/versions';
import { VersoriApiError, type VersoriClient } from './client';
import type { ProviderContext } from './context';
import { input } from './declare';
import { registrationOf, type Registration } from './dynamic';
import { UlidField } from './fields';
import { readOrGone } from './lifecycle';
import type { VersionAddress } from './version-endpoints';

/** The inputs that place an object in a version; users pass a ConnectorVersion's `connectorId` and `name` outputs. */
export const versionAddressFields = {
  /** The connector of the version. Changing it replaces the object. */
  connectorId: input(UlidField, { replace: true }),
  /** The version's name (never an alias). Changing it replaces the object: it is created in that version. */
  versionName: input(VersionName, { replace: true }),
};

export interface ChildAddress extends VersionAddress {
  readonly name: string;
}

export function childIdOf(at: ChildAddress): string {
  return `${at.connectorId}/${at.versionName}/${at.name}`;
}

/** Splits a `<connectorId>/<versionName>/<name>` resource id (none of the three holds a `/`). */
export function splitVersionChildId(id: string, kind: string): ChildAddress {
  const parts = id.split('/');
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw new Error(`A ${kind} id has the form "<connectorId>/<versionName>/<name>", got "${id}"`);
  }
  return { connectorId: parts[0], versionName: parts[1], name: parts[2] };
}

/** The sentence for a write that a published version refused (409). */
export function frozenVersionMessage(subject: string, at: VersionAddress, what: string): string {
  return (
    `${subject} cannot be ${what}: version "${at.versionName}" of connector ${at.connectorId} is published, and Versori ` +
    'keeps a published version and its definitions, actions and triggers frozen (409). Either give the change a new ' +
    "version: change the ConnectorVersion's name, and its definitions, actions and triggers follow it and are created " +
    "in the new version; or remove the version's publication (its ConnectorVersionPublication) in one `pulumi up`, " +
    'and make this change in the next. The provider never unpublishes a version by itself.'
  );
}

/**
 * Whether the version is published, asked after a 409 (a 409 also means a duplicate name). When it cannot be read, the
 * error says both what was refused and why the reason is not known, instead of guessing either way.
 */
async function isPublished(client: VersoriClient, at: VersionAddress, subject: string, refused: VersoriApiError): Promise<boolean> {
  try {
    return (await client.versions.getVersion(at, subject)).publishedAt !== null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${refused.message}; reading version "${at.versionName}" of connector ${at.connectorId} to tell whether it is published ` +
        `(a published version refuses every change) failed too: ${reason}`,
    );
  }
}

/**
 * Runs a write to an object of the version; a 409 the version's published state explains becomes the sentence above
 * (one extra request, on that failure only), unless `whenPublished` gives what to return instead.
 */
export async function whileDraft<T>(
  client: VersoriClient,
  at: VersionAddress,
  subject: string,
  what: string,
  write: () => Promise<T>,
  whenPublished: () => T | undefined = () => undefined,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof VersoriApiError && error.status === 409 && (await isPublished(client, at, subject, error))) {
      const instead = whenPublished();
      if (instead !== undefined) return instead;
      throw new Error(frozenVersionMessage(subject, at, what));
    }
    throw error;
  }
}

/** A warning the user sees in the engine's output (and in the provider's log). */
export function warn(ctx: ProviderContext, message: string): void {
  ctx.log(`versori: warning: ${message}`);
  void pulumi.log.warn(message);
}

/**
 * Deletes an object of the version. One already gone counts as deleted (once the organisation is seen to exist). In a
 * published version the object cannot go (409): that is an error saying why and what to do, never a silent success
 * that would leave the object on the platform and drop it from the state. `refused` turns other refusals (a
 * definition's 412) into a sentence.
 */
export async function deleteVersionChild(
  ctx: ProviderContext,
  at: ChildAddress,
  subject: string,
  request: () => Promise<unknown>,
  refused: (error: VersoriApiError) => Error | undefined = () => undefined,
): Promise<void> {
  try {
    await whileDraft(ctx.client, at, subject, 'deleted', () => readOrGone(ctx.client, subject, request));
  } catch (error) {
    throw error instanceof VersoriApiError ? (refused(error) ?? error) : error;
  }
}

/**
 * Adopt the existing object these inputs address instead of creating one, and bring it to the inputs. What the
 * `import` option sets (Pulumi's own import does not work for dynamic resources). Only read on create.
 */
export const adoptField = input(z.boolean().optional(), { notCompared: true });

/**
 * The registration of an object its inputs address (`keys`, the parts of its resource id): the `import` option becomes
 * `adopt: true` once its id is seen to name the object the inputs name.
 */
export function addressedRegistration(
  kind: string,
  keys: readonly string[],
  props: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions | undefined,
  secretOutputs: readonly string[] = [],
): Registration {
  return registrationOf(props, opts, { input: 'adopt', addressedBy: { kind, keys } }, secretOutputs);
}

/** The registration of an object of a version (import id `<connectorId>/<versionName>/<name>`). */
export function versionChildRegistration(
  kind: string,
  props: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions | undefined,
  secretOutputs: readonly string[] = [],
): Registration {
  return addressedRegistration(kind, ['connectorId', 'versionName', 'name'], props, opts, secretOutputs);
}
