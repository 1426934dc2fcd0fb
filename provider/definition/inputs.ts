// The inputs of a Definition: each property's schema, diff rule and secrecy in one table, the single source of the zod
// schema, the diff and the Args type. Also the computed output types.
import { z } from 'zod';
import { DEFINITION_NAME_PATTERN } from '../../api/versions';
import { declaredKind, input, shapeOf } from '../declare';
import { isUnknown } from '../diff';
import { NonEmptyString } from '../fields';
import { adoptField, versionAddressFields } from '../version-child';

const MEDIA_TYPE = /^[^\s/;]+\/[^\s/;]+$/;

/** A definition's name: what actions and triggers link, and the key of its path. */
export const DefinitionName = z.string().regex(DEFINITION_NAME_PATTERN, 'must match ^[a-zA-Z0-9_-]+$ (letters, digits, "_" and "-")');

const JSON_SCHEMA = 'application/schema+json';

/** The schema document; JSON Schema text must parse as JSON (the API refuses it otherwise). */
const SchemaInput = z
  .object({
    /** MIME type of the document itself, e.g. "application/schema+json", "application/schema+yaml", "text/xml". */
    contentType: NonEmptyString,
    content: z.string(),
  })
  .strict()
  .superRefine((schema, ctx) => {
    if (isUnknown(schema.content) || (schema.contentType.split(';')[0] ?? '').trim().toLowerCase() !== JSON_SCHEMA) return;
    try {
      JSON.parse(schema.content);
    } catch (error) {
      const reason = error instanceof Error ? `: ${error.message}` : '';
      ctx.addIssue({ code: 'custom', path: ['content'], message: `must be JSON, as contentType is ${JSON_SCHEMA}${reason}` });
    }
  });

export const definitionFields = {
  ...versionAddressFields,
  /** Unique in the version; what actions and triggers link. Changing it replaces the definition. */
  name: input(DefinitionName, { replace: true }),
  /** Media types of the data the schema describes, e.g. ["application/json"]. */
  accept: input(z.array(z.string().regex(MEDIA_TYPE, 'must be a media type (type/subtype)')).min(1, 'must list at least one media type')),
  description: input(z.string().optional(), { absentMeans: '' }),
  /** The schema document. Write-only: the API never returns it, so it is compared with the value last applied. */
  schema: input(SchemaInput),
  /** Adopt the existing definition of this name instead of creating one (what the `import` option sets). */
  adopt: adoptField,
};

/** Inputs of a Definition. */
export const DefinitionInputs = z.object(shapeOf(definitionFields)).strict();
export type DefinitionInputs = z.infer<typeof DefinitionInputs>;

/** Properties the provider computes: the computed part of the state, as every step that reads it parses it. */
export const DefinitionComputed = z.object({
  /** The definition's ULID. */
  definitionId: z.string(),
  /** Where the platform serves the schema document; put it in another definition's `$ref`. */
  url: z.string(),
});
export type DefinitionComputed = z.infer<typeof DefinitionComputed>;

export const COMPUTED_KEYS = DefinitionComputed.keyof().options;

const declared = declaredKind('Definition', definitionFields, DefinitionInputs, COMPUTED_KEYS);

export const diffDefinition = declared.diff;

export const definitionDiff = declared.kindDiff;

/** What `check` validates against. */
export const INPUT_RULES = declared.rules;
