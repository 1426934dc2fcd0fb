// The computed part of an Action's or a Trigger's state: its ULID under the kind's own key, the platform's validation
// result and the definitions its links embed; every step that reads it parses it with these schemas.
import { z } from 'zod';
import { OperationError } from '../../api/versions';

/** The definition a link embeds, as last read: what an update sends back. */
export const LinkedDefinition = z.object({ id: z.string(), name: z.string(), accept: z.array(z.string()), url: z.string() });
export type LinkedDefinition = z.infer<typeof LinkedDefinition>;

/** What the platform computes for an Action and a Trigger alike. */
export const OperationComputed = z.object({
  /** The platform's validation result: an `error` entry blocks publishing the version. Never causes a diff. */
  errors: z.array(OperationError),
  /** The definitions the links embed, as last read (by name). */
  linkedDefinitions: z.array(LinkedDefinition),
});
export type OperationComputed = z.infer<typeof OperationComputed>;

/** The computed part of a kind's state, `idKey` (`actionId`, `triggerId`) holding the object's ULID. */
export function operationComputedOf<K extends string>(idKey: K) {
  const id = { [idKey]: z.string() } as Record<K, z.ZodString>;
  return z.object({ ...id, ...OperationComputed.shape });
}
