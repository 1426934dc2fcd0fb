// The ConnectorVersionPublication's lifecycle: check → diff → create → read → update → delete. Creating it publishes
// the version, deleting it unpublishes the version; `isDefault` is the version's, set by a PUT.
import type { Message } from '../../api/schemas';
import type { ConnectorVersion } from '../../api/versions';
import { VersoriApiError, type VersoriClient } from '../client';
import { endVersion, handlingConflict, putVersion, versionAddressOf, versionIdOf, versionSubject } from '../connector-version/shared';
import { driftedInputs } from '../diff';
import { compact, computedStateOf, existingToAdopt, isImport, judgedBy, Lifecycle, outputsOf, parseInputs, Props, readOrGone, recordedField } from '../lifecycle';
import { HOST_KEYS, withoutKeys } from '../validation';
import type { VersionAddress } from '../version-endpoints';
import {
  COMPUTED_KEYS,
  ConnectorVersionPublicationComputed,
  connectorVersionPublicationDiff,
  ConnectorVersionPublicationInputs,
  diffConnectorVersionPublication,
  INPUT_RULES,
} from './inputs';

const subjectOf = (versionName: unknown): string => versionSubject('ConnectorVersionPublication', versionName);

/** Outputs: the inputs exactly as applied, and the computed fields (`messages` come from the publish only). */
function toOutputs(inputs: Props, version: ConnectorVersion, messages: readonly Message[]): Props {
  return outputsOf(inputs, COMPUTED_KEYS, { versionId: version.id, publishedAt: version.publishedAt ?? undefined, messages });
}

/** POST publish, with the platform's refusals turned into sentences saying what to do. */
async function publish(client: VersoriClient, at: VersionAddress, subject: string): Promise<ConnectorVersion> {
  const request = () =>
    handlingConflict(
      () => client.versions.publish(at, subject),
      async (error) => {
        throw new Error(
          `Version "${at.versionName}" of connector ${at.connectorId} is already published (409: ${error.apiMessage}), ` +
            'outside this resource. Unpublish it there (or remove the resource that published it), then run `pulumi up` again.',
        );
      },
    );
  try {
    return await request();
  } catch (error) {
    if (!(error instanceof VersoriApiError && error.status === 400 && error.fields.length > 0)) throw error;
    const problems = error.fields.map((f) => `  ${f.field}: ${f.message}`).join('\n');
    throw new Error(
      `Versori refused to publish version "${at.versionName}" of connector ${at.connectorId} (400: ${error.apiMessage}):\n${problems}\n` +
        "Fix these in the version's actions, triggers or definitions, then run `pulumi up` again.",
    );
  }
}

/** The version as it is now, refusing one that is no longer published (someone unpublished it). */
async function publishedVersion(client: VersoriClient, at: VersionAddress, subject: string): Promise<ConnectorVersion> {
  const current = await client.versions.getVersion(at, subject);
  if (current.publishedAt === null) {
    throw new Error(
      `Version "${at.versionName}" of connector ${at.connectorId} is no longer published (it was unpublished outside ` +
        'Pulumi). Run `pulumi refresh`, then `pulumi up` publishes it again.',
    );
  }
  return current;
}

/**
 * Adoption: the existing version, read (none: an error). A draft is published; a published version is adopted as it
 * is (the messages of its publish are not known then: none are recorded).
 */
async function adoptPublication(client: VersoriClient, at: VersionAddress, subject: string): Promise<ConnectorVersion> {
  const existing = await existingToAdopt(
    () => client.versions.getVersion(at, subject),
    `${subject}: there is no version "${at.versionName}" of connector ${at.connectorId} to adopt the publication of`,
  );
  return existing.publishedAt === null ? publish(client, at, subject) : { ...existing, messages: [] };
}

export const connectorVersionPublicationLifecycle: Lifecycle = {
  ...judgedBy(INPUT_RULES, diffConnectorVersionPublication),

  async create(ctx, props) {
    const inputs = parseInputs(ConnectorVersionPublicationInputs, props, subjectOf(props.versionName), COMPUTED_KEYS);
    const at: VersionAddress = { connectorId: inputs.connectorId, versionName: inputs.versionName };
    const subject = subjectOf(at.versionName);
    const published = await (inputs.adopt === true ? adoptPublication : publish)(ctx.client, at, subject);
    // Publishing leaves `isDefault` as it was (false: only a published version can hold it); an adopted one may hold it.
    const isDefault = inputs.isDefault ?? false;
    const version = published.isDefault === isDefault ? published : await putVersion(ctx.client, at, published, { isDefault }, subject);
    return { id: versionIdOf(at), outs: toOutputs(props, version, published.messages ?? []) };
  },

  async read(ctx, id, props) {
    const at = versionAddressOf(id);
    const subject = subjectOf(at.versionName);
    const version = await readOrGone(ctx.client, subject, () => ctx.client.versions.getVersion(at, subject));
    // An unpublished version has no publication any more: the next `up` publishes it again.
    if (version === undefined || version.publishedAt === null) return { id: '', props: {} };
    const platform = { connectorId: at.connectorId, versionName: version.name, isDefault: version.isDefault };
    const previous = withoutKeys(props ?? {}, [...HOST_KEYS, ...COMPUTED_KEYS]);
    const inputs = isImport(props, 'versionName')
      ? compact({ ...platform, isDefault: version.isDefault || undefined })
      : driftedInputs(previous, { ...previous, ...platform }, connectorVersionPublicationDiff);
    // The messages come from the publish only: a state without them (another release's) refreshes without them.
    const messages = recordedField(ConnectorVersionPublicationComputed, props, 'messages') ?? [];
    return { id, props: toOutputs(inputs, version, messages), inputs };
  },

  async update(ctx, id, olds, news) {
    const recorded = computedStateOf('ConnectorVersionPublication', ConnectorVersionPublicationComputed, olds);
    const inputs = parseInputs(ConnectorVersionPublicationInputs, news, subjectOf(news.versionName), COMPUTED_KEYS);
    const at = versionAddressOf(id);
    const subject = subjectOf(at.versionName);
    // `isDefault` is the one in-place input. Read first: the copy in the state can be stale (another publication
    // moves `isLatest`, another default clears `isDefault`), and the PUT must carry the stored read-only fields.
    const current = await publishedVersion(ctx.client, at, subject);
    const isDefault = inputs.isDefault ?? false;
    const version = current.isDefault === isDefault ? current : await putVersion(ctx.client, at, current, { isDefault }, subject);
    return { outs: toOutputs(news, version, recorded.messages) };
  },

  async delete(ctx, id) {
    const client = ctx.client;
    await endVersion(
      client,
      id,
      subjectOf,
      (at, subject) => client.versions.unpublish(at, subject),
      async (error, at, subject) => {
        // 409 is also the answer for a draft: then it was unpublished already, which is what was asked.
        const now = await readOrGone(client, subject, () => client.versions.getVersion(at, subject));
        if (now === undefined || now.publishedAt === null) return;
        throw new Error(
          `Version "${at.versionName}" of connector ${at.connectorId} has subscriptions in other Versori products ` +
            `(such as Switchboard), so Versori refused to unpublish it (409: ${error.apiMessage}); nothing was changed. ` +
            'Remove what subscribes to it (unpublish the boards that use this version), then delete again.',
        );
      },
    );
  },
};
