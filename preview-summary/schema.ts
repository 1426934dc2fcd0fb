// The parts of `pulumi preview --json` output the summary relies on, as zod schemas. Everything else the engine
// prints (config, durations, states' metadata) is left out of the parse and never shown.
import { z } from 'zod';

/** Inputs or outputs of a resource: secrets are the string "[secret]", unknowns the engine's unknown sentinel. */
export const PropertyValues = z.record(z.string(), z.unknown());
export type PropertyValues = z.infer<typeof PropertyValues>;

export const ResourceState = z.object({
  urn: z.string(),
  type: z.string(),
  id: z.string().optional(),
  inputs: PropertyValues.optional(),
  outputs: PropertyValues.optional(),
  /** Top-level properties the resource asked the engine to keep secret in its outputs. */
  additionalSecretOutputs: z.array(z.string()).nullish(),
});
export type ResourceState = z.infer<typeof ResourceState>;

/** One entry of a step's `detailedDiff`, keyed by property path (`credentials.action`, `tags["a.b"]`, `list[0]`). */
export const PropertyDiff = z.object({
  /** add, add-replace, delete, delete-replace, update or update-replace. */
  kind: z.string(),
  /** False when the difference is between old outputs and new inputs rather than between inputs. */
  inputDiff: z.boolean().optional(),
});
export type PropertyDiff = z.infer<typeof PropertyDiff>;

export const Step = z.object({
  /** same, create, update, delete, replace, create-replacement, delete-replaced, read, import, refresh, discard… */
  op: z.string(),
  urn: z.string(),
  oldState: ResourceState.nullish(),
  newState: ResourceState.nullish(),
  diffReasons: z.array(z.string()).nullish(),
  replaceReasons: z.array(z.string()).nullish(),
  /** Null when the provider gave no detailed diff. */
  detailedDiff: z.record(z.string(), PropertyDiff).nullish(),
});
export type Step = z.infer<typeof Step>;

export const Diagnostic = z.object({
  urn: z.string().optional(),
  message: z.string(),
  /** error, warning, info, info#err, debug. */
  severity: z.string(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

export const PreviewJson = z
  .object({
    steps: z.array(Step).optional(),
    diagnostics: z.array(Diagnostic).optional(),
    changeSummary: z.record(z.string(), z.number()).optional(),
  })
  .refine((preview) => preview.steps !== undefined || preview.diagnostics !== undefined, {
    message: 'has neither "steps" nor "diagnostics"',
  });
export type PreviewJson = z.infer<typeof PreviewJson>;

/** Input that is not the output of `pulumi preview --json` or `pulumi refresh --preview-only --json`; the message says what is wrong with it. */
export class PreviewInputError extends Error {}

const COMMANDS = '`pulumi preview --json` or `pulumi refresh --preview-only --json`';
const EXPECTED = `expected the output of ${COMMANDS}`;

/** Parses the text either command printed (they print the same document); throws a PreviewInputError for anything else. */
export function parsePreviewJson(text: string): PreviewJson {
  if (text.trim() === '') throw new PreviewInputError(`the input is empty (${EXPECTED})`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PreviewInputError(`the input is not JSON (${EXPECTED}): ${reason}`);
  }
  const result = PreviewJson.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 3)
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    throw new PreviewInputError(`the input is JSON but not the output of ${COMMANDS}: ${issues.join('; ')}`);
  }
  return result.data;
}
