// The inputs of a ConnectorVersion: each property's schema, diff rule and secrecy in one table, the single source of
// the zod schema, the diff, the Args type and the input table in docs/resources.md.
import { z } from 'zod';
import { VersionName } from '../../api/versions';
import { declaredKind, input, shapeOf } from '../declare';
import { changedKeys } from '../diff';
import { UlidField } from '../fields';
import { adoptField } from '../version-child';

export const connectorVersionFields = {
  /** The connector the version belongs to. Changing it replaces the version. */
  connectorId: input(UlidField, { replace: true }),
  /** The version's name ("1.2.0", "2024-06"): non-empty, no "/", not "latest" or "default". Changing it replaces the version. */
  name: input(VersionName, { replace: true }),
  /** What changed in this version. Only a draft's description can change (set by a PUT after the create). */
  description: input(z.string().optional(), { absentMeans: '' }),
  /**
   * Creation-time seed: the name (or alias) of a version of the same connector to copy definitions, actions and
   * triggers from. Never read back; changing it later changes nothing (replacing would destroy the version).
   */
  fromVersion: input(z.string().min(1, 'must not be empty').optional(), { notCompared: true }),
  /** Adopt the existing version of this name instead of creating one (what the `import` option sets). Only read on create. */
  adopt: adoptField,
};

export type ConnectorVersionKey = keyof typeof connectorVersionFields;

/** Inputs of a ConnectorVersion. */
export const ConnectorVersionInputs = z.object(shapeOf(connectorVersionFields)).strict();
export type ConnectorVersionInputs = z.infer<typeof ConnectorVersionInputs>;

/**
 * Properties the provider computes. `updatedAt`, `isLatest` and `publishedAt` change behind the resource's back (a
 * child's change, a publication), so they are not outputs: a ConnectorVersionPublication reports `publishedAt`.
 */
export const ConnectorVersionComputed = z.object({
  /** The version's ULID (internal: the API addresses versions by name). */
  versionId: z.string(),
  createdAt: z.string(),
});
export type ConnectorVersionComputed = z.infer<typeof ConnectorVersionComputed>;

export const COMPUTED_KEYS = ConnectorVersionComputed.keyof().options;

const declared = declaredKind('ConnectorVersion', connectorVersionFields, ConnectorVersionInputs, COMPUTED_KEYS);

export const diffConnectorVersion = declared.diff;

export const connectorVersionDiff = declared.kindDiff;

/** The inputs that changed between the last applied ones and these. */
export function changedConnectorVersionInputs(olds: Record<string, unknown>, news: Record<string, unknown>): ReadonlySet<ConnectorVersionKey> {
  return changedKeys<ConnectorVersionKey>(diffConnectorVersion(olds, news));
}

/** What `check` validates against: the schema and the keys the provider computes. */
export const INPUT_RULES = declared.rules;
