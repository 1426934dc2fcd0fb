// The inputs of a ConnectorVersionPublication: each property's schema, diff rule and secrecy in one table, the single
// source of the zod schema, the diff, the Args type and the input table in docs/resources.md.
import { z } from 'zod';
import { Message } from '../../api/schemas';
import { VersionName } from '../../api/versions';
import { declaredKind, input, shapeOf } from '../declare';
import { UlidField } from '../fields';
import { adoptField } from '../version-child';

export const connectorVersionPublicationFields = {
  /** The connector of the version. Changing it replaces the publication. */
  connectorId: input(UlidField, { replace: true }),
  /** The name of the version to publish. Changing it publishes that version and unpublishes this one. */
  versionName: input(VersionName, { replace: true }),
  /** Make this the connector's default version (what the `default` alias names). Default false: default = latest. */
  isDefault: input(z.boolean().optional(), { absentMeans: false }),
  /** Adopt the version's existing publication (or publish the draft) instead of publishing it. Only read on create. */
  adopt: adoptField,
};

/** Inputs of a ConnectorVersionPublication. */
export const ConnectorVersionPublicationInputs = z.object(shapeOf(connectorVersionPublicationFields)).strict();
export type ConnectorVersionPublicationInputs = z.infer<typeof ConnectorVersionPublicationInputs>;

/** Properties the provider computes. (`isLatest` changes whenever another version is published: not an output.) */
export const ConnectorVersionPublicationComputed = z.object({
  /** The version's ULID. */
  versionId: z.string(),
  /** When the version was published. */
  publishedAt: z.string(),
  /** The warnings the platform found in the version's actions and triggers when it published it. */
  messages: z.array(Message),
});
export type ConnectorVersionPublicationComputed = z.infer<typeof ConnectorVersionPublicationComputed>;

export const COMPUTED_KEYS = ConnectorVersionPublicationComputed.keyof().options;

const declared = declaredKind('ConnectorVersionPublication', connectorVersionPublicationFields, ConnectorVersionPublicationInputs, COMPUTED_KEYS);

export const diffConnectorVersionPublication = declared.diff;

export const connectorVersionPublicationDiff = declared.kindDiff;

/** What `check` validates against: the schema and the keys the provider computes. */
export const INPUT_RULES = declared.rules;
