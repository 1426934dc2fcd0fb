// The ConnectorVersion's lifecycle: check → diff → create → read → update → delete, and how its inputs map to the API.
import type { ConnectorVersion } from '../../api/versions';
import type { VersoriClient } from '../client';
import { driftedInputs } from '../diff';
import { compact, computedStateOf, existingToAdopt, isImport, judgedBy, Lifecycle, outputsOf, parseInputs, Props, readOrGone } from '../lifecycle';
import { HOST_KEYS, withoutKeys } from '../validation';
import type { VersionAddress } from '../version-endpoints';
import { endVersion, handlingConflict, putVersion, versionAddressOf, versionIdOf, versionSubject } from './shared';
import {
  changedConnectorVersionInputs,
  COMPUTED_KEYS,
  ConnectorVersionComputed,
  connectorVersionDiff,
  ConnectorVersionInputs,
  diffConnectorVersion,
  INPUT_RULES,
} from './inputs';

const subjectOf = (name: unknown): string => versionSubject('ConnectorVersion', name);

/** Outputs: the inputs exactly as applied (what the engine compares to render previews), and the computed fields. */
function toOutputs(inputs: Props, version: Pick<ConnectorVersion, 'id' | 'createdAt'>): Props {
  return outputsOf(inputs, COMPUTED_KEYS, { versionId: version.id, createdAt: version.createdAt });
}

const RECENT_MS = 10 * 60 * 1000;

/** POST, exactly once: after an uncertain outcome, a version of that name made in the last minutes is this one. */
function createVersion(client: VersoriClient, inputs: ConnectorVersionInputs): Promise<ConnectorVersion> {
  const subject = subjectOf(inputs.name);
  const at: VersionAddress = { connectorId: inputs.connectorId, versionName: inputs.name };
  const started = Date.now();
  return client.createOnce<ConnectorVersion>({
    subject,
    // A 409 that follows no uncertain attempt is someone else's version: no adoption (the lookup finds ours first).
    create: () =>
      handlingConflict(
        () => client.versions.createVersion(inputs.connectorId, compact({ name: inputs.name, fromVersion: inputs.fromVersion }), subject),
        async (error) => {
          throw new Error(
            `${subject} already exists in connector ${inputs.connectorId} (409: ${error.apiMessage}): ` +
              'choose another name, adopt it (`adopt: true`, or the `import` option), or delete that version first.',
          );
        },
      ),
    lookup: async () => {
      const existing = await readOrGone(client, subject, () => client.versions.getVersion(at, subject));
      if (existing === undefined) return undefined;
      const matches = Date.parse(existing.createdAt) >= started - RECENT_MS && existing.publishedAt === null;
      return { value: existing, matches, description: `version "${existing.name}" of connector ${inputs.connectorId}` };
    },
  });
}

/**
 * Adoption: the existing version of that name, read (none: an error), and brought to the declared description with
 * one PUT when it differs; `fromVersion` seeds a new version only and is not used. A published version's description
 * cannot change.
 */
async function adoptVersion(client: VersoriClient, inputs: ConnectorVersionInputs, at: VersionAddress, subject: string): Promise<ConnectorVersion> {
  const existing = await existingToAdopt(
    () => client.versions.getVersion(at, subject),
    `${subject}: there is no version "${at.versionName}" of connector ${at.connectorId} to adopt`,
  );
  if ((existing.description ?? '') === (inputs.description ?? '')) return existing;
  if (existing.publishedAt !== null) throw publishedError(subject, at, 'its description cannot change to the declared one');
  return putVersion(client, at, existing, { description: inputs.description }, subject);
}

function publishedError(subject: string, at: VersionAddress, what: string): Error {
  return new Error(
    `${subject} of connector ${at.connectorId} is published, so ${what}. Remove (or destroy) its ` +
      'ConnectorVersionPublication first (that unpublishes it, possible only while no other Versori product subscribes ' +
      'to it), or create a new version instead.',
  );
}

export const connectorVersionLifecycle: Lifecycle = {
  ...judgedBy(INPUT_RULES, diffConnectorVersion),

  async create(ctx, props) {
    const inputs = parseInputs(ConnectorVersionInputs, props, subjectOf(props.name), COMPUTED_KEYS);
    const subject = subjectOf(inputs.name);
    const at: VersionAddress = { connectorId: inputs.connectorId, versionName: inputs.name };
    if (inputs.adopt === true) return { id: versionIdOf(at), outs: toOutputs(props, await adoptVersion(ctx.client, inputs, at, subject)) };
    let version = await createVersion(ctx.client, inputs);
    // The API takes no description on create: a PUT of the version just returned sets it.
    if (inputs.description !== undefined && inputs.description !== '' && version.description !== inputs.description) {
      version = await putVersion(ctx.client, at, version, { description: inputs.description }, subject);
    }
    return { id: versionIdOf(at), outs: toOutputs(props, version) };
  },

  async read(ctx, id, props) {
    const at = versionAddressOf(id);
    const subject = subjectOf(at.versionName);
    const version = await readOrGone(ctx.client, subject, () => ctx.client.versions.getVersion(at, subject));
    if (version === undefined) return { id: '', props: {} };
    // `fromVersion` cannot be read back: it stays as last applied.
    const platform = { connectorId: at.connectorId, name: version.name, description: version.description };
    const previous = withoutKeys(props ?? {}, [...HOST_KEYS, ...COMPUTED_KEYS]);
    const inputs = isImport(props, 'name') ? compact(platform) : driftedInputs(previous, { ...previous, ...platform }, connectorVersionDiff);
    return { id, props: toOutputs(inputs, version), inputs };
  },

  async update(ctx, id, olds, news) {
    const recorded = computedStateOf('ConnectorVersion', ConnectorVersionComputed, olds);
    const inputs = parseInputs(ConnectorVersionInputs, news, subjectOf(news.name), COMPUTED_KEYS);
    // Only the description is updated in place; a changed `fromVersion` is recorded and changes nothing.
    if (!changedConnectorVersionInputs(olds, news).has('description')) return { outs: outputsOf(news, COMPUTED_KEYS, recorded) };
    const at = versionAddressOf(id);
    const subject = subjectOf(at.versionName);
    // Read first: the copy in the state can be stale (publishing moves `publishedAt` and `isLatest`), and the PUT
    // must carry the stored values of every read-only field.
    const current = await ctx.client.versions.getVersion(at, subject);
    if (current.publishedAt !== null && (current.description ?? '') !== (inputs.description ?? '')) {
      throw publishedError(subject, at, 'its description cannot change');
    }
    const updated = await putVersion(ctx.client, at, current, { description: inputs.description }, subject);
    return { outs: toOutputs(news, updated) };
  },

  async delete(ctx, id) {
    // Never `force`: deleting a published version would pull it from under what subscribes to it.
    await endVersion(
      ctx.client,
      id,
      subjectOf,
      (at, subject) => ctx.client.versions.deleteVersion(at, false, subject),
      async (error, at, subject) => {
        throw publishedError(subject, at, `Versori refused to delete it (409: ${error.apiMessage})`);
      },
    );
  },
};
