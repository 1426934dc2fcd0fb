// The inputs of a Connector: each property's schema, diff rule and secrecy in one table, the single source of the
// zod schema, the diff, the Args type and the input table in docs/resources.md.
import { z } from 'zod';
import { Category } from '../../api/versions';
import { changedKeys, compareValue, isUnknown } from '../diff';
import { declaredKind, input, shapeOf } from '../declare';
import { DatasetId, NonEmptyString, SecureUrl, UlidField, Variables, WebUrl } from '../fields';

export const connectorFields = {
  /** Display name of the connector. */
  name: input(NonEmptyString),
  /** `http` (default) or `bigquery`. Changing it replaces the connector. */
  protocol: input(z.enum(['http', 'bigquery']).optional(), { replace: true, absentMeans: 'http' }),
  /** Base URL of the system the connector talks to (protocol `http`). https, or http on loopback. */
  baseUrl: input(SecureUrl.optional()),
  /** `<project_id>.<dataset_name>` (protocol `bigquery`). */
  datasetId: input(DatasetId.optional()),
  /** Link to the system's documentation. */
  documentationURL: input(WebUrl.optional()),
  /** Link to an image (logo) for the connector. */
  imageURL: input(WebUrl.optional()),
  /** Whether the connector is visible to other organisations. Default false. */
  public: input(z.boolean().optional(), { absentMeans: false }),
  /** Free-form tags. */
  tags: input(z.record(z.string(), z.string()).optional(), { absentMeans: {} }),
  /**
   * Categories of the connector, in any order, duplicates collapsed. Write-only: the API never returns them, so they
   * are compared with the value last applied, never with what a refresh reads. Absent: none (`[]`).
   */
  categories: input(z.array(Category).optional(), {
    absentMeans: [],
    compare: (oldValue, newValue, path) => compareValue(categorySet(oldValue), categorySet(newValue), path, false),
  }),
  /**
   * Default variables copied into every new connection. When set and changed, the update also rewrites the
   * variables of every existing connection of the connector (the API's behaviour). Absent: not managed.
   */
  connectionVariables: input(Variables.optional(), { unmanagedWhenAbsent: true }),
  /** Delete even while the connector is in use (sends `force=true`). */
  forceDelete: input(z.boolean().optional(), { absentMeans: false }),
  /**
   * Adopt the existing connector with this id instead of creating one, then bring it to these inputs. (Pulumi's
   * `import` option does not work for dynamic resources.) Only read on create.
   */
  adoptId: input(UlidField.optional(), { notCompared: true }),
};

export type ConnectorKey = keyof typeof connectorFields;

/** Categories as the platform keeps them: a set (duplicates collapsed), here in a stable order. */
export function uniqueCategories(categories: readonly Category[] | undefined): Category[] {
  return [...new Set(categories ?? [])].sort();
}

function categorySet(value: unknown): unknown {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? uniqueCategories(value as Category[]) : value;
}

/** Inputs of a Connector. */
export const ConnectorInputs = z
  .object(shapeOf(connectorFields))
  .strict()
  .superRefine((value, ctx) => {
    const protocol = value.protocol ?? 'http';
    if (isUnknown(protocol)) return;
    if (protocol === 'http') {
      if (value.baseUrl === undefined) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'required for protocol "http"' });
      if (value.datasetId !== undefined) ctx.addIssue({ code: 'custom', path: ['datasetId'], message: 'only for protocol "bigquery"' });
    } else {
      if (value.datasetId === undefined) ctx.addIssue({ code: 'custom', path: ['datasetId'], message: 'required for protocol "bigquery"' });
      if (value.baseUrl !== undefined) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'only for protocol "http"' });
    }
  });
export type ConnectorInputs = z.infer<typeof ConnectorInputs>;

/** Properties the provider computes: the computed part of the state, as every step that reads it parses it. */
export const ConnectorComputed = z.object({
  connectorId: z.string(),
  organisationId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectorComputed = z.infer<typeof ConnectorComputed>;

export const COMPUTED_KEYS = ConnectorComputed.keyof().options;

export type ConnectorOutputs = ConnectorInputs & ConnectorComputed & { readonly protocol: 'http' | 'bigquery' };

const declared = declaredKind('Connector', connectorFields, ConnectorInputs, COMPUTED_KEYS);

export const diffConnector = declared.diff;

export const connectorDiff = declared.kindDiff;

/** The inputs that changed between the last applied ones and these. */
export function changedConnectorInputs(olds: Record<string, unknown>, news: Record<string, unknown>): ReadonlySet<ConnectorKey> {
  return changedKeys<ConnectorKey>(diffConnector(olds, news));
}

/** What `check` validates against: the schema, the keys the provider computes and the keys that may hold secrets. */
export const INPUT_RULES = declared.rules;
